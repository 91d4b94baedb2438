from conflictnews.jobexit import exit_job
from conflictnews.steps import run_extract, setup_logging

setup_logging(snakemake.log[0])  # noqa: F821
run_extract(
    snakemake.input.articles,  # noqa: F821
    snakemake.output.docs,  # noqa: F821
    snakemake.output.events,  # noqa: F821
    snakemake.output.entities,  # noqa: F821
    batch_size=snakemake.params.batch_size,  # noqa: F821
    n_process=snakemake.threads,  # noqa: F821
)
exit_job()  # the outputs are written: skip the interpreter's teardown

from conflictnews.jobexit import exit_job
from conflictnews.steps import run_clean, setup_logging

setup_logging(snakemake.log[0])  # noqa: F821
run_clean(
    snakemake.input.articles,  # noqa: F821
    snakemake.params.clean,  # noqa: F821
    snakemake.output.articles,  # noqa: F821
    snakemake.output.quarantine,  # noqa: F821
)
exit_job()  # the outputs are written: skip the interpreter's teardown

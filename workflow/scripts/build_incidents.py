from conflictnews.jobexit import exit_job
from conflictnews.steps import run_incidents, setup_logging

setup_logging(snakemake.log[0])  # noqa: F821
run_incidents(
    list(snakemake.input.events),  # noqa: F821
    snakemake.input.articles,  # noqa: F821
    snakemake.input.links,  # noqa: F821
    snakemake.params.incidents,  # noqa: F821
    snakemake.output.events,  # noqa: F821
    snakemake.output.incidents,  # noqa: F821
)
exit_job()  # the outputs are written: skip the interpreter's teardown

from conflictnews.jobexit import exit_job
from conflictnews.steps import run_contested, setup_logging

setup_logging(snakemake.log[0])  # noqa: F821
run_contested(
    snakemake.input.incidents,  # noqa: F821
    snakemake.input.events,  # noqa: F821
    list(snakemake.input.claims),  # noqa: F821
    snakemake.output.incidents,  # noqa: F821
)
exit_job()  # the outputs are written: skip the interpreter's teardown

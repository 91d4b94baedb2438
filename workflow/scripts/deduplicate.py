from conflictnews.jobexit import exit_job
from conflictnews.steps import run_dedup, setup_logging

setup_logging(snakemake.log[0])  # noqa: F821
run_dedup(
    list(snakemake.input.articles),  # noqa: F821
    snakemake.params.dedup,  # noqa: F821
    snakemake.output.articles,  # noqa: F821
    snakemake.output.links,  # noqa: F821
    in_signatures=list(snakemake.input.signatures),  # noqa: F821
)
exit_job()  # the outputs are written: skip the interpreter's teardown

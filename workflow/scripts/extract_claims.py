from conflictnews.jobexit import exit_job
from conflictnews.steps import run_extract_claims, setup_logging

setup_logging(snakemake.log[0])  # noqa: F821
run_extract_claims(
    snakemake.input.articles,  # noqa: F821
    snakemake.input.docs,  # noqa: F821
    snakemake.input.events,  # noqa: F821
    snakemake.output.claims,  # noqa: F821
)
exit_job()  # the outputs are written: skip the interpreter's teardown

from conflictnews.jobexit import exit_job
from conflictnews.steps import run_publish, setup_logging

setup_logging(snakemake.log[0])  # noqa: F821
run_publish(
    snakemake.params.staging,  # noqa: F821
    snakemake.params.release_root,  # noqa: F821
    snakemake.params.version,  # noqa: F821
    snakemake.params.released,  # noqa: F821
    snakemake.params.changelog,  # noqa: F821
    snakemake.output[0],  # noqa: F821
)
exit_job()  # the outputs are written: skip the interpreter's teardown

from conflictnews.jobexit import exit_job
from conflictnews.steps import run_release, setup_logging

setup_logging(snakemake.log[0])  # noqa: F821
inputs = {name: list(paths) for name, paths in snakemake.input.items() if name != "qc"}  # noqa: F821
run_release(
    inputs,
    list(snakemake.input.qc),  # noqa: F821
    snakemake.params.out_dir,  # noqa: F821
    config=snakemake.params.config,  # noqa: F821
    threads=snakemake.threads,  # noqa: F821
)
exit_job()  # the outputs are written: skip the interpreter's teardown

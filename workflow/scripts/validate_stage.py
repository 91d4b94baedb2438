from conflictnews.steps import run_validate, setup_logging

setup_logging(snakemake.log[0])  # noqa: F821
inputs = {name: list(paths) for name, paths in snakemake.input.items()}  # noqa: F821
run_validate(snakemake.wildcards.stage, inputs, snakemake.output.qc)  # noqa: F821

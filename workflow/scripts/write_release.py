from conflictnews.steps import run_release, setup_logging

setup_logging(snakemake.log[0])  # noqa: F821
inputs = {name: list(paths) for name, paths in snakemake.input.items() if name != "qc"}  # noqa: F821
run_release(
    inputs,
    list(snakemake.input.qc),  # noqa: F821
    snakemake.params.out_dir,  # noqa: F821
    version=snakemake.params.version,  # noqa: F821
    released=snakemake.params.released,  # noqa: F821
    sources=snakemake.params.sources,  # noqa: F821
)

from conflictnews.steps import run_parse, setup_logging

setup_logging(snakemake.log[0])  # noqa: F821
run_parse(
    snakemake.input.articles,  # noqa: F821
    snakemake.output.docs,  # noqa: F821
    batch_size=snakemake.params.batch_size,  # noqa: F821
    n_process=snakemake.threads,  # noqa: F821
)

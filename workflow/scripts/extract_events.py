from conflictnews.steps import run_extract_events, setup_logging

setup_logging(snakemake.log[0])  # noqa: F821
run_extract_events(
    snakemake.input.articles,  # noqa: F821
    snakemake.input.docs,  # noqa: F821
    snakemake.output.events,  # noqa: F821
    snakemake.output.entities,  # noqa: F821
)

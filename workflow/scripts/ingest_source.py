from conflictnews.jobexit import exit_job
from conflictnews.steps import run_ingest, setup_logging

setup_logging(snakemake.log[0])  # noqa: F821
run_ingest(
    snakemake.params.name,  # noqa: F821
    snakemake.params.source,  # noqa: F821
    snakemake.output.articles,  # noqa: F821
    snakemake.output.quarantine,  # noqa: F821
    max_bytes=snakemake.params.max_bytes,  # noqa: F821
    shard=snakemake.params.shard,  # noqa: F821
)
exit_job()  # the outputs are written: skip the interpreter's teardown

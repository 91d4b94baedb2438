# release: the versioned dataset in release/v{version}/: Parquet tables, Data Package,
# CITATION.cff, dataset card, checksums and the quality results of every stage.


def release_inputs():
    """The released tables' sources, plus the raw ingest tables for row accounting."""
    return {
        "articles": ["results/dedup/articles.parquet"],
        "article_links": ["results/dedup/article_links.parquet"],
        "events": ["results/incidents/events.parquet"],
        "claims": per_source("results/claims/{source}.parquet"),
        "incidents": ["results/incidents/incidents.parquet"],
        "entities": per_source("results/extract/{source}.entities.parquet"),
        "quarantine": per_source("results/ingest/{source}.quarantine.parquet")
        + per_source("results/clean/{source}.quarantine.parquet"),
        "raw_articles": per_source("results/ingest/{source}.parquet"),
        "ingest_quarantine": per_source("results/ingest/{source}.quarantine.parquet"),
    }


def release_table_inputs(wildcards):
    return release_inputs()


rule write_release:
    input:
        unpack(release_table_inputs),
        qc=expand("results/qc/{stage}.json", stage=STAGES),
    output:
        release_files(),
    params:
        version=VERSION,
        released=config["released"],
        sources=SOURCES,
        out_dir=RELEASE_DIR,
    log:
        "logs/write_release/all.log",
    benchmark:
        "benchmarks/write_release/all.tsv"
    script:
        "../scripts/write_release.py"

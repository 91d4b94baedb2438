# Great Expectations gates: one process per stage validates all of that stage's tables and
# writes results/qc/<stage>.json; a hard failure stops every rule downstream.


def stage_tables(wildcards):
    """Tables each stage's gate checks, by table name."""
    tables = {
        "ingest": {
            "raw_articles": per_source("results/ingest/{source}.parquet"),
            "quarantine": per_source("results/ingest/{source}.quarantine.parquet"),
        },
        "clean": {
            "clean_articles": per_source("results/clean/{source}.parquet"),
            "quarantine": per_source("results/clean/{source}.quarantine.parquet"),
        },
        "dedup": {
            "articles": ["results/dedup/articles.parquet"],
            "article_links": ["results/dedup/article_links.parquet"],
        },
        "extract": {
            "events": per_source("results/extract/{source}.events.parquet"),
            "entities": per_source("results/extract/{source}.entities.parquet"),
        },
        "claims": {
            "claims": per_source("results/claims/{source}.parquet"),
            "events": ["results/incidents/events.parquet"],
            "incidents": ["results/incidents/incidents.parquet"],
        },
        "release": release_inputs(),
    }
    return tables[wildcards.stage]


rule validate_stage:
    input:
        unpack(stage_tables),
    output:
        qc="results/qc/{stage}.json",
    log:
        "logs/validate_stage/{stage}.log",
    benchmark:
        "benchmarks/validate_stage/{stage}.tsv"
    script:
        "../scripts/validate_stage.py"

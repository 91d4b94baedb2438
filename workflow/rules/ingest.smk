# ingest: read every enabled source with its reader; unreadable records go to quarantine.


rule ingest_source:
    input:
        raw=raw_files,
    output:
        articles="results/ingest/{source}.parquet",
        quarantine="results/ingest/{source}.quarantine.parquet",
    log:
        "logs/ingest_source/{source}.log",
    benchmark:
        "benchmarks/ingest_source/{source}.tsv"
    params:
        source=source_config,
        max_bytes=lookup(dpath="clean/max_chars", within=config, default=1000000) * 4,
    script:
        "../scripts/ingest_source.py"

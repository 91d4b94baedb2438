# ingest: read every shard of every enabled source with its reader; unreadable records go to
# quarantine. A shard is `<source>/<chunk>` (see shards: in config/config.yaml).


rule ingest_source:
    input:
        raw=shard_files,
    output:
        articles="results/ingest/{shard}.parquet",
        quarantine="results/ingest/{shard}.quarantine.parquet",
    log:
        "logs/ingest_source/{shard}.log",
    benchmark:
        "benchmarks/ingest_source/{shard}.tsv"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=15,
    params:
        code=code_version("run_ingest"),
        name=shard_source,
        source=shard_source_config,
        shard=shard_params,
        max_bytes=lookup(dpath="clean/max_chars", within=config, default=1000000) * 4,
    script:
        "../scripts/ingest_source.py"

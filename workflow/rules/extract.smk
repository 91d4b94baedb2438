# extract: one spaCy pass per shard (cached as a DocBin), then entities and event mentions.


rule parse_source:
    input:
        articles="results/clean/{shard}.parquet",
        gate=ancient("results/qc/clean.json"),
    output:
        docs="results/parse/{shard}.spacy",
    log:
        "logs/parse_source/{shard}.log",
    benchmark:
        "benchmarks/parse_source/{shard}.tsv"
    threads: 2
    resources:
        mem_mb=4000,
        runtime=90,
    params:
        batch_size=lookup(dpath="extract/batch_size", within=config, default=32),
    script:
        "../scripts/parse_source.py"


rule extract_events:
    input:
        articles="results/clean/{shard}.parquet",
        docs="results/parse/{shard}.spacy",
    output:
        events="results/extract/{shard}.events.parquet",
        entities="results/extract/{shard}.entities.parquet",
    log:
        "logs/extract_events/{shard}.log",
    benchmark:
        "benchmarks/extract_events/{shard}.tsv"
    threads: 1
    resources:
        mem_mb=3000,
        runtime=60,
    script:
        "../scripts/extract_events.py"

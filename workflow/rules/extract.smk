# extract: one spaCy pass per source (cached as a DocBin), then entities and event mentions.


rule parse_source:
    input:
        articles="results/clean/{source}.parquet",
        gate="results/qc/clean.json",
    output:
        docs="results/parse/{source}.spacy",
    log:
        "logs/parse_source/{source}.log",
    benchmark:
        "benchmarks/parse_source/{source}.tsv"
    threads: 2
    resources:
        mem_mb=4000,
    params:
        batch_size=lookup(dpath="extract/batch_size", within=config, default=32),
    script:
        "../scripts/parse_source.py"


rule extract_events:
    input:
        articles="results/clean/{source}.parquet",
        docs="results/parse/{source}.spacy",
    output:
        events="results/extract/{source}.events.parquet",
        entities="results/extract/{source}.entities.parquet",
    log:
        "logs/extract_events/{source}.log",
    benchmark:
        "benchmarks/extract_events/{source}.tsv"
    script:
        "../scripts/extract_events.py"

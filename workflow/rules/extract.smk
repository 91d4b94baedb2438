# extract: one spaCy pass per shard (cached as a DocBin), then entities and event mentions.
# The parse runs nlp.pipe with n_process = its threads. One process per shard, shards in
# parallel, costs the least per article (spaCy's worker processes copy every Doc back through
# a pipe); give a build of one large shard more with --set-threads parse_source=4.


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
    threads: 1
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

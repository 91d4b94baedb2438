# extract: one spaCy pass per shard. The job caches the parsed Docs as a DocBin (claims read it
# again) and extracts entities and event mentions from the Docs in memory as they come: no second
# job start-up, no second read of the Docs.
# The parse runs nlp.pipe with n_process = its threads. One process per shard, shards in
# parallel, costs the least per article (spaCy's worker processes copy every Doc back through
# a pipe); give a build of one large shard more with --set-threads extract_source=4.


rule extract_source:
    input:
        articles="results/clean/{shard}.parquet",
    output:
        docs="results/parse/{shard}.spacy",
        events="results/extract/{shard}.events.parquet",
        entities="results/extract/{shard}.entities.parquet",
    log:
        "logs/extract_source/{shard}.log",
    benchmark:
        "benchmarks/extract_source/{shard}.tsv"
    priority: 1  # the long pole: parse first, run gates and small jobs beside it
    threads: 1
    resources:
        mem_mb=4000,
        runtime=120,
    params:
        code=code_version("run_extract"),
        batch_size=lookup(dpath="extract/batch_size", within=config, default=32),
    script:
        "../scripts/extract_source.py"

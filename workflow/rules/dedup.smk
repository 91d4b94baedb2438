# dedup: exact and near duplicates, containment and shared passages, story clusters.
# Signatures (shingles, MinHash) per shard; candidates, verification and stories in one gather.


rule dedup_signatures:
    input:
        articles="results/clean/{shard}.parquet",
    output:
        signatures="results/dedup/signatures/{shard}.parquet",
    log:
        "logs/dedup_signatures/{shard}.log",
    benchmark:
        "benchmarks/dedup_signatures/{shard}.tsv"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=20,
    params:
        code=code_version("run_dedup_signatures"),
        dedup=signature_config(),
    script:
        "../scripts/dedup_signatures.py"


rule deduplicate:
    input:
        articles=per_shard("results/clean/{shard}.parquet"),
        signatures=per_shard("results/dedup/signatures/{shard}.parquet"),
    output:
        articles="results/dedup/articles.parquet",
        links="results/dedup/article_links.parquet",
    log:
        "logs/deduplicate/all.log",
    benchmark:
        "benchmarks/deduplicate/all.tsv"
    priority: 1  # on the path from the parse to the release: before the gates
    threads: 1
    resources:
        mem_mb=8000,
        runtime=60,
    params:
        code=code_version("run_dedup"),
        dedup=lookup(dpath="dedup", within=config, default={}),
    script:
        "../scripts/deduplicate.py"

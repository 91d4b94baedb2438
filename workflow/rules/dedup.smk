# dedup: exact and near duplicates, containment and shared passages, story clusters.


rule deduplicate:
    input:
        articles=per_source("results/clean/{source}.parquet"),
        gate="results/qc/clean.json",
    output:
        articles="results/dedup/articles.parquet",
        links="results/dedup/article_links.parquet",
    log:
        "logs/deduplicate/all.log",
    benchmark:
        "benchmarks/deduplicate/all.tsv"
    params:
        dedup=lookup(dpath="dedup", within=config, default={}),
    script:
        "../scripts/deduplicate.py"

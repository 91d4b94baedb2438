# claims: attributed statements from the cached parse, linked to event mentions; then
# incidents join mentions across articles and mark those whose claims disagree.


rule extract_claims:
    input:
        articles="results/clean/{source}.parquet",
        docs="results/parse/{source}.spacy",
        events="results/extract/{source}.events.parquet",
        gate="results/qc/extract.json",
    output:
        claims="results/claims/{source}.parquet",
    log:
        "logs/extract_claims/{source}.log",
    benchmark:
        "benchmarks/extract_claims/{source}.tsv"
    script:
        "../scripts/extract_claims.py"


rule build_incidents:
    input:
        events=per_source("results/extract/{source}.events.parquet"),
        claims=per_source("results/claims/{source}.parquet"),
        articles="results/dedup/articles.parquet",
        links="results/dedup/article_links.parquet",
        gate="results/qc/dedup.json",
    output:
        events="results/incidents/events.parquet",
        incidents="results/incidents/incidents.parquet",
    log:
        "logs/build_incidents/all.log",
    benchmark:
        "benchmarks/build_incidents/all.tsv"
    params:
        incidents=lookup(dpath="incidents", within=config, default={}),
    script:
        "../scripts/build_incidents.py"

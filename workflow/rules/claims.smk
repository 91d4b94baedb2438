# claims: attributed statements from the cached parse, linked to event mentions. Incidents join
# mentions across articles (build_incidents, beside the claims: it reads no claims); then
# mark_contested marks those whose claims disagree.


rule extract_claims:
    input:
        articles="results/clean/{shard}.parquet",
        docs="results/parse/{shard}.spacy",
        events="results/extract/{shard}.events.parquet",
    output:
        claims="results/claims/{shard}.parquet",
    log:
        "logs/extract_claims/{shard}.log",
    benchmark:
        "benchmarks/extract_claims/{shard}.tsv"
    priority: 1  # on the path from the parse to the release: before the gates
    threads: 1
    resources:
        mem_mb=3000,
        runtime=60,
    params:
        code=code_version("run_extract_claims"),
    script:
        "../scripts/extract_claims.py"


rule build_incidents:
    input:
        events=per_shard("results/extract/{shard}.events.parquet"),
        articles="results/dedup/articles.parquet",
        links="results/dedup/article_links.parquet",
    output:
        events="results/incidents/events.parquet",
        incidents="results/incidents/joined.parquet",
    log:
        "logs/build_incidents/all.log",
    benchmark:
        "benchmarks/build_incidents/all.tsv"
    priority: 1  # on the path from the parse to the release: before the gates
    threads: 1
    resources:
        mem_mb=4000,
        runtime=30,
    params:
        code=code_version("run_incidents"),
        incidents=lookup(dpath="incidents", within=config, default={}),
    script:
        "../scripts/build_incidents.py"


rule mark_contested:
    input:
        incidents="results/incidents/joined.parquet",
        events="results/incidents/events.parquet",
        claims=per_shard("results/claims/{shard}.parquet"),
    output:
        incidents="results/incidents/incidents.parquet",
    log:
        "logs/mark_contested/all.log",
    benchmark:
        "benchmarks/mark_contested/all.tsv"
    priority: 1  # on the path from the parse to the release: before the gates
    threads: 1
    resources:
        mem_mb=2000,
        runtime=30,
    params:
        code=code_version("run_contested"),
    script:
        "../scripts/mark_contested.py"

# clean: normalise text, remove boilerplate, undo tokenization, restore case, infer metadata.


rule clean_source:
    input:
        articles="results/ingest/{shard}.parquet",
    output:
        articles="results/clean/{shard}.parquet",
        quarantine="results/clean/{shard}.quarantine.parquet",
    log:
        "logs/clean_source/{shard}.log",
    benchmark:
        "benchmarks/clean_source/{shard}.tsv"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=30,
    params:
        code=code_version("run_clean"),
        # clean.max_date defaults to the release date (never the clock: reproducible output)
        clean={
            "max_date": config.get("released"),
            **lookup(dpath="clean", within=config, default={}),
        },
    script:
        "../scripts/clean_source.py"

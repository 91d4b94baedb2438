# clean: normalise text, remove boilerplate, undo tokenization, restore case, infer metadata.


rule clean_source:
    input:
        articles="results/ingest/{source}.parquet",
        gate="results/qc/ingest.json",
    output:
        articles="results/clean/{source}.parquet",
        quarantine="results/clean/{source}.quarantine.parquet",
    log:
        "logs/clean_source/{source}.log",
    benchmark:
        "benchmarks/clean_source/{source}.tsv"
    params:
        # clean.max_date defaults to the release date (never the clock: reproducible output)
        clean={"max_date": config.get("released"), **lookup(dpath="clean", within=config, default={})},
    script:
        "../scripts/clean_source.py"

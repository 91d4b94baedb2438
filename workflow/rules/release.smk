# release: the versioned dataset in release/v{version}/: Parquet tables, Data Package,
# CITATION.cff, dataset card, checksums and the quality results of every stage.


rule write_release:
    input:
        unpack(release_table_inputs),
        qc=expand("results/qc/{stage}.json", stage=STAGES),
    output:
        release_files(),
    log:
        "logs/write_release/all.log",
    benchmark:
        "benchmarks/write_release/all.tsv"
    threads: 1
    resources:
        mem_mb=8000,
        runtime=30,
    params:
        config=release_config(),
        out_dir=RELEASE_DIR,
    script:
        "../scripts/write_release.py"

# release: the versioned dataset. write_release builds it in a staging directory in results/
# (Snakemake may delete and rewrite that); publish_release then copies it into
# release/v{version}/ only if that version is new, or checks it is byte-identical if it is
# already published. release/ is never a Snakemake output, so Snakemake never deletes it.


rule write_release:
    input:
        unpack(release_table_inputs),
        qc=expand("results/qc/{stage}.json", stage=STAGES),
    output:
        release_staging_files(),
        report(
            f"{RELEASE_STAGING}/report.html",
            caption="../report/release.rst",
            category="Quality",
            labels={"file": "report.html"},
        ),
    log:
        "logs/write_release/all.log",
    benchmark:
        "benchmarks/write_release/all.tsv"
    threads: 2  # the Parquet writes beside the report's charts; with 1, one after the other
    resources:
        mem_mb=8000,
        runtime=30,
    params:
        code=code_version("run_release"),
        config=release_config(),
        out_dir=lambda wildcards, output: os.path.dirname(output[0]),  # RELEASE_STAGING
    script:
        "../scripts/write_release.py"


rule publish_release:
    input:
        release_staging_files(),
        f"{RELEASE_STAGING}/report.html",
    output:
        RELEASE_RECORD,
    log:
        "logs/publish_release/all.log",
    params:
        code=code_version("run_publish"),
        staging=lambda wildcards, input: os.path.dirname(input[0]),  # RELEASE_STAGING
        release_root="release",
        version=VERSION,
        released=config["released"],
        changelog="CHANGELOG.md",
    script:
        "../scripts/publish_release.py"


# A published release deleted by hand is published again from the staging directory.
if Path(RELEASE_RECORD).exists() and not Path(RELEASE_DIR, "SHA256SUMS").is_file():
    Path(RELEASE_RECORD).unlink()

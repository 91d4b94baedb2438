# Great Expectations gates: one process per stage validates all of that stage's tables and
# writes results/qc/<stage>.json. Every table is validated in full by the gate of the stage that
# makes it (the events at the extract gate; the claims gate checks the incident ids
# build_incidents adds to them). The release gate runs only the checks across tables and the row
# accounting, on the events as extracted and without the incidents, so it runs beside
# build_incidents. The gates run beside the next stages, not before them (the GX import, about
# 3 s a process, stays off the path from raw to release), and write_release waits for all six:
# a hard failure fails its job, so the build stops and nothing is released.


rule validate_stage:
    input:
        unpack(stage_tables),
    output:
        qc=report(
            "results/qc/{stage}.json",
            caption="../report/qc.rst",
            category="Quality",
            subcategory="Validation gates",
            labels={"stage": "{stage}"},
        ),
    log:
        "logs/validate_stage/{stage}.log",
    benchmark:
        "benchmarks/validate_stage/{stage}.tsv"
    threads: 1
    resources:
        mem_mb=4000,
        runtime=30,
    params:
        code=code_version("run_validate"),
    script:
        "../scripts/validate_stage.py"

# Great Expectations gates: one process per gate (common.smk, GATES) validates the tables of its
# stages and writes results/qc/<stage>.json for each. Every table is validated in full by the
# gate of the stage that makes it (the events at the extract stage; the claims stage checks the
# incident ids build_incidents adds to them). The release stage runs only the checks across
# tables and the row accounting, on the events as extracted and without the incidents, so its
# gate runs beside build_incidents and mark_contested. The gates run beside the next stages, not before them (the
# GX import, about 3 s a process, stays off the path from raw to release), and write_release
# waits for all of them: a hard failure fails its job, so the build stops and nothing is released.

for gate, gate_stages in GATES.items():

    rule:
        name:
            f"validate_{gate}"
        input:
            gate_inputs(gate),
        output:
            [
                report(
                    f"results/qc/{stage}.json",
                    caption="../report/qc.rst",
                    category="Quality",
                    subcategory="Validation gates",
                    labels={"stage": stage},
                )
                for stage in gate_stages
            ],
        log:
            f"logs/validate/{gate}.log",
        benchmark:
            f"benchmarks/validate/{gate}.tsv"
        threads: 1
        resources:
            mem_mb=4000,
            runtime=30,
        params:
            code=code_version("run_validate"),
            stages={stage: stage_tables(stage) for stage in gate_stages},
        script:
            "../scripts/validate_gate.py"

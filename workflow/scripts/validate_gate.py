import sys

from conflictnews.jobexit import exit_job
from conflictnews.steps import run_validate, setup_logging
from conflictnews.validation.gate import GateFailed

setup_logging(snakemake.log[0])  # noqa: F821
stages = snakemake.params.stages  # noqa: F821  {stage: {table: [paths]}}
out_jsons = {stage: path for stage, path in zip(stages, snakemake.output, strict=True)}  # noqa: F821
try:
    run_validate(stages, out_jsons, snakemake.log[0])  # noqa: F821
except GateFailed as failure:
    # The message is the point: no traceback around it.
    print(f"\n{failure}\n", file=sys.stderr)
    sys.exit(1)
exit_job()  # the outputs are written: skip the interpreter's teardown

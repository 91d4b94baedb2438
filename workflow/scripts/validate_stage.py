import sys

from conflictnews.steps import run_validate, setup_logging
from conflictnews.validation.gate import GateFailed

setup_logging(snakemake.log[0])  # noqa: F821
inputs = {name: list(paths) for name, paths in snakemake.input.items()}  # noqa: F821
try:
    run_validate(snakemake.wildcards.stage, inputs, snakemake.output.qc, snakemake.log[0])  # noqa: F821
except GateFailed as failure:
    # The message is the point: no traceback around it.
    print(f"\n{failure}\n", file=sys.stderr)
    sys.exit(1)

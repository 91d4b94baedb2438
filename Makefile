# Two commands set everything up on a fresh machine with Python 3.11:
#   make dataset   -> .venv with the pinned dependencies, then `snakemake --cores 4`
#   make test      -> the same set-up, then the test suite (what .ci/run calls)
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
CORES ?= 4

.PHONY: dataset test lint eval bench diff slurm-test clean-results

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), f"Python 3.11 needed, found {sys.version}"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --no-deps --require-virtualenv -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --editable .
	$(BIN)/python -m pip check
	touch $@

dataset: $(VENV)/.installed
	$(BIN)/snakemake --cores $(CORES)

test: $(VENV)/.installed
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests workflow/scripts
	$(BIN)/snakefmt --check Snakefile workflow/rules
	bash tools/snakemake_lint.sh $(BIN)/snakemake

# Evaluations against ../shared/corpora (skipped when absent): one script per stage, eval/eval_<stage>.py.
# `make eval` runs them all; `make eval-clean` runs one.
eval: $(VENV)/.installed
	@set -e; for script in eval/eval_*.py; do echo "== $$script"; $(BIN)/python $$script; done

eval-%: $(VENV)/.installed
	$(BIN)/python eval/eval_$*.py

# Benchmarks (never timed tests): `make bench` is the build benchmark; `make bench-<name>` runs
# bench/bench_<name>.py (e.g. bench-dedup_scale).
bench: bench-build

bench-%: $(VENV)/.installed
	$(BIN)/python bench/bench_$*.py

# Version diff between two releases: make diff FROM=v0.1.0 TO=v0.2.0
diff: $(VENV)/.installed
	$(BIN)/python -m conflictnews.release.diff release/$(FROM) release/$(TO)

# Single-node Slurm test of the cluster profile (needs root and apt; not part of `make test`).
slurm-test: $(VENV)/.installed
	bash tools/slurm_test.sh

clean-results:
	rm -rf results logs benchmarks .snakemake

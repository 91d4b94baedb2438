#!/usr/bin/env bash
# `snakemake --lint` less its advice to give each rule a conda env or container: the workflow runs in
# the pinned .venv (requirements.lock). Fails on any other lint and when the workflow does not load.
#   bash tools/snakemake_lint.sh [path/to/snakemake]
set -euo pipefail
out=$("${1:-.venv/bin/snakemake}" --lint 2>&1) || true  # exits 1 whenever there is a lint
if ! grep -q -e '^Lints for' -e '^Congratulations' <<<"$out"; then
    printf '%s\n' "$out"
    echo "snakemake --lint did not run (see above)"
    exit 1
fi
if grep '^    \* ' <<<"$out" | grep -qv 'Specify a conda environment or container'; then
    printf '%s\n' "$out"
    exit 1
fi
echo "snakemake --lint: no lints other than per-rule conda envs"

"""Validate a release's datapackage.json with frictionless: the descriptor, every file's bytes and hash, and
every table's rows against its Table Schema (types, required fields, primary and foreign keys).

    python -m conflictnews.release.validate release/v0.1.0

`frictionless validate release/v0.1.0/datapackage.json` does the same table checks: the project installs the
frictionless plugin `frictionless_arrowparquet`, which reads Parquet with pyarrow (frictionless' own Parquet
reader goes through pandas, which turns nulls of integer columns into NaN and lists into numpy arrays).
This module adds plain-worded size and hash checks and one list of problems for scripts and tests.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .checksums import compute_sha256


def validate_release(release: str | Path) -> list[str]:
    """Every problem found, as readable lines; empty when the package is valid."""
    import frictionless as fl

    release = Path(release)
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    problems = [f"datapackage.json: {e.message}" for e in fl.Package.metadata_validate(descriptor)]
    resources = []
    for entry in descriptor.get("resources", []):
        path = release / entry["path"]
        if not path.is_file():
            problems.append(f"{entry['name']}: missing file {entry['path']}")
            continue
        if entry.get("bytes") is not None and path.stat().st_size != entry["bytes"]:
            problems.append(f"{entry['name']}: {path.stat().st_size} bytes, datapackage.json says {entry['bytes']}")
        if entry.get("hash") and entry["hash"] != f"sha256:{compute_sha256(path)}":
            problems.append(f"{entry['name']}: sha256 differs from datapackage.json")
        schema = fl.Schema.from_descriptor(entry["schema"])
        # Parquet is read by the frictionless_arrowparquet plugin (pyarrow), CSV by frictionless itself.
        resources.append(fl.Resource(path=entry["path"], basepath=str(release), name=entry["name"],
                                     format=entry.get("format"), schema=schema,
                                     encoding=entry.get("encoding")))  # fmt: skip
    report = fl.Package(resources=resources).validate()
    for task in report.tasks:
        for error in task.errors:
            where = f" row {error.row_number}" if getattr(error, "row_number", None) else ""
            problems.append(f"{task.name}{where}: {error.message}")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m conflictnews.release.validate RELEASE_DIR", file=sys.stderr)
        return 2
    problems = validate_release(args[0])
    for line in problems[:50]:
        print(line)
    print(f"{args[0]}: {'valid' if not problems else f'{len(problems)} problems'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""Compare two releases: rows added, removed and changed per table (by stable id), columns added, removed
and retyped, and the semver bump the change requires under the Data Package version recipe.

    python -m conflictnews.release.diff release/v0.1.0 release/v0.2.0 [--out results/diff]

MAJOR: a table or column removed or renamed, a column retyped, a primary key changed.
MINOR: a table, column or rows added. PATCH: values corrected or rows withdrawn. Descriptive files
(card, citation, Data Package metadata) do not count: they change with every version.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..tables import in_order

BUMPS = ("none", "patch", "minor", "major")
MAX_IDS = 5  # example ids listed per change in the report
VERSION_DIR = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")


def parse_version(version: str) -> tuple[int, int, int]:
    """(MAJOR, MINOR, PATCH) of 'X.Y.Z' or 'vX.Y.Z'."""
    match = VERSION_DIR.match(version if version.startswith("v") else f"v{version}")
    if not match:
        raise ValueError(f"not a semantic version MAJOR.MINOR.PATCH: {version!r}")
    return int(match[1]), int(match[2]), int(match[3])


def bump_version(version: str, level: str) -> str:
    """The smallest version above `version` that the bump level allows ('none' keeps it)."""
    major, minor, patch = parse_version(version)
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "minor":
        return f"{major}.{minor + 1}.0"
    if level == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return f"{major}.{minor}.{patch}"


def _resources(release: Path) -> dict[str, dict]:
    """Tabular resources of a release by name: path, format and primary key (from datapackage.json)."""
    descriptor = release / "datapackage.json"
    if descriptor.is_file():
        package = json.loads(descriptor.read_text(encoding="utf-8"))
        return {
            r["name"]: {"path": r["path"], "format": r.get("format"), "key": list(r["schema"].get("primaryKey") or [])}
            for r in package.get("resources", [])
            if r.get("format") in ("parquet", "csv") and "schema" in r
        }
    return {p.stem: {"path": p.name, "format": "parquet", "key": []} for p in sorted(release.glob("*.parquet"))}


def _version_of(release: Path) -> str:
    descriptor = release / "datapackage.json"
    if descriptor.is_file():
        version = json.loads(descriptor.read_text(encoding="utf-8")).get("version")
        if version:
            return str(version)
    return release.name.removeprefix("v")


def _read(release: Path, resource: dict) -> pa.Table:
    path = release / resource["path"]
    if resource["format"] == "csv":
        with open(path, "rb") as handle:
            header = handle.readline().decode("utf-8").strip().split(",")
        options = pacsv.ConvertOptions(column_types={name: pa.string() for name in header})
        return pacsv.read_csv(path, convert_options=options)
    return pq.read_table(path)


def _norm(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _last_rows(table: pa.Table, key: list[str], row: str) -> pa.Table:
    """The key columns and, in `row`, the row number of each key (the last row, should a key repeat)."""
    numbered = table.select(key).append_column(row, pa.array(np.arange(table.num_rows, dtype=np.int64)))
    if len(key) == 1 and in_order(table[key[0]], strict=True):
        return numbered  # a release sorted by its id: every key is once, and its row is its last
    return numbered.group_by(key, use_threads=False).aggregate([(row, "max")]).rename_columns(key + [row])


def _matched_rows(old: pa.Table, new: pa.Table, key: list[str]) -> pa.Table:
    """One row per key in either table: the key, its row in old (`old_row`) and in new (`new_row`), null where
    absent. A key column retyped between the versions is matched as text. Keys are primary keys, never null
    (the gates check it): a null key would match nothing and count as removed and added."""
    as_text = {k for k in key if old.schema.field(k).type != new.schema.field(k).type}

    def keys_of(table: pa.Table) -> pa.Table:
        return pa.table({k: pc.cast(table[k], pa.string()) if k in as_text else table[k] for k in key})

    old_keys, new_keys = keys_of(old), keys_of(new)
    before, after = _last_rows(old_keys, key, "old_row"), _last_rows(new_keys, key, "new_row")
    return after.join(before, keys=key, join_type="full outer", use_threads=False)


def _keys(table: pa.Table, key: list[str]) -> list[tuple]:
    return list(zip(*(table.column(k).to_pylist() for k in key), strict=True)) if table.num_rows else []


def _differing(a: pa.ChunkedArray, b: pa.ChunkedArray) -> set[int]:
    """Positions where two aligned columns differ (null and NaN count as equal to each other)."""
    try:
        equal = pc.equal(a, b)
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid):  # lists, structs: compared in Python
        return {n for n, (x, y) in enumerate(zip(a.to_pylist(), b.to_pylist(), strict=True)) if _norm(x) != _norm(y)}
    a_null = pc.is_null(a, nan_is_null=pa.types.is_floating(a.type))
    b_null = pc.is_null(b, nan_is_null=pa.types.is_floating(b.type))
    differ = pc.or_(pc.xor(a_null, b_null), pc.and_not(pc.invert(pc.or_(a_null, b_null)), pc.fill_null(equal, True)))
    return set(pc.indices_nonzero(differ).to_pylist())


def _changed_rows(
    old: pa.Table, new: pa.Table, old_rows: pa.ChunkedArray, new_rows: pa.ChunkedArray, columns: list[str]
) -> dict[str, set]:
    """Per column, which of the aligned (old row, new row) pairs differ. A column Arrow finds equal as a whole
    is skipped; the others are compared with Arrow kernels (in Python for nested types)."""
    differ = {}
    for column in columns:
        a, b = old.column(column).take(old_rows), new.column(column).take(new_rows)
        if a.equals(b):
            continue
        found = _differing(a, b)
        if found:
            differ[column] = found
    return differ


def _show(key: tuple) -> str:
    return "/".join(str(k) for k in key)


def diff_table(name: str, old: pa.Table, new: pa.Table, old_key: list[str], new_key: list[str]) -> dict:
    """One table's changes: columns added/removed/retyped and rows added/removed/changed by primary key."""
    old_types = {f.name: str(f.type) for f in old.schema}
    new_types = {f.name: str(f.type) for f in new.schema}
    retyped = [
        {"column": c, "from": old_types[c], "to": new_types[c]}
        for c in old_types
        if c in new_types and old_types[c] != new_types[c]
    ]
    entry = {
        "table": name,
        "status": "changed",
        "key": new_key,
        "rows_before": old.num_rows,
        "rows_after": new.num_rows,
        "columns_added": [c for c in new_types if c not in old_types],
        "columns_removed": [c for c in old_types if c not in new_types],
        "columns_retyped": retyped,
        "key_changed": old_key != new_key,
    }
    key = new_key or [new.column_names[0]]
    if entry["key_changed"] or any(k not in old_types for k in key):
        entry.update(rows_added=None, rows_removed=None, rows_changed=None, changed_columns={}, examples={})
        return entry
    compared = [c for c in new_types if c in old_types and old_types[c] == new_types[c] and c not in key]
    matched = _matched_rows(old, new, key)
    in_old, in_new = pc.is_valid(matched["old_row"]), pc.is_valid(matched["new_row"])
    added = sorted(_keys(matched.filter(pc.invert(in_old)), key), key=_show)
    removed = sorted(_keys(matched.filter(pc.invert(in_new)), key), key=_show)
    common = matched.filter(pc.and_(in_old, in_new))
    differ = _changed_rows(old, new, common["old_row"], common["new_row"], compared)
    changed_at = sorted(set().union(*differ.values()))
    changed = sorted(_keys(common.take(pa.array(changed_at, type=pa.int64())), key), key=_show)
    columns = Counter({column: len(found) for column, found in differ.items()})
    entry.update(
        rows_added=len(added),
        rows_removed=len(removed),
        rows_changed=len(changed),
        changed_columns=dict(sorted(columns.items())),
        examples={
            "added": [_show(k) for k in added[:MAX_IDS]],
            "removed": [_show(k) for k in removed[:MAX_IDS]],
            "changed": [_show(k) for k in changed[:MAX_IDS]],
        },
    )
    return entry


def table_bump(entry: dict) -> tuple[str, list[str]]:
    """The bump one table's change requires, and why."""
    name = entry["table"]
    if entry["status"] == "removed":
        return "major", [f"table {name} removed"]
    if entry["status"] == "added":
        return "minor", [f"table {name} added"]
    major = [f"{name}.{c} removed" for c in entry["columns_removed"]]
    major += [f"{name}.{r['column']} retyped {r['from']} -> {r['to']}" for r in entry["columns_retyped"]]
    major += [f"{name} primary key changed"] if entry["key_changed"] else []
    if major:
        return "major", major
    minor = [f"{name}.{c} added" for c in entry["columns_added"]]
    minor += [f"{entry['rows_added']} rows added to {name}"] if entry["rows_added"] else []
    if minor:
        return "minor", minor
    patch = [f"{entry['rows_changed']} rows of {name} changed"] if entry["rows_changed"] else []
    patch += [f"{entry['rows_removed']} rows removed from {name}"] if entry["rows_removed"] else []
    return ("patch", patch) if patch else ("none", [])


def diff_releases(old_dir: str | Path, new_dir: str | Path) -> dict:
    """The full comparison of two release directories, JSON-able, with the required bump."""
    old_dir, new_dir = Path(old_dir), Path(new_dir)
    for release in (old_dir, new_dir):
        if not release.is_dir():
            raise FileNotFoundError(f"no release directory {release}")
    old_res, new_res = _resources(old_dir), _resources(new_dir)
    tables = []
    for name in list(new_res) + [n for n in old_res if n not in new_res]:
        if name not in old_res:
            table = _read(new_dir, new_res[name])
            tables.append({"table": name, "status": "added", "rows_before": 0, "rows_after": table.num_rows})
        elif name not in new_res:
            table = _read(old_dir, old_res[name])
            tables.append({"table": name, "status": "removed", "rows_before": table.num_rows, "rows_after": 0})
        else:
            old, new = _read(old_dir, old_res[name]), _read(new_dir, new_res[name])
            tables.append(diff_table(name, old, new, old_res[name]["key"], new_res[name]["key"]))
    level, reasons = "none", []
    for entry in tables:
        table_level, why = table_bump(entry)
        entry["bump"] = table_level
        reasons += why
        level = max(level, table_level, key=BUMPS.index)
    old_version, new_version = _version_of(old_dir), _version_of(new_dir)
    return {
        "from": old_version,
        "to": new_version,
        "bump": level,
        "reasons": reasons,
        "minimum_version": bump_version(old_version, level),
        "tables": tables,
    }


def version_error(report: dict, version: str) -> str | None:
    """Why `version` is too small for the change in the report, or None if it is large enough."""
    needed = report["minimum_version"]
    if parse_version(version) >= parse_version(needed):
        return None
    why = "; ".join(report["reasons"][:6]) + (" ..." if len(report["reasons"]) > 6 else "")
    return (
        f"version {version} is too small: the change since v{report['from']} requires a {report['bump'].upper()} "
        f"bump ({why}). Set `version: {needed}` (or higher) in the config and rebuild."
    )


def _count(value) -> str:
    return "n/a" if value is None else str(value)


def to_markdown(report: dict) -> str:
    """The report as Markdown: summary, the required bump and a table per release table."""
    out = [f"# Changes from v{report['from']} to v{report['to']}", ""]
    out += [f"Required version bump: **{report['bump'].upper()}** (at least {report['minimum_version']})."]
    error = version_error(report, report["to"])
    if error:
        out += ["", f"Warning: {error}"]
    out += [""] + [f"- {reason}" for reason in report["reasons"]] + ([""] if report["reasons"] else [])
    out += [
        "| table | rows before | rows after | added | removed | changed | columns added | columns removed | "
        "columns retyped | bump |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |",
    ]
    for t in report["tables"]:
        if t["status"] != "changed":
            out.append(f"| {t['table']} ({t['status']}) | {t['rows_before']} | {t['rows_after']} | | | | | | | "
                       f"{t['bump']} |")  # fmt: skip
            continue
        retyped = ", ".join(f"{r['column']} ({r['from']} -> {r['to']})" for r in t["columns_retyped"])
        out.append(
            f"| {t['table']} | {t['rows_before']} | {t['rows_after']} | {_count(t['rows_added'])} | "
            f"{_count(t['rows_removed'])} | {_count(t['rows_changed'])} | {', '.join(t['columns_added'])} | "
            f"{', '.join(t['columns_removed'])} | {retyped} | {t['bump']} |"
        )
    out.append("")
    for t in report["tables"]:
        if t["status"] != "changed" or not any((t.get("examples") or {}).values()):
            continue
        out += [f"## {t['table']}", ""]
        if t["changed_columns"]:
            out.append("Changed values per column: " + ", ".join(f"`{c}` {n}" for c, n in t["changed_columns"].items()))
            out.append("")
        for kind in ("added", "removed", "changed"):
            ids = t["examples"][kind]
            if ids:
                more = " ..." if t[f"rows_{kind}"] > len(ids) else ""
                out.append(f"- {kind}: " + ", ".join(f"`{i}`" for i in ids) + more)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def write_report(report: dict, out_dir: str | Path) -> tuple[Path, Path]:
    """Write <out_dir>/v<from>_v<to>.md and .json; returns both paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"v{report['from']}_v{report['to']}"
    md, js = out_dir / f"{stem}.md", out_dir / f"{stem}.json"
    md.write_text(to_markdown(report), encoding="utf-8")
    js.write_text(json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return md, js


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m conflictnews.release.diff",
        description="Compare two releases and say which version bump the change requires.",
    )
    parser.add_argument("old", help="the earlier release directory, e.g. release/v0.1.0")
    parser.add_argument("new", help="the later release directory, e.g. release/v0.2.0")
    parser.add_argument("--out", default="results/diff", help="where the .md and .json reports go (results/diff)")
    args = parser.parse_args(argv)
    try:
        report = diff_releases(args.old, args.new)
    except (FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    md, js = write_report(report, args.out)
    sys.stdout.write(to_markdown(report))
    print(f"\nReport written to {md} and {js}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

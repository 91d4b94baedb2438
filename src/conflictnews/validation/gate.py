"""The quality gate of a stage: validate its tables with Great Expectations, report, stop on hard failures.

One ephemeral GX context per process, a pandas data source with one whole-dataframe asset per
table, `batch.validate(suite)`. The result is a compact, JSON-able dict with no run ids, times or
versions, so the same tables always give the same `results/qc/<stage>.json`, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import math
import sys
import types
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa


@contextmanager
def _hidden(module: str) -> Iterator[None]:
    """Make `import module` fail inside the block, unless it is imported already."""
    if module in sys.modules:
        yield
        return
    sys.modules[module] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if module in sys.modules and sys.modules[module] is None:
            del sys.modules[module]


class _DeferredModule(types.ModuleType):
    """Stands in for a module until one of its attributes is read; then imports the module and reads it."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.__spec__ = None  # what the import system reads of a module already in sys.modules

    def __getattr__(self, attr: str) -> Any:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), attr)


@contextmanager
def _deferred(*modules: str) -> Iterator[None]:
    """Inside the block, `import module` gives a stand-in that imports the module when first used.

    Afterwards the stand-ins leave sys.modules, so a later import gets the module itself; a name bound
    to a stand-in still works, at the cost of the import on its first use."""
    placed = [m for m in modules if m not in sys.modules]
    for module in placed:
        sys.modules[module] = _DeferredModule(module)
    try:
        yield
    finally:
        for module in placed:
            if isinstance(sys.modules.get(module), _DeferredModule):
                del sys.modules[module]


# GX imports its SQL data sources and metrics whenever SQLAlchemy is importable. It is installed only
# because Snakemake needs it (sqlmodel) and the gates validate pandas frames: hidden from GX's import,
# it costs a gate process about 0.9 s less. GX also imports SciPy's stats and Altair at the top of its
# KL-divergence expectation, which uses them only when it runs (no suite here has it): deferred, they
# cost about 1.3 s less (GX 1.x, pinned). Imported later, all three work as usual.
with _hidden("sqlalchemy"), _deferred("scipy.stats", "altair"):
    import great_expectations as gx

from .checks import CHECK_INPUTS, prepare_frame  # noqa: E402 (after GX: suites imports it too)
from .suites import suite_for  # noqa: E402

# Tables each stage's gate receives (the workflow passes them: workflow/rules/common.smk, stage_tables).
STAGE_TABLES: dict[str, tuple[str, ...]] = {
    "ingest": ("raw_articles", "quarantine"),
    "clean": ("clean_articles", "quarantine"),
    "dedup": ("articles", "article_links"),
    "extract": ("events", "entities"),
    "claims": ("claims", "events", "incidents"),
    "release": ("articles", "article_links", "events", "claims", "entities", "quarantine"),
}

# Tables a gate checks only on what reads another table, because an earlier gate validated their
# rows in full: at the release gate, every table (each passed its own stage's gate; the release
# gate checks what no stage gate could: ids and spans across tables, dates against the article's,
# and the row accounting); at the claims gate, the events, which the extract gate validated and
# build_incidents changes only by setting incident_id (checked here against the incidents).
CROSS_TABLE_ONLY: dict[str, frozenset[str] | None] = {"release": None, "claims": frozenset({"events"})}  # None: all


def cross_table_only(stage: str, table: str) -> bool:
    """Whether this stage's gate checks this table only on what reads another table (CROSS_TABLE_ONLY)."""
    if stage not in CROSS_TABLE_ONLY:
        return False
    tables = CROSS_TABLE_ONLY[stage]
    return tables is None or table in tables


# Id columns shown first in example rows.
ID_COLUMNS: dict[str, list[str]] = {
    "raw_articles": ["article_id", "source", "raw_path", "raw_locator"],
    "clean_articles": ["article_id", "source", "raw_path", "raw_locator"],
    "articles": ["article_id", "source", "raw_path", "raw_locator"],
    "article_links": ["article_id", "other_article_id"],
    "entities": ["entity_id", "article_id"],
    "events": ["event_id", "article_id"],
    "claims": ["claim_id", "article_id"],
    "incidents": ["incident_id"],
    "quarantine": ["quarantine_id", "source", "raw_path", "raw_locator"],
}

MAX_EXAMPLES = 3  # example rows kept per expectation
MAX_CHARS = 120  # longer strings in example rows are cut
_RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": 20}
_DATASOURCE = "conflictnews"


class GateFailed(Exception):
    """A hard expectation (or the release's row accounting) failed."""


_context = None
_batch_definitions: dict[str, Any] = {}


def _skip_batch_fingerprint() -> None:
    """GX fingerprints every in-memory batch it loads (an md5 over pandas' hash of each row) for batch
    markers; the qc results do not keep them. Frames at or over HASH_THRESHOLD bytes are never
    fingerprinted: setting it to 0 saves about 1 s per gate at 16000 articles (GX 1.x, pinned)."""
    from great_expectations.execution_engine import pandas_execution_engine

    pandas_execution_engine.HASH_THRESHOLD = 0


def _batch_definition(table: str) -> Any:
    """A whole-dataframe batch definition for the table, from the one context of this process."""
    global _context
    if _context is None:
        from great_expectations.data_context.types.base import ProgressBarsConfig

        _skip_batch_fingerprint()

        _context = gx.get_context(mode="ephemeral")
        _context.variables.progress_bars = ProgressBarsConfig(globally=False)
        _context.data_sources.add_pandas(name=_DATASOURCE)
    if table not in _batch_definitions:
        asset = _context.data_sources.get(_DATASOURCE).add_dataframe_asset(name=table)
        _batch_definitions[table] = asset.add_batch_definition_whole_dataframe(name=table)
    return _batch_definitions[table]


def _jsonable(value: Any) -> Any:
    """Plain JSON values with stable formatting: dates as ISO strings, floats rounded, NaN as null."""
    if hasattr(value, "item") and not isinstance(value, (list, tuple, dict, str)):
        value = value.item() if getattr(value, "ndim", 0) == 0 else value.tolist()  # numpy scalar or array
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if isinstance(value, str):
        return value if len(value) <= MAX_CHARS else value[:MAX_CHARS] + "..."
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=json.dumps) if isinstance(value, (set, frozenset)) else items
    return str(value)


def _columns_of(kwargs: Mapping[str, Any]) -> list[str]:
    columns = [kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs]
    return columns + list(kwargs.get("column_list") or [])


def _examples(name: str, table: pa.Table, frame: Any, indices: list, columns: list[str]) -> list[dict]:
    """A few offending rows: ids, the checked columns and what a computed check read."""
    shown: list[str] = []
    for column in ID_COLUMNS.get(name, []) + columns:
        shown.append(column)
        shown.extend(CHECK_INPUTS.get(column, []))
    shown = [c for c in dict.fromkeys(shown) if c in frame.columns or c in table.column_names]
    rows = []
    for index in sorted({int(i) for i in indices})[:MAX_EXAMPLES]:
        row = {"row": index}
        for column in shown:
            value = table.column(column)[index].as_py() if column in table.column_names else frame[column].iloc[index]
            row[column] = _jsonable(value)
        rows.append(row)
    return rows


def _exception_message(info: Mapping[str, Any] | None) -> str | None:
    """GX's exception message, flat or nested per metric, without tracebacks or metric ids."""
    if not info:
        return None
    if "raised_exception" in info:
        if not info["raised_exception"]:
            return None
        text = str(info.get("exception_message") or "error")
        return text.strip().splitlines()[0][:300]
    messages = sorted({m for m in (_exception_message(v) for v in info.values() if isinstance(v, Mapping)) if m})
    return "; ".join(messages) or None


def _observed(result: Mapping[str, Any]) -> dict:
    keys = ("observed_value", "element_count", "missing_count", "unexpected_count", "unexpected_percent")
    return {k: _jsonable(result[k]) for k in keys if k in result}


def validate_table(
    name: str,
    table: pa.Table,
    tables: Mapping[str, pa.Table] | None = None,
    *,
    cross_table_only: bool = False,
) -> dict:
    """Validate one table (the other tables of the stage feed the cross-table checks).

    `cross_table_only` runs only the expectations on checks that read another table. GX gets a frame
    of the ids and the columns the suite checks: every expectation is per column, and GX filters the
    whole frame for each one, so the other columns would only cost time."""
    tables = dict(tables or {})
    suite = suite_for(name, set(tables) - {name}, cross_table_only=cross_table_only)
    only = ID_COLUMNS.get(name, []) + [c for e in suite.expectations for c in _columns_of(e.configuration.kwargs)]
    frame = prepare_frame(name, table, tables, only=only)
    batch = _batch_definition(name).get_batch(batch_parameters={"dataframe": frame})
    run = batch.validate(suite, result_format=_RESULT_FORMAT)
    by_check = {r.expectation_config.meta["check"]: r for r in run.results}
    expectations = []
    for expectation in suite.expectations:  # the suite's order, not GX's
        meta = expectation.meta
        outcome = by_check[meta["check"]]
        result = dict(outcome.result or {})
        kwargs = {k: v for k, v in outcome.expectation_config.kwargs.items() if k != "batch_id"}
        entry = {
            "check": meta["check"],
            "expectation": outcome.expectation_config.type,
            "kwargs": _jsonable(kwargs),
            "severity": meta["severity"],
            "success": bool(outcome.success),
            "why": meta["why"],
            "observed": _observed(result),
        }
        indices = result.get("partial_unexpected_index_list") or []
        if indices:
            entry["examples"] = _examples(name, table, frame, indices, _columns_of(kwargs))
        error = _exception_message(outcome.exception_info)
        if error:
            entry["error"] = error
        expectations.append(entry)
    hard = [e for e in expectations if e["severity"] == "error" and not e["success"]]
    return {
        "rows": table.num_rows,
        "success": not hard,
        "n_hard_failures": len(hard),
        "n_warnings": sum(1 for e in expectations if e["severity"] == "warning" and not e["success"]),
        "expectations": expectations,
    }


def validate_stage(stage: str, tables: dict[str, pa.Table], accounting: dict | None = None) -> dict:
    """Validate every table of a stage in this process; success means no hard failure.

    A table checked only across tables (CROSS_TABLE_ONLY) is listed only if it has such checks."""
    results = {}
    for name in sorted(tables):
        cross = cross_table_only(stage, name)
        if cross and not suite_for(name, set(tables) - {name}, cross_table_only=True).expectations:
            continue
        results[name] = validate_table(name, tables[name], tables, cross_table_only=cross)
    success = all(r["success"] for r in results.values())
    result = {
        "stage": stage,
        "success": success,
        "n_hard_failures": sum(r["n_hard_failures"] for r in results.values()),
        "n_warnings": sum(r["n_warnings"] for r in results.values()),
        "tables": results,
    }
    if accounting is not None:
        result["accounting"] = accounting
        result["success"] = bool(success and accounting["success"])
    return result


def write_qc(result: dict, path: str | Path) -> None:
    """Sorted-key, indented JSON with a trailing newline: the same result gives the same bytes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def _describe(name: str, entry: dict) -> str:
    args = ", ".join(f"{k}={v!r}" for k, v in sorted(entry["kwargs"].items()) if k != "value_set")
    observed = entry["observed"]
    if "unexpected_count" in observed:
        what = f"{observed['unexpected_count']} of {observed.get('element_count')} rows unexpected"
    else:
        what = f"observed {observed.get('observed_value')!r}"
    line = f"  table {name!r}: {entry['expectation']}({args}) [{entry['check']}] failed: {what}. Why: {entry['why']}"
    if entry.get("error"):
        line += f"\n    error: {entry['error']}"
    for example in entry.get("examples", [])[:MAX_EXAMPLES]:
        line += f"\n    offending row: {json.dumps(example, sort_keys=True, ensure_ascii=False)}"
    return line


def enforce(result: dict, qc_path: str | Path | None = None, log_path: str | Path | None = None) -> None:
    """Raise GateFailed naming the stage, table, expectation and a few offending rows of every hard failure."""
    lines = []
    for name, table in sorted(result.get("tables", {}).items()):
        lines += [_describe(name, e) for e in table["expectations"] if e["severity"] == "error" and not e["success"]]
    accounting = result.get("accounting")
    if accounting is not None and not accounting["success"]:
        for row in accounting["sources"]:
            if not row["balanced"]:
                lines.append(
                    f"  accounting, source {row['source']!r}: {row['n_raw']} raw records != {row['n_kept']} released "
                    f"+ {row['n_quarantined']} quarantined ({row['n_kept_not_in_raw']} released articles not in raw); "
                    "every raw record must be released or quarantined with a reason."
                )
    if not lines and result.get("success", True):
        return
    where = f"\nFull result: {qc_path}" if qc_path is not None else ""
    where += f"\nLog: {log_path}" if log_path is not None else ""
    shown = lines[:10] + ([f"  ... and {len(lines) - 10} more"] if len(lines) > 10 else [])
    raise GateFailed(
        f"Quality gate of stage {result.get('stage')!r} failed ({len(lines)} hard failures):\n"
        + "\n".join(shown)
        + where
    )

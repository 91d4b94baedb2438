"""The Frictionless Data Package v2 descriptor of a release: one resource per file, a schema per table."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

import pyarrow as pa

from .checksums import compute_sha256

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"

MEDIATYPES = {"parquet": "application/vnd.apache.parquet", "csv": "text/csv"}

# Column descriptions of event_types.csv (its header is read from the file; unknown columns get none).
EVENT_TYPE_COLUMNS = {
    "event_type": "Event type code used in events.event_type and incidents.event_type.",
    "description": "What the type covers.",
    "acled_event_type": "ACLED event type it maps to.",
    "acled_sub_event_type": "ACLED sub-event type it maps to.",
    "plover_event_type": "PLOVER event type it maps to.",
    "plover_mode": "PLOVER mode it maps to.",
}

# References between released tables: (table, columns) -> (table, columns).
FOREIGN_KEYS: dict[str, list[tuple[list[str], str, list[str]]]] = {
    "article_links": [(["article_id"], "articles", ["article_id"]), (["other_article_id"], "articles", ["article_id"])],
    "events": [(["article_id"], "articles", ["article_id"]), (["incident_id"], "incidents", ["incident_id"])],
    "claims": [(["article_id"], "articles", ["article_id"]), (["event_id"], "events", ["event_id"])],
    "entities": [(["article_id"], "articles", ["article_id"])],
    "quarantine": [],
    "incidents": [],
    "articles": [],
}


def frictionless_type(type_: pa.DataType) -> str:
    """The Table Schema type of an Arrow type."""
    if pa.types.is_string(type_) or pa.types.is_large_string(type_):
        return "string"
    if pa.types.is_integer(type_):
        return "integer"
    if pa.types.is_floating(type_) or pa.types.is_decimal(type_):
        return "number"
    if pa.types.is_boolean(type_):
        return "boolean"
    if pa.types.is_date(type_):
        return "date"
    if pa.types.is_timestamp(type_):
        return "datetime"
    if pa.types.is_list(type_) or pa.types.is_large_list(type_):
        return "array"
    if pa.types.is_struct(type_) or pa.types.is_map(type_):
        return "object"
    return "any"


def table_schema(schema: pa.Schema, primary_key: list[str], name: str) -> dict:
    """Table Schema of an Arrow schema: types, descriptions from field metadata, required, keys."""
    fields = []
    for field in schema:
        entry = {"name": field.name, "type": frictionless_type(field.type)}
        description = (field.metadata or {}).get(b"description")
        if description:
            entry["description"] = description.decode("utf-8")
        if not field.nullable:
            entry["constraints"] = {"required": True}
        fields.append(entry)
    descriptor = {"fields": fields, "primaryKey": list(primary_key)}
    keys = [
        {"fields": cols, "reference": {"resource": ref, "fields": ref_cols}}
        for cols, ref, ref_cols in FOREIGN_KEYS.get(name, [])
    ]
    if keys:
        descriptor["foreignKeys"] = keys
    return descriptor


def csv_schema(path: Path, primary_key: list[str]) -> dict:
    """Table Schema of a CSV file of strings, from its header."""
    with open(path, encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    fields = []
    for name in header:
        entry = {"name": name, "type": "string"}
        if name in EVENT_TYPE_COLUMNS:
            entry["description"] = EVENT_TYPE_COLUMNS[name]
        if name in primary_key:
            entry["constraints"] = {"required": True, "unique": True}
        fields.append(entry)
    return {"fields": fields, "primaryKey": list(primary_key)}


def resource(root: Path, rel_path: str, name: str, schema: dict, description: str | None = None) -> dict:
    """One resource: path, format, mediatype, bytes, sha256 and schema."""
    path = root / rel_path
    fmt = PurePosixPath(rel_path).suffix.lstrip(".")
    entry = {
        "name": name,
        "path": rel_path,
        "format": fmt,
        "mediatype": MEDIATYPES[fmt],
        "bytes": path.stat().st_size,
        "hash": f"sha256:{compute_sha256(path)}",
        "schema": schema,
    }
    if fmt == "csv":
        entry["encoding"] = "utf-8"
    if description:
        entry["description"] = description
    return entry


def source_entries(sources: Mapping[str, Mapping]) -> list[dict]:
    """The config's sources, without absolute paths (they would differ between machines)."""
    entries = []
    for name in sorted(sources):
        cfg = sources[name] or {}
        if cfg.get("enabled", True) is False:
            continue
        entry = {"title": name, "description": f"reader: {cfg.get('reader', '?')}"}
        path = cfg.get("path")
        if path and not PurePosixPath(str(path)).is_absolute():
            entry["path"] = str(path)
        entries.append(entry)
    return entries


def datapackage(
    *,
    name: str,
    title: str,
    description: str,
    version: str,
    created: str,
    licenses: list[dict],
    sources: list[dict],
    keywords: list[str],
    contributors: list[dict],
    resources: list[dict],
) -> dict:
    return {
        "$schema": PROFILE,
        "name": name,
        "title": title,
        "description": description,
        "version": version,
        "created": created,
        "licenses": licenses,
        "sources": sources,
        "keywords": keywords,
        "contributors": contributors,
        "resources": resources,
    }  # fmt: skip

"""The frictionless_arrowparquet plugin: frictionless reads our Parquet tables as they are."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

frictionless = pytest.importorskip("frictionless")

SCHEMA = {
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True}},
        {"name": "deaths", "type": "integer"},
        {"name": "headings", "type": "array"},
        {"name": "day", "type": "date"},
    ],
    "primaryKey": ["id"],
}


def write_table(path: Path, ids=("a", "b")) -> None:
    table = pa.table(
        {
            "id": pa.array(list(ids), pa.string()),
            "deaths": pa.array([3, None][: len(ids)], pa.int32()),  # an integer null, NaN through pandas
            "headings": pa.array([["Aftermath"], []][: len(ids)], pa.list_(pa.string())),
            "day": pa.array([None] * len(ids), pa.date32()),
        }
    )
    pq.write_table(table, path)


def resource(path: Path, **extra) -> dict:
    data = path.read_bytes()
    return {"name": "t", "path": path.name, "format": "parquet", "bytes": len(data),
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(), "schema": SCHEMA, **extra}  # fmt: skip


def validate(tmp_path: Path, descriptor: dict):
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "p", "resources": [descriptor]}))
    return frictionless.Package(str(tmp_path / "datapackage.json")).validate()


def test_nulls_lists_bytes_and_hash_of_a_parquet_table_validate(tmp_path):
    write_table(tmp_path / "t.parquet")
    report = validate(tmp_path, resource(tmp_path / "t.parquet"))
    assert report.valid, report.flatten(["type", "note"])
    assert report.tasks[0].stats["rows"] == 2


def test_wrong_hash_bytes_and_types_are_reported(tmp_path):
    write_table(tmp_path / "t.parquet")
    broken = resource(tmp_path / "t.parquet")
    broken["hash"] = "sha256:" + "0" * 64
    broken["bytes"] += 1
    broken["schema"] = {**SCHEMA, "fields": [{**SCHEMA["fields"][0], "type": "integer"}, *SCHEMA["fields"][1:]]}
    types = {e[0] for e in validate(tmp_path, broken).flatten(["type"])}
    assert {"hash-count", "byte-count", "type-error"} <= types


def test_duplicate_primary_key_is_reported(tmp_path):
    write_table(tmp_path / "t.parquet", ids=("a", "a"))
    types = {e[0] for e in validate(tmp_path, resource(tmp_path / "t.parquet")).flatten(["type"])}
    assert "primary-key" in types


def test_the_frictionless_command_finds_the_plugin(tmp_path):
    cli = Path(sys.executable).with_name("frictionless")
    if not cli.exists():
        pytest.skip("frictionless command not installed")
    write_table(tmp_path / "t.parquet")
    package = {"name": "p", "resources": [resource(tmp_path / "t.parquet")]}
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    proc = subprocess.run([str(cli), "validate", str(tmp_path / "datapackage.json")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_writing_parquet_is_left_to_frictionless(tmp_path):
    (tmp_path / "w.csv").write_text("id,n\na,1\nb,\n")
    frictionless.Resource(str(tmp_path / "w.csv")).write(str(tmp_path / "w.parquet"))
    assert pq.read_table(tmp_path / "w.parquet").to_pylist() == [{"id": "a", "n": 1}, {"id": "b", "n": None}]
    assert frictionless.Resource("w.parquet", basepath=str(tmp_path)).validate().valid

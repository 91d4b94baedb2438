"""write_release on tiny tables: files, checksums, Data Package, CITATION.cff, determinism."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

from conflictnews import schemas
from conflictnews.ids import article_id
from conflictnews.quarantine import quarantine_row
from conflictnews.release import RELEASE_TABLES, compute_sha256, write_release
from conflictnews.tables import read_table, to_table

TEXT = "Air strikes hit a market on Monday, killing 12 people, rescue workers said."
SCHEMAS = {name: getattr(schemas, name.upper()) for name in RELEASE_TABLES}


def _tables() -> dict:
    ids = [article_id("seeds", s) for s in ("b", "a")]  # unsorted on purpose
    articles = [
        {"article_id": aid, "source": "seeds", "source_id": s, "raw_path": f"raw/seeds/{s}.txt", "raw_locator": "file",
         "raw_sha256": "0" * 64, "text": TEXT, "published_date": dt.date(2017, 9, 28), "was_lowercased": False,
         "boilerplate_removed": "{}", "story_id": ids[1], "is_canonical": s == "a", "headings": ["Photo"]}
        for aid, s in zip(ids, ("b", "a"), strict=True)
    ]  # fmt: skip
    events = [{"event_id": "e1", "article_id": ids[1], "incident_id": "e1", "event_type": "air_strike",
               "trigger": "Air strikes", "is_asserted": True, "latitude": 35.123456789, "sentence": TEXT,
               "char_start": 0, "char_end": len(TEXT), "fatalities_best": 12}]  # fmt: skip
    incidents = [{"incident_id": "e1", "event_type": "air_strike", "n_mentions": 1, "n_articles": 1, "n_sources": 1,
                  "n_independent_sources": 1, "contested": False}]  # fmt: skip
    quarantine = [quarantine_row(source="seeds", raw_path="raw/seeds/c.txt", raw_locator="file", stage="clean",
                                 reason="too_short", source_id="c")]  # fmt: skip
    rows = {"articles": articles, "events": events, "incidents": incidents, "quarantine": quarantine,
            "article_links": [{"article_id": ids[0], "other_article_id": ids[1], "relation": "exact_duplicate",
                               "score": 1.0}],
            "claims": [], "entities": []}  # fmt: skip
    return {name: to_table(rows[name], SCHEMAS[name]) for name in RELEASE_TABLES}


def _write(out: Path, tmp_path: Path, threads: int = 1) -> None:
    qc_dir = tmp_path / "qc_in"
    qc_dir.mkdir(exist_ok=True)
    for stage in ("ingest", "release"):
        (qc_dir / f"{stage}.json").write_text(json.dumps({"stage": stage, "success": True}) + "\n")
    csv_path = tmp_path / "event_types.csv"
    csv_path.write_text("event_type,description\nair_strike,Bombing from aircraft.\nshooting,Gunfire.\n")
    accounting = {"success": True, "sources": [{"source": "seeds", "n_raw": 3, "n_kept": 2, "n_quarantined": 1,
                                                "quarantined_by_reason": {"clean/too_short": 1}}]}  # fmt: skip
    write_release(
        out,
        tables=_tables(),
        schemas=SCHEMAS,
        version="0.1.0",
        released="2026-11-23",
        config={
            "sources": {"seeds": {"reader": "text", "path": "raw/seeds"}, "abs": {"reader": "csv", "path": "/x.csv"}}
        },
        qc_files=sorted(qc_dir.glob("*.json")),
        event_types_csv=csv_path,
        accounting=accounting,
        threads=threads,
    )


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("release")
    _write(tmp / "v0.1.0", tmp)
    return tmp / "v0.1.0"


EXPECTED = [f"{n}.parquet" for n in RELEASE_TABLES] + [
    "event_types.csv", "datapackage.json", "CITATION.cff", "README.md", "SHA256SUMS", "qc/ingest.json",
    "qc/release.json", "report.html"]  # fmt: skip


def test_all_files_exist(release):
    found = sorted(str(p.relative_to(release)) for p in release.rglob("*") if p.is_file())
    assert found == sorted(EXPECTED)


def test_tables_sorted_by_id_with_schema(release):
    articles = read_table(release / "articles.parquet")
    assert articles.schema.equals(schemas.ARTICLES)
    ids = articles.column("article_id").to_pylist()
    assert ids == sorted(ids)


def test_sha256sums_match_files(release):
    lines = (release / "SHA256SUMS").read_text().splitlines()
    paths = [line.split("  ", 1)[1] for line in lines]
    assert paths == sorted(paths) and set(paths) == set(EXPECTED) - {"SHA256SUMS"}
    for line in lines:
        digest, rel = line.split("  ", 1)
        assert re.fullmatch(r"[0-9a-f]{64}", digest)
        assert compute_sha256(release / rel) == digest


def test_datapackage_hashes_bytes_and_schema(release):
    package = json.loads((release / "datapackage.json").read_text())
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert package["version"] == "0.1.0" and package["created"].startswith("2026-11-23")
    assert [r["name"] for r in package["resources"]] == [*RELEASE_TABLES, "event_types"]
    assert package["sources"] == [{"title": "abs", "description": "reader: csv"},
                                  {"title": "seeds", "description": "reader: text", "path": "raw/seeds"}]  # fmt: skip
    for res in package["resources"]:
        path = release / res["path"]
        assert res["bytes"] == path.stat().st_size
        assert res["hash"] == "sha256:" + compute_sha256(path)
    events = next(r for r in package["resources"] if r["name"] == "events")
    fields = {f["name"]: f for f in events["schema"]["fields"]}
    assert fields["latitude"]["type"] == "number" and fields["char_start"]["type"] == "integer"
    assert fields["event_date"]["type"] == "date" and fields["is_asserted"]["type"] == "boolean"
    assert fields["event_id"]["constraints"] == {"required": True} and "constraints" not in fields["actor"]
    assert fields["event_id"]["description"].startswith("Stable id")
    assert events["schema"]["primaryKey"] == ["event_id"]
    articles = next(r for r in package["resources"] if r["name"] == "articles")
    assert {f["name"]: f["type"] for f in articles["schema"]["fields"]}["headings"] == "array"
    assert "/tmp" not in (release / "datapackage.json").read_text()


def test_datapackage_descriptor_is_valid_frictionless(release):
    frictionless = pytest.importorskip("frictionless")
    errors = frictionless.Package.metadata_validate(json.loads((release / "datapackage.json").read_text()))
    assert [e.message for e in errors] == []
    # Every resource, Parquet (read by the frictionless_arrowparquet plugin) and CSV, validates against its
    # declared schema: types, required fields, primary and foreign keys, bytes and hash.
    report = frictionless.Package(str(release / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])
    assert len(report.tasks) == len(json.loads((release / "datapackage.json").read_text())["resources"])


# The rules of the CFF 1.2.0 schema this file uses (cffconvert is not installed: it pins jsonschema 3).
CFF_RULES = {
    "type": "object",
    "required": ["cff-version", "message", "title", "authors"],
    "properties": {
        "cff-version": {"type": "string", "const": "1.2.0"},
        "type": {"enum": ["dataset", "software"]},
        "message": {"type": "string", "minLength": 1},
        "title": {"type": "string", "minLength": 1},
        "version": {"type": "string"},
        "date-released": {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "license": {"type": "string"},
        "abstract": {"type": "string", "minLength": 1},
        "keywords": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
        "authors": {"type": "array", "minItems": 1, "items": {"type": "object", "anyOf": [
            {"required": ["name"]}, {"required": ["family-names"]}, {"required": ["given-names"]}]}},
    },
    "additionalProperties": False,
}  # fmt: skip


def test_citation_cff(release):
    import jsonschema

    cff = yaml.safe_load((release / "CITATION.cff").read_text())
    assert cff["type"] == "dataset" and cff["version"] == "0.1.0" and cff["date-released"] == "2026-11-23"
    jsonschema.validate(cff, CFF_RULES)


def test_readme_card(release):
    card = (release / "README.md").read_text()
    assert "Version 0.1.0, released 2026-11-23" in card
    assert "| seeds | 3 | 2 | 1 | clean/too_short: 1 |" in card
    assert "| `articles.parquet` | 2 |" in card
    for stage in ("ingest", "clean", "dedup", "extract", "claims", "incidents", "validation"):
        assert f"**{stage}.**" in card
    assert "| `fatalities_best` | int32 |" in card
    assert "pd.read_parquet" in card and "CITATION.cff" in card and "Known limitations" in card


def test_two_writes_are_byte_identical(release, tmp_path):
    _write(tmp_path / "again", tmp_path)
    for rel in EXPECTED:
        assert (tmp_path / "again" / rel).read_bytes() == (release / rel).read_bytes(), rel


def test_tables_written_beside_the_report_give_the_same_files(release, tmp_path):
    _write(tmp_path / "threads", tmp_path, threads=2)
    assert sorted(p.relative_to(tmp_path / "threads").as_posix() for p in (tmp_path / "threads").rglob("*")
                  if p.is_file()) == sorted(EXPECTED)  # fmt: skip
    for rel in EXPECTED:
        assert (tmp_path / "threads" / rel).read_bytes() == (release / rel).read_bytes(), rel


def test_missing_table_is_an_error(tmp_path):
    tables = _tables()
    del tables["claims"]
    with pytest.raises(ValueError, match="claims"):
        write_release(tmp_path, tables=tables, schemas=SCHEMAS, version="0.1.0", released="2026-11-23", config={},
                      qc_files=[], event_types_csv=tmp_path / "x.csv")  # fmt: skip


def test_quality_report_is_self_contained(release):
    html = (release / "report.html").read_text()
    for section in ("Validation gates", "Row accounting per source", "Articles per outlet and day",
                    "Events per type and governorate", "Map of geocoded events", "Contested incidents"):  # fmt: skip
        assert section in html, section
    assert html.count("<svg") >= 3  # quarantine reasons, articles per day, contested incidents
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing fetched from the network
    assert "clean/too_short: 1" in html


def test_release_validates_with_frictionless(release, tmp_path):
    import shutil

    from conflictnews.release.validate import validate_release

    assert validate_release(release) == []
    broken = tmp_path / "broken"
    shutil.copytree(release, broken)
    package = json.loads((broken / "datapackage.json").read_text())
    links = next(r for r in package["resources"] if r["name"] == "article_links")
    links["schema"]["fields"][0]["type"] = "integer"  # article ids are strings
    (broken / "datapackage.json").write_text(json.dumps(package))
    (broken / "event_types.csv").write_text("event_type,description\nair_strike,x\nair_strike,y\n")
    problems = validate_release(broken)
    assert any(p.startswith("article_links") for p in problems)
    assert any(p.startswith("event_types") and "sha256" in p for p in problems)
    assert any(p.startswith("event_types") and "primary" in p.lower() for p in problems)


def test_frictionless_cli_validates_the_release(release):
    import subprocess
    import sys

    cli = Path(sys.executable).with_name("frictionless")
    if not cli.exists():
        pytest.skip("frictionless command not installed")
    proc = subprocess.run([str(cli), "validate", str(release / "datapackage.json")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr

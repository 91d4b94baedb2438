"""Version diff (rows and columns by stable id, required bump) and publication (immutability, version check)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conflictnews.release.diff import bump_version, diff_releases, main, to_markdown, version_error
from conflictnews.release.publish import ReleaseError, add_changelog_entry, publish

EVENTS = pa.schema([("event_id", pa.string()), ("event_type", pa.string()), ("fatalities_best", pa.int32())])


def make_release(root: Path, version: str, rows: list[dict], schema: pa.Schema = EVENTS, note: str = "") -> Path:
    """A minimal release: one table, its Data Package entry and SHA256SUMS."""
    out = root / f"v{version}"
    out.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), out / "events.parquet")
    fields = [{"name": f.name, "type": "string"} for f in schema]
    resource = {"name": "events", "path": "events.parquet", "format": "parquet",
                "schema": {"fields": fields, "primaryKey": ["event_id"]}}  # fmt: skip
    (out / "datapackage.json").write_text(json.dumps({"version": version, "resources": [resource]}))
    (out / "README.md").write_text(f"v{version} {note}\n")
    (out / "SHA256SUMS").write_text("x\n")
    return out


BASE = [
    {"event_id": "e1", "event_type": "air_strike", "fatalities_best": 3},
    {"event_id": "e2", "event_type": "shelling", "fatalities_best": None},
]


def test_diff_counts_rows_by_id_and_asks_minor_for_added_rows(tmp_path):
    old = make_release(tmp_path / "a", "0.1.0", BASE)
    new_rows = [{**BASE[0], "fatalities_best": 4}, BASE[1], {"event_id": "e3", "event_type": "arrest"}]
    new = make_release(tmp_path / "b", "0.2.0", new_rows)
    report = diff_releases(old, new)
    (events,) = report["tables"]
    assert (events["rows_added"], events["rows_removed"], events["rows_changed"]) == (1, 0, 1)
    assert events["changed_columns"] == {"fatalities_best": 1}
    assert events["examples"]["added"] == ["e3"] and events["examples"]["changed"] == ["e1"]
    assert report["bump"] == "minor" and report["minimum_version"] == "0.2.0"
    assert version_error(report, "0.2.0") is None
    assert "MINOR" in version_error(report, "0.1.1")
    md = to_markdown(report)
    assert "Required version bump: **MINOR**" in md and "`e3`" in md


def test_corrected_values_only_need_a_patch(tmp_path):
    old = make_release(tmp_path / "a", "1.2.0", BASE)
    new = make_release(tmp_path / "b", "1.2.1", [BASE[0], {**BASE[1], "fatalities_best": 7}])
    report = diff_releases(old, new)
    assert report["bump"] == "patch" and report["minimum_version"] == "1.2.1"


def test_removed_or_retyped_column_needs_major_added_column_minor(tmp_path):
    old = make_release(tmp_path / "a", "1.0.0", BASE)
    retyped = pa.schema([("event_id", pa.string()), ("event_type", pa.string()), ("fatalities_best", pa.float64())])
    new = make_release(tmp_path / "b", "1.1.0", BASE, schema=retyped)
    report = diff_releases(old, new)
    assert report["tables"][0]["columns_retyped"] == [{"column": "fatalities_best", "from": "int32", "to": "double"}]
    assert report["bump"] == "major" and report["minimum_version"] == "2.0.0"
    dropped = make_release(tmp_path / "c", "1.1.0", [{"event_id": r["event_id"]} for r in BASE],
                           schema=pa.schema([("event_id", pa.string())]))  # fmt: skip
    assert diff_releases(old, dropped)["tables"][0]["columns_removed"] == ["event_type", "fatalities_best"]
    added = EVENTS.append(pa.field("injured", pa.int32()))
    new = make_release(tmp_path / "d", "1.1.0", BASE, schema=added)
    report = diff_releases(old, new)
    assert report["tables"][0]["columns_added"] == ["injured"] and report["bump"] == "minor"


def test_identical_tables_need_no_bump(tmp_path):
    report = diff_releases(make_release(tmp_path / "a", "0.1.0", BASE), make_release(tmp_path / "b", "0.1.1", BASE))
    assert report["bump"] == "none" and report["reasons"] == []


def test_rows_are_matched_by_id_not_position_and_nan_equals_null(tmp_path):
    schema = pa.schema([("event_id", pa.string()), ("score", pa.float64()), ("sources", pa.list_(pa.string()))])
    rows = [
        {"event_id": "e1", "score": float("nan"), "sources": ["a"]},
        {"event_id": "e2", "score": 0.5, "sources": ["a", "b"]},
        {"event_id": "e3", "score": None, "sources": []},
    ]
    old = make_release(tmp_path / "a", "0.1.0", rows, schema=schema)
    reordered = [{**rows[2], "sources": ["c"]}, {**rows[0], "score": None}, rows[1]]  # e3's list changed
    report = diff_releases(old, make_release(tmp_path / "b", "0.1.1", reordered, schema=schema))
    (table,) = report["tables"]
    assert (table["rows_added"], table["rows_removed"], table["rows_changed"]) == (0, 0, 1)
    assert table["changed_columns"] == {"sources": 1} and table["examples"]["changed"] == ["e3"]
    rescored = [rows[0], {**rows[1], "score": 0.75}, {**rows[2], "score": 0.0}]
    report = diff_releases(old, make_release(tmp_path / "c", "0.1.1", rescored, schema=schema))
    assert report["tables"][0]["changed_columns"] == {"score": 2}
    assert report["tables"][0]["examples"]["changed"] == ["e2", "e3"]


def test_bump_version():
    assert [bump_version("1.4.2", b) for b in ("none", "patch", "minor", "major")] == [
        "1.4.2", "1.4.3", "1.5.0", "2.0.0"]  # fmt: skip


def test_diff_command_writes_markdown_and_json(tmp_path, capsys):
    old = make_release(tmp_path, "0.1.0", BASE)
    new = make_release(tmp_path, "0.2.0", BASE[:1])
    assert main([str(old), str(new), "--out", str(tmp_path / "out")]) == 0
    assert "rows removed from events" in capsys.readouterr().out
    report = json.loads((tmp_path / "out" / "v0.1.0_v0.2.0.json").read_text())
    assert report["bump"] == "patch" and report["tables"][0]["rows_removed"] == 1
    assert (tmp_path / "out" / "v0.1.0_v0.2.0.md").is_file()
    assert main([str(tmp_path / "v9.9.9"), str(new)]) == 2


def test_publish_copies_then_identical_is_a_noop_and_different_is_refused(tmp_path):
    staging = make_release(tmp_path / "staging", "0.1.0", BASE)
    root, changelog = tmp_path / "release", tmp_path / "CHANGELOG.md"
    first = publish(staging, root, "0.1.0", "2026-01-01", changelog)
    assert first["status"] == "published" and (root / "v0.1.0" / "events.parquet").is_file()
    assert "## [0.1.0] - 2026-01-01" in changelog.read_text()
    assert publish(staging, root, "0.1.0", "2026-01-01", changelog)["status"] == "unchanged"
    changed = make_release(tmp_path / "staging2", "0.1.0", BASE[:1])
    with pytest.raises(ReleaseError, match=r"already published.*Bump `version`.*0\.1\.1"):
        publish(changed, root, "0.1.0", "2026-01-01", changelog)
    assert pq.read_table(root / "v0.1.0" / "events.parquet").num_rows == 2  # untouched


def test_publish_refuses_a_version_smaller_than_the_change_requires(tmp_path):
    root = tmp_path / "release"
    publish(make_release(tmp_path / "s1", "0.1.0", BASE), root, "0.1.0", "2026-01-01")
    grown = make_release(tmp_path / "s2", "0.1.1", [*BASE, {"event_id": "e9", "event_type": "arrest"}])
    with pytest.raises(ReleaseError, match=r"requires a MINOR bump.*version: 0\.2\.0"):
        publish(grown, root, "0.1.1", "2026-02-01")
    assert not (root / "v0.1.1").exists()
    grown = make_release(tmp_path / "s3", "0.2.0", [*BASE, {"event_id": "e9", "event_type": "arrest"}])
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("# Changelog\n\nIntro.\n\n## [0.1.0] - 2026-01-01\n\nFirst.\n")
    record = publish(grown, root, "0.2.0", "2026-02-01", changelog)
    assert record["previous"] == "0.1.0" and record["bump"] == "minor"
    text = changelog.read_text()
    assert text.index("## [0.2.0]") < text.index("## [0.1.0]") and "1 rows added to events" in text


def test_changelog_entry_written_by_hand_is_kept(tmp_path):
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("# Changelog\n\n## [0.2.0] - 2026-02-01\n\nOur words.\n")
    assert add_changelog_entry(changelog, "0.2.0", "## [0.2.0] generated\n") is False
    assert "Our words." in changelog.read_text() and "generated" not in changelog.read_text()


def test_last_rows_of_sorted_unique_ids_and_of_repeated_ones():
    from conflictnews.release.diff import _last_rows

    def last(ids):
        table = _last_rows(pa.table({"id": pa.array(ids, pa.string())}), ["id"], "row")
        return dict(zip(table["id"].to_pylist(), table["row"].to_pylist(), strict=True))

    assert last(["a", "b", "c"]) == {"a": 0, "b": 1, "c": 2}  # sorted, each once: the rows as they are
    assert last(["b", "a", "b"]) == {"a": 1, "b": 2}  # a repeated id: its last row
    assert last(["a", "b", "b"]) == {"a": 0, "b": 2}  # sorted but repeated
    assert last(["a", None, "b"]) == {"a": 0, None: 1, "b": 2}  # a null is no order

"""Readers on small hand-written inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conflictnews.ids import article_id
from conflictnews.ingest import ingest_source
from conflictnews.ingest.readers import READERS, get_reader

BODY = "Shelling hit the eastern district on Monday, killing three people, residents said."


def _reasons(quarantine) -> dict[str, str]:
    return dict(zip(quarantine["raw_locator"].to_pylist(), quarantine["reason"].to_pylist(), strict=True))


def test_text_reader_directory(tmp_path: Path):
    d = tmp_path / "raw" / "news"
    d.mkdir(parents=True)
    (d / "b.txt").write_text(BODY, encoding="utf-8")
    (d / "a.txt").write_text("Another article. " + BODY, encoding="utf-8")
    (d / "empty.txt").write_text("  \n\n ", encoding="utf-8")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (d / "ignored.csv").write_text("x", encoding="utf-8")
    raw, quarantine = ingest_source("news", {"reader": "text", "path": "raw/news"}, base_dir=tmp_path)
    assert sorted(raw["source_id"].to_pylist()) == ["a", "b"]
    assert set(raw["raw_path"].to_pylist()) == {"raw/news/a.txt", "raw/news/b.txt"}
    assert set(raw["raw_locator"].to_pylist()) == {"file"}
    row = next(r for r in raw.to_pylist() if r["source_id"] == "b")
    assert row["text"] == BODY
    assert row["article_id"] == article_id("news", "b")
    import hashlib

    assert row["raw_sha256"] == hashlib.sha256(BODY.encode()).hexdigest()
    reasons = dict(zip(quarantine["source_id"].to_pylist(), quarantine["reason"].to_pylist(), strict=True))
    assert reasons == {"empty": "empty_text", "binary": "undecodable"}
    assert raw["article_id"].to_pylist() == sorted(raw["article_id"].to_pylist())


def test_text_reader_repairs_mojibake_and_invalid_utf8(tmp_path: Path):
    (tmp_path / "moji.txt").write_text("The minister\u00e2\u20ac\u2122s office said. " + BODY, encoding="utf-8")
    (tmp_path / "cp.txt").write_bytes(("Syria" + "\x92" + "s army said. ").encode("latin-1") + BODY.encode())
    raw, quarantine = ingest_source("n", {"reader": "text", "path": "*.txt"}, base_dir=tmp_path)
    assert quarantine.num_rows == 0
    texts = dict(zip(raw["source_id"].to_pylist(), raw["text"].to_pylist(), strict=True))
    assert texts["moji"].startswith("The minister\u2019s office said.")
    assert texts["cp"].startswith("Syria\u2019s army said.")
    assert all(raw["text_repaired"].to_pylist())


def test_text_reader_too_large_not_read(tmp_path: Path):
    (tmp_path / "big.txt").write_text("word " * 1000, encoding="utf-8")
    raw, quarantine = ingest_source("n", {"reader": "text", "path": "big.txt"}, base_dir=tmp_path, max_bytes=100)
    assert raw.num_rows == 0
    assert quarantine["reason"].to_pylist() == ["too_large"]
    assert quarantine["raw_path"].to_pylist() == ["big.txt"]


CSV_CFG = {
    "reader": "csv",
    "path": "a.csv",
    "encoding": "cp1252",
    "columns": {"id": "uid", "title": "headline", "text": "body", "outlet": "src", "published": "day"},
}


def _write_csv(path: Path) -> None:
    rows = [
        b"uid,headline,body,src,day\r\n",
        b'1,Strikes hit town,"Syria\x92s army said \x93ten\x94 died.",agency,4/7/17\r\n',
        b"2,Bad row,too,many,fields,here\r\n",
        b"3,No text,,agency,4/8/17\r\n",
        b'4,Stray byte,"The \x95\x81convoy was hit, officials said.",agency,4/9/17\r\n',
        b'1,Same id,"A repeat of an id.",agency,4/9/17\r\n',
        b'5,Multi,"line one\r\nline two",agency,\r\n',
    ]
    path.write_bytes(b"".join(rows))


def test_csv_reader_cp1252_bad_rows(tmp_path: Path):
    _write_csv(tmp_path / "a.csv")
    raw, quarantine = ingest_source("c", CSV_CFG, base_dir=tmp_path)
    assert _reasons(quarantine) == {"row 2": "malformed_row", "row 3": "missing_text", "row 5": "duplicate_id"}
    rows = {r["source_id"]: r for r in raw.to_pylist()}
    assert set(rows) == {"1", "4", "5"}
    assert rows["1"]["text"] == "Syria\u2019s army said \u201cten\u201d died."
    assert rows["1"]["title"] == "Strikes hit town"
    assert rows["1"]["published"] == "4/7/17"
    assert rows["1"]["raw_locator"] == "row 1"
    assert rows["1"]["text_repaired"] is False
    assert rows["4"]["text"] == "The convoy was hit, officials said."
    assert rows["4"]["text_repaired"] is True
    assert rows["5"]["text"] == "line one\r\nline two"
    assert rows["5"]["published"] is None


def test_csv_reader_sha_is_canonical_json(tmp_path: Path):
    import hashlib

    (tmp_path / "a.csv").write_text("text,id\nhello there,x\n", encoding="utf-8")
    raw, _ = ingest_source("c", {"reader": "csv", "path": "a.csv"}, base_dir=tmp_path)
    canonical = json.dumps({"id": "x", "text": "hello there"}, sort_keys=True, separators=(",", ":"))
    assert raw["raw_sha256"].to_pylist() == [hashlib.sha256(canonical.encode()).hexdigest()]
    assert raw["source_id"].to_pylist() == ["x"]


def test_csv_reader_without_id_uses_row_locator(tmp_path: Path):
    (tmp_path / "a.csv").write_text("text\nfirst article\nsecond article\n", encoding="utf-8")
    raw, _ = ingest_source("c", {"reader": "csv", "path": "a.csv"}, base_dir=tmp_path)
    assert sorted(raw["source_id"].to_pylist()) == ["row 1", "row 2"]


def test_csv_missing_column_quarantines_every_row(tmp_path: Path):
    (tmp_path / "a.csv").write_text("id,content\n1,some text\n2,more text\n", encoding="utf-8")
    raw, quarantine = ingest_source("c", {"reader": "csv", "path": "a.csv"}, base_dir=tmp_path)
    assert raw.num_rows == 0
    assert quarantine["reason"].to_pylist() == ["missing_column", "missing_column"]
    assert all("'text'" in d for d in quarantine["detail"].to_pylist())


def test_jsonl_reader(tmp_path: Path):
    lines = [
        json.dumps({"doc": "a1", "content": BODY, "lang": "en", "n": 3}),
        '{"doc": "a2", "content": "broken',
        "",
        json.dumps({"doc": "a3", "content": ""}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"doc": "a1", "content": "again"}),
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cfg = {"reader": "jsonl", "path": "a.jsonl", "columns": {"id": "doc", "text": "content", "language": "lang"}}
    raw, quarantine = ingest_source("j", cfg, base_dir=tmp_path)
    assert raw["source_id"].to_pylist() == ["a1"]
    assert raw["language"].to_pylist() == ["en"]
    assert raw["raw_locator"].to_pylist() == ["line 1"]
    assert _reasons(quarantine) == {
        "line 2": "malformed_row",
        "line 4": "missing_text",
        "line 5": "malformed_row",
        "line 6": "duplicate_id",
    }


@pytest.mark.parametrize("reader", ["text", "csv", "jsonl"])
def test_every_record_accounted_for(tmp_path: Path, reader: str):
    """raw records = RAW_ARTICLES rows + ingest quarantine rows, no record in both."""
    if reader == "text":
        for i, text in enumerate([BODY, "", BODY, "\x00\x00"]):
            (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
        cfg, n_records = {"reader": "text", "path": "."}, 4
    elif reader == "csv":
        _write_csv(tmp_path / "a.csv")
        cfg, n_records = CSV_CFG, 6
    else:
        lines = ['{"id": "1", "text": "ok"}', "{bad", '{"id": "1", "text": "dup"}', '{"id": "2"}']
        (tmp_path / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
        cfg, n_records = {"reader": "jsonl", "path": "a.jsonl"}, 4
    raw, quarantine = ingest_source("s", cfg, base_dir=tmp_path)
    assert raw.num_rows + quarantine.num_rows == n_records
    raw_locs = set(zip(raw["raw_path"].to_pylist(), raw["raw_locator"].to_pylist(), strict=True))
    q_locs = set(zip(quarantine["raw_path"].to_pylist(), quarantine["raw_locator"].to_pylist(), strict=True))
    assert not raw_locs & q_locs
    assert len(raw_locs | q_locs) == n_records
    assert set(quarantine["stage"].to_pylist()) <= {"ingest"}


def test_ingest_is_deterministic(tmp_path: Path):
    _write_csv(tmp_path / "a.csv")
    first = ingest_source("c", CSV_CFG, base_dir=tmp_path)
    second = ingest_source("c", CSV_CFG, base_dir=tmp_path)
    assert first[0].equals(second[0]) and first[1].equals(second[1])


def test_disabled_source_reads_nothing(tmp_path: Path):
    raw, quarantine = ingest_source("c", {"reader": "csv", "path": "missing.csv", "enabled": False}, base_dir=tmp_path)
    assert raw.num_rows == 0 and quarantine.num_rows == 0


def test_unknown_reader_names_valid_ones():
    with pytest.raises(ValueError, match="'xml'.*csv.*jsonl.*text"):
        get_reader("xml")
    assert set(READERS) == {"text", "csv", "jsonl"}


def test_50mb_and_binary_files_quarantined_without_stopping(tmp_path: Path):
    (tmp_path / "a_ok.txt").write_text("Rescuers said ten people were killed in the town.", encoding="utf-8")
    with open(tmp_path / "b_big.txt", "wb") as fh:
        fh.write(b"word " * 10_000_000)  # 50 MB
    (tmp_path / "c_binary.txt").write_bytes(bytes(range(256)) * 64)
    raw, quarantine = ingest_source("n", {"reader": "text", "path": "."}, base_dir=tmp_path, max_bytes=4_000_000)
    assert raw["source_id"].to_pylist() == ["a_ok"]
    reasons = dict(zip(quarantine["source_id"].to_pylist(), quarantine["reason"].to_pylist(), strict=True))
    assert reasons == {"b_big": "too_large", "c_binary": "undecodable"}

"""Shard planning (conflictnews.shards) and reading one shard (ingest_source(..., shard=...))."""

from __future__ import annotations

import json
import re

import pytest

from conflictnews.ingest import ingest_source
from conflictnews.shards import CHUNK_PATTERN, plan_shards, record_shards, text_shards


def names(shards):
    return [s.name for s in shards]


def test_text_source_is_cut_into_chunks_of_sorted_files():
    shards = text_shards("seeds", ["d.txt", "a.txt", "c.txt", "b.txt", "e.txt"], chunk_size=2)
    assert names(shards) == ["seeds/000", "seeds/001", "seeds/002"]
    assert [s.files for s in shards] == [("a.txt", "b.txt"), ("c.txt", "d.txt"), ("e.txt",)]


def test_new_text_files_sorting_last_only_add_shards():
    old = text_shards("seeds", [f"{i:03d}.txt" for i in range(6)], chunk_size=3)
    new = text_shards("seeds", [f"{i:03d}.txt" for i in range(8)], chunk_size=3)
    assert new[: len(old)] == old  # same names, same files: Snakemake reruns none of them
    assert names(new[len(old) :]) == ["seeds/002"]


def test_record_files_are_cut_into_byte_ranges():
    shards = record_shards("news", {"in/b.csv": 25, "in/a.csv": 10, "in/c.csv": 0}, chunk_bytes=10)
    assert names(shards) == ["news/a-000", "news/b-000", "news/b-001", "news/b-002", "news/c-000"]
    b = [s for s in shards if s.files == ("in/b.csv",)]
    assert [(s.start, s.stop) for s in b] == [(0, 10), (10, 20), (20, None)]
    assert all(re.fullmatch(CHUNK_PATTERN, s.chunk) for s in shards)


def test_same_stem_in_two_folders_gives_two_names():
    shards = record_shards("news", {"x/a.csv": 1, "y/a.csv": 1}, chunk_bytes=10)
    assert len(set(names(shards))) == 2


def test_new_file_in_a_glob_only_adds_its_shards():
    readers = {"news": "jsonl", "seeds": "text"}
    files = {"news": ["in/2024-01.jsonl"], "seeds": ["s/a.txt"]}
    sizes = {"in/2024-01.jsonl": 30, "in/2024-02.jsonl": 15}
    old = plan_shards(readers, files, sizes, chunk_size=2, chunk_bytes=10)
    files["news"] = ["in/2024-01.jsonl", "in/2024-02.jsonl"]
    new = plan_shards(readers, files, sizes, chunk_size=2, chunk_bytes=10)
    assert {k: v for k, v in new.items() if k in old} == old
    assert sorted(set(new) - set(old)) == ["news/2024-02-000", "news/2024-02-001"]


CSV = (
    "id,text\n"
    'a1,"First article, with a comma and a ""quote""."\n'
    "\n"
    'a2,"Second article\nspans two lines."\n'
    "a3,\n"
    "a4,Fourth article.\n"
    'a5,"Fifth\n\nwith a blank line inside."\n'
)


def read_in_shards(tmp_path, name, content, reader, chunk_bytes):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8"))
    cfg = {"reader": reader, "path": name}
    shards = record_shards("news", {name: path.stat().st_size}, chunk_bytes, reader)
    full = ingest_source("news", cfg, tmp_path)
    parts = [ingest_source("news", cfg, tmp_path, shard=s.params()) for s in shards]
    return full, parts


def rows(table):
    return sorted(zip(table["source_id"].to_pylist(), table["raw_locator"].to_pylist(), strict=True))


@pytest.mark.parametrize("chunk_bytes", [1, 7, 20, 45, 10_000])
def test_csv_shards_read_every_record_exactly_once(tmp_path, chunk_bytes):
    full, parts = read_in_shards(tmp_path, "news.csv", CSV, "csv", chunk_bytes)
    assert rows(full[0]) == [("a1", "row 1"), ("a2", "row 3"), ("a4", "row 5"), ("a5", "row 6")]
    assert sorted(r for p in parts for r in rows(p[0])) == rows(full[0])
    quarantined = [q for p in parts for q in p[1]["raw_locator"].to_pylist()]
    assert quarantined == full[1]["raw_locator"].to_pylist() == ["row 4"]
    texts = {r: t for p in parts for r, t in zip(p[0]["source_id"].to_pylist(), p[0]["text"].to_pylist(), strict=True)}
    assert texts["a2"] == "Second article\nspans two lines."


@pytest.mark.parametrize("chunk_bytes", [1, 9, 30, 10_000])
def test_jsonl_shards_read_every_record_exactly_once(tmp_path, chunk_bytes):
    lines = [json.dumps({"id": f"j{i}", "text": f"Article number {i}."}) for i in range(5)]
    content = "\n".join([lines[0], "", *lines[1:3], "{broken", *lines[3:]]) + "\n"
    full, parts = read_in_shards(tmp_path, "news.jsonl", content, "jsonl", chunk_bytes)
    assert rows(full[0])[0] == ("j0", "line 1")
    assert sorted(r for p in parts for r in rows(p[0])) == rows(full[0])
    quarantined = [q for p in parts for q in p[1]["raw_locator"].to_pylist()]
    assert quarantined == full[1]["raw_locator"].to_pylist() == ["line 5"]


def test_text_shard_reads_only_its_files(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    for name in ("a", "b", "c"):
        (folder / f"{name}.txt").write_text(f"Article {name} text.")
    cfg = {"reader": "text", "path": "texts"}
    shard = text_shards("texts", ["texts/a.txt", "texts/b.txt", "texts/c.txt"], chunk_size=2)[1]
    articles, _ = ingest_source("texts", cfg, tmp_path, shard=shard.params())
    assert articles["source_id"].to_pylist() == ["c"]
    assert articles["raw_path"].to_pylist() == ["texts/c.txt"]


@pytest.mark.parametrize(("reader", "content"), [("csv", CSV), ("jsonl", '{"id": "j1", "text": "One."}\n')])
def test_range_past_the_end_reads_nothing(tmp_path, reader, content):
    (tmp_path / f"news.{reader}").write_text(content)
    cfg = {"reader": reader, "path": f"news.{reader}"}
    shard = {"files": [f"news.{reader}"], "start": 10_000, "stop": None}
    articles, quarantine = ingest_source("news", cfg, tmp_path, shard=shard)
    assert articles.num_rows == quarantine.num_rows == 0

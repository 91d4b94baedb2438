"""Ids and Parquet IO: stable, deterministic, schema-true."""

from __future__ import annotations

import pyarrow as pa

from conflictnews import schemas
from conflictnews.ids import article_id, stable_id
from conflictnews.quarantine import quarantine_row
from conflictnews.tables import conform, read_table, to_table, write_table


def test_stable_id_depends_on_every_part_and_nothing_else():
    assert stable_id("a", "b") == stable_id("a", "b")
    assert stable_id("a", "b") != stable_id("ab", "")
    assert stable_id("a", None) == stable_id("a", "")
    assert len(article_id("seeds", "001")) == 16
    assert article_id("seeds", "001") != article_id("other", "001")


def test_to_table_sorts_by_id_and_keeps_schema():
    rows = [
        quarantine_row(source="s", raw_path="b.txt", raw_locator="file", stage="ingest", reason="empty_text"),
        quarantine_row(source="s", raw_path="a.txt", raw_locator="file", stage="ingest", reason="empty_text"),
    ]
    table = to_table(rows, schemas.QUARANTINE, "quarantine_id")
    ids = table["quarantine_id"].to_pylist()
    assert ids == sorted(ids)
    assert table.schema == schemas.QUARANTINE


def test_write_table_is_byte_identical_whatever_the_row_order(tmp_path):
    rows = [
        quarantine_row(source="s", raw_path=f"{i}.txt", raw_locator="file", stage="clean", reason="too_short")
        for i in range(5)
    ]
    write_table(to_table(rows, schemas.QUARANTINE), tmp_path / "a.parquet", schemas.QUARANTINE, "quarantine_id")
    write_table(to_table(rows[::-1], schemas.QUARANTINE), tmp_path / "b.parquet", schemas.QUARANTINE, "quarantine_id")
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()
    back = read_table(tmp_path / "a.parquet")
    assert back.schema.field("reason").metadata == {
        b"description": schemas.QUARANTINE.field("reason").metadata[b"description"]
    }


def test_conform_adds_missing_columns_as_null_and_drops_extra():
    table = pa.table({"article_id": ["x"], "other_article_id": ["y"], "extra": [1]})
    out = conform(table, schemas.ARTICLE_LINKS)
    assert out.schema.names == schemas.ARTICLE_LINKS.names
    assert out["relation"].to_pylist() == [None]


def test_read_table_reads_only_the_asked_columns_typed_by_the_schema(tmp_path):
    path = tmp_path / "t.parquet"
    schema = pa.schema([("article_id", pa.string()), ("text", pa.string()), ("outlet", pa.string())])
    old_file = pa.table({"article_id": ["a"], "text": ["long body"]})  # written before `outlet` existed
    write_table(old_file, path)
    table = read_table(path, schema, columns=["article_id", "outlet"])
    assert table.schema == pa.schema([schema.field("article_id"), schema.field("outlet")])
    assert table.to_pylist() == [{"article_id": "a", "outlet": None}]


def test_in_order_and_sort_table_leave_an_ordered_table_as_is():
    from conflictnews.tables import in_order, sort_table

    assert in_order(pa.chunked_array([["a", "b"], ["b", "c"]]))  # across chunks, repeats allowed
    assert not in_order(pa.chunked_array([["a", "b"], ["b", "c"]]), strict=True)
    assert not in_order(pa.array(["a", None, "b"]))  # a null has no place in the order
    assert not in_order(pa.array([["a"], ["b"]]))  # lists have no order
    ordered = pa.table({"id": ["a", "b", "c"], "x": [3, 2, 1]})
    assert sort_table(ordered, "id") is ordered
    shuffled = pa.table({"id": ["b", "a", "b"], "x": [1, 2, 3]})
    assert sort_table(shuffled, "id").to_pylist() == [{"id": "a", "x": 2}, {"id": "b", "x": 1}, {"id": "b", "x": 3}]

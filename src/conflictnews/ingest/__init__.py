"""ingest: raw files of one configured source -> RAW_ARTICLES rows and ingest quarantine rows."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from ..schemas import QUARANTINE, RAW_ARTICLES
from ..tables import to_table
from .readers import DEFAULT_MAX_BYTES, READERS, Reader, get_reader

__all__ = ["READERS", "Reader", "get_reader", "ingest_source"]


def ingest_source(
    name: str,
    cfg: dict,
    base_dir: Path = Path("."),
    max_bytes: int = DEFAULT_MAX_BYTES,
    shard: dict | None = None,
) -> tuple[pa.Table, pa.Table]:
    """Read source `name` (one entry of config["sources"]) relative to base_dir.

    `shard` (conflictnews.shards.Shard.params()) limits the read to one shard: its `files`, and
    for csv/jsonl the records starting in the byte range [`start`, `stop`) of its one file.
    Returns (RAW_ARTICLES sorted by article_id, QUARANTINE sorted by quarantine_id): every raw
    record lands in exactly one of the two.
    """
    reader_name = cfg.get("reader")
    if not reader_name:
        raise ValueError(f"source {name!r}: no 'reader' set; valid readers: {sorted(READERS)}")
    shard = shard or {}
    if shard and reader_name != "text":
        (path,) = shard["files"]
        cfg = {**cfg, "path": path}
    elif shard:
        cfg = {**cfg, "files": list(shard["files"])}
    reader = get_reader(reader_name)(name, max_bytes=max_bytes, start=shard.get("start"), stop=shard.get("stop"))
    articles, rejected = [], []
    if cfg.get("enabled", True):
        for row in reader.read(name, cfg, Path(base_dir)):
            (rejected if "quarantine_id" in row else articles).append(row)
    return (
        to_table(articles, RAW_ARTICLES, sort_by="article_id"),
        to_table(rejected, QUARANTINE, sort_by="quarantine_id"),
    )

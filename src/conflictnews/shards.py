"""Shards: every source cut into fixed-size chunks, known before any job runs.

A shard is named `<source>/<chunk>` (the `{shard}` wildcard of the workflow). The plan depends on
file names and sizes only, never on file contents, so Snakemake knows every job at DAG time:

- text sources: the sorted file list cut into chunks of `chunk_size` files (one article each),
  named 000, 001, ... New files that sort after the existing ones fill the last chunk and then
  open new chunks; earlier chunks keep their files (and their jobs do not rerun).
- csv / jsonl sources: every matched file is cut into byte ranges of `chunk_bytes` bytes
  (at least one range per file). A record belongs to the range where its first byte lies, so
  every record is read exactly once. Chunks are named `<file stem>-<k>` (000, 001, ...), so a
  new file in a glob only adds its own chunks.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# Chunk names: letters, digits, "_" and "-" (no dots, so `{shard}.quarantine` never matches).
CHUNK_PATTERN = r"[A-Za-z0-9_-]+"


@dataclass(frozen=True)
class Shard:
    """One chunk of one source: the raw files it reads and, for csv/jsonl, its byte range."""

    source: str
    chunk: str
    files: tuple[str, ...]
    start: int | None = None  # records starting at byte >= start ...
    stop: int | None = None  # ... and < stop (None: to the end of the file)
    reader: str = field(default="text", compare=False)

    @property
    def name(self) -> str:
        return f"{self.source}/{self.chunk}"

    def params(self) -> dict:
        """What the ingest job of this shard needs (and all that its params depend on)."""
        out: dict = {"files": list(self.files)}
        if self.start is not None:
            out["start"], out["stop"] = self.start, self.stop
        return out


def text_shards(source: str, files: Iterable[str], chunk_size: int) -> list[Shard]:
    """The sorted files cut into chunks of chunk_size files, named 000, 001, ..."""
    if chunk_size < 1:
        raise ValueError(f"shards.chunk_size must be >= 1, got {chunk_size}")
    ordered = sorted(files)
    return [
        Shard(source, f"{k:03d}", tuple(ordered[i : i + chunk_size]), reader="text")
        for k, i in enumerate(range(0, len(ordered), chunk_size))
    ]


def _slug(path: str) -> str:
    stem = re.sub(r"\.[^./]*$", "", path.rsplit("/", 1)[-1])
    return re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_") or "file"


def record_shards(source: str, sizes: Mapping[str, int], chunk_bytes: int, reader: str = "csv") -> list[Shard]:
    """Every file (path -> size in bytes) cut into ranges of chunk_bytes; at least one per file."""
    if chunk_bytes < 1:
        raise ValueError(f"shards.chunk_bytes must be >= 1, got {chunk_bytes}")
    shards = []
    used: set[str] = set()
    for path in sorted(sizes):
        slug = _slug(path)
        if slug in used:  # same stem in two folders: tell them apart by the path
            slug = f"{slug}_{hashlib.sha1(path.encode()).hexdigest()[:8]}"
        used.add(slug)
        n = max(1, math.ceil(sizes[path] / chunk_bytes))
        for k in range(n):
            stop = (k + 1) * chunk_bytes if k < n - 1 else None
            shards.append(Shard(source, f"{slug}-{k:03d}", (path,), k * chunk_bytes, stop, reader=reader))
    return shards


def plan_shards(
    readers: Mapping[str, str],
    files: Mapping[str, Sequence[str]],
    sizes: Mapping[str, int],
    chunk_size: int,
    chunk_bytes: int,
) -> dict[str, Shard]:
    """All shards of all sources by name. readers: source -> reader; files: source -> raw files;
    sizes: file -> bytes (only read for csv/jsonl sources)."""
    plan: dict[str, Shard] = {}
    for source in sorted(files):
        if readers[source] == "text":
            shards = text_shards(source, files[source], chunk_size)
        else:
            shards = record_shards(source, {f: sizes[f] for f in files[source]}, chunk_bytes, readers[source])
        plan.update((s.name, s) for s in shards)
    return plan


def in_range(offset: int, start: int | None, stop: int | None) -> bool:
    """Whether a record starting at byte `offset` belongs to the range [start, stop)."""
    return (start is None or offset >= start) and (stop is None or offset < stop)

"""Readers: one class per raw format, all yielding the same row dicts.

A reader turns one configured source into RAW_ARTICLES rows (see schemas.RAW_ARTICLES) and
QUARANTINE rows (records that cannot be used, with a reason). Adding a format is one subclass
of `Reader` implementing `read` and one entry in `READERS`; the source config then says
`reader: <name>`.

Source config keys: `reader`, `path`, optional `encoding` (default utf-8), optional `columns`
mapping our fields (id, text, title, outlet, published, url, language) to the source's own
field names, optional `enabled`.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import json
import os
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path

from ..ids import article_id, sha256_bytes
from ..quarantine import quarantine_row
from .decode import decode_bytes, decode_line, decode_text

FIELDS = ("id", "text", "title", "outlet", "published", "url", "language")
OPTIONAL_FIELDS = ("title", "outlet", "published", "url", "language")
DEFAULT_MAX_BYTES = 5_000_000


def column_map(cfg: dict) -> dict[str, str]:
    """Our field -> the source's field name; unmapped fields keep their own name."""
    columns = dict(cfg.get("columns") or {})
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise ValueError(f"columns: unknown field(s) {unknown}; valid fields are {list(FIELDS)}")
    return columns


class Reader(ABC):
    """Reads one source. Subclasses implement `read`."""

    name = "reader"

    def __init__(
        self,
        source: str,
        max_bytes: int = DEFAULT_MAX_BYTES,
        start: int | None = None,
        stop: int | None = None,
    ):
        self.source = source
        self.max_bytes = max_bytes
        # Byte range of a shard (see conflictnews.shards): only records starting in [start, stop).
        self.start, self.stop = start, stop
        self._seen_ids: set[str] = set()

    @abstractmethod
    def read(self, source: str, cfg: dict, base_dir: Path) -> Iterator[dict]:
        """Yield RAW_ARTICLES rows and QUARANTINE rows (stage 'ingest') for every raw record."""

    # -- helpers shared by the readers --------------------------------------------------------

    def quarantine(self, raw_path: str, locator: str, reason: str, detail: str, source_id: str | None = None) -> dict:
        return quarantine_row(
            source=self.source,
            raw_path=raw_path,
            raw_locator=locator,
            stage="ingest",
            reason=reason,
            detail=detail,
            source_id=source_id,
            article_id=article_id(self.source, source_id) if source_id is not None else None,
        )

    def article(
        self,
        *,
        source_id: str,
        raw_path: str,
        locator: str,
        raw_sha256: str,
        text: str,
        encoding: str,
        repaired: bool,
        fields: dict | None = None,
    ) -> dict:
        """A RAW_ARTICLES row, or a quarantine row for empty text or a repeated source id."""
        if not text.strip():
            return self.quarantine(raw_path, locator, "empty_text", "text is empty or whitespace only", source_id)
        if source_id in self._seen_ids:
            return self.quarantine(raw_path, locator, "duplicate_id", f"source id {source_id!r} seen before", source_id)
        self._seen_ids.add(source_id)
        row = {
            "article_id": article_id(self.source, source_id),
            "source": self.source,
            "source_id": source_id,
            "raw_path": raw_path,
            "raw_locator": locator,
            "raw_sha256": raw_sha256,
            "text": text,
            "encoding": encoding,
            "text_repaired": repaired,
        }
        for name in OPTIONAL_FIELDS:
            row[name] = (fields or {}).get(name)
        return row

    def too_large(self, raw_path: str, locator: str, size: int, source_id: str | None = None) -> dict:
        detail = f"{size} bytes, limit {self.max_bytes} (clean.max_chars)"
        return self.quarantine(raw_path, locator, "too_large", detail, source_id)


def _display_path(cfg_path: str, file: Path, root: Path) -> str:
    """raw_path as the config gives it: the configured path joined with the file's name."""
    try:
        rel = file.relative_to(root)
    except ValueError:
        return file.as_posix()
    return (Path(cfg_path) / rel).as_posix() if str(rel) != "." else Path(cfg_path).as_posix()


def _source_file(cfg: dict, base_dir: Path) -> tuple[Path, str]:
    path = cfg.get("path")
    if not path:
        raise ValueError("source config has no 'path'")
    file = base_dir / path
    if not file.is_file():
        raise FileNotFoundError(f"source path {path!r} (resolved to {file}) is not a file")
    return file, Path(path).as_posix()


def _clean_value(value: object) -> str | None:
    """Optional field value as a string; empty -> None."""
    if value is None:
        return None
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
    value = value.strip()
    return value or None


class TextReader(Reader):
    """One article per .txt file: id = file stem, text = the whole file."""

    name = "text"

    def files(self, cfg: dict, base_dir: Path) -> list[tuple[Path, str]]:
        path = cfg.get("path")
        if not path:
            raise ValueError("source config has no 'path'")
        target = base_dir / path
        if target.is_dir():
            return [(f, _display_path(path, f, target)) for f in sorted(target.glob("*.txt")) if f.is_file()]
        if target.is_file():
            return [(target, Path(path).as_posix())]
        matches = sorted(Path(m) for m in glob.glob(str(target)))
        if not matches:
            raise FileNotFoundError(f"source path {path!r} (resolved to {target}) matches no file")
        out = []
        for m in matches:
            if m.is_file():
                try:
                    shown = m.relative_to(base_dir).as_posix() if not Path(path).is_absolute() else m.as_posix()
                except ValueError:
                    shown = m.as_posix()
                out.append((m, shown))
        return out

    def read(self, source: str, cfg: dict, base_dir: Path) -> Iterator[dict]:
        encoding = cfg.get("encoding") or "utf-8"
        shard_files = cfg.get("files")  # one shard's files (see ingest_source), else all
        wanted = None if shard_files is None else {os.path.normpath(base_dir / f) for f in shard_files}
        for file, raw_path in self.files(cfg, base_dir):
            if wanted is not None and os.path.normpath(file) not in wanted:
                continue
            source_id = file.stem
            size = file.stat().st_size
            if size > self.max_bytes:
                yield self.too_large(raw_path, "file", size, source_id)
                continue
            data = file.read_bytes()
            decoded = decode_bytes(data, encoding)
            if decoded.text is None:
                yield self.quarantine(raw_path, "file", "undecodable", decoded.error or "", source_id)
                continue
            yield self.article(
                source_id=source_id,
                raw_path=raw_path,
                locator="file",
                raw_sha256=sha256_bytes(data),
                text=decoded.text,
                encoding=encoding,
                repaired=decoded.repaired,
            )


class _RecordReader(Reader):
    """Shared field mapping for readers of one record per row/line."""

    def emit(
        self, record: dict, raw_path: str, locator: str, raw_sha256: str, columns: dict, encoding: str, fell_back: bool
    ) -> dict:
        text_key = columns.get("text", "text")
        # default mapping: a field named "id"; without one, the locator ("row N", "line N")
        id_key = columns.get("id") or ("id" if "id" in record else None)
        source_id = locator if id_key is None else _clean_value(record.get(id_key))
        if source_id is None:
            return self.quarantine(raw_path, locator, "missing_id", f"id field {id_key!r} is empty")
        raw_text = record.get(text_key)
        if raw_text is None or not str(raw_text).strip():
            keys = sorted(record)
            detail = f"text field {text_key!r} is empty or absent; fields present: {keys}"
            return self.quarantine(raw_path, locator, "missing_text", detail, source_id)
        raw_text = raw_text if isinstance(raw_text, str) else str(raw_text)
        size = len(raw_text.encode("utf-8"))
        if size > self.max_bytes:
            return self.too_large(raw_path, locator, size, source_id)
        decoded = decode_text(raw_text, fell_back)
        if decoded.text is None:
            return self.quarantine(raw_path, locator, "undecodable", decoded.error or "", source_id)
        fields = {}
        for name in OPTIONAL_FIELDS:
            value = _clean_value(record.get(columns.get(name, name)))
            if value is not None:
                value = decode_text(value).text
            fields[name] = value
        return self.article(
            source_id=source_id,
            raw_path=raw_path,
            locator=locator,
            raw_sha256=raw_sha256,
            text=decoded.text,
            encoding=encoding,
            repaired=decoded.repaired,
            fields=fields,
        )


class CsvReader(_RecordReader):
    """One article per CSV row (header row first).

    raw_sha256 of a row is the sha256 of the UTF-8 canonical JSON (sort_keys, no spaces) of the
    row's fields as read (decoded, before repair): CSV rows have no stable byte span of their own.
    Without an id mapping, the source id is the locator "row N" (1-based data row).
    """

    name = "csv"

    def read(self, source: str, cfg: dict, base_dir: Path) -> Iterator[dict]:
        encoding = cfg.get("encoding") or "utf-8"
        columns = column_map(cfg)
        file, raw_path = _source_file(cfg, base_dir)
        repaired = [False]  # set by the line decoder, read and reset after each row
        offset = [0]  # byte offset of the next line: the start of the next record
        skipping = [False]  # rows before the shard's range are parsed but not decoded

        def lines(fh):
            for raw in fh:
                offset[0] += len(raw)
                if skipping[0]:
                    yield raw.decode("latin-1")  # same delimiters and quotes, no repair needed
                    continue
                text, fell_back = decode_line(raw, encoding)
                repaired[0] |= fell_back
                yield text

        with open(file, "rb") as fh:
            reader = csv.reader(lines(fh))
            header = next(reader, None)
            if header is None:
                return
            header = [h.strip().lstrip("\ufeff") for h in header]
            wanted = {"text": columns.get("text", "text"), **{k: v for k, v in columns.items() if k != "text"}}
            missing = sorted(v for v in wanted.values() if v not in header)
            repaired[0] = False
            n = 0
            while True:
                row_start = offset[0]
                if self.stop is not None and row_start >= self.stop:
                    return
                skipping[0] = self.start is not None and row_start < self.start
                row = next(reader, None)
                if row is None:
                    return
                n += 1
                locator = f"row {n}"
                fell_back, repaired[0] = repaired[0], False
                if skipping[0]:
                    continue  # belongs to an earlier shard
                if not row:
                    continue  # blank line: not a record
                if missing:
                    yield self.quarantine(
                        raw_path, locator, "missing_column", f"column(s) {missing} not in the CSV header"
                    )
                    continue
                if len(row) != len(header):
                    detail = f"{len(row)} fields, header has {len(header)}"
                    yield self.quarantine(raw_path, locator, "malformed_row", detail)
                    continue
                record = dict(zip(header, row, strict=True))
                canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
                sha = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
                yield self.emit(record, raw_path, locator, sha, columns, encoding, fell_back)


class JsonlReader(_RecordReader):
    """One article per JSON line; raw_sha256 is the sha256 of the line's bytes (without newline).

    Without an id mapping, the source id is the locator "line N". Blank lines are skipped.
    """

    name = "jsonl"

    def read(self, source: str, cfg: dict, base_dir: Path) -> Iterator[dict]:
        encoding = cfg.get("encoding") or "utf-8"
        columns = column_map(cfg)
        file, raw_path = _source_file(cfg, base_dir)
        with open(file, "rb") as fh:
            first, offset = _first_line(fh, self.start)
            for n, line in enumerate(fh, start=first):
                if self.stop is not None and offset >= self.stop:
                    return
                offset += len(line)
                locator = f"line {n}"
                data = line.rstrip(b"\r\n")
                if not data.strip():
                    continue
                if len(data) > self.max_bytes:
                    yield self.too_large(raw_path, locator, len(data))
                    continue
                text, fell_back = decode_line(data, encoding)
                try:
                    record = json.loads(text)
                except json.JSONDecodeError as exc:
                    yield self.quarantine(
                        raw_path, locator, "malformed_row", f"invalid JSON: {exc.msg} at col {exc.colno}"
                    )
                    continue
                if not isinstance(record, dict):
                    yield self.quarantine(raw_path, locator, "malformed_row", "JSON line is not an object")
                    continue
                yield self.emit(record, raw_path, locator, sha256_bytes(data), columns, encoding, fell_back)


def _first_line(fh, start: int | None) -> tuple[int, int]:
    """Seek fh to the first line starting at or after byte `start`: (its 1-based number, offset)."""
    if not start:
        return 1, 0
    fh.seek(start - 1)
    if fh.read(1) != b"\n":
        fh.readline()  # the line in progress at `start` belongs to the previous range
    offset = fh.tell()
    fh.seek(0)
    newlines, remaining = 0, offset
    while remaining:
        block = fh.read(min(remaining, 1 << 24))
        if not block:
            break
        newlines += block.count(b"\n")
        remaining -= len(block)
    fh.seek(offset)
    return newlines + 1, offset


READERS: dict[str, type[Reader]] = {"text": TextReader, "csv": CsvReader, "jsonl": JsonlReader}


def get_reader(name: str) -> type[Reader]:
    try:
        return READERS[name]
    except KeyError:
        raise ValueError(f"unknown reader {name!r}; valid readers: {sorted(READERS)}") from None

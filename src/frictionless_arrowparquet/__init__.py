"""A frictionless plugin that reads Parquet with pyarrow, so `frictionless validate datapackage.json` checks
the release's Parquet tables as they are.

frictionless 5 finds plugins by module name (`frictionless_<name>`, class `<Name>Plugin`) and asks
them before its own. Its built-in Parquet parser goes through pandas, which turns nulls of integer
columns into NaN and lists into numpy arrays (both reported as type errors), and it reads the file
beside the loader, so no bytes or hash are counted. This parser reads the file's bytes through the
loader (bytes and sha256 are counted and checked against the descriptor) and hands frictionless
each row as Python values: None for nulls, lists for list columns, dates for dates.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
from frictionless import Plugin
from frictionless.formats.parquet import ParquetParser

BATCH_ROWS = 10_000


class ArrowParquetParser(ParquetParser):
    """frictionless' Parquet parser with reading replaced (writing is frictionless' own)."""

    requires_loader = True

    def read_cell_stream_create(self):
        stream = self.loader.byte_stream
        chunks = []
        while chunk := stream.read1(1 << 20):  # read1: the calls the loader counts bytes and hashes on
            chunks.append(chunk)
        table = pq.read_table(pa.BufferReader(b"".join(chunks)))
        yield table.column_names
        for batch in table.to_batches(max_chunksize=BATCH_ROWS):
            columns = [column.to_pylist() for column in batch.columns]
            yield from (list(row) for row in zip(*columns, strict=True))


class ArrowparquetPlugin(Plugin):
    """Parquet (`format: parquet` or a .parquet path) read with pyarrow."""

    def create_parser(self, resource):
        if resource.format in ("parquet", "parq"):
            return ArrowParquetParser(resource)
        return None

"""Reading and writing tables with their explicit Arrow schema, deterministically."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq


def to_table(rows: Iterable[Mapping], schema: pa.Schema, sort_by: str | list[str] | None = None) -> pa.Table:
    """Build a table from dict rows with exactly the schema's columns, sorted by the id column(s)."""
    rows = list(rows)
    names = schema.names
    columns = {name: [row.get(name) for row in rows] for name in names}
    table = pa.table(columns, schema=schema)
    return sort_table(table, sort_by)


def in_order(column: pa.ChunkedArray | pa.Array, strict: bool = False) -> bool:
    """Whether a column has no nulls and each value is at least (strict: above) the one before."""
    if column.null_count:
        return False
    if len(column) < 2:
        return True
    compare = pc.less if strict else pc.less_equal
    try:
        return pc.all(compare(column[:-1], column[1:])).as_py()
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid):  # a type without an order
        return False


def sort_table(table: pa.Table, sort_by: str | list[str] | None) -> pa.Table:
    """The table sorted by its key column(s), stably; a table in order by a single key is returned as is."""
    if not sort_by or table.num_rows == 0:
        return table
    keys = [sort_by] if isinstance(sort_by, str) else list(sort_by)
    if len(keys) == 1 and in_order(table.column(keys[0])):
        return table  # a stable sort would leave it as it is (shards gathered in order, ids set on sorted rows)
    return table.sort_by([(k, "ascending") for k in keys])


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Select and cast a table's columns to the schema (extra columns dropped, missing ones null)."""
    arrays = []
    for field in schema:
        if field.name in table.column_names:
            arrays.append(table.column(field.name).cast(field.type))
        else:
            arrays.append(pa.nulls(table.num_rows, type=field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def write_table(
    table: pa.Table, path: str | Path, schema: pa.Schema | None = None, sort_by: str | list[str] | None = None
) -> None:
    """Write Parquet byte-for-byte reproducibly: fixed schema, sorted rows, no pandas metadata."""
    if schema is not None:
        table = conform(table, schema)
    table = sort_table(table, sort_by).replace_schema_metadata(None)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(
        table,
        path,
        compression="zstd",
        use_dictionary=True,
        write_statistics=True,
        store_schema=True,
    )


def read_table(path: str | Path, schema: pa.Schema | None = None, columns: Iterable[str] | None = None) -> pa.Table:
    """A Parquet file conformed to the schema; with `columns`, only those columns of it are read."""
    if columns is None:
        table = pq.read_table(path)
    else:
        columns = list(columns)
        if schema is not None:
            schema = pa.schema([schema.field(name) for name in columns])
        present = set(pq.read_schema(path).names)
        table = pq.read_table(path, columns=[c for c in columns if c in present])
    return conform(table, schema) if schema is not None else table


def read_tables(paths: Iterable[str | Path], schema: pa.Schema, columns: Iterable[str] | None = None) -> pa.Table:
    """Concatenate several files of one schema (the gather side of a scatter); `columns` as in read_table."""
    columns = None if columns is None else list(columns)
    tables = [read_table(p, schema, columns) for p in paths]
    if not tables:
        return (schema if columns is None else pa.schema([schema.field(c) for c in columns])).empty_table()
    return pa.concat_tables(tables)

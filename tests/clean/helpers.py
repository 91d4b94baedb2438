"""make_raw(...): a RAW_ARTICLES table from a few hand-written texts."""

from __future__ import annotations

import pyarrow as pa

from conflictnews.ids import article_id
from conflictnews.schemas import RAW_ARTICLES
from conflictnews.tables import to_table

CFG = {"min_chars": 50, "max_chars": 100_000, "heading_max_words": 8}


def make_raw(*texts: str, source: str = "test", **fields) -> pa.Table:
    rows = []
    for n, text in enumerate(texts):
        sid = f"doc{n}"
        rows.append(
            {
                "article_id": article_id(source, sid),
                "source": source,
                "source_id": sid,
                "raw_path": f"raw/{sid}.txt",
                "raw_locator": "file",
                "raw_sha256": "0" * 64,
                "text": text,
                "encoding": "utf-8",
                "text_repaired": False,
                **fields,
            }
        )
    return to_table(rows, RAW_ARTICLES, sort_by="article_id")

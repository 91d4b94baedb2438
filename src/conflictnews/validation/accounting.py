"""Row accounting of a release: per source, raw records = released articles + quarantined records.

Plain pyarrow, no Great Expectations: write_release checks the accounting too, and must not pay
for the slow GX import.
"""

from __future__ import annotations

from collections import Counter

import pyarrow as pa


def _count_by_source(table: pa.Table) -> Counter:
    return Counter(table.column("source").to_pylist()) if table.num_rows else Counter()


def accounting_check(raw: pa.Table, ingest_quarantine: pa.Table, articles: pa.Table, quarantine: pa.Table) -> dict:
    """Per source: raw records (read + rejected at ingest) == released articles + quarantined records (all stages)."""
    read, rejected = _count_by_source(raw), _count_by_source(ingest_quarantine)
    kept, quarantined = _count_by_source(articles), _count_by_source(quarantine)
    raw_ids = set(raw.column("article_id").to_pylist()) if raw.num_rows else set()
    stray = Counter(
        s
        for s, a in zip(articles.column("source").to_pylist(), articles.column("article_id").to_pylist(), strict=True)
        if a not in raw_ids
    )
    reasons: dict[str, Counter] = {}
    for s, stage, reason in zip(
        *(quarantine.column(c).to_pylist() for c in ("source", "stage", "reason")), strict=True
    ):
        reasons.setdefault(s, Counter())[f"{stage}/{reason}"] += 1
    rows = []
    for source in sorted(set(read) | set(rejected) | set(kept) | set(quarantined)):
        n_raw = read[source] + rejected[source]
        row = {
            "source": source,
            "n_raw": n_raw,
            "n_read": read[source],
            "n_ingest_quarantined": rejected[source],
            "n_kept": kept[source],
            "n_quarantined": quarantined[source],
            "n_kept_not_in_raw": stray[source],
            "quarantined_by_reason": dict(sorted(reasons.get(source, Counter()).items())),
        }
        row["balanced"] = n_raw == kept[source] + quarantined[source] and not stray[source]
        rows.append(row)
    totals = {
        k: sum(r[k] for r in rows) for k in ("n_raw", "n_read", "n_ingest_quarantined", "n_kept", "n_quarantined")
    }
    return {
        "rule": "per source: n_raw (ingest rows + ingest quarantine) == n_kept (released articles) "
        "+ n_quarantined (all stages)",
        "success": all(r["balanced"] for r in rows),
        "sources": rows,
        "totals": totals,
    }

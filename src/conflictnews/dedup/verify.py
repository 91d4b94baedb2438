"""Verification: the exact relation of each candidate pair, measured on the shingle sets.

containment = |A ∩ B| / min(|A|, |B|): the share of the smaller text's shingles found in the
other; it is the link's `score`. Relations, first match wins:
- exact_duplicate: same normalised text (score 1.0);
- near_duplicate: containment >= `near_duplicate` and the texts are of similar length
  (smaller/larger shingle count >= `near_duplicate_length_ratio`);
- contains: containment >= `contains` (the smaller is embedded in the larger);
- shares_passage: containment >= `shares_passage` (e.g. one quoted wire passage);
- below that: no link.

Row orientation (one row per pair): for exact and near duplicates `article_id` is the copy
and `other_article_id` the more canonical one (clusters.canonical_rank); for contains and
shares_passage `article_id` is the smaller text (fewer shingles; on a tie, the less canonical).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from .. import schemas
from ..tables import to_table
from .settings import DedupSettings, dedup_settings


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the smaller sorted-unique hash array found in the other (0 when either is empty)."""
    smaller = min(a.size, b.size)
    if smaller == 0:
        return 0.0
    return np.intersect1d(a, b, assume_unique=True).size / smaller


def relation_of(same_text: bool, score: float, length_ratio: float, settings: DedupSettings) -> str | None:
    if same_text:
        return "exact_duplicate"
    if score >= settings.near_duplicate and length_ratio >= settings.near_duplicate_length_ratio:
        return "near_duplicate"
    if score >= settings.contains:
        return "contains"
    if score >= settings.shares_passage:
        return "shares_passage"
    return None


def verify_candidates(
    candidates: pa.Table, signatures: pa.Table, rank: dict[str, int], cfg: dict | DedupSettings | None
) -> pa.Table:
    """ARTICLE_LINKS rows for the candidate pairs that reach shares_passage, sorted by the two ids."""
    settings = cfg if isinstance(cfg, DedupSettings) else dedup_settings(cfg)
    wanted = set(candidates.column("article_id").to_pylist()) | set(candidates.column("other_article_id").to_pylist())
    sig_ids = signatures.column("article_id").to_pylist()
    index = {article_id: i for i, article_id in enumerate(sig_ids) if article_id in wanted}
    hashes = signatures.column("text_hash").to_pylist()
    shingle_column = signatures.column("shingles")
    shingles: dict[str, np.ndarray] = {}

    def shingles_of(article_id: str) -> np.ndarray:
        if article_id not in shingles:
            values = shingle_column[index[article_id]].values
            shingles[article_id] = values.to_numpy(zero_copy_only=False).astype(np.uint64, copy=False)
        return shingles[article_id]

    rows = []
    for a, b in zip(
        candidates.column("article_id").to_pylist(), candidates.column("other_article_id").to_pylist(), strict=True
    ):
        sa, sb = shingles_of(a), shingles_of(b)
        if sa.size == 0 or sb.size == 0:
            continue
        same_text = hashes[index[a]] == hashes[index[b]]
        score = 1.0 if same_text else containment(sa, sb)
        ratio = min(sa.size, sb.size) / max(sa.size, sb.size)
        relation = relation_of(same_text, score, ratio, settings)
        if relation is None:
            continue
        if relation in ("exact_duplicate", "near_duplicate") or sa.size == sb.size:
            copy, other = (a, b) if rank[a] > rank[b] else (b, a)
        else:
            copy, other = (a, b) if sa.size < sb.size else (b, a)
        rows.append({"article_id": copy, "other_article_id": other, "relation": relation, "score": float(score)})
    return to_table(rows, schemas.ARTICLE_LINKS, sort_by=["article_id", "other_article_id"])

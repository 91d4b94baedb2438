"""Deduplication: exact and near duplicates, containment, shared passages, story clusters.

Staged like datatrove/dolma, one module per step, tables between steps:
signatures (per article, can run per shard) -> candidates (exact-hash groups + LSH Ensemble)
-> verify (exact containment on shingle sets) -> clusters (union-find, canonical per story).
"""

from __future__ import annotations

from collections import Counter

import pyarrow as pa

from .. import schemas
from ..tables import conform
from .candidates import find_candidates
from .clusters import assign_stories, canonical_rank
from .settings import DedupSettings, dedup_settings
from .signatures import compute_signatures
from .verify import verify_candidates

__all__ = [
    "DedupSettings",
    "assign_stories",
    "canonical_rank",
    "compute_signatures",
    "dedup_settings",
    "deduplicate",
    "find_candidates",
    "verify_candidates",
]


def deduplicate(articles: pa.Table, cfg: dict | None) -> tuple[pa.Table, pa.Table]:
    """CLEAN_ARTICLES rows -> (ARTICLES sorted by article_id, ARTICLE_LINKS sorted by the two ids)."""
    settings = dedup_settings(cfg)
    articles = conform(articles, schemas.CLEAN_ARTICLES).sort_by("article_id")
    ids = articles.column("article_id").to_pylist()
    repeated = sorted(k for k, n in Counter(ids).items() if n > 1)
    if repeated:
        raise ValueError(f"dedup input: article_id not unique ({len(repeated)} repeated, e.g. {repeated[0]})")
    signatures = compute_signatures(articles, settings)
    candidates = find_candidates(signatures, settings)
    rank = canonical_rank(articles, signatures)
    links = verify_candidates(candidates, signatures, rank, settings)
    stories = assign_stories(ids, links, rank, settings)
    columns = {name: articles.column(name) for name in articles.column_names}
    for name in ("story_id", "is_canonical", "duplicate_of"):
        columns[name] = stories.column(name)  # both sorted by article_id
    return conform(pa.table(columns), schemas.ARTICLES), links

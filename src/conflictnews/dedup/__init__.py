"""Deduplication: exact and near duplicates, containment, shared passages, story clusters.

Staged like datatrove/dolma, one module per step, tables between steps:
signatures (per article, runs per shard) -> candidates (exact-hash groups, MinHash LSH bands,
passage fingerprints) -> verify (exact containment on shingle sets, same-story test)
-> clusters (connected components, canonical per story). docs/dedup.md explains the relations.
"""

from __future__ import annotations

import pyarrow as pa

from .. import schemas
from ..tables import conform
from .candidates import candidate_pairs, find_candidates
from .clusters import assign_stories, canonical_rank, stories_table, story_arrays
from .settings import DedupSettings, dedup_settings
from .signatures import SIGNATURES, compute_signatures, signature_arrays
from .verify import links_table, verify_pairs

__all__ = [
    "SIGNATURES",
    "DedupSettings",
    "assign_stories",
    "canonical_rank",
    "compute_signatures",
    "dedup_settings",
    "deduplicate",
    "find_candidates",
    "link_articles",
]


def _check_ids(ids: list[str], what: str) -> None:
    repeated = next((a for a, b in zip(ids, ids[1:], strict=False) if a == b), None)
    if repeated is not None:
        raise ValueError(f"dedup {what}: article_id not unique (e.g. {repeated})")


def link_articles(
    articles: pa.Table, signatures: pa.Table | list[pa.Table], cfg: dict | DedupSettings | None
) -> tuple[pa.Table, pa.Table]:
    """(STORIES, ARTICLE_LINKS) for articles sorted by article_id and their signatures (any order).

    `signatures`: one SIGNATURES table, or a list of shard tables (consumed: emptied as copied).
    """
    settings = dedup_settings(cfg)
    ids = articles.column("article_id").to_pylist()
    sig = signature_arrays(signatures, settings)
    if sig.ids != ids:
        missing = sorted(set(ids) - set(sig.ids))[:1] or sorted(set(sig.ids) - set(ids))[:1]
        raise ValueError(
            f"dedup: signatures do not match the articles (e.g. article_id {missing[0] if missing else '?'} "
            "is in one and not the other); gather the signatures of every shard of this build"
        )
    rank = canonical_rank(articles, sig.n_shingles)
    left, right, _ = candidate_pairs(sig, settings)
    links = verify_pairs(sig, left, right, rank, settings)
    canonical, duplicate_of = story_arrays(
        len(ids), links["article_id"], links["other_article_id"], links["relation"], links["same_story"], rank
    )
    return stories_table(ids, canonical, duplicate_of), links_table(links, ids)


def deduplicate(
    articles: pa.Table, cfg: dict | DedupSettings | None, signatures: pa.Table | list[pa.Table] | None = None
) -> tuple[pa.Table, pa.Table]:
    """CLEAN_ARTICLES rows -> (ARTICLES sorted by article_id, ARTICLE_LINKS sorted by the two ids).

    `signatures`: SIGNATURES rows of every article, as one table (e.g. the shards' signatures
    concatenated) or a list of shard tables (consumed, to keep memory low); computed here when None.
    """
    settings = dedup_settings(cfg)
    articles = conform(articles, schemas.CLEAN_ARTICLES).sort_by("article_id")
    _check_ids(articles.column("article_id").to_pylist(), "input")
    if signatures is None:
        signatures = compute_signatures(articles, settings)
    stories, links = link_articles(articles, signatures, settings)
    columns = {name: articles.column(name) for name in articles.column_names}
    for name in ("story_id", "is_canonical", "duplicate_of"):
        columns[name] = stories.column(name)  # both sorted by article_id
    return conform(pa.table(columns), schemas.ARTICLES), links



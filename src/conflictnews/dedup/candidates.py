"""Candidate pairs: which articles to compare exactly, found without comparing all pairs.

Two sources of candidates:

1. Exact groups: articles with the same `text_hash` (same normalised text). Each member is
   paired with the group's representative (smallest article_id), not with every other
   member, so a thousand copies give 999 pairs, not half a million. Only representatives
   go on to step 2.
2. LSH Ensemble (datasketch `MinHashLSHEnsemble`) over the representatives' MinHashes.

Why LSH Ensemble and not MinHashLSH: the relations that matter here are about containment
(the share of the smaller text found in the larger), and a short article embedded in a long
one has a low Jaccard similarity even when wholly contained (200 words inside 2,000 give
Jaccard ~0.1). A plain MinHashLSH would need a Jaccard threshold so low that every pair of
same-length articles becomes a candidate. LSH Ensemble partitions the index by set size and
turns the containment threshold into a Jaccard threshold per partition, so it searches
"sets that contain at least `lsh_threshold` of this one" at each size. It is approximate in
both directions: false positives cost one exact check each (verify.py); false negatives are
fewest when `lsh_threshold` is at or below `shares_passage`, the lowest link threshold.
Every article is queried, so a pair (small, large) is found by the small one's query.
"""

from __future__ import annotations

import math
from collections import defaultdict

import pyarrow as pa
from datasketch import LeanMinHash, MinHashLSHEnsemble

from .settings import DedupSettings, dedup_settings

CANDIDATES = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("other_article_id", pa.string(), nullable=False),
        pa.field("method", pa.string(), nullable=False),  # exact_hash or lsh
    ]
)


def exact_groups(signatures: pa.Table) -> dict[str, list[str]]:
    """Article ids per normalised-text hash (empty texts left out), each list sorted."""
    groups: dict[str, list[str]] = defaultdict(list)
    for article_id, digest, n_tokens in zip(
        signatures.column("article_id").to_pylist(),
        signatures.column("text_hash").to_pylist(),
        signatures.column("n_tokens").to_pylist(),
        strict=True,
    ):
        if n_tokens > 0:
            groups[digest].append(article_id)
    return {digest: sorted(ids) for digest, ids in groups.items()}


# Weights of false positives and false negatives when the Ensemble picks its LSH parameters.
# Recall first: a missed pair is a lost link, an extra pair costs one exact check. With the
# library's default (0.5, 0.5) a sample of 400 news articles lost 10 of 60 pairs at
# containment 0.2-0.32; with (0.2, 0.8) none, for 1.7x the candidates.
_WEIGHTS = (0.2, 0.8)
_SIZE_STEP = 1.05  # index sizes are rounded up to this geometric grid (see size_bucket)


def size_bucket(size: int) -> int:
    """Size rounded up to a 5 % geometric grid, for the index side of the LSH Ensemble.

    The Ensemble's partitioning is quadratic in the number of distinct sizes; on the grid there
    are at most ~300 of them. Rounding up only lowers the per-partition Jaccard threshold, so it
    can add candidates, never lose them.
    """
    if size <= 20:
        return size
    return max(size, math.ceil(_SIZE_STEP ** math.ceil(math.log(size, _SIZE_STEP) - 1e-9)))


def lsh_pairs(entries: list[tuple[str, list[int], int]], settings: DedupSettings) -> set[tuple[str, str]]:
    """Pairs (a, b), a < b, whose containment one way may reach lsh_threshold: (id, minhash values, size)."""
    if len(entries) < 2:
        return set()
    lsh = MinHashLSHEnsemble(
        threshold=settings.lsh_threshold,
        num_perm=settings.num_perm,
        num_part=min(settings.lsh_partitions, len({size_bucket(size) for _, _, size in entries})),
        weights=_WEIGHTS,
    )
    minhashes = {
        key: LeanMinHash(seed=settings.seed, hashvalues=values, scheme="affine64") for key, values, _ in entries
    }
    lsh.index([(key, minhashes[key], size_bucket(size)) for key, _, size in entries])
    pairs: set[tuple[str, str]] = set()
    for key, _, size in entries:
        for other in lsh.query(minhashes[key], size):
            if other != key:
                pairs.add((key, other) if key < other else (other, key))
    return pairs


def find_candidates(signatures: pa.Table, cfg: dict | DedupSettings | None) -> pa.Table:
    """CANDIDATES rows (article_id < other_article_id), sorted, one per pair."""
    settings = cfg if isinstance(cfg, DedupSettings) else dedup_settings(cfg)
    ids = signatures.column("article_id").to_pylist()
    if len(set(ids)) != len(ids):
        raise ValueError("dedup candidates: signatures have repeated article_id values")
    groups = exact_groups(signatures)
    pairs: dict[tuple[str, str], str] = {}
    for members in groups.values():
        for member in members[1:]:
            pairs[(members[0], member)] = "exact_hash"
    representatives = {members[0] for members in groups.values()}
    entries = [
        (article_id, values, size)
        for article_id, values, size in zip(
            signatures.column("article_id").to_pylist(),
            signatures.column("minhash").to_pylist(),
            signatures.column("n_shingles").to_pylist(),
            strict=True,
        )
        if article_id in representatives and size > 0
    ]
    for pair in lsh_pairs(entries, settings):
        pairs.setdefault(pair, "lsh")
    ordered = sorted(pairs)
    return pa.table(
        {
            "article_id": [a for a, _ in ordered],
            "other_article_id": [b for _, b in ordered],
            "method": [pairs[p] for p in ordered],
        },
        schema=CANDIDATES,
    )

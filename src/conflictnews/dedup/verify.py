"""Verification: the exact relation of each candidate pair, measured on the shingle sets.

containment = |A ∩ B| / min(|A|, |B|): the share of the smaller text's shingles found in the
other; it is the link's `score`. coverage = |A ∩ B| / max(|A|, |B|): the share of the larger
text that the smaller one accounts for. Relations, first match wins:
- exact_duplicate: same normalised text (score 1.0);
- near_duplicate: containment >= `near_duplicate` and the texts are of similar length
  (smaller/larger shingle count >= `near_duplicate_length_ratio`);
- contains: containment >= `contains` (the smaller is embedded in the larger);
- shares_passage: containment >= `shares_passage` (e.g. one quoted wire passage);
- below that: no link.

Same story (`same_story` column; clusters.py joins on it): exact and near duplicates; and a
smaller text contained at `same_story` or more in the larger when it is most of the larger
(coverage >= `story_coverage`: a copy with captions, an update with a few new paragraphs) or
when it holds the larger's lede (>= `lede_share` of its first `lede_shingles` shingles: a
truncated copy, a copy with text appended). A wire report quoted as one section of an article
of its own is contained but neither most of it nor its lede: reuse, not the same story.

Row orientation (one row per pair): for exact and near duplicates `article_id` is the copy
and `other_article_id` the more canonical one (clusters.canonical_rank); for contains and
shares_passage `article_id` is the smaller text (fewer shingles; on a tie, the less canonical).
Exact duplicate links form a star around the most canonical member of each exact group; every
other link found for one member of an exact group is repeated for each member.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from .. import schemas
from .candidates import exact_groups
from .settings import DedupSettings
from .signatures import SignatureArrays, sorted_unique

RELATIONS = ("exact_duplicate", "near_duplicate", "contains", "shares_passage")
_BATCH = 4_000_000  # shingles per vectorised intersection batch


def relation_of(same_text: bool, score: float, length_ratio: float, settings: DedupSettings) -> str | None:
    """The relation for one pair (the scalar form of `relations`)."""
    code = relations(np.array([same_text]), np.array([score]), np.array([length_ratio]), settings)[0]
    return RELATIONS[code] if code >= 0 else None


def relations(same_text: np.ndarray, score: np.ndarray, ratio: np.ndarray, settings: DedupSettings) -> np.ndarray:
    """Index into RELATIONS per pair, -1 for no link."""
    return np.select(
        [
            same_text,
            (score >= settings.near_duplicate) & (ratio >= settings.near_duplicate_length_ratio),
            score >= settings.contains,
            score >= settings.shares_passage,
        ],
        [0, 1, 2, 3],
        default=-1,
    ).astype(np.int8)


def _gather(
    starts: np.ndarray, counts: np.ndarray, values: np.ndarray, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Concatenated slices values[starts[r] : starts[r] + counts[r]] for rows, and each value's position in rows."""
    lengths = counts[rows]
    index = np.repeat(starts[rows] - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    index += np.arange(index.size, dtype=np.int64)
    return values[index], np.repeat(np.arange(rows.size, dtype=np.int64), lengths)


Sets = tuple[np.ndarray, np.ndarray, np.ndarray]  # (start, count) per article, flat unique values


def intersections(
    left_sets: Sets, right_sets: Sets, left: np.ndarray, right: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(|L_i ∩ R_i|, |L_i|) per pair (left[i] in left_sets, right[i] in right_sets), in batches.

    Right sets must hold unique values; repeats inside a left set are counted once.
    """
    hits_out = np.zeros(left.size, dtype=np.int64)
    sizes_out = np.zeros(left.size, dtype=np.int64)
    ends = np.cumsum(left_sets[1][left] + right_sets[1][right])
    shift = np.uint64(32)
    start = 0
    while start < left.size:
        done = ends[start - 1] if start else 0
        stop = max(int(np.searchsorted(ends, done + _BATCH, side="right")), start + 1)
        a, pos_a = _gather(*left_sets, left[start:stop])
        b, pos_b = _gather(*right_sets, right[start:stop])
        keys_a = sorted_unique((pos_a.astype(np.uint64) << shift) | a)
        sizes_out[start:stop] = np.bincount((keys_a >> shift).astype(np.int64), minlength=stop - start)
        keys = np.concatenate((keys_a, (pos_b.astype(np.uint64) << shift) | b))
        keys.sort()
        hits = (keys[1:][keys[1:] == keys[:-1]] >> shift).astype(np.int64)
        hits_out[start:stop] = np.bincount(hits, minlength=stop - start)
        start = stop
    return hits_out, sizes_out


def verify_pairs(
    sig: SignatureArrays, left: np.ndarray, right: np.ndarray, rank: np.ndarray, settings: DedupSettings
) -> dict[str, np.ndarray]:
    """Links (index arrays and measures) for candidate pairs, expanded to exact-group members."""
    representative, group = exact_groups(sig)
    same_text = (group[left] == group[right]) & (group[left] >= 0)
    # Exact pairs are known; measure the representatives' pairs.
    measured = ~same_text & (sig.n_shingles[left] > 0) & (sig.n_shingles[right] > 0)
    a, b = left[measured], right[measured]
    shingle_sets = (sig.shingle_start, sig.n_shingles, sig.shingles)
    inter, _ = intersections(shingle_sets, shingle_sets, a, b)
    na, nb = sig.n_shingles[a], sig.n_shingles[b]
    small, large = np.minimum(na, nb), np.maximum(na, nb)
    score = inter / small
    coverage = inter / large
    code = relations(np.zeros(a.size, bool), score, small / large, settings)
    keep = code >= 0
    a, b, na, nb, score, coverage, code = a[keep], b[keep], na[keep], nb[keep], score[keep], coverage[keep], code[keep]

    # Links of representatives, repeated for every member of their exact groups.
    n = len(sig.ids)
    members = np.lexsort((np.arange(n), representative))  # members grouped by representative
    member_start = np.zeros(n + 1, dtype=np.int64)
    member_start[1:] = np.cumsum(np.bincount(representative, minlength=n))
    size_a = member_start[a + 1] - member_start[a]
    size_b = member_start[b + 1] - member_start[b]
    repeat = size_a * size_b
    link = np.repeat(np.arange(a.size), repeat)
    within = np.arange(int(repeat.sum()), dtype=np.int64) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    a = members[member_start[a[link]] + within // size_b[link]]
    b = members[member_start[b[link]] + within % size_b[link]]
    na, nb, score, coverage, code = na[link], nb[link], score[link], coverage[link], code[link]

    # Orientation: copy -> more canonical for duplicates and equal sizes, else smaller -> larger.
    by_rank = (code == 1) | (na == nb)
    swap = np.where(by_rank, rank[a] < rank[b], na > nb)
    first, second = np.where(swap, b, a), np.where(swap, a, b)

    # Same story for contains/shares_passage: most of the larger, or the larger's lede.
    lede_hits, lede_total = intersections((sig.lede_start, sig.lede_count, sig.lede), shingle_sets, second, first)
    lede_total = np.maximum(lede_total, 1)
    story = (code == 1) | (
        (score >= settings.same_story)
        & ((coverage >= settings.story_coverage) | (lede_hits / lede_total >= settings.lede_share))
    )

    # Exact duplicates: every member to the group's most canonical member.
    in_group = np.flatnonzero(group >= 0)
    order = in_group[np.lexsort((rank[in_group], group[in_group]))]
    head = np.ones(order.size, dtype=bool)
    head[1:] = group[order][1:] != group[order][:-1]
    center = order[head][np.cumsum(head) - 1]
    copies = order[~head]
    centers = center[~head]
    ones = np.ones(copies.size)
    return {
        "article_id": np.concatenate((copies, first)),
        "other_article_id": np.concatenate((centers, second)),
        "relation": np.concatenate((np.zeros(copies.size, np.int8), code)),
        "score": np.concatenate((ones, score)),
        "coverage": np.concatenate((ones, coverage)),
        "same_story": np.concatenate((np.ones(copies.size, bool), story)),
    }


def links_table(links: dict[str, np.ndarray], ids: list[str]) -> pa.Table:
    """ARTICLE_LINKS rows sorted by (article_id, other_article_id); indices are positions in sorted ids."""
    order = np.lexsort((links["other_article_id"], links["article_id"]))
    names = np.array(ids, dtype=object)
    columns = {
        "article_id": pa.array(names[links["article_id"][order]].tolist(), type=pa.string()),
        "other_article_id": pa.array(names[links["other_article_id"][order]].tolist(), type=pa.string()),
        "relation": pa.array(np.array(RELATIONS, dtype=object)[links["relation"][order]].tolist(), type=pa.string()),
        "score": pa.array(np.round(links["score"][order], 6), type=pa.float64()),
        "coverage": pa.array(np.round(links["coverage"][order], 6), type=pa.float64()),
        "same_story": pa.array(links["same_story"][order], type=pa.bool_()),
    }
    return pa.table(columns, schema=schemas.ARTICLE_LINKS)

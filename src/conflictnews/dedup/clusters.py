"""Story clusters: articles joined by copy or containment links, and one canonical per story.

Joining: union-find over the verified links whose relation is exact_duplicate,
near_duplicate or contains and whose score is at least `same_story`. A shares_passage link
never joins stories: two different stories that quote one wire passage stay apart.

Canonical policy (one total order over all articles, so every story picks the same way):
1. cased text before lower-cased (`was_lowercased` False first): its case is original;
2. fuller text first (more shingles);
3. earlier `published_date` first, unknown dates last;
4. smallest `article_id`.
The story's canonical is its first member in that order; `story_id` is the canonical's
article_id. `duplicate_of` is the canonical's article_id for a non-canonical member whose own
text is an exact or near duplicate of, or contained in, another member (either side of an
exact or near duplicate link, the `article_id` side of a contains link); it is null for the
canonical, for singletons and for members that only contain others.

Limitation: union-find is transitive, so a round-up that contains two unrelated short
articles joins all three into one story.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from .settings import DedupSettings, dedup_settings

JOINING = ("exact_duplicate", "near_duplicate", "contains")

STORIES = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("story_id", pa.string(), nullable=False),
        pa.field("is_canonical", pa.bool_(), nullable=False),
        pa.field("duplicate_of", pa.string()),
    ]
)


def canonical_rank(articles: pa.Table, signatures: pa.Table) -> dict[str, int]:
    """Position of every article in the canonical order (0 = most canonical)."""
    n_shingles = dict(
        zip(signatures.column("article_id").to_pylist(), signatures.column("n_shingles").to_pylist(), strict=True)
    )
    ids = articles.column("article_id").to_pylist()
    lowered = articles.column("was_lowercased").to_pylist()
    dates = (
        articles.column("published_date").to_pylist()
        if "published_date" in articles.column_names
        else [None] * len(ids)
    )

    def key(i: int) -> tuple:
        date = dates[i]
        return (
            bool(lowered[i]),
            -n_shingles.get(ids[i], 0),
            date is None,
            date or dt.date.min,
            ids[i],
        )

    order = sorted(range(len(ids)), key=key)
    return {ids[i]: position for position, i in enumerate(order)}


class _UnionFind:
    def __init__(self, keys: list[str]) -> None:
        self.parent = {k: k for k in keys}

    def find(self, key: str) -> str:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:  # path compression
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def assign_stories(
    article_ids: list[str], links: pa.Table, rank: dict[str, int], cfg: dict | DedupSettings | None
) -> pa.Table:
    """STORIES rows (article_id, story_id, is_canonical, duplicate_of), sorted by article_id."""
    settings = cfg if isinstance(cfg, DedupSettings) else dedup_settings(cfg)
    ids = sorted(article_ids)
    uf = _UnionFind(ids)
    copies: set[str] = set()  # members whose text is a copy of, or inside, another member
    for a, b, relation, score in zip(
        links.column("article_id").to_pylist(),
        links.column("other_article_id").to_pylist(),
        links.column("relation").to_pylist(),
        links.column("score").to_pylist(),
        strict=True,
    ):
        if relation in JOINING and score >= settings.same_story:
            uf.union(a, b)
            copies.add(a)
            if relation != "contains":  # duplicates are copies of each other
                copies.add(b)
    canonical: dict[str, str] = {}
    for article_id in ids:
        root = uf.find(article_id)
        best = canonical.get(root)
        if best is None or rank[article_id] < rank[best]:
            canonical[root] = article_id
    story_ids, is_canonical, duplicate_of = [], [], []
    for article_id in ids:
        story = canonical[uf.find(article_id)]
        story_ids.append(story)
        is_canonical.append(story == article_id)
        duplicate_of.append(story if story != article_id and article_id in copies else None)
    return pa.table(
        {"article_id": ids, "story_id": story_ids, "is_canonical": is_canonical, "duplicate_of": duplicate_of},
        schema=STORIES,
    )

"""Story clusters: articles joined by same-story links, and one canonical article per story.

Joining: connected components over the links whose `same_story` is true (verify.py: exact and
near duplicates, and containment of most of a text or of its lede). Links that are only
reuse (a wire passage quoted in an article of its own, shares_passage) never join stories, so
two stories that quote one wire report stay apart, and so does the wire report itself.

Canonical policy (one total order over all articles, so every story picks the same way):
1. cased text before lower-cased (`was_lowercased` False first): its case is original;
2. fuller text first (more shingles): it has everything its copies have;
3. earlier `published_date` first, unknown dates last: the first publication;
4. smallest `article_id`.
The story's canonical is its first member in that order; `story_id` is the canonical's
article_id. `duplicate_of` is the canonical's article_id for a non-canonical member whose own
text is a copy of, or contained in, another member (either side of an exact or near duplicate
same-story link, the smaller side of a contains link); it is null for the canonical, for
singletons and for members that only contain others (an update that adds paragraphs).

Limitation: components are transitive. A same-story link needs most of a text or its lede, so
a chain needs a text that is mostly, or starts like, two different stories; a round-up that
opens with one story and quotes another joins only the first.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

STORIES = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("story_id", pa.string(), nullable=False),
        pa.field("is_canonical", pa.bool_(), nullable=False),
        pa.field("duplicate_of", pa.string()),
    ]
)


def canonical_rank(articles: pa.Table, n_shingles: np.ndarray) -> np.ndarray:
    """Position of every row in the canonical order (0 = most canonical); rows as in `articles`."""
    n = articles.num_rows
    lowered = np.asarray(articles.column("was_lowercased").fill_null(False).to_numpy(zero_copy_only=False), bool)
    if "published_date" in articles.column_names:
        days = articles.column("published_date").cast(pa.int32())
        unknown = np.asarray(days.is_null().to_numpy(zero_copy_only=False), bool)
        day = days.fill_null(0).to_numpy().astype(np.int64)
    else:
        unknown, day = np.ones(n, bool), np.zeros(n, np.int64)
    ids = np.asarray(articles.column("article_id").to_pylist(), dtype=object)
    id_order = np.empty(n, dtype=np.int64)
    id_order[sorted(range(n), key=ids.__getitem__)] = np.arange(n)
    order = np.lexsort((id_order, day, unknown, -np.asarray(n_shingles, np.int64), lowered))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    return rank


def story_arrays(
    n: int, first: np.ndarray, second: np.ndarray, relation: np.ndarray, same_story: np.ndarray, rank: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(story canonical index, duplicate_of index or -1) per article, from link index arrays.

    relation holds RELATIONS indices (0 exact_duplicate, 1 near_duplicate, 2 contains, 3 shares_passage).
    """
    joined = np.asarray(same_story, bool)
    a, b = first[joined], second[joined]
    graph = coo_matrix((np.ones(a.size, np.int8), (a, b)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    order = np.lexsort((rank, component))
    head = np.ones(n, dtype=bool)
    head[1:] = component[order][1:] != component[order][:-1]
    canonical_of_component = np.empty(component.max() + 1 if n else 0, dtype=np.int64)
    canonical_of_component[component[order][head]] = order[head]
    canonical = canonical_of_component[component] if n else np.empty(0, np.int64)
    copies = np.zeros(n, dtype=bool)
    copies[a] = True
    copies[b[relation[joined] <= 1]] = True  # duplicates are copies of each other
    duplicate_of = np.where(copies & (canonical != np.arange(n)), canonical, -1)
    return canonical, duplicate_of


def assign_stories(ids: list[str], links: pa.Table, rank: np.ndarray) -> pa.Table:
    """STORIES rows in the order of `ids` (sorted article ids) from ARTICLE_LINKS rows and canonical ranks."""
    from .verify import RELATIONS

    position = {article_id: i for i, article_id in enumerate(ids)}
    first = np.array([position[x] for x in links.column("article_id").to_pylist()], dtype=np.int64)
    second = np.array([position[x] for x in links.column("other_article_id").to_pylist()], dtype=np.int64)
    relation = np.array([RELATIONS.index(r) for r in links.column("relation").to_pylist()], dtype=np.int8)
    same = np.asarray(links.column("same_story").fill_null(False).to_numpy(zero_copy_only=False), bool)
    canonical, duplicate_of = story_arrays(len(ids), first, second, relation, same, np.asarray(rank))
    return stories_table(ids, canonical, duplicate_of)


def stories_table(ids: list[str], canonical: np.ndarray, duplicate_of: np.ndarray) -> pa.Table:
    names = np.array(ids, dtype=object)
    n = len(ids)
    return pa.table(
        {
            "article_id": pa.array(ids, type=pa.string()),
            "story_id": pa.array(names[canonical].tolist() if n else [], type=pa.string()),
            "is_canonical": pa.array(canonical == np.arange(n), type=pa.bool_()),
            "duplicate_of": pa.array(
                [names[d] if d >= 0 else None for d in duplicate_of.tolist()], type=pa.string()
            ),
        },
        schema=STORIES,
    )

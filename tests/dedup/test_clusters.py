import datetime as dt

import numpy as np
import pyarrow as pa

from conflictnews import schemas
from conflictnews.dedup import assign_stories, canonical_rank, deduplicate
from conflictnews.tables import to_table

from .samples import CFG, CONVOY, DENIAL, MARKET, make_article, make_table, wire_lowercase


def stories(rows):
    articles, _ = deduplicate(make_table(rows), CFG)
    return {r["article_id"]: (r["story_id"], r["is_canonical"], r["duplicate_of"]) for r in articles.to_pylist()}


def test_cased_copy_is_canonical_even_when_shorter():
    fuller_lower = wire_lowercase(MARKET + " " + DENIAL)
    got = stories([make_article("a", fuller_lower), make_article("b", MARKET)])
    assert got["b"] == ("b", True, None)
    assert got["a"] == ("b", False, None)  # it contains the canonical; it is not a copy of it


def test_fuller_text_is_canonical_and_contained_one_is_duplicate():
    got = stories([make_article("a", MARKET), make_article("b", MARKET + " " + DENIAL)])
    assert got["b"] == ("b", True, None)
    assert got["a"] == ("b", False, "b")


def test_earlier_date_then_smallest_id():
    rows = [
        make_article("c", MARKET, published_date=dt.date(2020, 1, 2)),
        make_article("d", MARKET, published_date=dt.date(2020, 1, 1)),
        make_article("a", MARKET),  # no date: last
    ]
    got = stories(rows)
    assert {k: v[0] for k, v in got.items()} == {"a": "d", "c": "d", "d": "d"}
    assert got["a"][2] == got["c"][2] == "d"
    tie = stories([make_article("y", CONVOY), make_article("x", CONVOY)])
    assert tie == {"x": ("x", True, None), "y": ("x", False, "x")}


def test_singletons_and_empty_text():
    got = stories([make_article("a", MARKET), make_article("b", ""), make_article("c", DENIAL)])
    assert got == {"a": ("a", True, None), "b": ("b", True, None), "c": ("c", True, None)}


def test_only_same_story_links_join():
    def link(a, b, relation, score, same_story):
        return {"article_id": a, "other_article_id": b, "relation": relation, "score": score, "same_story": same_story}

    links = to_table(
        [
            link("a", "b", "shares_passage", 0.95, False),
            link("c", "d", "contains", 1.0, False),  # a quoted section: reuse only
            link("e", "f", "contains", 0.85, True),
            link("g", "f", "near_duplicate", 0.95, True),
        ],
        schemas.ARTICLE_LINKS,
    )
    ids = list("abcdefg")
    rank = np.array([6, 5, 4, 3, 2, 0, 1])  # f most canonical, then g
    table = assign_stories(ids, links, rank)
    got = {r["article_id"]: r["story_id"] for r in table.to_pylist()}
    assert got == {"a": "a", "b": "b", "c": "c", "d": "d", "e": "f", "f": "f", "g": "f"}
    assert table["duplicate_of"].to_pylist() == [None] * 4 + ["f", None, "f"]
    assert table["is_canonical"].to_pylist() == [True] * 4 + [False, True, False]


def test_canonical_rank_policy():
    rows = [
        make_article("a", MARKET.lower(), was_lowercased=True),
        make_article("b", MARKET, published_date=dt.date(2020, 1, 2)),
        make_article("c", MARKET, published_date=dt.date(2020, 1, 1)),
        make_article("d", MARKET + " " + DENIAL),
    ]
    table = make_table(rows)
    rank = canonical_rank(table, np.array([50, 50, 50, 80]))
    assert [table["article_id"][int(i)].as_py() for i in np.argsort(rank)] == ["d", "c", "b", "a"]
    assert isinstance(table, pa.Table)

import datetime as dt

import pyarrow as pa

from conflictnews import schemas
from conflictnews.dedup import assign_stories, deduplicate
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


def test_shares_passage_and_low_scores_do_not_join():
    links = to_table(
        [
            {"article_id": "a", "other_article_id": "b", "relation": "shares_passage", "score": 0.95},
            {"article_id": "c", "other_article_id": "d", "relation": "contains", "score": 0.5},
            {"article_id": "e", "other_article_id": "f", "relation": "contains", "score": 0.85},
        ],
        schemas.ARTICLE_LINKS,
    )
    rank = {k: i for i, k in enumerate("fedcba")}
    table = assign_stories(list("abcdef"), links, rank, dict(CFG, same_story=0.8))
    got = {r["article_id"]: r["story_id"] for r in table.to_pylist()}
    assert got == {"a": "a", "b": "b", "c": "c", "d": "d", "e": "f", "f": "f"}
    assert isinstance(table, pa.Table) and table["duplicate_of"].to_pylist() == [None] * 4 + ["f", None]

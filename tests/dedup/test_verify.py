"""Each relation, and the same-story test, on hand-written texts."""

import pytest

from conflictnews.dedup import dedup_settings, deduplicate
from conflictnews.dedup.verify import relation_of

from .samples import (
    BORDER,
    CAPTIONS,
    CFG,
    CONVOY,
    DENIAL,
    FUNERAL,
    MARKET,
    PASSAGE,
    make_article,
    make_table,
    wire_lowercase,
)


def links_of(rows, cfg=CFG):
    _, links = deduplicate(make_table(rows), cfg)
    return {(r["article_id"], r["other_article_id"]): r for r in links.to_pylist()}


def story_of(rows, cfg=CFG):
    articles, _ = deduplicate(make_table(rows), cfg)
    return {r["article_id"]: r["story_id"] for r in articles.to_pylist()}


def test_exact_duplicate_lowercased_copy_points_to_cased():
    links = links_of([make_article("a", wire_lowercase(MARKET)), make_article("b", MARKET)])
    assert list(links) == [("a", "b")]
    assert links[("a", "b")]["relation"] == "exact_duplicate"
    assert links[("a", "b")]["score"] == 1.0 and links[("a", "b")]["same_story"]


def test_near_duplicate_small_edit():
    edited = MARKET.replace("at least 23 people", "at least 25 people").replace("on Tuesday", "on Wednesday")
    links = links_of([make_article("a", MARKET), make_article("b", edited)])
    [(pair, link)] = links.items()
    assert link["relation"] == "near_duplicate" and link["same_story"]
    assert 0.9 <= link["score"] < 1.0
    assert pair == ("b", "a")  # same cased and size: the larger id is the copy


def test_contains_with_captions_and_headings():
    longer = "\n\n".join(
        ["Jets pound market town", CAPTIONS[0], CAPTIONS[1], MARKET, CAPTIONS[2], "What next", DENIAL, CONVOY]
    )
    links = links_of([make_article("long", longer), make_article("short", MARKET)])
    link = links[("short", "long")]
    assert link["relation"] == "contains"
    assert link["score"] >= 0.95
    assert link["coverage"] < 0.5


def test_shared_quoted_passage():
    one = BORDER + " " + PASSAGE
    two = FUNERAL + " " + PASSAGE
    links = links_of([make_article("x", one), make_article("y", two)])
    [((small, _), link)] = links.items()
    assert link["relation"] == "shares_passage" and not link["same_story"]
    assert 0.2 <= link["score"] < 0.8
    assert small == "x"  # fewer shingles


def test_unrelated_pair_no_link():
    assert links_of([make_article("a", MARKET), make_article("b", CONVOY), make_article("c", DENIAL)]) == {}


def test_wire_report_quoted_in_an_article_of_its_own_is_reuse_not_same_story():
    own = BORDER + "\n\n" + FUNERAL
    host = BORDER + "\n\nThe report\n\n" + MARKET + "\n\n" + FUNERAL
    rows = [make_article("wire", MARKET), make_article("host", host), make_article("own", own)]
    links = links_of(rows)
    assert links[("wire", "host")]["relation"] == "contains"
    assert not links[("wire", "host")]["same_story"]
    assert links[("own", "host")]["same_story"]  # the host opens with its own lede
    stories = story_of(rows)
    assert stories["wire"] != stories["host"] == stories["own"]


def test_truncated_copy_and_update_are_the_same_story():
    sentences = MARKET.split(". ")
    truncated = ". ".join(sentences[:3]) + "."
    update = "The death toll rose to 31 on Wednesday, the civil defence said. " + MARKET
    rows = [make_article("full", MARKET), make_article("cut", truncated), make_article("update", update)]
    links = links_of(rows)
    assert links[("cut", "full")]["relation"] == "contains" and links[("cut", "full")]["same_story"]
    assert set(story_of(rows).values()) == {"update"}  # the fullest text is canonical


def test_two_stories_sharing_a_wire_report_stay_apart():
    # Each host's own text is more than half of it: the wire report is one section, not the article.
    one = BORDER + "\n\n" + MARKET + "\n\n" + CONVOY
    two = FUNERAL + "\n\n" + MARKET + "\n\n" + DENIAL
    stories = story_of([make_article("one", one), make_article("two", two), make_article("wire", MARKET)])
    assert len(set(stories.values())) == 3


@pytest.mark.parametrize(
    ("same", "score", "ratio", "expected"),
    [
        (True, 1.0, 1.0, "exact_duplicate"),
        (False, 0.95, 0.9, "near_duplicate"),
        (False, 0.95, 0.5, "contains"),
        (False, 0.85, 1.0, "contains"),
        (False, 0.5, 1.0, "shares_passage"),
        (False, 0.19, 1.0, None),
    ],
)
def test_relation_thresholds(same, score, ratio, expected):
    assert relation_of(same, score, ratio, dedup_settings(CFG)) == expected

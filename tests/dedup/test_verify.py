import pytest

from conflictnews.dedup import compute_signatures, dedup_settings, find_candidates, verify_candidates
from conflictnews.dedup.clusters import canonical_rank
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
    table = make_table(rows)
    sig = compute_signatures(table, cfg)
    links = verify_candidates(find_candidates(sig, cfg), sig, canonical_rank(table, sig), cfg)
    return {(r["article_id"], r["other_article_id"]): (r["relation"], r["score"]) for r in links.to_pylist()}


def test_exact_duplicate_lowercased_copy_points_to_cased():
    links = links_of([make_article("a", wire_lowercase(MARKET)), make_article("b", MARKET)])
    assert links == {("a", "b"): ("exact_duplicate", 1.0)}


def test_near_duplicate_small_edit():
    edited = MARKET.replace("at least 23 people", "at least 25 people").replace("on Tuesday", "on Wednesday")
    links = links_of([make_article("a", MARKET), make_article("b", edited)])
    [(pair, (relation, score))] = links.items()
    assert relation == "near_duplicate"
    assert 0.9 <= score < 1.0
    assert pair == ("b", "a")  # same cased and size: the larger id is the copy


def test_containment_with_captions_and_headings():
    longer = "\n\n".join(
        ["Jets pound market town", CAPTIONS[0], CAPTIONS[1], MARKET, CAPTIONS[2], "What next", DENIAL, CONVOY]
    )
    links = links_of([make_article("long", longer), make_article("short", MARKET)])
    relation, score = links[("short", "long")]
    assert relation == "contains"
    assert score >= 0.95


def test_shared_quoted_passage():
    one = BORDER + " " + PASSAGE
    two = FUNERAL + " " + PASSAGE
    links = links_of([make_article("x", one), make_article("y", two)])
    [((small, large), (relation, score))] = links.items()
    assert relation == "shares_passage"
    assert 0.2 <= score < 0.8
    assert small == "x"  # fewer shingles


def test_unrelated_pair_no_link():
    assert links_of([make_article("a", MARKET), make_article("b", CONVOY), make_article("c", DENIAL)]) == {}


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

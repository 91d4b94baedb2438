import random

import pytest

from conflictnews import schemas
from conflictnews.dedup import deduplicate
from conflictnews.tables import to_table

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


def corpus():
    return [
        make_article("m1", MARKET),
        make_article("m2", wire_lowercase(MARKET)),
        make_article("m3", MARKET.replace("23 people", "24 people")),
        make_article("m4", "\n".join(["Market strike", CAPTIONS[0], CAPTIONS[1], MARKET, DENIAL])),
        make_article("p1", BORDER + " " + PASSAGE),
        make_article("p2", FUNERAL + " " + PASSAGE),
        make_article("c1", CONVOY),
    ]


def test_outputs_follow_the_schemas_and_are_sorted():
    articles, links = deduplicate(make_table(corpus()), CFG)
    assert articles.schema.equals(schemas.ARTICLES)
    assert links.schema.equals(schemas.ARTICLE_LINKS)
    assert articles["article_id"].to_pylist() == sorted(articles["article_id"].to_pylist())
    keys = list(zip(links["article_id"].to_pylist(), links["other_article_id"].to_pylist(), strict=True))
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


def test_stories_of_the_corpus():
    articles, links = deduplicate(make_table(corpus()), CFG)
    got = {r["article_id"]: (r["story_id"], r["is_canonical"], r["duplicate_of"]) for r in articles.to_pylist()}
    assert got["m4"] == ("m4", True, None)  # cased and fullest
    for copy in ("m1", "m2", "m3"):
        assert got[copy] == ("m4", False, "m4")
    assert got["p1"][0] != got["p2"][0]  # one quoted passage does not make one story
    assert got["c1"] == ("c1", True, None)
    relations = {(r["article_id"], r["other_article_id"]): r["relation"] for r in links.to_pylist()}
    assert relations[("m2", "m1")] == "exact_duplicate"
    assert relations[("p1", "p2")] == "shares_passage"
    assert all("c1" not in pair for pair in relations)
    assert sum(articles["is_canonical"].to_pylist()) == len(set(articles["story_id"].to_pylist()))


def test_same_output_for_shuffled_input():
    rows = corpus()
    first = deduplicate(make_table(rows), CFG)
    for seed in range(3):
        random.Random(seed).shuffle(rows)
        shuffled = deduplicate(to_table(rows, schemas.CLEAN_ARTICLES), CFG)  # unsorted input
        assert shuffled[0].equals(first[0])
        assert shuffled[1].equals(first[1])


def test_input_order_does_not_need_sorting():
    rows = corpus()
    table = make_table(rows).take([6, 0, 5, 1, 4, 2, 3])
    assert deduplicate(table, CFG)[0]["article_id"].to_pylist() == sorted(r["article_id"] for r in rows)


def test_repeated_article_id_and_bad_settings_are_errors():
    with pytest.raises(ValueError, match="not unique"):
        deduplicate(make_table([make_article("a", MARKET), make_article("a", DENIAL)]), CFG)
    with pytest.raises(ValueError, match="dedup.contains"):
        deduplicate(make_table([make_article("a", MARKET)]), dict(CFG, contains=1.5))
    with pytest.raises(ValueError, match="unknown setting"):
        deduplicate(make_table([make_article("a", MARKET)]), dict(CFG, shingles=3))
    with pytest.raises(ValueError, match="shares_passage <= contains"):
        deduplicate(make_table([make_article("a", MARKET)]), dict(CFG, shares_passage=0.9))


def test_empty_input():
    articles, links = deduplicate(make_table([]), CFG)
    assert articles.num_rows == 0 and links.num_rows == 0


def test_shard_signatures_give_the_same_links_and_stories():
    import pyarrow as pa

    from conflictnews.dedup import compute_signatures

    rows = corpus()
    whole = deduplicate(make_table(rows), CFG)
    shards = [make_table(rows[i : i + 3]) for i in range(0, len(rows), 3)]
    signatures = pa.concat_tables([compute_signatures(shard, CFG) for shard in reversed(shards)])
    sharded = deduplicate(make_table(rows), CFG, signatures)
    assert sharded[0].equals(whole[0])
    assert sharded[1].equals(whole[1])
    with pytest.raises(ValueError, match="signatures do not match"):
        deduplicate(make_table(rows), CFG, signatures.slice(1))
    with pytest.raises(ValueError, match="num_perm"):
        deduplicate(make_table(rows), dict(CFG, num_perm=64), signatures)

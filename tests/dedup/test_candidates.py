import pytest

from conflictnews.dedup import compute_signatures, find_candidates

from .samples import CFG, CONVOY, DENIAL, MARKET, filler, make_article, make_table, wire_lowercase


def pairs(table):
    return set(zip(table["article_id"].to_pylist(), table["other_article_id"].to_pylist(), strict=True))


def test_exact_group_is_a_star_around_smallest_id():
    rows = [make_article(i, MARKET if i != "d" else wire_lowercase(MARKET)) for i in "dcba"]
    cands = find_candidates(compute_signatures(make_table(rows), CFG), CFG)
    assert pairs(cands) == {("a", "b"), ("a", "c"), ("a", "d")}
    assert set(cands["method"].to_pylist()) == {"exact_hash"}


def test_near_copy_is_found_by_minhash_bands():
    edited = MARKET.replace("23 people", "25 people")
    rows = [make_article("a", MARKET), make_article("b", edited), make_article("c", CONVOY)]
    cands = find_candidates(compute_signatures(make_table(rows), CFG), CFG)
    assert pairs(cands) == {("a", "b")}
    assert cands["method"].to_pylist() == ["minhash_lsh"]


def test_short_text_inside_a_long_one_is_found():
    # 70 words inside 2,000: Jaccard ~0.03, containment 1.0.
    long_text = filler(1000, seed=1) + " " + DENIAL + " " + filler(1000, seed=2)
    rows = [make_article("short", DENIAL), make_article("long", long_text), make_article("other", CONVOY)]
    rows += [make_article("empty", ""), make_article("m", "")]  # empty slices next to real ones
    rows += [make_article(f"noise{i}", filler(300 + 50 * i, seed=10 + i)) for i in range(8)]
    cands = find_candidates(compute_signatures(make_table(rows), CFG), CFG)
    assert ("long", "short") in pairs(cands)


def test_common_fingerprints_are_skipped():
    # Every text shares DENIAL; with max_fingerprint_df below the number of texts, it yields no pairs.
    rows = [make_article(f"t{i}", filler(200, seed=i) + " " + DENIAL) for i in range(5)]
    sig = compute_signatures(make_table(rows), CFG)
    assert len(pairs(find_candidates(sig, CFG))) == 10
    assert pairs(find_candidates(sig, dict(CFG, max_fingerprint_df=4))) == set()


def test_no_texts_no_pairs_and_empty_text_left_out():
    rows = [make_article("a", ""), make_article("b", " ... "), make_article("c", MARKET)]
    cands = find_candidates(compute_signatures(make_table(rows), CFG), CFG)
    assert cands.num_rows == 0


def test_repeated_ids_are_an_error():
    sig = compute_signatures(make_table([make_article("a", MARKET), make_article("a", DENIAL)]), CFG)
    with pytest.raises(ValueError, match="repeated"):
        find_candidates(sig, CFG)

import numpy as np
import pytest

from conflictnews.dedup import compute_signatures, dedup_settings
from conflictnews.dedup.signatures import minhash_of, minhash_template, shingle_hashes

from .samples import CFG, MARKET, make_article, make_table, wire_lowercase


def test_signature_columns_and_sizes():
    table = make_table([make_article("a", "one two three four five six seven"), make_article("b", "one two")])
    sig = compute_signatures(table, CFG)
    assert sig.column_names == ["article_id", "text_hash", "n_tokens", "n_shingles", "minhash", "shingles"]
    rows = {r["article_id"]: r for r in sig.to_pylist()}
    assert rows["a"]["n_tokens"] == 7 and rows["a"]["n_shingles"] == 3  # 7 words, 5-word shingles
    assert rows["b"]["n_shingles"] == 1  # shorter than a shingle: one shingle
    assert len(rows["a"]["minhash"]) == 128
    assert rows["a"]["shingles"] == sorted(set(rows["a"]["shingles"]))


def test_lowercased_copy_has_same_hash_and_minhash():
    sig = compute_signatures(make_table([make_article("a", MARKET), make_article("b", wire_lowercase(MARKET))]), CFG)
    a, b = sig.to_pylist()
    assert a["text_hash"] == b["text_hash"]
    assert a["minhash"] == b["minhash"]


def test_signatures_are_deterministic_and_seeded():
    table = make_table([make_article("a", MARKET)])
    first = compute_signatures(table, CFG)
    assert compute_signatures(table, CFG).equals(first)
    other_seed = compute_signatures(table, dict(CFG, seed=2))
    assert other_seed["minhash"].to_pylist() != first["minhash"].to_pylist()
    assert other_seed["shingles"].to_pylist() == first["shingles"].to_pylist()


def test_minhash_estimates_jaccard():
    words = MARKET.lower().split()
    a = shingle_hashes(words, 5)
    b = shingle_hashes(words[: len(words) // 2] + ["different"] * 3 + words[len(words) // 2 :], 5)
    true = np.intersect1d(a, b).size / np.union1d(a, b).size
    template = minhash_template(dedup_settings(CFG))
    assert minhash_of(a, template).jaccard(minhash_of(b, template)) == pytest.approx(true, abs=0.15)


def test_shingle_order_matters():
    assert not np.array_equal(shingle_hashes(["a", "b"], 5), shingle_hashes(["b", "a"], 5))

import numpy as np
import pyarrow as pa
import pytest
from datasketch import MinHash

from conflictnews.dedup import SIGNATURES, compute_signatures
from conflictnews.dedup.signatures import shingle_hashes

from .samples import CFG, CONVOY, DENIAL, MARKET, make_article, make_table, wire_lowercase


def test_signature_columns_and_sizes():
    table = make_table([make_article("a", "one two three four five six seven"), make_article("b", "one two")])
    sig = compute_signatures(table, CFG)
    assert sig.schema.equals(SIGNATURES)
    rows = {r["article_id"]: r for r in sig.to_pylist()}
    assert rows["a"]["n_tokens"] == 7 and rows["a"]["n_shingles"] == 3  # 7 words, 5-word shingles
    assert rows["b"]["n_shingles"] == 1  # shorter than a shingle: one shingle
    assert len(rows["a"]["minhash"]) == 128
    assert rows["a"]["shingles"] == sorted(set(rows["a"]["shingles"]))
    assert len(rows["a"]["lede"]) == 3  # fewer shingles than lede_shingles: all, in text order


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


def test_minhash_equals_datasketch():
    rows = [make_article("a", MARKET), make_article("b", ""), make_article("c", "x y")]
    sig = compute_signatures(make_table(rows), CFG)
    for row in sig.to_pylist():
        expected = MinHash(num_perm=128, seed=1, scheme="affine32", hashfunc=int)
        if row["shingles"]:
            expected.update_batch(row["shingles"])
        assert row["minhash"] == expected.hashvalues.tolist()


def test_minhash_estimates_jaccard():
    sig = compute_signatures(
        make_table([make_article("a", MARKET + " " + DENIAL), make_article("b", MARKET + " " + CONVOY)]), CFG
    )
    (a, b) = sig.to_pylist()
    true = len(set(a["shingles"]) & set(b["shingles"])) / len(set(a["shingles"]) | set(b["shingles"]))
    estimate = np.mean(np.array(a["minhash"]) == np.array(b["minhash"]))
    assert estimate == pytest.approx(true, abs=0.15)


def test_shard_signatures_equal_whole_corpus_signatures():
    rows = [make_article(f"a{i}", text) for i, text in enumerate([MARKET, DENIAL, CONVOY, "", "two words", MARKET])]
    whole = compute_signatures(make_table(rows), CFG)
    shards = pa.concat_tables([compute_signatures(make_table(rows[i : i + 2]), CFG) for i in range(0, 6, 2)])
    assert shards.sort_by("article_id").equals(whole.sort_by("article_id"))


def test_shingle_order_matters():
    assert not np.array_equal(shingle_hashes(["a", "b"], 5), shingle_hashes(["b", "a"], 5))

"""Signatures: per-article hashes that the later steps compare, computed one article at a time.

This step needs nothing but the article itself, so it can run per shard (Snakemake scatter);
candidates, verification and clusters run on the gathered signatures.

For each article:
- `text_hash`: hash of the normalised text (normalize.py), equal for exact duplicates,
  including a lower-cased, tokenized copy of a cased text;
- `shingles`: the sorted, unique 64-bit hashes of its word shingles (`shingle_size` words;
  a text shorter than that is one shingle), kept so verification is exact and needs no text;
- `minhash`: datasketch MinHash hash values over those shingles (scheme affine64, fixed seed,
  so the same text gives the same signature in every build);
- `n_tokens`, `n_shingles`: sizes (n_shingles = the set size the LSH Ensemble needs).

Word hashes are blake2b (not Python's salted `hash`); a shingle's hash combines its word
hashes in numpy, so no shingle string is ever built.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pyarrow as pa
from datasketch import MinHash

from .normalize import tokens
from .settings import DedupSettings, dedup_settings

SIGNATURES = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("text_hash", pa.string(), nullable=False),
        pa.field("n_tokens", pa.int32(), nullable=False),
        pa.field("n_shingles", pa.int32(), nullable=False),
        pa.field("minhash", pa.list_(pa.uint64()), nullable=False),
        pa.field("shingles", pa.list_(pa.uint64()), nullable=False),
    ]
)

_SCHEME = "affine64"
_BASE = np.uint64(0x100000001B3)  # polynomial base combining word hashes into a shingle hash


def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads the polynomial's bits (wrapping uint64 arithmetic)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def shingle_hashes(words: list[str], shingle_size: int, cache: dict[str, int] | None = None) -> np.ndarray:
    """Sorted unique uint64 hashes of the word shingles; a text shorter than shingle_size is one shingle."""
    if not words:
        return np.empty(0, dtype=np.uint64)
    cache = {} if cache is None else cache
    values = []
    for word in words:
        value = cache.get(word)
        if value is None:
            value = cache[word] = _word_hash(word)
        values.append(value)
    word_hashes = np.array(values, dtype=np.uint64)
    size = min(shingle_size, len(words))
    count = len(words) - size + 1
    acc = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(size):
            acc = acc * _BASE + word_hashes[offset : offset + count]
        acc = _mix64(acc ^ np.uint64(size))
    return np.unique(acc)


def text_hash(words: list[str]) -> str:
    return hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=16).hexdigest()


def _identity(value: int) -> int:
    return value


def minhash_template(settings: DedupSettings) -> MinHash:
    """An empty MinHash with the build's permutations; copies share them instead of redrawing."""
    return MinHash(num_perm=settings.num_perm, seed=settings.seed, hashfunc=_identity, scheme=_SCHEME)


def minhash_of(shingles: np.ndarray, template: MinHash) -> MinHash:
    m = MinHash(
        num_perm=len(template.permutations[0]),
        seed=template.seed,
        hashfunc=_identity,
        scheme=_SCHEME,
        permutations=template.permutations,
    )
    if shingles.size:
        m.update_batch(shingles)
    return m


def compute_signatures(articles: pa.Table, cfg: dict | DedupSettings | None) -> pa.Table:
    """One SIGNATURES row per article (article_id, text_hash, n_tokens, n_shingles, minhash, shingles)."""
    settings = cfg if isinstance(cfg, DedupSettings) else dedup_settings(cfg)
    template = minhash_template(settings)
    cache: dict[str, int] = {}
    ids = articles.column("article_id").to_pylist()
    texts = articles.column("text").to_pylist()
    rows: dict[str, list] = {name: [] for name in SIGNATURES.names}
    for article_id, text in zip(ids, texts, strict=True):
        words = tokens(text)
        shingles = shingle_hashes(words, settings.shingle_size, cache)
        rows["article_id"].append(article_id)
        rows["text_hash"].append(text_hash(words))
        rows["n_tokens"].append(len(words))
        rows["n_shingles"].append(int(shingles.size))
        rows["minhash"].append(minhash_of(shingles, template).hashvalues.astype(np.uint64))
        rows["shingles"].append(shingles)
    return pa.table(rows, schema=SIGNATURES)

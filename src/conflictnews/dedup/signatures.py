"""Signatures: per-article hashes that the later steps compare, computed one shard at a time.

This step needs nothing but the shard's own rows and the settings, so it runs per shard
(Snakemake scatter); candidates, verification and clusters run on the gathered signatures.
A row depends only on its article's text and `shingle_size`, `num_perm`, `seed`,
`lede_shingles`: signatures of the shards concatenated equal the signatures of the whole corpus.

SIGNATURES columns, one row per article:
- `article_id`;
- `text_hash` (uint64): blake2b-64 of the normalised text (normalize.py); equal for exact
  duplicates, including a lower-cased, tokenized copy of a cased text;
- `n_tokens`, `n_shingles` (int32): sizes; an empty text has 0 of both;
- `shingles` (list<uint32>): the sorted, unique 32-bit hashes of the word shingles
  (`shingle_size` words; a text shorter than that is one shingle). Verification measures
  containment exactly on these, so it needs no text; two different shingles collide with
  probability 2^-32, which changes no score at the precision it is reported;
- `lede` (list<uint32>): the first `lede_shingles` shingle hashes in text order (the lede);
- `minhash` (list<uint32>, `num_perm` values): datasketch MinHash, scheme "affine32", of the
  shingle hashes (identity hash function), computed for the whole shard at once with numpy;
  the values equal `datasketch.MinHash(num_perm, seed, scheme="affine32").update_batch(shingles)`.

Word hashes are blake2b (not Python's salted `hash`); a shingle's hash combines its word
hashes in numpy, so no shingle string is ever built.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from datasketch import MinHash

from .normalize import tokens
from .settings import DedupSettings, dedup_settings

SIGNATURES = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("text_hash", pa.uint64(), nullable=False),
        pa.field("n_tokens", pa.int32(), nullable=False),
        pa.field("n_shingles", pa.int32(), nullable=False),
        pa.field("shingles", pa.list_(pa.uint32()), nullable=False),
        pa.field("lede", pa.list_(pa.uint32()), nullable=False),
        pa.field("minhash", pa.list_(pa.uint32()), nullable=False),
    ]
)

_SCHEME = "affine32"
_BASE = np.uint64(0x100000001B3)  # polynomial base combining word hashes into a shingle hash
_MAX32 = np.uint32(0xFFFFFFFF)
_BATCH = 4096  # articles per signature batch


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique by sorting (numpy's default hash-based unique is several times slower here)."""
    values = np.sort(values)
    if values.size < 2:
        return values
    keep = np.empty(values.size, dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def _cached_hash(word: str, cache: dict[str, int]) -> int:
    value = cache.get(word)
    if value is None:
        value = cache[word] = _word_hash(word)
    return value


def text_hash(words: list[str]) -> int:
    return int.from_bytes(hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest(), "little")


def mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads the bits of a uint64 array (wrapping arithmetic)."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(30))
        x = x * np.uint64(0xBF58476D1CE4E5B9)
        x = x ^ (x >> np.uint64(27))
        x = x * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def fmix32(x: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, the pre-mix datasketch applies in its affine32 scheme."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint32(16))
        x = x * np.uint32(0x85EBCA6B)
        x = x ^ (x >> np.uint32(13))
        x = x * np.uint32(0xC2B2AE35)
        return x ^ (x >> np.uint32(16))


def _window_hash(word_hashes: np.ndarray, size: int) -> np.ndarray:
    """Hash of every `size`-word window of a flat word-hash array (len - size + 1 values)."""
    count = word_hashes.size - size + 1
    acc = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(size):
            acc = acc * _BASE + word_hashes[offset : offset + count]
    return (mix64(acc ^ np.uint64(size)) >> np.uint64(32)).astype(np.uint32)


def shingle_hashes(words: list[str], shingle_size: int) -> np.ndarray:
    """Sorted unique uint32 hashes of one text's word shingles (one shingle if shorter than shingle_size)."""
    if not words:
        return np.empty(0, dtype=np.uint32)
    word_hashes = np.array([_word_hash(w) for w in words], dtype=np.uint64)
    return sorted_unique(_window_hash(word_hashes, min(shingle_size, len(words))))


def permutations(settings: DedupSettings) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) parameters of datasketch's affine32 permutations for num_perm and seed."""
    a, b = MinHash(num_perm=settings.num_perm, seed=settings.seed, scheme=_SCHEME).permutations
    return a.astype(np.uint32), b.astype(np.uint32)


def minhash_rows(values: np.ndarray, offsets: np.ndarray, settings: DedupSettings) -> np.ndarray:
    """(n, num_perm) uint32 MinHash values of the sets values[offsets[i]:offsets[i+1]]; empty sets all 2^32-1."""
    n = offsets.size - 1
    out = np.full((n, settings.num_perm), _MAX32, dtype=np.uint32)
    counts = np.diff(offsets)
    filled = np.flatnonzero(counts > 0)
    if filled.size == 0:
        return out
    starts = offsets[:-1][filled]
    mixed = fmix32(values.astype(np.uint32, copy=False))
    a, b = permutations(settings)
    with np.errstate(over="ignore"):
        for k in range(settings.num_perm):
            out[filled, k] = np.minimum.reduceat(mixed * a[k] + b[k], starts)
    return out


def _list_array(offsets: np.ndarray, values: np.ndarray) -> pa.Array:
    return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), pa.array(values, type=pa.uint32()))


def compute_signatures(articles: pa.Table, cfg: dict | DedupSettings | None) -> pa.Table:
    """SIGNATURES rows of one shard (or of a whole corpus), in the input's row order.

    Computed in batches of articles, so memory stays small whatever the shard size.
    """
    settings = dedup_settings(cfg)
    cache: dict[str, int] = {}
    batches = [
        _signature_batch(articles.slice(start, _BATCH), settings, cache)
        for start in range(0, articles.num_rows, _BATCH)
    ]
    if not batches:
        return SIGNATURES.empty_table()
    # One contiguous Arrow buffer per column: the batches' small numpy buffers are freed and
    # reused, and the shard's table is released to the OS in one piece when it is gathered.
    return pa.concat_tables(batches).combine_chunks()


def _signature_batch(articles: pa.Table, settings: DedupSettings, cache: dict[str, int]) -> pa.Table:
    ids = articles.column("article_id").to_pylist()
    word_lists = [tokens(text) for text in articles.column("text").to_pylist()]
    n = len(word_lists)
    n_tokens = np.fromiter((len(words) for words in word_lists), dtype=np.int64, count=n)
    hashes = np.fromiter((text_hash(words) for words in word_lists), dtype=np.uint64, count=n)
    total = int(n_tokens.sum())
    flat = np.fromiter(itertools.chain.from_iterable(word_lists), dtype=object, count=total)
    del word_lists
    codes, vocabulary = pd.factorize(flat, sort=False)
    del flat
    known = np.fromiter((_cached_hash(w, cache) for w in vocabulary), dtype=np.uint64, count=len(vocabulary))
    return signatures_of_words(ids, hashes, n_tokens, known[codes], settings)


def signatures_of_words(
    ids: list[str], hashes: np.ndarray, n_tokens: np.ndarray, word_hashes: np.ndarray, settings: DedupSettings
) -> pa.Table:
    """SIGNATURES rows from text hashes, token counts and the flat uint64 word hashes of the articles."""
    n = len(ids)
    total = word_hashes.size

    # Every k-word window of the flat token array; keep those inside one article.
    k = settings.shingle_size
    owner = np.repeat(np.arange(n, dtype=np.int64), n_tokens)
    starts = np.concatenate(([0], np.cumsum(n_tokens)))
    if total >= k:
        windows = _window_hash(word_hashes, k)
        position = np.arange(windows.size, dtype=np.int64) - starts[owner[: windows.size]]
        keep = position <= n_tokens[owner[: windows.size]] - k
        shingle_owner, shingle_position, shingle = owner[: windows.size][keep], position[keep], windows[keep]
    else:
        shingle_owner = shingle_position = np.empty(0, dtype=np.int64)
        shingle = np.empty(0, dtype=np.uint32)
    short = np.flatnonzero((n_tokens > 0) & (n_tokens < k))  # one shingle of all their words
    if short.size:
        extra = np.array(
            [_window_hash(word_hashes[starts[i] : starts[i + 1]], int(n_tokens[i]))[0] for i in short],
            dtype=np.uint32,
        )
        shingle_owner = np.concatenate((shingle_owner, short))
        shingle_position = np.concatenate((shingle_position, np.zeros(short.size, dtype=np.int64)))
        shingle = np.concatenate((shingle, extra))

    # Lede: the first lede_shingles shingles of each article, in text order.
    order = np.lexsort((shingle_position, shingle_owner))
    in_lede = shingle_position[order] < settings.lede_shingles
    lede_values = shingle[order][in_lede]
    lede_offsets = np.concatenate(([0], np.cumsum(np.bincount(shingle_owner[order][in_lede], minlength=n))))

    # Sorted unique shingles per article.
    keyed = sorted_unique((shingle_owner.astype(np.uint64) << np.uint64(32)) | shingle.astype(np.uint64))
    values = (keyed & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    n_shingles = np.bincount((keyed >> np.uint64(32)).astype(np.int64), minlength=n)
    offsets = np.concatenate(([0], np.cumsum(n_shingles)))
    minhash = minhash_rows(values, offsets, settings)

    return pa.table(
        [
            pa.array(ids, type=pa.string()),
            pa.array(hashes, type=pa.uint64()),
            pa.array(n_tokens.astype(np.int32)),
            pa.array(n_shingles.astype(np.int32)),
            _list_array(offsets, values),
            _list_array(lede_offsets, lede_values),
            _list_array(np.arange(0, (n + 1) * settings.num_perm, settings.num_perm), minhash.ravel()),
        ],
        schema=SIGNATURES,
    )


@dataclass(slots=True)
class SignatureArrays:
    """Gathered signatures as numpy arrays. Per-article arrays are in article_id order (index i =
    i-th id); the flat value arrays stay in input order and are addressed by start and count."""

    ids: list[str]
    text_hash: np.ndarray
    n_tokens: np.ndarray
    n_shingles: np.ndarray  # also the count of each article's values in `shingles`
    shingle_start: np.ndarray
    shingles: np.ndarray
    lede_start: np.ndarray
    lede_count: np.ndarray
    lede: np.ndarray
    minhash_row: np.ndarray  # row of each article in `minhash`
    minhash: np.ndarray  # (n, num_perm)


def signature_arrays(signatures: pa.Table | list[pa.Table], settings: DedupSettings) -> SignatureArrays:
    """Arrays of SIGNATURES rows (one table, or a list of shard tables in any order).

    A list is consumed: each shard table is removed from it once copied, so the gathered arrays
    and the tables are not both held in full. Checks ids are unique and minhash length = num_perm.
    """
    tables = signatures if isinstance(signatures, list) else [signatures]
    n = sum(t.num_rows for t in tables)
    total = sum(int(pc.sum(t.column("n_shingles")).as_py() or 0) for t in tables)
    lede_total = sum(int(pc.sum(pc.list_value_length(t.column("lede"))).as_py() or 0) for t in tables)
    shingles = np.empty(total, dtype=np.uint32)
    lede = np.empty(lede_total, dtype=np.uint32)
    minhash = np.empty((n, settings.num_perm), dtype=np.uint32)
    text_hash = np.empty(n, dtype=np.uint64)
    n_tokens, n_shingles, shingle_start, lede_start, lede_count = (np.empty(n, dtype=np.int64) for _ in range(5))
    ids: list[str] = []
    row = used = lede_used = 0
    while tables:
        table = tables.pop(0)
        for batch in table.to_batches():
            k = batch.num_rows
            ids.extend(batch.column("article_id").to_pylist())
            text_hash[row : row + k] = batch.column("text_hash").to_numpy()
            n_tokens[row : row + k] = batch.column("n_tokens").to_numpy()
            for name, values, starts, counts, position in (
                ("shingles", shingles, shingle_start, n_shingles, used),
                ("lede", lede, lede_start, lede_count, lede_used),
                ("minhash", None, None, None, 0),
            ):
                column = batch.column(name)
                offsets = column.offsets.to_numpy().astype(np.int64)
                flat = column.values.to_numpy(zero_copy_only=False)[offsets[0] : offsets[-1]]
                offsets -= offsets[0]
                if values is None:
                    if flat.size != k * settings.num_perm or np.any(np.diff(offsets) != settings.num_perm):
                        raise ValueError(
                            f"dedup signatures: minhash length differs from num_perm={settings.num_perm}; "
                            "recompute the signatures with the current dedup settings"
                        )
                    minhash[row : row + k] = flat.reshape(k, settings.num_perm)
                    continue
                values[position : position + flat.size] = flat
                starts[row : row + k] = position + offsets[:-1]
                counts[row : row + k] = np.diff(offsets)
                if name == "shingles":
                    used += flat.size
                else:
                    lede_used += flat.size
            row += k
        table = batch = column = None  # noqa: F841 (drop the copied shard)
        pa.default_memory_pool().release_unused()
    order = np.array(sorted(range(n), key=ids.__getitem__), dtype=np.int64)
    ids = [ids[i] for i in order]
    repeated = next((a for a, b in zip(ids, ids[1:], strict=False) if a == b), None)
    if repeated is not None:
        raise ValueError(f"dedup signatures: article_id repeated (e.g. {repeated}); were shards overlapping?")
    return SignatureArrays(
        ids=ids,
        text_hash=text_hash[order],
        n_tokens=n_tokens[order],
        n_shingles=n_shingles[order],
        shingle_start=shingle_start[order],
        shingles=shingles,
        lede_start=lede_start[order],
        lede_count=lede_count[order],
        lede=lede,
        minhash_row=order,
        minhash=minhash,
    )

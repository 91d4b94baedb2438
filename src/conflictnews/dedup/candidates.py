"""Candidate pairs: which articles to compare exactly, found without comparing all pairs.

Three sources, all sorting-and-grouping in numpy (time ~ n log n, memory ~ n):

1. Exact groups: articles with the same `text_hash` (same normalised text). Each member is
   paired with the group's representative (smallest article_id), not with every other member,
   so a thousand copies give 999 pairs. Only representatives go on to steps 2 and 3; the
   verified links of a representative are copied to the members of its group (verify.py).
2. MinHash LSH for near duplicates: the `num_perm` MinHash values are cut into `lsh_bands`
   bands; two texts that agree on every value of at least one band are a candidate pair
   (the banding of datasketch's MinHashLSH). With 32 bands of 4 rows a pair with Jaccard 0.6
   is found with probability 0.99, one with Jaccard 0.3 with probability 0.23.
3. Passage fingerprints for containment and shared passages: a short text inside a long one
   has a low Jaccard similarity even when wholly contained (200 words in 2,000: Jaccard 0.1),
   so banding cannot find it. Instead every shingle whose hash is 0 modulo `fingerprint_every`
   is a fingerprint (content-defined sampling, as in MOSS/winnowing: two texts sample the same
   shingles of a passage they share). Texts sharing at least `min_shared_fingerprints`
   fingerprints are a candidate pair. A passage of m shingles holds on average
   m / fingerprint_every fingerprints, so a 20 % share of a 250-shingle text is found with
   probability ~0.995 at the defaults. Fingerprints found in more than `max_fingerprint_df`
   texts (boilerplate, set phrases, a wire story copied everywhere: the latter is still found
   by steps 1-2) are skipped, which bounds the pairs per fingerprint and keeps the work linear.

(The datasketch MinHashLSHEnsemble that an earlier version used inserts every key into
num_perm LSH indexes of num_perm/r bands each, about num_perm^2 * 8 bytes per article, so
it cannot hold 100k articles in a few GiB; the fingerprint index does the same job.)
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from .settings import DedupSettings, dedup_settings
from .signatures import SignatureArrays, mix64, signature_arrays, sorted_unique

CANDIDATES = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("other_article_id", pa.string(), nullable=False),
        pa.field("method", pa.string(), nullable=False),  # exact_hash, minhash_lsh or fingerprint
    ]
)

METHODS = ("exact_hash", "minhash_lsh", "fingerprint")


def exact_groups(sig: SignatureArrays) -> tuple[np.ndarray, np.ndarray]:
    """(representative, group) per article: the group's smallest index, and a group number (-1 for empty texts)."""
    n = len(sig.ids)
    representative = np.arange(n, dtype=np.int64)
    group = np.full(n, -1, dtype=np.int64)
    filled = np.flatnonzero(sig.n_tokens > 0)
    if filled.size == 0:
        return representative, group
    _, first, inverse = np.unique(sig.text_hash[filled], return_index=True, return_inverse=True)
    group[filled] = inverse
    representative[filled] = filled[first][inverse]  # np.unique's first occurrence = smallest index
    return representative, group


def group_pairs(keyed: np.ndarray, max_size: int, star_above: bool) -> np.ndarray:
    """Pairs (i < j) of members with equal keys, as int64 codes i * 2^32 + j.

    keyed: uint64 values key * 2^32 + member (32-bit keys; sorted here, in place). Groups larger
    than max_size are skipped, or (star_above) paired with their first member only.
    """
    if keyed.size < 2:
        return np.empty(0, dtype=np.int64)
    keyed.sort()
    same = (keyed[1:] >> np.uint64(32)) == (keyed[:-1] >> np.uint64(32))
    shared = np.zeros(keyed.size, dtype=bool)  # members of groups of two or more
    shared[1:] |= same
    shared[:-1] |= same
    del same
    keyed = keyed[shared]
    if keyed.size < 2:
        return np.empty(0, dtype=np.int64)
    keys = keyed >> np.uint64(32)
    members = (keyed & np.uint64(0xFFFFFFFF)).astype(np.int64)
    boundary = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    del keys
    starts = np.concatenate(([0], boundary))
    sizes = np.diff(np.concatenate((starts, [members.size])))
    out = []
    for size in np.unique(sizes[sizes > 1]):
        group_starts = starts[sizes == size]
        if size > max_size:
            if not star_above:
                continue
            first = np.repeat(members[group_starts], size - 1)
            rest = members[(group_starts[:, None] + np.arange(1, size)).ravel()]
            out.append((first << 32) | rest)
            continue
        matrix = members[group_starts[:, None] + np.arange(size)]
        left, right = np.triu_indices(size, 1)
        out.append(((matrix[:, left] << 32) | matrix[:, right]).ravel())
    return np.concatenate(out) if out else np.empty(0, dtype=np.int64)


def band_pairs(sig: SignatureArrays, rows: np.ndarray, settings: DedupSettings) -> np.ndarray:
    """MinHash LSH: pair codes of rows that agree on a whole band (band values hashed to 32 bits;
    a chance collision only adds a candidate, which verification rejects)."""
    width = settings.num_perm // settings.lsh_bands
    out = []
    for band in range(settings.lsh_bands):
        block = sig.minhash[sig.minhash_row[rows], band * width : (band + 1) * width].astype(np.uint64)
        key = np.zeros(rows.size, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for column in range(width):
                key = mix64(key * np.uint64(0x100000001B3) + block[:, column])
        keyed = ((key >> np.uint64(32)) << np.uint64(32)) | rows.astype(np.uint64)
        out.append(group_pairs(keyed, settings.max_fingerprint_df, star_above=True))
    return sorted_unique(np.concatenate(out)) if out else np.empty(0, dtype=np.int64)


_CHUNK = 1 << 24  # shingles scanned at a time for fingerprints


def fingerprint_pairs(sig: SignatureArrays, rows: np.ndarray, settings: DedupSettings) -> np.ndarray:
    """Pair codes of rows sharing at least min_shared_fingerprints sampled shingles."""
    # Owner of every position of the flat shingle array (articles' slices do not overlap).
    filled = np.flatnonzero(sig.n_shingles > 0)  # an empty article's start is another's
    by_start = filled[np.argsort(sig.shingle_start[filled], kind="stable")]
    sorted_starts = sig.shingle_start[by_start]
    wanted = np.zeros(len(sig.ids), dtype=bool)
    wanted[rows] = True
    parts = []
    every = np.uint32(settings.fingerprint_every)
    for begin in range(0, sig.shingles.size, _CHUNK):
        chunk = sig.shingles[begin : begin + _CHUNK]
        position = np.flatnonzero(chunk % every == 0)
        owner = by_start[np.searchsorted(sorted_starts, position + begin, side="right") - 1]
        keep = wanted[owner]
        parts.append((chunk[position[keep]].astype(np.uint64) << np.uint64(32)) | owner[keep].astype(np.uint64))
    keyed = np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64)
    del parts
    codes = group_pairs(keyed, settings.max_fingerprint_df, star_above=False)
    if codes.size == 0:
        return codes
    codes, shared = np.unique(codes, return_counts=True)
    return codes[shared >= settings.min_shared_fingerprints]


def candidate_pairs(sig: SignatureArrays, settings: DedupSettings) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, method index into METHODS) with i < j, sorted by (i, j): exact pairs, then representatives' pairs."""
    representative, _ = exact_groups(sig)
    n = len(sig.ids)
    members = np.flatnonzero(representative != np.arange(n))
    exact = (representative[members] << 32) | members
    rows = np.flatnonzero((representative == np.arange(n)) & (sig.n_shingles > 0))
    lsh = band_pairs(sig, rows, settings)
    fingerprint = fingerprint_pairs(sig, rows, settings)
    codes = np.concatenate((exact, lsh, fingerprint))
    methods = np.concatenate(
        (np.zeros(exact.size, np.int8), np.ones(lsh.size, np.int8), np.full(fingerprint.size, 2, np.int8))
    )
    codes, first = np.unique(codes, return_index=True)  # first occurrence: exact before lsh before fingerprint
    return codes >> 32, codes & 0xFFFFFFFF, methods[first]


def find_candidates(signatures: pa.Table, cfg: dict | DedupSettings | None) -> pa.Table:
    """CANDIDATES rows (article_id < other_article_id), sorted, one per pair."""
    settings = dedup_settings(cfg)
    sig = signature_arrays(signatures, settings)
    left, right, method = candidate_pairs(sig, settings)
    ids = np.array(sig.ids, dtype=object)
    return pa.table(
        {
            "article_id": pa.array(ids[left].tolist(), type=pa.string()),
            "other_article_id": pa.array(ids[right].tolist(), type=pa.string()),
            "method": pa.array(np.array(METHODS, dtype=object)[method].tolist(), type=pa.string()),
        },
        schema=CANDIDATES,
    )

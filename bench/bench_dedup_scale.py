"""Dedup scaling benchmark: synthetic corpora of 10k, 100k and 1M articles with planted copies.

Run: `make bench-dedup_scale`, or `.venv/bin/python bench/bench_dedup_scale.py --sizes 10000,100000`
for a quick check. Each size runs in its own subprocess, so its peak memory (max RSS) is its own.

Per size: articles are generated shard by shard (numpy, fixed seed; words drawn from a 50,000-word
vocabulary with Zipfian frequencies, 250-400 words each), and ~10 % of them are planted copies of
an article of the same or the previous shard (exact, re-cased, near: 3 words changed, truncated to
60-90 %, embedded in new text, update with new text at the end). Signatures are computed per shard
(as the workflow's scatter does) and the text is dropped; the gathered signatures then go through
candidates, verification and clusters (`conflictnews.dedup.link_articles`). Generation time is not
counted. Printed: seconds per 1k articles (signatures, linking, total wall time, and CPU time, which
other jobs on a shared machine disturb less), peak memory, planted copies
found, and verdicts against the targets (time per article at the largest size within 2x of the
smallest; peak memory <= 4 GiB).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SEED = 7
VOCABULARY = 50_000
ZIPF = 1.07
COPY_SHARE = 0.10
SHARD = 50_000
KINDS = ("exact", "recased", "near", "truncated", "embedded", "update")


def vocabulary(rng: np.random.Generator) -> np.ndarray:
    letters = np.frombuffer(b"abcdefghijklmnopqrstuvwxyz", dtype="S1")
    lengths = rng.integers(3, 10, VOCABULARY)
    chars = letters[rng.integers(0, 26, lengths.sum())].astype(str)
    words = ["".join(w) for w in np.split(chars, np.cumsum(lengths)[:-1])]
    return np.array(words, dtype=object)


def shard_words(n: int, rng: np.random.Generator, cdf: np.ndarray) -> list[np.ndarray]:
    lengths = rng.integers(250, 401, n)
    ids = np.searchsorted(cdf, rng.random(int(lengths.sum()))).astype(np.int32)
    return np.split(ids, np.cumsum(lengths)[:-1])


def plant(docs: list[np.ndarray], previous: list[np.ndarray], rng: np.random.Generator, cdf: np.ndarray):
    """Replace ~COPY_SHARE of docs by copies; returns {index: (kind, source shard offset, source index)}."""
    planted = {}
    for i in np.flatnonzero(rng.random(len(docs)) < COPY_SHARE):
        if len(previous) + i == 0:
            continue
        j = int(rng.integers(0, len(previous) + i))
        source = previous[j] if j < len(previous) else docs[j - len(previous)]  # as it is now
        kind = KINDS[int(rng.integers(0, len(KINDS)))]
        if kind in ("exact", "recased"):
            copy = source.copy()
        elif kind == "near":
            copy = source.copy()
            copy[rng.integers(0, copy.size, 3)] = np.searchsorted(cdf, rng.random(3))
        elif kind == "truncated":
            copy = source[: int(source.size * rng.uniform(0.6, 0.9))].copy()
        elif kind == "embedded":
            own = np.searchsorted(cdf, rng.random(int(source.size * rng.uniform(1.0, 1.5)))).astype(np.int32)
            cut = int(rng.integers(40, 80))
            copy = np.concatenate((own[:cut], source, own[cut:]))
        else:
            copy = np.concatenate((source, np.searchsorted(cdf, rng.random(60)).astype(np.int32)))
        docs[i] = copy
        planted[int(i)] = (kind, j - len(previous))  # negative: index into the previous shard
    return planted


def texts_of(docs: list[np.ndarray], words: np.ndarray, recased: set[int]) -> list[str]:
    out = []
    for i, ids in enumerate(docs):
        text = " ".join(words[ids])
        out.append(text.upper() if i in recased else text)
    return out


def word_signatures(names: list[str], docs: list[np.ndarray], word_hashes: np.ndarray, settings) -> object:
    """--from-word-ids: the signature step after tokenizing (word ids -> word hashes), skipping text."""
    import hashlib

    import pyarrow as pa

    from conflictnews.dedup.signatures import _BATCH, signatures_of_words

    batches = []
    for start in range(0, len(docs), _BATCH):  # in batches, as compute_signatures does
        part = docs[start : start + _BATCH]
        n_tokens = np.array([d.size for d in part], dtype=np.int64)
        hashes = np.array(
            [int.from_bytes(hashlib.blake2b(d.tobytes(), digest_size=8).digest(), "little") for d in part],
            dtype=np.uint64,
        )
        words = word_hashes[np.concatenate(part)]
        batches.append(signatures_of_words(names[start : start + _BATCH], hashes, n_tokens, words, settings))
    return pa.concat_tables(batches).combine_chunks()


def run_one(n: int, shard_size: int, from_word_ids: bool = False) -> dict:
    import pyarrow as pa

    from conflictnews.dedup import compute_signatures, dedup_settings, link_articles
    from conflictnews.dedup.signatures import _word_hash

    settings = dedup_settings({})
    rng = np.random.default_rng(SEED)
    words = vocabulary(rng)
    weights = 1.0 / np.arange(1, VOCABULARY + 1) ** ZIPF
    cdf = np.cumsum(weights / weights.sum())
    word_hashes = np.array([_word_hash(w) for w in words], dtype=np.uint64) if from_word_ids else None
    signatures, previous, truth = [], [], []
    sig_seconds = sig_cpu = 0.0
    for shard, start in enumerate(range(0, n, shard_size)):
        size = min(shard_size, n - start)
        docs = shard_words(size, rng, cdf)
        planted = plant(docs, previous, rng, cdf)
        prefix = f"s{shard:04d}-"
        for i, (kind, j) in planted.items():
            source = f"s{shard - 1:04d}-{len(previous) + j:06d}" if j < 0 else f"{prefix}{j:06d}"
            truth.append((f"{prefix}{i:06d}", source, kind))
        recased = {i for i, (kind, _) in planted.items() if kind == "recased"}
        names = [f"{prefix}{i:06d}" for i in range(size)]
        if from_word_ids:
            began, began_cpu = time.perf_counter(), time.process_time()
            signatures.append(word_signatures(names, docs, word_hashes, settings))
        else:
            table = pa.table({"article_id": names, "text": texts_of(docs, words, recased)})
            began, began_cpu = time.perf_counter(), time.process_time()
            signatures.append(compute_signatures(table, settings))
            del table
        sig_seconds += time.perf_counter() - began
        sig_cpu += time.process_time() - began_cpu
        previous = docs
    del previous, docs
    began, began_cpu = time.perf_counter(), time.process_time()
    ids = pa.concat_arrays([chunk for table in signatures for chunk in table.column("article_id").chunks])
    articles = pa.table({"article_id": ids, "was_lowercased": pa.array(np.zeros(len(ids), bool))}).sort_by("article_id")
    del ids
    stories, links = link_articles(articles, signatures, settings)  # consumes the list of shard tables
    link_seconds = time.perf_counter() - began
    link_cpu = time.process_time() - began_cpu
    story = dict(zip(stories.column("article_id").to_pylist(), stories.column("story_id").to_pylist(), strict=True))
    linked = set(zip(links.column("article_id").to_pylist(), links.column("other_article_id").to_pylist(), strict=True))
    found = sum((a, b) in linked or (b, a) in linked or story[a] == story[b] for a, b, _ in truth)
    same = sum(story[a] == story[b] for a, b, kind in truth if kind != "embedded")
    return {
        "n": n,
        "signature_s": sig_seconds,
        "link_s": link_seconds,
        "cpu_s": sig_cpu + link_cpu,
        "links": links.num_rows,
        "stories": len(set(story.values())),
        "planted": len(truth),
        "planted_linked": found,
        "planted_same_story": same,
        "planted_same_story_total": sum(kind != "embedded" for _, _, kind in truth),
        "peak_rss_gib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated corpus sizes")
    parser.add_argument("--shard-size", type=int, default=SHARD, help="articles per signature shard")
    parser.add_argument(
        "--from-word-ids",
        action="store_true",
        help="skip text: signatures from the generated word ids (measures everything after tokenizing; faster)",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        sys.path.insert(0, str(ROOT / "src"))
        print(json.dumps(run_one(args.one, args.shard_size, args.from_word_ids)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(f"bench_dedup_scale: sizes {sizes}, shard size {args.shard_size}, seed {SEED}, "
          f"Zipf {ZIPF} over {VOCABULARY} words, {COPY_SHARE:.0%} planted copies"
          + (", signatures from word ids (no text, no tokenizing)" if args.from_word_ids else ""))
    results = []
    for n in sizes:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--shard-size", str(args.shard_size)]
            + (["--from-word-ids"] if args.from_word_ids else []),
            capture_output=True, text=True, check=False,
        )
        if done.returncode != 0:
            print(f"  {n:>9,d} articles: failed (exit {done.returncode})\n{done.stderr[-2000:]}")
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(r)
        total = r["signature_s"] + r["link_s"]
        print(
            f"  {n:>9,d} articles: {1000 * total / n:6.3f} s per 1k (signatures {1000 * r['signature_s'] / n:.3f}, "
            f"candidates+verify+clusters {1000 * r['link_s'] / n:.3f}; CPU {1000 * r['cpu_s'] / n:.3f}); "
            f"total {total:7.1f} s; "
            f"peak memory {r['peak_rss_gib']:.2f} GiB (target <= 4); links {r['links']:,d}, stories {r['stories']:,d}; "
            f"planted copies linked {r['planted_linked']}/{r['planted']}, "
            f"same story {r['planted_same_story']}/{r['planted_same_story_total']}",
            flush=True,
        )
    if len(results) >= 2:
        small, large = results[0], results[-1]
        for label, key in (("wall", None), ("CPU", "cpu_s")):
            per = [(r[key] if key else r["signature_s"] + r["link_s"]) / r["n"] for r in (small, large)]
            ratio = per[1] / per[0]
            print(
                f"{label} time per article at {large['n']:,d} / at {small['n']:,d}: {ratio:.2f}x (target <= 2x): "
                + ("ok" if ratio <= 2 else "NOT MET")
            )
    if results:
        peak = max(r["peak_rss_gib"] for r in results)
        print(f"peak memory: {peak:.2f} GiB (target <= 4 GiB): " + ("ok" if peak <= 4 else "NOT MET"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

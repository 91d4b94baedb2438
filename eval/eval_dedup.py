"""Dedup evaluation: plant copies into the development corpus and score same-story and reuse pairs.

Run: `make eval-dedup` (or `.venv/bin/python eval/eval_dedup.py`). Skips (exit 0) when the
corpus is absent. Each half of the corpus (even / odd unit_id) is scored on its own: its
originals plus copies planted from them with a fixed seed:

- lower: lower-cased, tokenized wire copy ("amman ( reuters ) - russia s ...");
- captions: caption lines and photo credits inserted between paragraphs (also at the top);
- truncated: the first 50-85 % of the paragraphs;
- shuffled: paragraphs in another order;
- update: two new paragraphs (at the top, the end, or one each);
- embed_mostly: a short new introduction (<= 15 % of the words) before the whole article
  (the seeds' "contains ~98 %" case): same story as the embedded article;
- embed_own: another original article with the first paragraphs of this one inserted as one
  section after its lede (at most as long as the host's own text): reuse of the embedded
  article, same story as the host.

Truth: same story = same story origin (the host for embed_own). Reuse = the smaller article
has at least 20 % of its words in paragraphs that come from the same original paragraphs as
the other's (paragraph provenance, not shingles). Scored pairs: every pair with at least one
planted article, except pairs whose originals are themselves related in the corpus (genuine
copies between outlets: brute-force 5-word-shingle containment >= 0.2 between two originals,
without MinHash or sampling), for which the corpus gives no truth. Pairs among originals are not
scored; the genuine links found among them are counted and printed. Predicted same story =
same story_id; predicted reuse = any article_links row, or two copies in one exact-duplicate
group (those links are a star around the group's canonical article).
"""

from __future__ import annotations

import csv
import io
import itertools
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "syria-war-news-dev" / "articles.csv"
TARGET = 0.95
SEED = 20240605
SHARE = 0.2  # reuse truth: share of the smaller article's words from shared origin paragraphs
PLANTS = {
    "lower": 25,
    "captions": 25,
    "truncated": 25,
    "shuffled": 25,
    "update": 25,
    "embed_mostly": 15,
    "embed_own": 25,
}
CREDITS = ["AFP", "Reuters", "AFP Photo", "Photo: Anadolu Agency", "(AP Photo)", "SANA", "Getty Images"]
_SENTENCE = re.compile(r"(?<=[.!?])[\"\u201d']?\s+(?=[A-Z\"\u201c])")


def load_corpus() -> list[dict]:
    import ftfy

    text = ftfy.fix_text(CORPUS.read_bytes().decode("cp1252", errors="replace"))
    return [row for row in csv.DictReader(io.StringIO(text)) if (row.get("article_content") or "").strip()]


def paragraphs_of(text: str, rng: random.Random) -> list[str]:
    """Pseudo-paragraphs of 2-3 sentences (the corpus stores each article as one line)."""
    sentences = [s.strip() for s in _SENTENCE.split(text) if s.strip()]
    out = []
    while sentences:
        take = rng.choice((2, 3))
        out.append(" ".join(sentences[:take]))
        sentences = sentences[take:]
    return out


def wire_lowercase(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("'s ", " s ").replace('"', "")
    text = re.sub(r"\(\s*reuters\s*\)", "( reuters )", text)
    return re.sub(r"\s*([(),.:;!?])\s*", r" \1 ", text).strip()


class Planter:
    """Builds planted articles as tagged paragraphs: (text, origin) with origin (unit_id, index) or None."""

    def __init__(self, originals: dict[str, list[str]], vocabulary: list[str], rng: random.Random) -> None:
        self.originals = originals
        self.vocabulary = vocabulary
        self.rng = rng

    def sentence(self, low: int, high: int) -> str:
        words = [self.rng.choice(self.vocabulary) for _ in range(self.rng.randint(low, high))]
        return " ".join(words).capitalize() + "."

    def new_paragraph(self) -> tuple[str, None]:
        return " ".join(self.sentence(10, 16) for _ in range(2)), None

    def tagged(self, unit: str) -> list[tuple[str, tuple | None]]:
        return [(p, (unit, i)) for i, p in enumerate(self.originals[unit])]

    def plant(self, kind: str, unit: str, host: str | None = None) -> list[tuple[str, tuple | None]] | None:
        paras, rng = self.tagged(unit), self.rng
        if kind == "lower":
            return [(wire_lowercase(p), tag) for p, tag in paras]
        if kind == "captions":
            out = list(paras)
            for _ in range(rng.randint(1, 3)):
                at = rng.randint(0, len(out))
                out[at:at] = [(self.sentence(8, 18), None), (rng.choice(CREDITS), None)]
            return out
        if kind == "truncated":
            if len(paras) < 3:
                return None
            return paras[: max(1, round(len(paras) * rng.uniform(0.5, 0.85)))]
        if kind == "shuffled":
            if len(paras) < 3:
                return None
            out = list(paras)
            while out == paras:
                rng.shuffle(out)
            return out
        if kind == "update":
            new = [self.new_paragraph(), self.new_paragraph()]
            where = rng.choice(("top", "end", "both"))
            if where == "top":
                return new + paras
            if where == "end":
                return paras + new
            return new[:1] + paras + new[1:]
        if kind == "embed_mostly":
            words = sum(len(p.split()) for p, _ in paras)
            intro = self.sentence(8, max(9, min(30, words * 15 // 100)))
            return [(intro, None), *paras]
        if kind == "embed_own":
            own = self.tagged(host)
            own_words = sum(len(p.split()) for p, _ in own)
            if len(own) < 2 or own_words < 120:
                return None
            section, words = [], 0
            for p, tag in paras:
                if section and words + len(p.split()) > own_words:
                    break
                section.append((p, tag))
                words += len(p.split())
            if words > own_words:
                return None
            at = rng.randint(1, len(own) - 1)
            return own[:at] + [(rng.choice(("The report", "Earlier", "Background")), None)] + section + own[at:]
        raise ValueError(kind)


def shingle_sets(texts: dict[str, str]) -> dict[str, set]:
    from conflictnews.dedup.normalize import tokens

    out = {}
    for key, text in texts.items():
        words = tokens(text)
        out[key] = {tuple(words[i : i + 5]) for i in range(max(1, len(words) - 4))} if words else set()
    return out


def related_originals(texts: dict[str, str]) -> set[frozenset]:
    """Pairs of originals with brute-force shingle containment >= SHARE (no sampling)."""
    sets = shingle_sets(texts)
    related = set()
    for a, b in itertools.combinations(sorted(sets), 2):
        sa, sb = sets[a], sets[b]
        if sa and sb and len(sa & sb) / min(len(sa), len(sb)) >= SHARE:
            related.add(frozenset((a, b)))
    return related


def truth_reuse(x: list, y: list) -> bool:
    words = [sum(len(p.split()) for p, _ in doc) for doc in (x, y)]
    small, large = (x, y) if words[0] <= words[1] else (y, x)
    tags = {tag for _, tag in large if tag is not None}
    shared = sum(len(p.split()) for p, tag in small if tag in tags)
    return shared >= SHARE * max(1, min(words))


def score(predicted: set, truth: set) -> tuple[float, float, int, int, int]:
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(truth) if truth else 1.0
    return precision, recall, tp, len(predicted) - tp, len(truth) - tp


def evaluate(rows: list[dict], half: str, show_errors: bool) -> dict:
    from conflictnews import schemas
    from conflictnews.dedup import deduplicate
    from conflictnews.tables import to_table

    rng = random.Random(f"{SEED}-{half}")
    originals = {row["unit_id"]: paragraphs_of(row["article_content"], rng) for row in rows}
    originals = {k: v for k, v in originals.items() if v}
    texts = {k: next(r["article_content"] for r in rows if r["unit_id"] == k) for k in originals}
    vocabulary = [w.lower().strip(".,\"'()") for t in texts.values() for w in t.split()]
    vocabulary = [w for w in vocabulary if w.isalpha()]
    planter = Planter(originals, vocabulary, rng)

    docs: dict[str, list] = {k: planter.tagged(k) for k in originals}
    story: dict[str, str] = {k: k for k in originals}
    bases: dict[str, set] = {k: {k} for k in originals}
    kind_of: dict[str, str] = {}
    units = sorted(originals)
    for kind, count in PLANTS.items():
        made = 0
        while made < count:
            unit = rng.choice(units)
            host = rng.choice([u for u in units if u != unit]) if kind == "embed_own" else None
            planted = planter.plant(kind, unit, host)
            if planted is None:
                continue
            key = f"p{len(kind_of):03d}_{kind}"
            docs[key] = planted
            kind_of[key] = kind
            story[key] = host if kind == "embed_own" else unit
            bases[key] = {unit} | ({host} if host else set())
            made += 1
    for key in kind_of:
        texts[key] = "\n\n".join(p for p, _ in docs[key])

    table = to_table(
        [
            {
                "article_id": key,
                "source": "dev",
                "source_id": key,
                "raw_path": "eval",
                "raw_locator": key,
                "raw_sha256": "0" * 64,
                "text": texts[key],
                "was_lowercased": kind_of.get(key) == "lower",
                "boilerplate_removed": "{}",
            }
            for key in sorted(texts)
        ],
        schemas.CLEAN_ARTICLES,
        "article_id",
    )
    started = time.perf_counter()
    articles, links = deduplicate(table, {})
    seconds = time.perf_counter() - started

    related = related_originals({k: texts[k] for k in originals})

    def scored(pair: frozenset) -> bool:
        a, b = tuple(pair)
        if a not in kind_of and b not in kind_of:
            return False
        return not any(frozenset((x, y)) in related for x in bases[a] for y in bases[b] if x != y)

    keys = sorted(texts)
    truth_story = {frozenset(p) for p in itertools.combinations(keys, 2) if story[p[0]] == story[p[1]]}
    truth_reuse_pairs = set()
    for a, b in itertools.combinations(keys, 2):
        if (a in kind_of or b in kind_of) and bases[a] & bases[b] and truth_reuse(docs[a], docs[b]):
            truth_reuse_pairs.add(frozenset((a, b)))

    members = defaultdict(list)
    for r in articles.select(["article_id", "story_id"]).to_pylist():
        members[r["story_id"]].append(r["article_id"])
    pred_story = {frozenset(p) for m in members.values() for p in itertools.combinations(m, 2)}
    link_rows = links.to_pylist()
    pred_reuse = {frozenset((r["article_id"], r["other_article_id"])) for r in link_rows}
    exact = defaultdict(set)
    for r in link_rows:
        if r["relation"] == "exact_duplicate":
            exact[r["other_article_id"]].update((r["article_id"], r["other_article_id"]))
    pred_reuse |= {frozenset(p) for group in exact.values() for p in itertools.combinations(sorted(group), 2)}
    original_links = Counter(
        r["relation"] for r in link_rows if r["article_id"] not in kind_of and r["other_article_id"] not in kind_of
    )
    everything = pred_story | pred_reuse | truth_story | truth_reuse_pairs
    excluded = {p for p in everything if not scored(p) and any(k in kind_of for k in p)}
    pred_story = {p for p in pred_story if scored(p)}
    pred_reuse = {p for p in pred_reuse if scored(p)}
    truth_story = {p for p in truth_story if scored(p)}
    truth_reuse_pairs = {p for p in truth_reuse_pairs if scored(p)}

    result = {
        "half": half,
        "originals": len(originals),
        "planted": len(kind_of),
        "seconds": seconds,
        "story": score(pred_story, truth_story),
        "reuse": score(pred_reuse, truth_reuse_pairs),
        "related_originals": len(related),
        "original_links": dict(sorted(original_links.items())),
        "excluded": len(excluded),
    }
    # Per-kind recall of the planted article's pair with its story origin.
    recall_by_kind = {}
    for kind in PLANTS:
        planted = [k for k in kind_of if kind_of[k] == kind]
        pairs = [frozenset((k, story[k])) for k in planted]
        recall_by_kind[kind] = sum(p in pred_story for p in pairs) / max(1, len(pairs))
    result["story_recall_by_kind"] = recall_by_kind
    if show_errors:
        link_of = {frozenset((r["article_id"], r["other_article_id"])): r for r in link_rows}
        errors = []
        for label, pred, truth in (("story", pred_story, truth_story), ("reuse", pred_reuse, truth_reuse_pairs)):
            for kind, pairs in (("missed", truth - pred), ("extra", pred - truth)):
                for pair in sorted(pairs, key=sorted)[:8]:
                    a, b = sorted(pair)
                    link = link_of.get(pair)
                    detail = (
                        f"{link['relation']} score={link['score']:.2f} coverage={link['coverage']:.2f}"
                        if link
                        else "no link"
                    )
                    errors.append(f"  {label} {kind}: {a} ({kind_of.get(a, 'original')}) - {b} "
                                  f"({kind_of.get(b, 'original')}): {detail}")
        result["errors"] = errors
    return result


def main() -> int:
    if not CORPUS.exists():
        print(f"eval_dedup: skipped, corpus not found at {CORPUS}")
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    rows = load_corpus()
    show = "--errors" in sys.argv
    print(f"eval_dedup: {CORPUS.name}, {len(rows)} articles, seed {SEED}; planted per half: {PLANTS}")
    print("scored pairs: at least one planted article; pairs whose originals share >= 20 % of shingles "
          "(genuine copies in the corpus) are left out; pairs among originals are not scored")
    ok = True
    for half, parity in (("even", 0), ("odd", 1)):
        part = [r for r in rows if int(r["unit_id"]) % 2 == parity]
        res = evaluate(part, half, show and half == "even")
        print(f"\n== {half} unit_id half: {res['originals']} originals + {res['planted']} planted, "
              f"dedup {res['seconds']:.1f} s")
        print(f"   originals related in the corpus (brute force >= 20 %): {res['related_originals']} pairs; "
              f"links among originals found: {res['original_links'] or 'none'}; "
              f"pairs left out of scoring: {res['excluded']}")
        for label in ("story", "reuse"):
            p, r, tp, fp, fn = res[label]
            name = "same-story" if label == "story" else "reuse     "
            verdict = "ok" if p >= TARGET and r >= TARGET else "BELOW TARGET"
            ok &= verdict == "ok"
            print(f"   {name} precision {p:.3f} (target >= {TARGET})  recall {r:.3f} (target >= {TARGET})  "
                  f"[tp {tp}, fp {fp}, fn {fn}] {verdict}")
        print("   same-story recall by planted kind: "
              + ", ".join(f"{k} {v:.2f}" for k, v in res["story_recall_by_kind"].items()))
        for line in res.get("errors", []):
            print(line)
    print("\nverdict:", "all targets met" if ok else "some targets not met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

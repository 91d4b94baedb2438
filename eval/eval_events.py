"""Evaluate event extraction against the crowd labels of the Syria war news dev corpus.

    make eval-events        (or: .venv/bin/python eval/eval_events.py [--show even|odd|all])

The corpus (../shared/corpora/syria-war-news-dev/articles.csv, next to the repository) labels each
article's MAIN event: governorate (`location`), `cause_of_death`, casualties (`nb_civilians` +
`nb_noncivilians`). The script runs the package as a user would: ingest (csv reader, cp1252, the
`date` column mapped to `published`), clean, one spaCy parse (cached under the system temp dir, keyed
by the texts and the pipeline, so extraction can be re-run without re-parsing), extract_events.

Main event of an article (the rule the figures depend on); running totals (is_aggregate) and mentions whose
dated period ends more than 31 days before publication (background: "the 2013 Ghouta attack") are never one:
  1. the first asserted mention of a violent type (one listed in eval/data/events_causes.csv) that carries a
     death figure (news leads with its main event: the inverted pyramid; the largest figure is more often a
     background toll);
  2. if no asserted violent mention carries a death figure: the first asserted violent mention;
  3. else the first violent mention (negated or hypothetical), else none.
Scoring:
  - governorate: admin1 of the main event mapped to the corpus's names by eval/data/events_governorates.csv;
    no main event, no admin1 or an unmapped admin1 is wrong. Articles quarantined by ingest/clean count as wrong.
  - cause: event_type -> cause by eval/data/events_causes.csv. Articles labelled "unknown" are left out of
    the cause figure (the label says the method cannot be told; no prediction can be judged) and counted apart.
  - casualties: gold = nb_civilians + nb_noncivilians; prediction = fatalities_best of the main event, a
    missing figure read as 0 (so a gold 0 is matched by no figure). Exact: equal. Within 20 %: |pred - gold|
    <= 0.2 * gold.
Figures are printed for the even and odd unit_id halves and for all articles, each next to its target.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import sys
import tempfile
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "syria-war-news-dev" / "articles.csv"
DATA = Path(__file__).resolve().parent / "data"
SOURCE = {
    "reader": "csv",
    "path": "../shared/corpora/syria-war-news-dev/articles.csv",
    "encoding": "cp1252",
    "columns": {
        "id": "unit_id",
        "title": "article_title",
        "text": "article_content",
        "outlet": "source",
        "published": "date",
    },
}
BACKGROUND_DAYS = 31
TARGETS = {"governorate": 0.85, "cause": 0.75, "casualties exact": 0.65, "casualties within 20%": None}


def read_mapping(name: str, key: str, value: str) -> dict[str, str]:
    with open(DATA / name, encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return {row[key]: row[value] for row in csv.DictReader(lines)}


def read_labels() -> dict[str, dict]:
    """Gold labels by unit_id (the csv module reads the single-byte file; only label columns are used)."""
    with open(CORPUS, encoding="cp1252", errors="replace", newline="") as fh:
        rows = list(csv.DictReader(fh))

    def count(value: str) -> int:
        try:
            return int(float(value))
        except ValueError:
            return 0

    return {
        r["unit_id"].strip(): {
            "governorate": r["location"].strip().lower(),
            "cause": r["cause_of_death"].strip().lower(),
            "casualties": count(r["nb_civilians"]) + count(r["nb_noncivilians"]),
        }
        for r in rows
    }


def load_articles():
    import yaml

    from conflictnews.clean import clean_articles
    from conflictnews.ingest import ingest_source

    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
    raw, _ = ingest_source("syria_dev", SOURCE, ROOT)
    articles, _ = clean_articles(raw, config.get("clean") or {})
    return articles


def parsed_docs(articles):
    """Docs by article_id, parsed once and cached in the temp dir (keyed by texts, model and pipeline)."""
    from conflictnews import nlp

    pipeline = nlp.load_pipeline()
    digest = hashlib.sha256()
    digest.update(repr((pipeline.meta.get("name"), pipeline.meta.get("version"), pipeline.pipe_names)).encode())
    digest.update(nlp.pipeline_fingerprint().encode())
    for article_id, text in zip(articles["article_id"].to_pylist(), articles["text"].to_pylist(), strict=True):
        digest.update(article_id.encode() + b"\0" + text.encode() + b"\0")
    cache = Path(tempfile.gettempdir()) / "conflictnews-eval-events" / f"{digest.hexdigest()[:20]}.spacy"
    if not cache.exists():
        print(f"parsing {articles.num_rows} articles -> {cache}", file=sys.stderr)
        docbin = nlp.parse_texts(articles["article_id"].to_pylist(), articles["text"].to_pylist())
        nlp.write_docs(docbin, cache)
    return nlp.load_docs(cache)


def period_end(row: dict):
    """Last day of the period an event_date stands for (its date_precision)."""
    value, precision = row["event_date"], row["date_precision"]
    if precision == "week":
        return value + timedelta(days=6)
    if precision == "month":
        return (value.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    if precision == "year":
        return value.replace(month=12, day=31)
    return value


def main_event(rows: list[dict], violent: set[str], published=None) -> dict | None:
    rows = sorted(rows, key=lambda r: (r["char_start"], r["event_type"]))
    rows = [r for r in rows if not r.get("is_aggregate")]
    if published is not None:
        # background: an event dated more than BACKGROUND_DAYS before publication is not the news
        rows = [r for r in rows if r["event_date"] is None or (published - period_end(r)).days <= BACKGROUND_DAYS]
    asserted = [r for r in rows if r["is_asserted"] and r["event_type"] in violent]
    with_figure = [r for r in asserted if r["fatalities_best"] is not None]
    if with_figure:
        return with_figure[0]
    if asserted:
        return asserted[0]
    return next((r for r in rows if r["event_type"] in violent), None)


def score(gold: dict, event: dict | None, governorates: dict, causes: dict) -> dict:
    out = {}
    admin1 = event["admin1"] if event else None
    out["governorate"] = governorates.get(admin1) == gold["governorate"] if admin1 else False
    if gold["cause"] != "unknown":
        out["cause"] = event is not None and causes.get(event["event_type"]) == gold["cause"]
    predicted = (event["fatalities_best"] if event else None) or 0
    truth = gold["casualties"]
    out["casualties exact"] = predicted == truth
    out["casualties within 20%"] = abs(predicted - truth) <= 0.2 * truth
    return out


def report(name: str, results: list[dict]) -> None:
    print(f"{name} ({len(results)} articles)")
    for figure, target in TARGETS.items():
        scored = [r[figure] for r in results if figure in r]
        share = sum(scored) / len(scored) if scored else 0.0
        aim = f">= {target:.0%}" if target is not None else "(no target)"
        mark = "" if target is None else ("  met" if share >= target else "  NOT MET")
        print(f"  {figure:24s} {share:6.1%}  of {len(scored):3d}   target {aim}{mark}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", choices=["even", "odd", "all"], help="print the wrong articles of a half")
    args = parser.parse_args()
    if not CORPUS.is_file():
        print(f"skipped: corpus not found at {CORPUS}")
        return 0
    try:
        os.nice(10)
    except OSError:
        pass
    from conflictnews.events import extract_events

    governorates = read_mapping("events_governorates.csv", "admin1", "governorate")
    causes = read_mapping("events_causes.csv", "event_type", "cause")
    labels = read_labels()
    articles = load_articles()
    events, _ = extract_events(articles, parsed_docs(articles))
    by_article: dict[str, list[dict]] = {}
    for row in events.to_pylist():
        by_article.setdefault(row["article_id"], []).append(row)
    unit_of = dict(zip(articles["article_id"].to_pylist(), articles["source_id"].to_pylist(), strict=True))
    article_of = {unit: aid for aid, unit in unit_of.items()}
    published = dict(zip(articles["article_id"].to_pylist(), articles["published_date"].to_pylist(), strict=True))

    results: dict[str, dict] = {}
    mains: dict[str, dict | None] = {}
    for unit, gold in labels.items():
        aid = article_of.get(unit)
        event = main_event(by_article.get(aid, []), set(causes), published[aid]) if aid else None
        mains[unit] = event
        results[unit] = score(gold, event, governorates, causes)
    halves = {
        "even unit_id": [r for u, r in results.items() if int(u) % 2 == 0],
        "odd unit_id": [r for u, r in results.items() if int(u) % 2 == 1],
        "all": list(results.values()),
    }
    print(
        f"events eval: {len(labels)} labelled articles, {len(article_of)} kept by ingest+clean, "
        f"{events.num_rows} event mentions"
    )
    unknown = Counter(g["cause"] == "unknown" for g in labels.values())[True]
    print(f"cause scored on articles not labelled 'unknown' ({len(labels) - unknown}; {unknown} left out)")
    for name, rows in halves.items():
        report(name, rows)

    if args.show:
        parity = {"even": 0, "odd": 1}.get(args.show)
        for unit, gold in sorted(labels.items()):
            if parity is not None and int(unit) % 2 != parity:
                continue
            res, ev = results[unit], mains[unit]
            wrong = [k for k, v in res.items() if not v and k != "casualties within 20%"]
            if not wrong:
                continue
            got = (
                (
                    ev["admin1"],
                    ev["location"],
                    ev["location_source"],
                    ev["event_type"],
                    ev["trigger"],
                    ev["fatalities_best"],
                    ev["sentence"][:200],
                )
                if ev
                else None
            )
            print(f"\n{unit} wrong={wrong} gold={gold}\n  got={got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

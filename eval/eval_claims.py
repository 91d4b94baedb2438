"""Attribution extraction against the annotated set tests/data/attributions/annotated.jsonl.

Runs the package in-process (spaCy parse + claims extraction) on each annotated text and prints, in
the quote-extraction convention, exact-span and overlap F1 of content, speaker and stance accuracy on
matched pairs, for all documents and for each half (even / odd doc_id), each next to its target.
`--errors even` (or odd, all) also lists misses, spurious claims and wrong speakers or stances.
Usage: make eval-claims   (or .venv/bin/python eval/eval_claims.py [--errors even])
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from conflictnews.claims.scoring import Scores, load_documents, score, system_attributions
from conflictnews.nlp import load_pipeline

ANNOTATED = Path(__file__).resolve().parents[1] / "tests" / "data" / "attributions" / "annotated.jsonl"
TARGETS = {"overlap_f1": 0.85, "speaker_accuracy": 0.8}


def report(name: str, scores: Scores) -> None:
    figures = scores.figures()
    print(f"-- {name}: {scores.n_gold} gold, {scores.n_system} system, {scores.matched} matched, {scores.exact} exact")
    for key, value in figures.items():
        target = TARGETS.get(key)
        mark = "" if target is None else f"   target >= {target:.2f}  {'met' if value >= target else 'NOT MET'}"
        print(f"   {key:<18} {value:.3f}{mark}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=("even", "odd", "all"), help="list the errors of this half")
    args = parser.parse_args()
    if not ANNOTATED.exists():
        print(f"skipped: annotated set {ANNOTATED} not found")
        return 0
    documents = load_documents(ANNOTATED)
    nlp = load_pipeline()
    cache = {d.doc_id: system_attributions(d, nlp) for d in documents}
    halves = {
        "all": documents,
        "even": [d for d in documents if d.doc_id.isdigit() and int(d.doc_id) % 2 == 0],
        "odd": [d for d in documents if d.doc_id.isdigit() and int(d.doc_id) % 2 == 1],
    }
    results = {}
    for name, docs in halves.items():
        results[name] = score(docs, lambda d: cache[d.doc_id])
        report(f"{name} ({len(docs)} documents)", results[name])
    if args.errors:
        print(f"-- errors ({args.errors})")
        for error in results[args.errors].errors:
            print("  ", error)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Score attributions against an annotated set, in the quote-extraction convention (PARC, Pareti 2016).

Each annotated document is {doc_id, text, attributions: [{speaker, cue, content_start, content_end,
content, stance, speaker_aliases?}]} (tests/data/attributions/GUIDE.md). Content spans are compared
after trimming spaces, quote marks and punctuation at their edges.

- exact: a system span equal to a gold span; precision, recall and F1 over spans.
- overlap: gold and system spans are matched one to one, pairs that share at least one character,
  largest shared share first (shared chars / longer span), ties by position; F1 over matched pairs.
- speaker and stance accuracy: over the overlap-matched pairs. A speaker matches when its normalised
  name (lower case, no punctuation, no leading article or possessive) equals the gold speaker or one of
  its aliases, one contains the other as whole words, or their head words are equal (the last word
  before "of/for/at/in/from/with", per conjunct of "X and Y").
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .attribution import trim_span

EDGE = " \t\r\n\"“”‘’'`.,;:!?-–—()"
ARTICLES = {"the", "a", "an", "its", "his", "her", "their"}
HEAD_STOPS = {"of", "for", "at", "in", "from", "with", "on", "who", "which"}


@dataclass(slots=True)
class Attribution:
    start: int
    end: int
    speaker: str
    stance: str
    aliases: tuple[str, ...] = ()
    cue: str = ""


@dataclass(slots=True)
class Document:
    doc_id: str
    text: str
    attributions: list[Attribution]


@dataclass(slots=True)
class Scores:
    n_gold: int = 0
    n_system: int = 0
    exact: int = 0
    matched: int = 0
    speaker_ok: int = 0
    stance_ok: int = 0
    errors: list[dict] = field(default_factory=list)

    def add(self, other: Scores) -> None:
        self.n_gold += other.n_gold
        self.n_system += other.n_system
        self.exact += other.exact
        self.matched += other.matched
        self.speaker_ok += other.speaker_ok
        self.stance_ok += other.stance_ok
        self.errors.extend(other.errors)

    @staticmethod
    def _f1(hits: int, n_system: int, n_gold: int) -> tuple[float, float, float]:
        precision = hits / n_system if n_system else 0.0
        recall = hits / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def figures(self) -> dict[str, float]:
        ep, er, ef = self._f1(self.exact, self.n_system, self.n_gold)
        op, orr, of = self._f1(self.matched, self.n_system, self.n_gold)
        return {
            "exact_precision": ep,
            "exact_recall": er,
            "exact_f1": ef,
            "overlap_precision": op,
            "overlap_recall": orr,
            "overlap_f1": of,
            "speaker_accuracy": self.speaker_ok / self.matched if self.matched else 0.0,
            "stance_accuracy": self.stance_ok / self.matched if self.matched else 0.0,
        }


def load_documents(path: str | Path) -> list[Document]:
    """Annotated documents from a JSONL file; checks that every content string sits at its offsets."""
    documents = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            text = row["text"]
            attributions = []
            for a in row["attributions"]:
                if text[a["content_start"] : a["content_end"]] != a["content"]:
                    raise ValueError(f"{path} line {number}: content {a['content'][:40]!r} is not at its offsets")
                attributions.append(
                    Attribution(
                        a["content_start"],
                        a["content_end"],
                        a["speaker"],
                        a["stance"],
                        tuple(a.get("speaker_aliases", ())),
                        a.get("cue", ""),
                    )
                )
            documents.append(Document(str(row["doc_id"]), text, attributions))
    return documents


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Span edges as scored: also past sentence-final punctuation and brackets."""
    return trim_span(text, start, end, EDGE)


def normalise_name(name: str) -> list[str]:
    words = re.sub(r"['’]s\b", "", name.lower())
    words = re.sub(r"[^\w\s-]", " ", words).split()
    while words and words[0] in ARTICLES:
        words = words[1:]
    return words


def head_words(name: str) -> set[str]:
    """Head word of each conjunct: the last word before a preposition or relative pronoun."""
    heads = set()
    for conjunct in re.split(r"\band\b|,", name.lower()):
        words = normalise_name(conjunct)
        cut = next((i for i, w in enumerate(words) if w in HEAD_STOPS and i > 0), len(words))
        if words[:cut]:
            heads.add(words[cut - 1])
    return heads


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return n > 0 and any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def speaker_matches(system: str, gold: str, aliases: Iterable[str] = ()) -> bool:
    """True when the system speaker names the gold speaker (see the module docstring)."""
    predicted = normalise_name(system or "")
    if not predicted:
        return False
    for name in (gold, *aliases):
        wanted = normalise_name(name)
        if not wanted:
            continue
        if predicted == wanted or _contains(predicted, wanted) or _contains(wanted, predicted):
            return True
        if head_words(system) & head_words(name):
            return True
    return False


def match_spans(gold: list[tuple[int, int]], system: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs of overlapping spans, best overlap first."""
    candidates = []
    for i, (gs, ge) in enumerate(gold):
        for j, (ss, se) in enumerate(system):
            shared = min(ge, se) - max(gs, ss)
            if shared > 0:
                candidates.append((-shared / max(ge - gs, se - ss), gs, ss, i, j))
    pairs, used_gold, used_system = [], set(), set()
    for _, _, _, i, j in sorted(candidates):
        if i not in used_gold and j not in used_system:
            used_gold.add(i)
            used_system.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def score_document(document: Document, system: list[Attribution]) -> Scores:
    """Scores of one document's system attributions against its gold ones."""
    text = document.text
    gold_spans = [trim(text, a.start, a.end) for a in document.attributions]
    system_spans = [trim(text, a.start, a.end) for a in system]
    scores = Scores(n_gold=len(gold_spans), n_system=len(system_spans))
    scores.exact = len(set(gold_spans) & set(system_spans))
    pairs = match_spans(gold_spans, system_spans)
    scores.matched = len(pairs)
    for i, j in pairs:
        gold, found = document.attributions[i], system[j]
        speaker_ok = speaker_matches(found.speaker, gold.speaker, gold.aliases)
        stance_ok = found.stance == gold.stance
        scores.speaker_ok += speaker_ok
        scores.stance_ok += stance_ok
        if not (speaker_ok and stance_ok):
            scores.errors.append(
                {
                    "doc_id": document.doc_id,
                    "kind": "speaker" if not speaker_ok else "stance",
                    "content": text[gold.start : gold.end][:80],
                    "gold": f"{gold.speaker} / {gold.stance}",
                    "system": f"{found.speaker} / {found.stance}",
                }
            )
    for i, j in pairs:
        if gold_spans[i] != system_spans[j]:
            scores.errors.append(
                {
                    "doc_id": document.doc_id,
                    "kind": "boundary",
                    "gold": text[slice(*gold_spans[i])][:200],
                    "system": text[slice(*system_spans[j])][:200],
                }
            )
    matched_gold = {i for i, _ in pairs}
    matched_system = {j for _, j in pairs}
    for i, a in enumerate(document.attributions):
        if i not in matched_gold:
            scores.errors.append({"doc_id": document.doc_id, "kind": "missed", "content": text[a.start : a.end][:80]})
    for j, a in enumerate(system):
        if j not in matched_system:
            scores.errors.append({"doc_id": document.doc_id, "kind": "spurious", "content": text[a.start : a.end][:80]})
    return scores


def score(documents: list[Document], extract: Callable[[Document], list[Attribution]]) -> Scores:
    """Total scores of extract(document) over all documents."""
    total = Scores()
    for document in documents:
        total.add(score_document(document, extract(document)))
    return total


def system_attributions(document: Document, nlp) -> list[Attribution]:
    """The package's claims of one annotated text (parse + claims extraction, in-process)."""
    from . import article_claims

    doc = nlp(document.text)
    rows = article_claims(document.doc_id, document.text, doc, [])
    return [Attribution(r["char_start"], r["char_end"], r["speaker"], r["stance"], (), r["cue"]) for r in rows]

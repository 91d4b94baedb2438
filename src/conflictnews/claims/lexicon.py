"""The claims lexicons, loaded once from resources/claims/*.csv.

- reporting_verbs.csv: lemma, stance (assert/deny/accuse), object_content (yes: the direct object
  can be what was said, as in "denied the allegations"; no: only a clause can, as in "said that ...").
- cue_nouns.csv: lemma, stance of nouns that introduce a statement ("a statement that ...").
- speaker_types.csv: term, speaker_type, priority. A term in lower case matches case-insensitively,
  a term with capitals ("UN", "WHO") only as written; "ent:LABEL" matches a speaker whose head is a
  named entity of that spaCy label. Higher priority wins.
- speaker_pronouns.csv: pronoun, refers_to (person, group, organisation).
- stance_lexicon.csv: term, kind (negation, falsity, accuse, event_verb, conditional); see stance.py.
- non_speakers.csv: lemma of subject heads that never speak ("the war claimed 300000 lives").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

STANCES = ("assert", "deny", "accuse")
SPEAKER_TYPES = (
    "government",
    "military",
    "armed group",
    "rescue/medical",
    "monitor/NGO",
    "UN/international",
    "witness/resident",
    "media",
    "unknown",
)
PRONOUN_KINDS = ("person", "group", "organisation")
STANCE_KINDS = ("negation", "falsity", "accuse", "event_verb", "conditional")


@dataclass(slots=True)
class ReportingVerb:
    lemma: str
    stance: str
    object_content: bool


@dataclass(slots=True)
class SpeakerTerm:
    term: str
    speaker_type: str
    priority: int
    pattern: re.Pattern | None  # None for an entity-label term
    entity_label: str | None

    # The lower-cased term: any ASCII text its pattern matches contains it once lower-cased.
    needle: str = field(init=False)

    def __post_init__(self) -> None:
        self.needle = self.term.lower()


@dataclass(slots=True)
class Lexicon:
    verbs: dict[str, ReportingVerb]
    cue_nouns: dict[str, str]
    speaker_terms: list[SpeakerTerm]
    pronouns: dict[str, str]
    stance_terms: dict[str, frozenset[str]] = field(default_factory=dict)
    non_speakers: frozenset[str] = frozenset()

    def stance_words(self, kind: str) -> frozenset[str]:
        return self.stance_terms.get(kind, frozenset())


def _resource_dir() -> Path:
    return Path(str(resources.files("conflictnews") / "resources" / "claims"))


def _read_rows(name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    path = _resource_dir() / name
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing column(s) {missing}; expected {list(columns)}")
        rows = []
        for number, row in enumerate(reader, start=2):
            if any(not (row.get(c) or "").strip() for c in columns):
                raise ValueError(f"{path} line {number}: empty value in {dict(row)}")
            rows.append({c: row[c].strip() for c in columns})
    return rows


def _check(value: str, allowed: tuple[str, ...], name: str, row: dict) -> str:
    if value not in allowed:
        raise ValueError(f"{name}: {value!r} in {row} is not one of {list(allowed)}")
    return value


def _term_pattern(term: str) -> re.Pattern:
    """Whole-word match, optional plural ending; case-insensitive only for lower-case terms."""
    flags = 0 if term != term.lower() else re.IGNORECASE
    return re.compile(r"(?<![\w-])" + re.escape(term) + r"(?:s|es)?(?![\w-])", flags)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    verbs = {}
    for row in _read_rows("reporting_verbs.csv", ("lemma", "stance", "object_content")):
        stance = _check(row["stance"], STANCES, "reporting_verbs.csv", row)
        flag = _check(row["object_content"], ("yes", "no"), "reporting_verbs.csv", row)
        verbs[row["lemma"].lower()] = ReportingVerb(row["lemma"].lower(), stance, flag == "yes")
    cue_nouns = {
        row["lemma"].lower(): _check(row["stance"], STANCES, "cue_nouns.csv", row)
        for row in _read_rows("cue_nouns.csv", ("lemma", "stance"))
    }
    terms = []
    for row in _read_rows("speaker_types.csv", ("term", "speaker_type", "priority")):
        kind = _check(row["speaker_type"], SPEAKER_TYPES, "speaker_types.csv", row)
        term = row["term"]
        if term.startswith("ent:"):
            terms.append(SpeakerTerm(term, kind, int(row["priority"]), None, term[4:]))
        else:
            terms.append(SpeakerTerm(term, kind, int(row["priority"]), _term_pattern(term), None))
    pronouns = {
        row["pronoun"].lower(): _check(row["refers_to"], PRONOUN_KINDS, "speaker_pronouns.csv", row)
        for row in _read_rows("speaker_pronouns.csv", ("pronoun", "refers_to"))
    }
    stance_sets: dict[str, set[str]] = {}
    for row in _read_rows("stance_lexicon.csv", ("term", "kind")):
        kind = _check(row["kind"], STANCE_KINDS, "stance_lexicon.csv", row)
        stance_sets.setdefault(kind, set()).add(row["term"].lower())
    stance_terms = {kind: frozenset(terms) for kind, terms in stance_sets.items()}
    non_speakers = frozenset(row["lemma"].lower() for row in _read_rows("non_speakers.csv", ("lemma",)))
    return Lexicon(verbs, cue_nouns, terms, pronouns, stance_terms, non_speakers)

"""Which speakers disagree about one incident, from the claims linked to its mentions.

Two claims by different speakers (names compared in lower case, without a leading article) disagree when
- one denies (stance deny) and the other accuses, or asserts a death toll ("at least 150 civilians
  were killed"): the denial contradicts it; an assertion without a toll (context, displacement, "the
  talks will resume") is not counted against a denial;
- both give a death toll and the tolls' ranges do not meet: "at least N" is [N, inf), "up to N" is
  [0, N], a bare N is [N, N]; a claim with several tolls spans from its lowest to its highest.
Death words and bound phrases are data (resources/claims/casualty_terms.csv: kind death, lower_bound,
upper_bound); a number counts as a toll when a death word is within six words of it and no other number is
nearer to that word.
The incident is contested when any pair disagrees; contested_by lists only the speakers of such
pairs (not everyone who spoke about the incident), sorted.
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

WINDOW = 6
_WORD = re.compile(r"\d[\d,]*(?:\.\d+)?|[A-Za-z][A-Za-z'-]*")


@lru_cache(maxsize=1)
def casualty_terms() -> dict[str, set[str]]:
    path = Path(str(resources.files("conflictnews") / "resources" / "claims" / "casualty_terms.csv"))
    terms: dict[str, set[str]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            kind = row["kind"].strip()
            if kind not in ("death", "lower_bound", "upper_bound"):
                raise ValueError(f"{path}: kind {kind!r} in {row} is not death, lower_bound or upper_bound")
            terms.setdefault(kind, set()).add(row["term"].strip().lower())
    return terms


@lru_cache(maxsize=65536)  # a claim is read once per incident it is linked to; copies repeat its content
def toll_range(content: str) -> tuple[float, float] | None:
    """(low, high) of the death toll a claim's content gives, or None when it gives none."""
    terms = casualty_terms()
    words = _WORD.findall(content)
    lowered = [w.lower() for w in words]
    lows, highs = [], []
    for i, word in enumerate(words):
        if not word[0].isdigit():
            continue
        if not _near_death_word(lowered, i, terms.get("death", set())):
            continue
        value = float(word.replace(",", ""))
        before = " ".join(lowered[max(0, i - 3) : i])
        low, high = value, value
        if any(before.endswith(t) for t in terms.get("lower_bound", set())):
            high = math.inf
        elif any(before.endswith(t) for t in terms.get("upper_bound", set())):
            low = 0.0
        lows.append(low)
        highs.append(high)
    if not lows:
        return None
    return min(lows), max(highs)


def _near_death_word(words: list[str], i: int, death: set[str]) -> bool:
    """A death word within WINDOW words of words[i] whose nearest number is words[i]."""
    numbers = [j for j, w in enumerate(words) if w[0].isdigit()]
    for j in range(max(0, i - WINDOW), min(len(words), i + WINDOW + 1)):
        if words[j] in death and min(numbers, key=lambda n: (abs(n - j), n)) == i:
            return True
    return False


@lru_cache(maxsize=65536)
def _speaker_key(name: str) -> str:
    """A speaker's name in lower case, without punctuation or a leading article."""
    words = re.sub(r"[^\w\s-]", " ", name.lower()).split()
    return " ".join(words[1:] if words and words[0] in ("the", "a", "an") else words)


@dataclass(frozen=True)
class _Position:
    """What a claim says, as far as disagreement goes: who, which stance, which toll."""

    speaker: str
    key: str
    stance: str
    toll: tuple[float, float] | None

    @property
    def backs_the_event(self) -> bool:
        """An accusation or a death toll: what a denial contradicts."""
        return self.stance == "accuse" or self.toll is not None


def _disagree(a: _Position, b: _Position) -> bool:
    if a.key == b.key:
        return False
    for deny, other in ((a, b), (b, a)):
        if deny.stance == "deny" and other.stance != "deny" and other.backs_the_event:
            return True
    if a.toll is not None and b.toll is not None:
        return a.toll[1] < b.toll[0] or b.toll[1] < a.toll[0]
    return False


def disagreeing_speakers(claims: list[dict]) -> list[str]:
    """Sorted speakers that take part in at least one disagreeing pair of claims (see the docstring).

    claims: rows with speaker, stance and content (CLAIMS rows); rows without a speaker are ignored.
    Claims that take the same position (speaker, stance, toll) are compared once: an incident
    reported by many copies of the same story costs its distinct positions squared, not its claims.
    """
    said = {(c["speaker"], c["stance"], c["content"] or "") for c in claims if c.get("speaker")}
    positions = {
        _Position(speaker, _speaker_key(speaker), stance, toll_range(content)) for speaker, stance, content in said
    }
    # a position that neither denies nor backs the event (a toll or an accusation) disagrees with none;
    # the pairs' order does not matter: the answer is a sorted set
    positions = [p for p in positions if p.stance == "deny" or p.backs_the_event]
    found: set[str] = set()
    for i, a in enumerate(positions):
        for b in positions[i + 1 :]:
            if _disagree(a, b):
                found.update((a.speaker, b.speaker))
    return sorted(found)


# What marking incidents contested reads of a claim and of an event mention.
CLAIM_COLUMNS = ("event_id", "speaker", "stance", "content")
EVENT_COLUMNS = ("event_id", "incident_id")


def mark_contested(incidents: pa.Table, events: pa.Table, claims: pa.Table | None) -> pa.Table:
    """The incidents with contested and contested_by set from the claims linked to their mentions.

    events: event_id and incident_id of every mention (incidents.build_incidents); claims: event_id,
    speaker, stance and content. An incident's claims are those whose event_id is one of its mentions."""
    claims_by_event: dict[str, list[dict]] = defaultdict(list)
    if claims is not None and claims.num_rows:
        linked = claims.select(list(CLAIM_COLUMNS)).filter(pc.is_valid(claims.column("event_id")))
        for claim in linked.to_pylist():
            claims_by_event[claim["event_id"]].append(claim)
    mentions: dict[str, list[str]] = defaultdict(list)
    event_ids, incident_ids = (events.column(name).to_pylist() for name in EVENT_COLUMNS)
    for event_id, incident_id in zip(event_ids, incident_ids, strict=True):
        if incident_id is not None and event_id in claims_by_event:
            mentions[incident_id].append(event_id)
    contested, contested_by = [], []
    for incident_id in incidents.column("incident_id").to_pylist():
        # the claims' order does not matter: disagreeing_speakers compares them as a set
        said = [claim for event_id in mentions.get(incident_id, ()) for claim in claims_by_event[event_id]]
        speakers = disagreeing_speakers(said)
        contested.append(bool(speakers))
        contested_by.append(speakers or None)
    for name, values in (("contested", contested), ("contested_by", contested_by)):
        index = incidents.schema.get_field_index(name)
        field = incidents.schema.field(name)
        incidents = incidents.set_column(index, field, pa.array(values, field.type))
    return incidents

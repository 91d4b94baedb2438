"""Link each claim to the event mention it is about.

Rules, in order (events of the same article only; an event's span is its evidence sentence):
1. events whose span overlaps the claim's content; among them those whose span contains the
   content's start come first;
2. else events whose span overlaps the claim's sentences (the sentences of its cue and content);
3. else events in the sentence just before or after, when the event's location, actor or one of
   its numbers (fatalities, injured) appears in the claim's sentences;
4. else null.
Ties go to the smallest event_id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyarrow as pa


@dataclass(slots=True)
class EventSpan:
    event_id: str
    start: int
    end: int
    cues: tuple[str, ...]  # location, actor and numbers, lower case, to match in a neighbour sentence


def events_by_article(events: pa.Table) -> dict[str, list[EventSpan]]:
    """Event mentions of each article, sorted by event_id."""
    spans: dict[str, list[EventSpan]] = {}
    for row in events.to_pylist():
        cues = [row.get("location"), row.get("actor")]
        cues += [row.get(k) for k in ("fatalities_best", "fatalities_low", "fatalities_high", "injured")]
        words = tuple(sorted({str(c).lower() for c in cues if c not in (None, "")}))
        event = EventSpan(row["event_id"], row["char_start"], row["char_end"], words)
        spans.setdefault(row["article_id"], []).append(event)
    return {article: sorted(found, key=lambda e: e.event_id) for article, found in spans.items()}


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _mentions(text: str, cue: str) -> bool:
    if cue.isdigit():
        numbers = {n.replace(",", "") for n in re.findall(r"\d[\d,]*", text)}
        return cue in numbers
    return re.search(r"(?<!\w)" + re.escape(cue) + r"(?!\w)", text) is not None


def link_event(
    events: list[EventSpan],
    content: tuple[int, int],
    sentence: tuple[int, int],
    neighbours: list[tuple[int, int]],
    sentence_text: str,
) -> str | None:
    """event_id for a claim with this content span, sentence span and neighbouring sentence spans."""
    on_content = [e for e in events if _overlaps(e.start, e.end, *content)]
    if on_content:
        containing = [e for e in on_content if e.start <= content[0] < e.end]
        return (containing or on_content)[0].event_id
    on_sentence = [e for e in events if _overlaps(e.start, e.end, *sentence)]
    if on_sentence:
        return on_sentence[0].event_id
    lowered = sentence_text.lower()
    for event in events:
        if any(_overlaps(event.start, event.end, *n) for n in neighbours):
            if any(_mentions(lowered, cue) for cue in event.cues):
                return event.event_id
    return None

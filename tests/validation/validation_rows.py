"""Small valid rows for every table; tests break one value at a time."""

from __future__ import annotations

import datetime as dt

from conflictnews import schemas
from conflictnews.ids import article_id, stable_id
from conflictnews.quarantine import quarantine_row
from conflictnews.tables import to_table

TEXT_A = "Air strikes hit a market in the town on Monday, killing 12 people, rescue workers said."
TEXT_B = "The ministry denied that its aircraft had struck the market."
SHA = "0" * 64


def raw_row(source_id: str = "a", source: str = "seeds", **changes) -> dict:
    row = {
        "article_id": article_id(source, source_id),
        "source": source,
        "source_id": source_id,
        "raw_path": f"raw/{source}/{source_id}.txt",
        "raw_locator": "file",
        "raw_sha256": SHA,
        "title": "Market strike",
        "text": TEXT_A,
        "outlet": "Reuters",
        "published": "2017-09-28",
        "url": None,
        "language": None,
        "encoding": "utf-8",
        "text_repaired": False,
    }
    return row | changes


def clean_row(source_id: str = "a", text: str = TEXT_A, **changes) -> dict:
    row = {k: v for k, v in raw_row(source_id).items() if k in schemas.CLEAN_ARTICLES.names} | {
        "text": text,
        "outlet_source": "field",
        "dateline": None,
        "published_date": dt.date(2017, 9, 28),
        "published_date_source": "field",
        "headings": [],
        "language": "en",
        "was_lowercased": False,
        "boilerplate_removed": "{}",
    }
    return row | changes


def article_row(source_id: str = "a", text: str = TEXT_A, story: str | None = None, canonical: bool = True, **changes):
    aid = article_id("seeds", source_id)
    return (
        clean_row(source_id, text)
        | {"story_id": story or aid, "is_canonical": canonical, "duplicate_of": None}
        | changes
    )


def link_row(a: str, b: str, **changes) -> dict:
    return {"article_id": a, "other_article_id": b, "relation": "near_duplicate", "score": 0.95} | changes


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def event_row(source_id: str = "a", **changes) -> dict:
    aid = article_id("seeds", source_id)
    start, end = span(TEXT_A, TEXT_A)
    row = {
        "event_id": stable_id(aid, start, end, "air_strike"),
        "article_id": aid,
        "incident_id": None,
        "event_type": "air_strike",
        "trigger": "Air strikes",
        "is_asserted": True,
        "actor": None,
        "target": "a market",
        "location": "Town",
        "admin1": "Province",
        "country": "Syria",
        "latitude": 35.0,
        "longitude": 36.5,
        "geo_precision": "exact",
        "location_source": "sentence",
        "event_date": dt.date(2017, 9, 25),
        "date_precision": "day",
        "fatalities_best": 12,
        "fatalities_low": 12,
        "fatalities_high": 12,
        "injured": None,
        "sentence": TEXT_A,
        "char_start": start,
        "char_end": end,
    }
    return row | changes


def entity_row(**changes) -> dict:
    aid = article_id("seeds", "a")
    start, end = span(TEXT_A, "Monday")
    row = {"entity_id": stable_id(aid, start, end), "article_id": aid, "label": "DATE", "text": "Monday",
           "char_start": start, "char_end": end}  # fmt: skip
    return row | changes


def claim_row(**changes) -> dict:
    aid = article_id("seeds", "b")
    start, end = span(TEXT_B, "that its aircraft had struck the market")
    row = {
        "claim_id": stable_id(aid, start, end),
        "article_id": aid,
        "speaker": "The ministry",
        "speaker_resolved": True,
        "speaker_type": "government",
        "cue": "denied",
        "attribution": "indirect",
        "content": TEXT_B[start:end],
        "stance": "deny",
        "event_id": None,
        "char_start": start,
        "char_end": end,
    }
    return row | changes


def incident_row(incident_id: str, **changes) -> dict:
    row = {
        "incident_id": incident_id,
        "event_type": "air_strike",
        "location": "Town",
        "admin1": "Province",
        "country": "Syria",
        "latitude": 35.0,
        "longitude": 36.5,
        "first_date": dt.date(2017, 9, 25),
        "last_date": dt.date(2017, 9, 25),
        "fatalities_best": 12,
        "fatalities_low": 12,
        "fatalities_high": 12,
        "n_mentions": 1,
        "n_articles": 1,
        "n_sources": 1,
        "n_independent_sources": 1,
        "contested": False,
        "contested_by": None,
    }
    return row | changes


def quarantine_rows(source: str = "seeds", stage: str = "clean", reason: str = "too_short", n: int = 1) -> list[dict]:
    return [
        quarantine_row(source=source, raw_path=f"raw/{source}/q{i}.txt", raw_locator="file", stage=stage, reason=reason,
                       source_id=f"q{i}", article_id=article_id(source, f"q{i}"))
        for i in range(n)
    ]  # fmt: skip


def table(name: str, rows: list[dict]):
    return to_table(rows, getattr(schemas, name.upper()))

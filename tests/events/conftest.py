"""Shared fixtures for event extraction tests: the spaCy model is loaded once per session."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest

from conflictnews import nlp


@pytest.fixture(scope="session")
def parse():
    pipeline = nlp.load_pipeline()
    return pipeline


def make_articles(
    texts: dict[str, str], published: date | None = date(2017, 9, 28), dateline: str | None = None
) -> pa.Table:
    rows = [
        {
            "article_id": aid,
            "text": text,
            "published_date": published,
            "dateline": dateline,
            "outlet": None,
        }
        for aid, text in texts.items()
    ]
    return pa.Table.from_pylist(rows)


@pytest.fixture(scope="session")
def articles_table():
    return make_articles


@pytest.fixture(scope="session")
def extract(parse):
    """extract(text, published=..., dateline=...) -> list of EVENTS rows (dicts) in text order."""
    from conflictnews.events import extract_events

    def run(text: str, published: date | None = date(2017, 9, 28), dateline: str | None = None) -> list[dict]:
        table = make_articles({"a1": text}, published, dateline)
        docs = {"a1": parse(text)}
        events, _ = extract_events(table, docs)
        return sorted(events.to_pylist(), key=lambda r: (r["char_start"], r["event_type"]))

    return run

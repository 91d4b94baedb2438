"""Claims test helpers: the spaCy pipeline is loaded once per session."""

from __future__ import annotations

import pyarrow as pa
import pytest

from conflictnews import schemas
from conflictnews.nlp import load_pipeline
from conflictnews.tables import to_table


def _make_articles(texts: dict[str, str]) -> pa.Table:
    rows = [
        {
            "article_id": article_id,
            "source": "test",
            "source_id": article_id,
            "raw_path": f"{article_id}.txt",
            "raw_locator": "file",
            "raw_sha256": "0" * 64,
            "text": text,
            "was_lowercased": False,
            "boilerplate_removed": "{}",
        }
        for article_id, text in texts.items()
    ]
    return to_table(rows, schemas.CLEAN_ARTICLES, sort_by="article_id")


def _make_event(article_id: str, event_id: str, text: str, sentence: str, **fields) -> dict:
    """An EVENTS row whose evidence is the first occurrence of sentence in text."""
    start = text.index(sentence)
    row = {
        "event_id": event_id,
        "article_id": article_id,
        "event_type": "air_strike",
        "trigger": "strike",
        "is_asserted": True,
        "sentence": sentence,
        "char_start": start,
        "char_end": start + len(sentence),
    }
    row.update(fields)
    return row


@pytest.fixture(scope="session")
def make_articles():
    return _make_articles


@pytest.fixture(scope="session")
def make_event():
    return _make_event


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="session")
def claims_of(nlp):
    """claims_of(text, events=[...]) -> list of claim dicts in text order."""
    from conflictnews.claims import extract_claims

    def run(text: str, events: list[dict] | None = None, article_id: str = "a1") -> list[dict]:
        doc = nlp(text)
        table = extract_claims(
            _make_articles({article_id: text}), {article_id: doc}, to_table(events or [], schemas.EVENTS)
        )
        return sorted(table.to_pylist(), key=lambda r: r["char_start"])

    return run

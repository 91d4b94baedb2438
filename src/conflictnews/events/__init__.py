"""Event mentions and named entities from parsed articles.

`extract_events(articles, docs)` reads the CLEAN_ARTICLES (or ARTICLES) rows of one shard and their
parsed Docs (nlp.load_docs: one Doc per article_id, parsed from `text`; or the Docs as nlp.parse_docs
yields them) and returns the EVENTS table (incident_id left null; incidents.build_incidents fills it)
and the ENTITIES table.

One EVENTS row is one event mention: the triggers of one event type in one sentence
(triggers.py), with its place (geocode.py), date (dates.py) and casualty figures (casualties.py).
Negated and hypothetical mentions are kept with is_asserted = False.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import pyarrow as pa
from spacy.tokens import Doc, Span

from conflictnews.doctext import doc_text, forget
from conflictnews.events.casualties import Figure, find_figures
from conflictnews.events.dates import event_date
from conflictnews.events.entities import entity_rows
from conflictnews.events.geocode import (
    Place,
    PlaceMention,
    article_country,
    find_places,
    geocode_name,
    most_frequent_place,
)
from conflictnews.events.triggers import Mention, find_mentions
from conflictnews.events.vocabulary import check_vocabulary
from conflictnews.ids import stable_id
from conflictnews.schemas import ENTITIES, EVENTS
from conflictnews.tables import to_table

__all__ = ["extract_events", "article_events"]


def _trigger_offset(mention) -> int | None:
    """Character offset of the mention's first trigger: two mentions of one type in a sentence differ."""
    return mention.triggers[0].token.idx if mention.triggers else None


def _trimmed(sent: Span) -> tuple[int, int]:
    """Character offsets of the sentence without surrounding whitespace."""
    text = doc_text(sent.doc)
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentence_place(mention: Mention, places: list[PlaceMention], country: str | None) -> Place | None:
    """The place of the mention's sentence nearest its trigger: finer places, places of the article's country
    and locative places first; names standing for an actor ("Russia said", "Turkey's jets"), the far side of a
    border ("the border with Turkey") and a dateline run into the text are not the scene."""
    sent = mention.sentence
    actor = mention.actor
    trigger_char = mention.head.idx
    in_sentence = [
        p
        for p in places
        if sent.start_char <= p.start_char < sent.end_char
        and not p.not_scene
        and not (actor is not None and actor.start_char <= p.start_char < actor.end_char)
    ]
    if not in_sentence:
        return None
    best = min(
        in_sentence,
        key=lambda p: (
            p.place.precision == "country",
            country is not None and p.place.country_code != country,
            not p.locative,
            abs(p.start_char - trigger_char),
            p.start_char,
        ),
    )
    return best.place


def _figures_by_mention(mentions: list[Mention], figures: list[Figure]) -> dict[int, list[Figure]]:
    """Each figure goes to the mention whose trigger is its own word, else the nearest trigger."""
    out: dict[int, list[Figure]] = {}
    for fig in figures:
        owner = None
        for k, m in enumerate(mentions):
            if any(t.token.i == fig.word.i for t in m.triggers):
                owner = k
        if owner is None:
            owner = min(
                range(len(mentions)),
                key=lambda k: (min(abs(t.token.i - fig.word.i) for t in mentions[k].triggers), k),
            )
        out.setdefault(owner, []).append(fig)
    return out


def _largest(figs: list[Figure]) -> Figure | None:
    scored = [f for f in figs if f.best is not None or f.low is not None]
    if not scored:
        return None
    return max(scored, key=lambda f: (f.best or f.low or 0, f.low or 0))


def article_events(article_id: str, doc: Doc, published: date | None, dateline: str | None) -> list[dict]:
    """EVENTS rows (as dicts) of one parsed article."""
    mentions = find_mentions(doc)
    if not mentions:
        return []
    places = find_places(doc)
    country = article_country(places)
    fallback = most_frequent_place(places)
    dateline_place = geocode_name(dateline, country) if dateline else None
    if dateline_place is None:
        # a dateline the cleaner left in the text ("Beirut Syrian jets struck...") is still only a dateline;
        # a name standing for an actor is none ("Iran-backed militias attacked ...")
        dateline_place = next(
            (
                p.place
                for p in places
                if not p.actor_like and (p.start_char == 0 or not doc_text(doc)[: p.start_char].strip())
            ),
            None,
        )

    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence.start, []).append(m)
    figures: dict[int, list[Figure]] = {}
    for sent_mentions in by_sentence.values():
        assigned = _figures_by_mention(sent_mentions, find_figures(sent_mentions[0].sentence))
        for k, figs in assigned.items():
            figures[id(sent_mentions[k])] = figs

    rows = []
    for m in mentions:
        start, end = _trimmed(m.sentence)
        place = _sentence_place(m, places, country)
        source = "sentence"
        if place is not None and place.precision == "country":
            # "in eastern Syria": the article's own finer place in that country, if it names one
            finer = most_frequent_place(places, place.country_code)
            if finer is not None and finer.precision != "country":
                place, source = finer, "article"
        if place is None and fallback is not None:
            place, source = fallback, "article"
        if place is None and dateline_place is not None:
            place, source = dateline_place, "dateline"
        if place is None:
            source = None
        resolved = None
        for t in m.triggers:
            resolved = event_date(m.sentence, t.token, published)
            if resolved is not None:
                break
        figs = figures.get(id(m), [])
        deaths = _largest([f for f in figs if f.kind == "death"])
        injuries = _largest([f for f in figs if f.kind == "injury"])
        rows.append(
            {
                "event_id": stable_id("event", article_id, start, end, m.event_type, _trigger_offset(m)),
                "article_id": article_id,
                "incident_id": None,
                "event_type": m.event_type,
                "trigger": m.trigger_text,
                "is_asserted": m.is_asserted,
                "actor": m.actor.text if m.actor is not None else None,
                "target": m.target.text if m.target is not None else None,
                "location": place.name if place else None,
                "admin1": place.admin1 if place else None,
                "country": place.country if place else None,
                "latitude": place.latitude if place else None,
                "longitude": place.longitude if place else None,
                "geo_precision": place.precision if place else None,
                "location_source": source,
                "event_date": resolved.value if resolved else None,
                "date_precision": resolved.precision if resolved else None,
                "fatalities_best": deaths.best if deaths else None,
                "fatalities_low": deaths.low if deaths else None,
                "fatalities_high": deaths.high if deaths else None,
                "injured": (injuries.best or injuries.low) if injuries else None,
                "sentence": doc_text(doc)[start:end],
                "char_start": start,
                "char_end": end,
                "is_aggregate": m.is_aggregate,
            }
        )
    return rows


def extract_events(articles: pa.Table, docs: Mapping[str, Doc] | Iterable[Doc]) -> tuple[pa.Table, pa.Table]:
    """(EVENTS sorted by event_id with incident_id null, ENTITIES sorted by entity_id) of one shard.

    docs: the parsed Docs by article_id (nlp.load_docs), or the Docs in the order of the articles'
    rows as nlp.parse_docs yields them (each with its article_id in user_data).
    """
    check_vocabulary()
    names = set(articles.column_names)
    stream = None if isinstance(docs, Mapping) else iter(docs)
    event_rows: list[dict] = []
    ent_rows: list[dict] = []
    for row in articles.to_pylist():
        article_id = row["article_id"]
        doc = docs.get(article_id) if stream is None else next(stream, None)
        if doc is None or (stream is not None and doc.user_data.get("article_id") != article_id):
            raise KeyError(
                f"no parsed Doc for article_id {article_id!r}: parse the shard's articles with nlp.parse_docs"
            )
        if doc_text(doc) != row["text"]:
            raise ValueError(f"parsed Doc of article_id {article_id!r} was not parsed from its text column")
        published = row.get("published_date") if "published_date" in names else None
        dateline = row.get("dateline") if "dateline" in names else None
        event_rows.extend(article_events(article_id, doc, published, dateline))
        ent_rows.extend(entity_rows(article_id, doc))
        if stream is not None:
            forget(doc)  # the caller keeps no Doc: free it now
    if stream is not None and next(stream, None) is not None:
        raise ValueError("more parsed Docs than articles: the Docs were not parsed from this shard")
    return to_table(event_rows, EVENTS, sort_by="event_id"), to_table(ent_rows, ENTITIES, sort_by="entity_id")

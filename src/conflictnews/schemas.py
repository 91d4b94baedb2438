"""Arrow schemas of every table the build writes, intermediate and released.

The schema owns column names, types, nullability and descriptions; the release
turns the same descriptions into the Data Package. Column names of the released
tables are a promise to users (see DESIGN.md): add columns freely, never rename.
"""

from __future__ import annotations

import pyarrow as pa


def _field(name: str, type_: pa.DataType, description: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"description": description})


def _schema(*fields: pa.Field) -> pa.Schema:
    return pa.schema(list(fields))


# Provenance shared by every article-level table.
_PROVENANCE = (
    _field("article_id", pa.string(), "Stable id: hash of source and source_id.", nullable=False),
    _field("source", pa.string(), "Name of the source in the build config.", nullable=False),
    _field("source_id", pa.string(), "The record's id within its source.", nullable=False),
    _field("raw_path", pa.string(), "Raw file the record was read from, relative to the build directory.", nullable=False),
    _field("raw_locator", pa.string(), "Where in raw_path: 'file', 'row N' (CSV, 1-based data row) or 'line N' (JSONL).", nullable=False),
    _field("raw_sha256", pa.string(), "sha256 of the raw record's bytes (the whole file for the text reader).", nullable=False),
)

# ingest: one row per raw record that could be read; text as decoded, not yet cleaned.
RAW_ARTICLES = _schema(
    *_PROVENANCE,
    _field("title", pa.string(), "Title from the source's mapped field."),
    _field("text", pa.string(), "Decoded text, before cleaning.", nullable=False),
    _field("outlet", pa.string(), "Outlet from the source's mapped field."),
    _field("published", pa.string(), "Publication date as written in the source's mapped field."),
    _field("url", pa.string(), "URL from the source's mapped field."),
    _field("language", pa.string(), "Language from the source's mapped field."),
    _field("encoding", pa.string(), "Encoding used to decode the record.", nullable=False),
    _field("text_repaired", pa.bool_(), "True when mis-decoded text (mojibake, control bytes) was repaired.", nullable=False),
)

# clean: one row per kept article.
CLEAN_ARTICLES = _schema(
    *_PROVENANCE,
    _field("outlet", pa.string(), "Outlet: mapped field, else inferred from the text (title, author, byline, credit)."),
    _field("outlet_source", pa.string(), "Where outlet came from: field, title, author, byline, credit, or null."),
    _field("dateline", pa.string(), "Place of the wire dateline ('AMMAN (Reuters) -'), or null."),
    _field("published_date", pa.date32(), "Publication date, null if unknown."),
    _field("published_date_source", pa.string(), "Where published_date came from: field, header, dateline, text, or null."),
    _field("title", pa.string(), "Title: mapped field, else a leading title line."),
    _field("text", pa.string(), "Cleaned body text: boilerplate, captions, credits and headings removed; tokenization undone.", nullable=False),
    _field("headings", pa.list_(pa.string()), "Short heading lines moved out of text, in order."),
    _field("language", pa.string(), "ISO 639-1 language code (mapped field or detected)."),
    _field("was_lowercased", pa.bool_(), "True when the raw text was lower-cased and case was restored.", nullable=False),
    _field("boilerplate_removed", pa.string(), "JSON object: lines removed per kind (caption, credit, repeated, link, ...).", nullable=False),
)

# dedup: cleaned articles plus their story cluster; this is the released articles table.
ARTICLES = _schema(
    *CLEAN_ARTICLES,
    _field("story_id", pa.string(), "Same story across outlets and copies (id of the story's canonical article).", nullable=False),
    _field("is_canonical", pa.bool_(), "True for exactly one article per story.", nullable=False),
    _field("duplicate_of", pa.string(), "article_id this article copies (exact or near duplicate), or null."),
)

ARTICLE_LINKS = _schema(
    _field("article_id", pa.string(), "The article whose text is found in the other (the smaller one for contains).", nullable=False),
    _field("other_article_id", pa.string(), "The related article.", nullable=False),
    _field("relation", pa.string(), "exact_duplicate, near_duplicate, contains, or shares_passage.", nullable=False),
    _field("score", pa.float64(), "Share of the smaller text's shingles found in the other (0-1).", nullable=False),
    _field("coverage", pa.float64(), "Share of the larger text's shingles found in the other (0-1)."),
    _field("same_story", pa.bool_(), "True when this link joins the two articles into one story (docs/dedup.md)."),
)

ENTITIES = _schema(
    _field("entity_id", pa.string(), "Stable id: hash of article_id and offsets.", nullable=False),
    _field("article_id", pa.string(), "Article the entity occurs in.", nullable=False),
    _field("label", pa.string(), "spaCy entity label (GPE, LOC, ORG, NORP, PERSON, CARDINAL, DATE, ...).", nullable=False),
    _field("text", pa.string(), "Entity text as in articles.text.", nullable=False),
    _field("char_start", pa.int32(), "Start offset into articles.text.", nullable=False),
    _field("char_end", pa.int32(), "End offset into articles.text.", nullable=False),
)

EVENTS = _schema(
    _field("event_id", pa.string(), "Stable id: hash of article_id, offsets and event_type.", nullable=False),
    _field("article_id", pa.string(), "Article the mention occurs in.", nullable=False),
    _field("incident_id", pa.string(), "The real-world incident this mention belongs to (joins mentions across articles)."),
    _field("event_type", pa.string(), "Type from event_types.csv.", nullable=False),
    _field("trigger", pa.string(), "The word or phrase that signals the event.", nullable=False),
    _field("is_asserted", pa.bool_(), "False for negated or hypothetical mentions ('denied carrying out strikes', 'could attack').", nullable=False),
    _field("actor", pa.string(), "Who carried it out, as written; null if not named (a pronoun is not resolved)."),
    _field("target", pa.string(), "Who or what it was done to, as written; null if not named."),
    _field("location", pa.string(), "Place name (gazetteer form)."),
    _field("admin1", pa.string(), "First-level administrative division (governorate, province)."),
    _field("country", pa.string(), "Country name."),
    _field("latitude", pa.float64(), "WGS84 latitude of the place."),
    _field("longitude", pa.float64(), "WGS84 longitude of the place."),
    _field("geo_precision", pa.string(), "exact, district, province, country; null if no place."),
    _field("location_source", pa.string(), "Where the place came from: sentence, article, dateline; null if no place."),
    _field("event_date", pa.date32(), "Resolved date of the event, never after the publication date."),
    _field("date_precision", pa.string(), "day, week, month or year; null if no date."),
    _field("fatalities_best", pa.int32(), "Best estimate of deaths (UCDP convention)."),
    _field("fatalities_low", pa.int32(), "Low estimate of deaths."),
    _field("fatalities_high", pa.int32(), "High estimate of deaths."),
    _field("injured", pa.int32(), "Number injured, if stated."),
    _field("sentence", pa.string(), "The evidence sentence.", nullable=False),
    _field("char_start", pa.int32(), "Start of the evidence sentence in articles.text.", nullable=False),
    _field("char_end", pa.int32(), "End of the evidence sentence in articles.text.", nullable=False),
    _field(
        "is_aggregate",
        pa.bool_(),
        "True for a running total over a period ('killed since the war began'), not one event.",
    ),
)

CLAIMS = _schema(
    _field("claim_id", pa.string(), "Stable id: hash of article_id and content offsets.", nullable=False),
    _field("article_id", pa.string(), "Article the claim occurs in.", nullable=False),
    _field("speaker", pa.string(), "Who made the statement: resolved name where the text allows, else as written."),
    _field("speaker_resolved", pa.bool_(), "True when speaker is a name, not a pronoun or bare description.", nullable=False),
    _field("speaker_type", pa.string(), "government, military, armed group, rescue/medical, monitor/NGO, UN/international, witness/resident, media, unknown.", nullable=False),
    _field("cue", pa.string(), "The reporting verb or phrase.", nullable=False),
    _field("attribution", pa.string(), "Pattern: direct_quote, indirect, according_to, cue_noun.", nullable=False),
    _field("content", pa.string(), "What was said: text[char_start:char_end].", nullable=False),
    _field("stance", pa.string(), "assert, deny or accuse.", nullable=False),
    _field("event_id", pa.string(), "The event mention the claim is about, or null."),
    _field("char_start", pa.int32(), "Start of content in articles.text.", nullable=False),
    _field("char_end", pa.int32(), "End of content in articles.text.", nullable=False),
)

INCIDENTS = _schema(
    _field("incident_id", pa.string(), "Stable id: the event_id of the incident's earliest-id mention.", nullable=False),
    _field("event_type", pa.string(), "Type from event_types.csv.", nullable=False),
    _field("location", pa.string(), "Place name."),
    _field("admin1", pa.string(), "First-level administrative division."),
    _field("country", pa.string(), "Country name."),
    _field("latitude", pa.float64(), "WGS84 latitude."),
    _field("longitude", pa.float64(), "WGS84 longitude."),
    _field("first_date", pa.date32(), "Earliest event_date of its mentions."),
    _field("last_date", pa.date32(), "Latest event_date of its mentions."),
    _field("fatalities_best", pa.int32(), "Best estimate over mentions."),
    _field("fatalities_low", pa.int32(), "Lowest low estimate over mentions."),
    _field("fatalities_high", pa.int32(), "Highest high estimate over mentions."),
    _field("n_mentions", pa.int32(), "Number of event mentions joined.", nullable=False),
    _field("n_articles", pa.int32(), "Number of articles mentioning it.", nullable=False),
    _field("n_sources", pa.int32(), "Number of distinct outlets (source when outlet unknown).", nullable=False),
    _field("n_independent_sources", pa.int32(), "Articles counted once per copy/reuse group (article_links).", nullable=False),
    _field("contested", pa.bool_(), "True when claims about it by different speakers disagree.", nullable=False),
    _field("contested_by", pa.list_(pa.string()), "The disagreeing speakers, sorted."),
)

QUARANTINE = _schema(
    _field("quarantine_id", pa.string(), "Stable id: hash of source, raw_path, raw_locator and stage.", nullable=False),
    _field("source", pa.string(), "Name of the source in the build config.", nullable=False),
    _field("source_id", pa.string(), "The record's id within its source, if it could be read."),
    _field("article_id", pa.string(), "Stable article id, if the record had a source id."),
    _field("raw_path", pa.string(), "Raw file the record came from.", nullable=False),
    _field("raw_locator", pa.string(), "Where in raw_path: 'file', 'row N' or 'line N'.", nullable=False),
    _field("stage", pa.string(), "Stage that rejected it: ingest, clean, ...", nullable=False),
    _field("reason", pa.string(), "Short machine-readable reason (empty_text, undecodable, missing_text, ...).", nullable=False),
    _field("detail", pa.string(), "Human-readable detail."),
)

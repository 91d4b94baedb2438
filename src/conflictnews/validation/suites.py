"""Great Expectations suites: one function per table, the quality gates of the build.

Every expectation carries `meta = {"check": <short name>, "severity": "error"|"warning", "why": <reason>}`.
Hard expectations ("error") stop the build; soft ones ("warning", GX severity WARNING) are recorded
only. Checks GX cannot express on one column or pair (one canonical article per story, offsets
matching the text, references between tables) are computed with pandas first, as `check_*`
columns added by `checks.prepare_frame`, and validated here like any other column.

The Arrow schema already owns column names, types and nullability; these suites own what the
values may be.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib.resources import files
from typing import Any

import great_expectations as gx
import great_expectations.expectations as gxe
import yaml

from .checks import CROSS_TABLE_CHECKS

_EITHER_NULL = "either_value_is_missing"  # pair checks skip rows where a value is not stated
OK = [True]  # value set of a computed check column: True passes, False fails, null = not checked


@cache
def value_sets() -> dict[str, list[str]]:
    """The closed vocabularies in resources/validation/value_sets.yaml."""
    path = files("conflictnews") / "resources" / "validation" / "value_sets.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def event_types() -> list[str] | None:
    """The event_type column of resources/events/event_types.csv, or None when the file is absent."""
    path = files("conflictnews") / "resources" / "events" / "event_types.csv"
    if not path.is_file():
        return None
    rows = csv.DictReader(path.read_text(encoding="utf-8").splitlines())
    return sorted({row["event_type"].strip() for row in rows if (row.get("event_type") or "").strip()})


def hard(expectation: type, check: str, why: str, **kwargs: Any) -> Any:
    """An expectation whose failure stops the build."""
    return expectation(**kwargs, meta={"check": check, "severity": "error", "why": why})


def soft(expectation: type, check: str, why: str, **kwargs: Any) -> Any:
    """An expectation whose failure is only recorded as a warning."""
    return expectation(**kwargs, severity="warning", meta={"check": check, "severity": "warning", "why": why})


def _unique_id(column: str) -> list:
    return [
        hard(gxe.ExpectColumnValuesToNotBeNull, f"{column}_not_null", "Every row needs its stable id.", column=column),
        hard(gxe.ExpectColumnValuesToBeUnique, f"{column}_unique", "Ids are primary keys.", column=column),
    ]


def _not_null(*columns: str) -> list:
    return [
        hard(
            gxe.ExpectColumnValuesToNotBeNull,
            f"{c}_not_null",
            "Required column (non-nullable in the schema).",
            column=c,
        )
        for c in columns
    ]


def _in_set(column: str, values: list[str], why: str) -> Any:
    return hard(gxe.ExpectColumnValuesToBeInSet, f"{column}_in_vocabulary", why, column=column, value_set=list(values))


def _check(column: str, why: str, severity: str = "error") -> Any:
    make = hard if severity == "error" else soft
    return make(gxe.ExpectColumnValuesToBeInSet, column, why, column=column, value_set=OK)


def _offsets(why: str = "Offsets must delimit a non-empty span.") -> list:
    return [
        hard(gxe.ExpectColumnValuesToBeBetween, "char_start_not_negative", "Offsets index into a string.",
             column="char_start", min_value=0),
        hard(gxe.ExpectColumnPairValuesAToBeGreaterThanB, "char_start_before_char_end", why,
             column_A="char_end", column_B="char_start", or_equal=False, ignore_row_if="either_value_is_missing"),
    ]  # fmt: skip


def _coordinates(with_precision: bool = True) -> list:
    checks = [
        hard(gxe.ExpectColumnValuesToBeBetween, "latitude_range", "WGS84 latitude.",
             column="latitude", min_value=-90, max_value=90),
        hard(gxe.ExpectColumnValuesToBeBetween, "longitude_range", "WGS84 longitude.",
             column="longitude", min_value=-180, max_value=180),
    ]  # fmt: skip
    if with_precision:
        checks.append(hard(gxe.ExpectColumnValuesToBeInSet, "geo_precision_in_vocabulary",
                           "Documented precision codes (UCDP-like).",
                           column="geo_precision", value_set=value_sets()["geo_precision"]))  # fmt: skip
    return checks


def _fatalities() -> list:
    why = "UCDP convention: low <= best <= high where stated."
    return [
        hard(gxe.ExpectColumnValuesToBeBetween, f"{c}_not_negative", "Counts of people cannot be negative.",
             column=c, min_value=0)
        for c in ("fatalities_best", "fatalities_low", "fatalities_high")
    ] + [
        hard(gxe.ExpectColumnPairValuesAToBeGreaterThanB, "fatalities_low_le_best", why,
             column_A="fatalities_best", column_B="fatalities_low", or_equal=True, ignore_row_if=_EITHER_NULL),
        hard(gxe.ExpectColumnPairValuesAToBeGreaterThanB, "fatalities_best_le_high", why,
             column_A="fatalities_high", column_B="fatalities_best", or_equal=True, ignore_row_if=_EITHER_NULL),
    ]  # fmt: skip


def _event_type() -> Any:
    vocabulary = event_types()
    if vocabulary is None:  # vocabulary file not shipped: only require a value
        return hard(gxe.ExpectColumnValuesToNotBeNull, "event_type_not_null", "Every event has a type.",
                    column="event_type")  # fmt: skip
    return _in_set("event_type", vocabulary, "Documented vocabulary in event_types.csv (ACLED/PLOVER mapping).")


def _sha256(column: str) -> Any:
    return hard(gxe.ExpectColumnValuesToMatchRegex, f"{column}_is_sha256", "Hex sha256 of the raw bytes.",
                column=column, regex=r"^[0-9a-f]{64}$")  # fmt: skip


def _published_share() -> Any:
    return soft(gxe.ExpectColumnValuesToNotBeNull, "published_date_mostly_known",
                "Most news articles carry a date; many nulls point at a date parsing or mapping problem.",
                column="published_date", mostly=0.5)  # fmt: skip


def _suite(name: str, expectations: list) -> gx.ExpectationSuite:
    return gx.ExpectationSuite(name=name, expectations=expectations)


_PROVENANCE = ("source", "source_id", "raw_path", "raw_locator", "raw_sha256")


def raw_articles() -> gx.ExpectationSuite:
    return _suite("raw_articles", [
        *_unique_id("article_id"),
        *_not_null(*_PROVENANCE, "text", "encoding", "text_repaired"),
        _sha256("raw_sha256"),
        hard(gxe.ExpectCompoundColumnsToBeUnique, "source_record_unique",
             "One row per source record: a repeated source id would give two articles one id.",
             column_list=["source", "source_id"]),
        soft(gxe.ExpectColumnValuesToBeInSet, "text_mostly_not_repaired",
             "Repairs should be the exception; many point at a wrong encoding setting for the source.",
             column="text_repaired", value_set=[False], mostly=0.5),
    ])  # fmt: skip


def quarantine() -> gx.ExpectationSuite:
    return _suite("quarantine", [
        *_unique_id("quarantine_id"),
        *_not_null("source", "raw_path", "raw_locator", "stage", "reason"),
        _in_set("stage", value_sets()["quarantine_stage"], "Rows are rejected by a known stage."),
        hard(gxe.ExpectColumnValuesToMatchRegex, "reason_is_code", "Reasons are short machine-readable codes.",
             column="reason", regex=r"^[a-z0-9_]+$"),
    ])  # fmt: skip


def _article_columns() -> list:
    sets = value_sets()
    return [
        *_unique_id("article_id"),
        *_not_null(*_PROVENANCE, "text", "was_lowercased", "boilerplate_removed"),
        _sha256("raw_sha256"),
        hard(gxe.ExpectColumnValueLengthsToBeBetween, "text_not_empty", "Kept articles have text.",
             column="text", min_value=1),
        hard(gxe.ExpectColumnValuesToBeInSet, "published_date_source_in_vocabulary", "Documented provenance codes.",
             column="published_date_source", value_set=sets["published_date_source"]),
        hard(gxe.ExpectColumnValuesToBeInSet, "outlet_source_in_vocabulary", "Documented provenance codes.",
             column="outlet_source", value_set=sets["outlet_source"]),
        _check("check_date_source_given", "published_date and published_date_source are null together."),
        _published_share(),
        soft(gxe.ExpectColumnValuesToBeInSet, "language_english",
             "Non-English records should have been quarantined by clean.", column="language", value_set=["en"]),
    ]  # fmt: skip


def clean_articles() -> gx.ExpectationSuite:
    return _suite("clean_articles", _article_columns())


def articles() -> gx.ExpectationSuite:
    return _suite("articles", [
        *_article_columns(),
        *_not_null("story_id", "is_canonical"),
        hard(gxe.ExpectColumnValuesToBeBetween, "check_canonical_per_story", "Exactly one canonical article per story.",
             column="check_canonical_per_story", min_value=1, max_value=1),
        _check("check_duplicate_of_known", "duplicate_of names an article of the table, never itself."),
        _check("check_story_is_canonical_id", "story_id is the article_id of the story's canonical article.",
               severity="warning"),
    ])  # fmt: skip


def article_links() -> gx.ExpectationSuite:
    return _suite("article_links", [
        *_not_null("article_id", "other_article_id", "relation", "score"),
        hard(gxe.ExpectCompoundColumnsToBeUnique, "pair_unique", "One relation per ordered pair (the primary key).",
             column_list=["article_id", "other_article_id"]),
        _in_set("relation", value_sets()["relation"], "The four documented relations."),
        hard(gxe.ExpectColumnValuesToBeBetween, "score_range", "A share of shingles.",
             column="score", min_value=0, max_value=1),
        _check("check_not_self_link", "An article is not linked to itself."),
        _check("check_articles_known", "Both ids name articles of the articles table (when it is validated too)."),
    ])  # fmt: skip


def entities() -> gx.ExpectationSuite:
    return _suite("entities", [
        *_unique_id("entity_id"),
        *_not_null("article_id", "label", "text", "char_start", "char_end"),
        *_offsets(),
        _check("check_span_length", "text is articles.text[char_start:char_end], so its length is the span's."),
        _check("check_article_known", "article_id names an article (when articles are validated too)."),
    ])  # fmt: skip


def events(*, with_incidents: bool = False) -> gx.ExpectationSuite:
    sets = value_sets()
    expectations = [
        *_unique_id("event_id"),
        *_not_null("article_id", "event_type", "trigger", "is_asserted", "sentence", "char_start", "char_end"),
        _event_type(),
        *_coordinates(),
        hard(gxe.ExpectColumnValuesToBeInSet, "location_source_in_vocabulary", "Documented provenance codes.",
             column="location_source", value_set=sets["location_source"]),
        hard(gxe.ExpectColumnValuesToBeInSet, "date_precision_in_vocabulary", "day, week, month or year.",
             column="date_precision", value_set=sets["date_precision"]),
        *_fatalities(),
        hard(gxe.ExpectColumnValuesToBeBetween, "injured_not_negative", "Counts of people cannot be negative.",
             column="injured", min_value=0),
        *_offsets("The evidence sentence is a non-empty span of articles.text."),
        _check("check_span_length", "sentence is articles.text[char_start:char_end], so its length is the span's."),
        _check("check_coordinates_paired", "latitude and longitude are null together."),
        _check("check_date_precision_given", "date_precision is set exactly when event_date is."),
        _check("check_geo_precision_given", "A place (location or coordinates) comes with its geo_precision.",
               severity="warning"),
        _check("check_article_known", "article_id names an article (when articles are validated too)."),
        _check("check_span_in_text", "text[char_start:char_end] == sentence (when articles are validated too)."),
        _check("check_date_not_after_published", "An event is never dated after its article's publication date."),
        _check("check_incident_known", "incident_id names an incident (when incidents are validated too)."),
        soft(gxe.ExpectColumnValuesToNotBeNull, "location_mostly_known",
             "Conflict reports usually name a place; many nulls point at a geocoding problem.",
             column="location", mostly=0.5),
        soft(gxe.ExpectColumnValuesToNotBeNull, "event_date_mostly_known",
             "Most events can be dated from the text or the publication date.", column="event_date", mostly=0.5),
    ]  # fmt: skip
    if with_incidents:
        why = ("After the incidents step every asserted mention that is not a running total belongs to an incident; "
               "a negated or hypothetical mention has one only when it matches an asserted incident.")  # fmt: skip
        expectations.append(_check("check_asserted_has_incident", why))
    return _suite("events", expectations)


def claims() -> gx.ExpectationSuite:
    sets = value_sets()
    return _suite("claims", [
        *_unique_id("claim_id"),
        *_not_null("article_id", "speaker_resolved", "speaker_type", "cue", "attribution", "content", "stance",
                   "char_start", "char_end"),
        _in_set("stance", sets["stance"], "Documented stances."),
        _in_set("speaker_type", sets["speaker_type"], "Documented speaker types."),
        _in_set("attribution", sets["attribution"], "Documented attribution patterns."),
        *_offsets("The claim's content is a non-empty span of articles.text."),
        _check("check_span_length", "content is articles.text[char_start:char_end], so its length is the span's."),
        _check("check_resolved_has_speaker", "A resolved speaker has a name."),
        _check("check_article_known", "article_id names an article (when articles are validated too)."),
        _check("check_span_in_text", "text[char_start:char_end] == content (when articles are validated too)."),
        _check("check_event_known", "event_id names an event mention (when events are validated too)."),
        soft(gxe.ExpectColumnValuesToNotBeInSet, "speaker_type_mostly_known",
             "Most attributed statements name a kind of speaker; many unknowns point at a lexicon gap.",
             column="speaker_type", value_set=["unknown"], mostly=0.5),
    ])  # fmt: skip


def incidents() -> gx.ExpectationSuite:
    return _suite("incidents", [
        *_unique_id("incident_id"),
        *_not_null("event_type", "n_mentions", "n_articles", "n_sources", "n_independent_sources", "contested"),
        _event_type(),
        *_coordinates(with_precision=False),
        *_fatalities(),
        hard(gxe.ExpectColumnPairValuesAToBeGreaterThanB, "first_date_le_last_date", "A date range.",
             column_A="last_date", column_B="first_date", or_equal=True, ignore_row_if="either_value_is_missing"),
        hard(gxe.ExpectColumnValuesToBeBetween, "n_articles_positive", "An incident is mentioned at least once.",
             column="n_articles", min_value=1),
        hard(gxe.ExpectColumnPairValuesAToBeGreaterThanB, "n_mentions_ge_n_articles",
             "Every article contributes at least one mention.",
             column_A="n_mentions", column_B="n_articles", or_equal=True, ignore_row_if="either_value_is_missing"),
        hard(gxe.ExpectColumnPairValuesAToBeGreaterThanB, "n_sources_le_n_articles", "An article has one outlet.",
             column_A="n_articles", column_B="n_sources", or_equal=True, ignore_row_if="either_value_is_missing"),
        hard(gxe.ExpectColumnPairValuesAToBeGreaterThanB, "n_independent_le_n_articles",
             "Copies and reuse count once, so never more independent sources than articles.",
             column_A="n_articles", column_B="n_independent_sources", or_equal=True,
             ignore_row_if="either_value_is_missing"),
        hard(gxe.ExpectColumnValuesToBeBetween, "n_independent_positive", "At least one independent source.",
             column="n_independent_sources", min_value=1),
        _check("check_contested_has_speakers", "A contested incident names its disagreeing speakers, sorted."),
        _check("check_mentions_counted", "n_mentions equals the events with this incident_id (when events are "
               "validated too)."),
    ])  # fmt: skip


SUITES = {
    "raw_articles": raw_articles,
    "quarantine": quarantine,
    "clean_articles": clean_articles,
    "articles": articles,
    "article_links": article_links,
    "entities": entities,
    "events": events,
    "claims": claims,
    "incidents": incidents,
}


def suite_for(
    table: str, tables: set[str] | frozenset[str] = frozenset(), *, cross_table_only: bool = False
) -> gx.ExpectationSuite:
    """The suite of a table; `tables` are the other tables validated in the same stage.

    `cross_table_only` keeps the expectations on checks that read another table (CROSS_TABLE_CHECKS)."""
    if table not in SUITES:
        raise KeyError(f"no expectation suite for table {table!r}; known: {', '.join(sorted(SUITES))}")
    suite = events(with_incidents="incidents" in tables) if table == "events" else SUITES[table]()
    if not cross_table_only:
        return suite
    return _suite(table, [e for e in suite.expectations if e.meta["check"] in CROSS_TABLE_CHECKS])

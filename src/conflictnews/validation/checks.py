"""Checks computed with pandas/Python before Great Expectations sees a table.

GX expectations look at one column or one pair of columns. Rules that need a group (one canonical
article per story), string slicing (offsets match the text) or another table (ids that must exist)
are computed here into `check_*` columns: True passes, False fails, None means "not checked"
(the other table is not part of this stage, or the rule does not apply to the row). The suites in
suites.py then expect each `check_*` column to be in {True}; GX ignores the nulls.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping

import pandas as pd
import pyarrow as pa

# Columns each check reads: shown next to the ids in the example rows of a failure.
CHECK_INPUTS: dict[str, list[str]] = {
    "check_date_source_given": ["published_date", "published_date_source"],
    "check_canonical_per_story": ["story_id", "is_canonical"],
    "check_duplicate_of_known": ["duplicate_of"],
    "check_story_is_canonical_id": ["story_id", "is_canonical"],
    "check_not_self_link": ["other_article_id", "relation"],
    "check_articles_known": ["other_article_id"],
    "check_span_length": ["char_start", "char_end", "text", "sentence", "content"],
    "check_article_known": ["article_id"],
    "check_span_in_text": ["char_start", "char_end", "sentence", "content"],
    "check_coordinates_paired": ["latitude", "longitude"],
    "check_date_precision_given": ["event_date", "date_precision"],
    "check_geo_precision_given": ["location", "country", "latitude", "geo_precision"],
    "check_date_not_after_published": ["event_date"],
    "check_incident_known": ["incident_id"],
    "check_asserted_has_incident": ["is_asserted", "is_aggregate", "incident_id"],
    "check_resolved_has_speaker": ["speaker", "speaker_resolved"],
    "check_event_known": ["event_id"],
    "check_contested_has_speakers": ["contested", "contested_by"],
    "check_mentions_counted": ["n_mentions"],
}

# Checks that read another table (ids that must exist, spans in the article text, dates against
# the article's): the only ones the release gate runs, where all tables meet.
CROSS_TABLE_CHECKS = frozenset({
    "check_articles_known",
    "check_article_known",
    "check_span_in_text",
    "check_date_not_after_published",
    "check_incident_known",
    "check_asserted_has_incident",
    "check_event_known",
    "check_mentions_counted",
})  # fmt: skip


def _col(table: pa.Table, name: str) -> list:
    return table.column(name).to_pylist() if name in table.column_names else [None] * table.num_rows


def _ids(tables: Mapping[str, pa.Table], name: str, column: str) -> set | None:
    table = tables.get(name)
    return None if table is None else set(_col(table, column))


def _articles(tables: Mapping[str, pa.Table]) -> pa.Table | None:
    """The article texts of this stage: released articles, else cleaned ones."""
    return tables.get("articles", tables.get("clean_articles"))


def _known(values: list, ids: set | None) -> list:
    return [None if ids is None or v is None else v in ids for v in values]


def _span_length(table: pa.Table, span_column: str) -> list:
    return [
        None if s is None or a is None or b is None else len(s) == b - a
        for s, a, b in zip(_col(table, span_column), _col(table, "char_start"), _col(table, "char_end"), strict=True)
    ]


def _span_in_text(table: pa.Table, span_column: str, tables: Mapping[str, pa.Table]) -> list:
    articles = _articles(tables)
    if articles is None:
        return [None] * table.num_rows
    texts = dict(zip(_col(articles, "article_id"), _col(articles, "text"), strict=True))
    out = []
    for aid, s, a, b in zip(
        _col(table, "article_id"),
        _col(table, span_column),
        _col(table, "char_start"),
        _col(table, "char_end"),
        strict=True,
    ):
        text = texts.get(aid)
        out.append(None if text is None or s is None or a is None or b is None else text[a:b] == s)
    return out


def _same_nullness(a: list, b: list) -> list:
    return [(x is None) == (y is None) for x, y in zip(a, b, strict=True)]


def _article_checks(table: pa.Table, tables: Mapping[str, pa.Table]) -> dict[str, Callable[[], list]]:
    checks = {
        "check_date_source_given": lambda: _same_nullness(
            _col(table, "published_date"), _col(table, "published_date_source")
        )
    }
    if "story_id" not in table.column_names:
        return checks
    ids, stories, canonical = _col(table, "article_id"), _col(table, "story_id"), _col(table, "is_canonical")
    per_story = Counter(s for s, c in zip(stories, canonical, strict=True) if c)
    canonical_ids = {a for a, c in zip(ids, canonical, strict=True) if c}
    known = set(ids)
    checks["check_canonical_per_story"] = lambda: [per_story.get(s, 0) for s in stories]
    checks["check_duplicate_of_known"] = lambda: [
        None if d is None else (d in known and d != a) for a, d in zip(ids, _col(table, "duplicate_of"), strict=True)
    ]
    checks["check_story_is_canonical_id"] = lambda: [
        (s == a) if c else (s in canonical_ids) for a, s, c in zip(ids, stories, canonical, strict=True)
    ]
    return checks


def _link_checks(table: pa.Table, tables: Mapping[str, pa.Table]) -> dict[str, Callable[[], list]]:
    a, b = _col(table, "article_id"), _col(table, "other_article_id")
    articles = _articles(tables)
    ids = None if articles is None else set(_col(articles, "article_id"))
    return {
        "check_not_self_link": lambda: [x != y for x, y in zip(a, b, strict=True)],
        "check_articles_known": lambda: [
            None if ids is None else (x in ids and y in ids) for x, y in zip(a, b, strict=True)
        ],
    }


def _entity_checks(table: pa.Table, tables: Mapping[str, pa.Table]) -> dict[str, Callable[[], list]]:
    articles = _articles(tables)
    return {
        "check_span_length": lambda: _span_length(table, "text"),
        "check_article_known": lambda: _known(
            _col(table, "article_id"), None if articles is None else set(_col(articles, "article_id"))
        ),
    }


def _event_checks(table: pa.Table, tables: Mapping[str, pa.Table]) -> dict[str, Callable[[], list]]:
    articles = _articles(tables)
    published = {} if articles is None else dict(
        zip(_col(articles, "article_id"), _col(articles, "published_date"), strict=True)
    )  # fmt: skip

    def places():
        return zip(_col(table, "location"), _col(table, "country"), _col(table, "latitude"), strict=True)

    return {
        "check_span_length": lambda: _span_length(table, "sentence"),
        "check_coordinates_paired": lambda: _same_nullness(_col(table, "latitude"), _col(table, "longitude")),
        "check_date_precision_given": lambda: _same_nullness(_col(table, "event_date"), _col(table, "date_precision")),
        "check_geo_precision_given": lambda: [
            any(v is not None for v in place) == (p is not None)
            for place, p in zip(places(), _col(table, "geo_precision"), strict=True)
        ],
        "check_article_known": lambda: _known(_col(table, "article_id"), None if articles is None else set(published)),
        "check_span_in_text": lambda: _span_in_text(table, "sentence", tables),
        "check_date_not_after_published": lambda: [
            None if d is None or published.get(a) is None else d <= published[a]
            for a, d in zip(_col(table, "article_id"), _col(table, "event_date"), strict=True)
        ],
        "check_incident_known": lambda: _known(_col(table, "incident_id"), _ids(tables, "incidents", "incident_id")),
        "check_asserted_has_incident": lambda: [
            None if "incidents" not in tables or not asserted or aggregate else incident is not None
            for asserted, aggregate, incident in zip(
                _col(table, "is_asserted"), _col(table, "is_aggregate"), _col(table, "incident_id"), strict=True
            )
        ],
    }


def _claim_checks(table: pa.Table, tables: Mapping[str, pa.Table]) -> dict[str, Callable[[], list]]:
    articles = _articles(tables)
    return {
        "check_span_length": lambda: _span_length(table, "content"),
        "check_resolved_has_speaker": lambda: [
            bool(s and s.strip()) if r else None
            for s, r in zip(_col(table, "speaker"), _col(table, "speaker_resolved"), strict=True)
        ],
        "check_article_known": lambda: _known(
            _col(table, "article_id"), None if articles is None else set(_col(articles, "article_id"))
        ),
        "check_span_in_text": lambda: _span_in_text(table, "content", tables),
        "check_event_known": lambda: _known(_col(table, "event_id"), _ids(tables, "events", "event_id")),
    }


def _incident_checks(table: pa.Table, tables: Mapping[str, pa.Table]) -> dict[str, Callable[[], list]]:
    events = tables.get("events")
    mentions = None if events is None else Counter(_col(events, "incident_id"))
    return {
        "check_contested_has_speakers": lambda: [
            (bool(by) and list(by) == sorted(by)) if c else not by
            for c, by in zip(_col(table, "contested"), _col(table, "contested_by"), strict=True)
        ],
        "check_mentions_counted": lambda: [
            None if mentions is None else mentions.get(i, 0) == n
            for i, n in zip(_col(table, "incident_id"), _col(table, "n_mentions"), strict=True)
        ],
    }


# Each builder returns its check columns as functions: a gate computes only the checks it keeps.
_BUILDERS = {
    "clean_articles": _article_checks,
    "articles": _article_checks,
    "article_links": _link_checks,
    "entities": _entity_checks,
    "events": _event_checks,
    "claims": _claim_checks,
    "incidents": _incident_checks,
}


def prepare_frame(
    name: str,
    table: pa.Table,
    tables: Mapping[str, pa.Table] | None = None,
    only: Collection[str] | None = None,
) -> pd.DataFrame:
    """The pandas frame GX validates: the table's columns plus its computed `check_*` columns.

    With `only`, just those columns (table or check columns) are kept."""
    if only is not None:
        table_columns = [c for c in dict.fromkeys(only) if c in table.column_names]
        frame = table.select(table_columns).to_pandas()
    else:
        frame = table.to_pandas()
    for column, dtype in frame.dtypes.items():
        if dtype.kind in "iu" and dtype != "int64":  # GX checks ranges of other integers value by value in Python
            frame[column] = frame[column].astype("int64")
    builder = _BUILDERS.get(name)
    if builder is None:
        return frame
    for column, values in builder(table, tables or {}).items():  # each check computed only when kept
        if only is not None and column not in only:
            continue
        frame[column] = pd.Series(values(), dtype="int64" if column == "check_canonical_per_story" else object)
    return frame

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
import pyarrow.compute as pc

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

# A check column: a list, or Arrow booleans (computed in Arrow, for the large tables).
Checked = list | pa.Array | pa.ChunkedArray

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


def _arr(table: pa.Table, name: str) -> pa.ChunkedArray | pa.Array:
    """A column as Arrow data (all nulls if the table has no such column): for checks computed in Arrow."""
    return table.column(name) if name in table.column_names else pa.nulls(table.num_rows)


def _unknown(n: int) -> pa.Array:
    return pa.nulls(n, pa.bool_())


def _flat(values: pa.ChunkedArray | pa.Array) -> pa.Array:
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def _as_ids(values: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """Ids as strings, so that a missing id column (all nulls, of Arrow's null type) compares too."""
    return values.cast(pa.string())


def _ids(tables: Mapping[str, pa.Table], name: str, column: str) -> pa.Array | None:
    table = tables.get(name)
    return None if table is None else _as_ids(pc.unique(_arr(table, column)))


def _article_ids(articles: pa.Table | None) -> pa.Array | None:
    return None if articles is None else _as_ids(_flat(_arr(articles, "article_id")))


def _articles(tables: Mapping[str, pa.Table]) -> pa.Table | None:
    """The article texts of this stage: released articles, else cleaned ones."""
    return tables.get("articles", tables.get("clean_articles"))


def _known(values: pa.ChunkedArray | pa.Array, ids: pa.Array | None) -> pa.ChunkedArray | pa.Array:
    """Whether each value is one of ids; null where the value is null or there are no ids to look in."""
    if ids is None or values.null_count == len(values):
        return _unknown(len(values))
    known = pc.is_in(_as_ids(values), value_set=ids)
    return pc.if_else(pc.is_valid(values), known, pa.scalar(None, pa.bool_()))


def _span_length(table: pa.Table, span_column: str) -> pa.ChunkedArray | pa.Array:
    """len(span) == char_end - char_start (in code points, as Python counts); null if any of them is null."""
    if span_column not in table.column_names:
        return _unknown(table.num_rows)
    width = pc.subtract(_arr(table, "char_end").cast(pa.int64()), _arr(table, "char_start").cast(pa.int64()))
    return pc.equal(pc.utf8_length(table.column(span_column)).cast(pa.int64()), width)


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


def _same_nullness(a: pa.ChunkedArray | pa.Array, b: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    return pc.equal(pc.is_null(a), pc.is_null(b))


def _article_checks(table: pa.Table, tables: Mapping[str, pa.Table]) -> dict[str, Callable[[], Checked]]:
    checks = {
        "check_date_source_given": lambda: _same_nullness(
            _arr(table, "published_date"), _arr(table, "published_date_source")
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


def _link_checks(table: pa.Table, tables: Mapping[str, pa.Table]) -> dict[str, Callable[[], Checked]]:
    articles = _articles(tables)

    def both_known():
        if articles is None:
            return _unknown(table.num_rows)
        ids = _article_ids(articles)
        return pc.and_(
            pc.is_in(_as_ids(_arr(table, "article_id")), ids), pc.is_in(_as_ids(_arr(table, "other_article_id")), ids)
        )

    return {
        "check_not_self_link": lambda: [
            x != y for x, y in zip(_col(table, "article_id"), _col(table, "other_article_id"), strict=True)
        ],
        "check_articles_known": both_known,
    }


def _entity_checks(table: pa.Table, tables: Mapping[str, pa.Table]) -> dict[str, Callable[[], Checked]]:
    articles = _articles(tables)
    return {
        "check_span_length": lambda: _span_length(table, "text"),
        "check_article_known": lambda: _known(_arr(table, "article_id"), _article_ids(articles)),
    }


def _event_checks(table: pa.Table, tables: Mapping[str, pa.Table]) -> dict[str, Callable[[], Checked]]:
    articles = _articles(tables)

    def place_given():
        given = [pc.is_valid(_arr(table, c)) for c in ("location", "country", "latitude")]
        return pc.equal(pc.or_(pc.or_(given[0], given[1]), given[2]), pc.is_valid(_arr(table, "geo_precision")))

    def not_after_published():
        if articles is None:
            return _unknown(table.num_rows)
        at = pc.index_in(_as_ids(_arr(table, "article_id")), value_set=_article_ids(articles), skip_nulls=True)
        published = pc.take(_arr(articles, "published_date"), at)  # null where the article is unknown
        return pc.less_equal(_arr(table, "event_date"), published)

    def asserted_has_incident():
        if "incidents" not in tables:
            return _unknown(table.num_rows)
        asserted = pc.fill_null(_arr(table, "is_asserted").cast(pa.bool_()), False)
        aggregate = pc.fill_null(_arr(table, "is_aggregate").cast(pa.bool_()), False)
        applies = pc.and_(asserted, pc.invert(aggregate))
        return pc.if_else(applies, pc.is_valid(_arr(table, "incident_id")), pa.scalar(None, pa.bool_()))

    return {
        "check_span_length": lambda: _span_length(table, "sentence"),
        "check_coordinates_paired": lambda: _same_nullness(_arr(table, "latitude"), _arr(table, "longitude")),
        "check_date_precision_given": lambda: _same_nullness(_arr(table, "event_date"), _arr(table, "date_precision")),
        "check_geo_precision_given": place_given,
        "check_article_known": lambda: _known(_arr(table, "article_id"), _article_ids(articles)),
        "check_span_in_text": lambda: _span_in_text(table, "sentence", tables),
        "check_date_not_after_published": not_after_published,
        "check_incident_known": lambda: _known(_arr(table, "incident_id"), _ids(tables, "incidents", "incident_id")),
        "check_asserted_has_incident": asserted_has_incident,
    }


def _claim_checks(table: pa.Table, tables: Mapping[str, pa.Table]) -> dict[str, Callable[[], Checked]]:
    articles = _articles(tables)
    return {
        "check_span_length": lambda: _span_length(table, "content"),
        "check_resolved_has_speaker": lambda: [
            bool(s and s.strip()) if r else None
            for s, r in zip(_col(table, "speaker"), _col(table, "speaker_resolved"), strict=True)
        ],
        "check_article_known": lambda: _known(_arr(table, "article_id"), _article_ids(articles)),
        "check_span_in_text": lambda: _span_in_text(table, "content", tables),
        "check_event_known": lambda: _known(_arr(table, "event_id"), _ids(tables, "events", "event_id")),
    }


def _incident_checks(table: pa.Table, tables: Mapping[str, pa.Table]) -> dict[str, Callable[[], Checked]]:
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
        computed = values()
        if not isinstance(computed, list):  # computed in Arrow: True/False/None as Python objects, like a list
            computed = computed.to_pylist()
        frame[column] = pd.Series(computed, dtype="int64" if column == "check_canonical_per_story" else object)
    return frame

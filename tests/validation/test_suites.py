"""Each suite passes a good frame and fails a deliberately bad one on the expected check."""

from __future__ import annotations

import pytest
from validation_rows import (
    TEXT_B,
    article_row,
    claim_row,
    clean_row,
    entity_row,
    event_row,
    incident_row,
    link_row,
    quarantine_rows,
    raw_row,
    table,
)

from conflictnews.ids import article_id
from conflictnews.validation import gate, suites
from conflictnews.validation.checks import CROSS_TABLE_CHECKS

A, B = article_id("seeds", "a"), article_id("seeds", "b")


def hard_failures(result: dict) -> set[str]:
    return {e["check"] for e in result["expectations"] if e["severity"] == "error" and not e["success"]}


def warnings(result: dict) -> set[str]:
    return {e["check"] for e in result["expectations"] if e["severity"] == "warning" and not e["success"]}


CASES = {
    # table: (good rows, bad rows, checks the bad rows must fail)
    "raw_articles": (
        [raw_row("a"), raw_row("b")],
        [raw_row("a"), raw_row("a", raw_sha256="not-a-hash")],
        {"article_id_unique", "source_record_unique", "raw_sha256_is_sha256"},
    ),
    "quarantine": (
        quarantine_rows(n=2),
        quarantine_rows(stage="publish") + quarantine_rows(reason="Too Short!", source="other"),
        {"stage_in_vocabulary", "reason_is_code"},
    ),
    "clean_articles": (
        [clean_row("a"), clean_row("b", TEXT_B, published_date=None, published_date_source=None)],
        [clean_row("a", published_date=None), clean_row("b", "")],
        {"check_date_source_given", "text_not_empty"},
    ),
    "articles": (
        [article_row("a"), article_row("b", TEXT_B, story=A, canonical=False, duplicate_of=A)],
        [article_row("a"), article_row("b", TEXT_B, story=A, canonical=True, duplicate_of=B)],
        {"check_canonical_per_story", "check_duplicate_of_known"},
    ),
    "article_links": (
        [link_row(A, B), link_row(B, A, relation="contains", score=1.0)],
        [link_row(A, B, relation="copy"), link_row(A, A, score=1.5), link_row(A, B)],
        {"relation_in_vocabulary", "score_range", "check_not_self_link", "pair_unique"},
    ),
    "entities": (
        [entity_row()],
        [entity_row(text="Mon"), entity_row(entity_id="x", char_start=5, char_end=5)],
        {"check_span_length", "char_start_before_char_end"},
    ),
    "events": (
        [
            event_row(),
            event_row(
                "b",
                event_id="e2",
                location=None,
                country=None,
                latitude=None,
                longitude=None,
                geo_precision=None,
                location_source=None,
                event_date=None,
                date_precision=None,
                fatalities_best=None,
                fatalities_low=None,
                fatalities_high=None,
            ),
        ],
        [
            event_row(fatalities_low=20, latitude=91.0, event_type="picnic", date_precision="decade"),
            event_row(event_id="e2", fatalities_high=3, longitude=None),
        ],
        {
            "fatalities_low_le_best",
            "fatalities_best_le_high",
            "latitude_range",
            "event_type_in_vocabulary",
            "date_precision_in_vocabulary",
            "check_coordinates_paired",
        },
    ),  # fmt: skip
    "claims": (
        [claim_row(), claim_row(claim_id="c2", speaker=None, speaker_resolved=False, speaker_type="unknown")],
        [claim_row(stance="maybe", speaker_type="astrologer"), claim_row(claim_id="c2", speaker=None)],
        {"stance_in_vocabulary", "speaker_type_in_vocabulary", "check_resolved_has_speaker"},
    ),
    "incidents": (
        [
            incident_row("i1"),
            incident_row(
                "i2",
                contested=True,
                contested_by=["army", "monitor"],
                n_mentions=3,
                n_articles=2,
                n_sources=2,
                n_independent_sources=1,
            ),
        ],
        [
            incident_row("i1", contested=True, contested_by=None),
            incident_row("i2", n_independent_sources=4, first_date=None, n_articles=0),
        ],
        {"check_contested_has_speakers", "n_independent_le_n_articles", "n_articles_positive"},
    ),  # fmt: skip
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_good_frame_passes(name):
    good, _, _ = CASES[name]
    result = gate.validate_table(name, table(name, good))
    assert result["success"], [e for e in result["expectations"] if not e["success"]]
    assert result["rows"] == len(good)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_frame_fails_on_the_broken_rule(name):
    _, bad, expected = CASES[name]
    result = gate.validate_table(name, table(name, bad))
    assert not result["success"]
    assert expected <= hard_failures(result), hard_failures(result)


@pytest.mark.parametrize("name", sorted(suites.SUITES))
def test_check_names_are_unique_and_documented(name):
    suite = suites.suite_for(name)
    checks = [e.meta["check"] for e in suite.expectations]
    assert len(checks) == len(set(checks))
    for expectation in suite.expectations:
        assert expectation.meta["severity"] in ("error", "warning")
        assert expectation.meta["why"]


def test_empty_tables_pass():
    for name in ("articles", "events"):
        assert gate.validate_table(name, table(name, []))["success"], name


def test_soft_expectation_only_warns():
    rows = [clean_row(str(i), published_date=None, published_date_source=None) for i in range(3)] + [clean_row("z")]
    result = gate.validate_table("clean_articles", table("clean_articles", rows))
    assert result["success"]
    assert "published_date_mostly_known" in warnings(result)
    assert result["n_warnings"] >= 1


def test_event_type_vocabulary_comes_from_the_csv():
    vocabulary = suites.event_types()
    assert vocabulary is None or "air_strike" in vocabulary


def test_cross_table_checks_use_the_other_tables():
    articles = table("articles", [article_row("a"), article_row("b", TEXT_B)])
    claim = claim_row(char_start=0, char_end=len(claim_row()["content"]))  # right length, wrong place
    events = table("events", [event_row(incident_id="missing", event_date=__import__("datetime").date(2018, 1, 1))])
    tables = {"articles": articles, "claims": table("claims", [claim]), "events": events,
              "incidents": table("incidents", [incident_row("i1", n_mentions=2)])}  # fmt: skip
    result = gate.validate_stage("release", tables)["tables"]
    assert "check_span_in_text" in hard_failures(result["claims"])
    assert {"check_incident_known", "check_date_not_after_published"} <= hard_failures(result["events"])
    assert "check_mentions_counted" in hard_failures(result["incidents"])
    assert "check_asserted_has_incident" not in hard_failures(result["events"])  # the row has an incident_id
    # Without the other tables the same rows are not checked against them.
    alone = gate.validate_table("events", events, {"events": events})
    assert not {"check_incident_known", "check_date_not_after_published"} & hard_failures(alone)


def test_release_gate_runs_only_the_cross_table_checks():
    articles = table("articles", [article_row("a")])
    bad_type = event_row(event_type="not_a_type", incident_id="missing")
    tables = {"articles": articles, "events": table("events", [bad_type]), "incidents": table("incidents", [])}
    release = gate.validate_stage("release", tables)["tables"]
    assert set(release) == {"events", "incidents"}  # articles have no check that reads another table
    assert hard_failures(release["events"]) == {"check_incident_known"}
    assert {e["check"] for e in release["events"]["expectations"]} <= CROSS_TABLE_CHECKS
    # The stage gates run the full suite: the same row fails on its event type there.
    assert "event_type_in_vocabulary" in hard_failures(gate.validate_table("events", tables["events"], tables))


def test_check_columns_computed_in_arrow_are_true_false_or_null_per_row():
    """The large tables' checks are computed in Arrow: nulls mean "not checked", as in the Python checks."""
    import datetime as dt

    from conflictnews.validation.checks import prepare_frame

    articles = table("articles", [article_row("a", published_date=dt.date(2017, 9, 26)), article_row("b", TEXT_B)])
    good = event_row(incident_id="i1")
    rows = [
        good,
        event_row(event_id="e-late", event_date=dt.date(2017, 9, 27), char_end=good["char_end"] - 1),
        event_row(event_id="e-lost", article_id="unknown", event_date=None, date_precision="day", incident_id="gone"),
        event_row(event_id="e-noplace", latitude=None, longitude=None, location=None, country=None),
        event_row(event_id="e-unasserted", is_asserted=False, geo_precision=None),
    ]
    events = table("events", rows)
    tables = {"articles": articles, "events": events, "incidents": table("incidents", [incident_row("i1")])}
    frame = prepare_frame("events", events, tables)
    column = {c: frame[c].tolist() for c in frame.columns if c.startswith("check_")}
    assert column["check_span_length"] == [True, False, True, True, True]
    assert column["check_article_known"] == [True, True, False, True, True]
    assert column["check_date_not_after_published"] == [True, False, None, True, True]
    assert column["check_date_precision_given"] == [True, True, False, True, True]
    assert column["check_coordinates_paired"] == [True] * 5
    assert column["check_geo_precision_given"] == [True, True, True, False, False]
    assert column["check_incident_known"] == [True, None, False, None, None]
    assert column["check_asserted_has_incident"] == [True, False, True, False, None]
    assert all(type(v) in (bool, type(None)) for values in column.values() for v in values)
    # Without the other tables: not checked.
    alone = prepare_frame("events", events, {"events": events})
    for check in ("check_article_known", "check_date_not_after_published", "check_incident_known"):
        assert alone[check].tolist() == [None] * 5
    links = table("article_links", [link_row(A, B), link_row(A, "unknown")])
    known = prepare_frame("article_links", links, {"articles": articles, "article_links": links})
    assert known["check_articles_known"].tolist() == [True, False]


@pytest.mark.parametrize("name", ["articles", "article_links", "entities", "events", "claims", "incidents"])
def test_check_columns_survive_a_missing_column(name):
    """A table without one of its columns (or beside an articles table without one) still gets its check
    columns, so the gate can report the missing column instead of crashing on the checks."""
    from conflictnews.validation.checks import prepare_frame

    good = table(name, CASES[name][0])
    articles = table("articles", CASES["articles"][0])
    others = {"articles": articles, **{t: table(t, CASES[t][0]) for t in ("events", "incidents")}}
    variants = [(good.drop_columns([c]), others) for c in good.column_names]
    variants += [(good, {**others, "articles": articles.drop_columns([c])}) for c in articles.column_names]
    for checked, tables in variants:
        frame = prepare_frame(name, checked, {**tables, name: checked})
        checks = [c for c in frame.columns if c.startswith("check_")]
        assert checks
        assert all(type(v) in (bool, int, type(None)) for c in checks for v in frame[c].tolist())

import json
from datetime import date

import pytest

from conflictnews.clean import clean_articles, clean_text
from conflictnews.clean.metadata import (
    dateline_date,
    parse_field_date,
    sanity,
    split_title_line,
    strip_byline,
    strip_date_header,
)

from .helpers import CFG, make_raw

BODY = "Air strikes hit a market in the rebel-held town on Sunday, killing at least ten people, rescuers said."


@pytest.mark.parametrize(
    ("text", "expected", "rest"),
    [
        (" date 2017-09-28 The ministry said.", date(2017, 9, 28), "The ministry said."),
        ("Sunday 12 March 2017\nThe ministry said.", date(2017, 3, 12), "The ministry said."),
        ("2017-03-12 14:00\n\nThe ministry said.", date(2017, 3, 12), "The ministry said."),
        ("March 12, 2017 The ministry said.", date(2017, 3, 12), "The ministry said."),
        ("Published February 23 2015 A bomber struck.", date(2015, 2, 23), "A bomber struck."),
        ("Fri 07 Apr 2017 at 0914 Homs governor says.", date(2017, 4, 7), "Homs governor says."),
        ("12 killed in strikes on the town.", None, "12 killed in strikes on the town."),
        ("March 45, 2017 bad date.", None, "March 45, 2017 bad date."),
    ],
)
def test_date_header(text, expected, rest):
    from conflictnews.clean.normalize import normalize_text

    found, remaining = strip_date_header(normalize_text(text))
    assert found == expected
    assert remaining.strip() == rest


def test_dates_after_max_date_are_null_without_the_clock():
    assert sanity(date(2999, 1, 1), max_date=date(2020, 1, 1)) is None
    assert sanity(date(2019, 1, 1), max_date=date(2020, 1, 1)) == date(2019, 1, 1)
    assert sanity(date(1900, 1, 1)) is None  # earliest_year
    raw = make_raw(" date 2030-01-02 " + BODY, published=None)
    assert clean_articles(raw, {**CFG, "max_date": "2026-11-23"})[0]["published_date"].to_pylist() == [None]
    assert clean_articles(raw, CFG)[0]["published_date"].to_pylist() == [date(2030, 1, 2)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4/7/17", date(2017, 4, 7)),
        ("2016-11-18", date(2016, 11, 18)),
        ("12 March 2017", date(2017, 3, 12)),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_field_dates(value, expected):
    assert parse_field_date(value) == expected


def test_byline_variants():
    byline, rest = strip_byline("amman (reuters) - russian jets struck.")
    assert (byline.dateline, byline.outlet, rest) == ("Amman", "Reuters", "russian jets struck.")
    byline, rest = strip_byline("BEIRUT, Sept 27 (Reuters) - Jets struck.")
    assert (byline.dateline, byline.outlet, byline.date_text) == ("Beirut", "Reuters", "Sept 27")
    assert dateline_date(byline.date_text) is None  # no year: unknown
    assert dateline_date("Sept 27, 2017") == date(2017, 9, 27)
    byline, rest = strip_byline("The ministry (in Moscow) - said things.")
    assert byline.dateline is None and rest.startswith("The ministry")


def test_title_line():
    title, rest = split_title_line("Strikes kill ten in market\n\n" + BODY)
    assert title == "Strikes kill ten in market" and rest == BODY
    assert split_title_line(BODY + "\n\n" + BODY)[0] is None


def test_clean_articles_metadata_sources():
    lowered = "amman, sept 27, 2017 ( reuters ) - " + (BODY + " " + BODY).lower().replace(",", " ,").replace(".", " .")
    raw = make_raw(lowered, " date 2017-09-28 " + BODY, "Title line here\n\n" + BODY)
    clean, quarantine = clean_articles(raw, CFG)
    assert quarantine.num_rows == 0
    rows = {r["source_id"]: r for r in clean.to_pylist()}
    first = rows["doc0"]
    assert (first["dateline"], first["outlet"], first["outlet_source"]) == ("Amman", "Reuters", "byline")
    assert (first["published_date"], first["published_date_source"]) == (date(2017, 9, 27), "dateline")
    assert first["was_lowercased"] is True
    assert first["text"] == BODY + " " + BODY
    assert (rows["doc1"]["published_date"], rows["doc1"]["published_date_source"]) == (date(2017, 9, 28), "header")
    assert rows["doc1"]["text"] == BODY
    assert rows["doc2"]["title"] == "Title line here" and rows["doc2"]["text"] == BODY
    assert rows["doc2"]["published_date"] is None and rows["doc2"]["published_date_source"] is None


def test_mapped_fields_win():
    raw = make_raw("BEIRUT (AFP) - " + BODY, title="Given title", outlet="Daily", published="3/5/16", language="en")
    clean, _ = clean_articles(raw, CFG)
    row = clean.to_pylist()[0]
    assert (row["outlet"], row["outlet_source"], row["dateline"]) == ("Daily", "field", "Beirut")
    assert (row["published_date"], row["published_date_source"]) == (date(2016, 3, 5), "field")
    assert row["title"] == "Given title"


def test_mapped_title_repeated_in_text_is_removed():
    draft = clean_text("Given title " + BODY, title="Given title")
    assert draft.paragraphs == [BODY]


def test_quarantine_short_long_and_not_english():
    german = (
        "Die Regierung hat am Montag mitgeteilt, dass bei den Angriffen auf die Stadt mindestens zehn "
        "Menschen getötet wurden. Die Helfer sagten, die Lage sei sehr schwierig."
    )
    raw = make_raw("Too short.", german, BODY * 3)
    clean, quarantine = clean_articles(raw, {**CFG, "max_chars": 250})
    reasons = dict(zip(quarantine["source_id"].to_pylist(), quarantine["reason"].to_pylist(), strict=True))
    assert reasons == {"doc0": "too_short", "doc1": "not_english", "doc2": "too_long"}
    assert set(quarantine["stage"].to_pylist()) == {"clean"}
    assert clean.num_rows == 0


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("Strikes hit the north 6 October 2016 " + BODY, "Strikes hit the north", date(2016, 10, 6)),
        ("Tuesday 4 Apr 2017 Strikes hit the north " + BODY, "Strikes hit the north", date(2017, 4, 4)),
        ("Strikes hit the north AFP Monday 17 Mar 2014 " + BODY, "Strikes hit the north", date(2014, 3, 17)),
        ("Date of publication 7 July 2016 " + BODY, None, date(2016, 7, 7)),
        ("Last updated at Apr 092017 " + BODY, None, date(2017, 4, 9)),
        ("24.08.2013 " + BODY, None, date(2013, 8, 24)),
        # a date inside the first sentence is an event date, not a publication date
        ("Rebels said on August 21 2013 that " + BODY, None, None),
    ],
)
def test_publication_date_at_the_top_in_outlet_styles(text, title, expected):
    draft = clean_text(text, title=title)
    assert draft.header_date == expected
    if expected is not None:
        assert draft.paragraphs == [BODY]


def test_author_line_and_outlet_self_mentions():
    draft = clean_text(
        "Posted on July 2 2016 by Asharq Al-Awsat English Strikes hit the north " + BODY, title="Strikes hit the north"
    )
    assert (draft.header_date, draft.byline_outlet, draft.outlet_source) == (
        date(2016, 7, 2),
        "Asharq Al-Awsat",
        "author",
    )
    assert draft.paragraphs == [BODY]
    draft = clean_text(BODY, title="Strikes hit the north | Jordan Times")
    assert (draft.byline_outlet, draft.outlet_source) == ("Jordan Times", "title")
    draft = clean_text(BODY, title="Strikes hit the north")
    assert (draft.byline_outlet, draft.outlet_source) == (None, None)


def test_byline_inside_the_lead_is_removed():
    lead = "Ten people were killed in a blast, TV reported."
    draft = clean_text(f"{lead} MOSCOW, October 1 (RIA Novosti) - {BODY}")
    assert (draft.dateline, draft.byline_outlet, draft.byline_date) == ("Moscow", "RIA Novosti", "October 1")
    assert draft.paragraphs == [lead, BODY]
    draft = clean_text(f"Aleppo SANA- {BODY}")
    assert (draft.dateline, draft.byline_outlet, draft.paragraphs) == ("Aleppo", "SANA", [BODY])
    # an agency mentioned in a sentence is not a byline
    draft = clean_text(f"{BODY} The report (AFP) - said more.")
    assert draft.dateline is None


def test_agency_credit_in_brackets():
    draft = clean_text(f"{BODY} (TRT World and Agencies) {BODY2}")
    assert (draft.byline_outlet, draft.outlet_source) == ("TRT World", "credit")


BODY2 = "The United Nations said aid convoys had been unable to reach the area for weeks."


def test_date_line_after_the_lead_has_text_provenance():
    raw = make_raw(f"{BODY}\nPublished: 3 March 2016\n{BODY2}")
    row = clean_articles(raw, CFG)[0].to_pylist()[0]
    assert (row["published_date"], row["published_date_source"]) == (date(2016, 3, 3), "text")
    assert row["text"] == f"{BODY}\n\n{BODY2}"
    assert json.loads(row["boilerplate_removed"]) == {"date_line": 1}


def test_credit_run_into_the_first_sentence():
    draft = clean_text(f"Tuesday 4 Apr 2017 Reuters {BODY}")
    assert (draft.byline_outlet, draft.outlet_source, draft.removed) == ("Reuters", "credit", {"credit": 1})
    assert draft.paragraphs == [BODY]
    for sentence in ("Reuters reported that ten people were killed.", "AFP News Agency said ten people died."):
        draft = clean_text(f"Tuesday 4 Apr 2017 {sentence}")
        assert draft.paragraphs == [sentence] and draft.removed == {}


def test_run_on_datelines_in_capitals():
    draft = clean_text(f"Last updated at Jul 282016 QAMISHLI Syria {BODY}")
    assert (draft.dateline, draft.paragraphs) == ("Qamishli", [BODY])
    draft = clean_text(f"Ten died, TV said. MOSCOW (Sputnik) {BODY}")
    assert (draft.dateline, draft.byline_outlet, draft.paragraphs) == (
        "Moscow",
        "Sputnik",
        ["Ten died, TV said.", BODY],
    )
    draft = clean_text(f"UN Syria envoy Staffan de Mistura said on Monday that {BODY}")
    assert draft.dateline is None

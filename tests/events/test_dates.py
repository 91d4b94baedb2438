from datetime import date

import pytest

from conflictnews.events.dates import resolve

PUB = date(2017, 9, 28)  # a Thursday


@pytest.mark.parametrize(
    "text, value, precision",
    [
        ("Tuesday", date(2017, 9, 26), "day"),
        ("on Thursday", date(2017, 9, 28), "day"),
        ("last Friday", date(2017, 9, 22), "day"),
        ("yesterday", date(2017, 9, 27), "day"),
        ("two days ago", date(2017, 9, 26), "day"),
        ("last week", date(2017, 9, 18), "week"),
        ("earlier this week", date(2017, 9, 25), "week"),
        ("last month", date(2017, 8, 1), "month"),
        ("May 6", date(2017, 5, 6), "day"),
        ("6 May", date(2017, 5, 6), "day"),
        ("December 3", date(2016, 12, 3), "day"),
        ("September 25, 2017", date(2017, 9, 25), "day"),
        ("in March", date(2017, 3, 1), "month"),
        ("November", date(2016, 11, 1), "month"),
        ("March 2015", date(2015, 3, 1), "month"),
        ("2016", date(2016, 1, 1), "year"),
    ],
)
def test_resolve(text, value, precision):
    resolved = resolve(text, PUB)
    assert resolved is not None and (resolved.value, resolved.precision) == (value, precision)


@pytest.mark.parametrize("text", ["six months", "over a week", "15 months", "eight years", "the coming weeks", "2019"])
def test_durations_and_future_do_not_resolve(text):
    assert resolve(text, PUB) is None


def test_without_publication_date_only_absolute_dates():
    assert resolve("Tuesday", None) is None
    assert resolve("May 6", None) is None
    assert resolve("September 25, 2017", None).value == date(2017, 9, 25)


def test_event_date_in_sentence_not_the_reporting_date(extract):
    rows = extract("Air strikes hit Aleppo on Tuesday, killing ten people, activists said on Thursday.")
    assert rows[0]["event_date"] == date(2017, 9, 26)
    rows = extract("Air strikes killed ten people in Aleppo, activists said on Thursday.")
    assert rows[0]["event_date"] is None and rows[0]["date_precision"] is None


def test_weekday_inside_an_absolute_date():
    assert resolve("Saturday 2 Aug 2014", date(2014, 8, 2)).value == date(2014, 8, 2)


def test_relative_dates_never_after_publication(extract):
    for text in [
        "Air strikes hit Aleppo on Friday.",
        "Air strikes hit Aleppo last week.",
        "Air strikes hit Aleppo in October.",
    ]:
        row = extract(text)[0]
        assert row["event_date"] is not None and row["event_date"] <= date(2017, 9, 28)

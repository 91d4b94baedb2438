from conflictnews.claims.linking import EventSpan, link_event

TEXT = (
    "Jets struck a market in Maarrat on Monday, killing 12 people. "
    "Rescue workers said the toll of 12 could rise. "
    "The strike destroyed the bakery, residents said. "
    "Separately, officials said schools would reopen next week."
)


def test_link_prefers_event_whose_sentence_contains_the_content():
    events = [EventSpan("b", 0, 50, ()), EventSpan("a", 60, 120, ())]
    assert link_event(events, (62, 90), (60, 130), [], "") == "a"


def test_ties_go_to_smallest_event_id():
    events = [EventSpan("a", 0, 50, ()), EventSpan("b", 0, 50, ())]
    assert link_event(events, (10, 20), (0, 50), [], "") == "a"


def test_neighbour_sentence_needs_a_shared_place_number_or_actor():
    event = EventSpan("e1", 0, 50, ("12", "maarrat"))
    assert link_event([event], (60, 80), (55, 90), [(0, 50)], "the toll of 12 could rise") == "e1"
    assert link_event([event], (60, 80), (55, 90), [(0, 50)], "schools would reopen") is None


def test_claims_link_to_events_end_to_end(claims_of, make_event):
    first = "Jets struck a market in Maarrat on Monday, killing 12 people."
    second = "The strike destroyed the bakery, residents said."
    events = [
        make_event("a1", "ev-market", TEXT, first, location="Maarrat", fatalities_best=12),
        make_event("a1", "ev-bakery", TEXT, second),
    ]
    claims = {c["speaker"]: c for c in claims_of(TEXT, events)}
    assert claims["residents"]["event_id"] == "ev-bakery"
    assert claims["Rescue workers"]["event_id"] == "ev-market"  # next sentence, shares the number 12
    assert claims["officials"]["event_id"] is None  # next to the bakery event, shares nothing


def test_events_of_other_articles_are_ignored(claims_of, make_event):
    first = "Jets struck a market in Maarrat on Monday, killing 12 people."
    events = [make_event("other", "ev-x", TEXT, first, location="Maarrat")]
    assert all(c["event_id"] is None for c in claims_of(TEXT, events))

from datetime import date

import pyarrow as pa

from conflictnews.claims.contested import mark_contested
from conflictnews.incidents import build_incidents, haversine_km
from conflictnews.schemas import ARTICLE_LINKS, CLAIMS, EVENTS
from conflictnews.tables import to_table

CFG = {"max_distance_km": 25, "max_days": 3}
IDLIB = (35.93, 36.63)
SARAQIB = (35.86, 36.80)  # ~17 km from Idlib
ALEPPO = (36.20, 37.16)  # ~55 km from Idlib


def event(
    eid, aid, etype="air_strike", where=IDLIB, day=date(2017, 9, 26), asserted=True, best=None, low=None, high=None
):
    lat, lon = where if where else (None, None)
    return {
        "event_id": eid, "article_id": aid, "event_type": etype, "trigger": "strikes", "is_asserted": asserted,
        "location": "X" if where else None, "admin1": "Idlib" if where else None, "country": "Syria" if where else None,
        "latitude": lat, "longitude": lon, "geo_precision": "exact" if where else None,
        "event_date": day, "date_precision": "day" if day else None,
        "fatalities_best": best, "fatalities_low": low, "fatalities_high": high,
        "sentence": "s", "char_start": 0, "char_end": 1,
    }  # fmt: skip


def article(aid, outlet, story, published=date(2017, 9, 28)):
    return {"article_id": aid, "outlet": outlet, "source": "src", "story_id": story, "published_date": published}


def run(events, articles, links=(), claims=()):
    ev = to_table(events, EVENTS, sort_by="event_id")
    links_t = to_table(
        [{"article_id": a, "other_article_id": b, "relation": r, "score": 0.9} for a, b, r in links], ARTICLE_LINKS
    )
    claims_t = to_table(
        [
            {
                "claim_id": f"c{i}",
                "article_id": "a1",
                "speaker": s,
                "speaker_resolved": True,
                "speaker_type": "unknown",
                "cue": "said",
                "attribution": "indirect",
                "content": "x",
                "stance": st,
                "event_id": e,
                "char_start": 0,
                "char_end": 1,
            }  # fmt: skip
            for i, (s, st, e) in enumerate(claims)
        ],
        CLAIMS,
    )
    events_out, joined = build_incidents(ev, pa.Table.from_pylist(articles), links_t, CFG)
    incidents = mark_contested(joined, events_out, claims_t)
    marks = ["contested", "contested_by"]
    assert incidents.drop_columns(marks).equals(joined.drop_columns(marks))  # marking changes nothing else
    return {r["event_id"]: r["incident_id"] for r in events_out.to_pylist()}, incidents.to_pylist()


ARTICLES = [article("a1", "Reuters", "s1"), article("a2", "AFP", "s2"), article("a3", "Reuters", "s3")]


def test_haversine():
    assert 15 < haversine_km(*IDLIB, *SARAQIB) < 20
    assert haversine_km(*IDLIB, *ALEPPO) > 25


def test_cluster_by_type_place_and_date():
    events = [
        event("e1", "a1"),
        event("e2", "a2", etype="shelling_missile", where=SARAQIB, day=date(2017, 9, 27)),  # compatible type, 17 km
        event("e3", "a3", where=ALEPPO),  # too far
        event("e4", "a3", day=date(2017, 9, 20)),  # too early
        event("e5", "a3", etype="protest"),  # incompatible type
    ]
    incident_of, incidents = run(events, ARTICLES)
    assert incident_of["e1"] == incident_of["e2"] == "e1"
    assert len({incident_of[e] for e in ["e1", "e3", "e4", "e5"]}) == 4
    first = next(i for i in incidents if i["incident_id"] == "e1")
    assert (first["n_mentions"], first["n_articles"], first["n_sources"]) == (2, 2, 2)
    assert (first["first_date"], first["last_date"]) == (date(2017, 9, 26), date(2017, 9, 27))


def test_events_change_only_by_their_incident_id():
    """The claims gate rechecks events only on incident ids: build_incidents must change nothing else."""
    events = [event("e1", "a1", best=3), event("e2", "a2", where=SARAQIB), event("e3", "a3", where=None, day=None)]
    given = to_table(events, EVENTS, sort_by="event_id")
    out, _ = build_incidents(given, pa.Table.from_pylist(ARTICLES), None, CFG)
    assert out.schema == EVENTS
    assert out.drop_columns(["incident_id"]).equals(given.drop_columns(["incident_id"]))
    assert out["incident_id"].to_pylist() == ["e1", "e1", "e3"]


def test_undated_mention_uses_publication_window():
    events = [event("e1", "a1"), event("e2", "a2", day=None)]
    incident_of, _ = run(events, ARTICLES)
    assert incident_of["e1"] == incident_of["e2"]


def test_unasserted_joins_but_never_founds():
    events = [event("e1", "a1"), event("e2", "a2", asserted=False), event("e9", "a3", where=ALEPPO, asserted=False)]
    incident_of, incidents = run(events, ARTICLES)
    assert incident_of["e2"] == "e1"
    assert incident_of["e9"] is None
    assert [i["incident_id"] for i in incidents] == ["e1"]



def test_copies_of_a_story_join_as_their_mentions_would():
    # a2 and a3 are copies of one story: their mentions are alike in all a join reads
    articles = [article("a1", "AFP", "s1"), article("a2", "SANA", "s2"), article("a3", "SANA", "s2")]
    denials = [event("e2", "a2", asserted=False), event("e3", "a3", asserted=False)]
    incident_of, _ = run(denials, articles)
    assert incident_of == {"e2": None, "e3": None}  # alike but not asserted: still no incident
    incident_of, incidents = run([event("e1", "a1"), *denials], articles)
    assert incident_of == {"e1": "e1", "e2": "e1", "e3": "e1"}
    assert incidents[0]["n_mentions"] == 3 and incidents[0]["n_independent_sources"] == 2
    copies = [event("e2", "a2", where=ALEPPO), event("e3", "a3", where=ALEPPO), event("e4", "a3", where=SARAQIB)]
    incident_of, incidents = run([event("e1", "a1"), *copies], articles)
    assert incident_of == {"e1": "e1", "e2": "e2", "e3": "e2", "e4": "e1"}
    assert sorted(i["n_mentions"] for i in incidents) == [2, 2]
    # without a story, alike mentions with no place or no date never meet: each stays its own
    loose = [article("a4", "AFP", None), article("a5", "AP", None)]
    unplaced = [event("e4", "a4", where=None), event("e5", "a5", where=None)]
    undated = [event("e6", "a4", day=None), event("e7", "a5", day=None)]
    undated_articles = [dict(a, published_date=None) for a in loose]
    assert run(unplaced, loose)[0] == {"e4": "e4", "e5": "e5"}
    assert run(undated, undated_articles)[0] == {"e6": "e6", "e7": "e7"}
    assert run([event("e8", "a4"), event("e9", "a5")], loose)[0] == {"e8": "e8", "e9": "e8"}

def test_independent_sources_links_and_story():
    articles = [
        article("a1", "Reuters", "s1"),
        article("a2", "Daily", "s2"),
        article("a3", "Other", "s1"),
        article("a4", "AFP", "s4"),
    ]
    events = [event(f"e{i}", f"a{i}") for i in range(1, 5)]
    _, incidents = run(events, articles, links=[("a2", "a1", "shares_passage")])
    (inc,) = incidents
    assert inc["n_articles"] == 4 and inc["n_sources"] == 4
    assert inc["n_independent_sources"] == 2  # a1+a2 (link) +a3 (story); a4 alone


def test_fatalities_summary():
    events = [
        event("e1", "a1", best=150, low=150),
        event("e2", "a2", best=152, low=152, high=152),
        event("e3", "a3", best=200, low=None, high=200),
        event("e4", "a3", best=999, low=999, asserted=False),  # denied figure does not count
    ]
    _, (inc,) = run(events, ARTICLES)
    assert (inc["fatalities_low"], inc["fatalities_best"], inc["fatalities_high"]) == (150, 152, 200)


def test_best_stays_within_low_and_high_when_mentions_lack_bounds():
    # Open-ended figures ("at least 40") have no high; the incident's best must not exceed its high.
    events = [
        event("e1", "a1", best=40, low=40),
        event("e2", "a2", best=50, low=50),
        event("e3", "a3", best=10, low=8, high=12),
    ]
    _, (inc,) = run(events, ARTICLES)
    assert inc["fatalities_low"] <= inc["fatalities_best"] <= inc["fatalities_high"]
    assert (inc["fatalities_low"], inc["fatalities_best"], inc["fatalities_high"]) == (8, 40, 50)


def test_contested():
    events = [event("e1", "a1"), event("e2", "a2", asserted=False)]
    _, (inc,) = run(events, ARTICLES, claims=[("Rescue workers", "accuse", "e1"), ("Defence Ministry", "deny", "e2")])
    assert inc["contested"] is True
    assert inc["contested_by"] == ["Defence Ministry", "Rescue workers"]
    _, (inc,) = run(events, ARTICLES, claims=[("Rescue workers", "assert", "e1"), ("Monitor", "assert", "e2")])
    assert inc["contested"] is False and inc["contested_by"] is None


def test_deterministic_ids():
    events = [event("e2", "a2"), event("e1", "a1")]
    first = run(events, ARTICLES)
    second = run(list(reversed(events)), ARTICLES)
    assert first == second
    assert first[0]["e2"] == "e1"


def test_running_totals_join_no_incident():
    total = {**event("e2", "a2", etype="killing_execution", best=300000), "is_aggregate": True}
    ids, incidents = run([event("e1", "a1", best=5), total], ARTICLES)
    assert ids["e2"] is None and ids["e1"] is not None
    assert [i["fatalities_best"] for i in incidents] == [5]

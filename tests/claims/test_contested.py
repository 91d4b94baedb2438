from conflictnews.claims.contested import disagreeing_speakers, toll_range


def claim(speaker, stance, content):
    return {"speaker": speaker, "stance": stance, "content": content}


def test_toll_ranges():
    assert toll_range("Jets killed at least 150 civilians and injured dozens") == (150, float("inf"))
    assert toll_range("up to 20 people died in the raid") == (0, 20)
    assert toll_range("We have pulled 152 bodies and rescued 279 civilians") == (152, 152)
    assert toll_range("12 people were wounded") is None
    assert toll_range("The talks will resume in May") is None


def test_denial_against_toll_and_accusation_only():
    claims = [
        claim("rescue workers", "accuse", "Moscow and Damascus of killing at least 150 civilians"),
        claim("Salem Abu al Azem", "assert", "We have pulled 152 bodies from the rubble"),
        claim("aid workers", "assert", "Thousands of families have fled to rural areas"),
        claim("The Defence Ministry", "deny", "allegations that its jets had killed 150 civilians"),
    ]
    assert disagreeing_speakers(claims) == ["Salem Abu al Azem", "The Defence Ministry", "rescue workers"]


def test_tolls_outside_each_others_range_disagree():
    claims = [
        claim("the monitor", "assert", "at least 80 people were killed in the market"),
        claim("state media", "assert", "12 people died in the market"),
        claim("medics", "assert", "more than 90 people were killed"),
    ]
    assert disagreeing_speakers(claims) == ["medics", "state media", "the monitor"]


def test_agreeing_or_same_speaker_claims_are_not_contested():
    agreeing = [claim("A", "assert", "30 were killed"), claim("B", "assert", "at least 25 died")]
    assert disagreeing_speakers(agreeing) == []
    same = [claim("The ministry", "deny", "the reports"), claim("the ministry", "accuse", "the rebels of lying")]
    assert disagreeing_speakers(same) == []
    assert disagreeing_speakers([claim(None, "deny", "x"), claim("B", "accuse", "y of z")]) == []


def test_incident_contested_by_lists_only_the_disagreeing_speakers():
    import pyarrow as pa

    from conflictnews.claims.contested import mark_contested
    from conflictnews.schemas import CLAIMS, INCIDENTS

    def row(claim_id, event_id, speaker, stance, content):
        return {"claim_id": claim_id, "article_id": "a1", "speaker": speaker, "speaker_resolved": True,
                "speaker_type": "unknown", "cue": "said", "attribution": "indirect", "content": content,
                "stance": stance, "event_id": event_id, "char_start": 0, "char_end": 1}  # fmt: skip

    claims = pa.Table.from_pylist(
        [
            row("c1", "e1", "rescue workers", "assert", "jets killed at least 150 civilians"),
            row("c2", "e1", "aid workers", "assert", "thousands of families fled"),
            row("c3", "e2", "The Defence Ministry", "deny", "the allegations"),
            row("c4", None, "The Defence Ministry", "deny", "everything"),  # about no mention
            row("c5", "e4", "Rescue workers", "accuse", "the air force"),  # a mention of no incident
        ],
        schema=CLAIMS,
    )
    # e1 and e2 make incident e1, e3 incident e3 alone; e4 is no incident's (a running total)
    events = pa.table({"event_id": ["e1", "e2", "e3", "e4"], "incident_id": ["e1", "e1", "e3", None]})
    base = {name: None for name in INCIDENTS.names} | {"event_type": "air_strike", "n_mentions": 1, "n_articles": 1,
                                                        "n_sources": 1, "n_independent_sources": 1}  # fmt: skip
    joined = pa.Table.from_pylist(
        [base | {"incident_id": i, "contested": False} for i in ("e1", "e3")], schema=INCIDENTS
    )
    marked = mark_contested(joined, events, claims)
    assert marked.schema == INCIDENTS
    assert marked.column("contested").to_pylist() == [True, False]
    assert marked.column("contested_by").to_pylist() == [["The Defence Ministry", "rescue workers"], None]
    assert marked.drop_columns(["contested", "contested_by"]).equals(joined.drop_columns(["contested", "contested_by"]))
    # mentions with the claims of e1 alone: nobody disagrees
    alone = mark_contested(joined, pa.table({"event_id": ["e1"], "incident_id": ["e1"]}), claims)
    assert alone.column("contested").to_pylist() == [False, False]

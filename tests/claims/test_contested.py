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
    from conflictnews.incidents import _contested

    claims = {
        "e1": [
            {"speaker": "rescue workers", "stance": "assert", "content": "jets killed at least 150 civilians"},
            {"speaker": "aid workers", "stance": "assert", "content": "thousands of families fled"},
        ],
        "e2": [{"speaker": "The Defence Ministry", "stance": "deny", "content": "the allegations"}],
    }
    assert _contested({"e1", "e2"}, claims) == (True, ["The Defence Ministry", "rescue workers"])
    assert _contested({"e1"}, claims) == (False, None)

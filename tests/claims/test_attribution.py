from conflictnews.claims.attribution import quote_spans


def only(claims, **where):
    found = [c for c in claims if all(c[k] == v for k, v in where.items())]
    assert len(found) == 1, claims
    return found[0]


def test_quote_spans_pair_curly_and_straight_marks_per_paragraph():
    text = 'He said "one two" and “three four”.\n"Open quote runs to the end'
    spans = [text[s:e] for s, e in quote_spans(text)]
    assert spans == ["one two", "three four", "Open quote runs to the end"]


def test_direct_quote_before_speaker(claims_of):
    text = '"The army does not bomb hospitals in the north," Ahmed Karimi said.'
    claim = only(claims_of(text), attribution="direct_quote")
    assert claim["content"] == "The army does not bomb hospitals in the north"
    assert claim["speaker"] == "Ahmed Karimi"
    assert claim["cue"] == "said"


def test_direct_quote_inverted_speaker_with_appositive(claims_of):
    text = '"We have pulled 40 bodies from the rubble," said Omar Haddad, a senior rescue worker in the town.'
    claim = only(claims_of(text), attribution="direct_quote")
    assert claim["speaker"] == "Omar Haddad"
    assert claim["speaker_type"] == "rescue/medical"
    assert claim["content"] == "We have pulled 40 bodies from the rubble"


def test_direct_quote_after_colon(claims_of):
    text = 'The governor told reporters: "Three schools were destroyed in the shelling overnight."'
    claim = only(claims_of(text), attribution="direct_quote")
    assert claim["speaker"] == "The governor"
    assert claim["content"].startswith("Three schools were destroyed")


def test_unattributed_quote_continues_previous_speaker(claims_of):
    text = (
        '"Our planes only strike military targets in the region," Ahmed Karimi said.\n\n'
        '"Every target is checked twice by drones before any strike."'
    )
    claims = [c for c in claims_of(text) if c["attribution"] == "direct_quote"]
    assert [c["speaker"] for c in claims] == ["Ahmed Karimi", "Ahmed Karimi"]


def test_scare_quotes_are_not_claims(claims_of):
    text = 'The minister called the fighters "terrorists" on Monday.'
    assert [c for c in claims_of(text) if c["attribution"] == "direct_quote"] == []


def test_indirect_speech_with_that_clause(claims_of):
    text = "The health ministry said on Tuesday that 12 people were killed in the market."
    claim = only(claims_of(text), attribution="indirect")
    assert claim["content"] == "12 people were killed in the market"
    assert claim["speaker"] == "The health ministry"


def test_indirect_speech_with_content_before_the_verb(claims_of):
    text = "Jets killed at least 30 civilians in the town, rescue workers said on Wednesday."
    claim = only(claims_of(text), attribution="indirect")
    assert claim["content"] == "Jets killed at least 30 civilians in the town"
    assert claim["speaker"] == "rescue workers"
    assert claim["speaker_type"] == "rescue/medical"


def test_participle_takes_the_speaker_of_its_verb(claims_of):
    text = "The ministry denied the reports, saying its aircraft had been careful not to hit civilians."
    claims = claims_of(text)
    saying = only(claims, cue="saying")
    assert saying["speaker"] == "The ministry"
    assert saying["content"] == "its aircraft had been careful not to hit civilians"
    denied = only(claims, cue="denied")
    assert denied["content"] == "the reports"


def test_according_to_at_start_and_end(claims_of):
    start = only(claims_of("According to the observatory, 20 people were killed in the strike."))
    assert start["attribution"] == "according_to"
    assert start["content"] == "20 people were killed in the strike"
    assert start["speaker"] == "the observatory"
    end = only(claims_of("Five fighters died in the clashes, according to local activists."))
    assert end["content"] == "Five fighters died in the clashes"
    assert end["speaker"] == "local activists"


def test_cue_noun_with_owner(claims_of):
    text = "Residents rejected the army's claim that the village was empty before the raid."
    claims = claims_of(text)
    noun = only(claims, attribution="cue_noun")
    assert noun["speaker"] == "the army"
    assert noun["content"] == "the village was empty before the raid"
    assert noun["cue"] == "claim"


def test_heading_line_is_not_part_of_speaker_or_content(claims_of):
    text = "New talks\n\nThe envoy said he hopes to convene a new round of talks next month."
    claim = only(claims_of(text), attribution="indirect")
    assert claim["speaker"] == "The envoy"


def test_offsets_round_trip(claims_of):
    text = (
        "The Defence Ministry on Thursday denied allegations that its jets had killed 50 civilians.\n\n"
        '"We have rescued 200 people since Sunday," said Ali Saleh, a paramedic.\n\n'
        "According to the monitor, fighting continued overnight. Residents say the bakery was hit twice."
    )
    claims = claims_of(text)
    assert len(claims) >= 4
    for claim in claims:
        assert text[claim["char_start"] : claim["char_end"]] == claim["content"]


def test_quoted_phrase_inside_indirect_speech_is_not_a_direct_quote(claims_of):
    text = 'The agency said both sides agreed on strengthening the "cooperation in fighting terrorism."'
    claims = claims_of(text)
    assert [c["attribution"] for c in claims] == ["indirect"]
    assert claims[0]["content"].startswith("both sides agreed")


def test_non_speaker_subjects_are_skipped(claims_of):
    assert claims_of("The war has claimed some 300000 lives since 2011.") == []

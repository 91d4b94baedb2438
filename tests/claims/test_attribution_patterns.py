"""Attribution patterns of text written without commas, quote repair, and content boundaries."""

from conflictnews.claims.attribution import quote_spans


def only(claims, **where):
    found = [c for c in claims if all(c[k] == v for k, v in where.items())]
    assert len(found) == 1, claims
    return found[0]


def test_speaker_at_sentence_end_without_comma(claims_of):
    text = "Jets carried out ten air strikes on the town the Syrian Observatory for Human Rights reported."
    claim = only(claims_of(text), cue="reported")
    assert claim["content"] == "Jets carried out ten air strikes on the town"
    assert claim["speaker"] == "the Syrian Observatory for Human Rights"
    assert claim["speaker_type"] == "monitor/NGO"


def test_inverted_speaker_after_the_verb_without_comma(claims_of):
    text = "But the fighters are well prepared for such surprise attacks said Kirkuki."
    claim = only(claims_of(text), cue="said")
    assert claim["content"] == "the fighters are well prepared for such surprise attacks"
    assert claim["speaker"] == "Kirkuki"


def test_content_parsed_over_the_speaker_stops_before_it(claims_of):
    text = "Other attackers came from the south of Aleppo local officials said."
    claim = only(claims_of(text), cue="said")
    assert claim["speaker"].endswith("local officials")
    assert "officials" not in claim["content"]
    assert claim["content"].startswith("Other attackers came from the south")


def test_subjectless_cue_takes_the_name_before_it(claims_of):
    text = "Speaking to AFP Observatory director Rami Abdel Rahman said nine of those killed were civilians."
    claim = only(claims_of(text), cue="said")
    assert claim["content"] == "nine of those killed were civilians"
    assert "Rami Abdel Rahman" in claim["speaker"]


def test_straight_quote_left_open_is_closed_at_the_next_opening():
    text = 'He said "The policy will not change. "This was not the last strike" he added.'
    assert [text[s:e] for s, e in quote_spans(text)] == ["The policy will not change. ", "This was not the last strike"]


def test_participle_without_comma_starts_a_second_claim(claims_of):
    text = "The governor said the attack helped armed groups adding that the airbase had supported army operations."
    claims = claims_of(text)
    said = only(claims, cue="said")
    assert said["content"] == "the attack helped armed groups"
    adding = only(claims, cue="adding")
    assert adding["content"] == "the airbase had supported army operations"
    assert adding["speaker"] == "The governor"


def test_coordinated_reporting_verb_is_a_claim_of_its_own(claims_of):
    text = "Russia and the army say they are responding to attacks by jihadists and deny indiscriminate strikes."
    claims = claims_of(text)
    say = only(claims, cue="say")
    assert say["content"] == "they are responding to attacks by jihadists"
    assert say["stance"] == "assert"
    deny = only(claims, cue="deny")
    assert deny["stance"] == "deny"
    assert deny["speaker"] == "Russia and the army"


def test_one_noun_object_of_a_denial(claims_of):
    claim = only(claims_of("The Syrian government has strongly denied responsibility."))
    assert (claim["content"], claim["stance"]) == ("responsibility", "deny")


def test_title_and_name_are_one_speaker_and_type_the_surname(claims_of):
    text = (
        "U.N. envoy Staffan de Mistura said on Wednesday that he hopes to convene new talks soon.\n\n"
        '"I am calling on both sides to prepare seriously for the talks," de Mistura said.'
    )
    claims = claims_of(text)
    for claim in claims:
        assert claim["speaker"] == "U.N. envoy Staffan de Mistura"
        assert claim["speaker_type"] == "UN/international"


def test_he_skips_the_addressee(claims_of):
    text = (
        "The commander Kamal Kirkuki told Rudaw that the militants were shot at dawn. "
        "The bodies were blown to pieces after they were shot he added."
    )
    claim = only(claims_of(text), cue="added")
    assert claim["speaker"] != "Rudaw"

import pytest


def claim_with(claims, cue):
    return next(c for c in claims if c["cue"] == cue)


@pytest.mark.parametrize(
    ("text", "cue", "stance"),
    [
        ("The ministry denied that its jets had bombed the market.", "denied", "deny"),
        ("The army rejected reports of civilian casualties in the town.", "rejected", "deny"),
        ("The ministry said its aircraft did not carry out any strikes on the town.", "said", "deny"),
        ("The general said the air force never targeted residential areas.", "said", "deny"),
        ("The spokesman said the reports were fabricated and baseless.", "said", "deny"),
        ("The ministry did not confirm that 20 soldiers were killed.", "did not confirm", "deny"),
        ("The rebels did not deny that they had shelled the village.", "did not deny", "assert"),
        ("Activists accused government forces of shelling the hospital.", "accused", "accuse"),
        ("The opposition blamed the air force for the deaths of 12 children.", "blamed", "accuse"),
        ("Rescuers said government forces were responsible for the attack on the market.", "said", "accuse"),
        ("Rescuers said 12 people were killed in the strike on the market.", "said", "assert"),
        ("The monitor said the army had not yet entered the town centre.", "said", "assert"),
    ],
)
def test_stance_rules(claims_of, text, cue, stance):
    assert claim_with(claims_of(text), cue)["stance"] == stance


def test_negated_cue_with_question_word_is_no_claim(claims_of):
    assert claims_of("The agency did not say who carried out the attack on the convoy.") == []


@pytest.mark.parametrize(
    ("text", "cue", "stance"),
    [
        (
            "The commander said that if the troops had not killed the militants, the attack would have been worse.",
            "said",
            "assert",
        ),
        ("The minister said the regime is responsible for the massacre.", "said", "accuse"),
        ("The coordinator said it is completely unacceptable that hospitals are being bombed.", "said", "accuse"),
        ("The minister said the government was behind the chemical attack.", "said", "accuse"),
    ],
)
def test_conditional_and_blame_phrases(claims_of, text, cue, stance):
    assert claim_with(claims_of(text), cue)["stance"] == stance

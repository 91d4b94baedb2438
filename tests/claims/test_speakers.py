import pytest

from conflictnews.claims.lexicon import load_lexicon
from conflictnews.claims.speakers import speaker_type


def by_cue_start(claims, content_start):
    return next(c for c in claims if c["content"].startswith(content_start))


def test_he_resolves_to_the_person_named_earlier(claims_of):
    text = (
        "Major-General Ivan Petrov said the convoy was not hit from the air. "
        "He said the aircraft had only targeted fighters near the border."
    )
    claim = by_cue_start(claims_of(text), "the aircraft")
    assert claim["speaker"] == "Major-General Ivan Petrov"
    assert claim["speaker_resolved"] is True
    assert claim["speaker_type"] == "military"


def test_surname_takes_the_earlier_full_name(claims_of):
    text = (
        "Foreign Minister Karim Nasser said talks would resume in May. "
        '"Nobody wants this war to continue for another year," Nasser said.'
    )
    claim = by_cue_start(claims_of(text), "Nobody")
    assert claim["speaker"] == "Foreign Minister Karim Nasser"
    assert claim["speaker_type"] == "government"


def test_description_resolves_to_earlier_organisation(claims_of):
    text = (
        "The Syrian Observatory for Human Rights said 14 people died in the raids. "
        "The observatory said the toll was likely to rise."
    )
    claim = by_cue_start(claims_of(text), "the toll")
    assert claim["speaker"] == "The Syrian Observatory for Human Rights"
    assert claim["speaker_type"] == "monitor/NGO"
    assert claim["speaker_resolved"] is True


def test_they_resolves_to_earlier_plural_speaker(claims_of):
    text = (
        "Rebel commanders said the town had fallen after heavy shelling. "
        "They said dozens of fighters had withdrawn to the hills."
    )
    claim = by_cue_start(claims_of(text), "dozens")
    assert claim["speaker"] == "Rebel commanders"
    assert claim["speaker_type"] == "armed group"


def test_unresolvable_pronoun_is_kept_and_marked(claims_of):
    claim = claims_of("She said the water supply had been cut for a week.")[0]
    assert claim["speaker"] == "She"
    assert claim["speaker_resolved"] is False
    assert claim["speaker_type"] == "unknown"


def test_bare_description_is_not_resolved(claims_of):
    claim = claims_of("Residents said the bakery was hit twice on Friday.")[0]
    assert claim["speaker"] == "Residents"
    assert claim["speaker_resolved"] is False
    assert claim["speaker_type"] == "witness/resident"


@pytest.mark.parametrize(
    ("phrase", "description", "expected"),
    [
        ("The Defence Ministry", "", "military"),
        ("the foreign ministry", "", "government"),
        ("opposition rescue workers", "", "rescue/medical"),
        ("Syrian rebel officials", "", "armed group"),
        ("the UN refugee agency", "", "UN/international"),
        ("the state news agency", "", "media"),
        ("Ali Saleh", "a paramedic at the field hospital", "rescue/medical"),
        ("local activists", "", "monitor/NGO"),
        ("villagers", "", "witness/resident"),
        ("Mr Smith", "", "unknown"),
        ("who", "", "unknown"),
    ],
)
def test_speaker_types(phrase, description, expected):
    head = phrase.split()[-1]
    assert speaker_type(phrase, description, head, "", load_lexicon()) == expected


def test_country_as_speaker_is_government():
    assert speaker_type("Russia", "", "Russia", "GPE", load_lexicon()) == "government"


def test_its_spokesman_resolves_to_the_organisation(claims_of):
    text = (
        "The Russian Defence Ministry said its jets had hit only militant targets. "
        "Its spokesman said the reports of civilian deaths were false."
    )
    claim = by_cue_start(claims_of(text), "the reports")
    assert claim["speaker"] == "The Russian Defence Ministry"
    assert claim["speaker_type"] == "military"
    assert claim["stance"] == "deny"


def test_first_conjunct_of_a_trailing_speaker_leaves_the_content(claims_of):
    text = (
        "Jets escalated strikes on the province days after rebels opened an offensive against the army, "
        "rebels and witnesses said on Friday."
    )
    claim = by_cue_start(claims_of(text), "Jets")
    assert claim["speaker"] == "rebels and witnesses"
    assert claim["content"].endswith("against the army")

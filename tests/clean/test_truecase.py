from conflictnews.clean.truecase import (
    build_corpus_dictionary,
    capitalise_sentences,
    combined_dictionary,
    is_lowercased,
    truecase,
)

CASED = [
    "Officials in Damascus said Omar Abdel Rahim, a commander of the Northern Brigade (NB), was killed. "
    "The NB fighters withdrew. The civil war continues, said Abdel Rahim's deputy in Damascus.",
    "Witnesses said the Northern Brigade lost ground near Aleppo.",
]


def test_is_lowercased():
    assert is_lowercased("the strikes hit the town on monday, killing four people. " * 6)
    assert not is_lowercased("The strikes hit the town on Monday, killing four people. " * 6)
    assert not is_lowercased("short text")


def test_corpus_dictionary_learns_names_and_acronyms():
    cases = build_corpus_dictionary(CASED)
    assert cases.phrases[("omar", "abdel", "rahim")] == ("Omar", "Abdel", "Rahim")
    assert cases.phrases[("northern", "brigade")] == ("Northern", "Brigade")
    assert cases.words["nb"] == "NB"
    assert cases.words.get("civil", "civil") == "civil"
    # "Northern" alone is only known inside the name: no single-word entry
    assert "northern" not in cases.words


def test_truecase_lowercased_text():
    cases = combined_dictionary(build_corpus_dictionary(CASED))
    text = (
        "the northern brigade ( nb ) said omar abdel rahim was killed near aleppo on friday. "
        "i saw russian jets over syria, he said. fighters moved to northern areas."
    ).replace("( nb )", "(nb)")
    out = truecase(text, cases)
    assert out == (
        "The Northern Brigade (NB) said Omar Abdel Rahim was killed near Aleppo on Friday. "
        "I saw Russian jets over Syria, he said. Fighters moved to northern areas."
    )


def test_sentence_starts_not_after_abbreviation():
    assert capitalise_sentences("u.s. forces left. they said so.") == "U.s. forces left. They said so."

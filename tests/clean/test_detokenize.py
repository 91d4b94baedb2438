from conflictnews.clean.detokenize import detokenize, detokenize_line, looks_tokenized

TOKENIZED = (
    "amman ( reuters ) - russia s defense ministry says it did n't target civilians , officials said .\n"
    "the strikes hit the town 's market , witnesses said .\n"
    'he said " we will stay " in the city , adding the toll was 12 .'
)


def test_detokenize_wire_copy():
    out = detokenize(TOKENIZED).split("\n")
    assert out[0] == "amman (reuters) - russia's defense ministry says it didn't target civilians, officials said."
    assert out[1] == "the strikes hit the town's market, witnesses said."
    assert out[2] == 'he said "we will stay" in the city, adding the toll was 12.'


def test_normal_text_untouched():
    normal = "Russia's ministry said on Monday, in a statement, that it hit targets. It denied - again - the claims."
    assert not looks_tokenized(normal)
    assert detokenize(normal) == normal


def test_dash_kept():
    assert detokenize_line("camps - there is no hope .") == "camps - there is no hope."

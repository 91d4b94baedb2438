from conflictnews.dedup.normalize import normalize_text, tokens


def test_tokenized_lowercase_copy_matches_cased_original():
    cased = "AMMAN (Reuters) - Russia's defense ministry, said"
    tokenized = "amman ( reuters ) - russia s defense ministry , said"
    assert tokens(cased) == tokens(tokenized) == ["amman", "reuters", "russias", "defense", "ministry", "said"]


def test_apostrophes_and_quotes_of_every_kind():
    forms = ["Russia's", "Russia\u2019s", "Russia \u2019s", "russia 's", "RUSSIA`S", "russias"]
    assert {normalize_text(f) for f in forms} == {"russias"}
    assert normalize_text("\u201cWe don't know,\u201d he said") == normalize_text('" we do n\'t know , " he said')
    assert normalize_text("we don t know") == "we dont know"


def test_unicode_compatibility_case_and_accents():
    assert normalize_text("\uff32\uff45\uff55\uff54\uff45\uff52\uff53") == "reuters"  # full-width letters
    assert normalize_text("Erdo\u011fan STRASSE Stra\u00dfe") == "erdogan strasse strasse"
    assert normalize_text("caf\u0065\u0301") == normalize_text("caf\u00e9") == "cafe"


def test_punctuation_and_whitespace_fold():
    assert normalize_text("  al-Sham\u2014 150,000 \n\t(U.S.) ... under_score ") == "al sham 150 000 us under score"
    assert normalize_text("al - sham") == normalize_text("al-Sham")


def test_empty_and_punctuation_only():
    assert tokens(None) == []
    assert tokens("") == []
    assert tokens(" ... -- () ") == []


def test_clitic_is_not_joined_to_a_number():
    assert tokens("in the 1990 s") == ["in", "the", "1990", "s"]

import pytest

from conflictnews.events.casualties import find_figures, parse_number


@pytest.mark.parametrize(
    "text, kind, low, best, high",
    [
        ("Jets killed at least 150 civilians.", "death", 150, 150, None),
        ("More than a dozen people died in the attack.", "death", 12, 12, None),
        ("The strikes injured dozens of people.", "injury", 24, 24, None),
        ("Nine children were killed in the shelling.", "death", 9, 9, 9),
        ("Rescuers pulled 152 bodies from the rubble.", "death", 152, 152, 152),
        ("Up to 40 people were killed.", "death", None, 40, 40),
        ("About 30 fighters died.", "death", None, 30, None),
        ("Scores of civilians were wounded.", "injury", 40, 40, None),
        ("Over fifty fighters were killed on Saturday.", "death", 50, 50, None),
        ("Shelling killed 1,200 people.", "death", 1200, 1200, 1200),
    ],
)
def test_figures(parse, text, kind, low, best, high):
    figures = find_figures(next(parse(text).sents))
    assert [(f.kind, f.low, f.best, f.high) for f in figures] == [(kind, low, best, high)]


@pytest.mark.parametrize(
    "text",
    [
        "We have rescued 279 civilians since the campaign began.",
        "The strikes destroyed six hospitals.",
        "The offensive lasted six months.",
    ],
)
def test_numbers_of_other_words_do_not_count(parse, text):
    assert find_figures(next(parse(text).sents)) == []


def test_figure_belongs_to_its_own_word(parse):
    doc = parse("We have pulled 152 bodies and we have rescued 279 civilians.")
    figures = find_figures(next(doc.sents))
    assert [(f.kind, f.best) for f in figures] == [("death", 152)]


def test_parse_number():
    assert parse_number("two hundred") == 200
    assert parse_number("fifty-two") == 52
    assert parse_number("1,500") == 1500
    assert parse_number("civilians") is None


def test_figures_go_to_their_event_in_extraction(extract):
    rows = extract("Air strikes killed 12 people in Aleppo, and residents said 300 people fled.")
    strike = next(r for r in rows if r["event_type"] == "air_strike")
    flight = next(r for r in rows if r["event_type"] == "displacement")
    assert strike["fatalities_best"] == 12
    assert flight["fatalities_best"] is None


@pytest.mark.parametrize(
    "text, best",
    [
        ("Twin blasts hit a checkpoint near Damascus, claiming 4 martyrs and 13 injured.", 4),
        ("The attack claimed the lives of 18 civilians.", 18),
        ("A woman was killed by a mortar shell.", 1),
        ("A woman and a child were killed in the shelling.", 2),
        ("Regime planes killed 31 jihadists and eight civilians in Raqqa.", 39),
        ("Seven civilians were martyred in the shelling.", 7),
    ],
)
def test_death_phrases(parse, text, best):
    figures = [f for f in find_figures(next(parse(text).sents)) if f.kind == "death"]
    assert [f.best for f in figures] == [best]


def test_a_year_never_joins_a_number_word(parse):
    doc = parse("Monday 17 Mar 2014 Six people were killed and 20 wounded by a car bomb in Homs.")
    figures = [f for s in doc.sents for f in find_figures(s) if f.kind == "death"]
    assert [f.best for f in figures] == [6]


@pytest.mark.parametrize(
    "text, best",
    [
        ("A total of 14 fighters were killed in northern Syria on Tuesday.", 14),
        ("The blast left 50 martyrs and more than 200 others wounded.", 50),
        ("Thirty-five people were killed on Monday.", 35),
        ("Air strikes near a hospital killed at least 10 civilians said the Observatory.", 10),
    ],
)
def test_more_death_phrases(parse, text, best):
    figures = [f for s in parse(text).sents for f in find_figures(s) if f.kind == "death"]
    assert [f.best for f in figures] == [best]


@pytest.mark.parametrize(
    "text, best",
    [
        ("Rebels on the Run From Areas in Raqqa Province 30 Terrorists Killed.", 30),
        ("Kurds Kill 83 ISIS Fighters in 2 Days Near Afrin.", 83),
        ("The Observatory put the death toll at 58 on Tuesday.", 58),
        ("The Observatory gave a death toll of 12.", 12),
    ],
)
def test_headlines_and_tolls(parse, text, best):
    figures = [f for s in parse(text).sents for f in find_figures(s) if f.kind == "death"]
    assert [f.best for f in figures] == [best]


def test_number_word_heading_a_headline_and_included_subgroups(extract):
    rows = extract("18 October 2016 Four killed including two women in rocket attacks in Aleppo.")
    assert [(r["event_type"], r["fatalities_best"]) for r in rows] == [("shelling_missile", 4)]

import pytest


def one(rows, event_type):
    found = [r for r in rows if r["event_type"] == event_type]
    assert len(found) == 1, rows
    return found[0]


@pytest.mark.parametrize(
    "text, event_type",
    [
        ("Government forces shelled the town of Saraqib on Monday.", "shelling_missile"),
        ("A car bomb exploded near a market in Aleppo.", "explosion_ied"),
        ("Heavy clashes broke out between rebels and army units near Homs.", "armed_clash"),
        ("Doctors said a chemical attack hit the town of Douma.", "chemical_attack"),
        ("Gunmen kidnapped two aid workers in Idlib.", "abduction_arrest"),
        ("Thousands of people protested in Damascus against rising prices.", "protest"),
        ("The two sides agreed a ceasefire in Daraa province.", "ceasefire_agreement"),
        ("Thousands of families fled their homes in Hama.", "displacement"),
        ("Police arrested three journalists in Ankara.", "arrest"),
    ],
)
def test_trigger_kinds(extract, text, event_type):
    assert event_type in {r["event_type"] for r in extract(text)}


def test_air_strike_actor_target_and_merge(extract):
    rows = extract("Russian and Syrian jets killed at least 150 civilians in air strikes in Idlib Province.")
    row = one(rows, "air_strike")
    assert row["actor"] == "Russian and Syrian jets"
    assert row["target"] == "at least 150 civilians"
    assert row["trigger"] == "killed, strikes"  # two triggers, one mention
    assert row["is_asserted"] is True


def test_strike_needs_air_context(extract):
    assert not extract("Workers at the car plant went on strike on Monday.")
    assert (
        one(extract("Warplanes carried out strikes on the town of Saraqib."), "air_strike")["target"]
        == "the town of Saraqib"
    )


def test_noun_actor_from_modifier_and_governing_verb(extract):
    assert one(extract("Russian strikes hit the town of Saraqib."), "air_strike")["actor"] == "Russian"
    assert one(extract("Syrian jets escalated strikes on rebel-held areas."), "air_strike")["actor"] == "Syrian jets"


def test_passive_agent_is_actor(extract):
    row = one(extract("The village was shelled by government forces on Sunday."), "shelling_missile")
    assert row["actor"] == "government forces"
    assert row["target"] == "The village"


@pytest.mark.parametrize(
    "text",
    [
        "The ministry denied allegations that its jets had killed civilians in air strikes.",
        "Our air force planes do not strike residential areas.",
        "Officials warned that the army could shell the town.",
        "The government threatened to bomb the rebel-held district.",
    ],
)
def test_negated_and_hypothetical_kept_unasserted(extract, text):
    rows = extract(text)
    assert rows and all(r["is_asserted"] is False for r in rows)


def test_modal_on_relative_clause_head_does_not_leak(extract):
    rows = extract("Investigators will examine the air strike that killed ten people in Aleppo on Monday.")
    assert rows[0]["event_type"] == "air_strike"


def test_bare_killing_takes_the_method_of_its_sentence(extract):
    rows = extract("Five civilians were killed in clashes between rebels and the army near Hama.")
    assert [r["event_type"] for r in rows] == ["armed_clash"]
    assert rows[0]["fatalities_best"] == 5


def test_bare_killing_takes_the_method_of_the_article(extract):
    rows = extract("A car bomb exploded near a market in Homs on Sunday. Ten people were killed, a monitor said.")
    assert {r["event_type"] for r in rows} == {"explosion_ied"}
    assert max(r["fatalities_best"] or 0 for r in rows) == 10


def test_chemical_munitions_read_as_chemical_attack(extract):
    rows = extract("Militants fired shells filled with toxic gas at a neighbourhood of Aleppo.")
    assert "chemical_attack" in {r["event_type"] for r in rows}


@pytest.mark.parametrize(
    "text, aggregate",
    [
        ("More than 300,000 people have been killed since the conflict began in 2011.", True),
        ("The war has killed more than 200,000 people.", True),
        ("Over 350 civilians have been killed in Aleppo since January.", True),
        ("Air strikes killed 12 people in Aleppo on Monday.", False),
    ],
)
def test_running_totals_are_flagged(extract, text, aggregate):
    rows = extract(text)
    assert rows and all(r["is_aggregate"] is aggregate for r in rows)


def test_generic_bombing_never_becomes_a_clash(extract):
    rows = extract("Government bombing hit the town as the ground offensive continued.")
    assert {r["event_type"] for r in rows} == {"air_strike", "armed_clash"}


def test_pronoun_or_time_is_no_actor_and_time_no_target(extract):
    # no coreference is resolved: a pronoun subject leaves the actor null rather than "it"
    assert one(extract("The ministry says it is bombing Islamist militants."), "air_strike")["actor"] is None
    row = one(extract("The strikes followed last Tuesday's assault on the town."), "armed_clash")
    assert row["actor"] is None
    assert row["target"] == "the town"
    row = one(extract("A drone strike on Monday killed five people."), "air_strike")
    assert (row["actor"], row["target"]) == ("A drone strike", "five people")


def test_actor_phrase_stops_before_its_target(extract):
    row = one(extract("The army is responding to attacks by jihadists on government-held areas."), "armed_clash")
    assert row["actor"] == "jihadists"
    assert row["target"] == "government-held areas"


def test_phrase_stops_before_a_relative_clause_after_a_comma(extract):
    row = one(extract("Rebels launched an assault against Hama province, which was held by the army."), "armed_clash")
    assert row["target"] == "Hama province"


def test_an_event_noun_subject_gives_its_own_actor(extract):
    # the verb's subject names the method; who acted is the strikes' own modifier or agent
    assert one(extract("Russian air strikes killed 15 people."), "air_strike")["actor"] == "Russian"
    row = one(extract("Air strikes carried out by Syrian or Russian warplanes killed 20 people."), "air_strike")
    assert row["actor"] == "Syrian or Russian warplanes"
    # no actor of its own: the phrase as written stays, and a person noun is an actor
    assert one(extract("Air strikes killed 11 civilians."), "air_strike")["actor"] == "Air strikes"
    assert one(extract("A suicide bomber killed four people."), "suicide_bombing")["actor"] == "A suicide bomber"

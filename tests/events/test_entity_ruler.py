from conflictnews import nlp
from conflictnews.events.entity_ruler import FACTORY, read_patterns


def test_ruler_is_part_of_the_one_pipeline():
    names = nlp.load_pipeline().pipe_names
    assert FACTORY in names and names.index(FACTORY) > names.index("ner")


def test_pattern_files_are_valid_and_cover_places_and_groups():
    patterns = read_patterns()
    labels = {p["label"] for p in patterns}
    assert {"GPE", "ORG"} <= labels
    assert all(p.get("id") for p in patterns)
    texts = {p["pattern"] for p in patterns}
    assert {"Khan Shaykhun", "Saraqib", "Ahrar al-Sham", "Free Syrian Army"} <= texts
    assert "Khan" not in texts and "Tell" not in texts  # generic words are never patterns alone


def ents(parse, text):
    return {(e.text, e.label_, e.ent_id_) for e in parse(text).ents}


def test_gazetteer_towns_and_armed_groups_are_labelled(parse):
    found = ents(parse, "Fighters of Ahrar al-Sham shelled Saraqeb and Kafr Nabl.")
    assert ("Ahrar al-Sham", "ORG", "armed_group:ahrar_al_sham") in found
    assert {(t, label) for t, label, _ in found} >= {("Saraqeb", "GPE"), ("Kafr Nabl", "GPE")}


def test_longer_ner_span_is_not_cut_by_a_shorter_pattern(parse):
    texts = {t for t, _, _ in ents(parse, "Rebels advanced near Jisr al-Shughour on Monday.")}
    assert "Jisr al-Shughour" in texts and "Jisr" not in texts

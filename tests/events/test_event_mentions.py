from datetime import date

from conflictnews.datafiles import read_csv
from conflictnews.events import extract_events
from conflictnews.events.vocabulary import check_vocabulary, event_types
from conflictnews.schemas import ENTITIES, EVENTS

TEXT = (
    "The ministry on Thursday denied allegations that Russian jets had killed 20 civilians in Idlib.\n\n"
    "Rescue workers said Russian and Syrian jets killed at least 150 civilians and injured dozens "
    "in air strikes in Idlib Province on Tuesday."
)


def test_extract_events_tables(parse, articles_table):
    articles = articles_table({"a1": TEXT}, published=date(2017, 9, 28))
    events, entities = extract_events(articles, {"a1": parse(TEXT)})
    assert events.schema.equals(EVENTS) and entities.schema.equals(ENTITIES)
    assert events.column("event_id").to_pylist() == sorted(events.column("event_id").to_pylist())
    rows = events.to_pylist()
    for r in rows:
        assert TEXT[r["char_start"] : r["char_end"]] == r["sentence"]
        assert r["incident_id"] is None
    denied = [r for r in rows if not r["is_asserted"]]
    assert len(denied) == 1 and denied[0]["fatalities_best"] == 20
    strike = next(r for r in rows if r["is_asserted"] and r["event_type"] == "air_strike")
    assert (strike["fatalities_low"], strike["fatalities_best"], strike["fatalities_high"]) == (150, 150, None)
    assert strike["injured"] == 24
    assert (strike["location"], strike["geo_precision"]) == ("Idlib", "province")
    assert (strike["event_date"], strike["date_precision"]) == (date(2017, 9, 26), "day")
    ents = entities.to_pylist()
    assert all(TEXT[e["char_start"] : e["char_end"]] == e["text"] for e in ents)
    assert {"GPE", "DATE"} <= {e["label"] for e in ents}
    # deterministic: same input, same table
    again, _ = extract_events(articles, {"a1": parse(TEXT)})
    assert again.equals(events)



def test_extract_events_from_docs_as_the_parse_yields_them(articles_table):
    import pytest

    from conflictnews import nlp

    texts = {"a1": TEXT, "a2": "Shelling killed three people in Homs on Monday."}
    articles = articles_table(texts)
    docs = {doc.user_data["article_id"]: doc for doc in nlp.parse_docs(texts, texts.values())}
    by_id, by_id_entities = extract_events(articles, docs)
    streamed, streamed_entities = extract_events(articles, nlp.parse_docs(texts, texts.values()))
    assert streamed.equals(by_id) and streamed_entities.equals(by_id_entities)
    assert set(streamed.column("article_id").to_pylist()) == {"a1", "a2"}
    with pytest.raises(KeyError, match="a1"):  # Docs of other articles, or in another order
        extract_events(articles, nlp.parse_docs(["a2", "a1"], [texts["a2"], texts["a1"]]))
    with pytest.raises(ValueError, match="more parsed Docs"):
        extract_events(articles_table({"a1": TEXT}), nlp.parse_docs(texts, texts.values()))

def test_vocabulary_is_complete():
    check_vocabulary()
    types = event_types()
    required = {
        "air_strike", "shelling_missile", "explosion_ied", "armed_clash", "chemical_attack", "shooting",
        "killing_execution", "abduction_arrest", "displacement", "protest", "ceasefire_agreement",
    }  # fmt: skip
    assert required <= set(types)
    assert types["air_strike"].acled_sub_event_type == "Air/drone strike"
    assert all(t.plover_event_type for t in types.values())
    for row in read_csv("events", "compatible_types.csv"):
        assert row["event_type"] in types and row["other_event_type"] in types


def test_two_mentions_of_one_type_in_a_sentence_get_their_own_ids(parse, articles_table):
    text = (
        '"We have pulled 30 bodies since the regime bombing campaign," said a rescue worker from the '
        "Civil Defence in Idlib, adding bodies were still being pulled out of buildings flattened by air raids."
    )
    events, _ = extract_events(articles_table({"a1": text}), {"a1": parse(text)})
    rows = events.to_pylist()
    same = [(r["char_start"], r["char_end"], r["event_type"]) for r in rows]
    assert len(same) > len(set(same)), "the sentence should give two mentions of one type"
    ids = [r["event_id"] for r in rows]
    assert len(ids) == len(set(ids))

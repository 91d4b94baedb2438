import pytest

from conflictnews import schemas
from conflictnews.claims import extract_claims
from conflictnews.ids import stable_id

TEXT = (
    "The Defence Ministry on Thursday denied allegations that its jets had killed 50 civilians.\n\n"
    '"We have rescued 200 people since Sunday," said Ali Saleh, a paramedic.\n\n'
    "According to the monitor, fighting continued overnight."
)


def test_table_schema_ids_and_order(nlp, make_articles):
    docs = {"b": nlp(TEXT), "a": nlp("Residents said the bakery was hit twice on Friday.")}
    table = extract_claims(make_articles({"a": docs["a"].text, "b": TEXT}), docs, schemas.EVENTS.empty_table())
    assert table.schema == schemas.CLAIMS
    rows = table.to_pylist()
    assert [r["claim_id"] for r in rows] == sorted(r["claim_id"] for r in rows)
    for row in rows:
        assert row["claim_id"] == stable_id("claim", row["article_id"], row["char_start"], row["char_end"])
    assert {r["attribution"] for r in rows} == {"indirect", "direct_quote", "according_to"}
    again = extract_claims(make_articles({"a": docs["a"].text, "b": TEXT}), docs, schemas.EVENTS.empty_table())
    assert again.equals(table)


def test_doc_must_be_the_parse_of_the_text(nlp, make_articles):
    with pytest.raises(ValueError, match="article a"):
        extract_claims(make_articles({"a": TEXT}), {"a": nlp("Other text.")}, schemas.EVENTS.empty_table())


def test_missing_doc_names_the_article(make_articles):
    with pytest.raises(KeyError, match="article a"):
        extract_claims(make_articles({"a": TEXT}), {}, schemas.EVENTS.empty_table())


def test_empty_input_gives_empty_table(make_articles):
    table = extract_claims(make_articles({}), {}, schemas.EVENTS.empty_table())
    assert table.num_rows == 0 and table.schema == schemas.CLAIMS

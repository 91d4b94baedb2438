import logging

from conflictnews import nlp


def test_parse_reports_progress_and_keeps_article_ids(caplog):
    with caplog.at_level(logging.INFO, logger="conflictnews.progress"):
        docbin = nlp.parse_texts(["a1", "a2"], ["Jets struck the town.", "Rescuers said 9 died."])
    docs = list(docbin.get_docs(nlp.load_pipeline().vocab))
    assert [d.user_data["article_id"] for d in docs] == ["a1", "a2"]
    assert any("parsed 2 of 2 articles" in r.getMessage() for r in caplog.records)


def test_doc_text_is_the_text_and_read_once():
    from conflictnews.doctext import doc_text

    doc = nlp.load_pipeline()("Jets struck the town.\n\nRescuers said 9 died.")
    first = doc_text(doc)
    assert first == doc.text
    assert doc_text(doc) is first  # kept, not joined again from the tokens


def test_tokens_in_keeps_only_whole_tokens_and_clamps_to_the_text():
    from conflictnews.claims.attribution import _tokens_in

    doc = nlp.load_pipeline()("Rescuers said 9 died.")
    assert [t.text for t in _tokens_in(doc, 0, 13)] == ["Rescuers", "said"]
    assert [t.text for t in _tokens_in(doc, 1, 15)] == ["said", "9"]  # "Rescuers" is cut: left out
    assert [t.text for t in _tokens_in(doc, -5, 100)] == [t.text for t in doc]
    assert _tokens_in(doc, 10, 5) == []

import logging

from conflictnews import nlp


def test_parse_reports_progress_and_keeps_article_ids(caplog):
    with caplog.at_level(logging.INFO, logger="conflictnews.progress"):
        docbin = nlp.parse_texts(["a1", "a2"], ["Jets struck the town.", "Rescuers said 9 died."])
    docs = list(docbin.get_docs(nlp.load_pipeline().vocab))
    assert [d.user_data["article_id"] for d in docs] == ["a1", "a2"]
    assert any("parsed 2 of 2 articles" in r.getMessage() for r in caplog.records)

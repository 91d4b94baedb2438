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



def test_cached_entities_match_spacy():
    from conflictnews.doctext import doc_ents, entity_at, span_ents

    doc = nlp.load_pipeline()(
        "Jets struck Aleppo on Monday, the Syrian Observatory for Human Rights said.\n\n"
        "In Idlib, 12 people died on 3 May. Rescuers in Hama said nothing."
    )
    assert len(doc.ents) >= 4
    assert doc_ents(doc) == tuple(doc.ents)
    assert doc_ents(doc) is doc_ents(doc)
    for sent in doc.sents:
        assert span_ents(sent) == list(sent.ents)
    for start in range(len(doc)):  # spans that cut entities in two keep only the whole ones
        for end in range(start + 1, min(len(doc), start + 6) + 1):
            assert span_ents(doc[start:end]) == list(doc[start:end].ents)
    for token in doc:
        covering = [e for e in doc.ents if e.start <= token.i < e.end]
        assert entity_at(token) == (covering[0] if covering else None)

def test_tokens_in_keeps_only_whole_tokens_and_clamps_to_the_text():
    from conflictnews.claims.attribution import _tokens_in

    doc = nlp.load_pipeline()("Rescuers said 9 died.")
    assert [t.text for t in _tokens_in(doc, 0, 13)] == ["Rescuers", "said"]
    assert [t.text for t in _tokens_in(doc, 1, 15)] == ["said", "9"]  # "Rescuers" is cut: left out
    assert [t.text for t in _tokens_in(doc, -5, 100)] == [t.text for t in doc]
    assert _tokens_in(doc, 10, 5) == []


def test_forget_drops_the_cache_so_a_doc_is_freed_without_the_garbage_collector():
    import gc
    import weakref

    from conflictnews.doctext import doc_ents, doc_text, forget

    gc.disable()
    try:
        doc = nlp.load_pipeline()("Jets struck Aleppo on Monday.")
        doc_text(doc), doc_ents(doc)
        forget(doc)
        assert doc.text == doc_text(doc)  # read again after forget
        forget(doc)
        ref = weakref.ref(doc)
        del doc
        assert ref() is None
    finally:
        gc.enable()

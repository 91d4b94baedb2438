"""ENTITIES rows: every named-entity span of a parsed article."""

from __future__ import annotations

from spacy.tokens import Doc

from conflictnews.doctext import doc_ents
from conflictnews.ids import stable_id


def entity_rows(article_id: str, doc: Doc) -> list[dict]:
    return [
        {
            "entity_id": stable_id("entity", article_id, ent.start_char, ent.end_char, ent.label_),
            "article_id": article_id,
            "label": ent.label_,
            "text": ent.text,
            "char_start": ent.start_char,
            "char_end": ent.end_char,
        }
        for ent in doc_ents(doc)
    ]

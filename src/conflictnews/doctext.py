"""The text of a parsed Doc, read once.

spaCy's `Doc.text` is not stored: every access joins all the tokens again. Extractors that slice the
text for each sentence, place or quote call `doc_text(doc)` instead, which keeps the string in
`doc.user_data` after the first access (docs are never modified after the parse).
"""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "conflictnews.text"


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text

"""What spaCy rebuilds on every access of a parsed Doc, read once: its text and its entities.

`Doc.text` is not stored: every access joins all the tokens again. `Doc.ents` builds a Span for
every entity on every access, and `Span.ents` does so for the whole Doc to keep the few inside the
span. Extractors that read them per sentence, trigger, place or quote call `doc_text(doc)`,
`doc_ents(doc)`, `span_ents(span)` and `entity_at(token)` instead, which keep the first result in
`doc.user_data` (docs are never modified after the parse).

The cached Spans cannot be serialised: a Doc goes into a DocBin before extraction, never after.
They also refer back to their Doc: `forget(doc)` drops the cache, so a Doc no longer needed is freed
at once rather than at Python's next full garbage collection (with its tensor, a large Doc).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Span, Token

_TEXT = "conflictnews.text"
_ENTS = "conflictnews.ents"


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def _ents(doc: Doc) -> tuple[tuple[Span, ...], list[int]]:
    cached = doc.user_data.get(_ENTS)
    if cached is None:
        ents = tuple(doc.ents)
        cached = doc.user_data[_ENTS] = (ents, [e.start for e in ents])
    return cached


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """doc.ents, in token order."""
    return _ents(doc)[0]


def span_ents(span: Span) -> list[Span]:
    """The entities wholly inside span, as span.ents gives them."""
    ents, starts = _ents(span.doc)
    first = bisect_left(starts, span.start)
    last = bisect_right(starts, span.end - 1)
    return [e for e in ents[first:last] if e.end <= span.end]


def entity_at(token: Token) -> Span | None:
    """The entity that covers token, if any."""
    ents, starts = _ents(token.doc)
    n = bisect_right(starts, token.i) - 1
    if n >= 0 and ents[n].end > token.i:
        return ents[n]
    return None


def forget(doc: Doc) -> None:
    """Drop what this module cached on doc."""
    doc.user_data.pop(_TEXT, None)
    doc.user_data.pop(_ENTS, None)

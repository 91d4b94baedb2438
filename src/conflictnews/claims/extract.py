"""Claims of parsed articles: attribution, speaker, stance and event link of each, as a CLAIMS table."""

from __future__ import annotations

import pyarrow as pa
from spacy.tokens import Doc

from .. import schemas
from ..doctext import doc_text
from ..ids import stable_id
from ..tables import to_table
from .attribution import Attribution, find_attributions, quote_spans
from .lexicon import load_lexicon
from .linking import EventSpan, events_by_article, link_event
from .speakers import SpeakerResolver
from .stance import classify_stance

__all__ = ["extract_claims", "article_claims"]


def _sentence_bounds(doc: Doc, attribution: Attribution) -> tuple[int, int, list[tuple[int, int]]]:
    """Character span of the claim's sentences (cue and content) and of the sentences next to them."""
    cue_sent = doc[attribution.cue_token].sent
    start = min(cue_sent.start_char, attribution.content_start)
    end = max(cue_sent.end_char, attribution.content_end)
    sents = list(doc.sents)
    inside = [i for i, s in enumerate(sents) if s.start_char < end and s.end_char > start]
    neighbours = []
    if inside:
        start, end = min(start, sents[inside[0]].start_char), max(end, sents[inside[-1]].end_char)
        for i in (inside[0] - 1, inside[-1] + 1):
            if 0 <= i < len(sents):
                neighbours.append((sents[i].start_char, sents[i].end_char))
    return start, end, neighbours


def article_claims(article_id: str, text: str, doc: Doc, events: list[EventSpan]) -> list[dict]:
    """CLAIMS rows (dicts) of one article; doc must be the parse of exactly this text, events its mentions."""
    if doc_text(doc) != text:
        raise ValueError(f"article {article_id}: the parsed Doc's text differs from articles.text; re-run the parse")
    lexicon = load_lexicon()
    attributions = find_attributions(doc, lexicon)
    reported = quote_spans(text) + [(a.content_start, a.content_end) for a in attributions]
    resolver = SpeakerResolver(doc, lexicon, reported)
    rows = []
    for attribution in sorted(attributions, key=lambda a: (a.speaker_start, a.content_start)):
        start, end = attribution.content_start, attribution.content_end
        content = text[start:end]
        speaker = resolver.resolve(attribution)
        span = doc.char_span(start, end, alignment_mode="expand")
        assert span is not None and content, f"article {article_id}: bad content span {start}:{end}"
        stance = classify_stance(attribution.cue_stance, attribution.cue_negated, span, lexicon)
        sent_start, sent_end, neighbours = _sentence_bounds(doc, attribution)
        event_id = link_event(events, (start, end), (sent_start, sent_end), neighbours, text[sent_start:sent_end])
        rows.append(
            {
                "claim_id": stable_id("claim", article_id, start, end),
                "article_id": article_id,
                "speaker": speaker.text,
                "speaker_resolved": speaker.resolved,
                "speaker_type": speaker.speaker_type,
                "cue": attribution.cue,
                "attribution": attribution.kind,
                "content": content,
                "stance": stance,
                "event_id": event_id,
                "char_start": start,
                "char_end": end,
            }
        )
    for row in rows:  # offsets round-trip: the promise of the claims table
        assert text[row["char_start"] : row["char_end"]] == row["content"], row["claim_id"]
    return rows


def extract_claims(articles: pa.Table, docs: dict[str, Doc], events: pa.Table) -> pa.Table:
    """Claims of every article that has a parsed Doc, as a CLAIMS table sorted by claim_id."""
    rows: list[dict] = []
    mentions = events_by_article(events)
    for article_id, text in zip(
        articles.column("article_id").to_pylist(), articles.column("text").to_pylist(), strict=True
    ):
        doc = docs.get(article_id)
        if doc is None:
            raise KeyError(f"article {article_id}: no parsed Doc; the docs shard does not match the articles table")
        rows.extend(article_claims(article_id, text, doc, mentions.get(article_id, [])))
    return to_table(rows, schemas.CLAIMS, sort_by="claim_id")

"""clean: RAW_ARTICLES of one source -> CLEAN_ARTICLES and clean-stage quarantine rows.

Per article: normalise (normalize.py), strip a date header and a title line (metadata.py),
undo tokenisation (detokenize.py), strip the wire byline (metadata.py), classify lines
(boilerplate.py), then, with a case dictionary learned from the source's cased articles,
restore the case of lower-cased ones (truecase.py); finally language and length checks.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

import pyarrow as pa

from ..quarantine import quarantine_row
from ..schemas import CLEAN_ARTICLES, QUARANTINE
from ..tables import to_table
from . import metadata
from .boilerplate import classify_blocks
from .detokenize import detokenize
from .language import detect_language
from .normalize import join_paragraphs, normalize_text, split_blocks
from .truecase import build_corpus_dictionary, combined_dictionary, is_lowercased, truecase

__all__ = ["clean_articles", "clean_text"]

DEFAULTS = {"min_chars": 200, "max_chars": 1_000_000, "heading_max_words": 8}
# A record whose raw text is mostly HTML/XML tags is a web page (login form, index), not an article.
MARKUP_TAG = re.compile(r"<[A-Za-z!/?][^<>]*>")
MAX_MARKUP_SHARE = 0.3


def markup_share(text: str) -> float:
    """Share of the characters that are inside markup tags."""
    return sum(len(tag) for tag in MARKUP_TAG.findall(text)) / max(1, len(text))


@dataclass(slots=True)
class Draft:
    """One article on its way through the stage."""

    paragraphs: list[str]
    headings: list[str]
    removed: dict[str, int]
    title: str | None = None
    title_from_text: bool = False
    header_date: date | None = None
    dateline: str | None = None
    byline_outlet: str | None = None
    byline_date: str | None = None
    lowercased: bool = False
    extra: dict = field(default_factory=dict)


def clean_text(text: str, title: str | None = None, heading_max_words: int = 8) -> Draft:
    """Everything that needs only the article itself (no case restoration)."""
    text = normalize_text(text)
    lowercased = is_lowercased(text)
    text = detokenize(text)
    header_date, text = metadata.strip_date_header(text)
    title_from_text = False
    if title:
        text = metadata.strip_leading_title(text, title)
    else:
        title, text = metadata.split_title_line(text)
        title_from_text = title is not None
        if title_from_text and header_date is None:
            header_date, text = metadata.strip_date_header(text)
    byline, text = metadata.strip_byline(text)
    classified = classify_blocks(split_blocks(text), heading_max_words)
    return Draft(
        paragraphs=classified.paragraphs,
        headings=classified.headings,
        removed=dict(classified.removed),
        title=title,
        title_from_text=title_from_text,
        header_date=header_date,
        dateline=byline.dateline,
        byline_outlet=byline.outlet,
        byline_date=byline.date_text,
        lowercased=lowercased,
    )


def _published(row: dict, draft: Draft) -> tuple[date | None, str | None]:
    found = metadata.parse_field_date(row.get("published"))
    if found is not None:
        return found, "field"
    if draft.header_date is not None:
        return draft.header_date, "header"
    found = metadata.dateline_date(draft.byline_date)
    if found is not None:
        return found, "dateline"
    return None, None


def clean_articles(raw: pa.Table, cfg: dict) -> tuple[pa.Table, pa.Table]:
    """Clean one source's RAW_ARTICLES table with config["clean"].

    Returns (CLEAN_ARTICLES sorted by article_id, QUARANTINE rows of stage "clean").
    """
    settings = {**DEFAULTS, **(cfg or {})}
    min_chars, max_chars = int(settings["min_chars"]), int(settings["max_chars"])
    heading_max_words = int(settings["heading_max_words"])
    rows = raw.to_pylist()
    drafts = [clean_text(row["text"], row.get("title"), heading_max_words) for row in rows]

    corpus = build_corpus_dictionary("\n\n".join(d.paragraphs) for d in drafts if not d.lowercased)
    cases = combined_dictionary(corpus) if any(d.lowercased for d in drafts) else None

    kept, rejected = [], []
    for row, draft in zip(rows, drafts, strict=True):
        paragraphs, headings, title = draft.paragraphs, draft.headings, draft.title
        if draft.lowercased and cases is not None:
            paragraphs = [truecase(p, cases) for p in paragraphs]
            headings = [truecase(h, cases) for h in headings]
            if draft.title_from_text and title:
                title = truecase(title, cases)
        text = join_paragraphs(paragraphs)

        def reject(reason: str, detail: str, row: dict = row) -> None:
            rejected.append(
                quarantine_row(
                    source=row["source"],
                    raw_path=row["raw_path"],
                    raw_locator=row["raw_locator"],
                    stage="clean",
                    reason=reason,
                    detail=detail,
                    source_id=row["source_id"],
                    article_id=row["article_id"],
                )
            )

        share = markup_share(row["text"])
        if share > MAX_MARKUP_SHARE:
            reject("markup", f"{share:.0%} of the raw text is HTML/XML tags: a web page, not an article")
            continue
        if len(text) < min_chars:
            reject("too_short", f"{len(text)} characters after cleaning, clean.min_chars is {min_chars}")
            continue
        if len(text) > max_chars:
            reject("too_long", f"{len(text)} characters after cleaning, clean.max_chars is {max_chars}")
            continue
        language = (row.get("language") or "").strip().lower() or detect_language(text)
        if language is not None and language not in ("en", "eng", "english"):
            reject("not_english", f"language {language!r} ({'field' if row.get('language') else 'detected'})")
            continue
        outlet, outlet_source = row.get("outlet"), "field" if row.get("outlet") else None
        if outlet is None and draft.byline_outlet:
            outlet, outlet_source = draft.byline_outlet, "byline"
        published, published_source = _published(row, draft)
        kept.append(
            {
                "article_id": row["article_id"],
                "source": row["source"],
                "source_id": row["source_id"],
                "raw_path": row["raw_path"],
                "raw_locator": row["raw_locator"],
                "raw_sha256": row["raw_sha256"],
                "outlet": outlet,
                "outlet_source": outlet_source,
                "dateline": draft.dateline,
                "published_date": published,
                "published_date_source": published_source,
                "title": title,
                "text": text,
                "headings": headings,
                "language": "en" if language in ("en", "eng", "english") else language,
                "was_lowercased": draft.lowercased,
                "boilerplate_removed": json.dumps(draft.removed, sort_keys=True, separators=(",", ":")),
            }
        )
    return (
        to_table(kept, CLEAN_ARTICLES, sort_by="article_id"),
        to_table(rejected, QUARANTINE, sort_by="quarantine_id"),
    )

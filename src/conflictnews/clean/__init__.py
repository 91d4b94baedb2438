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

DEFAULTS = {"min_chars": 200, "max_chars": 1_000_000, "heading_max_words": 8, "max_date": None}


def _max_date(value: object) -> date | None:
    """clean.max_date: inferred or mapped dates after it are null (no check against the clock)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"clean.max_date: {value!r} is not a YYYY-MM-DD date") from None


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
    text_date: date | None = None
    dateline: str | None = None
    byline_outlet: str | None = None  # the outlet inferred from the text (title, author, byline or credit)
    outlet_source: str | None = None
    byline_date: str | None = None
    lowercased: bool = False
    extra: dict = field(default_factory=dict)


def _strip_top(text: str, title: str | None) -> tuple[str, dict]:
    """Date header, author, title repeat and masthead at the top, in whatever order they come."""
    found: dict = {"date": None, "author": None, "title": None, "title_from_text": False, "masthead": []}
    for _ in range(3):  # each pass removes at most one of each; pages put them in any order
        before = text
        if found["date"] is None:
            found["date"], text = metadata.strip_date_header(text)
            if found["date"] is None:
                masthead_date, prefix, rest = metadata.strip_masthead_date(text)
                if masthead_date is not None:
                    found["date"], text = masthead_date, rest
                    found["masthead"].append(prefix)
        if found["author"] is None:
            found["author"], text = metadata.strip_author(text, title)
        if title:
            text = metadata.strip_leading_title(text, title)
        elif found["title"] is None:
            found["title"], text = metadata.split_title_line(text)
            found["title_from_text"] = found["title"] is not None
        if text == before:
            break
    return text, found


def clean_text(text: str, title: str | None = None, heading_max_words: int = 8) -> Draft:
    """Everything that needs only the article itself (no case restoration)."""
    lead_chars = int(metadata.setting("lead_chars"))
    text = normalize_text(text)
    lowercased = is_lowercased(text)
    text = detokenize(text)
    text, top = _strip_top(text, title)
    title_from_text = top["title_from_text"]
    if not title:
        title = top["title"]
    byline, text = metadata.strip_byline(text)
    if byline.outlet is None and byline.dateline is None:
        byline, text = metadata.find_lead_byline(text, lead_chars)
    removed: dict[str, int] = {}
    leading_credit = None
    if top["date"] is not None or (title and not top["title_from_text"]):
        leading_credit, text = metadata.strip_leading_credit(text)
        if leading_credit:
            removed["credit"] = 1
    text_date = None
    if top["date"] is None:
        text_date, text = metadata.find_date_line(text, int(metadata.setting("date_line_max_lines")))
        if text_date is not None:
            removed["date_line"] = 1
    masthead = [m for m in top["masthead"] if m]
    # an agency named in the masthead is a credit; the rest of it (section, time) is dropped too
    credit = next((metadata.outlet_name(m) for m in masthead if metadata.outlet_name(m)), leading_credit)
    if masthead:
        removed["masthead"] = len(masthead)
    outlet, outlet_source = metadata.title_outlet(title), "title"
    if outlet is None and metadata.outlet_name(top["author"]):
        outlet, outlet_source = metadata.outlet_name(top["author"]), "author"
    if outlet is None and byline.outlet:
        outlet, outlet_source = byline.outlet, "byline"
    if outlet is None:
        credit = credit or metadata.find_credit(text, lead_chars)
        if credit:
            outlet, outlet_source = credit, "credit"
    if outlet is None:
        outlet_source = None
    classified = classify_blocks(split_blocks(text), heading_max_words)
    for kind, n in classified.removed.items():
        removed[kind] = removed.get(kind, 0) + n
    return Draft(
        paragraphs=classified.paragraphs,
        headings=classified.headings,
        removed=removed,
        title=title,
        title_from_text=title_from_text,
        header_date=top["date"],
        text_date=text_date,
        dateline=byline.dateline,
        byline_outlet=outlet,
        outlet_source=outlet_source,
        byline_date=byline.date_text,
        lowercased=lowercased,
    )


def _published(row: dict, draft: Draft, max_date: date | None) -> tuple[date | None, str | None]:
    candidates = (
        (metadata.parse_field_date(row.get("published")), "field"),
        (draft.header_date, "header"),
        (metadata.dateline_date(draft.byline_date), "dateline"),
        (draft.text_date, "text"),
    )
    for found, provenance in candidates:
        found = metadata.sanity(found, max_date)
        if found is not None:
            return found, provenance
    return None, None


def clean_articles(raw: pa.Table, cfg: dict) -> tuple[pa.Table, pa.Table]:
    """Clean one source's RAW_ARTICLES table with config["clean"].

    Returns (CLEAN_ARTICLES sorted by article_id, QUARANTINE rows of stage "clean").
    """
    settings = {**DEFAULTS, **(cfg or {})}
    min_chars, max_chars = int(settings["min_chars"]), int(settings["max_chars"])
    heading_max_words = int(settings["heading_max_words"])
    max_date = _max_date(settings["max_date"])
    rows = raw.to_pylist()
    drafts = [clean_text(row["text"], row.get("title"), heading_max_words) for row in rows]

    cases = None
    if any(d.lowercased for d in drafts):  # the corpus's own casing is learned only when needed
        corpus = build_corpus_dictionary("\n\n".join(d.paragraphs) for d in drafts if not d.lowercased)
        cases = combined_dictionary(corpus)

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
            outlet, outlet_source = draft.byline_outlet, draft.outlet_source
        published, published_source = _published(row, draft, max_date)
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

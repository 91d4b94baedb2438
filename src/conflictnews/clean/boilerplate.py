"""Line classifiers: what in an article is not body text.

Every line gets a kind: "body", "caption", "credit", "repeated", "link", "signoff" or
"heading". Headings move to the `headings` column; the other non-body kinds are dropped and
counted. Patterns live in resources/clean/boilerplate.yaml and agencies.csv.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .resources import agency_alternation, load_yaml

# A line ending like this is a sentence (or a quote, or a list intro), not a heading.
_SENTENCE_END = re.compile(r"[.!?:;…\"”’'»)\]]$")
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Patterns:
    attribution: re.Pattern
    caption_prefixes: list[re.Pattern]
    caption_verbs: re.Pattern
    photo_date: re.Pattern
    trailing_credit: list[re.Pattern]
    credit: list[re.Pattern]
    credit_max_words: int
    link: list[re.Pattern]
    link_max_words: int
    signoff: list[re.Pattern]
    trailing_signoff: re.Pattern


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    cfg = load_yaml("boilerplate.yaml")
    agency = agency_alternation()

    def rx(p: str) -> re.Pattern:
        return re.compile(p.replace("{agency}", agency), re.I)

    return Patterns(
        attribution=rx(cfg["attribution"]),
        caption_prefixes=[rx(p) for p in cfg["caption"]["prefixes"]],
        caption_verbs=rx(cfg["caption"]["verbs"]),
        photo_date=rx(cfg["caption"]["photo_date"]),
        trailing_credit=[rx(p) for p in cfg["caption"]["trailing_credit"]],
        credit=[rx(p) for p in cfg["credit"]["patterns"]],
        credit_max_words=int(cfg["credit"]["max_words"]),
        link=[rx(p) for p in cfg["link"]["patterns"]],
        link_max_words=int(cfg["link"]["max_words"]),
        signoff=[rx(p) for p in cfg["signoff"]["patterns"]],
        trailing_signoff=rx(cfg["signoff"]["trailing"]),
    )


def word_count(line: str) -> int:
    return len(_WORD.findall(line))


def is_credit(line: str) -> bool:
    """A lone agency or photographer credit: "AFP", "Reuters/Jane Doe", "Photo: ..."."""
    p = patterns()
    return word_count(line) <= p.credit_max_words and any(rx.search(line) for rx in p.credit)


def is_caption(line: str) -> bool:
    """A line describing a picture: picture cue + photo date, or an embedded credit; never a statement."""
    p = patterns()
    if any(rx.search(line) for rx in p.caption_prefixes):
        return True
    if word_count(line) > 80:
        return False
    if any(rx.search(line) for rx in p.trailing_credit) and word_count(line) > p.credit_max_words:
        return True
    if p.attribution.search(line):
        return False
    return bool(p.caption_verbs.search(line) and p.photo_date.search(line))


def is_link(line: str) -> bool:
    """Share buttons, "read more", bare URLs."""
    p = patterns()
    return word_count(line) <= p.link_max_words and any(rx.search(line) for rx in p.link)


def is_signoff(line: str) -> bool:
    """ "(Reporting by ...; Editing by ...)", copyright footers."""
    return any(rx.search(line) for rx in patterns().signoff)


def strip_trailing_signoff(line: str) -> tuple[str, bool]:
    """Remove a sign-off glued to the end of a body line."""
    new = patterns().trailing_signoff.sub("", line)
    return new.rstrip(), new != line


def is_short_unpunctuated(line: str, max_words: int) -> bool:
    """Heading shape: few words, no sentence-final punctuation, some letters."""
    return 0 < word_count(line) <= max_words and not _SENTENCE_END.search(line) and any(c.isalpha() for c in line)


def _key(line: str) -> str:
    return " ".join(_WORD.findall(line.lower()))


@dataclass(slots=True)
class Classified:
    paragraphs: list[str]
    headings: list[str]
    removed: Counter = field(default_factory=Counter)


def classify_blocks(blocks: list[list[str]], heading_max_words: int) -> Classified:
    """Classify every line of the blank-line separated blocks; rebuild body paragraphs.

    Inside a block, a line continues the previous one (hard wrap) when that one has no
    sentence-final punctuation and is longer than a heading; otherwise it starts a paragraph.
    """
    lines: list[tuple[int, int, str]] = [(b, i, line) for b, block in enumerate(blocks) for i, line in enumerate(block)]
    kinds: list[str] = []
    seen: set[str] = set()
    for b, i, line in lines:
        key = _key(line)
        prev = blocks[b][i - 1] if i > 0 else None
        continuation = prev is not None and not _SENTENCE_END.search(prev) and word_count(prev) > heading_max_words
        if continuation:
            kind = "body"
        elif is_signoff(line):
            kind = "signoff"
        elif is_credit(line):
            kind = "credit"
        elif is_link(line):
            kind = "link"
        elif word_count(line) >= 4 and key in seen:
            kind = "repeated"
        elif is_caption(line):
            kind = "caption"
        elif is_short_unpunctuated(line, heading_max_words):
            kind = "heading"
        else:
            kind = "body"
        if word_count(line) >= 4:
            seen.add(key)
        kinds.append(kind)

    # A short line after the last body paragraph is a link label, not a heading.
    body_positions = [n for n, k in enumerate(kinds) if k == "body"]
    last_body = body_positions[-1] if body_positions else -1
    for n in range(last_body + 1, len(kinds)):
        if kinds[n] == "heading":
            kinds[n] = "link"

    result = Classified(paragraphs=[], headings=[])
    current: list[str] = []
    current_block = -1
    for (b, _i, line), kind in zip(lines, kinds, strict=True):
        if kind == "heading":
            result.headings.append(line)
        if kind != "body":
            result.removed[kind] += 1
            if current:
                result.paragraphs.append(" ".join(current))
                current = []
            continue
        if current and (
            b != current_block or _SENTENCE_END.search(current[-1]) or word_count(current[-1]) <= heading_max_words
        ):
            result.paragraphs.append(" ".join(current))
            current = []
        current.append(line)
        current_block = b
    if current:
        result.paragraphs.append(" ".join(current))

    if result.paragraphs:
        last, stripped = strip_trailing_signoff(result.paragraphs[-1])
        if stripped:
            result.removed["signoff"] += 1
            result.paragraphs[-1] = last
            if not last:
                result.paragraphs.pop()
    return result

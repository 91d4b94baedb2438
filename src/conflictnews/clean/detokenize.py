"""Undo the tokenisation of wire copies ("russia s defense ministry , officials said .").

Applied only when a text looks tokenised (punctuation often preceded by a space), so normal
text is never touched.
"""

from __future__ import annotations

import re

_SPACED_PUNCT = re.compile(r"\w [,.;:?!](?=\s|$)")
_TIGHT_PUNCT = re.compile(r"\w[,.;:?!](?=\s|$)")

_RULES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"``\s*|''"), '"'),
    (re.compile(r" ([,.;:?!%])(?=\s|$|[\"')\]])"), r"\1"),
    (re.compile(r"([(\[]) "), r"\1"),
    (re.compile(r" ([)\]])"), r"\1"),
    (re.compile(r"(\w) (n't)\b", re.I), r"\1\2"),
    (re.compile(r"(\w) '(s|re|ve|ll|m|d)\b", re.I), r"\1'\2"),
    # possessive with the apostrophe lost: "russia s defense" -> "russia's defense"
    (re.compile(r"(\w{2,}) s(?=[\s,.;:!?]|$)"), r"\1's"),
    (re.compile(r"(\d) (st|nd|rd|th)\b"), r"\1\2"),
    (re.compile(r"\$ (\d)"), r"$\1"),
)


def looks_tokenized(text: str, min_hits: int = 3) -> bool:
    """True when punctuation preceded by a space is frequent and outnumbers normal punctuation."""
    spaced = len(_SPACED_PUNCT.findall(text))
    tight = len(_TIGHT_PUNCT.findall(text))
    return spaced >= min_hits and spaced > tight


def _fix_quotes(line: str) -> str:
    """Straight double quotes alternate open/close: no space inside the quotes."""
    parts = line.split('"')
    if len(parts) < 3 or len(parts) % 2 == 0:
        return line
    out = [parts[0]]
    for i, part in enumerate(parts[1:], start=1):
        if i % 2 == 1:  # inside quotes
            out.append(part.strip())
        else:
            out.append(part)
    return '"'.join(out)


def detokenize_line(line: str) -> str:
    for pattern, repl in _RULES:
        line = pattern.sub(repl, line)
    line = _fix_quotes(line)
    return re.sub(r" {2,}", " ", line).strip()


def detokenize(text: str) -> str:
    """Detokenise every line of a tokenised text; any other text is returned unchanged."""
    if not looks_tokenized(text):
        return text
    return "\n".join(detokenize_line(line) for line in text.split("\n"))

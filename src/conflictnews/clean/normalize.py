"""Unicode and whitespace normalisation; paragraphs as blank-line separated blocks."""

from __future__ import annotations

import re
import unicodedata

import ftfy

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """NFC + ftfy, one space between words, '\\n' line breaks, stripped lines, at most one blank line in a row."""
    text = ftfy.fix_text(text, normalization="NFC")
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _INVISIBLE.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def split_blocks(text: str) -> list[list[str]]:
    """Blank-line separated blocks, each a list of non-empty lines."""
    blocks = []
    for chunk in text.split("\n\n"):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if lines:
            blocks.append(lines)
    return blocks


def join_paragraphs(paragraphs: list[str]) -> str:
    """The output text: paragraphs separated by one blank line."""
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())

"""The matching form of a text: what two copies of one article have in common.

A wire copy may be lower-cased and tokenized ("amman ( reuters ) - russia s defense ministry ,
said") while another copy is cased and typeset ("AMMAN (Reuters) - Russia's defense ministry,
said"). Both must give the same tokens, so the matching form is:

1. Unicode NFKC, then case folding, then accents stripped (NFKD without combining marks);
2. apostrophes of every kind deleted, so "Russia's" -> "russias" and "Russia ' s" -> "russia s";
3. everything that is not a letter or digit is a separator (punctuation, quotes, dashes);
4. a clitic left standing alone by a tokenizer ("russia s", "do nt") is joined to the word
   before it; the clitics are listed in resources/dedup/clitics.csv.

The same function runs on every text, so a join that is wrong for a rare word ("vitamin d")
is wrong the same way in both copies and changes no match.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from importlib import resources

# Every apostrophe-like character: ASCII, typographic, modifier letters, primes, accents used as quotes.
_APOSTROPHES = re.compile("['\u2018\u2019\u201a\u201b\u02bc\u02bb\u02b9\u2032\u0060\u00b4]")
# Letters and digits only; "_" counts as punctuation.
_TOKEN = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1)
def clitics() -> frozenset[str]:
    """Word endings that tokenizers split off after the apostrophe (resources/dedup/clitics.csv)."""
    path = resources.files("conflictnews") / "resources" / "dedup" / "clitics.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or "clitic" not in rows[0]:
        raise ValueError(f"{path}: expected a 'clitic' column")
    return frozenset(row["clitic"].strip().casefold() for row in rows if row["clitic"].strip())


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return text


def tokens(text: str | None) -> list[str]:
    """Matching tokens of a text (see the module docstring)."""
    if not text:
        return []
    words = _TOKEN.findall(_APOSTROPHES.sub("", _fold(text)))
    joinable = clitics()
    if joinable.isdisjoint(words):
        return words
    out: list[str] = []
    for word in words:
        if word in joinable and out and out[-1].isalpha():
            out[-1] += word
        else:
            out.append(word)
    return out


def normalize_text(text: str | None) -> str:
    """The matching form as one string: tokens joined by single spaces."""
    return " ".join(tokens(text))

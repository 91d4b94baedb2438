"""Death and injury figures that belong syntactically to a death or injury word.

A figure counts only when it is attached on the parse to a word of resources/events/casualty_words.csv
in the same sentence: the object of an active "killed", the subject of a passive "were killed" or of
"died", a numeric modifier of "bodies"/"deaths" ("152 bodies"), "the death toll rose to 40". A
number next to another noun ("279 civilians rescued", "six hospitals") does not count.

Figures map to UCDP-style low/best/high through resources/events/quantities.csv: a bare number is exact
(low = best = high), "at least N" sets low = best = N and no high, "up to N" sets best = high = N,
"about N" sets best only; vague amounts ("dozens") carry the values written in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from conflictnews.datafiles import read_csv

PEOPLE_DEPS = {"dobj", "nsubjpass", "nsubj", "attr"}


@dataclass(slots=True)
class Figure:
    kind: str  # death or injury
    low: int | None
    best: int | None
    high: int | None
    word: Token  # the death or injury word it belongs to


@lru_cache(maxsize=1)
def _words() -> dict[tuple[str, str], str]:
    return {(r["lemma"].lower(), r["pos"]): r["kind"] for r in read_csv("events", "casualty_words.csv")}


@lru_cache(maxsize=1)
def _quantities() -> dict[str, dict[str, str]]:
    return {r["phrase"].lower(): r for r in read_csv("events", "quantities.csv")}


def _int(value: str) -> int | None:
    return int(value) if value else None


def parse_number(text: str) -> int | None:
    """'150', '1,200', 'nine', 'fifty-two', 'two hundred', '3 thousand' -> int; None if not a number."""
    text = text.lower().strip()
    if re.fullmatch(r"\d{1,3}(,\d{3})+|\d+", text):
        return int(text.replace(",", ""))
    quantities = _quantities()
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", text):
        if word in {"and", "a"}:
            continue
        if re.fullmatch(r"\d+(\.\d+)?", word):
            current += float(word)
            seen = True
            continue
        row = quantities.get(word)
        if row is None or row["kind"] != "number":
            return None
        value = int(row["best"])
        seen = True
        if value >= 100:
            current = (current or 1) * value
            if value >= 1000:
                total += current
                current = 0
        else:
            current += value
    return int(total + current) if seen else None


def _quantity_tokens(head: Token) -> list[Token]:
    """The number words of a noun phrase: nummod / quantmod children, or the head itself if it is one."""
    if head.like_num and head.is_alpha:
        return [head]  # "Four killed": a number word heading its phrase ("18 October 2016 Four ...")
    nums = [c for c in head.children if c.dep_ in {"nummod"} or (c.like_num and c.dep_ in {"amod", "compound"})]
    if not nums and (head.like_num or head.lower_ in _quantities()):
        return [head]
    return nums


def _figure_from(num: Token) -> tuple[int | None, int | None, int | None] | None:
    """Read a figure and its modifier from the words around a number token."""
    doc = num.doc
    # the number's own words: its subtree in text order (quantmods like 'at least', 'more than a')
    sub = sorted(num.subtree, key=lambda t: t.i)
    sub = [t for t in sub if t.i <= num.i and t.dep_ != "prep"]
    start = sub[0].i if sub else num.i
    # modifiers the parser left outside the subtree: look back up to three words
    left = max(0, start - 3)
    words = [t.lower_ for t in doc[left : num.i + 1]]
    phrase = " ".join(words)
    quantities = _quantities()
    # vague amount, longest phrase first ("tens of thousands" before "thousands")
    number_text = num.text
    following_of = num.i + 2 < len(doc) and doc[num.i + 1].lower_ == "of" and doc[num.i + 2].lower_ in quantities
    if following_of:
        number_text = f"{num.lower_} of {doc[num.i + 2].lower_}"
    vague = None
    for key in sorted(quantities, key=len, reverse=True):
        row = quantities[key]
        if row["kind"] == "vague" and (phrase.endswith(key) or number_text.lower() == key):
            vague = row
            break
    if vague is not None:
        if not vague["best"]:
            return None
        low, best, high = _int(vague["low"]), _int(vague["best"]), _int(vague["high"])
        if re.search(r"\b(more than|over|at least)\b", phrase):
            high = None
        return low, best, high
    # a multi-word number ("two hundred"): join compound number tokens to the left
    first = num.i
    while True:
        if (
            first - 1 >= 0
            and doc[first - 1].like_num
            and doc[first - 1].is_alpha  # "two hundred", never "2014 six"
            and doc[first - 1].dep_ in {"compound", "nummod", "quantmod"}
        ):
            first -= 1
        elif first - 2 >= 0 and doc[first - 1].text == "-" and doc[first - 2].like_num and doc[first - 2].is_alpha:
            first -= 2  # "Thirty-five" split by the tokenizer
        else:
            break
    value = parse_number(doc[first : num.i + 1].text)
    if value is None:
        return None
    before = " ".join(t.lower_ for t in doc[max(0, first - 3) : first])
    kinds = {
        row["kind"]
        for key, row in quantities.items()
        if row["kind"] in {"floor", "ceiling", "approx"} and re.search(rf"(^|\s){re.escape(key)}$", before)
    }
    if "floor" in kinds:
        return value, value, None
    if "ceiling" in kinds:
        return None, value, value
    if "approx" in kinds:
        return None, value, None
    return value, value, value


def _people_of(word: Token) -> list[Token]:
    """Nouns whose count is the casualty figure of a death/injury word."""
    if word.pos_ == "VERB":
        passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in word.children)
        if word.lemma_.lower() in {"die", "perish"}:
            deps = {"nsubj"}
        elif passive:
            deps = {"nsubjpass"}
        else:
            deps = {"dobj"}
        out = [c for c in word.children if c.dep_ in deps]
        if (
            not out
            and word.dep_ in {"amod", "acl"}
            and (word.head.pos_ in {"NOUN", "PRON", "NUM"} or word.head.like_num)
        ):
            out = [word.head]  # "40 people killed in ...": participle on the noun
            if not _quantity_tokens(word.head):
                out = []
        if not out and deps == {"dobj"}:
            # "killed at least 10 civilians said the Observatory": the object parsed as the subject of a
            # reporting verb that follows without a comma; take the counted noun right after the verb
            out = [
                t
                for t in word.doc[word.i + 1 : min(word.i + 7, word.sent.end)]
                if t.pos_ == "NOUN"
                and t.head.i > word.i
                and t.head.pos_ == "VERB"
                and t.head.lemma_.lower() != "include"
                and _quantity_tokens(t)
            ][:1]
        if not out and word.dep_ in {"amod", "acl"} and word.head.pos_ in {"NOUN", "PRON"}:
            out = [word.head]  # "a woman killed in ...": counted as one below
        if not out and passive and word.dep_ == "conj":
            out = [c for c in word.head.children if c.dep_ == "nsubjpass"]
        return out
    if word.pos_ == "ADJ":
        if word.dep_ == "amod":
            return [word.head]
        if word.dep_ in {"oprd", "acomp"}:
            return [c for c in word.head.children if c.dep_ in {"dobj", "nsubj"}]
        return [word]
    # nouns: the word itself carries the count ("152 bodies", "dozens of deaths"), or "toll ... to 40",
    # or its 'of' object ("the lives of 18 civilians", "the death of five rescue workers")
    out = [word]
    for child in word.children:
        if child.dep_ == "prep" and child.lower_ == "of" and word.lemma_.lower() != "toll":
            out.extend(c for c in child.children if c.dep_ == "pobj")
    if word.dep_ == "pobj" and word.head.lower_ == "of" and word.head.head.pos_ in {"NOUN", "NUM"}:
        out.append(word.head.head)  # "dozens of dead"
    if word.lemma_.lower() == "toll":
        verb = word.head
        for child in [*verb.children, *word.children]:
            # "the toll rose to 40", "put the death toll at 58", "a death toll of 12", "the toll surpasses 130"
            if child.dep_ == "prep" and child.lower_ in {"to", "at", "of"}:
                out.extend(c for c in child.children if c.dep_ == "pobj" and (c.lower_ != "of" or c.like_num))
            if child.dep_ in {"attr", "dobj"} and child.i != word.i:
                out.append(child)
    return out


def _inflections(text: str) -> list[str]:
    """A title-cased word's possible lemmas ("Killed" -> kill, "Dies" -> die), for headlines the tagger misreads."""
    low = text.lower()
    forms = [low]
    for suffix, repl in (("ing", ""), ("ed", ""), ("ed", "e"), ("s", ""), ("d", "")):
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            forms.append(low[: len(low) - len(suffix)] + repl)
    return forms


def _headline_figure(word: Token) -> tuple[int | None, int | None, int | None] | None:
    """Headline word order the parser misses: "58 Killed in...", "30 Terrorists Killed", "Kurds Kill 83 Fighters"."""
    doc = word.doc
    sent = word.sent
    left = [t for t in doc[max(sent.start, word.i - 3) : word.i] if t.like_num]
    right = [t for t in doc[word.i + 1 : min(sent.end, word.i + 4)] if t.like_num]
    num = left[-1] if left else (right[0] if right else None)
    if num is None:
        return None
    between = doc[min(num.i, word.i) + 1 : max(num.i, word.i)]
    if any(t.pos_ in {"VERB", "AUX", "ADP", "PUNCT"} or t.like_num for t in between):
        return None
    return _figure_from(num)


def find_figures(sent: Span) -> list[Figure]:
    words = _words()
    figures: list[Figure] = []
    for token in sent:
        pos = "VERB" if token.pos_ in {"VERB", "AUX"} else token.pos_
        kind = words.get((token.lemma_.lower(), pos)) or words.get((token.lower_, pos))
        if kind is None and token.is_title and pos in {"PROPN", "NOUN"}:
            kind = next((words[(f, "VERB")] for f in _inflections(token.text) if (f, "VERB") in words), None)
            if kind is not None:
                value = _headline_figure(token)
                if value is not None:
                    figures.append(Figure(kind, *value, token))
            continue
        if kind is None:
            continue
        found = len(figures)
        for people in _people_of(token):
            if people.dep_ == "pobj" and people.head.lower_ == "of" and people.head.head.like_num:
                people = people.head.head
            if people.lemma_.lower() in {"total", "toll"} and not _quantity_tokens(people):
                # "a total of 14 fighters were killed"
                of = next((c for c in people.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                people = next((c for c in of.children if c.dep_ == "pobj"), people) if of is not None else people
            value = _noun_figure(people)
            if value is not None:
                figures.append(Figure(kind, *value, token))
            else:
                count = _singular_count(people)
                if count:
                    figures.append(Figure(kind, count, count, count, token))
                    break
                continue
            break
        if len(figures) == found and token.is_title:
            value = _headline_figure(token)  # "30 Terrorists Killed" tagged as a verb without a subject
            if value is not None:
                figures.append(Figure(kind, *value, token))
    return figures


def _noun_figure(people: Token) -> tuple[int | None, int | None, int | None] | None:
    """The figure of a people noun, summed over coordinated counted nouns ("31 jihadists and eight civilians")."""
    words = _words()

    def other_count(noun: Token) -> bool:
        # "4 martyrs and 13 injured", "50 dead and 200 others wounded": a count of another casualty word
        tokens = [noun, *(c for c in noun.children if c.dep_ in {"amod", "acl", "relcl"})]
        if noun.i + 1 < len(noun.doc):
            tokens.append(noun.doc[noun.i + 1])  # "200 others wounded" with "wounded" parsed elsewhere
        return (
            noun.pos_ == "NUM"
            or noun.lemma_.lower() == "other"
            or any(
                (t.lemma_.lower(), "VERB" if t.pos_ in {"VERB", "AUX"} else t.pos_) in words
                or t.lower_ in {"injured", "wounded"}
                for t in tokens
            )
        )

    total = None
    conjuncts = [c for c in people.conjuncts if c.i > people.i and not other_count(c)]
    for noun in [people, *conjuncts]:
        value = next((v for v in map(_figure_from, _quantity_tokens(noun)) if v is not None), None)
        if value is None:
            if noun is people:
                return None
            continue
        if total is None:
            total = value
        else:
            total = tuple(None if a is None or b is None else a + b for a, b in zip(total, value, strict=True))
    return total


def _singular_count(noun: Token) -> int:
    """People counted by singular nouns: 'a woman' = 1, 'a woman and a child' = 2; 0 if any is not singular."""
    nouns = [noun, *(c for c in noun.conjuncts if c.i > noun.i)]
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children):
        return 0  # "a total of 14 fighters", "a number of deaths": not one person
    if noun.tag_ != "NN" or not any(c.dep_ == "det" and c.lower_ in {"a", "an", "one"} for c in noun.children):
        return 0
    if not all(n.tag_ == "NN" for n in nouns):
        return 0
    return len(nouns)

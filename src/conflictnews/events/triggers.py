"""Event triggers on the dependency parse, with actor, target and assertion status.

A trigger is a VERB or NOUN whose lemma is in resources/events/triggers.csv. Its reading (event type)
is the first row whose context (resources/events/contexts.csv) occurs around it: among its modifiers,
subject, agent, object, its clause's other tokens, or the subject of the verb that governs a noun
trigger. Triggers of one type in one sentence merge into one mention.

is_asserted is False for negated or hypothetical mentions (resources/events/modality.csv): a negation
or modal auxiliary on the trigger or on the verbs of its clause chain, or a denial / plan / threat verb
anywhere above it ("denied allegations that jets had killed..."). Such mentions are kept, flagged, so a
denial stays visible in the data; the claims table carries who denied.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from conflictnews.events.datafiles import read_csv

SUBJECT_DEPS = {"nsubj", "csubj"}
ACTOR_MODIFIER_DEPS = {"compound", "amod", "poss", "nmod"}
TRAILING_PREPS = {"in", "at", "near", "during", "since", "after", "before", "across", "over", "for", "with"}
RELATIVE_PRONOUNS = {"who", "which", "that"}
# clause boundaries a modal or negation does not cross (an auxiliary on a relative clause's head
# says nothing about the event inside the clause)
CLAUSE_BOUNDARIES = {"relcl", "advcl", "ccomp", "acl", "parataxis", "ROOT"}


@dataclass(slots=True)
class Trigger:
    token: Token
    event_type: str
    actor: Span | None
    target: Span | None
    is_asserted: bool


@dataclass(slots=True)
class Mention:
    event_type: str
    sentence: Span
    triggers: list[Trigger] = field(default_factory=list)

    @property
    def trigger_text(self) -> str:
        seen: list[str] = []
        for t in self.triggers:
            if t.token.text not in seen:
                seen.append(t.token.text)
        return ", ".join(seen)

    @property
    def head(self) -> Token:
        return self.triggers[0].token

    @property
    def actor(self) -> Span | None:
        return next((t.actor for t in self.triggers if t.actor is not None), None)

    @property
    def target(self) -> Span | None:
        return next((t.target for t in self.triggers if t.target is not None), None)

    @property
    def is_asserted(self) -> bool:
        return any(t.is_asserted for t in self.triggers)


@lru_cache(maxsize=1)
def _lexicon() -> dict[tuple[str, str], list[tuple[str, str]]]:
    lex: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for row in read_csv("events", "triggers.csv"):
        lex[(row["lemma"].lower(), row["pos"])].append((row["event_type"], row["requires"]))
    return dict(lex)


@lru_cache(maxsize=1)
def _contexts() -> dict[str, frozenset[str]]:
    ctx: dict[str, set[str]] = defaultdict(set)
    for row in read_csv("events", "contexts.csv"):
        ctx[row["context"]].add(row["lemma"].lower())
    return {k: frozenset(v) for k, v in ctx.items()}


@lru_cache(maxsize=1)
def _modality() -> dict[str, str]:
    return {row["lemma"].lower(): row["kind"] for row in read_csv("events", "modality.csv")}


def _context_lemmas(token: Token) -> set[str]:
    """Lemmas around a trigger that can select its reading."""
    lemmas = {t.lemma_.lower() for t in token.subtree}
    lemmas |= {t.lower_ for t in token.subtree}
    head = token.head
    if token.dep_ in {"dobj", "pobj", "nsubjpass", "attr", "conj", "compound"} and head.i != token.i:
        # the verb that governs a noun trigger: "jets escalated strikes", "carried out strikes"
        verb = head.head if head.dep_ == "prep" else head
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS | {"agent", "compound", "amod"}:
                lemmas |= {t.lemma_.lower() for t in child.subtree}
    return lemmas


def _reading(token: Token) -> str | None:
    pos = "VERB" if token.pos_ in {"VERB", "AUX"} else token.pos_
    lemma = token.lemma_.lower()
    rows = _lexicon().get((lemma, pos))
    if rows is None and token.pos_ == "PROPN":
        rows = _lexicon().get((lemma, "NOUN"))
    if not rows:
        return None
    contexts = _contexts()
    lemmas = None
    for event_type, requires in rows:
        if not requires:
            return event_type
        if requires.startswith("sentence:"):
            sentence_lemmas = {t.lemma_.lower() for t in token.sent} | {t.lower_ for t in token.sent}
            if sentence_lemmas & contexts.get(requires.split(":", 1)[1], frozenset()):
                return event_type
            continue
        if lemmas is None:
            lemmas = _context_lemmas(token) - {lemma}
        if lemmas & contexts.get(requires, frozenset()):
            return event_type
    return None


def _phrase(token: Token) -> Span:
    """The token's noun phrase: its subtree without trailing place/time phrases ("in Idlib", "on Monday")
    or edge punctuation; never across a paragraph break."""
    doc = token.doc
    cut = [c for c in token.rights if c.dep_ == "prep" and c.lower_ in TRAILING_PREPS]
    sub = list(token.subtree)
    start, end = sub[0].i, sub[-1].i + 1
    if cut:
        end = min(end, cut[0].i)
    for t in doc[start:end]:
        if "\n" in t.text and t.i < token.i:
            start = t.i + 1
        elif "\n" in t.text and t.i > token.i:
            end = t.i
            break
    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1
    while start < end - 1 and (doc[start].is_punct or doc[start].dep_ in {"cc", "prep"}):
        start += 1
    return doc[start:end]


def _prep_object(token: Token, preps: set[str]) -> Token | None:
    for child in token.children:
        if child.dep_ in {"prep", "agent"} and child.lower_ in preps:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _verb_arguments(verb: Token) -> tuple[Token | None, Token | None]:
    """(actor, target) of a verb: active subject / 'by X' agent, and object / passive subject / 'on X'."""
    actor = target = None
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS and child.lower_ not in RELATIVE_PRONOUNS:
            actor = child
        elif child.dep_ == "agent":
            actor = next((c for c in child.children if c.dep_ == "pobj"), actor)
        elif child.dep_ in {"dobj", "nsubjpass"}:
            target = child
    if actor is None and verb.dep_ == "relcl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        if any(c.dep_ in SUBJECT_DEPS and c.lower_ in RELATIVE_PRONOUNS for c in verb.children):
            actor = verb.head  # "jets which killed ...": the relative pronoun stands for its head
    if actor is None and verb.dep_ == "conj":
        actor, _ = _verb_arguments(verb.head)
    if actor is None and verb.dep_ in {"pcomp", "xcomp"}:
        # "accused Moscow of killing": the accused party is the would-be actor
        gov = verb.head.head if verb.head.dep_ in {"prep", "conj"} else verb.head
        while gov.dep_ == "conj" and gov.pos_ == "ADP":
            gov = gov.head
        if gov.pos_ == "ADP":
            gov = gov.head
        actor = next((c for c in gov.children if c.dep_ == "dobj"), None)
    if target is None:
        target = _prep_object(verb, {"on", "against", "at"})
    return actor, target


def _noun_arguments(noun: Token) -> tuple[Token | None, Token | None]:
    """(actor, target) of a noun trigger: 'Russian strikes', 'strikes by jets', 'strikes on Idlib'."""
    actor = _prep_object(noun, {"by"})
    if actor is None:
        mods = [
            c for c in noun.children if c.dep_ in {"poss", "amod", "compound"} and c.pos_ in {"PROPN", "ADJ", "NOUN"}
        ]
        mods = [m for m in mods if m.ent_type_ in {"NORP", "ORG", "GPE", "PERSON"} or m.dep_ == "poss"]
        if mods:
            actor = mods[0]
    if actor is None and noun.dep_ == "dobj" and noun.head.lemma_.lower() in _contexts().get("conduct", frozenset()):
        actor = next((c for c in noun.head.children if c.dep_ in SUBJECT_DEPS), None)
    if actor is not None and actor.lower_ in RELATIVE_PRONOUNS:
        verb = actor.head
        actor = verb.head if verb.dep_ == "relcl" else None
    target = _prep_object(noun, {"on", "against", "targeting"})
    return actor, target


def _modifier_span(token: Token) -> Span:
    """An adjective or compound modifier with its coordination: 'Russian and Syrian'."""
    doc = token.doc
    sub = [t for t in token.subtree]
    return doc[sub[0].i : sub[-1].i + 1]


def _chain(token: Token):
    """Ancestors of a token, nearest first."""
    t = token
    while t.head.i != t.i:
        t = t.head
        yield t


def is_asserted(token: Token) -> bool:
    modality = _modality()
    # negation or modal on the trigger itself or the verbs of its clause chain
    t = token
    while True:
        for child in t.children:
            kind = modality.get(child.lower_)
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no" and t.i == token.i):
                return False
            if child.dep_ == "aux" and kind == "modal":
                return False
        if t.dep_ in CLAUSE_BOUNDARIES or t.head.i == t.i:
            break
        t = t.head
    # denial or hypothetical verb/noun anywhere above
    for anc in _chain(token):
        if modality.get(anc.lemma_.lower()) in {"deny", "hypothetical"}:
            return False
    return True


def find_triggers(sent: Span) -> list[Trigger]:
    triggers = []
    for token in sent:
        if token.pos_ not in {"VERB", "NOUN", "PROPN", "ADJ"}:
            continue
        event_type = _reading(token)
        if event_type is None:
            continue
        if token.pos_ == "VERB":
            actor, target = _verb_arguments(token)
        else:
            actor, target = _noun_arguments(token)
        actor_span = None
        if actor is not None:
            actor_span = _modifier_span(actor) if actor.dep_ in ACTOR_MODIFIER_DEPS else _phrase(actor)
        triggers.append(
            Trigger(token, event_type, actor_span, _phrase(target) if target is not None else None, is_asserted(token))
        )
    return triggers


def find_mentions(doc: Doc) -> list[Mention]:
    """One mention per event type per sentence, its triggers in text order."""
    mentions: list[Mention] = []
    for sent in doc.sents:
        by_type: dict[str, Mention] = {}
        for trig in find_triggers(sent):
            mention = by_type.get(trig.event_type)
            if mention is None:
                mention = by_type[trig.event_type] = Mention(trig.event_type, sent)
                mentions.append(mention)
            mention.triggers.append(trig)
    return mentions

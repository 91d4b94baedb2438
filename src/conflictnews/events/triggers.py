"""Event triggers on the dependency parse, with actor, target and assertion status.

A trigger is a VERB or NOUN whose lemma is in resources/events/triggers.csv. Its reading (event type)
is the first row whose context (resources/events/contexts.csv) occurs around it: among its modifiers,
subject, agent, object, its clause's other tokens, or the subject of the verb that governs a noun
trigger. Triggers of one type in one sentence merge into one mention.

A generic reading (a default row marked `generic` in triggers.csv: a bare "killed", "attack")
joins a trigger of a compatible method type in the same sentence (resources/events/compatible_types.csv):
"56 civilians were killed in strikes by the coalition" is one air strike, its figure included. A generic
mention with no method in its sentence takes the type of the article's nearest compatible specific mention
("A car bomb exploded in Homs. Ten people were killed." is an explosion twice).

is_aggregate is True for a running total over a period rather than one event: the trigger or its clause
has a "since" phrase ("have been killed since the conflict began"), or the war itself is its subject or
setting ("the war has killed more than 300,000", "killed in Syria's conflict"); the nouns are the
`aggregate_period` context of resources/events/contexts.csv.

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

from conflictnews.datafiles import read_csv

SUBJECT_DEPS = {"nsubj", "csubj"}
ACTOR_MODIFIER_DEPS = {"compound", "amod", "poss", "nmod"}
TRAILING_PREPS = {"in", "at", "near", "during", "since", "after", "before", "across", "over", "for", "with"}
# an actor's phrase also ends before a target phrase the parser attached to it ("attacks by jihadists on
# government-held areas": the areas are the target)
TARGET_PREPS = {"on", "against", "targeting"}
ACTOR_CUT_PREPS = TRAILING_PREPS | TARGET_PREPS
# an actor the text names only by a pronoun ("it is attacking ...") is left null: no coreference is
# resolved; a time ("last Tuesday's assault", "a strike on Monday") is neither actor nor target
TIME_ENTITIES = {"DATE", "TIME"}
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
    generic: bool = False
    is_aggregate: bool = False


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

    @property
    def is_aggregate(self) -> bool:
        return any(t.is_aggregate for t in self.triggers)


@lru_cache(maxsize=1)
def _lexicon() -> dict[tuple[str, str], list[tuple[str, str, bool]]]:
    lex: dict[tuple[str, str], list[tuple[str, str, bool]]] = defaultdict(list)
    for row in read_csv("events", "triggers.csv"):
        lex[(row["lemma"].lower(), row["pos"])].append((row["event_type"], row["requires"], row["generic"] == "yes"))
    return dict(lex)


@lru_cache(maxsize=1)
def _contexts() -> dict[str, frozenset[str]]:
    ctx: dict[str, set[str]] = defaultdict(set)
    for row in read_csv("events", "contexts.csv"):
        ctx[row["context"]].add(row["lemma"].lower())
    return {k: frozenset(v) for k, v in ctx.items()}


def context_lemmas(context: str) -> frozenset[str]:
    """The lemmas of one context of resources/events/contexts.csv (empty if it has none)."""
    return _contexts().get(context, frozenset())


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


def _reading(token: Token) -> tuple[str, bool] | None:
    """(event type, generic): generic when a default row marked generic (no method named) was taken."""
    pos = "VERB" if token.pos_ in {"VERB", "AUX"} else token.pos_
    lemma = token.lemma_.lower()
    rows = _lexicon().get((lemma, pos))
    if rows is None and token.pos_ in {"PROPN", "NOUN", "VERB"}:
        # headline case ("Airstrikes Kill 12") leaves the lemma capitalised or the tag wrong
        rows = _lexicon().get((token.lower_, pos)) or _lexicon().get((lemma, "NOUN" if pos == "PROPN" else pos))
        if rows is None and token.is_title:
            from conflictnews.events.casualties import _inflections

            rows = next((_lexicon()[(f, "VERB")] for f in _inflections(token.text) if (f, "VERB") in _lexicon()), None)
    if not rows:
        return None
    contexts = _contexts()
    lemmas = None
    for event_type, requires, generic in rows:
        if not requires:
            return event_type, generic
        if requires.startswith("sentence:"):
            sentence_lemmas = {t.lemma_.lower() for t in token.sent} | {t.lower_ for t in token.sent}
            if sentence_lemmas & contexts.get(requires.split(":", 1)[1], frozenset()):
                return event_type, False
            continue
        if lemmas is None:
            lemmas = _context_lemmas(token) - {lemma}
        if lemmas & contexts.get(requires, frozenset()):
            return event_type, False
    return None


def is_aggregate(token: Token) -> bool:
    """A running total over a period: a 'since' phrase on the trigger's clause, or the war as its subject/setting."""
    periods = _contexts().get("aggregate_period", frozenset())
    t = token
    while True:
        for child in t.children:
            if child.dep_ == "prep" and child.lower_ == "since":
                return True
            if child.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "since" for g in child.children):
                return True
            if child.dep_ in SUBJECT_DEPS and child.lemma_.lower() in periods:
                return True
            if child.dep_ == "prep" and child.lower_ in {"in", "during", "throughout", "of"}:
                if any(g.dep_ == "pobj" and g.lemma_.lower() in periods for g in child.children):
                    return True
        if t.dep_ in CLAUSE_BOUNDARIES or t.head.i == t.i:
            return False
        t = t.head


def _phrase(token: Token, cut_preps: set[str] = TRAILING_PREPS) -> Span:
    """The token's noun phrase: its subtree without trailing place/time phrases ("in Idlib", "on Monday"),
    a relative clause after a comma (", which were spearheaded by ...") or edge punctuation; never across a
    paragraph break."""
    doc = token.doc
    cut = [c.i for c in token.rights if c.dep_ == "prep" and c.lower_ in cut_preps]
    cut += [
        c.left_edge.i - 1
        for c in token.rights
        if c.dep_ == "relcl" and c.left_edge.i > token.i + 1 and doc[c.left_edge.i - 1].text == ","
    ]
    sub = list(token.subtree)
    start, end = sub[0].i, sub[-1].i + 1
    if cut:
        end = min(end, min(cut))
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
    for child in noun.children if actor is None else ():  # "strikes carried out by the coalition"
        if child.dep_ == "acl" and child.tag_ == "VBN":
            actor = _prep_object(child, {"by"})
            if actor is not None:
                break
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


def _is_event_noun(token: Token) -> bool:
    """A noun that names an event (a trigger noun of triggers.csv, whatever its reading)."""
    lexicon = _lexicon()
    return (token.lemma_.lower(), "NOUN") in lexicon or (token.lower_, "NOUN") in lexicon


def _is_time(span: Span | None) -> bool:
    """A phrase that is only a date or time ("last Tuesday's", "Sunday night"), punctuation aside."""
    words = [t for t in span if not t.is_punct] if span is not None else []
    return bool(words) and all(t.ent_type_ in TIME_ENTITIES for t in words)


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
        reading = _reading(token)
        if reading is None:
            continue
        event_type, generic = reading
        if token.pos_ == "VERB":
            actor, target = _verb_arguments(token)
            if actor is not None and actor.pos_ in {"NOUN", "PROPN"} and _is_event_noun(actor):
                # "Russian strikes killed 20": the strikes' own actor when they name one
                actor = _noun_arguments(actor)[0] or actor
        else:
            actor, target = _noun_arguments(token)
        if actor is not None and actor.pos_ == "PRON":
            actor = None
        if target is None and actor is not None and actor.pos_ != "ADJ":
            target = _prep_object(actor, TARGET_PREPS)  # "strikes by jets on Idlib", "on Idlib" attached to "jets"
        actor_span = None
        if actor is not None:
            actor_span = (
                _modifier_span(actor)
                if actor.dep_ in ACTOR_MODIFIER_DEPS
                else _phrase(actor, ACTOR_CUT_PREPS)
            )
        target_span = _phrase(target) if target is not None else None
        actor_span = None if _is_time(actor_span) else actor_span
        target_span = None if _is_time(target_span) else target_span
        triggers.append(
            Trigger(token, event_type, actor_span, target_span, is_asserted(token), generic, is_aggregate(token))
        )
    _join_generic(triggers)
    return triggers


@lru_cache(maxsize=1)
def _compatible() -> frozenset[tuple[str, str]]:
    pairs = {(r["event_type"], r["other_event_type"]) for r in read_csv("events", "compatible_types.csv")}
    return frozenset(pairs | {(b, a) for a, b in pairs})


# a generic trigger only takes a type that says more about the method: a bare killing can become a clash or a
# strike, a bare attack a strike, but a generic "bombing" (air strike) never becomes a clash
LESS_SPECIFIC = {"killing_execution": 0, "armed_clash": 1}


def _specificity(event_type: str) -> int:
    return LESS_SPECIFIC.get(event_type, 2)


def _join_generic(triggers: list[Trigger]) -> None:
    """A generic trigger takes the type of the nearest specific trigger of a compatible type in its sentence."""
    compatible = _compatible()
    specific = [t for t in triggers if not t.generic]
    for trig in triggers:
        if not trig.generic:
            continue
        options = [
            s
            for s in specific
            if (trig.event_type, s.event_type) in compatible
            and _specificity(s.event_type) > _specificity(trig.event_type)
        ]
        if options:
            nearest = min(options, key=lambda s: (abs(s.token.i - trig.token.i), s.token.i))
            trig.event_type = nearest.event_type


def find_mentions(doc: Doc) -> list[Mention]:
    """One mention per event type per sentence (running totals apart), its triggers in text order."""
    mentions: list[Mention] = []
    for sent in doc.sents:
        by_type: dict[tuple[str, bool], Mention] = {}
        for trig in find_triggers(sent):
            key = (trig.event_type, trig.is_aggregate)
            mention = by_type.get(key)
            if mention is None:
                mention = by_type[key] = Mention(trig.event_type, sent)
                mentions.append(mention)
            mention.triggers.append(trig)
    _type_generic_mentions(mentions)
    return mentions


def _type_generic_mentions(mentions: list[Mention]) -> None:
    """A generic mention with no method in its sentence ("five civilians were killed") takes the type of the
    nearest specific mention of a compatible type in the article (by sentence, earlier first)."""
    compatible = _compatible()
    specific = [m for m in mentions if not m.is_aggregate and not all(t.generic for t in m.triggers)]
    for m in mentions:
        if m.is_aggregate or not all(t.generic for t in m.triggers):
            continue
        options = [
            o
            for o in specific
            if (m.event_type, o.event_type) in compatible and _specificity(o.event_type) > _specificity(m.event_type)
        ]
        if options:
            nearest = min(options, key=lambda o: (abs(o.sentence.start - m.sentence.start), o.sentence.start))
            m.event_type = nearest.event_type
            for t in m.triggers:
                t.event_type = nearest.event_type
    # mentions of one sentence that now share a type become one
    merged: dict[tuple[int, str, bool], Mention] = {}
    kept = []
    for m in mentions:
        key = (m.sentence.start, m.event_type, m.is_aggregate)
        if key in merged:
            merged[key].triggers.extend(m.triggers)
            merged[key].triggers.sort(key=lambda t: t.token.i)
        else:
            merged[key] = m
            kept.append(m)
    mentions[:] = kept

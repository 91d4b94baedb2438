"""Speakers: resolve pronouns and descriptions to an earlier named speaker, and type them.

Resolution, in text order, looking only backwards:
- he/she -> the most recent PERSON mention outside quotes (a named earlier speaker or a PERSON
  entity), given in its longest earlier form ("Ivanov" -> "Colonel Pavel Ivanov");
- it -> the most recent organisation (an earlier speaker or ORG entity);
- they -> the most recent earlier speaker whose head is plural;
- a description ("the ministry", "its spokesman", "the rebels": determiner + noun, no name) ->
  the most recent earlier speaker or ORG/PERSON entity containing the description's head noun
  (in its phrase or its appositive); failing that, "its X" / "their X" -> the organisation (group)
  that "it" ("they") would refer to: the spokesman speaks for it.
A speaker is `resolved` when it ends up a name (its head is in a PERSON/ORG/GPE/NORP/FAC/LOC entity).
The speaker type comes from speaker_types.csv matched on the speaker phrase and its description
(the resolved antecedent's when resolution happened); the best match has the highest priority,
then covers the phrase's head, then is longest.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..doctext import doc_ents, entity_at
from .attribution import Attribution
from .lexicon import Lexicon

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
ORG_LABELS = {"ORG", "GPE", "NORP"}
DESCRIPTION_DETERMINERS = {"the", "its", "his", "her", "their", "this", "that", "our"}


@dataclass(slots=True)
class Speaker:
    text: str
    resolved: bool
    speaker_type: str
    head_lemmas: frozenset[str]  # lower-case lemmas describing the speaker (phrase + description)
    position: int  # character offset of the mention
    plural: bool
    is_person: bool
    is_org: bool


def speaker_type(text: str, description: str, head_text: str, entity_label: str, lexicon: Lexicon) -> str:
    """Type of a speaker phrase from the lexicon; 'unknown' when nothing matches."""
    best: tuple[int, int, int] | None = None
    chosen = "unknown"
    for part, is_phrase in ((text, True), (description, False)):
        if not part:
            continue
        lowered = part.lower() if part.isascii() else None  # a cheap test before each pattern
        for term in lexicon.speaker_terms:
            if term.pattern is None:
                if is_phrase and entity_label == term.entity_label:
                    score = (term.priority, 1, 0)
                else:
                    continue
            else:
                if lowered is not None and term.needle not in lowered:
                    continue
                match = term.pattern.search(part)
                if match is None:
                    continue
                covers_head = is_phrase and head_text.lower() in match.group(0).lower()
                score = (term.priority, int(covers_head), len(match.group(0)))
            if best is None or score > best:
                best, chosen = score, term.speaker_type
    return chosen


def _entity_label(token: Token) -> str:
    return token.ent_type_ if token.ent_iob_ != "O" else ""


SUBJECT_DEPS = {"nsubj", "nsubjpass"}
ADDRESSEE_DEPS = {"dobj", "dative", "pobj", "iobj"}


def _subject_like(entity: Span) -> bool:
    """An entity that can be the antecedent of a subject pronoun: not an addressee or a prepositional
    object ("told Reuters", "an interview with al-Mayadeen"); names inside a subject count."""
    token = entity.root
    while token.dep_ in ("compound", "appos", "conj", "flat", "poss", "amod", "nmod") and token.head != token:
        token = token.head
    return token.dep_ not in ADDRESSEE_DEPS


def _lemmas(doc: Doc, start: int, end: int, description: str) -> frozenset[str]:
    lemmas = {t.lemma_.lower() for t in doc[start:end] if t.is_alpha}
    lemmas |= {w.lower().strip(",.") for w in description.split()}
    return frozenset(lemmas)


class SpeakerResolver:
    """Resolves the speakers of one document's attributions, in text order."""

    def __init__(self, doc: Doc, lexicon: Lexicon, reported: list[tuple[int, int]]) -> None:
        """reported: character spans of quotes and claim contents; names inside them are not antecedents."""
        self.doc = doc
        self.lexicon = lexicon
        self.reported = reported
        self.history: list[Speaker] = []
        self.mentions = [e for e in doc_ents(doc) if e.label_ in NAME_LABELS and not self._reported(e.start_char)]

    def _reported(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.reported)

    def _person_like(self, head: Token, first: Token, label: str) -> bool:
        """A PERSON entity, or a proper name the small model calls ORG that has no institution word in its head."""
        if label == "PERSON":
            return True
        if label in ("GPE", "NORP", "LOC", "FAC") or head.pos_ != "PROPN" or first.lower_ == "the":
            return False
        return speaker_type(head.text, "", head.text, "", self.lexicon) == "unknown"

    def resolve(self, attribution: Attribution) -> Speaker:
        doc = self.doc
        head = doc[attribution.speaker_head]
        phrase = doc[attribution.speaker_start : attribution.speaker_end]
        text = phrase.text
        position = phrase.start_char
        lower = head.lower_
        label = _entity_label(head)
        if not label and phrase[-1].pos_ == "PROPN" and _entity_label(phrase[-1]) in ("PERSON", "ORG"):
            label = "PERSON"  # a title before a name: "UN envoy Anna van der Berg"
        antecedent: Speaker | None = None
        if len(phrase) == 1 and lower in self.lexicon.pronouns:
            antecedent = self._pronoun_antecedent(self.lexicon.pronouns[lower], position)
        elif label or head.pos_ == "PROPN":
            antecedent = self._longer_name(head, position)
        elif not label and self._is_description(phrase, head):
            antecedent = self._description_antecedent(head.lemma_.lower(), position)
            owner = self.lexicon.pronouns.get(phrase[0].lower_) if phrase[0].tag_ == "PRP$" else None
            if antecedent is None and owner in ("organisation", "group"):
                antecedent = self._pronoun_antecedent(owner, position)  # "its spokesman": speaks for it
        if antecedent is not None:
            speaker = Speaker(
                antecedent.text,
                antecedent.resolved,
                antecedent.speaker_type,
                antecedent.head_lemmas,
                position,
                antecedent.plural,
                antecedent.is_person,
                antecedent.is_org,
            )
        else:
            kind = speaker_type(text, attribution.description, head.text, label, self.lexicon)
            speaker = Speaker(
                text,
                label in NAME_LABELS,
                kind,
                _lemmas(doc, attribution.speaker_start, attribution.speaker_end, attribution.description),
                position,
                head.tag_ in ("NNS", "NNPS") or any(t.dep_ == "conj" for t in head.children),
                self._person_like(head, phrase[0], label),
                bool(label) and label != "PERSON" and not self._person_like(head, phrase[0], label),
            )
            if speaker.is_person and speaker.speaker_type == "unknown":
                speaker.speaker_type = self._person_type(head, position)
        self.history.append(speaker)
        return speaker

    def _is_description(self, phrase: Span, head: Token) -> bool:
        first = phrase[0].lower_
        has_name = any(t.ent_iob_ != "O" and t.ent_type_ in NAME_LABELS for t in phrase)
        return first in DESCRIPTION_DETERMINERS and not has_name and head.pos_ == "NOUN"

    def _pronoun_antecedent(self, refers_to: str, position: int) -> Speaker | None:
        if refers_to == "group":
            return next((s for s in reversed(self.history) if s.position < position and s.plural), None)
        want_person = refers_to == "person"
        entity = next(
            (
                e
                for e in reversed(self.mentions)
                if e.end_char <= position
                and e.label_ in ("PERSON", "ORG")
                and _subject_like(e)
                and self._person_like(e[-1], e[0], e.label_) == want_person
            ),
            None,
        )
        speaker = next(
            (
                s
                for s in reversed(self.history)
                if s.position < position and s.resolved and (s.is_person if want_person else s.is_org)
            ),
            None,
        )
        if entity is not None and (speaker is None or entity.start_char > speaker.position):
            return self._entity_speaker(entity, position)
        return speaker

    def _entity_speaker(self, entity: Span, position: int) -> Speaker:
        """An entity as an antecedent: the earlier speaker with that name if any, else the entity."""
        last = entity[-1].lower_
        for earlier in reversed(self.history):
            if earlier.resolved and earlier.position < position and last in earlier.text.lower().split():
                return earlier
        longer = self._longer_name(entity[-1], entity.start_char + 1)
        if longer is not None:
            return longer
        kind = speaker_type(entity.text, "", entity[-1].text, entity.label_, self.lexicon)
        return Speaker(
            entity.text,
            True,
            kind,
            frozenset(t.lemma_.lower() for t in entity),
            entity.start_char,
            False,
            self._person_like(entity[-1], entity[0], entity.label_),
            entity.label_ in ORG_LABELS and not self._person_like(entity[-1], entity[0], entity.label_),
        )

    def _longer_name(self, head: Token, position: int) -> Speaker | None:
        """An earlier speaker whose name ends with this surname, or an earlier longer PERSON entity."""
        entity = entity_at(head)
        if entity is not None:
            words = [w.lower() for w in entity.text.split()]
        else:  # a name the model missed: the proper nouns ending at the head ("van der Berg")
            start = head.i
            while start > 0 and self.doc[start - 1].dep_ == "compound" and self.doc[start - 1].head == head:
                start -= 1
            words = [t.lower_ for t in self.doc[start : head.i + 1]]
        for earlier in reversed(self.history):
            if earlier.resolved and earlier.position < position:
                earlier_words = earlier.text.lower().split()
                if len(earlier_words) > len(words) and earlier_words[-len(words) :] == words:
                    return earlier
        for ent in self.mentions:
            if ent.end_char <= position and self._person_like(ent[-1], ent[0], ent.label_):
                ent_words = ent.text.lower().split()
                if len(ent_words) > len(words) and ent_words[-len(words) :] == words:
                    kind = speaker_type(ent.text, "", ent[-1].text, "PERSON", self.lexicon)
                    if kind == "unknown":
                        kind = self._person_type(ent[-1], ent.start_char)
                    return Speaker(ent.text, True, kind, frozenset(), ent.start_char, False, True, False)
        return None

    def _person_type(self, head: Token, position: int) -> str:
        """A person's type from the title words before the name ("Major-General X", "envoy X")."""
        entity = entity_at(head)
        start = entity.start if entity is not None else head.i
        title_start = start
        while title_start > 0 and self.doc[title_start - 1].dep_ in ("compound", "amod", "punct", "nmod"):
            if self.doc[title_start - 1].is_punct and self.doc[title_start - 1].text != "-":
                break
            title_start -= 1
        titles = self.doc[title_start:start].text
        return speaker_type(titles, "", "", "", self.lexicon) if titles else "unknown"

    def _description_antecedent(self, head_lemma: str, position: int) -> Speaker | None:
        for earlier in reversed(self.history):
            if earlier.position < position and head_lemma in earlier.head_lemmas:
                return earlier
        for ent in reversed(self.mentions):
            if ent.end_char <= position and ent.label_ in ("ORG", "PERSON"):
                if head_lemma in {t.lemma_.lower() for t in ent}:
                    return self._entity_speaker(ent, position)
        return None

"""Find attributed statements in a parsed article with dependency-parse patterns.

Four patterns, tried in this order (a content span found by an earlier one is not reported again):

- direct_quote: text between opening and closing quote marks (curly or straight, paired within a
  paragraph) that reads like a statement (at least four words and a verb), attributed to the subject
  of the nearest reporting verb outside quotes in the same sentence(s), else a bare "X said." in the
  following sentence. A quote right after an attributed quote with no attribution of its own
  continues that speaker's quote.
- indirect: a reporting verb (reporting_verbs.csv) with a clausal complement ("X said (that) ...",
  "..., X said"), or for verbs marked object_content its direct object ("denied the allegations",
  "accused X of ..."). Participles ("..., saying ...", "adding ...") take the speaker of the verb
  they depend on. Also, as "indirect", the end-of-sentence attribution of text without commas
  ("Jets struck the town the Observatory reported.", "... attacks said Kirkuki."): a reporting verb
  with no clause takes the noun phrase next to it as speaker and the sentence before it as content
  (trailing_attributions). When the parse gives a cue no subject, the phrase next to it is the speaker.
- according_to: "according to X"; content = the rest of the sentence when the phrase is at its
  start or end; when it sits in the middle, the part before it if that holds the main verb, else
  the whole sentence (content must be one span).
- cue_noun: a statement noun (cue_nouns.csv) with a "that" clause and an owner ("X's statement
  that ...", "a claim by X that ...").

Offsets are character offsets into doc.text; the speaker is a token span resolved later (speakers.py).
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from ..doctext import doc_text, entity_at
from .lexicon import Lexicon, load_lexicon

KIND_ORDER = ("direct_quote", "indirect", "according_to", "cue_noun")
OPEN_QUOTES = "“"
CLOSE_QUOTES = "”"
STRAIGHT_QUOTES = '"'
_QUOTE_MARK = re.compile(f"[{OPEN_QUOTES}{CLOSE_QUOTES}{STRAIGHT_QUOTES}]")
EDGE_CHARS = " \t\r\n\"“”‘’'`,;:-–—"
RELATIVE_PRONOUNS = {"who", "which", "that"}
WH_WORDS = {"who", "what", "whether", "if", "how", "when", "where", "why", "which"}
SPEAKER_EXCLUDED_DEPS = {"appos", "relcl", "acl", "advcl", "parataxis", "punct_edge"}
OBJECT_PREPS = {"of", "for", "over", "about"}
MIN_QUOTE_WORDS = 4
MIN_CONTENT_WORDS = 2
_ONLY_PUNCT = re.compile(r"^[\s\"“”'’.,;:]*$")


@dataclass(slots=True)
class Attribution:
    kind: str  # direct_quote, indirect, according_to, cue_noun
    cue: str  # the cue as written
    cue_lemma: str
    cue_stance: str  # stance the cue lexicon gives (assert, deny, accuse)
    cue_negated: bool
    cue_token: int  # token index of the cue's head word
    content_start: int  # character offsets into doc.text
    content_end: int
    speaker_start: int  # token span of the speaker phrase
    speaker_end: int
    speaker_head: int
    description: str  # appositive or prepositional tail describing the speaker, "" if none


# ---- quotes -------------------------------------------------------------------------------------


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of quote marks, paired within a paragraph.

    A quote left open at the end of its paragraph runs to the paragraph's end (news convention for
    quotes continued in the next paragraph).
    """
    return list(_quote_spans(text))


@lru_cache(maxsize=4)
def _quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans = []
    offset = 0
    for line in text.split("\n"):
        open_at = None
        for mark in _QUOTE_MARK.finditer(line):  # only quote marks change the state
            i, char = mark.start(), mark.group()
            if char in STRAIGHT_QUOTES:
                direction = _straight_direction(line, i)
                if open_at is not None and direction == "open" and _ends_sentence(line, i):
                    spans.append((offset + open_at, offset + i))  # 'said "A. "B" he added': A was left open
                    open_at = None
                if open_at is None:
                    open_at = i + 1
                    continue
            if char in OPEN_QUOTES:
                if open_at is None:
                    open_at = i + 1
            elif char in CLOSE_QUOTES or char in STRAIGHT_QUOTES:
                if open_at is not None:
                    spans.append((offset + open_at, offset + i))
                    open_at = None
        if open_at is not None and line[open_at:].strip():
            spans.append((offset + open_at, offset + len(line.rstrip())))
        offset += len(line) + 1
    return tuple(spans)


def _straight_direction(line: str, i: int) -> str:
    """'open' when a straight quote mark can only open (space before, a word after), else 'either'."""
    before = line[i - 1] if i > 0 else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    return "open" if before.isspace() and (after.isalnum() or after in "'‘") else "either"


def _ends_sentence(line: str, i: int) -> bool:
    """True when the text before position i ends a sentence ('... will not change. ')."""
    return line[:i].rstrip()[-1:] in (".", "!", "?")


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens wholly inside [start, end)."""
    span = doc.char_span(max(start, 0), min(end, len(doc_text(doc))), alignment_mode="contract")
    return list(span) if span is not None else []


def _is_statement(doc: Doc, start: int, end: int) -> bool:
    """A quote that is a statement, not a scare quote or a phrase quoted inside indirect speech."""
    before = doc_text(doc)[: start - 1].rstrip()
    first = doc_text(doc)[start:end].lstrip(" '‘")[:1]
    if before and before[-1].isalpha() and not (first.isupper() or first.isdigit()):
        previous = _tokens_in(doc, 0, start - 1)
        if previous and not (previous[-1].pos_ in ("CCONJ", "ADV") or previous[-1].is_sent_start):
            return False  # 'strengthening the "cooperation in fighting terrorism"'
    tokens = _tokens_in(doc, start, end)
    words = [t for t in tokens if t.is_alpha or t.like_num]
    return len(words) >= MIN_QUOTE_WORDS and any(t.pos_ in ("VERB", "AUX") for t in tokens)


def _inside(token: Token, spans: list[tuple[int, int]]) -> bool:
    return any(start <= token.idx < end for start, end in spans)


def trim_span(text: str, start: int, end: int, edge: str = EDGE_CHARS) -> tuple[int, int]:
    """Shrink a character span past the edge characters (by default spaces, quote marks and clause
    punctuation) at its ends."""
    while start < end and text[start] in edge:
        start += 1
    while end > start and text[end - 1] in edge:
        end -= 1
    return start, end


# ---- speakers -----------------------------------------------------------------------------------


def is_reporting_verb(token: Token, lexicon: Lexicon) -> bool:
    return token.lemma_.lower() in lexicon.verbs and (token.pos_ == "VERB" or token.tag_.startswith("VB"))


def tokens_with_lemma(doc: Doc, lemmas: Container[str]) -> list[Token]:
    """Tokens whose lower-cased lemma is in lemmas, in order: read from the Doc's lemma column, so
    the scans below build Token objects for their candidates only, not for every token."""
    column = doc.to_array(LEMMA)
    strings = doc.vocab.strings
    wanted = [h for h in np.unique(column).tolist() if strings[h].lower() in lemmas]
    return [doc[i] for i in np.flatnonzero(np.isin(column, wanted)).tolist()]


def tokens_with_lower(doc: Doc, word: str) -> list[Token]:
    """Tokens whose lower-cased text is word, in order."""
    return [doc[i] for i in np.flatnonzero(doc.to_array(LOWER) == get_string_id(word)).tolist()]


def _own_subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
    for child in verb.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def subject_of(verb: Token, lexicon: Lexicon) -> Token | None:
    """The speaker token of a reporting verb: its subject, a shared subject, or its governor's."""
    subject = _own_subject(verb)
    if subject is not None and verb.tag_ == "VBG" and not any(c.dep_ == "aux" for c in verb.children):
        for ancestor in verb.ancestors:  # "... armed groups adding that ...": the parse's subject is a misparse
            if is_reporting_verb(ancestor, lexicon) and _own_subject(ancestor) is not None:
                return _own_subject(ancestor)
    if subject is not None:
        return subject
    if verb.dep_ == "conj":
        if is_reporting_verb(verb.head, lexicon):
            return subject_of(verb.head, lexicon)
        root = verb.sent.root
        return _own_subject(root) if root != verb and is_reporting_verb(root, lexicon) else None
    if verb.dep_ in ("advcl", "xcomp", "acl", "conj", "ccomp") and verb.tag_ == "VBG":
        for ancestor in verb.ancestors:
            if is_reporting_verb(ancestor, lexicon):
                found = _own_subject(ancestor)
                if found is not None:
                    return found
        root = verb.sent.root
        found = _own_subject(root)
        if found is None:
            found = next((c for c in root.children if c.dep_ == "nsubjpass" and c.lower_ != "it"), None)
        return found
    return None


def _statement_owner(noun: Token) -> Token | None:
    """The owner of a statement noun used as a subject ("a statement by / attributed to X said")."""
    if noun.lemma_.lower() not in load_lexicon().cue_nouns or noun.pos_ != "NOUN":
        return None
    owner = _noun_owner(noun)
    if owner is not None:
        return owner
    for child in noun.children:
        if child.dep_ == "acl":
            for prep in child.children:
                if prep.dep_ in ("prep", "agent") and prep.lower_ in ("to", "by", "from"):
                    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        return pobj
    return None


def _head_on_line(head: Token, anchor: Token) -> Token:
    """When a heading line was parsed into the subject, the subject's top token on the cue's line."""
    doc = head.doc
    low, high = sorted((head.i, anchor.i))
    if not any(_is_line_break(doc[i]) for i in range(low, high)):
        return head
    line = [t for t in head.subtree if not any(_is_line_break(doc[i]) for i in range(*sorted((t.i, anchor.i))))]
    tops = [t for t in line if t.head not in line or t.head == t]
    return tops[0] if tops else head


def speaker_span(subject: Token, anchor: Token | None = None) -> tuple[int, int, int, str] | None:
    """(start, end, head, description) of the speaker phrase around a subject token.

    Appositives, relative clauses and participle tails are cut off and returned as the description;
    for a person's name a prepositional tail ("X of the Y group") is cut off too.
    """
    head = subject
    if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
        head = head.head.head
    if anchor is not None:
        head = _head_on_line(head, anchor)
    owner = _statement_owner(head)
    if owner is not None:
        head = owner
    is_person = head.ent_type_ == "PERSON"
    excluded: set[int] = set()
    description = []
    name = _adjacent_name(head)
    for child in head.children:
        if child == name:
            continue  # "UN envoy Anna van der Berg": the title and its name are one speaker
        if child.dep_ in SPEAKER_EXCLUDED_DEPS or (is_person and child.dep_ == "prep"):
            excluded.update(t.i for t in child.subtree)
            description.append(_subtree_text(child))
    for token in head.subtree if head.pos_ == "NOUN" else ():  # "a witness in X at Y near Z" -> "a witness in X"
        if token.dep_ == "prep" and token.lower_ != "of" and token.head.dep_ == "pobj" and token.head != head:
            if token.i not in excluded:
                excluded.update(t.i for t in token.subtree)
                description.append(_subtree_text(token))
    excluded.update(c.i for c in head.children if c.dep_ == "case")  # "the army's" -> "the army"
    kept = {t.i for t in head.subtree if not _is_line_break(t)} - excluded
    start = head.i
    while start - 1 in kept:
        start -= 1
    end = head.i + 1
    while end in kept:
        end += 1
    doc = head.doc
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - 1 > head.i and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if head.pos_ == "PRON" and head.lower_ in RELATIVE_PRONOUNS:
        return None
    return start, end, head.i, " ".join(description)


def _adjacent_name(head: Token) -> Token | None:
    """A proper-name appositive written right after a title noun, without a comma ("envoy X Y")."""
    if head.pos_ != "NOUN":
        return None
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN" and child.left_edge.i == head.i + 1:
            return child
    return None


def _is_line_break(token: Token) -> bool:
    return token.is_space and "\n" in token.text


def _subtree_text(token: Token) -> str:
    tokens = list(token.subtree)
    doc = token.doc
    return doc_text(doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)].strip(" ,")


def _is_expletive(subject: Token, verb: Token) -> bool:
    return subject.lower_ == "it" and any(c.dep_ == "auxpass" for c in verb.children)


# ---- cues and content ---------------------------------------------------------------------------


def cue_text(verb: Token) -> tuple[str, bool]:
    """The cue as written ("said", "did not confirm") and whether it is negated."""
    negations = [c for c in verb.children if c.dep_ == "neg"]
    if not negations:
        return verb.text, False
    left = [c for c in verb.children if c.dep_ in ("aux", "neg") and c.i < verb.i]
    start = min(c.i for c in left) if left else verb.i
    doc = verb.doc
    return doc_text(doc)[doc[start].idx : verb.idx + len(verb.text)], True


def _content_children(verb: Token, lexicon: Lexicon) -> list[Token]:
    entry = lexicon.verbs[verb.lemma_.lower()]
    chosen = [c for c in verb.children if c.dep_ == "ccomp"]
    chosen += [c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG" and not is_reporting_verb(c, lexicon)]
    if not chosen and not entry.object_content:  # 'said some of the attackers infiltrated': a clause parsed as object
        chosen += [c for c in verb.children if c.dep_ == "dobj" and any(t.pos_ == "VERB" for t in c.subtree)]
    if entry.object_content:
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        chosen += objects
        if objects:
            chosen += [c for c in verb.children if c.dep_ == "prep" and c.lower_ in OBJECT_PREPS and c.i > objects[0].i]
    return sorted(chosen, key=lambda t: t.i)


def _cut_at_nested_participle(doc: Doc, start: int, end: int, lexicon: Lexicon, cue: Token) -> int:
    """End the content before ", saying ..." / ", adding ...": that is a separate claim.

    Without a comma ("... Islamic State adding that ...") the participle must report a clause of its own.
    """
    for i in range(start + 1, end):
        token = doc[i]
        if (
            token.i != cue.i
            and token.tag_ == "VBG"
            and token.dep_ in ("advcl", "conj", "xcomp", "ccomp")
            and token.lemma_.lower() in lexicon.verbs
            and not any(c.dep_ == "aux" for c in token.children)
        ):
            if doc[i - 1].is_punct:
                return i - 1
            if any(c.dep_ in ("ccomp", "dobj") for c in token.children):
                return i
        if (
            token.i != cue.i
            and token.dep_ == "conj"
            and is_reporting_verb(token, lexicon)
            and doc[i - 1].pos_ == "CCONJ"
            and _own_subject(token) is None
        ):
            return i - 1  # "say they are responding ... and deny indiscriminate strikes": a second claim
    return end


def same_paragraph(doc: Doc, start: int, end: int, anchor: int) -> tuple[int, int]:
    """Cut the token span [start, end) at line breaks so it stays on the anchor token's side."""
    breaks = [i for i in range(start, end) if _is_line_break(doc[i])]
    before = [i for i in breaks if i < anchor]
    after = [i for i in breaks if i > anchor]
    return (before[-1] + 1 if before else start), (after[0] if after else end)


def clause_content(verb: Token, lexicon: Lexicon) -> tuple[int, int] | None:
    """Token span of what a reporting verb reports, or None when it reports no content."""
    children = _content_children(verb, lexicon)
    if not children:
        return None
    start = min(c.left_edge.i for c in children)
    end = max(c.right_edge.i for c in children) + 1
    doc = verb.doc
    if start <= verb.i < end:
        return None
    start, end = same_paragraph(doc, start, end, verb.i)
    end = _cut_at_nested_participle(doc, start, end, lexicon, verb)
    while start < end and ((doc[start].dep_ == "mark" and doc[start].lower_ == "that") or doc[start].pos_ == "CCONJ"):
        start += 1
    if start >= end:
        return None
    return start, end


def _char_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    last = doc[end - 1]
    return balance_quotes(doc_text(doc), *trim_span(doc_text(doc), doc[start].idx, last.idx + len(last.text)))


def balance_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """Keep a closing quote mark that trimming cut off when the content opened a quote ('were "martyred"')."""
    inner = text[start:end]
    opened = inner.count('"') % 2 == 1 or inner.count("“") > inner.count("”")
    if opened and end < len(text) and text[end] in '"”':
        return start, end + 1
    return start, end


def _make(
    kind: str,
    cue: str,
    lemma: str,
    stance: str,
    negated: bool,
    cue_token: int,
    content: tuple[int, int],
    subject: Token,
    explicit: tuple[int, int, int, str] | None = None,
) -> Attribution | None:
    doc_token = subject.doc[cue_token]
    span = explicit if explicit is not None else speaker_span(subject, doc_token)
    words = [t for t in _tokens_in(subject.doc, *content) if t.is_alpha or t.like_num]
    single_object = len(words) == 1 and words[0].dep_ == "dobj" and words[0].pos_ == "NOUN"
    if span is None or not words or (len(words) < MIN_CONTENT_WORDS and not single_object):
        return None  # a one-word object is content only as a noun: "denied responsibility"
    lexicon = load_lexicon()
    if subject.doc[span[2]].lemma_.lower() in lexicon.non_speakers:
        return None  # "the war has claimed 300000 lives"
    if words[0].tag_ == "VBG" and words[0].lemma_.lower() in lexicon.verbs:
        return None  # content that starts with "adding that ..." is a misparse
    start, end, head, description = span
    content, start = _left_conjunct(subject.doc, content, start)
    return Attribution(
        kind, cue, lemma, stance, negated, cue_token, content[0], content[1], start, end, head, description
    )


def _left_conjunct(doc: Doc, content: tuple[int, int], speaker_start: int) -> tuple[tuple[int, int], int]:
    """'..., rebels and witnesses said': a first conjunct the parse left out of the speaker phrase, at the
    end of the content after a comma, joins the speaker. Returns (content, speaker_start)."""
    i = speaker_start - 1
    if i < 1 or doc[i].lower_ not in ("and", "or") or not content[0] < doc[i].idx < content[1]:
        return content, speaker_start
    j = i - 1
    while j >= 0 and _np_word(doc[j]) and doc[j].idx > content[0]:
        j -= 1
        if doc[j + 1].pos_ == "DET":
            break
    if j == i - 1 or j < 0 or doc[j].text != "," or not any(t.pos_ in ("NOUN", "PROPN") for t in doc[j + 1 : i]):
        return content, speaker_start
    return trim_span(doc.text, content[0], doc[j].idx), j + 1


# ---- speakers next to the cue (parses of text without commas) -----------------------------------

NAME_LABELS = {"PERSON", "ORG", "FAC", "GPE", "NORP"}
NP_POS = {"PROPN", "NOUN", "ADJ", "NUM", "DET"}
SPEAKER_PRONOUNS = {"he", "she", "they", "it", "we"}


def _np_word(token: Token) -> bool:
    """A word that can sit inside a speaker noun phrase before its head ("the Britain-based monitor")."""
    if token.is_space or token.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT"):
        return False
    if token.pos_ == "PROPN" and not token.text[:1].isupper():
        return False  # "from the south Xelil": a lower-case word tagged PROPN is not part of a name
    return token.pos_ in NP_POS or token.text == "-"


def _foreign_name(token: Token, own: Span | None) -> bool:
    """A place or person name that is not part of the speaker's own name ("... of Syrias Aleppo local
    authorities said"): the speaker phrase does not extend over it."""
    if token.ent_type_ not in ("PERSON", "GPE", "LOC", "FAC"):
        return False
    return own is None or not (own.start <= token.i < own.end)


def adjacent_speaker(verb: Token, side: str) -> tuple[int, int, int, str] | None:
    """(start, end, head, description) of a noun phrase right before (side="left") or right after
    (side="right") a reporting verb, within its sentence; None when there is none.

    Used when the parse gives the verb no usable subject ("... the assault the Observatory reported").
    Adverbs between the phrase and the verb are skipped ("SANA also reported").
    """
    doc, sent = verb.doc, verb.sent
    if side == "left":
        i = verb.i - 1
        while i >= sent.start and doc[i].pos_ in ("ADV", "AUX", "PART") and doc[i].lower_ not in ("not", "n't"):
            i -= 1
        if i < sent.start:
            return None
        head = doc[i]
        if head.lower_ in SPEAKER_PRONOUNS and head.pos_ == "PRON":
            return i, i + 1, i, ""
        if head.pos_ not in ("PROPN", "NOUN") or not _np_word(head):
            return None
        ent = entity_at(head)
        own = ent if ent is not None and ent.label_ in NAME_LABELS and ent.end == i + 1 else None
        start = own.start if own is not None else i
        while start - 1 >= sent.start and doc[start].pos_ != "DET":
            before = doc[start - 1]
            if _np_word(before) and not _foreign_name(before, own):
                start -= 1
            elif before.tag_ in ("VBN", "VBG") and start - 2 >= sent.start and doc[start - 2].text == "-":
                start -= 2  # "the Britain-based group", "the opposition-held"
            elif before.lower_ == "and" and start - 2 >= sent.start and doc[start - 2].ent_type_ == "PERSON":
                own = entity_at(doc[start - 2])  # "spokesman Redur Xelil and Turkish security sources"
                start = own.start if own is not None else start - 2
            else:
                break
        return start, i + 1, i, ""
    i = verb.i + 1
    if i >= sent.end:
        return None
    first = doc[i]
    if first.lower_ in SPEAKER_PRONOUNS and first.pos_ == "PRON":
        return i, i + 1, i, ""
    if not _np_word(first) or first.pos_ == "ADJ" and not first.text[:1].isupper():
        return None
    end = i
    while end < sent.end and _np_word(doc[end]) and (end == i or doc[end].pos_ != "DET"):
        ent = entity_at(doc[end])
        if ent is not None and ent.label_ == "PERSON" and ent.start >= i:
            end = ent.end  # a name ends the phrase: "said Kevin Kennedy Regional Humanitarian Coordinator"
            break
        end += 1
    heads = [t for t in doc[i:end] if t.pos_ in ("PROPN", "NOUN")]
    if not heads:
        return None
    description = doc[end : sent.end].text.strip(" .,") if end < sent.end else ""
    return i, end, heads[-1].i, description


def _clause_before(doc: Doc, verb: Token, speaker_start: int) -> tuple[int, int] | None:
    """Token span of the sentence part before an end-of-sentence attribution, if it reads as a clause."""
    start, _ = same_paragraph(doc, verb.sent.start, verb.sent.end, verb.i)
    end = speaker_start
    while start < end and doc[start].pos_ == "CCONJ":  # "But ..." joins to the previous sentence
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    words = [t for t in doc[start:end] if t.is_alpha or t.like_num]
    if len(words) < 3 or not any(t.pos_ in ("VERB", "AUX") for t in doc[start:end]):
        return None
    return start, end


def _rest_is_adjunct(verb: Token, lexicon: Lexicon) -> bool:
    """True when nothing after the verb in its sentence is a clause of its own (a time, an addressee, a
    participle reporting verb that starts a claim of its own)."""
    for token in verb.doc[verb.i + 1 : verb.sent.end]:
        if token.pos_ in ("VERB", "AUX") and token.tag_ != "VBG":
            return False
        if token.tag_ == "VBG" and not is_reporting_verb(token, lexicon):
            return False
        if token.tag_ == "VBG":
            return True
    return True


def trailing_attributions(
    doc: Doc, lexicon: Lexicon, quotes: list[tuple[int, int]], used: set[int], verbs: list[Token]
) -> list[Attribution]:
    """'<clause> the Observatory said.' / '<clause> said the commander.' where the parse found no clause.

    verbs: the Doc's reporting verbs (tokens_with_lemma of the verb lexicon, then is_reporting_verb)."""
    found = []
    for verb in verbs:
        if verb.i in used or _inside(verb, quotes):
            continue
        if verb.tag_ == "VBG" or clause_content(verb, lexicon) is not None:
            continue
        speaker = adjacent_speaker(verb, "left")
        if speaker is not None and _rest_is_adjunct(verb, lexicon):
            content = _clause_before(doc, verb, speaker[0])
        else:
            speaker = adjacent_speaker(verb, "right")
            content = _clause_before(doc, verb, verb.i) if speaker is not None else None
        if speaker is None or content is None:
            continue
        span = _char_span(doc, *content)
        if _mostly_quoted(span, quotes):
            continue
        cue, negated = cue_text(verb)
        entry = lexicon.verbs[verb.lemma_.lower()]
        made = _make(
            "indirect", cue, entry.lemma, entry.stance, negated, verb.i, span, doc[speaker[2]], explicit=speaker
        )
        if made is not None:
            found.append(made)
            used.add(verb.i)
    return found


# ---- the four patterns --------------------------------------------------------------------------


def _quote_cue(doc: Doc, start: int, end: int, all_quotes: list[tuple[int, int]], lexicon: Lexicon) -> Token | None:
    """The nearest reporting verb outside quotes in the quote's sentences, else a bare one just after."""
    sents = [s for s in doc.sents if s.start_char < end + 1 and s.end_char > start - 1]
    if not sents:
        return None
    candidates = []
    for sent in sents:
        for token in sent:
            if is_reporting_verb(token, lexicon) and not _inside(token, all_quotes):
                if _other_content(token, start, end, lexicon) or "\n" in _between(doc_text(doc), token.idx, start, end):
                    continue
                distance = token.idx - end if token.idx >= end else start - token.idx + 1
                candidates.append((distance, token.i, token))
    if not candidates:
        following = sents[-1].end
        if following < len(doc):
            nxt = doc[following].sent
            for token in nxt:
                if is_reporting_verb(token, lexicon) and clause_content(token, lexicon) is None:
                    candidates.append((token.idx - end, token.i, token))
    for _, _, token in sorted(candidates, key=lambda c: (c[0], c[1])):
        if subject_of(token, lexicon) is not None or _quote_speaker(token, start) is not None:
            return token
    return None


def _quote_speaker(verb: Token, quote_start: int) -> tuple[int, int, int, str] | None:
    """A speaker next to a quote's cue when the parse gives the cue no subject: before the cue when the
    quote follows ('Barazi said "..."'), after it when the quote comes first ('"..." said Kirkuki')."""
    if verb.tag_ == "VBG":
        return None
    side = "left" if verb.idx < quote_start else "right"
    found = adjacent_speaker(verb, side)
    if found is None or not (found[1] <= verb.i or found[0] > verb.i):
        return None
    return found


def _between(text: str, position: int, start: int, end: int) -> str:
    """Text between a position and a quote span."""
    return text[position:start] if position < start else text[end:position]


def _other_content(verb: Token, start: int, end: int, lexicon: Lexicon) -> bool:
    """True when the verb reports a clause of its own that lies outside the quote [start, end)."""
    span = clause_content(verb, lexicon)
    if span is None:
        return False
    doc = verb.doc
    first, last = doc[span[0]], doc[span[1] - 1]
    return last.idx + len(last.text) <= start - 1 or first.idx >= end + 1


def direct_quotes(doc: Doc, lexicon: Lexicon) -> tuple[list[Attribution], list[tuple[int, int]]]:
    """Direct-quote attributions and the character spans of statement quotes."""
    all_quotes = quote_spans(doc_text(doc))
    statements = [(s, e) for s, e in all_quotes if _is_statement(doc, s, e)]
    found: list[Attribution] = []
    for start, end in statements:
        content = trim_span(doc_text(doc), start, end)
        verb = _quote_cue(doc, start, end, all_quotes, lexicon)
        if verb is not None:
            cue, negated = cue_text(verb)
            entry = lexicon.verbs[verb.lemma_.lower()]
            subject = subject_of(verb, lexicon)
            explicit = _quote_speaker(verb, start) if subject is None else None
            if subject is None:
                subject = doc[explicit[2]]
            made = _make("direct_quote", cue, entry.lemma, entry.stance, negated, verb.i, content, subject, explicit)
            if made is not None:
                found.append(made)
            continue
        previous = found[-1] if found else None
        if previous is not None and previous.kind == "direct_quote":
            gap = doc_text(doc)[previous.content_end : content[0]]
            if _ONLY_PUNCT.match(gap) or (
                gap.count("\n") <= 2 and _only_attribution_between(doc, previous, content[0])
            ):
                found.append(replace(previous, content_start=content[0], content_end=content[1]))
    return found, statements


def _only_attribution_between(doc: Doc, previous: Attribution, start: int) -> bool:
    """True when only the previous quote's own attribution sentence lies between it and start."""
    cue_sent = doc[previous.cue_token].sent
    return (
        cue_sent.end_char >= previous.content_end
        and _ONLY_PUNCT.match(doc_text(doc)[cue_sent.end_char : start]) is not None
    )


def indirect_speech(
    doc: Doc, lexicon: Lexicon, quotes: list[tuple[int, int]], used: set[int], verbs: list[Token]
) -> list[Attribution]:
    found = []
    for verb in verbs:
        if verb.i in used or _inside(verb, quotes):
            continue
        span = clause_content(verb, lexicon)
        if span is None:
            continue
        content = _char_span(doc, *span)
        if _mostly_quoted(content, quotes):
            continue
        cue, negated = cue_text(verb)
        if negated and doc[span[0]].lower_ in WH_WORDS:
            continue  # "did not say who ..." reports nothing
        subject = subject_of(verb, lexicon)
        explicit = None
        if subject is None and verb.tag_ != "VBG":
            sides = ("right", "left") if doc[span[0]].i < verb.i else ("left", "right")
            explicit = adjacent_speaker(verb, sides[0]) or adjacent_speaker(verb, sides[1])
            subject = doc[explicit[2]] if explicit is not None else None
        if subject is None or _is_expletive(subject, verb):
            continue
        speaker_start = explicit[0] if explicit is not None else subject.left_edge.i
        if span[0] < speaker_start < span[1] and verb.i > speaker_start:
            end = speaker_start  # the clause was parsed over the speaker: "... of Aleppo local officials said"
            content = _char_span(doc, span[0], end) if end > span[0] else content
        entry = lexicon.verbs[verb.lemma_.lower()]
        made = _make("indirect", cue, entry.lemma, entry.stance, negated, verb.i, content, subject, explicit)
        if made is not None:
            found.append(made)
            used.add(verb.i)
    return found


def _mostly_quoted(content: tuple[int, int], quotes: list[tuple[int, int]]) -> bool:
    length = max(content[1] - content[0], 1)
    covered = sum(max(0, min(content[1], e) - max(content[0], s)) for s, e in quotes)
    return covered / length > 0.5


def according_to(doc: Doc, lexicon: Lexicon, quotes: list[tuple[int, int]]) -> list[Attribution]:
    found = []
    for token in tokens_with_lower(doc, "according"):
        if _inside(token, quotes) or token.i + 1 >= len(doc):
            continue
        to = doc[token.i + 1]
        if to.lower_ != "to":
            continue
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            continue
        cue_end = to
        if source.lemma_.lower() in lexicon.cue_nouns:
            owner = _noun_owner(source)
            cue_end = source
            if owner is not None:
                source = owner
        phrase = sorted({token.i, to.i} | {t.i for t in to.subtree})
        sent_start, sent_end = same_paragraph(doc, token.sent.start, token.sent.end, token.i)
        content = _around_phrase(doc, doc[sent_start:sent_end], phrase[0], phrase[-1] + 1)
        if content is None:
            continue
        cue = doc_text(doc)[token.idx : cue_end.idx + len(cue_end.text)]
        made = _make("according_to", cue, "according to", "assert", False, token.i, content, source)
        if made is not None:
            found.append(made)
    return found


def _around_phrase(doc: Doc, sent: Span, start: int, end: int) -> tuple[int, int] | None:
    """Content of a sentence with an attribution phrase at tokens [start, end)."""
    sent_end = sent.end
    while sent_end > end and (doc[sent_end - 1].is_punct or doc[sent_end - 1].is_space):
        sent_end -= 1  # the sentence's own final punctuation is not content
    sent = doc[sent.start : sent_end]
    before = [t for t in doc[sent.start : start] if not (t.is_punct or t.is_space)]
    after = [t for t in doc[end : sent.end] if not (t.is_punct or t.is_space)]
    if not before and after:
        span = _char_span(doc, end, sent.end)
    elif before and not after:
        span = _char_span(doc, sent.start, start)
    elif before and after:
        root_before = any(t.i == sent.root.i for t in before) and sent.root.pos_ in ("VERB", "AUX")
        span = _char_span(doc, sent.start, start) if root_before else _char_span(doc, sent.start, sent.end)
    else:
        return None
    return span if span[1] > span[0] else None


def _noun_owner(noun: Token) -> Token | None:
    """Who a statement noun belongs to: "X's statement", "a statement by/from/of X"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return None


def cue_nouns(doc: Doc, lexicon: Lexicon, quotes: list[tuple[int, int]]) -> list[Attribution]:
    found = []
    for noun in tokens_with_lemma(doc, lexicon.cue_nouns):
        lemma = noun.lemma_.lower()
        if noun.pos_ not in ("NOUN", "PROPN") or _inside(noun, quotes):
            continue
        clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.left_edge.lower_ == "that"), None)
        owner = _noun_owner(noun)
        if clause is None or owner is None:
            continue
        start = clause.left_edge.i + 1
        end = _cut_at_nested_participle(doc, start, clause.right_edge.i + 1, lexicon, noun)
        if end <= start:
            continue
        content = _char_span(doc, start, end)
        made = _make("cue_noun", noun.text, lemma, lexicon.cue_nouns[lemma], False, noun.i, content, owner)
        if made is not None:
            found.append(made)
    return found


def find_attributions(doc: Doc, lexicon: Lexicon) -> list[Attribution]:
    """All attributions of a document, one per content span, in text order."""
    quoted, statements = direct_quotes(doc, lexicon)
    used = {a.cue_token for a in quoted}
    verbs = [t for t in tokens_with_lemma(doc, lexicon.verbs) if is_reporting_verb(t, lexicon)]
    found = quoted + indirect_speech(doc, lexicon, statements, used, verbs)
    found += trailing_attributions(doc, lexicon, statements, used, verbs)
    found += according_to(doc, lexicon, statements)
    found += cue_nouns(doc, lexicon, statements)
    seen: set[tuple[int, int]] = set()
    unique = []
    for attribution in found:  # patterns are in KIND_ORDER, so the first one found wins
        key = (attribution.content_start, attribution.content_end)
        if key in seen:
            continue
        seen.add(key)
        unique.append(attribution)
    return sorted(unique, key=lambda a: (a.content_start, a.content_end))

"""Stance of a claim: assert, deny or accuse. Rules, first match wins:

1. Negated cue: a negated denial ("did not deny") asserts; any other negated cue ("did not
   confirm", "did not say that") is counted as deny: the speaker withholds the content.
   (Negated cues followed by a question word, "did not say who", are dropped in attribution.py.)
2. Cue stance: a denial verb or noun (deny, reject, dismiss, refute, rebut, dispute; "denial")
   gives deny; an accusation cue (accuse, blame, allege, condemn; "allegation") gives accuse.
3. Content calls something false: a falsity word (stance_lexicon.csv kind=falsity: false,
   fabricated, baseless, lies, ...) in the content -> deny ("said the reports were fabricated").
4. Content negates an event: an event verb (kind=event_verb: strike, target, kill, carry (out), ...)
   in the content with a negation child (kind=negation: not, n't, never, no) -> deny ("did not
   carry out", "never targeted", "do not strike residential districts"); not when the verb heads a
   condition (kind=conditional: if, unless): "if they had not killed the militants ...".
5. Content attributes blame: an accusation phrase (kind=accuse: responsible for, carried out by,
   was behind, war crimes, deliberately targeted, indiscriminate, unacceptable, ...) in the content
   -> accuse.
6. Otherwise assert.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span

from .lexicon import Lexicon


def _has_phrase(text: str, phrases: frozenset[str]) -> bool:
    return bool(phrases) and _phrase_pattern(phrases).search(text.lower()) is not None


@lru_cache(maxsize=64)
def _phrase_pattern(phrases: frozenset[str]) -> re.Pattern:
    """One pattern for a set of lexicon phrases, each a whole word or phrase (not part of a longer one)."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=lambda p: (-len(p), p)))
    return re.compile(r"(?<![\w-])(?:" + alternatives + r")(?![\w-])")


def negated_event(content: Span, lexicon: Lexicon) -> bool:
    """True when an event verb in the content has a negation ("did not strike", "never targeted")."""
    negations = lexicon.stance_words("negation")
    events = lexicon.stance_words("event_verb")
    conditionals = lexicon.stance_words("conditional")
    for token in content:
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in events:
            if any(c.dep_ == "mark" and c.lower_ in conditionals for c in token.children):
                continue  # "if they had not killed the militants, ...": a condition, not a denial
            if any(c.dep_ == "neg" and c.lower_ in negations for c in token.children):
                return True
            if any(c.dep_ in ("advmod", "neg") and c.lower_ == "never" for c in token.children):
                return True
    return False


def classify_stance(cue_stance: str, cue_negated: bool, content: Span, lexicon: Lexicon) -> str:
    """assert, deny or accuse for a claim with this cue and content (see the module docstring)."""
    if cue_negated:
        return "assert" if cue_stance == "deny" else "deny"
    if cue_stance in ("deny", "accuse"):
        return cue_stance
    if _has_phrase(content.text, lexicon.stance_words("falsity")):
        return "deny"
    if negated_event(content, lexicon):
        return "deny"
    if _has_phrase(content.text, lexicon.stance_words("accuse")):
        return "accuse"
    return "assert"

import json

import pytest

from conflictnews.clean import clean_articles, clean_text
from conflictnews.clean.boilerplate import is_caption, is_credit, is_link, is_signoff

from .helpers import CFG, make_raw

BODY1 = "Government forces shelled the northern town on Tuesday, killing four civilians, a monitor said."
BODY2 = "The United Nations said aid convoys had been unable to reach the area for weeks."
CAPTION = "A boy walks past rubble after an air strike in the old city on March 3, 2016."

ARTICLE = f"""Rebels lose ground in the north

{BODY1}

{CAPTION}
AFP

{CAPTION}

Picture taken on March 2, 2016 shows a damaged market in the old city.

Reuters/Jane Roe

What the monitor saw

{BODY2}

(Reporting by John Doe; Editing by Jane Roe)

Read more: aid in the north

Next stop"""


def test_line_classifiers():
    assert is_caption(CAPTION)
    assert is_caption("Displaced families are seen at a camp near the border on 4 May 2018.")
    assert is_caption("Men inspect a crater in the town, May 4, 2018. REUTERS/John Smith")
    assert not is_caption("A boy walks past rubble on March 3, 2016, the ministry said.")
    assert not is_caption(BODY1)
    assert is_credit("AFP") and is_credit("Reuters/Jane Roe") and is_credit("Photo: John Smith")
    assert not is_credit("AP reports rising toll")
    assert is_link("Read more: aid in the north") and is_link("Share this article")
    assert not is_link("Read the statement, the minister urged reporters.")
    assert is_signoff("(Reporting by John Doe; Editing by Jane Roe)")


def test_article_boilerplate_removed_and_body_kept():
    draft = clean_text(ARTICLE)
    text = "\n\n".join(draft.paragraphs)
    assert draft.title == "Rebels lose ground in the north"
    assert draft.headings == ["What the monitor saw"]
    assert draft.paragraphs == [BODY1, BODY2]
    assert "AFP" not in text and "walks past" not in text and "Next stop" not in text
    assert draft.removed == {"caption": 2, "credit": 2, "repeated": 1, "heading": 1, "signoff": 1, "link": 2}


def test_repeated_line_keeps_first_body_occurrence():
    text = f"{BODY1}\n\n{BODY2}\n\n{BODY1}"
    draft = clean_text(text)
    assert draft.paragraphs == [BODY1, BODY2]
    assert draft.removed == {"repeated": 1}


def test_body_sentence_survives_everything():
    """A plain body sentence is never classified away, whatever surrounds it."""
    short_statement = "Three people were killed."
    text = f"{BODY1}\n\n{short_statement}\n\nAFP\n\n{BODY2}"
    raw = make_raw(text)
    clean, quarantine = clean_articles(raw, CFG)
    assert quarantine.num_rows == 0
    out = clean["text"][0].as_py()
    for sentence in (BODY1, short_statement, BODY2):
        assert sentence in out
    assert out == f"{BODY1}\n\n{short_statement}\n\n{BODY2}"
    assert json.loads(clean["boilerplate_removed"][0].as_py()) == {"credit": 1}


def test_hard_wrapped_paragraph_joined():
    text = (
        "Government forces shelled the northern town on Tuesday, killing\nfour civilians, a monitor said.\n\n" + BODY2
    )
    draft = clean_text(text)
    assert draft.paragraphs == [BODY1, BODY2]
    assert draft.headings == []


KIND_LINES = {
    "caption": "Displaced families are seen at a camp near the border on 4 May 2018.",
    "credit": "Photo: Jane Roe",
    "link": "Share this article",
    "signoff": "(Editing by Jane Roe)",
    "heading": "Aid in the north",
}


@pytest.mark.parametrize("kind", sorted(KIND_LINES))
def test_each_kind_removed_counted_and_body_kept(kind):
    line = KIND_LINES[kind]
    draft = clean_text(f"{BODY1}\n\n{line}\n\n{BODY2}")
    assert draft.paragraphs == [BODY1, BODY2]
    assert draft.removed == {kind: 1}
    assert draft.headings == ([line] if kind == "heading" else [])


def test_repeated_caption_line_counted_once_per_repeat():
    line = "Rescue workers search the rubble of a collapsed building in the old city"
    draft = clean_text(f"{line}.\n\n{BODY1}\n\n{line}.\n\n{BODY2}")
    assert draft.paragraphs == [f"{line}.", BODY1, BODY2]
    assert draft.removed == {"repeated": 1}


def test_run_on_page_top_matter_removed():
    """A scraped page run into one line: title repeat, masthead credit and time, date, then body."""
    text = f"Strikes hit the north REUTERS Middle East 1735 15.04.2017 {BODY1} {BODY2}"
    draft = clean_text(text, title="Strikes hit the north")
    assert draft.paragraphs == [f"{BODY1} {BODY2}"]
    assert draft.removed == {"masthead": 1}
    assert (draft.byline_outlet, draft.outlet_source) == ("Reuters", "credit")

import json

import pytest

from conflictnews.claims.scoring import (
    Attribution,
    Document,
    head_words,
    load_documents,
    match_spans,
    score,
    score_document,
    speaker_matches,
)

TEXT = 'Rebels said 20 people were killed. "We will win this war soon," the commander said. It rained.'


def span(text, part):
    start = text.index(part)
    return start, start + len(part)


def gold_document():
    return Document(
        "d1",
        TEXT,
        [
            Attribution(*span(TEXT, "20 people were killed"), "Rebels", "assert"),
            Attribution(*span(TEXT, "We will win this war soon"), "the rebel commander", "assert", ("commander",)),
        ],
    )


def test_known_figures_on_a_constructed_case():
    system = [
        Attribution(*span(TEXT, "20 people were killed."), "rebels", "assert"),  # exact after edge trimming
        Attribution(*span(TEXT, "We will win this war"), "the commander", "deny"),  # overlap only, wrong stance
        Attribution(*span(TEXT, "It rained"), "nobody", "assert"),  # spurious
    ]
    scores = score_document(gold_document(), system)
    figures = scores.figures()
    assert (scores.n_gold, scores.n_system, scores.matched, scores.exact) == (2, 3, 2, 1)
    assert figures["exact_f1"] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))
    assert figures["overlap_precision"] == pytest.approx(2 / 3)
    assert figures["overlap_recall"] == 1.0
    assert figures["overlap_f1"] == pytest.approx(0.8)
    assert figures["speaker_accuracy"] == 1.0
    assert figures["stance_accuracy"] == 0.5


def test_totals_over_documents_and_empty_system():
    scores = score([gold_document(), gold_document()], lambda d: [])
    assert (scores.n_gold, scores.matched) == (4, 0)
    assert scores.figures()["overlap_f1"] == 0.0


def test_matching_is_one_to_one_best_overlap_first():
    assert match_spans([(0, 10), (20, 30)], [(5, 25)]) == [(0, 0)]
    assert match_spans([(0, 10)], [(0, 4), (2, 10)]) == [(0, 1)]
    assert match_spans([(0, 10)], [(10, 20)]) == []


def test_speaker_normalisation():
    assert speaker_matches("The Syrian Observatory", "Syrian Observatory for Human Rights")
    assert speaker_matches("the Observatory's", "Syrian Observatory for Human Rights")
    assert speaker_matches("Fabius", "Laurent Fabius")
    assert speaker_matches("he", "Kamal Kirkuki", aliases=("he",))
    assert not speaker_matches("Syrian government", "Syrian Observatory for Human Rights")
    assert not speaker_matches("", "Rebels")
    assert head_words("YPG spokesman Redur Xelil and Turkish security sources") == {"xelil", "sources"}


def test_load_documents_checks_offsets(tmp_path):
    row = {
        "doc_id": "1",
        "text": "He said it.",
        "attributions": [
            {"speaker": "He", "cue": "said", "content_start": 8, "content_end": 10, "content": "it", "stance": "assert"}
        ],
    }
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(row) + "\n")
    (document,) = load_documents(path)
    assert document.attributions[0].speaker == "He"
    row["attributions"][0]["content"] = "xx"
    path.write_text(json.dumps(row) + "\n")
    with pytest.raises(ValueError, match="not at its offsets"):
        load_documents(path)


def test_annotated_set_loads_and_is_large_enough():
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "attributions" / "annotated.jsonl"
    documents = load_documents(path)
    assert len(documents) >= 10
    assert sum(len(d.attributions) for d in documents) >= 40
    stances = {a.stance for d in documents for a in d.attributions}
    assert stances <= {"assert", "deny", "accuse"}


def test_system_runs_on_a_tiny_document(nlp):
    from conflictnews.claims.scoring import system_attributions

    text = "The ministry denied that its jets had bombed the market. Rescuers said 12 people were killed."
    document = Document(
        "t",
        text,
        [
            Attribution(*span(text, "its jets had bombed the market"), "The ministry", "deny"),
            Attribution(*span(text, "12 people were killed"), "Rescuers", "assert"),
        ],
    )
    figures = score_document(document, system_attributions(document, nlp)).figures()
    assert figures["overlap_f1"] == 1.0 and figures["speaker_accuracy"] == 1.0 and figures["stance_accuracy"] == 1.0

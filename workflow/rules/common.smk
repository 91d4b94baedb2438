# Config validation, source discovery and input functions. Python only, no rules.
import glob
import os
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

from conflictnews.codeversion import code_version, use_scan_cache
from conflictnews.shards import CHUNK_PATTERN, plan_shards

validate(config, schema="../schemas/config.schema.yaml")
# What the code fingerprints read of each source file, kept by content hash: a start parses only changed files.
use_scan_cache(".snakemake/conflictnews/code_scan.json")

VERSION = config["version"]
RELEASE_DIR = f"release/v{VERSION}"
RELEASE_STAGING = f"results/release/v{VERSION}"
RELEASE_RECORD = f"results/release/v{VERSION}.published.json"
STAGES = ["ingest", "clean", "dedup", "extract", "claims", "release"]
# Gates: each is one Great Expectations process (the import costs about 3 s) that validates
# its stages in order, each into results/qc/<stage>.json. A gate runs once its last stage's
# tables exist: ingest and clean beside dedup and the parse (so that a problem of the raw
# records, such as an id in two shards, is reported even when dedup fails on it); dedup beside
# the parse too (a core is free while the parse runs); extract and release beside the incidents
# (build_incidents, mark_contested); claims after them.
GATES = {
    "ingest_clean": ["ingest", "clean"],
    "dedup": ["dedup"],
    "extract_release": ["extract", "release"],
    "claims": ["claims"],
}
if sorted(stage for stages in GATES.values() for stage in stages) != sorted(STAGES):
    raise WorkflowError("GATES must name every stage of STAGES exactly once")
RELEASE_TABLES = [
    "articles",
    "article_links",
    "events",
    "claims",
    "incidents",
    "quarantine",
    "entities",
]


def _source_files(name, source):
    """Raw files of one source; a missing path stops the build before any job runs."""
    path = source["path"]
    if source["reader"] == "text" and Path(path).is_dir():
        files = sorted(str(p) for p in Path(path).glob("*.txt"))
    elif any(ch in path for ch in "*?["):
        files = sorted(glob.glob(path))
    elif Path(path).is_file():
        files = [path]
    else:
        raise WorkflowError(
            f"config key sources.{name}.path: {path!r} does not exist (relative to {Path.cwd()}). "
            "Fix the path or set `enabled: false` for this source."
        )
    if not files:
        raise WorkflowError(
            f"config key sources.{name}.path: {path!r} matches no files."
        )
    return files


SOURCES = {
    name: source
    for name, source in sorted(config["sources"].items())
    if source.get("enabled", True)
}
if not SOURCES:
    raise WorkflowError("config key sources: no enabled source.")
SOURCE_FILES = {name: _source_files(name, source) for name, source in SOURCES.items()}

# Shards `<source>/<chunk>`, planned from file names and sizes only (conflictnews.shards).
SHARDING = config.get("shards", {})
SHARDS = plan_shards(
    readers={name: source["reader"] for name, source in SOURCES.items()},
    files=SOURCE_FILES,
    sizes={
        f: os.path.getsize(f)
        for name, files in SOURCE_FILES.items()
        if SOURCES[name]["reader"] != "text"
        for f in files
    },
    chunk_size=SHARDING.get("chunk_size", 2000),
    chunk_bytes=SHARDING.get("chunk_bytes", 8000000),
)


wildcard_constraints:
    shard=f"(?:{'|'.join(SOURCES)})/{CHUNK_PATTERN}",


def shard_files(wildcards):
    """The raw files one shard reads."""
    return list(SHARDS[wildcards.shard].files)


def shard_source(wildcards):
    return SHARDS[wildcards.shard].source


def shard_source_config(wildcards):
    return SOURCES[SHARDS[wildcards.shard].source]


def shard_params(wildcards):
    """The shard's files and byte range: unchanged for existing shards when files are added."""
    return SHARDS[wildcards.shard].params()


def per_shard(pattern):
    return expand(pattern, shard=list(SHARDS))


def signature_config():
    """The dedup keys per-shard signatures depend on: tuning a threshold reruns only the gather."""
    dedup = config.get("dedup", {})
    return {
        key: dedup[key]
        for key in ("shingle_size", "num_perm", "seed", "lede_shingles")
        if key in dedup
    }


def release_config():
    """What the release records about the build: metadata keys and the enabled sources."""
    keys = ("version", "released", "title", "license", "authors", "repository")
    return {key: config[key] for key in keys if key in config} | {"sources": SOURCES}


def release_files():
    """The default target: the record that release/v{version}/ is published (release.smk)."""
    return [RELEASE_RECORD]


def release_staging_files():
    """Files write_release builds in the staging directory (report.html is declared apart, as a report item)."""
    files = [f"{RELEASE_STAGING}/{name}.parquet" for name in RELEASE_TABLES]
    files += [
        f"{RELEASE_STAGING}/{name}"
        for name in (
            "datapackage.json",
            "CITATION.cff",
            "README.md",
            "SHA256SUMS",
            "event_types.csv",
        )
    ]
    return files


def release_inputs():
    """The released tables' sources (write_release; the release gate reads most of them, release_gate_inputs)."""
    return {
        "articles": ["results/dedup/articles.parquet"],
        "article_links": ["results/dedup/article_links.parquet"],
        "events": ["results/incidents/events.parquet"],
        "claims": per_shard("results/claims/{shard}.parquet"),
        "incidents": ["results/incidents/incidents.parquet"],
        "entities": per_shard("results/extract/{shard}.entities.parquet"),
        "quarantine": per_shard("results/ingest/{shard}.quarantine.parquet")
        + per_shard("results/clean/{shard}.quarantine.parquet"),
    }


def release_table_inputs(wildcards):
    return release_inputs()


def release_gate_inputs():
    """The release gate's tables: the released ones, with the events as extracted (their incident
    ids are the claims gate's to check) and without the incidents, so that it runs beside
    build_incidents and mark_contested; and the raw tables for the row accounting (raw = released +
    quarantined).
    """
    tables = release_inputs() | {
        "events": per_shard("results/extract/{shard}.events.parquet"),
        "raw_articles": per_shard("results/ingest/{shard}.parquet"),
        "ingest_quarantine": per_shard("results/ingest/{shard}.quarantine.parquet"),
    }
    del tables["incidents"]
    return tables


def stage_tables(stage):
    """Tables a stage's gate checks, by table name."""
    tables = {
        "ingest": {
            "raw_articles": per_shard("results/ingest/{shard}.parquet"),
            "quarantine": per_shard("results/ingest/{shard}.quarantine.parquet"),
        },
        "clean": {
            "clean_articles": per_shard("results/clean/{shard}.parquet"),
            "quarantine": per_shard("results/clean/{shard}.quarantine.parquet"),
        },
        "dedup": {
            "articles": ["results/dedup/articles.parquet"],
            "article_links": ["results/dedup/article_links.parquet"],
        },
        "extract": {
            "events": per_shard("results/extract/{shard}.events.parquet"),
            "entities": per_shard("results/extract/{shard}.entities.parquet"),
        },
        "claims": {
            "claims": per_shard("results/claims/{shard}.parquet"),
            "events": ["results/incidents/events.parquet"],
            "incidents": ["results/incidents/incidents.parquet"],
        },
        "release": release_gate_inputs(),
    }
    return tables[stage]


def gate_inputs(gate):
    """Every file a gate reads, once."""
    paths = {
        path
        for stage in GATES[gate]
        for files in stage_tables(stage).values()
        for path in files
    }
    return sorted(paths)

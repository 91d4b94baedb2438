"""One end-to-end build of the tiny corpus in tests/data/tiny, twice, with Snakemake itself."""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from conflictnews import schemas
from conflictnews.validation.checks import CROSS_TABLE_CHECKS

REPO = Path(__file__).resolve().parents[1]
TINY = REPO / "tests" / "data" / "tiny"
RELEASE = Path("release/v0.1.0")
TABLES = {
    "articles": schemas.ARTICLES,
    "article_links": schemas.ARTICLE_LINKS,
    "events": schemas.EVENTS,
    "claims": schemas.CLAIMS,
    "incidents": schemas.INCIDENTS,
    "quarantine": schemas.QUARANTINE,
    "entities": schemas.ENTITIES,
}

pytestmark = pytest.mark.e2e


def snakemake(workdir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    cmd = [
        sys.executable, "-m", "snakemake",
        "--snakefile", str(REPO / "Snakefile"),
        "--directory", str(workdir),
        "--configfile", str(workdir / "config.yaml"),
        "--cores", "2",
        *args,
    ]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    if check and proc.returncode != 0:
        raise AssertionError(f"snakemake failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}")
    return proc


def make_corpus(workdir: Path) -> Path:
    """The tiny corpus plus records that must be quarantined: an empty and a binary file."""
    shutil.copytree(TINY, workdir)
    (workdir / "texts" / "empty.txt").write_bytes(b"")
    (workdir / "texts" / "binary.txt").write_bytes(bytes(range(256)) * 8)
    return workdir


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    first = make_corpus(tmp_path_factory.mktemp("build") / "a")
    second = make_corpus(tmp_path_factory.mktemp("build") / "b")
    snakemake(first)
    snakemake(second)
    return first, second


@pytest.fixture(scope="module")
def release(builds) -> Path:
    return builds[0] / RELEASE


def read(release: Path, name: str):
    return pq.read_table(release / f"{name}.parquet")


def test_release_has_every_file(release):
    for name in TABLES:
        assert (release / f"{name}.parquet").is_file()
    for name in ("datapackage.json", "CITATION.cff", "README.md", "SHA256SUMS", "event_types.csv"):
        assert (release / name).is_file(), name
    assert sorted(p.stem for p in (release / "qc").glob("*.json")) == sorted(
        ["ingest", "clean", "dedup", "extract", "claims", "release"]
    )


def test_every_released_row_passed_a_full_stage_gate(release):
    """The release gate runs only the cross-table checks: each released table's rows were
    validated in full by the gate of the stage that made them."""
    qc = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (release / "qc").glob("*.json")}
    release_checks = {e["check"] for t in qc["release"]["tables"].values() for e in t["expectations"]}
    assert release_checks and release_checks <= CROSS_TABLE_CHECKS
    for name in TABLES:
        rows = [r["tables"][name]["rows"] for stage, r in qc.items() if stage != "release" and name in r["tables"]]
        n = read(release, name).num_rows
        assert n in rows or sum(rows) == n, (name, n, rows)  # quarantine: ingest + clean gates


@pytest.mark.parametrize("name", sorted(TABLES))
def test_table_schema(release, name):
    table = read(release, name)
    expected = TABLES[name]
    assert table.schema.names == expected.names
    assert [f.type for f in table.schema] == [f.type for f in expected]


def test_row_accounting_per_source(release):
    articles = read(release, "articles").to_pandas()
    quarantine = read(release, "quarantine").to_pandas()
    raw_records = {"texts": 5, "news_csv": 3}  # 3 articles + empty + binary; 3 CSV rows
    for source, n_raw in raw_records.items():
        kept = int((articles.source == source).sum())
        rejected = int((quarantine.source == source).sum())
        assert kept + rejected == n_raw, (source, kept, rejected)
    reasons = dict(zip(quarantine.raw_path.map(lambda p: Path(p).name), quarantine.reason, strict=True))
    assert reasons["empty.txt"] == "empty_text"
    assert reasons["binary.txt"] == "undecodable"
    assert quarantine.loc[quarantine.source == "news_csv", "reason"].tolist() == ["missing_text"]


def test_every_article_is_cleaned_and_clustered(release):
    articles = read(release, "articles").to_pandas().set_index("source_id")
    wire = articles.loc["market_strike_wire"]
    assert bool(wire.was_lowercased)
    assert "( reuters )" not in wire.text.lower()
    assert " , " not in wire.text
    # The lower-cased wire copy and the cased article are one story with one canonical article.
    original = articles.loc["market_strike"]
    assert wire.story_id == original.story_id
    assert articles.groupby("story_id").is_canonical.sum().eq(1).all()
    assert pd_date(articles.loc["ministry_denial"].published_date) == "2019-04-02"


def pd_date(value) -> str:
    return str(value)[:10]


def test_events_and_claims_point_into_article_text(release):
    articles = read(release, "articles").to_pandas().set_index("article_id")
    events = read(release, "events").to_pandas()
    claims = read(release, "claims").to_pandas()
    assert len(events) > 0 and len(claims) > 0
    for row in events.itertuples():
        assert articles.loc[row.article_id, "text"][row.char_start : row.char_end] == row.sentence
    for row in claims.itertuples():
        assert articles.loc[row.article_id, "text"][row.char_start : row.char_end] == row.content
    assert "deny" in set(claims.stance)
    assert events.loc[events.is_asserted, "incident_id"].notna().all()


def test_two_builds_are_byte_identical(builds):
    first, second = (b / RELEASE for b in builds)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    different = [str(f) for f in files if not filecmp.cmp(first / f, second / f, shallow=False)]
    assert different == []


def test_rerun_has_nothing_to_do(builds):
    proc = snakemake(builds[0], "--dry-run")
    assert "Nothing to be done" in proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"reader": "xml"}, "reader"),
        ({"path": "no/such/dir"}, "sources.texts.path"),
    ],
)
def test_config_mistake_stops_before_any_job(tmp_path, change, key):
    workdir = make_corpus(tmp_path / "bad")
    config = yaml.safe_load((workdir / "config.yaml").read_text())
    config["sources"]["texts"].update(change)
    (workdir / "config.yaml").write_text(yaml.safe_dump(config))
    proc = snakemake(workdir, check=False)
    assert proc.returncode != 0
    assert key in proc.stdout + proc.stderr
    assert not (workdir / "results").exists()


def _set_config(workdir: Path, **changes) -> None:
    config = yaml.safe_load((workdir / "config.yaml").read_text())
    config.update(changes)
    (workdir / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))


def test_published_version_is_never_rewritten(builds):
    """A different build under a published version stops and asks for a new one; the same build is a no-op;
    a new version is published next to the old one with a CHANGELOG entry. Runs last: it changes build b."""
    workdir = builds[1]
    published = {p: p.read_bytes() for p in (workdir / RELEASE).rglob("*") if p.is_file()}
    original = yaml.safe_load((workdir / "config.yaml").read_text())

    _set_config(workdir, released="2026-02-01")  # CITATION.cff and datapackage.json change
    proc = snakemake(workdir, check=False)
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "release/v0.1.0 is already published" in out and "Bump `version`" in out and "0.1.1" in out
    assert {p: p.read_bytes() for p in published} == published  # untouched

    _set_config(workdir, released=original["released"])  # the same build again: nothing to publish
    snakemake(workdir)
    assert {p: p.read_bytes() for p in published} == published
    assert '"status": "unchanged"' in (workdir / "results/release/v0.1.0.published.json").read_text()

    _set_config(workdir, version="0.1.1", released="2026-02-01")  # same tables: any higher version will do
    snakemake(workdir)
    assert (workdir / "release/v0.1.1/SHA256SUMS").is_file() and (workdir / RELEASE / "SHA256SUMS").is_file()
    changelog = (workdir / "CHANGELOG.md").read_text()
    assert changelog.index("## [0.1.1] - 2026-02-01") < changelog.index("## [0.1.0]")
    assert "No change in the tables" in changelog

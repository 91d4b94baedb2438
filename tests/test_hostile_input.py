"""A corpus of bad records builds to completion: every raw record is released or quarantined with a reason.
Config mistakes stop before any job, naming the key."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
TINY = REPO / "tests" / "data" / "tiny"

pytestmark = pytest.mark.e2e

ENGLISH = (
    "Government forces shelled the town of Maarat al-Numan in Idlib province on Tuesday, killing four civilians "
    "and wounding several others, a local rescue group said. Residents said the shells hit a market street."
)
FRENCH = (
    "Les forces gouvernementales ont bombardé mardi la ville de Maarat al-Numan, dans la province d'Idleb, tuant "
    "quatre civils et en blessant plusieurs autres, selon un groupe de secours local. Les habitants ont indiqué que "
    "les obus avaient touché une rue commerçante."
)
HTML_PAGE = (
    "<!DOCTYPE html><html><head><title>Login</title><script>var x = 1;</script>"
    "<style>body {color: red}</style></head><body><nav><a href='/'>Home</a></nav>"
    "<form><input name='user'><input type='password'></form></body></html>"
)
# Raw records of each source and where the build must put them.
TEXT_FILES = ["market_strike.txt", "market_strike_wire.txt", "ministry_denial.txt", "binary.txt", "empty.txt",
              "invalid_utf8.txt", "page.txt", "huge.txt", "french.txt"]  # fmt: skip
CSV_HEADER = ["uid", "headline", "body", "outlet", "day"]
CSV_ROWS = [
    ["c1", "Shelling in Idlib", ENGLISH, "Example News", "2019-04-09"],
    ["c1", "Same id again", ENGLISH.replace("four", "five"), "Example News", "2019-04-09"],  # duplicate id
    ["c2", "Future", ENGLISH.replace("Tuesday", "Monday"), "Example News", "2099-01-01"],  # future date
    ["c3", "Impossible", ENGLISH.replace("Tuesday", "Sunday"), "Example News", "2019-02-30"],  # impossible date
    ["c4", "Too many fields", ENGLISH, "Example News", "2019-04-09", "extra", "fields"],  # malformed row
    ["c5", "Too few fields"],  # malformed row
    ["c6", "No text", "", "Example News", "2019-04-09"],
]


def make_corpus(workdir: Path) -> Path:
    shutil.copytree(TINY / "texts", workdir / "texts")
    texts = workdir / "texts"
    (texts / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (texts / "empty.txt").write_bytes(b"")
    (texts / "invalid_utf8.txt").write_bytes(ENGLISH.encode() + b" \xff\xfe\xc3 " + ENGLISH.encode())
    (texts / "page.txt").write_text(HTML_PAGE)
    with open(texts / "huge.txt", "wb") as handle:  # 50 MB
        line = (ENGLISH + "\n").encode()
        handle.write(line * (50_000_000 // len(line) + 1))
    (texts / "french.txt").write_text(FRENCH)
    with open(workdir / "news.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        writer.writerows(CSV_ROWS)
    (workdir / "other.csv").write_text(f"id,content\nx1,{ENGLISH}\nx2,{ENGLISH}\n")
    config = {
        "version": "0.1.0",
        "released": "2026-01-15",
        "sources": {
            "texts": {"reader": "text", "path": "texts"},
            "news_csv": {"reader": "csv", "path": "news.csv",
                         "columns": {"id": "uid", "title": "headline", "text": "body", "outlet": "outlet",
                                     "published": "day"}},
            "no_text_column": {"reader": "csv", "path": "other.csv", "columns": {"id": "id", "text": "body"}},
        },
        "clean": {"min_chars": 150},
    }  # fmt: skip
    (workdir / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    return workdir


def snakemake(workdir: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "snakemake", "--snakefile", str(REPO / "Snakefile"), "--directory", str(workdir),
           "--configfile", str(workdir / "config.yaml"), "--cores", "2", *args]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    workdir = make_corpus(tmp_path_factory.mktemp("hostile") / "w")
    proc = snakemake(workdir)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]
    return workdir / "release" / "v0.1.0"


def test_every_raw_record_is_released_or_quarantined_with_a_reason(build):
    articles = pq.read_table(build / "articles.parquet").to_pandas()
    quarantine = pq.read_table(build / "quarantine.parquet").to_pandas()
    assert quarantine.reason.notna().all() and (quarantine.reason != "").all()
    assert quarantine.stage.isin(["ingest", "clean"]).all()
    records = {}
    for table, where in ((articles, "articles"), (quarantine, "quarantine")):
        for row in table.itertuples():
            key = (row.source, Path(row.raw_path).name, row.raw_locator)
            assert key not in records, f"{key} is in {records.get(key)} and {where}"
            records[key] = where if where == "articles" else f"{row.stage}/{row.reason}"
    expected = {("texts", name, "file") for name in TEXT_FILES}
    expected |= {("news_csv", "news.csv", f"row {n}") for n in range(1, len(CSV_ROWS) + 1)}
    expected |= {("no_text_column", "other.csv", f"row {n}") for n in (1, 2)}
    assert set(records) == expected


def test_bad_records_get_the_right_reasons(build):
    quarantine = pq.read_table(build / "quarantine.parquet").to_pandas()
    reason = {(Path(r.raw_path).name, r.raw_locator): r.reason for r in quarantine.itertuples()}
    assert reason[("binary.txt", "file")] == "undecodable"
    assert reason[("empty.txt", "file")] == "empty_text"
    assert reason[("huge.txt", "file")] == "too_large"
    assert reason[("news.csv", "row 5")] == reason[("news.csv", "row 6")] == "malformed_row"
    assert reason[("news.csv", "row 7")] == "missing_text"
    assert reason[("other.csv", "row 1")] == reason[("other.csv", "row 2")] == "missing_column"
    assert ("page.txt", "file") in reason  # a page of markup, no article
    assert reason[("french.txt", "file")] == "not_english"
    assert "duplicate" in reason[("news.csv", "row 2")]  # the second record with id c1


def test_dates_are_never_in_the_future_or_impossible(build):
    articles = pq.read_table(build / "articles.parquet").to_pandas().set_index("source_id")
    for source_id in ("c2", "c3"):  # kept: the text is fine; the date is unusable
        if source_id in articles.index:
            assert articles.loc[source_id, "published_date"] is None or str(
                articles.loc[source_id, "published_date"]
            ) <= "2026-01-15"
    assert str(articles.loc["c2", "published_date"]) != "2099-01-01"


def test_invalid_utf8_is_repaired_not_lost(build):
    articles = pq.read_table(build / "articles.parquet").to_pandas()
    kept = articles[articles.raw_path.str.endswith("invalid_utf8.txt")]
    assert len(kept) == 1 and "Maarat al-Numan" in kept.text.iloc[0]


def test_release_of_a_hostile_corpus_is_valid(build):
    from conflictnews.release.validate import validate_release

    assert validate_release(build) == []
    assert '"success": true' in (build / "qc" / "release.json").read_text()


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"sources": {"texts": {"reader": "xml", "path": "texts"}}}, "reader"),
        ({"sources": {"texts": {"reader": "text", "path": "no/such/dir"}}}, "sources.texts.path"),
        ({"version": "1.0"}, "version"),
        ({"version": "v1.0.0"}, "version"),
        ({"released": "15/01/2026"}, "released"),
    ],
)
def test_config_mistake_stops_before_any_work(tmp_path, change, key):
    workdir = tmp_path / "bad"
    shutil.copytree(TINY, workdir)
    config = yaml.safe_load((workdir / "config.yaml").read_text())
    config.update(change)
    (workdir / "config.yaml").write_text(yaml.safe_dump(config))
    proc = snakemake(workdir)
    assert proc.returncode != 0
    assert key in proc.stdout + proc.stderr
    assert not (workdir / "results").exists() and not (workdir / "release").exists()


def test_a_failed_gate_stops_the_release_even_when_the_build_keeps_going(tmp_path):
    """Gates run beside the next stages; write_release waits for every gate, so a hard failure releases nothing.

    The same id in two files of one source passes each shard's ingest but fails the ingest gate."""
    workdir = tmp_path / "w"
    (workdir / "news").mkdir(parents=True)
    for name, text in (("a.csv", ENGLISH), ("b.csv", ENGLISH.replace("four", "six"))):
        with open(workdir / "news" / name, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([["id", "body"], ["same-id", text]])
    news = {"reader": "csv", "path": "news/*.csv", "columns": {"id": "id", "text": "body"}}
    config = {"version": "0.1.0", "released": "2026-01-15", "sources": {"news": news}}
    (workdir / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    proc = snakemake(workdir, "--keep-going")
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "Quality gate of stage 'ingest' failed" in output and "article_id_unique" in output
    assert (workdir / "results" / "qc" / "ingest.failed.json").is_file()
    assert (workdir / "results" / "clean").is_dir()  # the next stages went on beside the gate
    assert not (workdir / "results" / "release").exists() and not (workdir / "release").exists()

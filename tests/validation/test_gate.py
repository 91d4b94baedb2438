"""The stage gate: deterministic JSON, failure messages, row accounting."""

from __future__ import annotations

import json

import pytest
from validation_rows import TEXT_B, article_row, event_row, quarantine_rows, raw_row, table

from conflictnews import schemas
from conflictnews.ids import article_id
from conflictnews.validation import gate
from conflictnews.validation.accounting import accounting_check


@pytest.fixture(scope="module")
def dedup_result(dedup_tables):
    return gate.validate_stage("dedup", dedup_tables)


@pytest.fixture(scope="module")
def dedup_tables():
    a = article_id("seeds", "a")
    links = table("article_links", [{"article_id": a, "other_article_id": article_id("seeds", "b"),
                                     "relation": "shares_passage", "score": 0.3}])  # fmt: skip
    return {"articles": table("articles", [article_row("a"), article_row("b", TEXT_B)]), "article_links": links}


def test_same_tables_give_byte_identical_json(dedup_tables, tmp_path):
    """Run twice on failing data (examples, percentages): the files are byte-identical."""
    bad = dict(dedup_tables, articles=table("articles", [article_row("a"), article_row("b", TEXT_B, story="x")]))
    gate.write_qc(gate.validate_stage("dedup", bad), tmp_path / "one.json")
    gate.write_qc(gate.validate_stage("dedup", bad), tmp_path / "two.json")
    first, second = (tmp_path / "one.json").read_bytes(), (tmp_path / "two.json").read_bytes()
    assert first == second
    assert first.endswith(b"}\n")
    text = first.decode()
    assert '"success": false' in text and '"examples"' in text
    for volatile in ("run_id", "ge_load_time", "great_expectations_version", "batch_id", "fingerprint"):
        assert volatile not in text


def test_result_shape(dedup_result):
    result = dedup_result
    assert result["stage"] == "dedup" and result["success"] is True
    assert set(result["tables"]) == {"articles", "article_links"}
    assert result["tables"]["articles"]["rows"] == 2
    entry = result["tables"]["articles"]["expectations"][0]
    assert {"check", "expectation", "kwargs", "severity", "success", "why", "observed"} <= set(entry)
    json.dumps(result)  # JSON-able


def test_enforce_names_stage_table_expectation_row_and_file(tmp_path):
    rows = [event_row(fatalities_low=40), event_row("b", event_id="e2")]
    result = gate.validate_stage("extract", {"events": table("events", rows), "entities": table("entities", [])})
    assert not result["success"]
    qc = tmp_path / "qc" / "extract.json"
    with pytest.raises(gate.GateFailed) as err:
        gate.enforce(result, qc)
    message = str(err.value)
    assert "'extract'" in message
    assert "'events'" in message
    assert "expect_column_pair_values_a_to_be_greater_than_b" in message and "fatalities_low_le_best" in message
    assert '"fatalities_low": 40' in message and rows[0]["event_id"] in message
    assert str(qc) in message
    assert message.count("offending row:") == 1  # one bad row of two


def test_enforce_passes_warnings_only():
    rows = [event_row(location=None, country=None, latitude=None, longitude=None, geo_precision=None,
                      location_source=None)]  # fmt: skip
    result = gate.validate_stage("extract", {"events": table("events", rows), "entities": table("entities", [])})
    assert result["success"] and result["n_warnings"] >= 1
    gate.enforce(result)  # no exception


def _accounting_tables(kept: int):
    raw = table("raw_articles", [raw_row("a"), raw_row("b"), raw_row("c"), raw_row("x", source="other")])
    ingest_q = table("quarantine", quarantine_rows(stage="ingest", reason="empty_text"))
    clean_q = quarantine_rows(source="seeds", stage="clean", reason="too_short")
    clean_q[0]["quarantine_id"] = "clean-q"
    clean_q[0]["raw_path"] = "raw/seeds/c.txt"
    quarantine = table("quarantine", quarantine_rows(stage="ingest", reason="empty_text") + clean_q)
    articles = table("articles", [article_row(s) for s in "ab"[:kept]] + [
        article_row("x") | {"article_id": article_id("other", "x"), "source": "other"}])  # fmt: skip
    return raw, ingest_q, articles, quarantine


def test_accounting_balances():
    accounting = accounting_check(*_accounting_tables(kept=2))
    assert accounting["success"]
    seeds = {r["source"]: r for r in accounting["sources"]}["seeds"]
    assert (seeds["n_raw"], seeds["n_kept"], seeds["n_quarantined"]) == (4, 2, 2)
    assert seeds["quarantined_by_reason"] == {"clean/too_short": 1, "ingest/empty_text": 1}
    assert accounting["totals"]["n_raw"] == 5


def test_accounting_fails_when_a_record_is_lost():
    accounting = accounting_check(*_accounting_tables(kept=1))
    assert not accounting["success"]
    result = gate.validate_stage("release", {"quarantine": table("quarantine", [])}, accounting=accounting)
    assert not result["success"]
    with pytest.raises(gate.GateFailed, match=r"source 'seeds': 4 raw records != 1 released \+ 2 quarantined"):
        gate.enforce(result)


def test_accounting_of_empty_tables():
    empty = schemas.QUARANTINE.empty_table()
    accounting = accounting_check(schemas.RAW_ARTICLES.empty_table(), empty, schemas.ARTICLES.empty_table(), empty)
    assert accounting == {**accounting, "success": True, "sources": []}


def test_gate_does_not_fingerprint_batches(dedup_tables, monkeypatch):
    """GX's md5 fingerprint of each frame is batch metadata the qc results never keep: it is skipped."""
    from great_expectations.execution_engine import pandas_execution_engine

    def refuse(df):
        raise AssertionError("batch fingerprinted")

    monkeypatch.setattr(pandas_execution_engine, "hash_pandas_dataframe", refuse)
    assert gate.validate_stage("dedup", dedup_tables)["success"] is True


def test_gate_computes_only_the_checks_its_suite_reads(monkeypatch):
    """The release gate keeps only cross-table checks: the within-table ones are never computed."""
    from conflictnews.validation import checks

    calls = []
    real = checks._span_length
    monkeypatch.setattr(checks, "_span_length", lambda *args: calls.append(args) or real(*args))
    events = table("events", [event_row()])
    tables = {"events": events, "incidents": table("incidents", []), "articles": table("articles", [article_row("a")])}
    gate.validate_table("events", events, tables, cross_table_only=True)
    assert calls == []
    gate.validate_table("events", events, tables)
    assert len(calls) == 1


def test_claims_gate_checks_events_only_on_incident_ids():
    """The extract gate validated the events in full; the claims gate checks their incident ids."""
    events = table("events", [event_row(event_type="not_a_type")])
    incidents = table("incidents", [])
    claims_gate = gate.validate_stage("claims", {"events": events, "incidents": incidents})
    checked = {e["check"] for e in claims_gate["tables"]["events"]["expectations"]}
    assert "event_type_in_vocabulary" not in checked and "check_asserted_has_incident" in checked
    assert not claims_gate["success"]  # the asserted mention has no incident
    assert not gate.validate_stage("extract", {"events": events})["success"]  # the type is caught there


def test_claims_stage_requires_incident_ids_of_asserted_mentions():
    events = table(
        "events",
        [
            event_row(),
            event_row(event_id="e2", is_asserted=False),
            event_row(event_id="e3", is_aggregate=True),
        ],
    )
    result = gate.validate_table("events", events, {"events": events, "incidents": table("incidents", [])})
    failed = {e["check"]: e for e in result["expectations"] if not e["success"]}
    assert "check_asserted_has_incident" in failed
    # only the asserted mention is unexpected: a denied mention or a running total may have no incident
    assert failed["check_asserted_has_incident"]["observed"]["unexpected_count"] == 1


def test_failed_gate_in_a_process_prints_rows_and_paths_and_exits_nonzero(tmp_path):
    """What a user sees when a stage's gate fails: table, expectation, offending rows, result and log paths."""
    import subprocess
    import sys

    from conflictnews.tables import write_table

    rows = [event_row(fatalities_low=40), event_row("b", event_id="e2", fatalities_low=50)]
    write_table(table("events", rows), tmp_path / "events.parquet")
    write_table(table("entities", []), tmp_path / "entities.parquet")
    code = (
        "import sys\n"
        "from conflictnews.steps import run_validate\n"
        "from conflictnews.validation.gate import GateFailed\n"
        "try:\n"
        f"    run_validate({{'extract': {{'events': [{str(tmp_path / 'events.parquet')!r}], "
        f"'entities': [{str(tmp_path / 'entities.parquet')!r}]}}}}, "
        f"{{'extract': {str(tmp_path / 'qc' / 'extract.json')!r}}}, 'x.log')\n"
        "except GateFailed as failure:\n"
        "    print(failure, file=sys.stderr); sys.exit(1)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    err = proc.stderr
    assert "Quality gate of stage 'extract' failed" in err and "table 'events'" in err
    assert "expect_column_pair_values_a_to_be_greater_than_b" in err
    assert err.count("offending row:") == 2 and '"fatalities_low": 50' in err
    assert f"Full result: {tmp_path / 'qc' / 'extract.failed.json'}" in err and "Log: x.log" in err
    assert (tmp_path / "qc" / "extract.failed.json").is_file()



def test_one_process_validates_several_stages_and_reports_every_failing_one(tmp_path):
    """A gate of two stages: both qc files are written; only the failing stage stops the build, by name."""
    from conflictnews.steps import run_validate
    from conflictnews.tables import write_table

    write_table(table("events", [event_row(fatalities_low=40), event_row("b", event_id="e2")]), tmp_path / "ev.parquet")
    write_table(table("entities", []), tmp_path / "ent.parquet")
    write_table(table("articles", [article_row("a"), article_row("b", TEXT_B)]), tmp_path / "art.parquet")
    links = [{"article_id": article_id("seeds", "a"), "other_article_id": article_id("seeds", "b"),
              "relation": "shares_passage", "score": 0.3}]  # fmt: skip
    write_table(table("article_links", links), tmp_path / "links.parquet")
    stages = {  # the failing stage first: the next one is still validated and written
        "extract": {"events": [str(tmp_path / "ev.parquet")], "entities": [str(tmp_path / "ent.parquet")]},
        "dedup": {"articles": [str(tmp_path / "art.parquet")], "article_links": [str(tmp_path / "links.parquet")]},
    }
    out = {stage: str(tmp_path / "qc" / f"{stage}.json") for stage in stages}
    with pytest.raises(gate.GateFailed) as err:
        run_validate(stages, out)
    assert "stage 'extract' failed" in str(err.value) and "stage 'dedup'" not in str(err.value)
    assert json.loads((tmp_path / "qc" / "dedup.json").read_text())["success"] is True
    assert json.loads((tmp_path / "qc" / "extract.json").read_text())["success"] is False
    assert (tmp_path / "qc" / "extract.failed.json").is_file() and not (tmp_path / "qc" / "dedup.failed.json").exists()


def test_gate_process_keeps_sqlalchemy_from_great_expectations():
    """A fresh gate process imports GX without SQLAlchemy (its SQL back end is not needed for frames);
    SQLAlchemy, which Snakemake needs, still imports afterwards."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import conflictnews.validation.gate\n"
        "print('great_expectations' in sys.modules, 'sqlalchemy' in sys.modules)\n"
        "import sqlalchemy\n"
        "print('sqlalchemy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False", "True"]


def test_gate_process_defers_scipy_stats_and_altair():
    """A fresh gate process imports GX without SciPy's stats or Altair, validates a table without them,
    and GX's names for them still work when used; a later import gets the modules themselves."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import pyarrow as pa\n"
        "from conflictnews.validation import gate\n"
        "print('scipy.stats' in sys.modules, 'altair' in sys.modules)\n"
        "table = pa.table({'entity_id': ['e1'], 'article_id': ['a1']})\n"
        "gate.validate_table('entities', table)\n"
        "print('scipy.stats' in sys.modules, 'altair' in sys.modules)\n"
        "from great_expectations.expectations.core import expect_column_kl_divergence_to_be_less_than as kl\n"
        "print(float(kl.stats.entropy([0.5, 0.5], [0.5, 0.5])), kl.alt.__name__)\n"
        "import scipy.stats, altair\n"
        "print(type(scipy.stats).__name__, type(altair).__name__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False", "False", "False", "0.0", "altair", "module", "module"]


def test_deferred_module_imports_on_first_use(tmp_path, monkeypatch):
    import sys

    probe_source = "import sys\nLOADED = True\nsys.probe_loads += 1\n"
    (tmp_path / "conflictnews_deferred_probe.py").write_text(probe_source)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "probe_loads", 0, raising=False)
    with gate._deferred("json", "conflictnews_deferred_probe"):
        import json  # imported already: not deferred

        import conflictnews_deferred_probe as probe
    assert type(json).__name__ == "module"
    assert isinstance(probe, gate._DeferredModule) and "conflictnews_deferred_probe" not in sys.modules
    assert sys.probe_loads == 0
    assert probe.LOADED is True and sys.probe_loads == 1
    assert sys.modules["conflictnews_deferred_probe"].LOADED is True and sys.probe_loads == 1
    del sys.modules["conflictnews_deferred_probe"]


def test_hidden_module_is_not_hidden_once_imported():
    import json as already_imported

    with gate._hidden("json"):
        import json
    assert json is already_imported
    with gate._hidden("conflictnews_no_such_module"):
        with pytest.raises(ImportError):
            import conflictnews_no_such_module  # noqa: F401
    assert "conflictnews_no_such_module" not in __import__("sys").modules

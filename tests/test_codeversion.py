import json
import shutil

import pytest

from conflictnews import codeversion


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    """A copy of the package's source tree, used by codeversion in place of the installed one."""
    copy = tmp_path / "conflictnews"
    shutil.copytree(codeversion.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(codeversion, "PACKAGE_DIR", copy)
    monkeypatch.setattr(codeversion, "RESOURCES", copy / "resources")
    clear_caches()
    yield copy
    clear_caches()


def clear_caches():
    """A build reads the files once; the test changes them between readings."""
    for cached in (codeversion.code_version, codeversion._read, codeversion._file_digest):
        cached.cache_clear()


def test_step_modules_follow_the_step_and_its_helpers_only():
    extract = codeversion.step_modules("run_extract")
    assert {"conflictnews.events", "conflictnews.nlp", "conflictnews.schemas"} <= set(extract)
    assert not any(m.startswith(("conflictnews.claims", "conflictnews.release")) for m in extract)
    # run_validate's helper _accounting imports the accounting check inside its body
    assert "conflictnews.validation.accounting" in codeversion.step_modules("run_validate")
    # write_release reads the accounting from the release gate's result: no gate (and no slow GX import)
    assert not any(m.startswith("conflictnews.validation") for m in codeversion.step_modules("run_release"))
    with pytest.raises(ValueError, match="run_nothing"):
        codeversion.step_modules("run_nothing")


def test_code_files_follow_imports_and_the_data_they_read():
    files = {str(p.relative_to(codeversion.PACKAGE_DIR)) for p in codeversion.code_files("conflictnews.events")}
    assert "events/geocode.py" in files and "doctext.py" in files  # imported, relatively or not
    assert "resources/events/triggers.csv" in files
    assert "resources/geo/admin1.csv" in files  # named in read_csv("geo", ...)
    assert not any(f.startswith(("claims/", "release/", "resources/release/")) for f in files)


def test_a_change_reruns_the_steps_that_run_the_changed_code(package_copy):
    steps = ["run_ingest", "run_clean", "run_extract", "run_extract_claims", "run_incidents", "run_release"]
    before = {s: codeversion.code_version(s) for s in steps}
    with open(package_copy / "events" / "geocode.py", "a") as fh:
        fh.write("\n# a change\n")
    clear_caches()
    after = {s: codeversion.code_version(s) for s in steps}
    changed = {s for s in steps if before[s] != after[s]}
    assert changed == {"run_extract", "run_extract_claims"}  # claims read events' modules; incidents do not

    with open(package_copy / "resources" / "events" / "compatible_types.csv", "a") as fh:
        fh.write("\n# a change\n")
    clear_caches()
    assert codeversion.code_version("run_incidents") != after["run_incidents"]  # incidents read this data file
    after = {s: codeversion.code_version(s) for s in steps}

    with open(package_copy / "resources" / "clean" / "metadata.yaml", "a") as fh:
        fh.write("\n# a change\n")
    clear_caches()
    again = {s: codeversion.code_version(s) for s in steps}
    changed = {s for s in steps if after[s] != again[s]}
    assert "run_clean" in changed and not changed & {"run_ingest", "run_extract", "run_extract_claims"}


@pytest.fixture
def scan_cache(tmp_path, monkeypatch):
    """The scan cache in a temporary file, reset after the test."""
    monkeypatch.setattr(codeversion, "_scan_cache_path", None)
    monkeypatch.setattr(codeversion, "_scan_cache", {})
    monkeypatch.setattr(codeversion, "_scan_used", set())
    monkeypatch.setattr(codeversion, "_scan_missed", False)
    path = tmp_path / "cache" / "code_scan.json"
    yield path
    clear_caches()


def test_the_scan_cache_gives_the_same_fingerprints_and_follows_changed_files(package_copy, scan_cache):
    steps = ["run_ingest", "run_extract", "run_incidents", "run_release"]
    plain = {s: codeversion.code_version(s) for s in steps}
    clear_caches()
    codeversion.use_scan_cache(scan_cache)
    assert {s: codeversion.code_version(s) for s in steps} == plain
    saved = json.loads(scan_cache.read_text(encoding="utf-8"))
    assert any(key.startswith("conflictnews.events.geocode ") for key in saved)

    # a fresh process reads the file: a cached entry is what a parse would give
    clear_caches()
    codeversion.use_scan_cache(scan_cache)
    key = next(k for k in saved if k.startswith("conflictnews.incidents "))
    codeversion._scan_cache[key] = [[], []]  # as if incidents.py imported nothing
    assert codeversion.code_version("run_incidents") != plain["run_incidents"]

    # a changed file is parsed again: its new import counts
    clear_caches()
    codeversion.use_scan_cache(scan_cache)
    assert package_copy / "incidents.py" not in codeversion.code_files(*codeversion.step_modules("run_ingest"))
    clear_caches()
    with open(package_copy / "ingest" / "__init__.py", "a") as fh:
        fh.write("\nfrom conflictnews import incidents  # a new import\n")
    files = codeversion.code_files(*codeversion.step_modules("run_ingest"))
    assert package_copy / "incidents.py" in files


def test_an_unreadable_scan_cache_is_parsed_again(package_copy, scan_cache):
    plain = codeversion.code_version("run_extract")
    clear_caches()
    scan_cache.parent.mkdir(parents=True)
    scan_cache.write_text("{not json", encoding="utf-8")
    codeversion.use_scan_cache(scan_cache)
    assert codeversion.code_version("run_extract") == plain
    assert json.loads(scan_cache.read_text(encoding="utf-8"))  # rewritten whole

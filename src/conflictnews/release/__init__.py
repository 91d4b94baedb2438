"""Write a versioned release: Parquet tables, event vocabulary, Data Package, CITATION.cff, dataset card,
quality results and SHA256SUMS. The same tables, config and qc files give byte-identical files."""

from __future__ import annotations

import csv
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa

from ..tables import write_table
from .card import dataset_card
from .checksums import compute_sha256, sha256sums
from .citation import citation_cff
from .datapackage import csv_schema, datapackage, resource, source_entries, table_schema

__all__ = ["RELEASE_TABLES", "compute_sha256", "write_release"]

# Released tables in resource order, with the id columns they are sorted by (their primary key).
RELEASE_TABLES: dict[str, list[str]] = {
    "articles": ["article_id"],
    "article_links": ["article_id", "other_article_id"],
    "events": ["event_id"],
    "incidents": ["incident_id"],
    "claims": ["claim_id"],
    "entities": ["entity_id"],
    "quarantine": ["quarantine_id"],
}

# Build stages in order, for the quality report.
QC_ORDER = ["ingest", "clean", "dedup", "extract", "claims", "release"]

NAME = "conflictnews"
TITLE = "conflictnews: conflict events and attributed claims from news articles"
DESCRIPTION = (
    "Event mentions (type, actors, place, date, fatalities with best/low/high estimates), real-world incidents "
    "joined across articles, and attributed statements (who said what, with stance) extracted from news articles "
    "on armed conflict, with the cleaned articles, their duplicate and text-reuse links, and every rejected record. "
    "Every extracted row keeps its evidence as character offsets into the article text."
)
KEYWORDS = ["armed conflict", "event data", "news", "claims", "attribution", "fatalities", "text reuse"]
DEFAULT_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
DEFAULT_AUTHORS = [{"name": "conflictnews contributors"}]


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def _event_types(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [row["event_type"] for row in csv.DictReader(handle) if row.get("event_type")]


def write_release(
    out_dir: Path,
    *,
    tables: dict[str, pa.Table],
    schemas: dict[str, pa.Schema],
    version: str,
    released: str,
    config: dict,
    qc_files: list[Path],
    event_types_csv: Path,
    accounting: dict | None = None,
    threads: int = 1,
) -> None:
    """Write release files into out_dir (created). `released` (YYYY-MM-DD) comes from the config, never the clock.

    Optional config keys: `sources` (listed in the Data Package), `license` (SPDX id, default CC-BY-4.0),
    `title`, `authors` (CFF author entries), `repository` (URL of the code).
    With threads >= 2 the Parquet files are written in a second thread while report.html is drawn (the
    writes spend their time in Arrow, without the GIL); the files are the same either way.
    """
    # Imported here: altair and pandas (about 1 s) stay out of publish and diff, which import this package.
    from .report import quality_report, read_qc

    out_dir = Path(out_dir)
    missing = [name for name in RELEASE_TABLES if name not in tables or name not in schemas]
    if missing:
        raise ValueError(f"write_release: missing table or schema for {', '.join(missing)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    resources = []

    def write_tables() -> None:
        for name, keys in RELEASE_TABLES.items():
            write_table(tables[name], out_dir / f"{name}.parquet", schemas[name], keys)

    title = str(config.get("title") or TITLE)
    with ThreadPoolExecutor(max_workers=1) as pool:
        in_thread = pool.submit(write_tables) if threads >= 2 else None
        html = quality_report(title=title, version=version, released=released, tables=tables,
                              qc=read_qc(qc_files, QC_ORDER), accounting=accounting)  # fmt: skip
        if in_thread is None:
            write_tables()
        else:
            in_thread.result()  # raises what the thread raised
    for name, keys in RELEASE_TABLES.items():
        rel = f"{name}.parquet"
        written.append(rel)
        resources.append(resource(out_dir, rel, name, table_schema(schemas[name], keys, name)))

    shutil.copyfile(event_types_csv, out_dir / "event_types.csv")
    written.append("event_types.csv")
    resources.append(resource(out_dir, "event_types.csv", "event_types", csv_schema(out_dir / "event_types.csv",
                                                                                    ["event_type"])))  # fmt: skip

    names = [Path(p).name for p in qc_files]
    if len(set(names)) != len(names):
        raise ValueError(f"write_release: two qc files share a name: {sorted(names)}")
    for qc in sorted(qc_files, key=lambda p: Path(p).name):
        rel = f"qc/{Path(qc).name}"
        (out_dir / "qc").mkdir(exist_ok=True)
        shutil.copyfile(qc, out_dir / rel)
        written.append(rel)

    license_id = str(config.get("license") or DEFAULT_LICENSE["name"])
    licenses = [DEFAULT_LICENSE] if license_id == DEFAULT_LICENSE["name"] else [{"name": license_id}]
    authors = list(config.get("authors") or DEFAULT_AUTHORS)
    package = datapackage(
        name=NAME,
        title=title,
        description=DESCRIPTION,
        version=version,
        created=f"{released}T00:00:00Z",
        licenses=licenses,
        sources=source_entries(config.get("sources") or {}),
        keywords=KEYWORDS,
        contributors=[{"title": a.get("name") or " ".join(filter(None, [a.get("given-names"), a.get("family-names")])),
                       "roles": ["creator"]} for a in authors],
        resources=resources,
    )  # fmt: skip
    _write_text(out_dir / "datapackage.json", json.dumps(package, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    written.append("datapackage.json")

    cff = citation_cff(title=title, version=version, released=released, abstract=DESCRIPTION, authors=authors,
                       license_id=license_id, keywords=KEYWORDS, repository=config.get("repository"))  # fmt: skip
    _write_text(out_dir / "CITATION.cff", cff)
    written.append("CITATION.cff")

    card = dataset_card(
        title=title,
        version=version,
        released=released,
        description=DESCRIPTION,
        tables=tables,
        schemas=schemas,
        table_order=list(RELEASE_TABLES),
        event_types=_event_types(out_dir / "event_types.csv"),
        accounting=accounting,
        license_id=license_id,
        qc=read_qc(qc_files, QC_ORDER),
        authors=authors,
        repository=config.get("repository"),
    )
    _write_text(out_dir / "README.md", card)
    written.append("README.md")

    _write_text(out_dir / "report.html", html)
    written.append("report.html")

    _write_text(out_dir / "SHA256SUMS", sha256sums(out_dir, written))

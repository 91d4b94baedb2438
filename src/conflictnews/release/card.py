"""README.md of a release: the dataset card (what, sources and counts, methods, columns, limits, citing, loading)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import pyarrow as pa

METHODS = {
    "ingest": (
        "Each configured source is read by its reader (one text file per article, CSV or JSONL) and its fields are "
        "mapped to id, text, title, outlet, published, url and language. Bytes are decoded with the source's "
        "encoding and mis-decoded text (mojibake, control bytes) is repaired. Every record gets a stable id, a hash "
        "of source name and source id, so the same record has the same id in every build and version. Records that "
        "cannot be read (undecodable, no id, no text, too large) go to quarantine with a reason."
    ),
    "clean": (
        "Boilerplate is removed from the text: photo captions and credits, section headings (kept apart in "
        "`headings`), link labels and repeated lines. Tokenized, lower-cased wire copy is detokenized and its case "
        "restored (`was_lowercased`). The outlet, dateline and publication date are taken from the source's fields "
        "where given, else from a date header, the wire dateline or the text, with the provenance recorded. "
        "Articles that are empty, too short, too long or not English go to quarantine."
    ),
    "dedup": (
        "Word shingles of every article are compared with MinHash and locality-sensitive hashing; candidate pairs "
        "are verified exactly. Pairs are linked as exact or near duplicates, as one text containing the other, or as "
        "sharing a passage (`article_links`, with the share of the smaller text found in the other). Duplicates and "
        "contained copies join one story (`story_id`) with one canonical article; nothing is deleted."
    ),
    "extract": (
        "One spaCy pass (English small pipeline) parses every article. Event mentions are found with trigger "
        "patterns from a documented vocabulary (`event_types.csv`, mapped to ACLED sub-event types and PLOVER), "
        "with actor, target, place (geocoded with a gazetteer, with a precision code), date (resolved against the "
        "publication date, with a precision code) and fatality figures as best/low/high estimates. Every mention "
        "keeps its evidence sentence and character offsets into `articles.text`. Negated or hypothetical mentions "
        "are kept with `is_asserted = false`."
    ),
    "claims": (
        "Attributed statements are found from reporting cues (verbs such as said or denied, 'according to', "
        "quotations). Each claim has its speaker (resolved to a name where the text allows), a speaker type, the "
        "cue, the content with offsets, a stance (assert, deny, accuse) and, where it is about one, the event "
        "mention."
    ),
    "incidents": (
        "Event mentions of compatible type whose places and dates are close are joined into incidents across "
        "articles. Counts distinguish articles, outlets and independent sources (copies and reused wire text count "
        "once). An incident is contested when claims of different speakers about it disagree."
    ),
    "validation": (
        "After every stage a Great Expectations gate checks the stage's tables: ids unique and present, required "
        "columns, vocabularies, coordinate and score ranges, fatality estimates ordered low <= best <= high, offsets "
        "that reproduce the evidence text, references between tables, one canonical article per story. Hard "
        "failures stop the build; soft expectations (shares of missing dates or places) are recorded as warnings. "
        "At release, every raw record of every source is accounted for as a released article or a quarantined "
        "record. The results are in `qc/`."
    ),
}

LIMITATIONS = [
    "Events, places, dates and claims are extracted automatically with rules and a small statistical parser; they "
    "contain errors and omissions. Check the evidence sentence (`text[char_start:char_end]`) before relying on a row.",
    "Fatality figures are as reported by the articles, not verified; different outlets may report different numbers "
    "for the same incident.",
    "Incidents are joined by type, distance and date; nearby distinct incidents may be merged and one incident "
    "reported with vague places or dates may be split.",
    "Places are resolved with a gazetteer; ambiguous or unlisted names stay null or are resolved only to the "
    "province or country (see `geo_precision`).",
    "Only English text is processed; other languages are quarantined.",
    "The texts remain the work of their publishers; the article text is included for research use of the annotations.",
]


def _cell(text: object) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def _source_counts(accounting: Mapping | None, articles: pa.Table, quarantine: pa.Table) -> list[dict]:
    """Per source: raw, kept, quarantined and the quarantine reasons (from the accounting when given)."""
    if accounting is not None:
        return [dict(row) for row in accounting["sources"]]
    kept = Counter(articles.column("source").to_pylist()) if articles.num_rows else Counter()
    reasons: dict[str, Counter] = {}
    for s, stage, reason in zip(
        *(quarantine.column(c).to_pylist() for c in ("source", "stage", "reason")), strict=True
    ):
        reasons.setdefault(s, Counter())[f"{stage}/{reason}"] += 1
    rows = []
    for source in sorted(set(kept) | set(reasons)):
        n_q = sum(reasons.get(source, Counter()).values())
        rows.append({"source": source, "n_raw": kept[source] + n_q, "n_kept": kept[source], "n_quarantined": n_q,
                     "quarantined_by_reason": dict(sorted(reasons.get(source, Counter()).items()))})  # fmt: skip
    return rows


def _author_name(author: Mapping) -> str:
    if author.get("name"):
        return str(author["name"])
    return " ".join(filter(None, [author.get("given-names"), author.get("family-names")]))


def citation_text(
    *, title: str, version: str, released: str, authors: list[dict] | None, repository: str | None
) -> str:
    """A plain-text citation: authors (year). title (Version x) [Data set]. repository."""
    names = ", ".join(_author_name(a) for a in authors or []) or "conflictnews contributors"
    text = f"{names} ({released[:4]}). *{title}* (Version {version}) [Data set]."
    return text + (f" {repository}" if repository else "")


def _stage_counts(qc: Mapping[str, Mapping] | None) -> list[str]:
    """Rows of every table each stage's gate checked, with the gate's result."""
    rows = [
        (stage, name, table.get("rows"), result.get("success"))
        for stage, result in (qc or {}).items()
        for name, table in sorted((result.get("tables") or {}).items())
    ]
    if not rows:
        return []
    out = ["## Counts per stage", "",
           "Rows each stage's validation gate checked (intermediate tables before the release, see `qc/`).", "",
           "| stage | table | rows | gate |", "| --- | --- | ---: | --- |"]  # fmt: skip
    for stage, name, n, success in rows:
        out.append(f"| {stage} | {name} | {n} | {'passed' if success else 'failed'} |")
    return out + [""]


def dataset_card(
    *,
    title: str,
    version: str,
    released: str,
    description: str,
    tables: Mapping[str, pa.Table],
    schemas: Mapping[str, pa.Schema],
    table_order: list[str],
    event_types: list[str],
    accounting: Mapping | None,
    license_id: str,
    qc: Mapping[str, Mapping] | None = None,
    authors: list[dict] | None = None,
    repository: str | None = None,
) -> str:
    """Markdown text of README.md; the same inputs give the same text."""
    out = [f"# {title}", "", f"Version {version}, released {released}.", "", description, ""]

    out += ["## Files", "", "| file | rows | what |", "| --- | ---: | --- |"]
    what = {
        "articles": "one row per kept article",
        "article_links": "pairs of related articles: duplicates and text reuse",
        "events": "one row per event mention",
        "incidents": "one row per real-world incident (mentions of several articles joined)",
        "claims": "one row per attributed statement",
        "entities": "named entities found in the articles (places, organisations, people, numbers, dates)",
        "quarantine": "every rejected raw record, with stage and reason",
    }  # fmt: skip
    for name in table_order:
        out.append(f"| `{name}.parquet` | {tables[name].num_rows} | {what.get(name, '')} |")
    out += [
        f"| `event_types.csv` | {len(event_types)} | the event vocabulary with ACLED and PLOVER mappings |",
        "| `datapackage.json` | | Frictionless Data Package v2: schemas, sizes, sha256 hashes |",
        "| `CITATION.cff` | | how to cite this version |",
        "| `SHA256SUMS` | | checksums of every file (`sha256sum -c SHA256SUMS`) |",
        "| `qc/` | | validation results of every build stage |",
        "| `report.html` | | quality report: gate results, row accounting, charts (opens offline) |",
        "",
    ]

    out += ["## Sources and record counts", "",
            "Every raw record is either released as an article or quarantined with a reason.", "",
            "| source | raw records | kept | quarantined | quarantine reasons (stage/reason: n) |",
            "| --- | ---: | ---: | ---: | --- |"]  # fmt: skip
    rows = _source_counts(accounting, tables["articles"], tables["quarantine"])
    for row in rows:
        reasons = ", ".join(f"{k}: {v}" for k, v in sorted(row["quarantined_by_reason"].items())) or "none"
        out.append(
            f"| {_cell(row['source'])} | {row['n_raw']} | {row['n_kept']} | {row['n_quarantined']} | {reasons} |"
        )
    if rows:
        total = {k: sum(r[k] for r in rows) for k in ("n_raw", "n_kept", "n_quarantined")}
        out.append(f"| **all** | {total['n_raw']} | {total['n_kept']} | {total['n_quarantined']} | |")
    out.append("")

    out += _stage_counts(qc)

    out += ["## Methods", ""]
    for stage, text in METHODS.items():
        out += [f"**{stage}.** {text}", ""]
    out += ["Event types: " + ", ".join(f"`{t}`" for t in event_types) + ".", ""] if event_types else []

    out += ["## Columns", ""]
    for name in table_order:
        out += [f"### {name}", "", "| column | type | required | description |", "| --- | --- | --- | --- |"]
        for field in schemas[name]:
            description = (field.metadata or {}).get(b"description", b"").decode("utf-8")
            required = "yes" if not field.nullable else ""
            out.append(f"| `{field.name}` | {field.type} | {required} | {_cell(description)} |")
        out.append("")

    out += ["## Known limitations", ""] + [f"- {item}" for item in LIMITATIONS] + [""]

    out += [
        "## How to cite",
        "",
        f"Cite the version you used: *{title}*, version {version} ({released}). `CITATION.cff` holds the citation "
        "metadata (GitHub and Zenodo read it); `datapackage.json` describes every file. Released versions are never "
        f"rewritten: corrections come as a new version. License: {license_id}.",
        "",
        "> " + citation_text(title=title, version=version, released=released, authors=authors,
                             repository=repository),  # fmt: skip
        "",
        "## How to load",
        "",
        "```python",
        "import pandas as pd",
        'events = pd.read_parquet("events.parquet")',
        "```",
        "",
        "```sql",
        "-- DuckDB",
        "SELECT e.*, a.title FROM 'events.parquet' e JOIN 'articles.parquet' a USING (article_id);",
        "```",
        "",
        "Check the files first: `sha256sum -c SHA256SUMS`.",
    ]
    return "\n".join(out) + "\n"

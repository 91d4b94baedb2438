"""CITATION.cff (Citation File Format 1.2.0) of a release."""

from __future__ import annotations

import yaml


def citation_cff(
    *,
    title: str,
    version: str,
    released: str,
    abstract: str,
    authors: list[dict],
    license_id: str,
    keywords: list[str],
    repository: str | None = None,
) -> str:
    """CFF 1.2.0 text, `type: dataset`; keys in a fixed order, date-released as a quoted YYYY-MM-DD string."""
    data = {
        "cff-version": "1.2.0",
        "type": "dataset",
        "message": f"If you use this dataset, please cite version {version} as below.",
        "title": title,
        "version": version,
        "date-released": released,
        "authors": authors,
        "license": license_id,
        "keywords": keywords,
        "abstract": abstract,
    }  # fmt: skip
    if repository:
        data["repository-code"] = repository
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)

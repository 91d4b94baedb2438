"""Quarantine records: every raw record that is not kept is written down with a reason."""

from __future__ import annotations

from .ids import stable_id


def quarantine_row(
    *,
    source: str,
    raw_path: str,
    raw_locator: str,
    stage: str,
    reason: str,
    detail: str | None = None,
    source_id: str | None = None,
    article_id: str | None = None,
) -> dict:
    """One row of the QUARANTINE schema (see schemas.py)."""
    return {
        "quarantine_id": stable_id("quarantine", source, raw_path, raw_locator, stage),
        "source": source,
        "source_id": source_id,
        "article_id": article_id,
        "raw_path": raw_path,
        "raw_locator": raw_locator,
        "stage": stage,
        "reason": reason,
        "detail": detail,
    }

"""Stable ids: short hashes of provenance, never row numbers."""

from __future__ import annotations

import hashlib

_SEP = "\x1f"  # unit separator: cannot occur in a config key or an offset


def stable_id(*parts: object, length: int = 16) -> str:
    """Hex id of the parts, joined unambiguously; the same parts give the same id in every build."""
    joined = _SEP.join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def article_id(source: str, source_id: str) -> str:
    return stable_id("article", source, source_id)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

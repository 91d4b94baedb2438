"""sha256 of files and the SHA256SUMS list (the format `sha256sum -c` reads)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def compute_sha256(path: str | Path) -> str:
    """Hex sha256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256sums(root: Path, relative_paths: Iterable[str]) -> str:
    """Lines '<hex>  <relative path>' sorted by path, '/' separators, trailing newline."""
    lines = [f"{compute_sha256(root / rel)}  {rel}" for rel in sorted(set(relative_paths))]
    return "\n".join(lines) + "\n"

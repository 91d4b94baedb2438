"""Reading the shipped lexicons and gazetteer additions (resources/<area>/*.csv)."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources


@cache
def read_csv(area: str, name: str) -> tuple[dict[str, str], ...]:
    """Rows of resources/<area>/<name> as dicts; lines starting with '#' are comments."""
    path = resources.files("conflictnews") / "resources" / area / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise FileNotFoundError(f"missing data file resources/{area}/{name}") from exc
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    rows = []
    for i, row in enumerate(csv.DictReader(io.StringIO("\n".join(lines)))):
        if None in row or any(v is None for v in row.values()):
            raise ValueError(f"resources/{area}/{name}: data row {i + 1} has the wrong number of fields: {row}")
        rows.append({k: v.strip() if k != "replacement" else v for k, v in row.items()})
    return tuple(rows)

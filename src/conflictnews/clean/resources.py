"""Loading the data files of the clean stage (src/conflictnews/resources/clean/)."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

import yaml

_PACKAGE = "conflictnews"


def _read(name: str) -> str:
    return (resources.files(_PACKAGE) / "resources" / "clean" / name).read_text(encoding="utf-8")


@cache
def load_yaml(name: str) -> dict:
    return yaml.safe_load(_read(name)) or {}


@cache
def load_csv(name: str) -> tuple[dict, ...]:
    return tuple(csv.DictReader(io.StringIO(_read(name))))


@cache
def load_words(name: str) -> frozenset[str]:
    """One entry per line; '#' starts a comment."""
    lines = (line.split("#", 1)[0].strip() for line in _read(name).splitlines())
    return frozenset(line for line in lines if line)


@cache
def agencies() -> dict[str, str]:
    """Lower-case agency name -> canonical name."""
    return {row["name"].strip().lower(): row["canonical"].strip() for row in load_csv("agencies.csv")}


def agency_alternation() -> str:
    """Regex alternation of agency names, longest first."""
    import re

    return "|".join(re.escape(name) for name in sorted(agencies(), key=lambda n: (-len(n), n)))

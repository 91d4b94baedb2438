"""The event vocabulary (resources/events/event_types.csv), mapped to ACLED and PLOVER."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from conflictnews.datafiles import read_csv

EVENT_TYPES_FILE = "event_types.csv"


@dataclass(slots=True, frozen=True)
class EventType:
    event_type: str
    description: str
    acled_event_type: str
    acled_sub_event_type: str
    plover_event_type: str
    plover_mode: str


@lru_cache(maxsize=1)
def event_types() -> dict[str, EventType]:
    return {row["event_type"]: EventType(**row) for row in read_csv("events", EVENT_TYPES_FILE)}


def event_types_path():
    """Path of the vocabulary file, for copying it into the release."""
    return resources.files("conflictnews") / "resources" / "events" / EVENT_TYPES_FILE


def check_vocabulary() -> None:
    """Every trigger reading must be a documented event type."""
    known = event_types()
    for i, row in enumerate(read_csv("events", "triggers.csv"), start=1):
        if row["event_type"] not in known:
            raise ValueError(
                f"resources/events/triggers.csv data row {i}: event_type {row['event_type']!r} "
                f"is not in resources/events/{EVENT_TYPES_FILE}"
            )

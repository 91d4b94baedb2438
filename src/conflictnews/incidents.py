"""Incidents: event mentions of several articles joined into one real-world incident.

Two mentions join (single link, union-find) when all hold:
- type: the same event type, or a pair listed in resources/events/compatible_types.csv;
- place: both have coordinates and lie within `max_distance_km` (haversine); else, when a coordinate
  is missing (country-level or no place), the same admin1 if both have one, else the same country; two
  mentions without any place join only within one story (story_id);
- date: their date intervals (event_date widened by date_precision: week 7 days, month to its end, year to
  its end) are at most `max_days` apart. A mention without event_date is dated by its article's
  published_date widened `max_days` back (an event is reported on or after it happened); without either,
  it joins only within its story.

Asserted mentions form incidents. A non-asserted mention (negated, denied, hypothetical) joins the
incident of a compatible asserted mention, so a denial stays attached to what it denies, but it never
makes an incident on its own: alone, its incident_id stays null. A running total (is_aggregate: "killed since
the war began") is not an incident and joins none.

Incident values: incident_id = the smallest event_id among its mentions (stable across builds while the
mentions stay); event_type = the most frequent type of its asserted mentions (ties: the more specific,
i.e. not killing_execution, then by name); place = the most precise place among asserted mentions (exact >
district > province > country), ties to the most frequent, then the smallest event_id; first/last_date =
min/max event_date. Fatalities use asserted mentions only: low = the lowest low, high = the highest high
(null when no mention gives one), best = the median of the mentions' best estimates (the lower median for
an even count, rounded down to a whole death). n_independent_sources counts the incident's articles once
per group of articles joined by any article_links row or a shared story_id. contested is True when two
claims linked to its mentions, by different speakers, disagree (a denial against an accusation or a death
toll, or death tolls whose ranges do not meet; conflictnews.claims.contested); contested_by lists only
the disagreeing speakers, sorted; otherwise contested is False and contested_by null.
"""

from __future__ import annotations

import calendar
import math
from collections import Counter, defaultdict
from datetime import date, timedelta
from functools import lru_cache

import pyarrow as pa

from conflictnews.datafiles import read_csv
from conflictnews.schemas import CLAIMS, EVENTS, INCIDENTS
from conflictnews.tables import conform, sort_table, to_table

PRECISION_RANK = {"exact": 0, "district": 1, "province": 2, "country": 3}
GENERIC_TYPES = {"killing_execution"}


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller key becomes the root: deterministic
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


@lru_cache(maxsize=1)
def compatible_pairs() -> frozenset[tuple[str, str]]:
    pairs = set()
    for row in read_csv("events", "compatible_types.csv"):
        pairs.add((row["event_type"], row["other_event_type"]))
        pairs.add((row["other_event_type"], row["event_type"]))
    return frozenset(pairs)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def _interval(event: dict, published: date | None, max_days: int) -> tuple[date, date] | None:
    d = event["event_date"]
    if d is None:
        if published is None:
            return None
        return published - timedelta(days=max_days), published
    precision = event["date_precision"]
    if precision == "week":
        return d, d + timedelta(days=6)
    if precision == "month":
        return d, d.replace(day=calendar.monthrange(d.year, d.month)[1])
    if precision == "year":
        return d, date(d.year, 12, 31)
    return d, d


def _same_place(a: dict, b: dict, max_km: float, same_story: bool) -> bool:
    if None not in (a["latitude"], a["longitude"], b["latitude"], b["longitude"]):
        return haversine_km(a["latitude"], a["longitude"], b["latitude"], b["longitude"]) <= max_km
    if a["admin1"] and b["admin1"]:
        return a["admin1"] == b["admin1"]
    if a["country"] and b["country"]:
        return a["country"] == b["country"]
    return same_story


def _types_match(a: str, b: str) -> bool:
    return a == b or (a, b) in compatible_pairs()


def _type_pairs(types: list[str]) -> list[tuple[str, str]]:
    """(type, type) for each type and (a, b), a < b, for each compatible pair of present types."""
    return [(a, a) for a in types] + [(a, b) for a in types for b in types if a < b and (a, b) in compatible_pairs()]


def _cluster(
    events: list[dict], story: dict[str, str], published: dict[str, date | None], max_km: float, max_days: int
):
    """Union-find over compatible pairs, comparing only mentions whose date intervals can meet.

    Returns (uf, node_of): mentions alike in all that a join reads (type, assertion, place, date
    interval, story) join the same mentions, so each such set is one node, its first mention; a
    mention's incident is the set of uf.find(node_of[event_id]). Copies of a story repeat their
    mentions: this spares comparing them again and again. Mentions that would not join each other
    (no place or no date, and no story) stay nodes of their own.
    """
    uf = UnionFind()
    dated, undated = [], []
    nodes: dict[tuple, dict] = {}
    node_of: dict[str, str] = {}
    for e in events:
        iv = _interval(e, published.get(e["article_id"]), max_days)
        story_id = story.get(e["article_id"])
        placed = e["latitude"] is not None or e["admin1"] is not None or e["country"] is not None
        key = (
            e["event_type"], e["is_asserted"], e["latitude"], e["longitude"], e["admin1"], e["country"], iv, story_id,
        )  # fmt: skip
        if story_id is None and not (placed and iv):
            key = (e["event_id"],)  # alike mentions would not join each other: keep it apart
        node = nodes.setdefault(key, e)
        node_of[e["event_id"]] = node["event_id"]
        if node is e:
            (dated if iv else undated).append((iv, e))
    dated.sort(key=lambda p: (p[0][0], p[1]["event_id"]))

    def join(a: dict, b: dict) -> None:
        same_story = story.get(a["article_id"]) is not None and story.get(a["article_id"]) == story.get(b["article_id"])
        if not _types_match(a["event_type"], b["event_type"]):
            return
        if not (a["is_asserted"] or b["is_asserted"]):
            return
        if uf.find(a["event_id"]) == uf.find(b["event_id"]):
            return  # already joined: spare the distance
        if _same_place(a, b, max_km, same_story):
            uf.union(a["event_id"], b["event_id"])

    # Only mentions of one type or of a compatible pair can join: sweep each such group of types on its
    # own, in date order, comparing a mention with the later ones whose interval can still meet its own.
    by_type: dict[str, list] = defaultdict(list)
    for pair in dated:
        by_type[pair[1]["event_type"]].append(pair)
    for type_a, type_b in _type_pairs(sorted(by_type)):
        if type_a == type_b:
            group = by_type[type_a]
        else:  # both lists are in date order: merge them
            group = sorted(by_type[type_a] + by_type[type_b], key=lambda p: (p[0][0], p[1]["event_id"]))
        for i, (iv_a, a) in enumerate(group):
            for iv_b, b in group[i + 1 :]:
                if (iv_b[0] - iv_a[1]).days > max_days:
                    break
                if type_a == type_b or a["event_type"] != b["event_type"]:
                    join(a, b)
    by_story = defaultdict(list)
    for _, e in dated + [(None, e) for _, e in undated]:
        by_story[story.get(e["article_id"])].append(e)
    for _, e in undated:
        for other in by_story[story.get(e["article_id"])]:
            if other["event_id"] != e["event_id"] and story.get(e["article_id"]) is not None:
                join(e, other)
    return uf, node_of


def _fatality_ranges(mentions: list[dict]) -> tuple[list[int], list[int], list[int]]:
    """Low, best and high figures of the mentions that give a number, each mention's range made whole.

    As in UCDP, the incident's high is the highest figure reported and its low the lowest: a mention
    with a best but no low or high ("at least 150") counts its best for the missing bound, so the
    incident's best (a median of bests) always lies within [low, high].
    """
    lows, bests, highs = [], [], []
    for m in mentions:
        values = [m[k] for k in ("fatalities_low", "fatalities_best", "fatalities_high") if m[k] is not None]
        if not values:
            continue
        lows.append(min(values))
        highs.append(max(values))
        if m["fatalities_best"] is not None:
            bests.append(m["fatalities_best"])
    return lows, bests, highs


def _median_low(values: list[int]) -> int:
    values = sorted(values)
    return values[(len(values) - 1) // 2]


def _independent_groups(article_ids: set[str], linked: dict[str, list[str]], story: dict[str, str]) -> int:
    """Groups of article_ids joined by a shared story or an article_links row (linked: both directions)."""
    # an article stands for its story when it has one: the articles of a story are one group from the start
    group = {a: ("story", story[a]) if story.get(a) else ("article", a) for a in article_ids}
    uf = UnionFind()
    for a in article_ids:
        for b in linked.get(a, ()):
            if b in article_ids and group[b] != group[a]:  # two articles of one story are one group already
                uf.union(group[a], group[b])
    return len({uf.find(g) for g in set(group.values())})


def _contested(event_ids: set[str], claims_by_event: dict[str, list[dict]]) -> tuple[bool, list[str] | None]:
    from conflictnews.claims.contested import disagreeing_speakers

    claims = [claim for eid in sorted(event_ids) for claim in claims_by_event.get(eid, [])]
    speakers = disagreeing_speakers(claims)
    return (True, speakers) if speakers else (False, None)


def _incident_row(incident_id: str, members: list[dict], article_meta: dict, linked, story, claims_by_event) -> dict:
    asserted = [m for m in members if m["is_asserted"]] or members
    types = Counter(m["event_type"] for m in asserted)
    event_type = min(types, key=lambda t: (-types[t], t in GENERIC_TYPES, t))
    placed = [m for m in asserted if m["geo_precision"] is not None]
    place = None
    if placed:
        freq = Counter((m["location"], m["country"]) for m in placed)
        place = min(
            placed,
            key=lambda m: (
                PRECISION_RANK.get(m["geo_precision"], 9),
                -freq[(m["location"], m["country"])],
                m["event_id"],
            ),
        )
    dates = [m["event_date"] for m in members if m["event_date"] is not None]
    lows, bests, highs = _fatality_ranges([m for m in asserted if m["is_asserted"]])
    article_ids = {m["article_id"] for m in members}
    outlets = set()
    for a in article_ids:
        meta = article_meta.get(a, {})
        outlets.add(meta.get("outlet") or meta.get("source") or a)
    contested, contested_by = _contested({m["event_id"] for m in members}, claims_by_event)
    return {
        "incident_id": incident_id,
        "event_type": event_type,
        "location": place["location"] if place else None,
        "admin1": place["admin1"] if place else None,
        "country": place["country"] if place else None,
        "latitude": place["latitude"] if place else None,
        "longitude": place["longitude"] if place else None,
        "first_date": min(dates) if dates else None,
        "last_date": max(dates) if dates else None,
        "fatalities_best": _median_low(bests) if bests else None,
        "fatalities_low": min(lows) if lows else None,
        "fatalities_high": max(highs) if highs else None,
        "n_mentions": len(members),
        "n_articles": len(article_ids),
        "n_sources": len(outlets),
        "n_independent_sources": _independent_groups(article_ids, linked, story),
        "contested": contested,
        "contested_by": contested_by,
    }


# What incidents read of an article (its story, publication date and outlet), of an event mention
# (type, place, date, figures) and of a claim (who says what about which event); the other texts
# are not read.
ARTICLE_COLUMNS = ("article_id", "story_id", "published_date", "outlet", "source")
CLAIM_COLUMNS = ("event_id", "speaker", "stance", "content")
EVENT_COLUMNS = (
    "event_id", "article_id", "event_type", "is_asserted", "is_aggregate", "location", "admin1", "country",
    "latitude", "longitude", "geo_precision", "event_date", "date_precision",
    "fatalities_low", "fatalities_best", "fatalities_high",
)  # fmt: skip


def build_incidents(
    events: pa.Table, articles: pa.Table, links: pa.Table, claims: pa.Table, cfg: dict
) -> tuple[pa.Table, pa.Table]:
    """(EVENTS with incident_id filled, INCIDENTS), both sorted by id. cfg is config['incidents']."""
    try:
        max_km = float(cfg["max_distance_km"])
        max_days = int(cfg["max_days"])
    except KeyError as exc:
        raise KeyError(f"config incidents.{exc.args[0]} is missing (see config/config.yaml)") from exc
    events = conform(events, EVENTS)
    event_rows = events.select(EVENT_COLUMNS).to_pylist()
    article_rows = articles.select([c for c in ARTICLE_COLUMNS if c in articles.column_names]).to_pylist()
    story = {a["article_id"]: a.get("story_id") for a in article_rows}
    published = {a["article_id"]: a.get("published_date") for a in article_rows}
    article_meta = {a["article_id"]: a for a in article_rows}
    linked: dict[str, list[str]] = defaultdict(list)
    for link in links.to_pylist() if links is not None else []:
        linked[link["article_id"]].append(link["other_article_id"])
        linked[link["other_article_id"]].append(link["article_id"])
    claims_by_event: dict[str, list[dict]] = defaultdict(list)
    for c in conform(claims, CLAIMS).select(list(CLAIM_COLUMNS)).to_pylist() if claims is not None else []:
        if c.get("event_id"):
            claims_by_event[c["event_id"]].append(c)

    # a running total ("killed since the war began") is no incident and joins none: incident_id stays null
    clustered = [e for e in event_rows if not e.get("is_aggregate")]
    uf, node_of = _cluster(clustered, story, published, max_km, max_days)
    root_of = {node: uf.find(node) for node in set(node_of.values())}  # copies share a node: find each once
    groups: dict[str, list[dict]] = defaultdict(list)
    for e in clustered:
        groups[root_of[node_of[e["event_id"]]]].append(e)

    incident_rows = []
    incident_of: dict[str, str] = {}
    for members in groups.values():
        if not any(m["is_asserted"] for m in members):
            continue  # non-asserted mentions alone are no incident
        incident_id = min(m["event_id"] for m in members)
        for m in members:
            incident_of[m["event_id"]] = incident_id
        incident_rows.append(_incident_row(incident_id, members, article_meta, linked, story, claims_by_event))

    incident_ids = pa.array([incident_of.get(e) for e in events.column("event_id").to_pylist()], type=pa.string())
    events = events.set_column(events.schema.get_field_index("incident_id"), EVENTS.field("incident_id"), incident_ids)
    return sort_table(events, "event_id"), to_table(incident_rows, INCIDENTS, sort_by="incident_id")

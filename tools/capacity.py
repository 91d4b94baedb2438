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


@dataclass
class Job:
    rule: str
    name: str  # the benchmark file's path below benchmarks/<rule>/, without .tsv
    seconds: float
    cpu_seconds: float
    max_rss_mb: float
    articles: float
    build: int = 0


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


def load_jobs(build: Path, index: int) -> list[tuple[Job, bool]]:
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
        job = Job(rule, name, values["s"], values["cpu_time"], values["max_rss"], articles, index)
        jobs.append((job, source is not None))
    return jobs


def fit(points: list[tuple[float, float]]) -> tuple[float, float, bool]:
    """(overhead, per-article cost, is an upper bound) of a least-squares line through the points.

    With one size only, or when noise makes the slope <= 0, all of the largest job's cost is
    charged to its articles (no overhead): an upper bound of the per-article cost.
    """
    xs = [x for x, _ in points]
    mean_x = sum(xs) / len(xs)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else 0.0
    if slope <= 0:
        x, y = max(points)
        return 0.0, (y / x if x else 0.0), True
    return max(mean_y - slope * mean_x, 0.0), slope, False


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
    sizes = []
    for index, build in enumerate(args.builds):
        counts = raw_counts(build)
        sizes.append(sum(counts.values()))
        sources = ", ".join(f"{source} {n}" for source, n in sorted(counts.items()))
        print(f"Build {build}: {sum(counts.values())} raw articles ({sources})")
        for job, per_shard in load_jobs(build, index):
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
        "Costs are CPU seconds (benchmark cpu_time); start-up = the fitted cost of a job of 0 articles; "
        "'<' marks an upper bound (noise hid the per-article cost: all of the largest job's time is "
        "charged to its articles)."
    )
    print()
    header = (
        f"{'stage (rule)':<24} {'kind':<9} {'jobs':>4} {'start-up s':>10} {'articles/core-h':>15} "
        f"{'max RSS MB':>10} {'job RSS MB':>10} {'shard cpu s':>11} {target + ' core-h':>10}"
    )
    print(header)
    print("-" * len(header))
    shard_h = gather_h = 0.0
    chain_h = 0.0  # one shard through every per-shard stage: the floor of the wall time
    largest_shard_job = 0.0
    largest = sizes.index(max(sizes))
    skipped = []
    for stage in sorted(stages.values(), key=lambda s: (s.kind != "per-shard", s.rule)):
        per_shard = stage.kind == "per-shard"
        jobs = stage.jobs
        if not any(job.build == largest for job in jobs):
            skipped.append(stage.rule)
            print(f"{stage.rule:<24} {stage.kind:<9} {len(jobs):>4}  not measured in the largest build (job failed)")
            continue
        size = args.shard_size if per_shard else args.target
        overhead, rate, bound = fit([(job.articles, job.cpu_seconds) for job in jobs])
        job_cost = overhead + rate * size
        measured_rss = max(job.max_rss_mb for job in jobs)
        rss_overhead, rss_rate, rss_flat = fit([(job.articles, job.max_rss_mb) for job in jobs])
        # Memory that does not measurably grow with articles stays at the largest measured.
        job_rss = measured_rss if rss_flat else max(rss_overhead + rss_rate * size, measured_rss)
        stage_h = (shards if per_shard else 1) * job_cost / 3600
        if per_shard:
            shard_h += stage_h
            chain_h += job_cost / 3600
            largest_shard_job = max(largest_shard_job, job_rss)
        else:
            gather_h += stage_h
        mark = "<" if bound else ""
        per_core_h = f"{'>' if bound else ''}{3600 / rate:.0f}" if rate else "-"
        shard_text = f"{mark}{job_cost:.0f}" if per_shard else "-"
        print(
            f"{stage.rule:<24} {stage.kind:<9} {len(jobs):>4} {overhead:>10.1f} {per_core_h:>15} "
            f"{measured_rss:>10.0f} {job_rss:>10.0f} {shard_text:>11} {mark + f'{stage_h:.1f}':>10}"
        )
    print(f"(job RSS MB: a shard of {args.shard_size} for per-shard stages, all {target} articles for gathers)")
    if skipped:
        print(f"Left out of the totals (no measurement at scale): {', '.join(skipped)}")
    print()
    print(
        f"{target} articles = {shards} shards of {args.shard_size}. Core-hours: per-shard stages {shard_h:.1f}, "
        f"gathers {gather_h:.1f}, total {shard_h + gather_h:.1f}."
    )
    per_node = args.cores_per_node
    if largest_shard_job > 0:
        per_node = min(per_node, int(args.mem_per_node_gb * 1024 // largest_shard_job))
    print(
        f"Nodes of {args.cores_per_node} cores, {args.mem_per_node_gb:g} GB: {per_node} shard jobs per node at once "
        f"(largest shard job {largest_shard_job:.0f} MB); gathers run one after another, one core each."
    )
    print(f"{'nodes':>5} {'shard stages h':>14} {'gathers h':>9} {'wall h':>7}")
    for nodes in args.nodes:
        shard_wall = max(shard_h / (nodes * per_node), chain_h)
        print(f"{nodes:>5} {shard_wall:>14.2f} {gather_h:>9.2f} {shard_wall + gather_h:>7.2f}")


if __name__ == "__main__":
    main()

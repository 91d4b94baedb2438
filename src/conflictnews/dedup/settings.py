"""The dedup settings (config key `dedup`), with defaults and range checks."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(slots=True, frozen=True)
class DedupSettings:
    shingle_size: int = 5  # words per shingle
    num_perm: int = 128  # MinHash permutations
    seed: int = 1  # MinHash permutation seed: fixed, so signatures are the same in every build
    lsh_threshold: float = 0.2  # containment the candidate search aims at (LSH Ensemble threshold)
    lsh_partitions: int = 16  # size partitions of the LSH Ensemble
    near_duplicate: float = 0.9  # containment at or above: near_duplicate (if lengths are similar)
    near_duplicate_length_ratio: float = 0.8  # smaller/larger shingle count needed for near_duplicate
    contains: float = 0.8  # containment at or above: contains
    shares_passage: float = 0.2  # containment at or above: shares_passage
    same_story: float = 0.8  # containment at or above (non-passage relations) joins one story


_SHARES = ("lsh_threshold", "near_duplicate", "near_duplicate_length_ratio", "contains", "shares_passage", "same_story")


def dedup_settings(cfg: dict | None) -> DedupSettings:
    """Settings from config["dedup"]; unknown keys and out-of-range values raise, naming the key."""
    cfg = dict(cfg or {})
    known = {f.name for f in fields(DedupSettings)}
    unknown = sorted(set(cfg) - known)
    if unknown:
        raise ValueError(f"config dedup: unknown setting(s) {unknown}; known: {sorted(known)}")
    values = {}
    for f in fields(DedupSettings):
        if f.name not in cfg:
            continue
        value = cfg[f.name]
        kind = int if f.name in ("shingle_size", "num_perm", "seed", "lsh_partitions") else float
        if isinstance(value, bool) or not isinstance(value, int | float) or (kind is int and value != int(value)):
            raise ValueError(f"config dedup.{f.name}: expected a number ({kind.__name__}), got {value!r}")
        values[f.name] = kind(value)
    settings = DedupSettings(**values)
    for name in _SHARES:
        value = getattr(settings, name)
        if not 0.0 < value <= 1.0:
            raise ValueError(f"config dedup.{name}: expected a share in (0, 1], got {value}")
    if settings.shingle_size < 1:
        raise ValueError(f"config dedup.shingle_size: expected >= 1, got {settings.shingle_size}")
    if settings.num_perm < 16:
        raise ValueError(f"config dedup.num_perm: expected >= 16, got {settings.num_perm}")
    if settings.lsh_partitions < 1:
        raise ValueError(f"config dedup.lsh_partitions: expected >= 1, got {settings.lsh_partitions}")
    if not settings.shares_passage <= settings.contains <= settings.near_duplicate:
        raise ValueError(
            "config dedup: expected shares_passage <= contains <= near_duplicate, got "
            f"{settings.shares_passage}, {settings.contains}, {settings.near_duplicate}"
        )
    return settings

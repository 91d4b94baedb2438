"""The dedup settings (config key `dedup`), with defaults and range checks."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(slots=True, frozen=True)
class DedupSettings:
    shingle_size: int = 5  # words per shingle
    num_perm: int = 128  # MinHash permutations
    seed: int = 1  # MinHash permutation seed: fixed, so signatures are the same in every build
    lede_shingles: int = 40  # shingles at the start of a text kept as its lede
    lsh_bands: int = 32  # MinHash LSH bands (rows per band = num_perm / lsh_bands)
    fingerprint_every: int = 8  # one shingle in this many (chosen by hash) is a passage fingerprint
    min_shared_fingerprints: int = 2  # fingerprints two texts must share to be compared
    max_fingerprint_df: int = 200  # fingerprints in more texts than this are boilerplate, not indexed
    near_duplicate: float = 0.9  # containment at or above: near_duplicate (if lengths are similar)
    near_duplicate_length_ratio: float = 0.8  # smaller/larger shingle count needed for near_duplicate
    contains: float = 0.8  # containment at or above: contains
    shares_passage: float = 0.2  # containment at or above: shares_passage
    same_story: float = 0.8  # containment at or above may join one story...
    story_coverage: float = 0.6  # ...if the smaller covers this share of the larger...
    lede_share: float = 0.5  # ...or this share of the larger's lede is in the smaller


_SHARES = (
    "near_duplicate",
    "near_duplicate_length_ratio",
    "contains",
    "shares_passage",
    "same_story",
    "story_coverage",
    "lede_share",
)
_INTEGERS = {
    "shingle_size": 1,
    "num_perm": 16,
    "seed": 0,
    "lede_shingles": 1,
    "lsh_bands": 1,
    "fingerprint_every": 1,
    "min_shared_fingerprints": 1,
    "max_fingerprint_df": 2,
}


def dedup_settings(cfg: dict | DedupSettings | None) -> DedupSettings:
    """Settings from config["dedup"]; unknown keys and out-of-range values raise, naming the key."""
    if isinstance(cfg, DedupSettings):
        return cfg
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
        kind = int if f.name in _INTEGERS else float
        if isinstance(value, bool) or not isinstance(value, int | float) or (kind is int and value != int(value)):
            raise ValueError(f"config dedup.{f.name}: expected a number ({kind.__name__}), got {value!r}")
        values[f.name] = kind(value)
    settings = DedupSettings(**values)
    for name in _SHARES:
        value = getattr(settings, name)
        if not 0.0 < value <= 1.0:
            raise ValueError(f"config dedup.{name}: expected a share in (0, 1], got {value}")
    for name, low in _INTEGERS.items():
        if getattr(settings, name) < low:
            raise ValueError(f"config dedup.{name}: expected >= {low}, got {getattr(settings, name)}")
    if settings.num_perm % settings.lsh_bands:
        raise ValueError(
            f"config dedup.lsh_bands: must divide num_perm ({settings.num_perm}), got {settings.lsh_bands}"
        )
    if not settings.shares_passage <= settings.contains <= settings.near_duplicate:
        raise ValueError(
            "config dedup: expected shares_passage <= contains <= near_duplicate, got "
            f"{settings.shares_passage}, {settings.contains}, {settings.near_duplicate}"
        )
    return settings

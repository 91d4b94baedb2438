"""Publish a built release from its staging directory into release/v{version}/, never rewriting one.

A version that is already published is compared file by file with the new build: identical is a
no-op, different stops with a message asking for a new version. A new version is compared with
the previous release present (the highest lower version) and refused if it is smaller than the
change requires; its CHANGELOG.md entry is generated from that comparison unless one exists.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path

from .diff import VERSION_DIR, bump_version, diff_releases, parse_version, table_bump, version_error


class ReleaseError(Exception):
    """The build cannot be published under this version."""


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def differing_files(a: Path, b: Path) -> list[str]:
    """Relative paths present in only one directory or with different bytes."""
    fa, fb = _files(a), _files(b)
    only = sorted(set(fa) ^ set(fb))
    different = [f for f in sorted(set(fa) & set(fb)) if not filecmp.cmp(a / f, b / f, shallow=False)]
    return sorted(only + different)


def published_versions(release_root: Path) -> list[str]:
    """Versions with a complete release directory (one that has SHA256SUMS), lowest first."""
    if not release_root.is_dir():
        return []
    found = [p.name[1:] for p in release_root.iterdir() if VERSION_DIR.match(p.name) and (p / "SHA256SUMS").is_file()]
    return sorted(found, key=parse_version)


def previous_version(release_root: Path, version: str) -> str | None:
    lower = [v for v in published_versions(release_root) if parse_version(v) < parse_version(version)]
    return lower[-1] if lower else None


def changelog_entry(report: dict | None, version: str, released: str) -> str:
    """A CHANGELOG.md section for a new version, from its comparison with the previous release."""
    out = [f"## [{version}] - {released}", ""]
    if report is None:
        out += ["First release.", ""]
        return "\n".join(out) + "\n"
    out += [f"Compared with {report['from']}: {report['bump'].upper()} change "
            f"(`python -m conflictnews.release.diff release/v{report['from']} release/v{version}`).", ""]  # fmt: skip
    for table in report["tables"]:
        _, reasons = table_bump(table)
        for reason in reasons:
            out.append(f"- {reason}")
    if not report["reasons"]:
        out.append("- No change in the tables.")
    out += ["", "<!-- Generated at publication; say why the data changed here. -->", ""]
    return "\n".join(out) + "\n"


def add_changelog_entry(changelog: Path, version: str, entry: str) -> bool:
    """Insert the entry above the newest one unless the version has an entry already; True if written."""
    text = changelog.read_text(encoding="utf-8") if changelog.is_file() else "# Changelog\n\n"
    if f"## [{version}]" in text:
        return False
    lines = text.splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if line.startswith("## ")), len(lines))
    head = "".join(lines[:at])
    if head and not head.endswith("\n\n"):
        head = head.rstrip("\n") + "\n\n"
    changelog.write_text(head + entry + ("\n" if at < len(lines) else "") + "".join(lines[at:]), encoding="utf-8")
    return True


def publish(
    staging: str | Path,
    release_root: str | Path,
    version: str,
    released: str,
    changelog: str | Path | None = None,
) -> dict:
    """Copy staging into release_root/v{version} (atomically) or check it is already there; returns a record."""
    staging, release_root = Path(staging), Path(release_root)
    target = release_root / f"v{version}"
    if target.exists():
        different = differing_files(staging, target)
        if not different:
            return {"version": version, "status": "unchanged", "path": str(target)}
        shown = ", ".join(different[:8]) + (f" and {len(different) - 8} more" if len(different) > 8 else "")
        report = diff_releases(target, staging)
        suggested = bump_version(version, max(report["bump"], "patch", key=("none", "patch", "minor", "major").index))
        why = f"a {report['bump'].upper()} change" if report["bump"] != "none" else "tables unchanged, files differ"
        newest = published_versions(release_root)
        if newest and parse_version(newest[-1]) >= parse_version(suggested):
            suggested = bump_version(newest[-1], "patch")
        raise ReleaseError(
            f"{target} is already published and this build differs from it ({shown}). A released version is never "
            f"rewritten. Bump `version` in the config (this change needs at least {suggested}: {why}) and set "
            "`released`, then rebuild. "
            f"See what changed: python -m conflictnews.release.diff {target} {staging}"
        )
    previous = previous_version(release_root, version)
    report = diff_releases(release_root / f"v{previous}", staging) if previous else None
    if report is not None:
        error = version_error(report, version)
        if error:
            raise ReleaseError(f"release v{version} not published: {error}")
    release_root.mkdir(parents=True, exist_ok=True)
    partial = release_root / f".v{version}.partial"
    if partial.exists():
        shutil.rmtree(partial)
    shutil.copytree(staging, partial, copy_function=shutil.copyfile)
    for rel in _files(partial):
        os.chmod(partial / rel, 0o444)  # published files are read-only
    os.replace(partial, target)
    record = {
        "version": version,
        "status": "published",
        "path": str(target),
        "previous": previous,
        "bump": None if report is None else report["bump"],
        "changelog": None,
    }
    if changelog is not None:
        written = add_changelog_entry(Path(changelog), version, changelog_entry(report, version, released))
        record["changelog"] = "entry added" if written else "entry exists"
    return record

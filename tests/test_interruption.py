"""Kill a build mid-way, resume it, and get the same release as an uninterrupted build."""

from __future__ import annotations

import filecmp
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TINY = REPO / "tests" / "data" / "tiny"
RELEASE = Path("release/v0.1.0")

pytestmark = pytest.mark.e2e


def command(workdir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "snakemake", "--snakefile", str(REPO / "Snakefile"), "--directory", str(workdir),
            "--configfile", str(workdir / "config.yaml"), "--cores", "2", *args]  # fmt: skip


def run(workdir: Path, *args: str) -> None:
    proc = subprocess.run(command(workdir, *args), capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]


def corpus(workdir: Path) -> Path:
    shutil.copytree(TINY, workdir)
    (workdir / "texts" / "empty.txt").write_bytes(b"")
    return workdir


def files(root: Path) -> list[Path]:
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def test_killed_build_resumes_to_the_same_release(tmp_path):
    reference = corpus(tmp_path / "reference")
    run(reference)

    work = corpus(tmp_path / "work")
    build = subprocess.Popen(command(work), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 600
    while not list((work / "results" / "ingest").rglob("*.parquet")) and build.poll() is None:
        assert time.monotonic() < deadline, "the first stage never wrote its outputs"
        time.sleep(0.2)
    killed = build.poll() is None
    if killed:
        os.killpg(build.pid, signal.SIGKILL)  # like a power cut: no clean-up by Snakemake
    build.wait()
    assert killed, "the build finished before it could be interrupted"
    assert not (work / RELEASE).exists()

    run(work, "--unlock")  # a killed Snakemake leaves its lock behind
    run(work, "--rerun-incomplete")  # and jobs it had started are redone

    first, second = reference / RELEASE, work / RELEASE
    assert files(first) == files(second)
    different = [str(f) for f in files(first) if not filecmp.cmp(first / f, second / f, shallow=False)]
    assert different == []

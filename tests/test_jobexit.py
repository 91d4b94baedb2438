"""exit_job ends a job's process at once, with status 0, its log and standard streams flushed."""

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import atexit, logging, sys
from conflictnews.jobexit import exit_job
from conflictnews.steps import setup_logging

setup_logging(sys.argv[1])
atexit.register(lambda: print("teardown ran"))
logging.getLogger("conflictnews").info("outputs written")
sys.stdout.write("buffered line")
exit_job()
print("not reached")
"""


def test_exit_job_flushes_and_skips_teardown(tmp_path: Path):
    log = tmp_path / "logs" / "job.log"
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(log)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "buffered line"  # flushed, and nothing after exit_job (no atexit, no later print)
    assert log.read_text(encoding="utf-8").rstrip().endswith("INFO conflictnews: outputs written")

"""bench/peer_rules.py stays runnable: a small run of both rubrics, both worker counts, identical peer outputs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_peer_rules_bench_runs() -> None:
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "peer_rules.py"), "-n", "60", "--workers", "1,2"],
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=300,
                         check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr + run.stdout
    assert "peer outputs identical across worker counts" in run.stdout
    assert "0 row problems" in run.stdout

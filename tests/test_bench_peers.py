"""bench/peers.py stays runnable as the language moves: its same-work variant compiles, and perfscore,
the hand-written function and (when installed) zen-engine agree on every total of a small run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_peers_bench_agrees_on_every_total() -> None:
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "peers.py"), "-n", "30", "--rounds", "1"],
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr + run.stdout
    assert "totals that differ: 0; explanations rendered for a sample: 60" in run.stdout

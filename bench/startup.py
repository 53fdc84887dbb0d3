"""Start-up: the wall time of `perfscore check` on the Shuozhou example, in a fresh process each run.

Most of it is importing Python and lark and loading the parser's tables (shipped in the package as
parser_tables.json, see perfscore/parser_tables.py). Prints the median and the fastest of N runs.

    python bench/startup.py
    python bench/startup.py --runs 30
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "shuozhou-2020" / "rubric.perf"


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=15)
    runs = options.parse_args().runs
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "perfscore", "check", str(EXAMPLE)], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    print(f"perfscore check {EXAMPLE.name}: median {statistics.median(times):.3f} s, "
          f"fastest {min(times):.3f} s over {runs} runs")  # fmt: skip


if __name__ == "__main__":
    main()

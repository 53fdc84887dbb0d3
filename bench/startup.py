"""Start-up: the wall time of `perfscore check` on the Shuozhou example, in a fresh process each run.

Runs a copy of the package (src/perfscore and grammar/, copied to a temporary directory, so that the
repository's own __pycache__ does not decide the figures) in two ways:

* bytecode cached: the copy compiled ahead of time, as ``pip install`` leaves a package;
* no bytecode: no .pyc for perfscore and none written (PYTHONDONTWRITEBYTECODE=1), so that every run
  compiles perfscore's source again, as in a checkout where writing .pyc files is off.

Beside each, the interpreter alone (``python -c pass``) and the imports alone (``import perfscore.cli``),
so that what perfscore adds can be read off. Prints the median and the fastest of N runs of each, the
runs of all kinds interleaved so that a busy machine slows them alike.

    python bench/startup.py
    python bench/startup.py --runs 30
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "shuozhou-2020" / "rubric.perf"


def _copy(tree: Path, target: Path, compiled: bool) -> Path:
    """The package as a source checkout lays it out (the grammar beside src/), with or without bytecode."""
    shutil.copytree(tree / "src" / "perfscore", target / "src" / "perfscore",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copytree(tree / "grammar", target / "grammar")
    if compiled:
        compileall.compile_dir(target / "src" / "perfscore", quiet=1)
    return target / "src"


def _time(command: list[str], path: Path | None, cwd: Path) -> float:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    if path is None:
        env.pop("PYTHONPATH", None)
    else:
        env["PYTHONPATH"] = str(path)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=cwd)
    return time.perf_counter() - start


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=15)
    options.add_argument("--tree", type=Path, default=ROOT, help="the checkout to measure (default: this one), "
                         "e.g. a `git worktree` of an older commit, for a before and after on the same machine")  # fmt: skip
    arguments = options.parse_args()
    runs, tree = arguments.runs, arguments.tree
    with tempfile.TemporaryDirectory() as scratch:
        cached = _copy(tree, Path(scratch) / "cached", compiled=True)
        source = _copy(tree, Path(scratch) / "source", compiled=False)
        check = [sys.executable, "-m", "perfscore", "check", str(EXAMPLE)]
        kinds = {
            "interpreter alone (python -c pass)": ([sys.executable, "-c", "pass"], None),
            "import perfscore.cli, bytecode cached": ([sys.executable, "-c", "import perfscore.cli"], cached),
            f"perfscore check {EXAMPLE.name}, bytecode cached": (check, cached),
            f"perfscore check {EXAMPLE.name}, no bytecode": (check, source),
        }
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        for _ in range(runs):
            for kind, (command, path) in kinds.items():
                times[kind].append(_time(command, path, Path(scratch)))
    width = max(map(len, kinds))
    for kind, found in times.items():
        print(f"{kind:<{width}}  median {statistics.median(found):.3f} s, fastest {min(found):.3f} s over {runs} runs")


if __name__ == "__main__":
    main()

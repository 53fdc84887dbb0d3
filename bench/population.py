"""Scoring a population file to file: units/s with workers=1 and workers=2, and peak memory.

Generates N units for a rubric (default: the Shuozhou 2020 example, 34 indicators, 2 surveys, 142
columns) to a CSV with exactly the columns of ``perfscore template --data``, then runs
``perfscore score RUBRIC units.csv -o out.csv --workers W`` in a fresh process per run, as a user
would, and reports the wall time, units/s, the speed-up of each W over W=1, and the peak resident
memory of the scoring process and of its largest worker (``resource.getrusage``). The outputs of
every W must be byte-identical.

    python bench/population.py                   # 100,000 units, workers 1 and 2
    python bench/population.py -n 1000000 --workers 2
    python bench/population.py -n 20000 --keep /tmp/pop   # keep the CSVs
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import perfscore
from perfscore.schema import ID_HEADER, TemplateColumn, columns

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_RUBRIC = ROOT / "examples" / "shuozhou-2020" / "rubric.perf"


def cell(column: TemplateColumn, rng: random.Random) -> str:
    """A plausible value for one cell, by what the column holds (an empty cell where a score is optional)."""
    value = column.value
    if value.kind == "amount":
        return f"{rng.randint(1000, 2_000_000) / 100:.2f}"
    if value.kind == "count":
        return str(rng.randint(1, 40))
    if value.kind == "number":
        return str(rng.randint(1, 20000))
    if value.kind == "rate":
        return f"{rng.randint(6000, 10000) / 100}%"
    if value.kind in ("yesno", "fulfilment"):
        return "是" if rng.random() < 0.8 else "否"
    if value.kind == "level":
        return rng.choice(value.labels)
    return ""  # judged scores, lists: left empty


def generate(rubric: perfscore.Rubric, path: Path, count: int, seed: int = 2020) -> None:
    found = columns(rubric)
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([ID_HEADER, *(c.header for c in found)])
        for k in range(count):
            writer.writerow([f"单位{k:07d}", *(cell(c, rng) for c in found)])


def child(rubric: str, units: str, out: str, workers: int) -> None:
    """One run, in this process: the scoring command, timed, and this process's and its workers' peak memory."""
    from perfscore.cli import main

    start = time.perf_counter()
    status = main(["score", rubric, units, "-o", out, "--workers", str(workers)])
    seconds = time.perf_counter() - start
    own, workers_peak = (resource.getrusage(r).ru_maxrss for r in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(json.dumps({"status": status, "seconds": seconds, "self_kb": own, "children_kb": workers_peak}))


def run(rubric: Path, units: Path, out: Path, workers: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", str(rubric), str(units), str(out), str(workers)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"the run with workers={workers} failed:\n{done.stderr[-2000:]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["problems"] = sum(1 for line in done.stderr.splitlines() if ": row " in line)
    return figures


def _spin(n: int) -> float:
    start, total = time.perf_counter(), 0
    for i in range(n):
        total += i * i
    return time.perf_counter() - start


def parallelism() -> float:
    """What two processes get on this machine now: the speed-up of a pure-Python loop run twice, serially and
    in two processes (2.0 on two idle cores; less when other programs hold a core). The workers' speed-up
    cannot exceed it."""
    from concurrent.futures import ProcessPoolExecutor

    n = 5_000_000
    serial = _spin(n) + _spin(n)
    with ProcessPoolExecutor(2) as pool:
        start = time.perf_counter()
        list(pool.map(_spin, [n, n]))
        both = time.perf_counter() - start
    return serial / both


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--units", type=int, default=100_000)
    parser.add_argument("--rubric", type=Path, default=DEFAULT_RUBRIC)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts (default 1,2)")
    parser.add_argument("--keep", type=Path, help="write the CSVs here and keep them")
    parser.add_argument("--child", nargs=4, metavar=("RUBRIC", "UNITS", "OUT", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        rubric, units, out, workers = args.child
        child(rubric, units, out, int(workers))
        return
    counts = [int(w) for w in args.workers.split(",")]
    with tempfile.TemporaryDirectory() as scratch:
        where = args.keep or Path(scratch)
        where.mkdir(parents=True, exist_ok=True)
        rubric = perfscore.load(args.rubric)
        units = where / f"units-{args.units}.csv"
        start = time.perf_counter()
        generate(rubric, units, args.units)
        size = units.stat().st_size / 2**20
        print(f"{args.units:,} units, {len(columns(rubric))} columns, {size:,.0f} MiB of CSV, generated in "
              f"{time.perf_counter() - start:.1f} s")  # fmt: skip
        print(f"this machine now: two processes run pure Python {parallelism():.2f}× as fast as one")
        base: float | None = None
        outputs = []
        for workers in counts:
            out = where / f"out-{args.units}-w{workers}.csv"
            figures = run(args.rubric, units, out, workers)
            rate = args.units / figures["seconds"]
            base = base or rate
            peak = max(figures["self_kb"], figures["children_kb"]) / 1024
            print(f"workers={workers}: {figures['seconds']:.1f} s, {rate:,.0f} units/s, speed-up {rate / base:.2f}×, "
                  f"peak RSS {figures['self_kb'] / 1024:.0f} MB (scoring process), {figures['children_kb'] / 1024:.0f} "
                  f"MB (largest worker), max {peak:.0f} MB; {figures['problems']} row problems")  # fmt: skip
            outputs.append(out)
        same = all(filecmp.cmp(outputs[0], other, shallow=False) for other in outputs[1:])
        print("outputs identical across worker counts" if same else "OUTPUTS DIFFER across worker counts")
        print(f"this machine after the runs: {parallelism():.2f}×")
        if not same:
            raise SystemExit(1)


if __name__ == "__main__":
    main()

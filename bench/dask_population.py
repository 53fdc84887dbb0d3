"""Scoring a population on Dask against scoring it in one process: units/s, and the same results.

Generates N units for a rubric (default: the Shuozhou 2020 example, 142 columns; the generator of
``bench/population.py``) to a CSV, scores it with ``rubric.evaluate_many(path).to_frame()`` in this
process, then with ``perfscore.dask.evaluate`` on a ``distributed.LocalCluster`` of W worker processes
(one thread each) reading the same CSV with ``dd.read_csv(dtype=str)``. Prints the wall time and units/s
of each (the cluster's start-up apart), the ratio, and checks both frames and both problem lists equal.

    python bench/dask_population.py                  # 20,000 units, 2 workers
    python bench/dask_population.py -n 100000 --workers 2 --blocksize 4MB
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from population import DEFAULT_RUBRIC, generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20_000, help="units (default 20,000)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--blocksize", default="1MB", help="CSV bytes per partition (default 1MB: a dozen partitions for 20,000 units, so two workers share them evenly)")
    parser.add_argument("--rubric", type=Path, default=DEFAULT_RUBRIC)
    args = parser.parse_args()

    import dask.dataframe as dd
    import pandas
    from distributed import Client, LocalCluster

    import perfscore.dask

    rubric = perfscore.load(args.rubric)
    with tempfile.TemporaryDirectory() as folder:
        units = Path(folder) / "units.csv"
        generate(rubric, units, args.n)
        size = units.stat().st_size / 1e6
        print(f"{args.n:,} units, {len(rubric.codes)} nodes, {size:.1f} MB of CSV")

        start = time.perf_counter()
        population = rubric.evaluate_many(units)
        expected = population.to_frame()
        alone = time.perf_counter() - start
        print(f"one process:        {alone:8.1f} s  {args.n / alone:8.0f} units/s")

        start = time.perf_counter()
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=":0") \
                as cluster, Client(cluster):  # fmt: skip
            ready = time.perf_counter() - start
            start = time.perf_counter()
            frame = dd.read_csv(units, dtype=str, blocksize=args.blocksize, keep_default_na=False, na_values=[""])
            results, problems = perfscore.dask.evaluate(rubric, frame).compute()
            spread = time.perf_counter() - start
        print(f"dask, {args.workers} workers:    {spread:8.1f} s  {args.n / spread:8.0f} units/s  "
              f"({frame.npartitions} partitions; cluster start {ready:.1f} s apart)")
        print(f"ratio: {alone / spread:.2f}x")
        pandas.testing.assert_frame_equal(results, expected)
        assert problems == list(population.problems), "the problems differ"
        print(f"identical: {len(results):,} units scored, {len(problems)} problems")


if __name__ == "__main__":
    main()

"""How compile and evaluation time grow with the size of a rubric (the claim: linearly).

Generates rubrics of 500 … 8,000 indicators (about 50 KB … 820 KB), each leaf a proportional
rule with a definition, and times compiling (parse, check, build) and one evaluation. Prints
the time per indicator at each size; linear growth keeps that figure flat.

    python bench/scaling.py
    python bench/scaling.py --sizes 1000 2000 4000 8000 16000
"""

from __future__ import annotations

import argparse
import time

import perfscore


def rubric_text(indicators: int) -> str:
    groups = max(indicators // 50, 1)
    per = indicators // groups
    body = []
    for g in range(groups):
        leaves = "\n".join(f'    指标 X{g}_{k} 指标{g}_{k} 1 {{\n      解释 "第{g}组第{k}项"\n      目标 100%\n'
                           f"      实际 比率\n      按比例\n    }}" for k in range(per))  # fmt: skip
        body.append(f"  分组 G{g} 第{g}组 {per} {{\n{leaves}\n  }}")
    total = groups * per
    return f"总分 {total}\n分组 R 全部 {total} {{\n" + "\n".join(body) + "\n}\n"


def best_of(repeats: int, action: object) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 4000, 8000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    perfscore.compile(rubric_text(10))  # build (or load) the parser once, outside the timings
    print(f"{'indicators':>10} {'KB':>6} {'compile s':>10} {'µs/indicator':>13} {'evaluate ms':>12} {'µs/indicator':>13}")
    for size in args.sizes:
        text = rubric_text(size)
        limits = perfscore.Limits(max_bytes=len(text.encode()) + 1, max_nodes=size * 2)
        compile_s = best_of(args.repeats, lambda: perfscore.compile(text, limits=limits))
        rubric = perfscore.compile(text, limits=limits)
        data = {code: "90%" for code in rubric.codes if code.startswith("X")}
        evaluate_s = best_of(args.repeats, lambda: rubric.evaluate(data))
        count = len(data)
        print(f"{count:>10} {len(text.encode()) // 1024:>6} {compile_s:>10.2f} {compile_s / count * 1e6:>13.0f} "
              f"{evaluate_s * 1e3:>12.1f} {evaluate_s / count * 1e6:>13.1f}")  # fmt: skip


if __name__ == "__main__":
    main()

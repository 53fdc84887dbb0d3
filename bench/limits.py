"""The worst case of each resource family at the default size limit (256 KiB): the claim is under 2 s each.

Each family is a generated rubric (and data) built to hit one check as hard as the size limit lets it:
unclosed quotes, thousands of bands, numbers in a 评分标准, duplicate codes, metrics × indicators, deep
如果 chains, deep groups, unknown names, and a data file of unknown inputs and huge numbers. For each,
one line: what happened (accepted, or refused with which perfscore error), the time to parse and check,
to compile, to evaluate, to show (the error's text, or the formatted rubric and the explanations), and
the peak memory (tracemalloc, a second run). Plain stdlib and perfscore.

    python bench/limits.py               # at the default size limit, 256 KiB per family
    python bench/limits.py --quick       # an eighth of that
    python bench/limits.py --size 1024   # 1 MiB, the limit raised: shows that growth is linear
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

import perfscore
from perfscore.checker import check_or_raise
from perfscore.files import DATA_MAX_BYTES
from perfscore.limits import DEFAULT_LIMITS, MAX_DEPTH, MAX_NESTING, Limits
from perfscore.printer import format_rubric
from perfscore.rubric import Rubric
from perfscore.source import Source

MIB = 1024 * 1024
BUDGET_S = 2.0


class Case:
    """A generated rubric, the limits to compile it with, and the data to evaluate (None: none)."""

    def __init__(self, text: str, limits: Limits = DEFAULT_LIMITS, data: Any = None) -> None:
        self.text, self.limits, self.data = text, limits, data


def _leaf(code: str, body: str, weight: int = 1) -> str:
    return f"  指标 {code} 指标{code} {weight} {{\n{body}\n  }}"


def _rubric(leaves: list[str], total: int, head: str = "") -> str:
    return f"{head}总分 {total}\n分组 G 全部 {total} {{\n" + "\n".join(leaves) + "\n}\n"


def unclosed_quotes(size: int) -> Case:
    # Lines of `“` with no `”`: the limit check's string skipping must not rescan each one.
    line = "“" * 40_000
    return Case(_rubric([], 1, head="\n".join([line] * max(size // (len(line.encode()) + 1), 1)) + "\n"))


def many_bands(size: int) -> Case:
    count = size // 32
    bands = "\n".join(f"      [{k}, {k + 1})：{k % 2}分" for k in range(count))
    body = f"    目标 ≥ 0\n    分档 {{\n      < 0：0分\n{bands}\n      ≥ {count}：1分\n    }}"
    return Case(_rubric([_leaf("A", body)], 1), data={"A": str(count // 2)})


def criteria_numbers(size: int) -> Case:
    numbers = " ".join(str(k) for k in range(size // 7))
    body = f'    评分标准 "得分 {numbers}"\n    目标 100%\n    实际 比率\n    按比例'
    return Case(_rubric([_leaf("A", body)], 1), data={"A": "90%"})


def _fits(size: int, unit: str) -> int:
    """How many of ``unit`` fit in ``size`` bytes, leaving room for the head."""
    return (size - 200) // (len(unit.encode()) + 1)


def duplicate_codes(size: int) -> Case:
    leaf = _leaf("A", "    目标 100%\n    按比例")
    count = min(_fits(size, leaf), perfscore.Limits().max_nodes - 1)
    return Case(_rubric([leaf] * count, count))


def metrics_indicators(size: int) -> Case:
    # Each metric read by one indicator: n metrics × n indicators.
    n = _fits(size, "输入 x9999 金额\n计算 m9999 = x9999 + 1\n" + _leaf("A9999", "    目标 100\n    实际 = m9999\n    按比例"))
    metrics = "\n".join(f"输入 x{k} 金额\n计算 m{k} = x{k} + 1" for k in range(n))
    leaves = [_leaf(f"A{k}", f"    目标 100\n    实际 = m{k}\n    按比例") for k in range(n)]
    data = {f"x{k}": "99" for k in range(n)}
    return Case(_rubric(leaves, n, head=metrics + "\n"), data=data)


def deep_conditionals(size: int) -> Case:
    # One formula of nested 如果 … 则 … 否则, no parentheses and no other operator, as long as the size allows.
    chain = "如果 x 则 1 否则 " * (size // 24) + "0"
    return Case(_rubric([_leaf("A", f"    公式 {chain}")], 1, head="输入 x 数值\n"), data={"x": "7"})


def admitted_conditionals(size: int) -> Case:
    # The deepest chain any limits admit (perfscore.limits.MAX_NESTING) in a formula, and in a metric.
    chain = "".join(f"如果 x == {k} 则 {k % 2} 否则 " for k in range(MAX_NESTING - 4)) + "0"  # G, A, and 如果 … 则 … 否则 and a comparison at the end
    text = _rubric([_leaf("A", "    公式 " + chain)], 1, head=f"输入 x 数值\n计算 m = {chain}\n")
    return Case(text, perfscore.Limits(max_operators=4 * MAX_NESTING), {"x": "7"})


def deep_groups(size: int) -> Case:
    # As deep as a caller may raise max_depth (perfscore.limits.MAX_DEPTH), unindented.
    depth = MAX_DEPTH - 1
    opened = "".join(f"分组 G{k} 第{k}层 1 {{\n" for k in range(depth))
    text = f"总分 1\n{opened}指标 A 最深 1 {{\n  目标 100%\n  按比例\n}}\n" + "}\n" * depth
    return Case(text, perfscore.Limits(max_depth=depth + 1), {"A": "50%"})


def unknown_names(size: int) -> Case:
    count = min(_fits(size, _leaf("A99999", "    公式 weight * 未知量99999 / 2")), perfscore.Limits().max_nodes - 1)
    leaves = [_leaf(f"A{k}", f"    公式 weight * 未知量{k} / 2") for k in range(count)]
    return Case(_rubric(leaves, count))


def data_file(size: int) -> Case:
    # A data file at the data size limit (1 MiB, whatever size the rubrics are generated at):
    # thousands of unknown inputs, and numbers of thousands of digits.
    size = DATA_MAX_BYTES - 8192
    leaves = [_leaf(f"A{k}", "    目标 100%\n    实际 比率\n    按比例") for k in range(10)]
    data: dict[str, str] = {f"A{k}": "9" * 4_000 + "%" for k in range(10)}
    unknown = '"未知输入99999": "1e999999999", '
    data.update({f"未知输入{k}": "1e999999999" for k in range(_fits(size - 41_000, unknown))})
    return Case(_rubric(leaves, 10), data=data)


def repeated_clauses(size: int) -> Case:
    # One indicator repeating a clause: each repeat is an error located by its line.
    line = '    解释 "一"'
    body = "\n".join([line] * _fits(size, line)) + "\n    目标 100%\n    按比例"
    return Case(_rubric([_leaf("A", body)], 1), data={"A": "90%"})


def many_arguments(size: int) -> Case:
    # min() of every input: no operator, no nesting, one long line.
    count = _fits(size // 2, "输入 x99999 数值\nx99999, ")
    names = ", ".join(f"x{k}" for k in range(count))
    head = "\n".join(f"输入 x{k} 数值" for k in range(count)) + f"\n计算 m = min({names})\n"
    text = _rubric([_leaf("A", "    公式 min(m, weight)")], 1, head=head)
    return Case(text, data={f"x{k}": "1" for k in range(count)})


FAMILIES: dict[str, Callable[[int], Case]] = {
    "unclosed quotes": unclosed_quotes,
    "many bands": many_bands,
    "numbers in 评分标准": criteria_numbers,
    "duplicate codes": duplicate_codes,
    "metrics × indicators": metrics_indicators,
    "deep 如果 chain": deep_conditionals,
    "admitted 如果 chain": admitted_conditionals,
    "deep groups": deep_groups,
    "unknown names": unknown_names,
    "repeated clauses": repeated_clauses,
    "min() of every input": many_arguments,
    "1 MiB data file": data_file,
}


def _stages(case: Case, data_path: Path | None) -> Iterator[tuple[str, Callable[[], Any]]]:
    """The stages in order; each returns what the next needs, or raises the refusal."""
    state: dict[str, Any] = {}

    def check() -> None:
        state["tree"] = perfscore.parse(case.text, "<bench>", case.limits)
        state["warnings"] = check_or_raise(state["tree"], Source("<bench>", case.text))

    def build() -> None:
        state["rubric"] = Rubric(state["tree"], Source("<bench>", case.text), state["warnings"])

    def evaluate() -> None:
        if data_path is not None:
            state["result"] = state["rubric"].evaluate(data_path)

    def show() -> None:
        format_rubric(state["tree"], source=case.text)
        if "result" in state:
            str(state["result"].explain())

    yield from (("check", check), ("compile", build), ("evaluate", evaluate), ("show", show))


def run(case: Case, data_path: Path | None) -> tuple[dict[str, float], str]:
    times: dict[str, float] = {}
    for stage, action in _stages(case, data_path):
        started = time.perf_counter()
        try:
            action()
        except perfscore.PerfscoreError as exc:
            shown = str(exc)  # formatting every diagnostic is part of the cost
            times[stage] = time.perf_counter() - started
            first = shown.splitlines()[1] if isinstance(exc, perfscore.RubricError) else shown.splitlines()[-1]
            return times, f"{type(exc).__name__}: {first.split(': ', 2)[-1][:60]}"
        times[stage] = time.perf_counter() - started
    return times, "accepted"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="an eighth of the size, for a fast look")
    parser.add_argument("--size", type=int, metavar="KIB", help="KiB per family (default: the size limit); "
                        "above the default the limit is raised, as a caller would with Limits(max_bytes=…)")
    parser.add_argument("--only", nargs="+", metavar="WORD", help="only the families whose name has one of these words")
    args = parser.parse_args()
    size = args.size * 1024 if args.size else DEFAULT_LIMITS.max_bytes - 4096
    size = size // 8 if args.quick else size
    perfscore.compile("总分 1\n指标 A 甲 1 {\n  目标 100%\n  按比例\n}\n")  # load the parser outside the timings
    print(f"{'family':<22} {'KiB':>5} {'check s':>8} {'compile':>8} {'evaluate':>8} {'show':>6} {'peak MiB':>8}  outcome")
    slow = []
    with tempfile.TemporaryDirectory() as scratch:
        for family, make in FAMILIES.items():
            if args.only and not any(word in family for word in args.only):
                continue
            case = make(size)
            case.limits = attrs.evolve(case.limits, max_bytes=max(case.limits.max_bytes, size + 4096))
            data_path = None
            if case.data is not None:
                data_path = Path(scratch) / "data.json"
                data_path.write_text(json.dumps(case.data, ensure_ascii=False), encoding="utf-8")
            times, outcome = run(case, data_path)
            tracemalloc.start()
            run(case, data_path)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            cells = [f"{times[s]:>8.2f}" if s in times else f"{'-':>8}" for s in ("check", "compile", "evaluate")]
            shown = f"{times['show']:>6.2f}" if "show" in times else f"{'-':>6}"
            kb = (len(case.text.encode()) + (data_path.stat().st_size if data_path else 0)) // 1024
            print(f"{family:<22} {kb:>5} {' '.join(cells)} {shown} {peak / MIB:>8.1f}  {outcome}", flush=True)
            if sum(times.values()) > BUDGET_S:
                slow.append(family)
    if slow:
        print(f"over {BUDGET_S} s: {', '.join(slow)}")
        sys.exit(1)


if __name__ == "__main__":
    main()

"""perfscore against its peers on the Shuozhou rubric, interleaved in one run (issue 14).

Five ways of scoring the same departments, timed in interleaved rounds (the machine is shared:
each round runs every implementation once over all departments; the median round of process CPU
time is reported, which waiting for a core does not inflate):

* **same work** — a variant of the example rubric where every leaf's actual is given directly
  (metrics, completion rates and surveys replaced by ``实际 比率``; checklists, levels and 达标 as
  written), scored by
  (a) perfscore ``rubric.evaluate`` (inputs validated, results able to explain themselves),
  (b) a hand-written straight-line ``Decimal`` function for that variant (validates nothing),
  (c) GoRules zen-engine's ``engine.evaluate`` (Rust core), on a decision graph written here
      (optional: ``pip install zen-engine``; skipped with a message when absent);
* **full example** — (d) perfscore on the example rubric itself: 7 metrics from raw amounts,
  completion items, 2 surveys from answer counts; (e) the same departments as one batch,
  ``rubric.evaluate_many`` (its totals checked against (d)).

The variant's actuals are the full example's actuals rounded to 4 places, so every implementation
reads the same figures (a Decimal, or "163.97%" where a bare number would be ambiguous for a rate). All three same-work totals are checked to agree on every department.

    python bench/peers.py              # 2,000 departments, 5 rounds
    python bench/peers.py -n 500 --rounds 3
"""

from __future__ import annotations

import argparse
import decimal
import gc
import json
import re
import statistics
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import perfscore

sys.path.insert(0, str(Path(__file__).resolve().parent))
from shuozhou import EXAMPLE, departments  # noqa: E402

D = Decimal
ZERO, ONE, CENT, PLACES4 = D(0), D(1), D("0.01"), D("0.0001")

#: Leaves whose actual the variant takes directly (a rate under the indicator's code).
RATES = ("A21", "A22", "A23", "A24", "A31", "A32", "A33", "B12", "B13", "B21", "B22", "B23", "B24", "B33",
         "B42", "C13", "C14", "C21", "C22")  # fmt: skip
CHECKLISTS = {
    "A11": (3, ("0.35", "0.35", "0.3")), "A41": (3, ("0.5",) * 2), "A42": (3, ("0.5",) * 2),
    "B11": (3, ("0.25",) * 4), "B25": (3, ("0.5",) * 2), "B31": (3, ("1/3",) * 3), "B32": (2, ("0.5",) * 2),
    "B41": (2, ("0.2",) * 5), "B51": (2, ("0.3", "0.3", "0.4")), "B52": (3, ("1/6",) * 6), "C12": (3, ("0.25",) * 4),
}  # fmt: skip
PASSED = {"D11": 2, "D21": 3, "D22": 5}


def same_work_text() -> str:
    """The example rubric with every computed actual replaced by the actual given directly."""
    text = (EXAMPLE / "rubric.perf").read_text(encoding="utf-8")
    text = re.sub(r"^问卷 .*?^}\n", "", text, flags=re.M | re.S)  # surveys
    text = re.sub(r"^(输入|计算) .*\n", "", text, flags=re.M)  # inputs and metrics
    text = re.sub(r"实际 完成率 \{.*?\n      \}", "实际 比率", text, flags=re.S)  # completion items
    return re.sub(r"实际 = \S+", "实际 比率", text)


def same_work_data(full: list[dict[str, Any]], results: list[Any]) -> list[dict[str, Any]]:
    """Each department's data for the variant: the full example's actuals (4 places), judgements as given."""
    out = []
    for dept, result in zip(full, results):
        unit: dict[str, Any] = {}
        for code in RATES:
            unit[code] = rate = result[code].actual.quantize(PLACES4, rounding=ROUND_HALF_UP)
            if not -ONE < rate < ONE:  # a bare 1.6397 is ambiguous for a rate: perfscore wants "163.97%"
                unit[code] = f"{rate * 100:f}%"
        for code in (*CHECKLISTS, *PASSED, "C11"):
            unit[code] = dept[code]
        out.append(unit)
    return out


# ---------------------------------------------------------------- (b) the hand-written function


def r2(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def _share(text: str) -> Decimal:
    top, _, bottom = text.partition("/")
    return D(top) / D(bottom or 1)


_LISTS = {code: (D(w), tuple(_share(s) for s in shares)) for code, (w, shares) in CHECKLISTS.items()}
_LEVELS = {"明显提升": D(3), "有所提升": D("1.5"), "未提升": ZERO}
_FULL = [("A21", 3), ("A22", 3), ("A23", 3), ("A24", 2), ("A31", 4), ("A32", 3), ("A33", 3), ("B24", 3),
         ("B33", 2), ("C13", 3), ("C14", 3)]  # fmt: skip
_FULL_D = [(code, D(w)) for code, w in _FULL]
_PASSED_D = [(code, D(w)) for code, w in PASSED.items()]


def by_hand(given: dict[str, Any]) -> Decimal:
    """The same-work variant, written out once by hand (straight-line Decimal, no validation)."""
    d = dict(given)
    for code in RATES:  # the few rates given as text (163.97%)
        if type(d[code]) is str:
            d[code] = D(d[code][:-1]) / 100
    total = ZERO
    for code, (weight, shares) in _LISTS.items():
        total += r2(weight * sum((s for s, v in zip(shares, d[code].values()) if v), ZERO))
    for code, weight in _FULL_D:
        total += r2(weight * min(d[code], ONE))
    three = D(3)
    total += three if d["B12"] <= 0 else ZERO
    total += r2(max(three - max(d["B13"], ZERO) / CENT * D("0.6"), ZERO))
    done = d["B21"]
    total += three if done >= D("0.95") else D(2) if done >= D("0.9") else ONE if done >= D("0.85") else ZERO
    units = (max(d["B22"] - D("0.09"), ZERO) / CENT).quantize(ONE, rounding=ROUND_HALF_UP)
    total += r2(max(three - units * D("0.15"), ZERO))
    total += r2(max(three - max(D("0.7") - d["B23"], ZERO) / CENT * D("0.06"), ZERO))
    used = d["B42"]
    total += ZERO if used < D("0.6") else r2(2 * min(used, ONE))
    total += _LEVELS[d["C11"]]
    for code in ("C21", "C22"):
        total += r2(4 * min(d[code] / D("0.9"), ONE))
    for code, weight in _PASSED_D:
        total += weight if d[code] else ZERO
    return total


# ---------------------------------------------------------------- (c) zen-engine


def zen_graph() -> dict[str, Any]:
    """One expression node: a score per leaf (fields read flat: a11_0 is A11's first item), then the total."""
    expressions: list[tuple[str, str]] = []
    for code, (weight, shares) in CHECKLISTS.items():
        terms = " + ".join(f"({code.lower()}_{k} ? {s} : 0)" for k, s in enumerate(shares))
        expressions.append((code, f"round({weight} * ({terms}), 2)"))
    for code, weight in _FULL:
        expressions.append((code, f"round({weight} * min([{code.lower()}, 1]), 2)"))
    expressions += [
        ("B12", "b12 <= 0 ? 3 : 0"),
        ("B13", "round(max([3 - max([b13, 0]) / 0.01 * 0.6, 0]), 2)"),
        ("B21", "b21 >= 0.95 ? 3 : (b21 >= 0.9 ? 2 : (b21 >= 0.85 ? 1 : 0))"),
        ("B22", "round(max([3 - round(max([b22 - 0.09, 0]) / 0.01, 0) * 0.15, 0]), 2)"),
        ("B23", "round(max([3 - max([0.7 - b23, 0]) / 0.01 * 0.06, 0]), 2)"),
        ("B42", "b42 < 0.6 ? 0 : round(2 * min([b42, 1]), 2)"),
        ("C11", "c11 == '明显提升' ? 3 : (c11 == '有所提升' ? 1.5 : 0)"),
        ("C21", "round(4 * min([c21 / 0.9, 1]), 2)"),
        ("C22", "round(4 * min([c22 / 0.9, 1]), 2)"),
    ]
    expressions += [(code, f"{code.lower()} ? {weight} : 0") for code, weight in PASSED.items()]
    total = " + ".join(f"$.{code}" for code, _ in expressions)
    expressions.append(("total", total))
    content = {"expressions": [{"id": f"e{k}", "key": key, "value": value} for k, (key, value) in enumerate(expressions)]}
    position = {"x": 0, "y": 0}
    return {
        "nodes": [
            {"id": "in", "type": "inputNode", "name": "输入", "position": position},
            {"id": "score", "type": "expressionNode", "name": "打分", "position": position, "content": content},
            {"id": "out", "type": "outputNode", "name": "输出", "position": position},
        ],
        "edges": [{"id": "a", "sourceId": "in", "targetId": "score", "type": "edge"},
                  {"id": "b", "sourceId": "score", "targetId": "out", "type": "edge"}],  # fmt: skip
    }


def zen_context(unit: dict[str, Any]) -> dict[str, Any]:
    """A department's variant data as zen reads it: numbers as floats, checklist items flattened."""
    context: dict[str, Any] = {}
    for code, value in unit.items():
        key = code.lower()
        if isinstance(value, dict):
            for k, item in enumerate(value.values()):
                context[f"{key}_{k}"] = item
        elif isinstance(value, Decimal):
            context[key] = float(value)
        elif isinstance(value, str) and value.endswith("%"):
            context[key] = float(D(value[:-1]) / 100)
        else:
            context[key] = value
    return context


# ---------------------------------------------------------------- the run


def median_us(times: list[float], count: int) -> float:
    return statistics.median(times) / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=2000, help="departments (default 2,000)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds; the median is reported (default 5)")
    args = parser.parse_args()

    full_rubric = perfscore.load(EXAMPLE / "rubric.perf")
    same_rubric = perfscore.compile(same_work_text())
    full = departments(args.n)
    full_results = [full_rubric.evaluate(d) for d in full]
    same = same_work_data(full, full_results)
    try:
        import zen  # type: ignore[import-not-found]
    except ImportError:
        zen = None
        print("zen-engine is not installed (pip install zen-engine): its row is skipped")
    engine = None
    contexts: list[dict[str, Any]] = []
    if zen is not None:
        graph = json.dumps(zen_graph(), ensure_ascii=False)
        engine = zen.ZenEngine({"loader": lambda key: graph})
        contexts = [zen_context(u) for u in same]
    gc.collect()
    gc.freeze()  # the generated data lives for the whole run

    times: dict[str, list[float]] = {"perfscore": [], "hand": [], "zen": [], "full": [], "many": []}
    for _ in range(args.rounds):
        start = time.process_time()
        results = [same_rubric.evaluate(u) for u in same]
        times["perfscore"].append(time.process_time() - start)
        with decimal.localcontext(perfscore.numbers.CONTEXT):
            start = time.process_time()
            totals = [by_hand(u) for u in same]
            times["hand"].append(time.process_time() - start)
        if engine is not None:
            start = time.process_time()
            zens = [engine.evaluate("shuozhou", c) for c in contexts]
            times["zen"].append(time.process_time() - start)
        start = time.process_time()
        full_results = [full_rubric.evaluate(d) for d in full]
        times["full"].append(time.process_time() - start)
        start = time.process_time()
        batch = full_rubric.evaluate_many(full)
        times["many"].append(time.process_time() - start)

    wrong = [k for k, (r, t) in enumerate(zip(results, totals)) if r.total != t]
    wrong += [k for k, (r, u) in enumerate(zip(full_results, batch.units)) if u.result is None or u.result.total != r.total]
    if engine is not None:
        wrong += [k for k, (r, z) in enumerate(zip(results, zens))
                  if D(repr(z["result"]["total"])).quantize(CENT) != r.total]  # fmt: skip
    explained = sum(len(r.explain()) > 0 for r in results[:50] + full_results[:50])
    hand = median_us(times["hand"], args.n)
    rows = [("hand-written Decimal, no validation (same work)", times["hand"])]
    if engine is not None:
        rows.append(("zen-engine engine.evaluate (same work)", times["zen"]))
    rows += [("perfscore rubric.evaluate (same work)", times["perfscore"]),
             ("perfscore rubric.evaluate (full example)", times["full"]),
             ("perfscore rubric.evaluate_many (full example)", times["many"])]  # fmt: skip
    print(f"departments: {args.n}; median of {args.rounds} interleaved rounds")
    print(f"{'implementation':<50} {'µs/department':>14} {'× hand':>8}")
    for name, measured in rows:
        us = median_us(measured, args.n)
        print(f"{name:<50} {us:>14.1f} {us / hand:>8.2f}")
    same_us = median_us(times["perfscore"], args.n)
    if engine is not None:
        print(f"perfscore (same work) ÷ zen-engine: {same_us / median_us(times['zen'], args.n):.2f}×")
    print(f"full example ÷ same work: {median_us(times['full'], args.n) / same_us:.2f}×")
    print(f"totals that differ: {len(wrong)}; explanations rendered for a sample: {explained}")
    if wrong:
        raise SystemExit(f"the implementations disagree, e.g. department {wrong[0]}")


if __name__ == "__main__":
    main()

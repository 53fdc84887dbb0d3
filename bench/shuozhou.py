"""Throughput of the compiled evaluator against a hand-written Decimal function.

Evaluates the Shuozhou 2020 rubric (34 indicators, 7 metrics, 2 surveys) for
N generated departments as users run it — every input validated, results kept,
each able to explain itself (a sample is rendered) — and the same scores with a
plain-Python function written for this one rubric, which validates nothing.
Prints both throughputs and their ratio, after checking that both agree on
every total.

    python bench/shuozhou.py            # 10,000 departments
    python bench/shuozhou.py -n 2000
"""

from __future__ import annotations

import argparse
import copy
import decimal
import gc
import random
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import perfscore

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "shuozhou-2020"
D = Decimal
ZERO, ONE, CENT = D(0), D(1), D("0.01")


def departments(count: int, seed: int = 2020) -> list[dict[str, Any]]:
    """Variations of the published data: amounts, rates, judgements and survey answers."""
    base = perfscore.read_data(EXAMPLE / "data.toml")
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        dept = copy.deepcopy(base)
        for key in ("年初预算", "预算数", "项目总支出", "政府采购预算", "固定资产总额", "上年三公经费"):
            dept[key] = D(rng.randint(1000, 2_000_000)) / 100
        for part, whole in (("决算数", "预算数"), ("结转结余总额", "预算数"), ("重点项目支出", "项目总支出"),
                            ("政府采购支出", "政府采购预算"), ("在用固定资产", "固定资产总额")):  # fmt: skip
            dept[part] = (dept[whole] * D(rng.randint(30, 100)) / 100).quantize(CENT)
        dept["本年三公经费"] = (dept["上年三公经费"] * D(rng.randint(80, 120)) / 100).quantize(CENT)
        for code in ("A11", "B11", "B25", "B31", "B32", "B41", "B51", "B52", "C12"):
            dept[code] = {item: rng.random() < 0.8 for item in dept[code]}
        for code in ("A21", "A32"):
            dept[code] = {k: (rng.random() < 0.8 if isinstance(v, bool) else v) for k, v in dept[code].items()}
        dept["C11"] = rng.choice(["明显提升", "有所提升", "未提升"])
        for code in ("D11", "D21", "D22"):
            dept[code] = rng.random() < 0.7
        dept["B33"] = f"{rng.randint(60, 100)}%"
        for survey in ("管理对象满意度", "服务对象满意度"):
            dept[survey] = {q: [rng.randint(0, 40) + 1, rng.randint(0, 40), rng.randint(0, 20), rng.randint(0, 5)]
                            for q in dept[survey]}  # fmt: skip
        out.append(dept)
    return out


# ---------------------------------------------------------------- the hand-written function


def r2(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def fraction(v: Any) -> Decimal:
    if v is True:
        return ONE
    if v is False:
        return ZERO
    if isinstance(v, str):
        return D(v[:-1]) / 100
    return D(v)


def checklist(w: Decimal, items: dict[str, Any], shares: list[Decimal]) -> Decimal:
    return r2(w * sum((s * fraction(v) for s, v in zip(shares, items.values())), ZERO))


def completion(w: Decimal, items: dict[str, Any], targets: list[Decimal | None]) -> Decimal:
    done = ZERO
    for t, v in zip(targets, items.values()):
        if t is None:
            done += fraction(v)
        else:
            value = fraction(v) if isinstance(v, str) else D(v)
            done += min(value / t, ONE)
    return r2(w * min(done / len(targets), ONE))


def survey(counts: dict[str, list[int]]) -> Decimal:
    weights = (ONE, D("0.8"), D("0.6"), ZERO)
    total = ZERO
    for answers in counts.values():
        n = sum(answers)
        total += sum(((D(c) / n).quantize(D("0.0001"), rounding=ROUND_HALF_UP) * w for c, w in zip(answers, weights)), ZERO)
    return total / len(counts)


def by_hand(d: dict[str, Any]) -> Decimal:
    """The Shuozhou rubric, written out once by hand."""
    three, two = D(3), D(2)
    q4, t3, s6, half = [D("0.25")] * 4, [ONE / 3] * 3, [ONE / 6] * 6, [D("0.5")] * 2
    scores = [
        checklist(three, d["A11"], [D("0.35"), D("0.35"), D("0.3")]),
        completion(three, d["A21"], [D(10010), D("0.6"), D(13500), ONE, D(2531), D(89), None]),
        completion(three, d["A22"], [D("0.9"), D("0.9"), D("0.9"), D("0.8"), None, None, None, None]),
        completion(three, d["A23"], [None] * 3),
        completion(two, d["A24"], [None] * 4),
        completion(D(4), d["A31"], [None] * 3),
        completion(three, d["A32"], [None, D(11), D(4)]),
        completion(three, d["A33"], [None] * 6),
        checklist(three, d["A41"], half),
        checklist(three, d["A42"], half),
        checklist(three, d["B11"], q4),
    ]
    adjust = abs(D(d["预算数"]) - D(d["年初预算"])) / D(d["年初预算"])
    scores.append(three if adjust <= 0 else ZERO)
    scores[-1] = D(d["overrides"]["B12"]["score"])
    change = (D(d["本年三公经费"]) - D(d["上年三公经费"])) / D(d["上年三公经费"])
    scores.append(r2(max(three - max(change, ZERO) / D("0.01") * D("0.6"), ZERO)))
    done = D(d["决算数"]) / D(d["预算数"])
    scores.append(D(3) if done >= D("0.95") else D(2) if done >= D("0.9") else ONE if done >= D("0.85") else ZERO)
    carry = D(d["结转结余总额"]) / D(d["预算数"])
    units = (max(carry - D("0.09"), ZERO) / D("0.01")).quantize(ONE, rounding=ROUND_HALF_UP)
    scores.append(r2(max(three - units * D("0.15"), ZERO)))
    key = D(d["重点项目支出"]) / D(d["项目总支出"])
    scores.append(r2(max(three - max(D("0.7") - key, ZERO) / D("0.01") * D("0.06"), ZERO)))
    scores.append(r2(three * min(D(d["政府采购支出"]) / D(d["政府采购预算"]), ONE)))
    scores.append(checklist(three, d["B25"], half))
    scores.append(checklist(three, d["B31"], t3))
    scores.append(checklist(two, d["B32"], half))
    scores.append(r2(two * min(fraction(d["B33"]), ONE)))
    scores.append(checklist(two, d["B41"], [D("0.2")] * 5))
    used = D(d["在用固定资产"]) / D(d["固定资产总额"])
    scores.append(ZERO if used < D("0.6") else r2(two * min(used, ONE)))
    scores.append(checklist(two, d["B51"], [D("0.3"), D("0.3"), D("0.4")]))
    scores.append(checklist(three, d["B52"], s6))
    scores.append({"明显提升": three, "有所提升": D("1.5"), "未提升": ZERO}[d["C11"]])
    scores.append(checklist(three, d["C12"], q4))
    scores.append(completion(three, d["C13"], [None] * 5))
    scores.append(completion(three, d["C14"], [None] * 2))
    scores.append(r2(D(4) * min(survey(d["服务对象满意度"]) / D("0.9"), ONE)))
    scores.append(r2(D(4) * min(survey(d["管理对象满意度"]) / D("0.9"), ONE)))
    scores.append(two if d["D11"] else ZERO)
    scores.append(three if d["D21"] else ZERO)
    scores.append(D(5) if d["D22"] else ZERO)
    return sum(scores, ZERO)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=10_000, help="departments to score (default 10,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; the best is reported (default 3)")
    args = parser.parse_args()
    rubric = perfscore.load(EXAMPLE / "rubric.perf")
    data = departments(args.n)
    # The generated data lives for the whole run: keep the collector from rescanning it, for both sides.
    gc.collect()
    gc.freeze()

    compiled = hand = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        results = [rubric.evaluate(d) for d in data]  # results kept, as a user keeps them
        compiled = min(compiled, time.perf_counter() - start)
        with decimal.localcontext(perfscore.numbers.CONTEXT):
            start = time.perf_counter()
            totals = [by_hand(d) for d in data]
            hand = min(hand, time.perf_counter() - start)

    mismatches = [k for k, (r, t) in enumerate(zip(results, totals)) if r.total != t]
    explained = sum(len(r.explain()) > 0 for r in results[:100])
    print(f"departments:          {args.n} (best of {args.repeat} runs)")
    print(f"compiled evaluator:   {args.n / compiled:10.0f} evaluations/s  ({compiled / args.n * 1e6:7.1f} µs each)")
    print(f"hand-written Decimal: {args.n / hand:10.0f} evaluations/s  ({hand / args.n * 1e6:7.1f} µs each)")
    print(f"ratio (compiled / hand-written time): {compiled / hand:.2f}×")
    print(f"totals that differ: {len(mismatches)}; explanations rendered for a sample: {explained}")
    if mismatches:
        raise SystemExit(f"the two computations disagree, e.g. department {mismatches[0]}")


if __name__ == "__main__":
    main()

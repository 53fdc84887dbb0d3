"""Resource exhaustion and deep nesting: the worst case of each family is accepted or refused with a clear
perfscore error, and finishes.

The cases are bench/limits.py's generators (one place for them), here at a quarter of a MiB: each took
seconds to minutes before its check was made linear, and takes well under a second now. The budget is
generous, as in test_fuzz.py; real timings come from ``python bench/limits.py``.
"""

from __future__ import annotations

import importlib.util
import json
import pickle
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfscore
from perfscore.intervals import INF, Cover, Iv, minus
from perfscore.limits import MAX_DEPTH, MAX_NESTING
from perfscore.printer import format_rubric
from perfscore.render.table import score_table
from perfscore.source import Source, Span

SIZE = 256 * 1024
BUDGET_SECONDS = 5.0
T = TypeVar("T")


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_limits", Path(__file__).parents[1] / "bench" / "limits.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _bench()


def _run(family: Callable[[int], Any], tmp_path: Path) -> tuple[perfscore.Result | perfscore.Rubric | None, Any]:
    """Compile (and evaluate, if the case has data) the family's worst case within the budget."""
    case = family(SIZE)
    started = time.perf_counter()
    outcome: Any = None
    rubric: Any = None
    try:
        rubric = perfscore.compile(case.text, limits=case.limits, language="en")
        if case.data is not None:
            path = tmp_path / "data.json"
            path.write_text(json.dumps(case.data, ensure_ascii=False), encoding="utf-8")
            rubric = rubric.evaluate(path)
    except perfscore.PerfscoreError as exc:
        str(exc)  # every diagnostic formatted: part of the cost
        outcome = exc
    assert time.perf_counter() - started < BUDGET_SECONDS
    return rubric, outcome


def test_unclosed_quotes_are_refused_line_by_line(tmp_path: Path) -> None:
    """Each line is one error (recovery blanks it and goes on), as many as the parse budget allows."""
    _, exc = _run(BENCH.unclosed_quotes, tmp_path)
    assert isinstance(exc, perfscore.ParseError)
    assert 1 < len(exc.diagnostics) < 20
    for line, diagnostic in enumerate(exc.diagnostics, start=1):
        assert diagnostic.message.startswith("unexpected character '“'")
        assert (diagnostic.line, diagnostic.column, diagnostic.hint) == (line, 1, 'a closing quote is missing, or use "…" around text')


def test_thousands_of_bands_score(tmp_path: Path) -> None:
    result, exc = _run(BENCH.many_bands, tmp_path)
    assert exc is None and isinstance(result, perfscore.Result)
    count = SIZE // 32
    assert result.total == (count // 2) % 2  # the actual falls in band [count//2, count//2 + 1)


def test_thousands_of_bands_still_report_a_gap_and_an_overlap() -> None:
    bands = "\n".join(f"[{k}, {k + 1})：1分" for k in range(8000) if k != 5000) + "\n[7990, 7991]：1分"
    text = f"总分 1\n指标 A 甲 1 {{\n目标 ≥ 0\n实际 数值\n分档 {{\n< 0：0分\n{bands}\n≥ 8000：1分\n}}\n}}\n"
    with pytest.raises(perfscore.CheckError) as caught:
        perfscore.compile(text, language="en")
    messages = [d.message for d in caught.value.diagnostics]
    assert messages == [  # the gap is reported at the band above it, the overlap at the later band
        "bands of A leave a gap: actual in [5000, 5001) matches no band (between `[4999, 5000)` and `[5001, 5002)`)",
        "bands of A overlap: actual in [7990, 7991) matches both `[7990, 7991)` and `[7990, 7991]`",
    ]


def test_numbers_in_the_wording_are_each_warned(tmp_path: Path) -> None:
    result, exc = _run(BENCH.criteria_numbers, tmp_path)
    assert exc is None and isinstance(result, perfscore.Result)
    rubric = perfscore.compile(BENCH.criteria_numbers(SIZE).text, language="en")
    wording = [w for w in rubric.warnings if w.code == "wording"]
    assert len(wording) == SIZE // 7 - 3  # every number but 0, 1 (the weight) and 100 (read as the target 100%)
    assert wording[0].message == "the 评分标准 of A says 2, a number its rule does not use"
    assert wording[0].hint == "correct the wording or the rule; the rule uses: none"


def test_duplicate_codes_are_each_reported(tmp_path: Path) -> None:
    _, exc = _run(BENCH.duplicate_codes, tmp_path)
    assert isinstance(exc, perfscore.CheckError)
    duplicates = [d for d in exc.diagnostics if d.code == "duplicate-code"]
    assert len(duplicates) == BENCH.duplicate_codes(SIZE).text.count("指标 A ") - 1
    assert duplicates[-1].message == "code A appears twice (first at line 3)"


def test_metrics_times_indicators(tmp_path: Path) -> None:
    result, exc = _run(BENCH.metrics_indicators, tmp_path)
    assert exc is None and isinstance(result, perfscore.Result)
    assert result.total == BENCH.metrics_indicators(SIZE).text.count("计算 ")  # m = 99 + 1 meets the target 100


def test_a_long_conditional_chain_is_refused_before_parsing(tmp_path: Path) -> None:
    _, exc = _run(BENCH.deep_conditionals, tmp_path)
    assert isinstance(exc, perfscore.ParseError)
    assert exc.diagnostics[0].message == "an expression with more than 200 operators"


def test_the_issues_500_conditionals_are_refused_whatever_the_operator_limit() -> None:
    chain = "如果 x 则 1 否则 " * 500 + "0"
    text = f"总分 1\n输入 x 数值\n指标 A 甲 1 {{\n公式 {chain}\n}}\n"
    with pytest.raises(perfscore.ParseError) as caught:
        perfscore.compile(text, language="en")
    assert caught.value.diagnostics[0].message == "an expression with more than 200 operators"
    with pytest.raises(perfscore.ParseError) as caught:
        perfscore.compile(text, limits=perfscore.Limits(max_operators=10_000), language="en")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.message == f"groups, indicators and expressions are nested more than {MAX_NESTING} deep here"
    assert diagnostic.hint == "split long expressions into metrics (计算 名称 = …), or flatten the tree"
    assert (diagnostic.line, diagnostic.code) == (4, "limits")


def test_a_flat_sum_of_as_many_operators_as_the_limit_allows_is_admitted() -> None:
    terms = perfscore.Limits().max_operators  # the `=` is one too
    inputs = "\n".join(f"输入 x{k} 数值" for k in range(terms))
    total = " + ".join(f"x{k}" for k in range(terms))
    rubric = perfscore.compile(f"总分 1\n{inputs}\n计算 s = {total}\n指标 A 甲 1 {{\n公式 min(s, weight)\n}}\n", language="en")
    assert rubric.evaluate({f"x{k}": "0.01" for k in range(terms)}).total == 1


def test_the_deepest_admitted_chain_scores(tmp_path: Path) -> None:
    result, exc = _run(BENCH.admitted_conditionals, tmp_path)
    assert exc is None and isinstance(result, perfscore.Result)
    assert result.total == 1  # x = 7: the 8th branch, 7 % 2


def test_max_depth_cannot_be_raised_past_the_cap() -> None:
    assert perfscore.Limits(max_depth=MAX_DEPTH).max_depth == MAX_DEPTH
    with pytest.raises(perfscore.ArgumentError) as caught:
        perfscore.Limits(max_depth=1000)
    assert str(caught.value) == (f"Limits(max_depth=1000): nesting deeper than {MAX_DEPTH} cannot be allowed "
                                 "(Python's recursion limit); flatten the tree instead")  # fmt: skip


def _frames() -> int:
    frame: FrameType | None = sys._getframe()
    count = 0
    while frame is not None:
        frame, count = frame.f_back, count + 1
    return count


def _with_stack_in_use(frames: int, action: Callable[[], T]) -> T:
    """Run ``action`` with ``frames`` frames of stack already in use, as a deep caller would."""
    return action() if _frames() >= frames else _with_stack_in_use(frames, action)


def _chain(kind: str, levels: int) -> str:
    """An expression ``levels`` deep of one kind."""
    return {
        "sum": " + ".join(["x"] * levels),
        "negation": "- " * (levels - 1) + "x",
        "conditional": "".join(f"如果 x > {k} 则 {k % 2} 否则 " for k in range(levels - 2)) + "0",
        "not": "如果 " + "非 " * (levels - 3) + "x > 1 则 1 否则 0",
    }[kind]


@pytest.mark.parametrize("groups", [0, MAX_DEPTH // 2, MAX_DEPTH - 1])
@pytest.mark.parametrize("kind", ["conditional", "negation", "not", "sum"])
def test_the_deepest_rubric_admitted_works_everywhere_with_a_deep_caller(kind: str, groups: int) -> None:
    """Groups around an expression, MAX_NESTING levels in all: every tree walk works, pickling too."""
    chain = _chain(kind, MAX_NESTING - groups - 1)  # the indicator is a level
    text = (f"总分 1\n输入 x 数值\n计算 m = {chain}\n" + "".join(f"分组 G{k} 第{k}层 1 {{\n" for k in range(groups))
            + f"指标 A 最深 1 {{\n公式 {chain}\n}}\n" + "}\n" * groups)  # fmt: skip
    limits = perfscore.Limits(max_operators=4 * MAX_NESTING)

    def everything() -> str:
        rubric = perfscore.compile(text, limits=limits, language="en")
        result = rubric.evaluate({"x": "0"})
        shown = [result.explain(), result.explain("A", language="en"), format_rubric(rubric.ast, source=text),
                 format_rubric(rubric.ast, "en"), result._repr_html_(), rubric._repr_html_()]  # fmt: skip
        score_table(result)
        again = pickle.loads(pickle.dumps(result))
        assert pickle.loads(pickle.dumps(rubric)).evaluate({"x": "0"}).total == again.total == result.total
        return "\n".join(shown)

    assert "A" in _with_stack_in_use(100, everything)
    with pytest.raises(perfscore.ParseError, match="nested more than 256 deep here"):  # one level more
        perfscore.compile(text.replace(f"公式 {chain}", f"公式 {_chain(kind, MAX_NESTING - groups)}"), limits=limits, language="en")


def test_one_level_deeper_is_refused_not_a_crash() -> None:
    text = "总分 1\n" + "分组 G 组 1 {\n" * MAX_DEPTH + "指标 A 甲 1 {\n达标\n}\n" + "}\n" * MAX_DEPTH
    with pytest.raises(perfscore.ParseError) as caught:
        perfscore.compile(text, limits=perfscore.Limits(max_depth=MAX_DEPTH), language="en")
    assert caught.value.diagnostics[0].message == f"blocks and parentheses are nested more than {MAX_DEPTH} deep"


def test_deep_groups(tmp_path: Path) -> None:
    result, exc = _run(BENCH.deep_groups, tmp_path)
    assert exc is None and isinstance(result, perfscore.Result)
    assert result.total == Decimal("0.5")


def test_unknown_names_are_each_reported(tmp_path: Path) -> None:
    _, exc = _run(BENCH.unknown_names, tmp_path)
    assert isinstance(exc, perfscore.CheckError)
    unknown = [d for d in exc.diagnostics if d.code == "unknown-name"]
    assert len(unknown) == BENCH.unknown_names(SIZE).text.count("未知量")
    assert unknown[0].message == "unknown name 未知量0 in the formula of A0"


def test_repeated_clauses_are_each_located(tmp_path: Path) -> None:
    _, exc = _run(BENCH.repeated_clauses, tmp_path)
    assert isinstance(exc, perfscore.CheckError)
    repeats = exc.diagnostics
    assert len(repeats) == BENCH.repeated_clauses(SIZE).text.count("解释") - 1
    assert repeats[0].message == "clause 解释 (definition) is written twice in A"
    assert [d.line for d in repeats[:2]] == [5, 6]  # each its own line, not the indicator's


def test_min_of_every_input(tmp_path: Path) -> None:
    result, exc = _run(BENCH.many_arguments, tmp_path)
    assert exc is None and isinstance(result, perfscore.Result)
    assert result.total == 1


def test_a_data_file_of_unknown_inputs_and_huge_numbers(tmp_path: Path) -> None:
    _, exc = _run(BENCH.data_file, tmp_path)
    assert isinstance(exc, perfscore.DataError)
    assert "measured values are below 10^40" in str(exc)


def test_an_excerpt_of_a_long_line_is_a_window_around_the_span() -> None:
    line = "甲" * 100 + "ab" + "乙" * 10_000
    excerpt = Source("x", line).excerpt(Span(100, 102, 1, 101, 1, 103))
    shown, carets = excerpt.splitlines()
    assert shown == "    …" + "甲" * 40 + "ab" + "乙" * 40 + "…"
    assert carets == "    " + " " * (1 + 80) + "^^"
    short = Source("x", "ab甲")
    assert short.excerpt(Span(2, 3, 1, 3, 1, 4)) == "    ab甲\n      ^^"


# ------------------------------------------------------------------ the partition against pairwise reasoning

_EDGES = [Decimal(x) for x in ("-1", "0", "0.5", "0.50", "1", "2")]


@st.composite
def _pieces(draw: st.DrawFn) -> Iv:
    lo, hi = sorted(draw(st.lists(st.sampled_from([*_EDGES, -INF, INF]), min_size=2, max_size=2)))
    return Iv(lo, hi, draw(st.booleans()) and lo.is_finite(), draw(st.booleans()) and hi.is_finite())


@given(st.lists(st.lists(_pieces(), max_size=2), max_size=7), _pieces())
@settings(max_examples=300, deadline=None)
def test_cover_agrees_with_pairwise_reasoning(regions: list[list[Iv]], domain: Iv) -> None:
    """First overlaps and what is left, as the quadratic code found them."""
    if domain.empty:
        return
    regions = [[m for p in region if not (m := domain.meet(p)).empty] for region in regions]
    cover = Cover(regions, domain)
    for k, region in enumerate(regions):
        pairwise = next((j for j in range(k) if any(not a.meet(b).empty for a in regions[j] for b in region)), None)
        assert cover.first_overlap(k) == pairwise
    rest = [domain]
    for k, region in enumerate(regions):
        assert cover.uncovered(k) == rest
        rest = minus(rest, region)
    assert cover.uncovered(len(regions)) == rest

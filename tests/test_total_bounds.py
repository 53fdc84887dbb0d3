"""Penalties without a cap and a total below 0, only where declared (issue 10, item 6)."""

from __future__ import annotations

from decimal import Decimal

import pytest

import perfscore
from perfscore.printer import format_rubric
from perfscore.render import score_table

RUBRIC = """总分 10
最低分 -5
指标 A1 甲 10 {
  达标
}
减分项 F 扣分 不封顶 {
  指标 F1 违规 4 {
    扣 2分 每 1 超过 0
  }
  指标 F2 事故 6 {
    扣 3分 每 1 超过 0
  }
}
"""


@pytest.mark.parametrize(
    ("data", "penalty", "total"),
    [
        # by hand: A1 10; F1 1 × 2 = 2 lost → 10 − 2
        ({"A1": True, "F1": 1, "F2": 0}, "2.00", "8.00"),
        # A1 0; F1 2 × 2 = 4 (all of 4), F2 1 × 3 = 3: 0 − 7 = −7, the 最低分 −5 stops it
        ({"A1": False, "F1": 2, "F2": 1}, "7.00", "-5.00"),
        # uncapped: everything F1 and F2 can lose, 4 + 6 = 10
        ({"A1": True, "F1": 9, "F2": 9}, "10.00", "0.00"),
        ({"A1": False, "F1": 0, "F2": 1}, "3.00", "-3.00"),
    ],
)
def test_an_uncapped_penalty_may_take_the_total_down_to_the_minimum(data: dict[str, object], penalty: str,
                                                                    total: str) -> None:  # fmt: skip
    result = perfscore.compile(RUBRIC).evaluate(data)
    assert (str(result["F"].score), str(result.total)) == (penalty, total)
    assert result.minimum == Decimal(-5)


def test_without_a_minimum_the_total_stops_at_zero() -> None:
    result = perfscore.compile(RUBRIC.replace("最低分 -5\n", "")).evaluate({"A1": False, "F1": 2, "F2": 1})
    assert str(result.total) == "0.00"


def test_the_clamp_is_said_in_the_explanation_and_the_table() -> None:
    result = perfscore.compile(RUBRIC).evaluate({"A1": False, "F1": 2, "F2": 1})
    assert result.explain().splitlines()[-1] == "各项合计 -7 分，总分不低于最低分 -5 分"
    assert result.explain(language="en").splitlines()[-1] == "the top level sums to -7: the total is at least the minimum, -5"
    assert "各项合计 -7 分，总分不低于最低分 -5 分" in score_table(result).verdicts


def test_printed_back_in_both_languages() -> None:
    tree = perfscore.parse(RUBRIC)
    zh, en = format_rubric(tree), format_rubric(tree, language="en")
    assert "最低分 -5\n" in zh and '减分项 F "扣分" 不封顶 {' in zh
    assert "minimum -5\n" in en and 'penalty F "扣分" uncapped {' in en
    assert perfscore.parse(zh) == tree == perfscore.parse(en)


@pytest.mark.parametrize(
    ("edit", "severity", "message"),
    [
        (("最低分 -5", "最低分 5"), "error",
         "the minimum 5 is above 0: 最低分 lets penalties take the total below 0, and a total is never lower than 0 "
         "without it"),
        (("  指标 F1 违规 4 {", "  指标 F1 违规 40% {"), "error",
         "F1 is weighted as a share, but its penalty group F is 不封顶 (uncapped): its cap is what its children can "
         "lose, in points"),
    ],
)
def test_bounds_that_cannot_be_meant_are_refused(edit: tuple[str, str], severity: str, message: str) -> None:
    with pytest.raises(perfscore.RubricError) as info:
        perfscore.compile(RUBRIC.replace(*edit))
    found = [d for d in info.value.diagnostics if d.severity == "error"]
    assert [(d.severity, d.in_language("en").message) for d in found] == [(severity, message)]


def test_a_minimum_nothing_can_reach_is_a_warning_in_the_rubric_language() -> None:
    rubric = perfscore.compile("总分 10\n最低分 -5\n指标 A1 甲 10 {\n  达标\n}\n")
    assert [w.message for w in rubric.warnings] == ["最低分 -5 永远达不到：没有减分项分组或“一票否决 … 扣”从总分中扣分"]
    assert [w.in_language("en").message for w in rubric.warnings] == [
        "the minimum -5 can never be reached: no 减分项 group or 一票否决 … 扣 takes points from the total"]


# ---------------------------------------------------------------- 取高者 / 二选一


HIGHEST = """总分 10
分组 A 项目实施 10 汇总 取高者 {
  指标 A1 自建项目完成率 50% {
    目标 100%
    按比例
  }
  指标 A2 委托项目验收 50% {
    达标
  }
}
"""


@pytest.mark.parametrize(
    ("data", "total"),
    [
        ({"A1": "80%", "A2": False}, "8.00"),  # 10 × max(80%, 0%)
        ({"A1": "30%", "A2": True}, "10.00"),  # 10 × max(30%, 100%)
        ({"A1": "0%", "A2": False}, "0.00"),
    ],
)
def test_the_better_alternative_counts_at_the_group_weight(data: dict[str, object], total: str) -> None:
    result = perfscore.compile(HIGHEST).evaluate(data)
    assert (str(result["A"].score), str(result.total)) == (total, total)


def test_the_highest_group_explains_and_prints_back() -> None:
    result = perfscore.compile(HIGHEST).evaluate({"A1": "80%", "A2": False})
    assert result.explain().splitlines()[0] == "A 项目实施：取高者，最高得分率 80%，10 × 80%，小计 8 / 10 分"
    tree = perfscore.parse(HIGHEST)
    assert "分组 A 项目实施 10 汇总 取高者 {" in format_rubric(tree)
    assert "group A 项目实施 10 aggregate highest {" in format_rubric(tree, language="en")
    assert perfscore.parse(format_rubric(tree, language="en")) == tree


def test_alternatives_written_at_full_weight_get_the_share_as_hint() -> None:
    with pytest.raises(perfscore.RubricError) as info:
        perfscore.compile(HIGHEST.replace("50% {", "10 {"))
    (problem,) = info.value.diagnostics
    assert problem.hint == "取高者分组中每个备选指标写成分组权重的比例（如各 50%）：分组得分为其权重 × 最高得分率"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("总分 10\n最低分 -5%\n指标 A1 甲 10 {\n  达标\n}\n", "the minimum is points, not a share"),
        ("总分 10\n指标 A1 甲 10 {\n  达标\n}\n减分项 F 扣分 不封顶 {\n}\n", "group F (扣分) has no indicators"),
    ],
)
def test_a_minimum_in_percent_and_an_empty_uncapped_penalty_are_refused(text: str, message: str) -> None:
    with pytest.raises(perfscore.RubricError) as info:
        perfscore.compile(text, language="en")
    assert [d.message for d in info.value.diagnostics] == [message]


# ---------------------------------------------------------------- mutants the sampled run left (docs/reliability.md)


def test_an_input_a_veto_reads_is_needed_when_the_first_indicator_is_not_applicable() -> None:
    """compiler: what grades and vetoes read is needed whatever is not applicable — marked apart from every node
    (a mutant marking it as node 0's let a missing 事故数 through, to a KeyError in the veto)."""
    source = ("总分 10\n输入 事故数 数量\n一票否决 重大事故 总分为零 当 事故数 > 0\n"
              "指标 A1 甲 5 {\n  达标\n  不适用时 满分\n}\n指标 A2 乙 5 {\n  达标\n}\n")  # fmt: skip
    rubric = perfscore.compile(source, language="en")
    with pytest.raises(perfscore.DataError) as info:
        rubric.evaluate({"A2": True, "not_applicable": ["A1"]})
    assert [str(p) for p in info.value.problems] == ["事故数: missing: expected a whole number"]
    assert str(rubric.evaluate({"A2": True, "not_applicable": ["A1"], "事故数": 1}).total) == "0.00"


def test_a_judged_share_that_is_no_number_says_which_part() -> None:
    """rules.common: '五十%' is refused as a share that is no number, not passed on as a number to read."""
    rubric = perfscore.compile("总分 5\n指标 A1 评议 5 {\n  评定 0分~5分\n}\n", language="en")
    with pytest.raises(perfscore.DataError) as info:
        rubric.evaluate({"A1": "五十%"})
    assert [str(p) for p in info.value.problems] == ["A1 / A1: '五十%' is not a number"]


def test_a_minimum_just_above_zero_is_refused_too() -> None:
    """checker: 最低分 0.5 is above 0 as much as 5 is (a mutant refused only minimums above 1)."""
    with pytest.raises(perfscore.RubricError) as info:
        perfscore.compile(RUBRIC.replace("最低分 -5", "最低分 0.5"), language="en")
    assert [d.message for d in info.value.diagnostics if d.severity == "error"] == [
        "the minimum 0.5 is above 0: 最低分 lets penalties take the total below 0, and a total is never lower than 0 "
        "without it"]  # fmt: skip


@pytest.mark.parametrize(("count", "tail"), [(12, "A12 1): 2 missing"), (13, "A12 1 + …): 1 missing")])
def test_the_weight_sum_lists_twelve_terms_then_an_ellipsis(count: int, tail: str) -> None:
    """checker: twelve children are listed whole; from thirteen, the first twelve and … (checked at the edge)."""
    leaves = "".join(f"指标 A{k} 项{k} 1 {{\n  达标\n}}\n" for k in range(1, count + 1))
    with pytest.raises(perfscore.RubricError) as info:
        perfscore.compile(f"总分 14\n{leaves}", language="en")
    (problem,) = info.value.diagnostics
    assert problem.message.endswith(tail)

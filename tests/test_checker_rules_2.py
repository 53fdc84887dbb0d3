"""Checker rules the first mutation run left untested (issue 15): types through + and /, min()
and conditionals, ranges through min/max and 如果, where a diagnostic's caret ends, round(x, 0),
unknown names in completion targets. The whole message pinned; through perfscore.compile only.
"""

from __future__ import annotations

import pytest

import perfscore

INPUTS = ("总分 3\n输入 a 比率\n输入 预算 金额 > 0\n输入 支出 金额 ≥ 0\n输入 x 数值 ≥ 0\n输入 y 数值 ≥ 0\n"
          "输入 p 数值 > 0\n输入 q 数值 > 0\n")  # fmt: skip


def formula(expr: str) -> str:
    return INPUTS + f"指标 A1 甲 3 {{\n  公式 {expr}\n}}\n"


def actual(expr: str) -> str:
    return INPUTS + f"指标 A1 甲 3 {{\n  目标 1\n  实际 = {expr}\n  按比例\n}}\n"


def error(text: str) -> str:
    with pytest.raises(perfscore.RubricError) as info:
        perfscore.compile(text, "r.perf", language="en")
    return str(info.value)


CLAMPED = "r.perf:10:6: warning: the formula of A1 can give (-inf, 3], outside [0, 3]: such scores will be clamped\n"


@pytest.mark.parametrize("expr", ["1 + a", "a + 1"])
def test_a_number_plus_a_percentage_is_a_percentage_either_way_round(expr: str) -> None:
    caret = "^" * 18
    assert error(formula(f"min({expr}, weight)")) == (
        f"1 error(s) in rubric\nr.perf:10:6: error: a percentage and points in min() in the formula of A1: "
        f"`min({expr}, weight)`\n      公式 min({expr}, weight)\n           {caret}\n"
        f"{CLAMPED}      公式 min({expr}, weight)\n           {caret}")  # fmt: skip


def test_an_amount_over_an_amount_is_a_percentage() -> None:
    assert error(formula("min(支出 / 预算, weight)")) == (
        "1 error(s) in rubric\nr.perf:10:6: error: a percentage and points in min() in the formula of A1: "
        "`min(支出 / 预算, weight)`\n      公式 min(支出 / 预算, weight)\n           ^^^^^^^^^^^^^^^^^^^^^^^^")


def test_a_number_under_not_is_not_a_condition() -> None:
    assert error(formula("如果 非 x 则 weight 否则 0")) == (
        "1 error(s) in rubric\nr.perf:10:9: error: a number used as a condition in the formula of A1: `非 x`\n"
        "      公式 如果 非 x 则 weight 否则 0\n                ^^^^\n    hint: compare it, e.g. `执行率 >= 90%`")


def test_a_number_as_the_condition_of_if_is_not_a_condition() -> None:
    assert error(formula("如果 x 则 weight 否则 0")) == (
        "1 error(s) in rubric\nr.perf:10:6: error: a number used as a condition in the formula of A1: "
        "`如果 x 则 weight 否则 0`\n      公式 如果 x 则 weight 否则 0\n           ^^^^^^^^^^^^^^^^^^^^^^^\n"
        "    hint: compare it, e.g. `如果 执行率 >= 90% 则 …`")


def test_the_least_of_two_inputs_that_can_be_0_can_be_0() -> None:
    assert error(actual("1 / min(x, y)")) == (
        "1 error(s) in rubric\nr.perf:11:12: error: the actual of A1 divides by min(x, y), which can be 0\n"
        "      实际 = 1 / min(x, y)\n                 ^^^^^^^^^\n"
        "    hint: guard the division: `如果 分母 > 0 则 … 否则 …`")


@pytest.mark.parametrize("expr", ["1 / min(p, q)", "1 / max(x, 1)", "1 / (如果 x > 1 则 x 否则 1)", "round(x, 0)"])
def test_divisors_that_cannot_be_0_and_round_to_whole_numbers_pass(expr: str) -> None:
    # min of two inputs > 0 is > 0 (open at 0); 如果 x > 1 则 x 否则 1 is ≥ 1 in both branches.
    assert perfscore.compile(actual(expr), language="en").codes == ("A1",)


def test_a_branch_of_if_that_can_be_0_makes_the_divisor_0() -> None:
    assert error(actual("1 / (如果 x > 1 则 x 否则 0)")) == (
        "1 error(s) in rubric\nr.perf:11:13: error: the actual of A1 divides by 如果 x > 1 则 x 否则 0, which can be 0\n"
        "      实际 = 1 / (如果 x > 1 则 x 否则 0)\n                  ^^^^^^^^^^^^^^^^^^^^^^\n"
        "    hint: guard the division: `如果 分母 > 0 则 … 否则 …`")


def test_a_formula_dividing_by_zero_is_reported_once() -> None:
    assert error(formula("weight / x")) == (
        "1 error(s) in rubric\nr.perf:10:15: error: the formula of A1 divides by x, which can be 0\n"
        "      公式 weight / x\n                    ^\n    hint: declare the input positive: `输入 x 数值 > 0`")


def test_a_clause_found_by_its_keyword_is_underlined_for_the_whole_keyword() -> None:
    assert error("总分 0\n指标 A1 甲 3 {\n  达标\n}\n").startswith(
        "2 error(s) in rubric\nr.perf:1:1: error: the total must be more than 0\n    总分 0\n    ^^^^\n")


def test_an_unknown_name_in_a_completion_items_target_is_reported() -> None:
    text = INPUTS + "指标 A1 甲 3 {\n  目标 100%\n  实际 完成率 {\n    甲 目标 未知数\n    乙\n  }\n  按比例\n}\n"
    assert error(text) == (
        "1 error(s) in rubric\nr.perf:12:10: error: unknown name 未知数 in the target of item 甲 in A1\n"
        "        甲 目标 未知数\n                ^^^^^^\n    hint: declare it, e.g. `输入 未知数 金额`")

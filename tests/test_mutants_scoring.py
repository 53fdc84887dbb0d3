"""Scores and data refusals a mutation run (bench/mutation.py, issue 15) left untested. Every expected
value is worked out in the comment beside it; through perfscore.compile and Rubric.evaluate only."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest

import perfscore

PARTS = "总分 3\n输入 x 数值\n指标 B 甲 3 {\n  公式 x\n  扣分 问题 按次 0.5分 最多 2分\n}\n"


def refusals(text: str, data: dict[str, Any]) -> list[str]:
    with pytest.raises(perfscore.DataError) as caught:
        perfscore.compile(text, language="en").evaluate(data)
    return [p.message for p in caught.value.problems]


def test_parts_of_a_rule_reading_only_inputs_score_from_the_table() -> None:
    # 公式 x = 3, minus 2 problems × 0.5 = 1: 2.00
    assert perfscore.compile(PARTS).evaluate({"x": 3, "B": {"问题": 2}}).total == D("2.00")


def test_an_unknown_key_beside_parts_of_a_rule_reading_only_inputs_is_refused() -> None:
    assert refusals(PARTS, {"x": 3, "B": {"问题": 2, "其他": 1}}) == ["unknown '其他': the parts are '问题'"]


# ---------------------------------------------------------------- second round (2026-12-03)

GROUP = "总分 6\n分组 G 甲组 6 {{\n  指标 A1 甲 3 {{\n    {first}\n  }}\n  指标 A2 乙 3 {{\n    {second}\n  }}\n}}\n"
RATED = "目标 100%\n    实际 比率\n    按比例"


def test_a_score_read_from_a_later_sibling_is_computed_first() -> None:
    # A2 = 3 × 50% = 1.5; A1 = 得分(A2) = 1.5; G = 3.00
    result = perfscore.compile(GROUP.format(first="公式 得分(A2)", second=RATED)).evaluate({"A2": "50%"})
    assert (result["A1"].score, result["A2"].score, result.total) == (D("1.50"), D("1.50"), D("3.00"))


def test_a_score_read_from_an_earlier_sibling_is_computed_first() -> None:
    # A1 = 3 × 50% = 1.5; A2 = 得分(A1) = 1.5; G = 3.00
    result = perfscore.compile(GROUP.format(first=RATED, second="公式 得分(A1)")).evaluate({"A1": "50%"})
    assert (result["A1"].score, result["A2"].score, result.total) == (D("1.50"), D("1.50"), D("3.00"))


TARGET_INPUT = "总分 3\n输入 t 比率 > 0\n指标 A1 甲 3 {\n  目标 ≥ t\n  实际 比率\n  按比例\n}\n"


def test_an_input_read_by_the_target_is_the_indicators() -> None:
    # 3 × min(50% ÷ 100%, 1) = 1.5; t is shown among the indicator's data as the rate it is (100%, not 1), and missing it is the indicator's problem
    rubric = perfscore.compile(TARGET_INPUT, language="en")
    assert rubric.evaluate({"A1": "50%", "t": "100%"}).explain("A1") == (
        "A1 甲：数据 t = 100%，实际 50%，目标 100%，得分 = 3 × min(50% ÷ 100%, 1) = 1.5，得分 1.5 分")
    with pytest.raises(perfscore.DataError) as caught:
        rubric.evaluate({"A1": "50%"})
    assert [(p.input, p.indicator) for p in caught.value.problems] == [("t", "A1")]


READS_NA = ("总分 6\n指标 A1 甲 3 {\n  目标 100%\n  实际 比率\n  按比例\n  不适用时 折算\n}\n"
            "指标 A2 乙 3 {\n  公式 得分(A1)\n  不适用时 折算\n}\n")  # fmt: skip


def test_reading_the_score_of_a_not_applicable_indicator_is_refused() -> None:
    # A1 has no score to read: A2 = 得分(A1) would be a silent 0
    assert [(p.message, p.indicator) for p in refused(READS_NA, {"not_applicable": ["A1"]})] == [
        ("is declared not applicable, but A2 reads its score: give its data, or make the reader not applicable too",
         "A1")]  # fmt: skip


def test_a_not_applicable_reader_of_a_not_applicable_score_is_not_refused_for_it() -> None:
    # both not applicable: only that nothing is left to score
    assert [(p.message, p.indicator) for p in refused(READS_NA, {"not_applicable": ["A1", "A2"]})] == [
        ("A1 and A2 are all not applicable: the 6 points of the rubric have nowhere to go", None)]


def refused(text: str, data: dict[str, Any]) -> list[perfscore.DataProblem]:
    with pytest.raises(perfscore.DataError) as caught:
        perfscore.compile(text, language="en").evaluate(data)
    return list(caught.value.problems)


READS_FULL = READS_NA.replace("按比例\n  不适用时 折算", "按比例\n  不适用时 满分")


def test_the_score_of_a_not_applicable_indicator_scored_in_full_can_be_read() -> None:
    # A1 not applicable, 满分: 3; A2 = 得分(A1) = 3; total 6.00
    result = perfscore.compile(READS_FULL).evaluate({"not_applicable": ["A1"]})
    assert (result["A1"].score, result["A2"].score, result.total) == (D("3.00"), D("3.00"), D("6.00"))


@pytest.mark.parametrize(("domain", "shown"), [("[0, 100%]", "[0%, 100%]"), ("(0, 100%)", "(0%, 100%)"),
                                               ("0 <= x <= 100%", "[0%, 100%]")])  # fmt: skip
def test_a_value_outside_a_two_sided_domain_is_refused_with_both_ends(domain: str, shown: str) -> None:
    text = f"总分 3\n输入 x 比率 {domain}\n指标 A1 甲 3 {{\n  公式 3 × x\n}}\n"
    assert [(p.message, p.input) for p in refused(text, {"x": "120%"})] == [
        (f"120% is outside the declared domain {shown}", "x")]


SURVEYED = ("总分 4\n问卷 S {\n  选项 满意 100%，不满意 0%\n  题目 q1\n  题目 q2\n}\n"
            "指标 C21 甲 4 {\n  目标 ≥ 90%\n  实际 = S\n  按比例\n}\n")  # fmt: skip
ITEMS = "总分 3\n指标 A1 甲 3 {\n  目标 100%\n  实际 完成率 {\n    新建项目 目标 5\n    培训 目标 600\n  }\n  按比例\n}\n"


def test_an_undeclared_question_beside_the_declared_ones_is_refused() -> None:
    # q1 10 of 10 满意 = 100%, q2 5 of 10 = 50%: mean 75%, 4 × 75% ÷ 90% = 3.333… → 3.33; a third question is refused
    assert perfscore.compile(SURVEYED).evaluate({"S": {"q1": [10, 0], "q2": [5, 5]}}).total == D("3.33")
    assert [(p.message, p.input) for p in refused(SURVEYED, {"S": {"q1": [10, 0], "q2": [5, 5], "q3": [1, 1]}})] == [
        ("item 'q3' is not declared; did you mean 'q2'?", "S")]


def test_an_undeclared_item_beside_the_declared_ones_is_refused() -> None:
    # 新建项目 5 of 5 = 100%, 培训 300 of 600 = 50%: mean 75%, 3 × 75% = 2.25; a third item is refused
    assert perfscore.compile(ITEMS).evaluate({"A1": {"新建项目": 5, "培训": 300}}).total == D("2.25")
    assert [(p.message, p.input) for p in refused(ITEMS, {"A1": {"新建项目": 5, "培训": 300, "其他": 1}})] == [
        ("item '其他' is not declared", "A1")]


@pytest.mark.parametrize(("given", "total"), [("0%", "0.00"), ("45%", "2.00"), ("100%", "4.00")])
def test_a_satisfaction_given_as_a_rate_takes_both_ends(given: str, total: str) -> None:
    # 4 × min(S ÷ 90%, 1): 0, 4 × 45/90 = 2, 4
    assert str(perfscore.compile(SURVEYED).evaluate({"S": given}).total) == total


@pytest.mark.parametrize("given", ["-1%", "101%"])
def test_a_satisfaction_outside_0_to_100_percent_is_refused(given: str) -> None:
    assert [(p.message, p.input) for p in refused(SURVEYED, {"S": given})] == [
        (f"a satisfaction rate is from 0 to 100%, not '{given}'", "S")]


# ---- a fresh draw (seed 2) of the scoring core's mutants

SURVEY_ONLY = "总分 4\n问卷 S {\n  选项 满意 100%，不满意 0%\n  题目 q1\n}\n指标 C21 甲 4 {\n  目标 ≥ 90%\n  实际 = S\n  按比例\n}\n"


def test_a_survey_not_given_is_reported_missing() -> None:
    assert refusals(SURVEY_ONLY, {}) == ["missing answer counts"]


def test_an_all_or_nothing_item_given_in_part_is_refused() -> None:
    text = "总分 4\n指标 A 甲 4 {\n  清单 全有全无 {\n    a 50%\n    b 50%\n  }\n}\n"
    assert refusals(text, {"A": {"a": "50%", "b": True}}) == [
        "item 'a': '50%' is a partial fulfilment, but the items of this checklist are met or not (全有全无): write 是 or "
        "否 (true/false), or drop 全有全无 from the rubric if items may be partly met"]  # fmt: skip
    # met in full or not at all is read as 1 and 0: 4 × (50% × 1 + 50% × 0) = 2
    assert perfscore.compile(text).evaluate({"A": {"a": "100%", "b": 0}}).total == D("2.00")


def test_a_deduction_without_a_limit_counts_from_0() -> None:
    # 扣 20% 每 1% with no 超过: every 1% costs 20% of 4 = 0.8; 3% → 4 − 2.4 = 1.60
    text = "总分 4\n输入 x 比率\n指标 A 甲 4 {\n  实际 = x\n  扣 20% 每 1%\n}\n"
    assert perfscore.compile(text).evaluate({"x": "3%"}).total == D("1.60")


def test_a_deduction_limit_in_another_kind_than_the_actual_is_refused() -> None:
    with pytest.raises(perfscore.CheckError) as caught:
        perfscore.compile("总分 4\n输入 x 数量\n指标 A 甲 4 {\n  实际 = x\n  扣 1分 每 1 超过 9%\n}\n", "r.perf", language="en")
    assert str(caught.value).splitlines()[1] == "r.perf:5:15: error: the limit `9%` of A is a percentage, but the actual of A is a count"


def test_a_level_awarding_more_than_the_weight_is_refused() -> None:
    with pytest.raises(perfscore.CheckError) as caught:
        perfscore.compile("总分 3\n指标 A 甲 3 {\n  定性 {\n    好：5分\n    差：0%\n  }\n}\n", "r.perf", language="en")
    assert str(caught.value).splitlines()[1:] == [
        "r.perf:4:7: error: level 好 of A awards 5分, more than its weight 3", "        好：5分", "            ^^^",
        "    hint: an award is at most the weight (100%)"]  # fmt: skip

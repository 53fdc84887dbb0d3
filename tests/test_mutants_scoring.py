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
    # 3 × min(50% ÷ 100%, 1) = 1.5; t is shown among the indicator's data, and missing it is the indicator's problem
    rubric = perfscore.compile(TARGET_INPUT, language="en")
    assert rubric.evaluate({"A1": "50%", "t": "100%"}).explain("A1") == (
        "A1 甲：数据 t = 1，实际 50%，目标 100%，得分 = 3 × min(50% ÷ 100%, 1) = 1.5，得分 1.5 分")
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

"""The evaluator's fast paths for the commonest data, each beside the full reader that words every problem:
a survey given as a table of its questions, each a list of whole counts, read and computed in one pass
(SurveyPlan.read_plainly); a rate written as text with a percent sign. Both paths must give the same
values, scores and explanations, and the fast one must refuse nothing it should not and accept nothing
the full readers refuse."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfscore

RUBRIC = """
总分 10
问卷 满意度 {
  选项 非常满意 100%，满意 80%，一般 60%，不满意 0%
  占比保留 2 位
  题目 服务 "您对服务是否满意？"
  题目 效率 "您对效率是否满意？"
}
指标 C1 满意度 10 {
  目标 ≥ 90%
  实际 = 满意度
  按比例
}
"""
OPTIONS = ("非常满意", "满意", "一般", "不满意")
compiled = perfscore.compile(RUBRIC, language="en")


def as_tables(counts: dict[str, list[Any]]) -> dict[str, dict[str, Any]]:
    """The same counts, by option label: a shape the one pass leaves to the full readers."""
    return {question: dict(zip(OPTIONS, row)) for question, row in counts.items()}


def test_hand_computed() -> None:
    # 服务: 9, 27, 12, 4 of 52: shares 17.31%, 51.92%, 23.08%, 7.69% (rounded to 2 places of a percent);
    #   17.31% + 51.92% × 80% + 23.08% × 60% = 0.1731 + 0.41536 + 0.13848 = 0.72694
    # 效率: 10, 0, 0, 0 of 10: 100%; mean (0.72694 + 1) / 2 = 0.86347; C1 = 10 × 0.86347 / 0.9 = 9.5941… → 9.59
    counts = {"服务": [9, 27, 12, 4], "效率": [10, 0, 0, 0]}
    for data in (counts, as_tables(counts)):
        result = compiled.evaluate({"满意度": data})
        assert result.inputs["满意度"] == Decimal("0.86347")
        assert result.survey("满意度") == {"服务": Decimal("0.72694"), "效率": Decimal("1")}
        assert result["C1"].score == Decimal("9.59")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(0, 10**6), min_size=4, max_size=4).filter(any), min_size=2, max_size=2))
def test_one_pass_agrees_with_the_full_readers(rows: list[list[int]]) -> None:
    counts = dict(zip(("服务", "效率"), rows))
    plain, tables = compiled.evaluate({"满意度": counts}), compiled.evaluate({"满意度": as_tables(counts)})
    assert plain.inputs["满意度"] == tables.inputs["满意度"]
    assert plain.survey("满意度") == tables.survey("满意度")
    assert plain.total == tables.total
    assert plain.explain() == tables.explain()


def problems(data: Any) -> list[str]:
    with pytest.raises(perfscore.DataError) as caught:
        compiled.evaluate({"满意度": data})
    return [p.message for p in caught.value.problems]


@pytest.mark.parametrize("data", [
    {"服务": [0, 0, 0, 0], "效率": [1, 0, 0, 0]},  # a question without answers
    {"服务": [1, -1, 0, 0], "效率": [1, 0, 0, 0]},  # a negative count
    {"服务": [1, True, 0, 0], "效率": [1, 0, 0, 0]},  # a yes/no where a count is
    {"服务": [1, 0, 0], "效率": [1, 0, 0, 0]},  # a list of the wrong length
    {"服务": [1, 0, 0, 0]},  # a question missing
    {"服务": [1, 0, 0, 0], "效率": [1, 0, 0, 0], "态度": [1, 0, 0, 0]},  # a question not declared
])  # fmt: skip
def test_what_the_full_readers_refuse_is_refused(data: dict[str, list[Any]]) -> None:
    assert problems(data)


def test_what_the_one_pass_leaves_to_the_full_readers_is_still_read() -> None:
    # 服务 given as a rate (85%), 效率 as counts with a count written as a Decimal: (0.85 + 1) / 2 = 92.5% ≥ 90%: full marks
    result = compiled.evaluate({"满意度": {"服务": "85%", "效率": [Decimal(3), 0, 0, 0]}})
    assert result.inputs["满意度"] == Decimal("0.925")
    assert result["C1"].score == Decimal("10.00")


RATE_RUBRIC = """
总分 10
输入 执行率 比率
指标 A1 预算执行率 10 {
  目标 100%
  实际 = 执行率
  按比例
}
"""


@pytest.mark.parametrize(("written", "expected"), [
    ("95%", "9.50"), (" 95%", "9.50"), ("95 %", "9.50"), ("95.5％", "9.55"), ("163.97%", "10.00"), ("0%", "0.00"),
])  # fmt: skip
def test_a_rate_written_with_a_percent_sign(written: str, expected: str) -> None:
    # 10 × rate / 100%, capped at 10: 95% → 9.50, 95.5% → 9.55, 163.97% → 10.00 (the text path and the full reader agree)
    assert str(perfscore.compile(RATE_RUBRIC, language="en").evaluate({"执行率": written})["A1"].score) == expected


@pytest.mark.parametrize(("written", "message"), [
    ("abc%", "'abc' is not a number"), (" abc%", "'abc' is not a number"), ("%", "'' is not a number"),
    ("NaN%", "'NaN' is not a finite number"),
])  # fmt: skip
def test_a_percent_sign_after_no_number(written: str, message: str) -> None:
    with pytest.raises(perfscore.DataError) as caught:
        perfscore.compile(RATE_RUBRIC, language="en").evaluate({"执行率": written})
    assert [p.message for p in caught.value.problems] == [message]

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

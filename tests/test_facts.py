"""Typed facts (issue 10, items 1 and 8): yes/no, labels, dates, lists, units, two-sided domains, counts."""

from __future__ import annotations

from decimal import Decimal

import pytest

import perfscore
from perfscore import CheckError


def _errors(source: str) -> str:
    with pytest.raises(CheckError) as info:
        perfscore.compile(source)
    return str(info.value)


# ------------------------------------------------------------------ counts are whole numbers

COUNT_BANDS = """总分 5
输入 违规次数 数量
指标 A1 违规 5 {{
  实际 {actual}
  分档 {{
    == 0：100%
    [1, 2]：60%
    {third}：0分
  }}
}}
"""


@pytest.mark.parametrize("actual", ["= 违规次数", "数量"])
def test_a_count_has_no_gap_between_whole_numbers(actual: str) -> None:
    # 0, then 1–2, then 3 or more: every whole number has a band; (0, 1) and (2, 3) hold none.
    rubric = perfscore.compile(COUNT_BANDS.format(actual=actual, third="≥ 3"))
    data = {"违规次数": 2} if actual.startswith("=") else {"违规次数": 0, "A1": 2}
    assert rubric.evaluate(data).total == Decimal("3.00")  # 5 × 60%


def test_a_count_still_has_a_gap_at_a_whole_number() -> None:
    # (3, ∞) leaves 3 itself without a band.
    message = _errors(COUNT_BANDS.format(actual="= 违规次数", third="> 3"))
    assert "leave a gap: actual in [3, 3]" in message
    assert "(0, 1)" not in message


def test_a_number_keeps_its_gaps() -> None:
    message = _errors(COUNT_BANDS.format(actual="= 违规次数 / 2", third="≥ 3"))
    assert "leave a gap: actual in (0, 1)" in message

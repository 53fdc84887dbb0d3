"""Typed facts (issue 10, items 1 and 8): yes/no, labels, dates, lists, units, two-sided domains, counts."""

from __future__ import annotations

from decimal import Decimal

import pytest

import perfscore
from perfscore import CheckError
from perfscore.printer import format_rubric


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


# ------------------------------------------------------------------ yes/no

RECTIFIED = """总分 10
输入 已整改 是否
输入 已验收 yesno
指标 A1 问题整改 6 {
  评分标准 "已整改的得满分，未整改的不得分"
  分档 {
    当 已整改：100%
    否则：0分
  }
}
指标 A2 竣工验收 4 {
  公式 如果 已验收 则 weight 否则 如果 已整改 且 非 已验收 则 2分 否则 0
}
"""


@pytest.mark.parametrize(
    ("rectified", "accepted", "total"),
    [
        (True, False, "8.00"),  # A1 6 (rectified) + A2 2 (rectified, not accepted)
        ("√", "是", "10.00"),  # 6 + 4
        ("否", 0, "0.00"),
        ("符合", "×", "8.00"),
        ("无", "有", "4.00"),  # 0 + 4: accepted although not rectified
        (1, "TRUE", "10.00"),
        (" 不符合 ", "no", "0.00"),
    ],
)
def test_yes_no_as_a_condition(rectified: object, accepted: object, total: str) -> None:
    result = perfscore.compile(RECTIFIED).evaluate({"已整改": rectified, "已验收": accepted})
    assert result.total == Decimal(total)


def test_yes_no_explained_as_yes_or_no() -> None:
    result = perfscore.compile(RECTIFIED).evaluate({"已整改": True, "已验收": "否"})
    assert result.explain("A1") == "A1 问题整改：数据 已整改 = 是，符合第 1 档（当 已整改），得 6 分"
    assert "数据 已验收 = 否、已整改 = 是，" in result.explain("A2")
    assert "inputs 已验收 = no, 已整改 = yes;" in result.explain("A2", language="en")


def test_yes_no_data_refused_with_the_accepted_words() -> None:
    rubric = perfscore.compile(RECTIFIED)
    with pytest.raises(perfscore.DataError) as info:
        rubric.evaluate({"已整改": "maybe", "已验收": 2})
    message = str(info.value)
    assert "'maybe' is not yes or no: write true/false, 是/否, √/×, 符合/不符合 or 有/无" in message
    assert "2 is not yes or no" in message  # both at once


@pytest.mark.parametrize("formula", ["已整改 × weight", "weight - 已整改", "max(已整改, 1)"])
def test_arithmetic_on_a_yes_no_is_a_check_error(formula: str) -> None:
    message = _errors(RECTIFIED.replace("如果 已验收 则 weight 否则 如果 已整改 且 非 已验收 则 2分 否则 0", formula))
    assert "已整改, a yes/no (是否), used as a number in the formula of A2" in message
    assert "hint: use it as a condition: `如果 已整改 则 100% 否则 0`" in message
    assert "<rubric>:12:6:" in message


def test_a_yes_no_compared_with_a_number_is_a_check_error() -> None:
    message = _errors(RECTIFIED.replace("当 已整改：100%", "当 已整改 == 1：100%"))
    assert "a yes/no compared with a number in a band condition of A1: `已整改 == 1`" in message


def test_a_yes_no_is_not_an_actual() -> None:
    message = _errors(RECTIFIED.replace("公式 如果 已验收 则 weight 否则 如果 已整改 且 非 已验收 则 2分 否则 0",
                                        "实际 = 已整改\n  按比例"))
    assert "the actual of A2 is a condition, not a number: `已整改`" in message


def test_yes_no_prints_canonically() -> None:
    rubric = perfscore.parse(RECTIFIED)
    assert "输入 已整改 是否\n输入 已验收 是否\n" in format_rubric(rubric, "zh")
    english = format_rubric(rubric, "en")
    assert "input 已整改 yesno\ninput 已验收 yesno\n" in english
    assert perfscore.parse(english) == rubric

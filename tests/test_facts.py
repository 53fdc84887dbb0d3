"""Typed facts (issue 10, items 1 and 8): yes/no, labels, dates, lists, units, two-sided domains, counts."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

import perfscore
from perfscore import CheckError
from perfscore.printer import format_rubric


def _errors(source: str) -> str:
    with pytest.raises(CheckError) as info:
        perfscore.compile(source, language="en")
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
    rubric = perfscore.compile(COUNT_BANDS.format(actual=actual, third="≥ 3"), language="en")
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
    result = perfscore.compile(RECTIFIED, language="en").evaluate({"已整改": rectified, "已验收": accepted})
    assert result.total == Decimal(total)


def test_yes_no_explained_as_yes_or_no() -> None:
    result = perfscore.compile(RECTIFIED, language="en").evaluate({"已整改": True, "已验收": "否"})
    assert result.explain("A1") == "A1 问题整改：数据 已整改 = 是，符合第 1 档（当 已整改），得 6 分"
    assert "数据 已验收 = 否、已整改 = 是，" in result.explain("A2")
    assert "inputs 已验收 = no, 已整改 = yes;" in result.explain("A2", language="en")


def test_yes_no_data_refused_with_the_accepted_words() -> None:
    rubric = perfscore.compile(RECTIFIED, language="en")
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


# ------------------------------------------------------------------ options

STATUS = """总分 4
输入 建设状态 选项 {已完工, 在建, 未开工}
指标 A1 建设进度 4 {
  评分标准 "已完工的得满分，在建的得50%，未开工的不得分"
  分档 {
    当 建设状态 == 已完工：100%
    当 建设状态 属于 {在建, 已停工}：50%
    否则：0分
  }
}
"""


def _status(source: str = STATUS.replace(", 已停工", "")) -> perfscore.Rubric:
    return perfscore.compile(source, language="en")


@pytest.mark.parametrize(("status", "score"), [("已完工", "4.00"), (" 在建 ", "2.00"), ("未开工", "0.00")])
def test_an_option_in_bands(status: str, score: str) -> None:
    result = _status().evaluate({"建设状态": status})
    assert result["A1"].score == Decimal(score)


def test_an_option_explained_by_its_label() -> None:
    result = _status().evaluate({"建设状态": "在建"})
    assert result.explain("A1") == "A1 建设进度：数据 建设状态 = 在建，符合第 2 档（当 建设状态 == 在建），得 2 分"


def test_an_undeclared_option_in_the_data_is_refused_with_the_allowed_ones() -> None:
    with pytest.raises(perfscore.DataError) as info:
        _status().evaluate({"建设状态": "已竣工"})
    assert "'已竣工' is not one of the declared options (已完工、在建、未开工); did you mean '已完工'?" in str(info.value)
    with pytest.raises(perfscore.DataError):
        _status().evaluate({"建设状态": 1})


def test_comparing_with_an_undeclared_option_is_a_check_error_at_the_caret() -> None:
    message = _errors(STATUS)  # 已停工 is not declared
    assert "<rubric>:7:20: error: 已停工 is not an option of 建设状态 (已完工、在建、未开工) in a band condition of A1" in message
    message = _errors(STATUS.replace(", 已停工", "").replace("== 已完工", "== 已竣工"))
    assert "已竣工 is not an option of 建设状态" in message and "hint: did you mean 已完工?" in message
    assert "unknown name" not in message


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("建设状态 > 已完工", "options have no order"),
        ("建设状态 == 3", "an option compared with a number"),
        ("已完工 == 在建", "two options compared with each other"),
        ("建设状态 + 1 > 0", "an option used as a number"),
    ],
)
def test_options_misused(condition: str, expected: str) -> None:
    assert expected in _errors(STATUS.replace(", 已停工", "").replace("建设状态 == 已完工", condition))


def test_an_option_that_is_also_a_name_is_refused() -> None:
    message = _errors(STATUS.replace(", 已停工", "") + "输入 在建 金额\n")
    assert "option 在建 of input 建设状态 is also a declared name" in message


def test_options_print_canonically() -> None:
    rubric = perfscore.parse(STATUS)
    printed = format_rubric(rubric, "zh")
    assert "输入 建设状态 选项 {已完工，在建，未开工}" in printed
    assert "当 建设状态 == 在建 或 建设状态 == 已停工：50%" in printed  # 属于 {…} is the comparisons it means
    english = format_rubric(rubric, "en")
    assert "input 建设状态 options {已完工, 在建, 未开工}" in english
    assert perfscore.parse(printed) == rubric == perfscore.parse(english)


# ------------------------------------------------------------------ dates

LATE = """总分 3
输入 截止日期 日期
输入 报送日期 日期
指标 B31 报送及时性 3 {
  评分标准 "按时报送得满分，每逾期1天扣0.5分，扣完为止"
  目标 ≤ 0
  实际 = 报送日期 - 截止日期
  扣 0.5分 每 1 超过 0
}
"""


@pytest.mark.parametrize(
    ("deadline", "sent", "score"),
    [
        ("2021-03-31", "2021-03-31", "3.00"),
        ("2021-03-31", "2021/3/25", "3.00"),  # early: days late −6, no deduction
        ("2021-03-31", "2021年4月3日", "1.50"),  # 3 days: 3 − 1.5
        (datetime.date(2021, 3, 31), datetime.date(2021, 4, 30), "0.00"),  # 30 days: floored at 0
        ("2020-02-28", "2020.3.1", "2.00"),  # a leap year: 2 days
    ],
)
def test_days_late_deducted(deadline: object, sent: object, score: str) -> None:
    result = perfscore.compile(LATE, language="en").evaluate({"截止日期": deadline, "报送日期": sent})
    assert result["B31"].score == Decimal(score)


def test_toml_dates(tmp_path: Path) -> None:
    file = tmp_path / "data.toml"
    file.write_text('"截止日期" = 2021-03-31\n"报送日期" = 2021-04-02\n', "utf-8")
    result = perfscore.compile(LATE, language="en").evaluate(perfscore.read_data(file))
    assert result["B31"].score == Decimal("2.00")
    assert result["B31"].actual == Decimal(2)
    assert "报送日期 = 2021年4月2日、截止日期 = 2021年3月31日" in result.explain("B31")
    assert "报送日期 = 2021-04-02, 截止日期 = 2021-03-31" in result.explain("B31", language="en")


def test_dates_compared_and_moved_by_days() -> None:
    source = LATE.replace("实际 = 报送日期 - 截止日期\n  扣 0.5分 每 1 超过 0",
                          "公式 如果 报送日期 <= 截止日期 + 15 则 weight 否则 0")
    rubric = perfscore.compile(source, language="en")
    assert rubric.evaluate({"截止日期": "2021-03-31", "报送日期": "2021-04-15"}).total == Decimal("3.00")
    assert rubric.evaluate({"截止日期": "2021-03-31", "报送日期": "2021-04-16"}).total == Decimal("0.00")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-02-30", "'2021-02-30' is not a day of the calendar"),
        ("明天", "'明天' is not a date: write 2021-03-31, 2021/3/31 or 2021年3月31日"),
        (20210331, "20210331 is not a date"),
        (datetime.datetime(2021, 3, 31, 12, 0), "has a time of day"),
    ],
)
def test_bad_dates_refused(value: object, expected: str) -> None:
    with pytest.raises(perfscore.DataError) as info:
        perfscore.compile(LATE, language="en").evaluate({"截止日期": "2021-03-31", "报送日期": value})
    assert expected in str(info.value)


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ("报送日期 + 截止日期", "a date plus a date in the actual of B31"),
        ("报送日期 × 2", "a date used as a number"),
        ("报送日期 - 0.5", "a date moves by whole days, not 0.5"),
        ("报送日期", "the actual of B31 is a date, not a number"),
        ("报送日期 - 3%", "a date minus a percentage"),
    ],
)
def test_dates_misused(actual: str, expected: str) -> None:
    message = _errors(LATE.replace("实际 = 报送日期 - 截止日期", f"实际 = {actual}"))
    assert expected in message


def test_a_date_compared_with_a_number_is_a_check_error() -> None:
    source = LATE.replace("实际 = 报送日期 - 截止日期\n  扣 0.5分 每 1 超过 0", "公式 如果 报送日期 > 5 则 weight 否则 0")
    assert "a date compared with a number" in _errors(source)


# ------------------------------------------------------------------ lists

SITES = """总分 10
输入 站点达标 列表 是否
输入 站点得分率 列表 比率
输入 问题金额 列表 金额
指标 C1 站点达标情况 4 {
  评分标准 "抽查站点全部达标的得满分，否则按达标站点比例得分"
  公式 如果 全部(站点达标) 则 weight 否则 如果 计数(站点得分率) > 0 则 weight × 计数(站点达标) / 计数(站点得分率) 否则 0
}
指标 C2 站点得分 4 {
  目标 90%
  实际 = 平均(站点得分率)
  按比例
}
指标 C3 问题金额 2 {
  公式 如果 求和(问题金额) > 10 或 最大(问题金额) > 5 则 0 否则 weight
}
"""


def test_lists_aggregated() -> None:
    data = {"站点达标": [True, "否", "√", "是"], "站点得分率": ["95%", "80%", 0.9, "85%"], "问题金额": [2, "3.5"]}
    result = perfscore.compile(SITES, language="en").evaluate(data)
    # C1: 3 of 4 sites met: 4 × 3/4 = 3; C2: mean (95 + 80 + 90 + 85)/4 = 87.5% of 90%: 4 × 0.875/0.9 = 3.89;
    # C3: sum 5.5, max 3.5: 2
    assert [result[c].score for c in ("C1", "C2", "C3")] == [Decimal("3.00"), Decimal("3.89"), Decimal("2.00")]
    assert result["C2"].actual == Decimal("0.875")
    assert "站点达标 = [是，否，是，是]" in result.explain("C1")
    assert "全部(站点达标) = 否" in result.explain("C1") and "计数(站点达标) = 3" in result.explain("C1")
    assert "平均(站点得分率) = 87.5%" in result.explain("C2")
    assert "all(站点达标) = no" in result.explain("C1", language="en")


def test_every_site_met_earns_full_marks() -> None:
    data = {"站点达标": "是、是、√", "站点得分率": "90%，90%, 95%", "问题金额": "1.5"}  # spreadsheet text
    result = perfscore.compile(SITES, language="en").evaluate(data)
    assert result["C1"].score == Decimal("4.00")
    assert result["C2"].score == Decimal("4.00")  # mean 91.67% ≥ 90%
    assert result["C3"].score == Decimal("2.00")  # one finding of 1.5: sum and max 1.5


def test_an_empty_list_is_refused_where_a_mean_needs_a_value() -> None:
    with pytest.raises(perfscore.DataError) as info:
        perfscore.compile(SITES, language="en").evaluate({"站点达标": [], "站点得分率": [], "问题金额": []})
    message = str(info.value)
    assert "站点得分率: the list is empty, but 平均(站点得分率) needs at least one value" in message
    assert "问题金额: the list is empty, but 最大(问题金额) needs at least one value" in message
    assert "站点达标" not in message  # 全部 and 计数 of none are defined: yes and 0


def test_list_elements_are_read_as_declared() -> None:
    with pytest.raises(perfscore.DataError) as info:
        perfscore.compile(SITES, language="en").evaluate({"站点达标": [True, "maybe"], "站点得分率": [95], "问题金额": {"a": 1}})
    message = str(info.value)
    assert "element 2: 'maybe' is not yes or no" in message
    assert "element 1: 95 is ambiguous for a percentage" in message
    assert "expected a list such as" in message


def test_the_count_of_a_list_may_be_zero() -> None:
    source = SITES.replace("如果 计数(站点得分率) > 0 则 weight × 计数(站点达标) / 计数(站点得分率) 否则 0",
                           "weight × 计数(站点达标) / 计数(站点得分率)")
    assert "divides by 计数(站点得分率), which can be 0" in _errors(source)


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("平均(站点达标) × weight", "平均() does not apply to 站点达标, a list of yes/no"),
        ("如果 全部(站点得分率) 则 weight 否则 0", "全部() does not apply to 站点得分率, a list of numbers"),
        ("站点得分率 × weight", "站点得分率, a list, used as a number"),
        ("如果 站点达标 则 weight 否则 0", "a list used as a condition in the formula of C1"),
        ("求和(站点得分率, 站点得分率)", "求和() takes one list, not 2 arguments"),
        ("如果 全部(1 > 0) 则 weight 否则 0", "全部() aggregates a list, but its argument is a yes/no"),
    ],
)
def test_lists_misused(formula: str, expected: str) -> None:
    source = SITES.replace(
        "如果 全部(站点达标) 则 weight 否则 如果 计数(站点得分率) > 0 则 weight × 计数(站点达标) / 计数(站点得分率) 否则 0",
        formula)
    assert expected in _errors(source)


def test_lists_and_aggregates_print_canonically() -> None:
    rubric = perfscore.parse(SITES)
    printed = format_rubric(rubric, "zh")
    assert "输入 站点达标 列表 是否\n输入 站点得分率 列表 比率\n" in printed
    assert "实际 = 平均(站点得分率)" in printed
    english = format_rubric(rubric, "en")
    assert "input 站点达标 list yesno" in english
    assert perfscore.parse(printed) == rubric == perfscore.parse(english)


def test_the_share_of_yes_in_a_list() -> None:
    source = "总分 4\n输入 站点达标 列表 是否\n指标 C1 达标比例 4 {\n  公式 weight × 占比(站点达标)\n}\n"
    rubric = perfscore.compile(source, language="en")
    result = rubric.evaluate({"站点达标": [True, False, True, True]})
    assert result.total == Decimal("3.00")  # 4 × 3/4
    assert "占比(站点达标) = 75%" in result.explain("C1")
    assert "weight × 占比(站点达标)" in format_rubric(rubric.ast, "zh")
    assert "weight * share(站点达标)" in format_rubric(rubric.ast, "en")
    with pytest.raises(perfscore.DataError) as info:
        rubric.evaluate({"站点达标": []})
    assert "占比(站点达标) needs at least one value" in str(info.value)


def test_each_element_of_a_list_compared() -> None:
    # 抽查站点全部达标: every site's rate at least 90%; the share and the count of those that are
    source = """总分 10
输入 站点得分率 列表 比率
输入 标准 比率
指标 C1 全部达标 4 {
  分档 {
    当 全部(站点得分率 >= 90%)：100%
    当 任一(标准 <= 站点得分率)：50%
    否则：0分
  }
}
指标 C2 达标比例 4 {
  公式 weight × 占比(站点得分率 >= 标准)
}
指标 C3 达标个数 2 {
  公式 如果 计数(站点得分率 < 标准) == 0 则 weight 否则 0
}
"""
    rubric = perfscore.compile(source, language="en")
    result = rubric.evaluate({"站点得分率": ["95%", "85%", "92%", "90%"], "标准": "90%"})
    # C1: 85% fails, so not all; some reach 90%: 50% of 4 = 2; C2: 3 of 4: 4 × 75% = 3; C3: one below: 0
    assert [result[c].score for c in ("C1", "C2", "C3")] == [Decimal("2.00"), Decimal("3.00"), Decimal("0.00")]
    assert "全部(站点得分率 ≥ 90%) = 否" in result.explain("C1")
    assert "占比(站点得分率 ≥ 标准) = 75%" in result.explain("C2")
    all_met = rubric.evaluate({"站点得分率": "95%、91%", "标准": "90%"})
    assert all_met.total == Decimal("10.00")
    printed = format_rubric(rubric.ast, "zh")
    assert "当 全部(站点得分率 ≥ 90%)：100%" in printed and perfscore.parse(printed) == rubric.ast
    message = _errors(source.replace("全部(站点得分率 >= 90%)", "全部(站点得分率 >= 3分)"))
    assert "each element of 站点得分率 (a percentage) compared with points" in message

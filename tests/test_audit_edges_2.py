"""The audit's remaining edges (issue 15): what the first mutation run of audit.py left alive.

Unreadable figures of a node, precision at 0 and 5 printed places, an execution rate of exactly
100%, a total capped at 总分, a grade without a total, non-numeric ratios, an override the report
follows neither way, read_reported's refusals and the template. Findings worked out by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import perfscore
from perfscore.audit import read_reported, template

from .test_audit import CONSISTENT, DATA, findings

Row = tuple[str, str, str, str, str | None, str | None, str | None]
TARGET_NOTE = ("note", "B1", "target", "the actual of B1 is 160% of its target 100: the target may have been set too low",
               "160", None, None)  # fmt: skip
MISSING = [("warning", code, "missing", f"the report publishes no figures for {code} {name}", None, None, None)
           for code, name in (("A1", "预算执行率"), ("A2", "结转结余率"), ("B1", "完成数"))]  # fmt: skip


def rows(reported: dict[str, Any], data: dict[str, Any] | None = None) -> list[Row]:
    return [(f.severity, f.code, f.kind, f.reason, f.published, f.expected, f.difference)
            for f in findings(reported, data)]  # fmt: skip


def test_a_nodes_unreadable_weight_and_score_are_warnings() -> None:
    assert rows({**CONSISTENT, "A2": {**CONSISTENT["A2"], "score": "n/a", "weight": "三"}}) == [
        ("warning", "A2", "unreadable", "the published weight of A2 is not a number, so it cannot be checked", "三",
         None, None),
        ("warning", "A2", "unreadable", "the published score of A2 is not a number, so it cannot be checked", "n/a",
         None, None),
        TARGET_NOTE]  # fmt: skip


def test_a_difference_is_shown_to_two_places_more_than_printed() -> None:
    # 1.35125 − 1.35 = 0.00125, printed with 5 places so shown to 7: +0.00125 (not rounded to 0.0013).
    # A's 3.9 still agrees: 2.55 + 1.35125 = 3.90125, within half of 0.01 of 3.9.
    found = rows({**CONSISTENT, "A2": {**CONSISTENT["A2"], "score": "1.35125"}})
    assert found[0] == ("error", "A2", "score", "the rule gives 1.35 for the published actual 19.84%, not 1.35125",
                        "1.35125", "1.35", "+0.00125")  # fmt: skip
    assert [(r[1], r[2]) for r in found] == [("A2", "score"), ("A2", "rate"), ("B1", "target")]


REVERSE = perfscore.compile("总分 3\n指标 A1 甲 3 {\n  目标 10\n  实际 数值\n  按比例 反向\n}\n")


def test_an_actual_printed_without_decimals_agrees_within_half_a_unit() -> None:
    # 5.3 printed as "5": 0.3 ≤ 0.5, consistent; the rule on 5 gives 3 × min(10/5, 1) = 3.
    assert list(perfscore.audit(REVERSE, {"A1": "5.3"}, {"A1": {"actual": "5", "score": "3"}})) == []
    # 5.6 printed as "5" is a truncation (rounding gives 6).
    assert [(f.severity, f.kind, f.reason) for f in perfscore.audit(REVERSE, {"A1": "5.6"}, {"A1": {"actual": "5",
            "score": "3"}})] == [("warning", "actual", "A1 的业绩值是截断而不是四舍五入的：按数据应为 5.6")]  # a Chinese rubric


def exec_report(actual: str) -> dict[str, Any]:
    # A1 at 100% or more scores its 3 in full: A = 3 + 1.35 = 4.35, the total 8.35.
    return {**CONSISTENT, "A1": {"weight": 3, "actual": actual, "score": "3", "rate": "100%"},
            "A": {"weight": 6, "score": "4.35", "rate": "72.5%"}, "total": "8.35", "rate": "83.5%"}  # fmt: skip


def test_spending_exactly_the_budget_is_plausible_and_more_is_a_warning() -> None:
    assert rows(exec_report("100%"), {**DATA, "支出": 200}) == [TARGET_NOTE]
    assert rows(exec_report("101%"), {**DATA, "支出": 202}) == [
        ("warning", "A1", "plausibility", "the execution rate of A1 预算执行率 is 101.00%: more was spent than budgeted",
         "101%", None, None), TARGET_NOTE]  # fmt: skip


def test_a_total_is_compared_with_the_level_1_sum_capped_at_the_rubric_total() -> None:
    # A published 7 (above its 6) + B 4 = 11, capped at 10; the published total 9 is 1 short.
    found = rows({**CONSISTENT, "A": {"weight": 6, "score": "7", "rate": "65%"}, "total": "9"})
    assert ("error", "total", "total", "the total is not the sum of the published level-1 scores 7 + 4 = 11, capped at 10",
            "9", "10", "-1") in found  # fmt: skip
    uncapped = rows({**CONSISTENT, "total": "8.5"})
    assert uncapped[0] == ("error", "total", "total", ("the total is not the sum of the published level-1 scores "
                           "3.9 + 4 = 7.9"), "8.5", "7.9", "+0.6")  # fmt: skip


@pytest.mark.parametrize("top", [{"grade": "良"}, {"grade": "良", "total": "n/a"}])
def test_a_grade_published_without_a_readable_total_is_checked_against_the_data_only(top: dict[str, str]) -> None:
    unreadable = [("warning", "total", "unreadable", "the published total is not a number, so it cannot be checked",
                   "n/a", None, None)] if "total" in top else []  # fmt: skip
    note = (*TARGET_NOTE[:4], None, None, None)  # no figure published for B1
    assert rows(top) == [*MISSING, note, *unreadable]


@pytest.mark.parametrize(("field", "value"), [("rate", "n/a"), ("numerator", "x"), ("denominator", "八")])
def test_a_ratio_with_a_figure_that_is_not_a_number_is_an_error(field: str, value: str) -> None:
    ratio = {"name": "r", "numerator": "1", "denominator": "8", "rate": "12.5%", field: value}
    found = [r for r in rows({**CONSISTENT, "ratios": [ratio]}) if r[2] == "ratio"]
    assert found == [("error", "r", "ratio", "r: numerator, denominator and rate must be numbers", ratio["rate"], None,
                      None)]  # fmt: skip


def test_a_score_that_is_neither_the_rules_nor_the_override_says_not_awarded() -> None:
    # Overridden to 2; the report prints 2.2, which is neither the rule's 2.55 nor the evaluators' 2.
    data = {**DATA, "overrides": {"A1": {"score": 2, "reason": "评价组认定"}}}
    found = rows({**CONSISTENT, "A1": {"weight": 3, "actual": "85%", "score": "2.2", "rate": "73.33%"}}, data)
    assert [r for r in found if r[1] == "A1"] == [
        ("error", "A1", "score", "the rule gives 2.55 for the published actual 85%, not 2.2", "2.2", "2.55", "-0.35"),
        ("error", "A1", "score", "the data give A1 2.00 points (overridden: 评价组认定), not 2.2", "2.2", "2.00", "+0.2")]


def test_findings_of_one_code() -> None:
    report = perfscore.audit(perfscore.compile("总分 3\n指标 A1 甲 3 {\n  达标\n}\n"), {"A1": True},
                             {"A1": {"score": "2"}, "total": "2"})  # fmt: skip
    # 2 of a binary 3: no data give it, and these data give 3
    assert [(f.code, f.kind) for f in report.of("A1")] == [("A1", "unreachable"), ("A1", "score")]
    assert [(f.code, f.kind) for f in report.of("total")] == [("total", "total")]
    assert report.of("B9") == ()


def test_read_reported_refuses_what_is_not_a_figures_file(tmp_path: Path) -> None:
    with pytest.raises(perfscore.ArgumentError, match=r"^read_reported\(\) takes a file path, not int$"):
        read_reported(5)  # type: ignore[arg-type]
    bare = tmp_path / "figures"
    bare.write_text("x", "utf-8")
    with pytest.raises(perfscore.DataError) as info:
        read_reported(bare)
    assert [p.message for p in info.value.problems] == [
        f"{bare}: unknown format (no extension); use .toml, .json or .csv"]
    with pytest.raises(perfscore.DataError) as info:
        read_reported(tmp_path / "figures.xlsx")
    assert [p.message for p in info.value.problems] == [
        f"{tmp_path / 'figures.xlsx'}: unknown format .xlsx; use .toml, .json or .csv"]


TINY = perfscore.compile('评价 "小"\n总分 3\n分组 A 甲组 3 {\n  指标 A1 甲 3 {\n    达标\n  }\n}\n')


def test_the_csv_template_has_a_header_a_row_per_node_and_a_total_row() -> None:
    assert template(TINY, "csv") == "code,name,weight,target,actual,score,rate,grade,where\nA,甲组,,,,,,,\nA1,甲,,,,,,,\n合计,,,,,,,,\n"


def test_the_toml_template_lists_every_field_and_ends_with_the_ratios_example() -> None:
    # a Chinese rubric's template says its comments in Chinese (they were English for every rubric); keys stay
    text = template(TINY)
    assert text.startswith("# 按报告公布的原样填写各项数字，供 `perfscore audit` 审核。 小\n")
    assert '\n["A"]  # 甲组，权重 3 分\nweight = ""\nscore = ""\nrate = ""\nwhere = ""\n' in text
    assert ('\n["A1"]  # 甲，权重 3 分\nweight = ""\ntarget = ""\nactual = ""\nscore = ""\nrate = ""\n'
            'where = ""\n') in text  # fmt: skip
    assert text.endswith('\n# 连同分子分母一起印出的比率（预算表、附件）：\n# [[ratios]]\n'
                         '# name = "基本支出执行率"\n# kind = "执行率"\n# numerator = ""\n# denominator = ""\n'
                         '# rate = ""\n# where = ""\n')  # fmt: skip
    english = template(perfscore.compile("total 3\nindicator A1 甲 3 {\n  binary\n}\n"))  # an English rubric
    assert english.startswith("# Figures exactly as the report publishes them, for `perfscore audit`.\n")
    assert '\n["A1"]  # 甲, rubric weight 3\n' in english

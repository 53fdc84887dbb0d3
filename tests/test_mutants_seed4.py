"""Scores, refusals and diagnostics a fresh mutation draw (bench/mutation.py --seed 4, issue 15) and the
survivors left by the earlier draws showed untested. Every expected value is worked out by hand in the
comment beside it; only the public API (perfscore.compile, Rubric.evaluate, the results) is used."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

import perfscore

from .test_audit import CONSISTENT, DATA, RUBRIC


def problems(text: str, data: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    with pytest.raises(perfscore.DataError) as caught:
        perfscore.compile(text, language="en").evaluate(data)
    return [(p.message, p.input, p.indicator) for p in caught.value.problems]


def error(text: str) -> str:
    with pytest.raises(perfscore.RubricError) as caught:
        perfscore.compile(text, "r.perf", language="en")
    return str(caught.value)


def warnings(text: str) -> list[str]:
    return [str(w) for w in perfscore.compile(text, "r.perf", language="en").warnings]


# ---------------------------------------------------------------- the scoring core


EXCLUDED = ("总分 4\n问卷 S {\n  选项 满意 100%，不满意 0%，不了解 不计入\n  题目 q1\n}\n"
            "指标 C 甲 4 {\n  目标 100%\n  实际 = S\n  按比例\n}\n")  # fmt: skip


def test_answers_of_an_excluded_option_leave_the_base() -> None:
    # 满意 6, 不满意 2, 不了解 2 (不计入): 6 ÷ (6 + 2) = 75%, not 6 ÷ 10; 4 × 75% = 3
    result = perfscore.compile(EXCLUDED).evaluate({"S": {"q1": [6, 2, 2]}})
    assert (result["C"].actual, result.total) == (D("0.75"), D("3.00"))


def test_every_channel_of_a_survey_is_weighed() -> None:
    # 电话 8 of 10 = 80%, 问卷 5 of 10 = 50%: 60% × 80% + 40% × 50% = 68%; 4 × 68% = 2.72
    text = ("总分 4\n问卷 S {\n  选项 满意 100%，不满意 0%\n  题目 q1\n  渠道 电话 60%，问卷 40%\n}\n"
            "指标 C 甲 4 {\n  目标 100%\n  实际 = S\n  按比例\n}\n")  # fmt: skip
    result = perfscore.compile(text).evaluate({"S": {"电话": {"q1": [8, 2]}, "问卷": {"q1": [5, 5]}}})
    assert (result["C"].actual, result.total) == (D("0.68"), D("2.72"))


VETO_READS_X = ("总分 6\n输入 x 数值\n指标 A 甲 3 {\n  公式 x\n  不适用时 折算\n}\n指标 B 乙 3 {\n  公式 3\n}\n"
                "一票否决 超标 总分为零 当 x > 5\n")  # fmt: skip


def test_an_input_a_veto_reads_is_required_when_its_only_indicator_is_not_applicable() -> None:
    # A, the only indicator reading x, is not applicable; the veto still reads x, so x must be given
    assert problems(VETO_READS_X, {"not_applicable": ["A"]}) == [("missing", "x", "A")]
    # given: 6 > 5 fires the veto (total 0); 1 does not: B's 3 rescaled to the whole 6
    rubric = perfscore.compile(VETO_READS_X)
    assert rubric.evaluate({"not_applicable": ["A"], "x": 6}).total == D("0.00")
    assert rubric.evaluate({"not_applicable": ["A"], "x": 1}).total == D("6.00")


RANKED = "总分 10\n输入 率 比率\n指标 A1 甲 10 {\n  实际 = 排名(率)\n  扣 2分 每 1 超过 1\n}\n"


def test_a_rank_given_as_data_is_scored() -> None:
    # rank 3 of 6: 2 places past the first, 2 points each: 10 − 4 = 6
    result = perfscore.compile(RANKED).evaluate({"率": "90%", "peers": {"率": {"count": 6, "rank": 3}}})
    assert (result["A1"].actual, result.total) == (D(3), D("6.00"))


def test_a_judged_score_equal_to_a_fixed_award_is_accepted() -> None:
    # 评定 2分: the only score it accepts is 2, both ends of [2, 2] included
    rubric = perfscore.compile("总分 3\n指标 A 甲 3 {\n  评定 2分\n}\n", language="en")
    assert rubric.evaluate({"A": 2}).total == D("2.00")
    with pytest.raises(perfscore.DataError) as caught:
        rubric.evaluate({"A": 1})
    assert [p.message for p in caught.value.problems] == ["the judged score 1 is outside the declared range 2~2"]


def test_bands_rising_with_a_plateau_reward_a_higher_actual() -> None:
    # awards along the actual: 0, 3, 3 — never falling, once rising: higher is better, against 目标 ≤ 5%
    text = "总分 3\n指标 A1 甲 3 {\n  目标 ≤ 5%\n  实际 比率\n  分档 {\n    ≤ 5%：0分\n    (5%, 10%]：3分\n    否则：3分\n  }\n}\n"
    assert error(text) == (
        "1 error(s) in rubric\n"
        "r.perf:3:3: error: the target `目标 ≤ 5%` of A1 means lower-is-better (越低越好), but its rule rewards a "
        "higher actual\n"
        "      目标 ≤ 5%\n"
        "      ^^^^^^^^^\n"
        "    hint: check the bands' awards")  # fmt: skip


CHECKLIST = '总分 4\n指标 A 甲 4 {\n  清单 {\n    "编制 规划" 50%\n    b 50%\n  }\n}\n'


@pytest.mark.parametrize(("key", "chars"), [
    (" 编制 规划", "character U+0020 (SPACE)"),  # the name has a space of its own: the one trimmed is still named
    ("编制 规划\u200b ", "characters U+0020 (SPACE), U+200B (ZERO WIDTH SPACE)"),
    ("编制 规划\u3000", "character U+3000 (IDEOGRAPHIC SPACE)"),
])  # fmt: skip
def test_a_key_with_blanks_around_a_name_with_a_space_names_the_blanks(key: str, chars: str) -> None:
    assert problems(CHECKLIST, {"A": {key: True, "b": True}}) == [
        (f"item '编制 规划' is missing; found {key!r}: remove the invisible {chars}", "A", "A")]


# ---------------------------------------------------------------- the checker


def test_a_leaf_in_a_group_under_a_bonus_group_awards_at_most_its_weight() -> None:
    # E11 (weight 2) would be scored 2 for 国家级 (a leaf is clamped to its weight): 3分 is refused, as outside bonuses
    text = ("总分 10\n最高分 13\n指标 A 甲 10 {\n  达标\n}\n加分项 E 加分 最多 3 {\n  分组 E1 表彰 2 {\n"
            "    指标 E11 获表彰 2 {\n      定性 {\n        国家级：3分\n        省级：1分\n      }\n    }\n  }\n}\n")  # fmt: skip
    assert error(text) == (
        "1 error(s) in rubric\n"
        "r.perf:10:13: error: level 国家级 of E11 awards 3分, more than its weight 2\n"
        "            国家级：3分\n"
        "                    ^^^\n"
        "    hint: an award is at most the weight (100%)")  # fmt: skip
    # within the weight it is scored as written: 10 + 1 (省级) = 11
    rubric = perfscore.compile(text.replace("国家级：3分", "国家级：2分"))
    assert rubric.evaluate({"A": True, "E11": "省级"}).total == D("11.00")


def test_a_metric_read_by_an_earlier_metric_is_checked_once() -> None:
    # a = b + 1 is declared before b, which it reads: b's division is reported once, not once per reader
    text = ("总分 3\n输入 x 数值\n输入 y 数值\n计算 a = b + 1\n计算 b = x / y\n"
            "指标 A 甲 3 {\n  实际 = a\n  目标 10\n  按比例\n}\n")  # fmt: skip
    assert error(text) == (
        "1 error(s) in rubric\n"
        "r.perf:5:12: error: metric b divides by y, which can be 0\n"
        "    计算 b = x / y\n"
        "                 ^\n"
        "    hint: declare the input positive: `输入 y 数值 > 0`")  # fmt: skip


def test_a_formula_reading_an_actual_it_has_not_is_not_also_bounded() -> None:
    # no actual: its range is unknown, so only the error, no warning about what the formula can give
    assert error("总分 3\n指标 A 甲 3 {\n  公式 actual / 5\n}\n") == (
        "1 error(s) in rubric\n"
        "r.perf:3:6: error: the formula of A uses actual, but A has no actual\n"
        "      公式 actual / 5\n"
        "           ^^^^^^\n"
        "    hint: add `实际 比率` (given in the data) or `实际 = 表达式` (computed)")  # fmt: skip


@pytest.mark.parametrize(("rule", "line", "column", "what"), [
    ("分档 {\n    当 x / y > 1：3分\n    否则：0分\n  }", 5, 11, "a band condition of A"),
    ("实际 比率\n  线性 从 0% 到 x / y", 5, 17, "the linear rule of A"),
])  # fmt: skip
def test_a_division_in_a_rule_expression_is_checked(rule: str, line: int, column: int, what: str) -> None:
    text = f"总分 3\n输入 x 数值\n输入 y 数值\n指标 A 甲 3 {{\n  {rule}\n}}\n"
    assert error(text).splitlines()[:2] == [
        "1 error(s) in rubric", f"r.perf:{line + 1}:{column}: error: {what} divides by y, which can be 0"]


SHARE = "总分 3\n输入 x 数值 {x}\n输入 y 数值 > 0\n计算 r = {ratio}\n计算 q = {uses}\n指标 A 甲 3 {{\n  实际 = r\n  目标 100%\n  按比例\n}}\n"


@pytest.mark.parametrize(("x", "ratio", "uses", "divisor"), [
    (">= 0", "x / max(x, y)", "1 / r", "r"),        # x = 0 makes x / max(x, y) = 0
    (">= 0", "x / max(x, y)", "1 / (1 - r)", "1 - r"),  # x ≥ y makes it 1
    (">= 0", "min(x, y) / y", "1 / r", "r"),        # x = 0 makes min(x, y) / y = 0
])  # fmt: skip
def test_a_share_of_a_max_or_a_min_reaches_its_ends(x: str, ratio: str, uses: str, divisor: str) -> None:
    message = error(SHARE.format(x=x, ratio=ratio, uses=uses)).splitlines()[1]
    assert message.endswith(f"error: metric q divides by {divisor}, which can be 0")


def test_a_share_of_a_max_is_above_0_when_its_part_is() -> None:
    # x ≥ 1, y > 0: x / max(x, y) is in (0, 1], never 0, so 1 / r needs no guard
    assert warnings(SHARE.format(x=">= 1", ratio="x / max(x, y)", uses="1 / r")) == []


STATUS = "总分 4\n输入 建设状态 选项 {{已完工, 在建, 未开工}}\n{extra}指标 A1 甲 4 {{\n  分档 {{\n    当 {cond}：100%\n    否则：0分\n  }}\n}}\n"


def test_an_options_input_compared_with_a_metric_is_refused() -> None:
    # 状态2 is a metric, not one of 建设状态's options (a metric holding an option is compared with nothing)
    text = STATUS.format(extra="计算 状态2 = 建设状态\n", cond="建设状态 == 状态2")
    assert error(text).splitlines()[:2] == [
        "1 error(s) in rubric",
        "r.perf:6:15: error: 状态2 is not an option of 建设状态 (已完工、在建、未开工) in a band condition of A1"]


def test_a_percentile_is_a_share_whatever_it_ranks() -> None:
    # 百分位(金额) is in [0, 100%] whatever 金额 is: 3 × it stays within [0, 3], no warning
    assert warnings("总分 3\n输入 金额 金额\n指标 A 甲 3 {\n  公式 3 * 百分位(金额)\n}\n") == []


BAND_GAP = "总分 3\n指标 A1 甲 3 {{\n  实际 比率\n  分档 {{\n    {band}：3分\n  }}\n}}\n"


@pytest.mark.parametrize(("band", "place", "gap"), [
    ("< 90%", "5:5", "[0.9, inf) (90% or more)"),
    ("≥ 90%", "5:5", "(-inf, 0.9) (below 90%)"),
    ("(90%, 90%)", "4:3", "(-inf, inf) (any value)"),  # an empty band: every actual is left out
])  # fmt: skip
def test_a_gap_between_bands_is_worded_by_its_ends(band: str, place: str, gap: str) -> None:
    lines = [line for line in error(BAND_GAP.format(band=band)).splitlines() if ": error: " in line]
    assert lines[0] == f"r.perf:{place}: error: bands of A1 leave a gap: actual in {gap} matches no band"

# ---------------------------------------------------------------- the audit


def audit_refusals(path: Path, text: str) -> list[str]:
    path.write_text(text, "utf-8")
    with pytest.raises(perfscore.DataError) as caught:
        perfscore.audit(RUBRIC, DATA, path, language="en")
    return [p.message for p in caught.value.problems]


@pytest.mark.parametrize(("name", "text"), [
    ("deep.json", "[" * 100_000 + "]" * 100_000),
    ("deep.toml", "a = " + "[" * 100_000 + "]" * 100_000 + "\n"),
])  # fmt: skip
def test_published_figures_nested_too_deep_are_refused(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    assert audit_refusals(path, text) == [f"{path}: lists or tables are nested hundreds of levels deep"]


def test_a_csv_cell_over_the_csv_modules_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    assert audit_refusals(path, "code,score\nA2," + "1" * 200_000 + "\n") == [
        f"{path}: invalid CSV: field larger than field limit (131072)"]


def test_the_total_row_of_a_csv_is_the_total_not_a_code(tmp_path: Path) -> None:
    # 总分 7.80 graded 优: the data give 7.9 (良); no figures "for total, which the rubric does not have"
    path = tmp_path / "report.csv"
    path.write_text("code,score,grade\nA1,2.55,\nA2,1.35,\nB1,4,\n总分,7.80,优\n", "utf-8")
    found = perfscore.audit(RUBRIC, DATA, path, language="en")
    assert [(f.severity, f.kind, f.code, f.reason) for f in found if f.severity != "note"] == [
        ("error", "grade", "total", "a total of 7.80 is graded 良 by the rubric's bands, not 优"),
        ("error", "grade", "total", "the data give a total of 7.90, graded 良, not 优"),
        ("warning", "total", "total", "the data give a total of 7.90")]  # fmt: skip


def test_an_implausible_execution_rate_says_how_many_times_to_one_decimal() -> None:
    # 500 ÷ 200 = 250%: 2.5 times the budget (not 2 or 3)
    ratio = {"name": "基本支出执行率", "kind": "执行率", "numerator": "500", "denominator": "200", "rate": "250%"}
    found = perfscore.audit(RUBRIC, DATA, {**CONSISTENT, "ratios": [ratio]}, language="en")
    assert [(f.severity, f.reason) for f in found if f.kind == "plausibility"] == [
        ("error", "基本支出执行率 is 250.00%: spending 2.5 times the budget is implausible; check the figures")]


def test_the_expected_actual_is_shown_two_decimals_finer_than_printed() -> None:
    # published 9 (0 decimals), the data 9.876: truncated, not rounded; shown to 0 + 2 decimals, 9.88
    rubric = perfscore.compile("总分 4\n指标 X 甲 4 {\n  目标 ≥ 10\n  实际 数值\n  按比例\n}\n")
    found = perfscore.audit(rubric, {"X": "9.876"}, {"X": {"actual": "9"}}, language="en")
    assert [(f.severity, f.expected, f.difference, f.reason) for f in found if f.kind == "actual"] == [
        ("warning", "9.88", "-0.876", "the actual of X is truncated, not rounded: the data give 9.88")]

"""Scores and diagnostics a fresh mutation draw (bench/mutation.py --seed 9: scoring core 6 per module, checker 12
per module, audit 30) showed untested, and what a new-user run the same day found in the words of explanations
and data warnings. Every expected value is worked out by hand in the comment beside it; only the public API is
used."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest

import perfscore
from perfscore.render.table import score_table

from .test_audit import DATA, RUBRIC
from .test_mutants_seed8 import error


def test_an_otherwise_before_the_end_of_bands_on_conditions_is_an_error() -> None:
    # 当 bands: 否则 on line 6 takes every unit the 当 on line 7 would, so that band never applies; and the last
    # band is not an otherwise (a 当 band list must end with one), reported at the 分档 itself
    text = "总分 10\n输入 甲 比率\n指标 A1 甲项 10 {\n 分档 {\n  当 甲 >= 90%：10分\n  否则：0分\n  当 甲 >= 60%：6分\n }\n}\n"
    assert str(error(text)).endswith(
        "\nr.perf:6:3: error: the otherwise band of A1 is not last: the bands after it never match\n"
        "      否则：0分\n      ^^^^^^^^^\n    hint: move 否则 (otherwise) to the end")
    assert str(error(text)).startswith("2 error(s) in rubric\nr.perf:4:2: error: the bands of A1 use 当 (when) "
                                       "conditions and must end with an otherwise band\n")


def test_the_audit_rescores_a_published_formula_actual_by_the_rule() -> None:
    # 公式 actual × 10 on a rate: the report's actual 70% gives 7 by the rule, not the published 8; the data's
    # 70% gives 7 too, so the one error is the rule's (not "the data give 7")
    rubric = perfscore.compile("总分 10\n指标 A1 甲 10 {\n  实际 比率\n  公式 actual × 10\n}\n")
    report = perfscore.audit(rubric, {"A1": "70%"}, {"A1": {"actual": "70%", "score": "8"}}, language="en")
    assert [(f.severity, f.kind, f.expected, f.reason) for f in report] == [
        ("error", "score", "7", "the rule gives 7 for the published actual 70%, not 8")]


# ---------------------------------------------------------------- values shown as their types (a new user's report)

SHOWN = ("总分 20\n输入 t 比率 > 0\n输入 a 比率\n输入 预算 金额 万元 > 0\n输入 支出 金额 万元\n"
         "指标 A1 执行 10 {\n 目标 t\n 实际 = a\n 按比例\n}\n"
         "指标 A2 支出 10 {\n 目标 预算\n 实际 = 支出\n 按比例\n}\n")


def test_data_and_actuals_are_shown_as_their_declared_types() -> None:
    # A1: a = 80% of t = 100%: 10 × 0.8 = 8, shown as rates (it was "t = 1", "实际 0.8，目标 1"); A2: 0.4 of 0.5
    # 万元 is 10 × 0.8 = 8, shown as amounts (it was "支出 = 40%、预算 = 50%": any value below 1 looked like a rate)
    result = perfscore.compile(SHOWN).evaluate({"t": "100%", "a": "80%", "预算": "0.5", "支出": "0.4"})
    assert result.explain("A1") == "A1 执行：数据 a = 80%、t = 100%，实际 80%，目标 100%，得分 = 10 × min(80% ÷ 100%, 1) = 8，得分 8 分"
    assert result.explain("A2") == ("A2 支出：数据 支出 = 0.4、预算 = 0.5，实际 0.4，目标 0.5，得分 = 10 × min(0.4 ÷ 0.5, 1) = 8，"
                                    "得分 8 分")
    # the score table's 业绩值 too (A1's was 0.8), and a rubric read back from a pickle shows the same
    rows = score_table(result).rows
    assert [(r.code, r.actual) for r in rows[:2]] == [("A1", "80.00%"), ("A2", "0.4 万元")]
    again = pickle.loads(pickle.dumps(perfscore.compile(SHOWN)))
    assert again.evaluate({"t": "100%", "a": "80%", "预算": "0.5", "支出": "0.4"}).explain("A1") == result.explain("A1")


def test_a_published_decimal_or_float_is_shown_as_printed() -> None:
    # figures passed from Python as Decimal("9.50") or 9.5 are shown 9.50 and 9.5, not Decimal('9.50'); A1 met
    # gives 10, so both are wrong (and a 达标 rule gives only 0 or 10, listed as "0, 10" in English)
    rubric = perfscore.compile("总分 10\n指标 A1 甲 10 {\n 达标\n}\n")
    for given, shown in [(Decimal("9.50"), "9.50"), (9.5, "9.5")]:
        report = perfscore.audit(rubric, {"A1": True}, {"A1": {"score": given}}, language="en")
        assert [(f.kind, f.published, f.reason) for f in report] == [
            ("unreachable", shown, f"the rule of A1 cannot give {shown} for any data: it gives only 0, 10"),
            ("score", shown, f"the data give A1 10.00 points by its rule, not {shown}")]
        assert report.in_language("zh").errors[0].reason == f"无论数据如何，A1 的规则都给不出 {shown} 分：只能给 0、10"


def test_a_key_naming_a_group_or_a_computed_leaf_is_said_to_be_no_data() -> None:
    # A (执行) is a group, A1's actual is 支出 / 预算: neither is read from the data (it was "unknown input … did you
    # mean 'B1'?"); in a table the same words name the column
    assert RUBRIC.evaluate({**DATA, "A": 3, "A1": "85%"}, language="en").warnings == (
        "'A' (执行) is a group, scored from its indicators, not read from the data: ignored",
        "'A1' (预算执行率) is computed by the rubric, not read from the data: ignored")
    table = perfscore.read_table([{"单位名称": "甲", **DATA, "A1": "85%"}])
    assert [(p.column, p.message) for p in RUBRIC.evaluate_many(table).problems] == [
        ("A1", "'A1'（预算执行率）的实际值由评分办法计算，不从数据读取：不予采用")]


@pytest.mark.parametrize(("given", "said"), [
    ({"overrides": {"A": {"score": 3, "reason": "x"}}},
     "overrides: 'A' (履职) is a group, not an indicator: overrides and not-applicable are given per indicator"),
    ({"not_applicable": ["A"]},
     "not_applicable: 'A' (履职) is a group, not an indicator: overrides and not-applicable are given per indicator"),
    ({"not_applicable": ["A3"]}, "not_applicable: 'A3' is not an indicator of this rubric; did you mean 'A2'?"),
    ({"overrides": {"B9": {"score": 1, "reason": "x"}}}, "overrides: 'B9' is not an indicator of this rubric"),
])  # fmt: skip
def test_an_override_or_not_applicable_on_a_group_says_it_is_a_group(given: dict[str, object], said: str) -> None:
    rubric = perfscore.compile("总分 10\n分组 A 履职 10 {\n指标 A1 甲 5 {\n 达标\n 不适用时 折算\n}\n"
                               "指标 A2 乙 5 {\n 达标\n}\n}\n")
    with pytest.raises(perfscore.DataError) as caught:
        rubric.evaluate({"A1": True, "A2": True, **given}, language="en")
    assert str(caught.value) == f"1 problem(s) in evaluation data\n  - {said}"


@pytest.mark.parametrize(("given", "said"), [
    ("%", "'%' has a % or ‰ sign but no number"),  # it was "'' is not a number": the sign was dropped
    (" ‰", "' ‰' has a % or ‰ sign but no number"),
    ("abc%", "'abc%' is not a number"),  # as written, sign and all (it was 'abc')
    ("%%", "'%%' is not a number"),
])  # fmt: skip
def test_a_rate_that_is_no_number_is_named_as_written(given: str, said: str) -> None:
    rubric = perfscore.compile("总分 10\n输入 a 比率\n指标 A1 甲 10 {\n 实际 = a\n 目标 100%\n 按比例\n}\n")
    with pytest.raises(perfscore.DataError) as caught:
        rubric.evaluate({"a": given}, language="en")
    assert [p.format("en") for p in caught.value.problems] == [f"A1 / a: {said}"]
    assert rubric.evaluate({"a": "95%"}).total == Decimal("9.5")  # 10 × 95%


@pytest.mark.parametrize("word", ["√", "是", "TRUE", " yes ", "有", "符合", "达标"])
def test_a_yes_is_read_alike_by_every_reader_of_one(word: str) -> None:
    # a 达标 indicator, a checklist item and a 是否 input take the same words (the checklist refused √ though
    # the data's JSON Schema allowed it; 达标 refused "TRUE", as Excel writes a boolean into a CSV)
    rubric = perfscore.compile("总分 30\n输入 有制度 是否\n指标 A1 甲 10 {\n 达标\n}\n指标 A2 乙 10 {\n 清单 {\n  甲项\n"
                               "  乙项\n }\n}\n指标 A3 丙 10 {\n 公式 如果 有制度 则 weight 否则 0\n}\n")
    result = rubric.evaluate({"A1": word, "A2": {"甲项": word, "乙项": "×"}, "有制度": word})
    assert [str(result.scores[c]) for c in ("A1", "A2", "A3")] == ["10.00", "5.00", "10.00"]  # A2: 10 × 1/2


def test_one_and_zero_are_no_judgement_for_a_binary_indicator() -> None:
    # 1 may be meant as a score: refused for 达标 (a 是否 input and a checklist's share take it)
    rubric = perfscore.compile("总分 10\n指标 A1 甲 10 {\n 达标\n}\n", language="en")
    with pytest.raises(perfscore.DataError) as caught:
        rubric.evaluate({"A1": 1})
    assert [p.message for p in caught.value.problems] == [
        "1 is not yes or no: write true/false, 是/否, 符合/不符合, 达标/未达标, 有/无 or √/×"]


@pytest.mark.parametrize(("rate", "found"), [
    ("92.6%", []),  # 925.6 ÷ 1000 = 92.56%, rounded to the one place printed: right (it was an error)
    ("93%", []),  # to none: right too
    ("92.56%", []),
    ("92.5%", [("warning", "基本支出执行率: truncated, not rounded: 925.6 ÷ 1000 = 92.56%")]),
    ("92.7%", [("error", "基本支出执行率: 925.6 ÷ 1000 = 92.56%")]),  # 92.56 is not within 92.65–92.75
])  # fmt: skip
def test_a_published_ratio_is_checked_at_the_places_it_was_printed(rate: str, found: list[tuple[str, str]]) -> None:
    rubric = perfscore.compile("总分 10\n指标 A1 甲 10 {\n 达标\n}\n")
    figures = {"ratios": [{"name": "基本支出执行率", "numerator": "925.6", "denominator": "1000", "rate": rate}]}
    report = perfscore.audit(rubric, {"A1": True}, figures, language="en")
    assert [(f.severity, f.reason) for f in report if f.kind == "ratio"] == found


def test_ratios_that_are_not_a_list_are_refused() -> None:
    # ratios = "x" was ignored, silently, though an unknown field is refused
    rubric = perfscore.compile("总分 10\n指标 A1 甲 10 {\n 达标\n}\n")
    with pytest.raises(perfscore.DataError) as caught:
        perfscore.audit(rubric, {"A1": True}, {"ratios": "x"}, language="en")
    assert str(caught.value) == ("1 problem(s) in the reported-figures file\n"
                                 "  - ratios: expected a list of rates ([[ratios]] tables in TOML), not 'x'")


def test_a_score_that_follows_the_data_beside_a_truncated_actual_is_right() -> None:
    # B1 30 × 92.56% = 27.768 → 27.77; printed actual 92.5% is 92.56% truncated (a warning), and the published 27.77
    # is the data's score: not "the rule gives 27.75 for the published actual 92.5%", and not a cause of the total
    rubric = perfscore.compile("总分 40\n指标 A1 甲 10 {\n 达标\n}\n指标 B1 乙 30 {\n 实际 比率\n 目标 100%\n 按比例\n}\n")
    figures = {"total": "36.77", "A1": {"score": "9"}, "B1": {"actual": "92.5%", "score": "27.77"}}
    report = perfscore.audit(rubric, {"A1": True, "B1": "92.56%"}, figures, language="en")
    assert [(f.severity, f.code, f.kind) for f in report] == [
        ("error", "A1", "unreachable"), ("error", "A1", "score"), ("warning", "B1", "actual"),
        ("warning", "total", "total")]
    assert report.of("total")[0].reason == "the data give a total of 37.77 (because of A1)"
    # a score that follows the truncated actual instead is wrong by the data: 27.75 ≠ 27.77
    followed = perfscore.audit(rubric, {"A1": True, "B1": "92.56%"}, {"B1": {"actual": "92.5%", "score": "27.75"}},
                               language="en")  # fmt: skip
    assert [f.reason for f in followed if f.kind == "score"] == ["the data give B1 27.77 points by its rule, not 27.75"]

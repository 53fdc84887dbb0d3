"""Diagnostics and scores a fresh mutation draw (bench/mutation.py --seed 8: checker 12 per module, audit 30)
showed untested. Every expected value is worked out by hand in the comment beside it; only the public API is used."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import perfscore
from perfscore.audit import read_reported

from .test_audit import CONSISTENT, DATA, RUBRIC
from .test_lang_parts import RUBRIC as PARTS


def error(text: str) -> perfscore.RubricError:
    with pytest.raises(perfscore.RubricError) as caught:
        perfscore.compile(text, "r.perf", language="en")
    return caught.value


def warnings(text: str) -> list[str]:
    return [str(w) for w in perfscore.compile(text, "r.perf", language="en").warnings]


PENALTY = "减分项 P 扣分 最多 5 {\n指标 P1 乙 5 {\n 达标\n}\n}\n"


def test_a_minimum_of_0_is_no_error_and_above_0_is() -> None:
    # 最低分 0 is the default written out: accepted with a penalty group; 最低分 1 is above 0, an error.
    assert warnings("总分 10\n最低分 0\n指标 A1 甲 10 {\n 达标\n}\n" + PENALTY) == []
    assert str(error("总分 10\n最低分 1\n指标 A1 甲 10 {\n 达标\n}\n" + PENALTY)).startswith(
        "1 error(s) in rubric\nr.perf:2:1: error: ")


def test_only_a_deducting_veto_makes_a_minimum_below_0_reachable() -> None:
    # No 减分项 group: a veto deducting 30 can take 10 to −20, so 最低分 −20 is reachable; a veto zeroing cannot.
    veto = "总分 10\n最低分 -20\n输入 事故 是否\n一票否决 V {} 当 事故\n指标 A1 甲 10 {{\n 达标\n}}\n"
    assert warnings(veto.format("扣 30分")) == []
    assert warnings(veto.format("总分为零")) == [
        "r.perf:2:1: warning: the minimum -20 can never be reached: no 减分项 group or 一票否决 … 扣 takes points "
        "from the total\n    最低分 -20\n    ^^^^^^\n    hint: leave it out"]


def test_a_condition_on_two_numbers_narrows_nothing() -> None:
    # `1 > 0` names nothing: y is still [0, 10] in the 则 branch, so x / y may divide by 0 (column 20 is the y).
    text = "总分 10\n输入 x 数值 [0, 10]\n输入 y 数值 [0, 10]\n指标 A1 甲 10 {\n 实际 = x\n 公式 如果 1 > 0 则 x / y 否则 0\n}\n"
    assert str(error(text)) == (
        "1 error(s) in rubric\nr.perf:6:20: error: the formula of A1 divides by y, which can be 0\n"
        "     公式 如果 1 > 0 则 x / y 否则 0\n" + " " * 28 + "^\n"
        "    hint: declare the input positive: `输入 y 数值 > 0`")


# ---------------------------------------------------------------- the audit


def quoted_actual(*prints: str) -> list[tuple[str, str, str | None, str | None, str | None]]:
    # B1's actual is 160 in the data; the report prints it in 表4-1, then in 正文
    quotes = [{"value": v, "where": w} for v, w in zip(prints, ["表4-1", "正文"])]
    found = perfscore.audit(RUBRIC, DATA, {**CONSISTENT, "B1": {**CONSISTENT["B1"], "actual": quotes}}, language="en")
    return [(f.kind, f.severity, f.published, f.where, f.reason) for f in found if f.severity != "note"]


def test_prints_agreeing_to_the_coarser_places_are_one_figure_checked_at_the_finer() -> None:
    # 160 (0 places: 159.5 to 160.5) and 160.4 agree; 160.4 says more, and the data give 160: it is wrong, in
    # whichever order the two are printed. 160 and 160.0 are both right; 160 and 161 disagree (|1| > 0.5).
    wrong = "the data give an actual of 160 for B1, not 160.4"
    assert quoted_actual("160", "160.4") == [("actual", "error", "160.4", "正文", wrong)]
    assert quoted_actual("160.4", "160") == [("actual", "error", "160.4", "表4-1", wrong)]
    assert quoted_actual("160", "160.0") == []
    assert quoted_actual("160", "161") == [
        ("quoted", "error", "161", "正文", "the actual of B1 is printed as 160（表4-1） and as 161（正文）")]
    # Disagreeing prints: the first is checked (160, right), the other only reported as quoted differently.
    assert quoted_actual("160", "161.5") == [
        ("quoted", "error", "161.5", "正文", "the actual of B1 is printed as 160（表4-1） and as 161.5（正文）")]
    # Two equally precise prints, both wrong: the first place printed is the one named.
    assert quoted_actual("170", "170") == [("actual", "error", "170", "表4-1", "the data give an actual of 160 for B1, not 170")]


def test_a_published_json_file_that_is_not_json_is_refused_at_its_line_and_column(tmp_path: Path) -> None:
    # `"grade": }` on line 2: the value expected at column 11; refused as JSON, not read again as a CSV
    path = tmp_path / "r.json"
    path.write_text('{"total": 7.9,\n "grade": }', encoding="utf-8")
    with pytest.raises(perfscore.DataError) as caught:
        perfscore.audit(RUBRIC, DATA, path, language="en")
    assert str(caught.value) == f"1 problem(s) in the reported-figures file\n  - {path}:2:11: invalid JSON: Expecting value"


def test_reading_the_score_of_an_indicator_without_a_rule_reports_only_the_missing_rule() -> None:
    # A2 reads 得分(A1), and A1 has no rule: its score has no range; the one error is A1's missing rule.
    text = "总分 10\n指标 A1 甲 5 {\n 目标 100%\n 实际 比率\n}\n指标 A2 乙 5 {\n 实际 = 得分(A1)\n 目标 5\n 按比例\n}\n"
    assert str(error(text)).startswith(
        "1 error(s) in rubric\nr.perf:2:1: error: indicator A1 (甲) has no scoring rule\n    指标 A1 甲 5 {\n")


# ---------------------------------------------------------------- the scoring core


def test_a_missing_input_is_described_by_its_own_type() -> None:
    # a is an amount, b a count: each missing input says what it should be, not what the other is
    rubric = perfscore.compile("总分 10\n输入 a 金额\n输入 b 数量\n计算 m = b / (a + 1)\n指标 A1 甲 10 {\n 实际 = m\n"
                               " 目标 1\n 按比例\n}\n", "r.perf", language="en")
    for given, said in [({"a": 5}, "A1 / b: missing: expected a whole number"), ({"b": 5}, "A1 / a: missing: expected an amount")]:
        with pytest.raises(perfscore.DataError) as caught:
            rubric.evaluate(given)
        assert str(caught.value) == f"1 problem(s) in evaluation data\n  - {said}"


def test_a_main_rule_within_its_bounds_is_explained_without_a_clamp() -> None:
    # C31: 5 × min(120% ÷ 100%, 1) = 5 is within [0, 5]: no "计算值 … 超出" step; + 0 + 3 × 0.2 = 5.6
    result = perfscore.compile(PARTS, language="en").evaluate(
        {"B52": {"level": "合规", "问题": 0, "酌情扣分": "0%"}, "C31": {"actual": "120%", "省级示范": False, "节点": 3}})
    assert result.explain("C31") == (
        "C31 示范创建：实际 120%，目标 100%，得分 = 5 × min(120% ÷ 100%, 1) = 5，省级示范：未达标，不得分，"
        "节点：发生 3 次，每次 0.2 分，3 × 0.2 = 0.6 分，主评分 5 分，加省级示范 0 分，加节点 0.6 分：5 + 0 + 0.6 = 5.6，"
        "得分 5.6 分")


def test_data_for_a_leaf_read_from_the_data_is_known_and_for_a_computed_leaf_is_not() -> None:
    # A2 and B1 are read from the data: no warning; A1 is computed from 支出 / 预算, so a key A1 is unknown
    assert RUBRIC.evaluate(DATA).warnings == ()
    assert RUBRIC.evaluate({**DATA, "A1": "85%"}, language="en").warnings == (
        "'A1' (预算执行率) is computed by the rubric, not read from the data: ignored",)  # not "did you mean 'B1'?"


@pytest.mark.parametrize(("read", "name", "header"), [
    (perfscore.read_data, "d.toml", "1 problem(s) in evaluation data"),
    (read_reported, "f.toml", "1 problem(s) in the reported-figures file"),
])  # fmt: skip
def test_an_unquoted_chinese_toml_key_is_told_its_quotes_in_every_toml_file(tmp_path: Path, read: object, name: str,
                                                                            header: str) -> None:  # fmt: skip
    # TOML's bare keys are ASCII: 预算 = 200 on line 2 is "Invalid statement" there, and the key wants quotes
    path = tmp_path / name
    path.write_text('"A1" = 1\n预算 = 200\n', "utf-8")
    with pytest.raises(perfscore.DataError) as caught:
        read(path)  # type: ignore[operator]
    assert str(caught.value) == (f"{header}\n  - {path}: invalid TOML: Invalid statement (at line 2, column 1); "
                                 'a Chinese name is quoted in TOML: "预算" = …')


def test_a_key_given_twice_in_published_figures_is_said_so(tmp_path: Path) -> None:
    # tomllib's "Cannot overwrite a value" is worded as the data reader words it
    path = tmp_path / "f.toml"
    path.write_text("total = 80\ntotal = 81\n", "utf-8")
    with pytest.raises(perfscore.DataError) as caught:
        read_reported(path)
    assert str(caught.value).startswith(f"1 problem(s) in the reported-figures file\n  - {path}: invalid TOML: ")
    assert "given twice" in str(caught.value)


def test_a_band_on_conditions_alone_is_named_by_its_number_in_both_languages() -> None:
    # 70% is not ≥ 90% but is ≥ 60%: the second band, 6 points; 10% falls to the third (否则), 0 points
    rubric = perfscore.compile("总分 10\n输入 甲 比率\n指标 A1 甲项 10 {\n 分档 {\n  当 甲 >= 90%：10分\n"
                               "  当 甲 >= 60%：6分\n  否则：0分\n }\n}\n")
    second, third = rubric.evaluate({"甲": "70%"}), rubric.evaluate({"甲": "10%"})
    assert second.explain("A1") == "A1 甲项：数据 甲 = 70%，符合第 2 档（当 甲 ≥ 60%），得 6 分"
    assert second.explain("A1", language="en") == "A1 甲项: inputs 甲 = 70%; band 2 applies (when 甲 >= 60%): 6 points"
    assert third.explain("A1", language="en").endswith("; band 3 applies (otherwise): 0 points")


def test_a_minimum_of_0_with_nothing_to_deduct_is_said_to_change_nothing() -> None:
    # 0 is reached (A1 not met scores 0), so it is not "never reached": it has no effect; −5 is never reached
    zero, below = "总分 10\n最低分 0\n指标 A1 甲 10 {\n 达标\n}\n", "总分 10\n最低分 -5\n指标 A1 甲 10 {\n 达标\n}\n"
    assert warnings(zero) == ["r.perf:2:1: warning: the minimum 0 has no effect: with no 减分项 group or 一票否决 … 扣 the "
                              "total is never below 0 anyway\n    最低分 0\n    ^^^^^^\n    hint: leave it out"]
    assert [w.message for w in perfscore.compile(zero).warnings] == ["最低分 0 不起作用：没有减分项分组或“一票否决 … 扣”，总分本来就不低于 0"]
    assert warnings(below)[0].startswith("r.perf:2:1: warning: the minimum -5 can never be reached: ")


def test_a_score_cap_above_the_weight_counts_towards_the_reachable_maximum() -> None:
    # PARTS: 总分 8, C31 weighs 5 but 得分上限 6分 lets its parts lift it to 6: 8 + 1 = 9 reachable, so 最高分 9 is
    # no warning (it was: "the total plus bonus caps is 8"); 最高分 10 is one, reachable 9; 得分上限 120% is 6 too
    assert perfscore.compile(PARTS, language="en").warnings == ()
    assert perfscore.compile(PARTS.replace("得分上限 6分", "得分上限 120%"), language="en").warnings == ()
    assert [w.message for w in perfscore.compile(PARTS.replace("最高分 9", "最高分 10"), language="en").warnings] == [
        "the maximum 10 can never be reached: the total plus bonus caps and what capped rules award above their "
        "weights is 9"]


@pytest.mark.parametrize(("value", "main", "said"), [
    (4, 5, "公式 甲 × 2 = 8，计算值 8 超出 [0, 5]，按边界计，"),  # 8 above the weight 5: the main rule gives 5
    (-1, 0, "公式 甲 × 2 = -2，计算值 -2 超出 [0, 5]，按边界计，"),  # −2 below 0: 0
    (2, 4, "公式 甲 × 2 = 4，节点："),  # 4 within [0, 5]: no clamp step
])  # fmt: skip
def test_a_main_rule_outside_its_bounds_is_explained_as_clamped_before_its_parts(value: int, main: int, said: str) -> None:
    # 节点 2 × 0.2 = 0.4 is added to the clamped main score; 得分上限 6分 is not reached
    rubric = perfscore.compile("总分 5\n输入 甲 数值\n指标 A1 示范 5 {\n  公式 甲 × 2\n  加分 节点 按次 0.2分\n"
                               "  得分上限 6分\n}\n")
    result = rubric.evaluate({"甲": value, "A1": {"节点": 2}})
    assert result.scores["A1"] == main + Decimal("0.4")  # (the total stays within 总分 5)
    assert f"数据 甲 = {value}，{said}" in result.explain("A1")
    assert f"主评分 {main} 分，加节点 0.4 分：{main} + 0.4 = {main + Decimal('0.4')}，" in result.explain("A1")


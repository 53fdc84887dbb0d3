"""More scores and messages by hand (issue 15): the mutants the first mutation runs left alive.

Each test kills a change to evaluate.py or compiler.py that every other test let through. The
expected values are worked out in the comments, never by the code under test, and everything
goes through the public API (perfscore.compile, Rubric.evaluate, Result, perfscore.audit).
"""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest

import perfscore


def problems(rubric: perfscore.Rubric, data: Any) -> list[tuple[str | None, str | None, str]]:
    with pytest.raises(perfscore.DataError) as info:
        rubric.evaluate(data)
    return [(p.input, p.indicator, p.message) for p in info.value.problems]


ONE_LEAF = perfscore.compile("总分 3\n指标 A1 甲 3 {\n  达标\n}\n", language="en")


@pytest.mark.parametrize(("data", "kind"), [([("A1", True)], "list"), (5, "int"), (None, "NoneType")])
def test_data_that_is_not_a_mapping_is_refused_by_its_type(data: Any, kind: str) -> None:
    assert problems(ONE_LEAF, data) == [(None, None, f"evaluation data must be a mapping of name → value, not {kind}")]


# ---------------------------------------------------------------- not applicable: scopes and messages

MIXED_SCOPES = """
总分 20
指标 X 甲 4 {
  达标
  不适用时 折算
}
指标 Y 乙 6 {
  达标
}
分组 G 丙组 10 {
  指标 G1 丙一 5 {
    达标
    不适用时 分配给同级
  }
  指标 G2 丙二 5 {
    达标
  }
}
"""


def test_a_top_level_group_settles_its_redistribution_before_the_main_tree_rescales() -> None:
    # Innermost first: G1's 5 go to G2 (G2 = 10), then X's 4 to the main tree's other leaves,
    # Y 6 and G2 10: factor 20/16 = 5/4, so Y = 7.5 and G2 = 12.5 (G = 12.5). Settling the main
    # tree first would give Y 6 × 15/11 = 8.18… and G2 5 × 15/11 + 5 = 11.81….
    result = perfscore.compile(MIXED_SCOPES, language="en").evaluate({"Y": True, "G2": True, "not_applicable": ["X", "G1"]})
    assert [(n.code, n.weight, n.score) for n in result] == [
        ("X", 0, D(0)), ("Y", D("7.5"), D("7.50")), ("G", D("12.5"), D("12.50")), ("G1", 0, D(0)),
        ("G2", D("12.5"), D("12.50"))]  # fmt: skip
    assert result.total == D("20.00")


def test_rescale_inside_a_group_reaches_the_whole_tree_not_only_the_group() -> None:
    # 折算 is not 分配给同级: G1's 5 go to every other leaf, Y 6, G2 5, X 4 (15 points): factor 20/15.
    # Y = 8, G2 = 20/3 = 6.67, X = 16/3 = 5.33; G = G2.
    text = MIXED_SCOPES.replace("不适用时 分配给同级", "不适用时 折算")
    result = perfscore.compile(text, language="en").evaluate({"X": True, "Y": True, "G2": True, "not_applicable": ["G1"]})
    assert [result[c].score for c in ("X", "Y", "G", "G2")] == [D("5.33"), D("8.00"), D("6.67"), D("6.67")]
    assert result.total == D("20.00")  # 5.33 + 8 + 6.67


def rescaled_alone(count: int) -> perfscore.Rubric:
    leaves = "".join(f"指标 A{i} 甲{i} 1 {{\n  达标\n  不适用时 折算\n}}\n" for i in range(1, count + 1))
    return perfscore.compile(f"总分 {count}\n" + leaves, language="en")


@pytest.mark.parametrize(("count", "listing"), [
    (1, "A1 is"),
    (2, "A1 and A2 are all"),
    (3, "A1, A2 and A3 are all"),
    (8, "A1, A2, A3, A4, A5, A6, A7 and A8 are all"),
    (9, "A1, A2, A3, A4, A5, A6, … and A9 (9 indicators) are all"),
    (10, "A1, A2, A3, A4, A5, A6, … and A10 (10 indicators) are all"),
])  # fmt: skip
def test_weight_with_nowhere_to_go_names_the_indicators_and_shortens_a_long_list(count: int, listing: str) -> None:
    data = {"not_applicable": [f"A{i}" for i in range(1, count + 1)]}
    assert problems(rescaled_alone(count), data) == [
        ("not_applicable", None, f"{listing} not applicable: the {count} points of the rubric have nowhere to go")]


def test_a_group_whose_every_leaf_redistributes_names_the_group() -> None:
    rubric = perfscore.compile("总分 10\n分组 B 乙组 6 {\n  指标 B1 乙一 2 {\n    达标\n    不适用时 分配给同级\n  }\n"
                               "  指标 B2 乙二 4 {\n    达标\n    不适用时 分配给同级\n  }\n}\n指标 C 丙 4 {\n  达标\n}\n", language="en")
    assert problems(rubric, {"C": True, "not_applicable": ["B1", "B2"]}) == [
        ("not_applicable", "B", "B1 and B2 are all not applicable: the weight of group B (6) has nowhere to go")]


def test_a_full_marks_leaf_in_a_rescaled_tree_explains_its_new_weight() -> None:
    # A2's 5 go to A1 (满分, still counted) and A3: factor 20/15. A1 = 20/3 = 6.67, A3 = 40/3 = 13.33.
    text = ("总分 20\n指标 A1 甲 5 {\n  达标\n  不适用时 满分\n}\n指标 A2 乙 5 {\n  达标\n  不适用时 折算\n}\n"
            "指标 A3 丙 10 {\n  达标\n}\n")  # fmt: skip
    result = perfscore.compile(text, language="en").evaluate({"A3": True, "not_applicable": ["A1", "A2"]})
    assert [result[c].score for c in ("A1", "A2", "A3")] == [D("6.67"), D(0), D("13.33")]
    assert [s.kind for s in result["A1"].explanation.steps] == ["not_applicable", "rescaled"]
    assert result.explain("A1") == "A1 甲：不适用，按满分计，因有不适用指标，权重由 5 分折算为 6.6667 分"


# ---------------------------------------------------------------- run-time guards: the messages


def test_a_number_too_large_in_a_rule_without_target_names_the_rule_arithmetic() -> None:
    rubric = perfscore.compile("总分 3\n输入 a 数值\n指标 A1 甲 3 {\n  公式 round(a * a * a * a, 20)\n}\n", language="en")
    with pytest.raises(perfscore.EvaluationError) as info:
        rubric.evaluate({"a": "1e39"})  # a⁴ = 10^156, which round(…, 20) cannot keep in 60 digits
    assert str(info.value) == ("A1: a number too large to keep exact (over 60 digits) while scoring "
                               "(formula; rule arithmetic)")  # fmt: skip
    assert info.value.indicator == "A1"


def test_a_too_large_actual_without_target_names_the_actual() -> None:
    rubric = perfscore.compile("总分 3\n输入 a 数值\n指标 A1 甲 3 {\n  实际 = round(a * a * a * a, 20)\n  公式 actual\n}\n", language="en")
    with pytest.raises(perfscore.EvaluationError) as info:
        rubric.evaluate({"a": "1e39"})
    assert str(info.value) == ("A1: a number too large to keep exact (over 60 digits) while scoring "
                               "(formula; actual = round(a × a × a × a, 20))")  # fmt: skip


REVERSE = perfscore.compile("总分 3\n指标 A1 甲 3 {\n  目标 10\n  实际 数值\n  按比例 反向\n}\n", language="en")


def test_the_audit_rescoring_a_published_actual_of_zero_gives_full_marks() -> None:
    # Reverse proportional: 3 × min(10 ÷ actual, 1); the data's actual 5 scores 3. Issue 10 item 6: the
    # published actual 0 is the best value, rescored as full marks 3, which agrees with the published 3
    # (was the division guard's EvaluationError): only the actual differs.
    found = [(f.kind, f.reason) for f in perfscore.audit(REVERSE, {"A1": 5}, {"A1": {"actual": "0", "score": "3"}})]
    assert found == [("actual", "the data give an actual of 5 for A1, not 0")]


def test_the_audit_rescores_a_published_actual_through_the_rule_and_its_bounds() -> None:
    # Published actual 20: 3 × 10/20 = 1.5, not the published 3; the data's actual is 5.
    found = [(f.severity, f.kind, f.reason) for f in perfscore.audit(REVERSE, {"A1": 5}, {"A1": {"actual": "20",
                                                                                                   "score": "3"}})]
    assert found == [("error", "actual", "the data give an actual of 5 for A1, not 20"),
                     ("error", "score", "the rule gives 1.5 for the published actual 20, not 3")]  # fmt: skip
    # Published actual 2: 3 × 10/2 = 15, clamped to the weight 3, so the published 3 agrees.
    assert [f.kind for f in perfscore.audit(REVERSE, {"A1": 5}, {"A1": {"actual": "2", "score": "3"}})] == ["actual"]


def test_a_reverse_proportional_own_actual_of_zero_earns_full_marks() -> None:
    # Issue 10 item 6: reversed (lower is better), 0 is the best value there is, so full marks (3),
    # not a division by zero; 5 against the target 10 earns 3 × 10 ÷ 5 capped at 1 = 3, and 20 earns 3 × 10 ÷ 20 = 1.5.
    rubric = perfscore.compile("总分 3\n指标 A1 甲 3 {\n  目标 10\n  实际 数值\n  按比例 反向\n}\n", language="en")
    assert rubric.evaluate({"A1": 0}).total == D("3.00")
    assert rubric.evaluate({"A1": 20}).total == D("1.50")
    assert rubric.evaluate({"A1": 0}).explain("A1") == "A1 甲：实际 0，越低越好，0 为最优值，得 3 分"


# ---------------------------------------------------------------- what each leaf reads


@pytest.mark.parametrize("rule", ["公式 a * weight", "目标 100%\n  实际 比率\n  按比例 低于则零分 a",
                                  "实际 比率\n  扣 1分 每 1% 低于 a", "实际 比率\n  线性 从 0% 到 a"])
def test_an_input_read_only_by_the_rule_is_missing_for_that_indicator(rule: str) -> None:
    rubric = perfscore.compile(f"总分 3\n输入 a 比率\n指标 A1 甲 3 {{\n  {rule}\n}}\n", language="en")
    assert problems(rubric, {"A1": "80%"}) == [("a", "A1", "missing")]


def test_an_input_read_by_a_cutoff_is_shown_in_the_explanation() -> None:
    # 80% ≥ the 60% cutoff: 3 × 80% = 2.4.
    rubric = perfscore.compile("总分 3\n输入 线 比率\n指标 A1 甲 3 {\n  目标 100%\n  实际 比率\n  按比例 低于则零分 线\n}\n", language="en")
    result = rubric.evaluate({"A1": "80%", "线": "60%"})
    assert result.explain("A1") == ("A1 甲：数据 线 = 60%，实际 80%，目标 100%，得分 = 3 × min(80% ÷ 100%, 1) = 2.4，"
                                    "得分 2.4 分")  # fmt: skip
    assert result.total == D("2.40")


def test_a_formula_rule_shows_the_inputs_it_reads() -> None:
    result = perfscore.compile("总分 3\n输入 a 数值\n指标 A1 甲 3 {\n  公式 min(a, weight)\n}\n", language="en").evaluate({"a": 2})
    assert result.explain("A1") == "A1 甲：数据 a = 2，公式 min(a, weight) = 2，得分 2 分"


JUDGED_WITH_ACTUAL = perfscore.compile("总分 3\n指标 A1 甲 3 {\n  实际 数值\n  评定 0分~3分\n}\n", language="en")


@pytest.mark.parametrize("value", [5, {"score": 2}, [5, 2]])
def test_an_actual_and_a_judged_score_must_come_as_one_table(value: Any) -> None:
    assert problems(JUDGED_WITH_ACTUAL, {"A1": value}) == [("A1", "A1", "expected a table {actual = …, score = …}")]


def test_an_actual_and_a_judged_score_in_one_table_score_the_judgement() -> None:
    result = JUDGED_WITH_ACTUAL.evaluate({"A1": {"actual": 5, "score": 2}})
    assert (result["A1"].actual, result["A1"].score) == (5, D("2.00"))


@pytest.mark.parametrize(("items", "data", "text"), [
    # 甲 5 of 10 → 50% × 30% = 15%; 乙 met → 70%: 85%, 10 × 85% = 8.5.
    ("    甲 30% 目标 10\n    乙 70%\n", {"甲": 5, "乙": True},
     ("X 完成：完成率（加权）= 85%［甲 5/10 = 50%；乙 100%］，实际 85%，目标 100%，"
     "得分 = 10 × min(85% ÷ 100%, 1) = 8.5，得分 8.5 分")),
    # Without shares the mean: (50% + 100%) ÷ 2 = 75%, 10 × 75% = 7.5.
    ("    甲 目标 10\n    乙\n", {"甲": 5, "乙": True},
     ("X 完成：完成率（平均）= 75%［甲 5/10 = 50%；乙 100%］，实际 75%，目标 100%，"
     "得分 = 10 × min(75% ÷ 100%, 1) = 7.5，得分 7.5 分")),
])  # fmt: skip
def test_a_completion_explains_every_item_and_whether_shares_weigh_them(items: str, data: Any, text: str) -> None:
    rubric = perfscore.compile(f"总分 10\n指标 X 完成 10 {{\n  目标 100%\n  实际 完成率 {{\n{items}  }}\n  按比例\n}}\n", language="en")
    assert rubric.evaluate({"X": data}).explain("X") == text


def test_a_deduction_beyond_the_weight_stops_at_zero_in_the_rule_itself() -> None:
    # 5 units × 1 point = 5 off a weight of 3: max(3 − 5, 0) = 0, within the rule (no separate clamp step).
    result = perfscore.compile("总分 3\n指标 A1 甲 3 {\n  实际 数值\n  扣 1分 每 1\n}\n", language="en").evaluate({"A1": 5})
    assert result.total == D("0.00")
    assert [s.kind for s in result["A1"].explanation.steps] == ["deduct"]
    assert result.explain("A1") == "A1 甲：实际 5 超过 0 5，每 1 一个单位，共 5 个单位，扣 5 × 1 = 5 分，得分 = max(3 − 5, 0)，得分 0 分"


# ---------------------------------------------------------------- readers at their edges

NUMBER = perfscore.compile("总分 3\n输入 a 数值\n指标 A1 甲 3 {\n  目标 1\n  实际 = a\n  按比例\n}\n", language="en")
OUT_OF_RANGE = "is out of range: measured values are below 10^40 and above 10^-40"


def test_a_python_int_just_below_10_to_the_40_is_read_and_10_to_the_40_refused() -> None:
    assert NUMBER.evaluate({"a": 10**40 - 1})["A1"].actual == 10**40 - 1
    assert problems(NUMBER, {"a": 10**40}) == [("a", "A1", f"1000000000…000000 (41 characters) {OUT_OF_RANGE}")]
    assert problems(NUMBER, {"a": -(10**40)}) == [("a", "A1", f"-100000000…000000 (42 characters) {OUT_OF_RANGE}")]


ITEMS = perfscore.compile("总分 10\n指标 X 完成 10 {\n  目标 100%\n  实际 完成率 {\n    甲\n    乙\n  }\n  按比例\n}\n", language="en")


@pytest.mark.parametrize(("first", "second", "total"), [
    ("是", "否", "5.00"),  # (1 + 0) ÷ 2 = 50%, 10 × 50% = 5
    ("符合", "50%", "7.50"),  # (1 + 0.5) ÷ 2 = 75%
    ("达标", "未达标", "5.00"),
    ("100%", 0, "5.00"),  # both ends of [0, 1] are fractions: (1 + 0) ÷ 2
    (1, "0%", "5.00"),
])  # fmt: skip
def test_a_judged_item_reads_yes_no_words_and_fractions_from_0_to_1(first: Any, second: Any, total: str) -> None:
    assert ITEMS.evaluate({"X": {"甲": first, "乙": second}}).total == D(total)


@pytest.mark.parametrize("value", ["150%", 1.5, "-10%"])
def test_a_judged_item_outside_0_to_1_is_refused(value: Any) -> None:
    assert problems(ITEMS, {"X": {"甲": value, "乙": True}}) == [
        ("X", "X", f"item '甲': {value} is not a fraction between 0 and 1 (write 50% or 0.5 for half met)")]


SURVEY = perfscore.compile("总分 4\n问卷 满意度 {\n  选项 满意 100%，不满意 0%\n  题目 甲 \"甲？\"\n}\n"
                           "指标 C 满意 4 {\n  目标 100%\n  实际 = 满意度\n  按比例\n}\n", language="en")  # fmt: skip


@pytest.mark.parametrize(("answers", "total"), [
    ({"满意": 3}, "4.00"),  # an option left out of the table had no answers: 3 of 3 satisfied, 100%
    ({"满意": 3, "不满意": 1}, "3.00"),  # 3 of 4: 75% × 4 = 3
    ([3, 1], "3.00"),
])  # fmt: skip
def test_survey_counts_by_option_count_a_missing_option_as_none(answers: Any, total: str) -> None:
    assert SURVEY.evaluate({"满意度": {"甲": answers}}).total == D(total)

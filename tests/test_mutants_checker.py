"""Checker rules a mutation run (bench/mutation.py, issue 15) left untested: what the maximum can reach
with a penalty group, surveys' excluded options, unweighted and mis-summed questions, the hint of an
unknown veto grade, types through ×, ranges of X / max(X, …) and of guarded branches, the 评分标准
wording check, empty intervals. The whole diagnostic pinned, through perfscore.compile only.
"""

from __future__ import annotations

import pytest

import perfscore


def error(text: str) -> str:
    with pytest.raises(perfscore.RubricError) as info:
        perfscore.compile(text, "r.perf", language="en")
    return str(info.value)


def warnings(text: str) -> list[str]:
    return [str(w) for w in perfscore.compile(text, "r.perf", language="en").warnings]


def test_a_penalty_cap_does_not_raise_the_reachable_maximum() -> None:
    # Reachable: 总分 10 + the bonus caps (none); the penalty's 5 is taken away, never added: 10 < 12.
    text = "总分 10\n最高分 12\n指标 A 甲 10 {\n  达标\n}\n减分项 P 扣 最多 5 {\n  指标 P1 乙 2 {\n    达标\n  }\n}\n"
    assert warnings(text) == [
        ("r.perf:2:1: warning: the maximum 12 can never be reached: the total plus bonus caps is 10\n"
        "    最高分 12\n"
        "    ^^^^^^")]  # fmt: skip


SURVEY = "总分 4\n问卷 S {{\n  选项 {options}\n{questions}}}\n指标 C21 甲 4 {{\n  目标 ≥ 90%\n  实际 = S\n  按比例\n}}\n"


def test_a_survey_whose_every_option_is_excluded_is_refused_at_its_first_option() -> None:
    assert error(SURVEY.format(options="满意 不计入，不满意 不计入", questions="  题目 q1\n")) == (
        "1 error(s) in rubric\n"
        "r.perf:3:6: error: every option in survey S is excluded (不计入): nothing is left to count\n"
        "      选项 满意 不计入，不满意 不计入\n"
        "           ^^^^^^^^^^^\n"
        "    hint: give the counted options their weights, e.g. `满意 100%`")  # fmt: skip


def test_the_question_without_a_weight_is_the_one_named() -> None:
    assert error(SURVEY.format(options="满意 100%，不满意 0%", questions="  题目 q1 权重 100%\n  题目 q2\n")) == (
        "1 error(s) in rubric\n"
        "r.perf:5:3: error: question q2 in survey S has no weight, but other questions do\n"
        "      题目 q2\n"
        "      ^^^^^^^\n"
        "    hint: weigh every question (权重 30%), or none to take their mean")  # fmt: skip


def test_question_weights_that_sum_past_100_percent_are_refused_with_their_sum() -> None:
    # 60% + 60% = 120%
    assert error(SURVEY.format(options="满意 100%，不满意 0%", questions="  题目 q1 权重 60%\n  题目 q2 权重 60%\n")) == (
        "1 error(s) in rubric\n"
        "r.perf:4:3: error: the question weights in survey S sum to 120%, not 100% (q1 60% + q2 60%)\n"
        "      题目 q1 权重 60%\n"
        "      ^^^^^^^^^^^^^^^^\n"
        "    hint: make them add up to 100%")  # fmt: skip


def test_question_weights_of_100_percent_compile() -> None:
    text = SURVEY.format(options="满意 100%，不满意 0%", questions="  题目 q1 权重 40%\n  题目 q2 权重 60%\n")
    # 40% × 100% + 60% × 50% = 70%; 4 × 70% ÷ 90% = 3.111… → 3.11
    data = {"S": {"q1": [10, 0], "q2": [5, 5]}}
    assert perfscore.compile(text, language="en").evaluate(data).total == perfscore.compile(text, language="en").evaluate(data)["C21"].score
    assert str(perfscore.compile(text, language="en").evaluate(data).total) == "3.11"


def test_an_unknown_veto_grade_lists_the_declared_grades() -> None:
    text = "总分 10\n评价等级 {\n 优 ≥ 90\n 良 [60, 90)\n 差 < 60\n}\n一票否决 违纪 等级最高 中等\n指标 A 甲 10 {\n  达标\n}\n"
    assert error(text) == (
        "1 error(s) in rubric\n"
        "r.perf:7:1: error: veto 违纪 caps the grade at 中等, which is not a declared grade\n"
        "    一票否决 违纪 等级最高 中等\n"
        "    ^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "    hint: declared grades: 优, 良, 差")  # fmt: skip


@pytest.mark.parametrize("product", ["x × 预算", "预算 × x"])
def test_a_number_times_an_amount_is_an_amount(product: str) -> None:
    # x (a number input) × 预算 (an amount), either way round, is an amount: plus a percentage is a type error
    text = f"总分 3\n输入 x 数值\n输入 预算 金额\n输入 a 比率\n指标 A1 甲 3 {{\n  公式 {product} + a\n}}\n"
    assert error(text).splitlines()[1:4] == [
        f"r.perf:6:6: error: an amount plus a percentage in the formula of A1: `{product} + a`",
        f"      公式 {product} + a",
        "           ^^^^^^^^^^^^"]  # fmt: skip


def test_x_over_a_max_containing_x_is_unbounded_when_x_can_be_negative() -> None:
    # x = −10: 3 × (−10) / max(−10, 1) = −30; the ratio bound [0, 3] holds only for x ≥ 0
    assert warnings("总分 3\n输入 x 数值\n指标 A1 甲 3 {\n  公式 3 × x / max(x, 1)\n}\n") == [
        ("r.perf:4:6: warning: the formula of A1 can give (-inf, inf), outside [0, 3]: such scores will be clamped\n"
        "      公式 3 × x / max(x, 1)\n"
        "           ^^^^^^^^^^^^^^^^^")]  # fmt: skip
    assert warnings("总分 3\n输入 x 数值 ≥ 0\n指标 A1 甲 3 {\n  公式 3 × x / max(x, 1)\n}\n") == []


def test_a_guard_against_a_range_does_not_narrow_the_name() -> None:
    # x < y with y in [0, ∞) says nothing about x's sign: the branch `x` stays [0, ∞)
    assert warnings("总分 3\n输入 x 数值 ≥ 0\n输入 y 数值 ≥ 0\n指标 A1 甲 3 {\n  公式 如果 x < y 则 x 否则 3\n}\n") == [
        ("r.perf:5:6: warning: the formula of A1 can give [0, inf), outside [0, 3]: such scores will be clamped\n"
        "      公式 如果 x < y 则 x 否则 3\n"
        "           ^^^^^^^^^^^^^^^^^^^^^^")]  # fmt: skip


CRITERIA = '总分 3\n指标 A1 甲 3 {{\n  目标 95%\n  按比例\n  评分标准 "{words}"\n}}\n'


@pytest.mark.parametrize("words", ["完成率达到95%得满分", "完成率达到95％得满分", "完成率达到950‰得满分",
                                   "完成率达到95个百分点得满分", "上报指标数为 912296。完成率达到95%得满分",
                                   "完成率达到95%得满分，1/0 不计"])  # fmt: skip
def test_wording_that_states_the_rules_numbers_is_not_warned(words: str) -> None:
    # 95% = 95％ = 950‰ = 0.95; "95 个百分点" read as 95%; 912296 is in a sentence that gives no points;
    # 1/0 is no number at all (and no division by zero)
    assert warnings(CRITERIA.format(words=words)) == []


def test_a_number_the_rule_does_not_use_is_underlined_exactly() -> None:
    # column 21 counts characters: 2 spaces, 评分标准, a space, the quote, 完成率达到, 95%, 得满分, ，
    # the caret sits under 12 in display width (CJK characters are two columns wide)
    assert warnings(CRITERIA.format(words="完成率达到95%得满分，12分")) == [
        ("r.perf:5:21: warning: the 评分标准 of A1 says 12, a number its rule does not use\n"
        '      评分标准 "完成率达到95%得满分，12分"\n'
        "                                     ^^\n"
        "    hint: correct the wording or the rule; the rule uses: 95%")]  # fmt: skip


def test_a_band_whose_edges_are_reversed_is_empty() -> None:
    text = "总分 3\n指标 A1 甲 3 {\n  目标 95%\n  分档 {\n    [95%, 90%)：100%\n    否则：0%\n  }\n}\n"
    assert error(text) == (
        "1 error(s) in rubric\n"
        "r.perf:5:5: error: band `[95%, 90%)` of A1 is empty\n"
        "        [95%, 90%)：100%\n"
        "        ^^^^^^^^^^\n"
        "    hint: write the lower edge first: `[90%, 95%)`")  # fmt: skip

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


# ---------------------------------------------------------------- second round (2026-12-03)


def test_a_literal_times_a_percentage_is_a_percentage() -> None:
    # 2 × 完成率: the literal 2 scales the percentage, so adding an amount mixes a percentage with an amount
    text = "总分 3\n输入 完成率 比率\n输入 预算 金额\n指标 A1 甲 3 {\n  公式 2 * 完成率 + 预算\n}\n"
    assert error(text) == (
        "1 error(s) in rubric\n"
        "r.perf:5:6: error: a percentage plus an amount in the formula of A1: `2 * 完成率 + 预算`\n"
        "      公式 2 * 完成率 + 预算\n"
        "           ^^^^^^^^^^^^^^^^^\n"
        "r.perf:5:6: warning: the formula of A1 can give (-inf, inf), outside [0, 3]: such scores will be clamped\n"
        "      公式 2 * 完成率 + 预算\n"
        "           ^^^^^^^^^^^^^^^^^")  # fmt: skip


def test_a_yes_no_inside_a_function_is_no_number() -> None:
    # abs() of a 是否: the yes/no is named, with the hint to use it as a condition
    assert error("总分 3\n输入 ok 是否\n指标 A1 甲 3 {\n  公式 abs(ok)\n}\n") == (
        "1 error(s) in rubric\n"
        "r.perf:4:6: error: ok, a yes/no (是否), used as a number in the formula of A1: `abs(ok)`\n"
        "      公式 abs(ok)\n"
        "           ^^^^^^^\n"
        "    hint: use it as a condition: `如果 ok 则 100% 否则 0`, or `当 ok：100%` in 分档; to count several, "
        "declare a 列表 是否 and use 计数(…)")  # fmt: skip


def test_a_condition_metric_used_as_a_number_is_called_a_condition() -> None:
    # ok is a metric (x > 1), not a 是否 input: "a condition", not "ok, a yes/no"
    assert error("总分 3\n输入 x 数值\n计算 ok = x > 1\n计算 m = ok + 1\n指标 A1 甲 3 {\n  公式 m\n}\n") == (
        "1 error(s) in rubric\n"
        "r.perf:4:8: error: a condition used as a number in metric m: `ok + 1`\n"
        "    计算 m = ok + 1\n"
        "             ^^^^^^\n"
        "    hint: compare a number instead, or use 如果 … 则 … 否则 …")  # fmt: skip


def test_min_over_its_denominator_is_unbounded_when_the_other_argument_can_be_negative() -> None:
    # x = −10, d = 1: 3 × min(−10, 1) / 1 = −30; the bound [0, 3] holds only when min's arguments are ≥ 0
    assert warnings("总分 3\n输入 x 数值\n输入 d 数值 > 0\n指标 A1 甲 3 {\n  公式 3 × min(x, d) / d\n}\n") == [
        ("r.perf:5:6: warning: the formula of A1 can give (-inf, inf), outside [0, 3]: such scores will be clamped\n"
        "      公式 3 × min(x, d) / d\n"
        "           ^^^^^^^^^^^^^^^^^")]  # fmt: skip
    assert warnings("总分 3\n输入 x 数值 ≥ 0\n输入 d 数值 > 0\n指标 A1 甲 3 {\n  公式 3 × min(x, d) / d\n}\n") == []


def test_roll_up_shares_must_make_100_percent() -> None:
    indicator = "总分 3\n指标 A1 甲 3 {\n  达标\n}\n"
    assert warnings("上级得分 上级单位 本级 70% 下级平均 30%\n" + indicator) == []  # 70% + 30% = 100%
    assert error("上级得分 上级单位 本级 70% 下级平均 40%\n" + indicator) == (  # 70% + 40% = 110%
        "1 error(s) in rubric\n"
        "r.perf:1:1: error: the shares of 上级得分 (roll_up), own 70% and subordinates 40%, must sum to 100%, not 110%\n"
        "    上级得分 上级单位 本级 70% 下级平均 40%\n"
        "    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "    hint: e.g. `上级得分 所属地市 本级 70% 下级平均 30%`, or the subordinates' mean alone: "
        "`上级得分 所属地市 下级平均 100%`")  # fmt: skip


def test_a_question_weighing_0_percent_is_refused_though_the_weights_make_100() -> None:
    text = SURVEY.format(options="满意 100%，不满意 0%", questions="  题目 q1 权重 0%\n  题目 q2 权重 100%\n")
    assert error(text) == (
        "1 error(s) in rubric\n"
        "r.perf:4:3: error: q1 in survey S weighs 0%: it must be more than 0\n"
        "      题目 q1 权重 0%\n"
        "      ^^^^^^^^^^^^^^^")  # fmt: skip


def test_a_grade_condition_that_is_a_number_is_refused() -> None:
    assert error("总分 10\n评价等级 {\n  优 当 总分 + 1\n  差 否则\n}\n指标 A1 甲 10 {\n  达标\n}\n") == (
        "1 error(s) in rubric\n"
        "r.perf:3:7: error: the condition of grade 优 is a number, not a condition: `总分 + 1`\n"
        "      优 当 总分 + 1\n"
        "            ^^^^^^^^\n"
        "    hint: compare it, e.g. `当 得分率(C1) < 80%`")  # fmt: skip


@pytest.mark.parametrize(("declared", "hint"), [
    ("状态 选项 {已完工, 在建}", "compare it with an option: `状态 == …`"),
    ("状态 日期", "compare it, e.g. `报送日期 <= 截止日期`"),
])  # fmt: skip
def test_an_option_or_a_date_used_as_a_condition_gets_its_own_hint(declared: str, hint: str) -> None:
    what = "an option" if "选项" in declared else "a date"
    assert error(f"总分 3\n输入 {declared}\n指标 A1 甲 3 {{\n  公式 如果 状态 则 3 否则 0\n}}\n") == (
        "1 error(s) in rubric\n"
        f"r.perf:4:6: error: {what} used as a condition in the formula of A1: `如果 状态 则 3 否则 0`\n"
        "      公式 如果 状态 则 3 否则 0\n"
        "           ^^^^^^^^^^^^^^^^^^^^^\n"
        f"    hint: {hint}")  # fmt: skip


def test_a_count_of_a_list_comparison_is_at_least_0() -> None:
    # 计数(…) ≥ 0, so 计数(…) − 1 ≥ −1
    text = "总分 3\n输入 站点得分率 列表 比率\n指标 A1 甲 3 {\n  公式 计数(站点得分率 >= 60%) - 1\n}\n"
    assert warnings(text) == [
        ("r.perf:4:6: warning: the formula of A1 can give [-1, inf), outside [0, 3]: such scores will be clamped\n"
        "      公式 计数(站点得分率 >= 60%) - 1\n"
        "           ^^^^^^^^^^^^^^^^^^^^^^^^^^^")]  # fmt: skip


LEAF = "总分 6\n指标 A1 甲 3 {{\n  目标 {target}\n  实际 {kind}\n  按比例\n}}\n指标 A2 乙 3 {{\n  公式 {formula}\n}}\n"


def test_another_indicators_actual_has_its_type() -> None:
    # 实际(A1) is a percentage: plus points is a type error
    assert error(LEAF.format(target="100%", kind="比率", formula="实际(A1) + 1分")).splitlines()[1:4] == [
        "r.perf:8:6: error: a percentage plus points in the formula of A2: `实际(A1) + 1分`",
        "      公式 实际(A1) + 1分",
        "           ^^^^^^^^^^^^^^"]  # fmt: skip


def test_another_indicators_actual_read_as_an_amount_is_at_least_0() -> None:
    # An amount read from the data is ≥ 0: min(实际(A1), 3) is in [0, 3]; a 数值 can be negative: (-inf, 3]
    assert warnings(LEAF.format(target="100", kind="金额", formula="min(实际(A1), 3)")) == [
        ("r.perf:8:6: warning: the formula of A2 gives an amount, not points\n"
        "      公式 min(实际(A1), 3)\n"
        "           ^^^^^^^^^^^^^^^^\n"
        "    hint: multiply by weight, e.g. `weight * actual / target`")]  # fmt: skip
    assert warnings(LEAF.format(target="100", kind="数值", formula="min(实际(A1), 3)")) == [
        ("r.perf:8:6: warning: the formula of A2 can give (-inf, 3], outside [0, 3]: such scores will be clamped\n"
        "      公式 min(实际(A1), 3)\n"
        "           ^^^^^^^^^^^^^^^^")]  # fmt: skip


def test_an_actual_using_its_own_actual_is_a_cycle_not_a_crash() -> None:
    text = "总分 6\n指标 A1 甲 3 {\n  实际 = 实际(A1) + 1\n  目标 100%\n  按比例\n}\n指标 A2 乙 3 {\n  公式 实际(A1)\n}\n"
    assert error(text) == (
        "1 error(s) in rubric\n"
        "r.perf:3:8: error: A1 depends on its own score: A1 → A1\n"
        "      实际 = 实际(A1) + 1\n"
        "             ^^^^^^^^\n"
        "    hint: a score cannot use itself, directly, through other indicators")  # fmt: skip


PEERS = "总分 10\n输入 执行数 金额 > 0\n输入 预算数 金额 > 0\n计算 执行率 = 执行数 / 预算数\n"


def test_a_rank_is_at_least_1_so_dividing_by_it_is_bounded() -> None:
    # 排名 ≥ 1: 10 / 排名 is in (0, 10], within the weight; no division by 0
    assert warnings(PEERS + "指标 A1 甲 10 {\n  公式 10 / 排名(执行率)\n}\n") == []


def test_a_peer_figure_of_another_actual_has_that_actuals_type_and_range() -> None:
    leaf = "指标 A1 甲 5 {{\n  实际 = {actual}\n  目标 100%\n  按比例\n}}\n指标 A2 乙 5 {{\n  公式 {formula}\n}}\n"
    # 最优值(实际(A1)) is a percentage, as 实际(A1) is: plus points is a type error
    assert error(PEERS + leaf.format(actual="执行率", formula="最优值(实际(A1)) + 1分")).splitlines()[1] == (
        "r.perf:11:6: error: a percentage plus points in the formula of A2: `最优值(实际(A1)) + 1分`")
    # 执行率 − 1 is in (−1, ∞) (执行率 > 0): 5 × its best is in (−5, ∞)
    assert warnings(PEERS + leaf.format(actual="执行率 - 1", formula="5 × 最优值(实际(A1))")) == [
        ("r.perf:11:6: warning: the formula of A2 can give (-5, inf), outside [0, 5]: such scores will be clamped\n"
        "      公式 5 × 最优值(实际(A1))\n"
        "           ^^^^^^^^^^^^^^^^^^^^")]  # fmt: skip


def test_round_of_one_argument_and_of_named_places() -> None:
    # round(3 × x) with x in [0, 100%]: no places given, 0; a named number of places is refused
    assert warnings("总分 3\n输入 x 比率 [0, 100%]\n指标 A1 甲 3 {\n  公式 round(3 × x)\n}\n") == [
        ("r.perf:4:6: warning: the formula of A1 gives a percentage, not points\n"
        "      公式 round(3 × x)\n"
        "           ^^^^^^^^^^^^\n"
        "    hint: multiply by weight, e.g. `weight * actual / target`")]  # fmt: skip
    assert error("总分 3\n输入 x 比率 [0, 100%]\n输入 n 数量\n指标 A1 甲 3 {\n  公式 round(3 × x, n)\n}\n").endswith(
        "r.perf:5:19: error: round() in the formula of A1 needs a whole number of places from 0 to 20, like 2\n"
        "      公式 round(3 × x, n)\n"
        "                        ^")  # fmt: skip


def test_a_bare_1_against_a_percentage_is_not_warned() -> None:
    # 1 is 100% either way; only a bare number above 1 (5 read as 500%) is suspicious
    assert warnings("总分 3\n指标 A1 甲 3 {\n  实际 比率\n  线性 从 0 到 1\n}\n") == []


def test_x_over_a_max_containing_x_when_x_can_be_negative_is_ranged_by_its_product() -> None:
    # x in [−1, 2]: 2 × x is in [−2, 4], max(x, 1) in [1, 2], so the quotient is within [−2, 4] (sound, not tight)
    assert warnings("总分 3\n输入 x 数值 [-1, 2]\n指标 A1 甲 3 {\n  公式 2 × x / max(x, 1)\n}\n") == [
        ("r.perf:4:6: warning: the formula of A1 can give [-2, 4], outside [0, 3]: such scores will be clamped\n"
        "      公式 2 × x / max(x, 1)\n"
        "           ^^^^^^^^^^^^^^^^^")]  # fmt: skip


def test_bands_awarding_ranges_are_read_by_their_middles() -> None:
    # ≥ 90%: 8~10 (middle 9), [60%, 90%): 4~6 (middle 5), otherwise 0: a higher actual earns more, as 目标 ≥ 90% asks
    text = ("总分 10\n指标 A1 甲 10 {\n  目标 ≥ 90%\n  实际 比率\n  分档 {\n    ≥ 90%：8分~10分\n    [60%, 90%)：4分~6分\n"
            "    否则：0分\n  }\n}\n")  # fmt: skip
    assert warnings(text) == []


def test_a_date_minus_whole_days_is_a_date() -> None:
    # 报送 − (截止 − 3 days) with both on 2024-01-10: 3 days over 0, 1 point each: 5 − 3 = 2
    text = "总分 5\n输入 截止 日期\n输入 报送 日期\n指标 A1 甲 5 {\n  实际 = 报送 - (截止 - 3)\n  扣 1分 每 1 超过 0\n}\n"
    rubric = perfscore.compile(text, "r.perf", language="en")
    assert rubric.warnings == ()
    assert str(rubric.evaluate({"截止": "2024-01-10", "报送": "2024-01-10"}).total) == "2.00"


CAPPED_A1 = "总分 7\n指标 A1 甲 4 {\n  目标 100%\n  实际 比率\n  按比例 封顶 120%\n}\n指标 A2 乙 3 {\n  公式 FORMULA\n}\n"


@pytest.mark.parametrize(("formula", "ranged", "carets"), [
    ("得分(A1) + 1", "[1, 5.8]", "^^^^^^^^^^^^"),     # A1 scores 0 … 4 × 120% = 4.8; plus 1
    ("3 × 得分率(A1)", "[0, 3.6]", "^^^^^^^^^^^^^^"),  # A1's 得分率 is 0 … 120%
])  # fmt: skip
def test_another_indicators_score_and_rate_reach_its_cap(formula: str, ranged: str, carets: str) -> None:
    assert warnings(CAPPED_A1.replace("FORMULA", formula)) == [
        f"r.perf:8:6: warning: the formula of A2 can give {ranged}, outside [0, 3]: such scores will be clamped\n"
        f"      公式 {formula}\n"
        f"           {carets}"]  # fmt: skip


def test_a_grade_condition_dividing_by_the_total_can_divide_by_0() -> None:
    # 总分 is in [0, 10]: 10 / 总分 can divide by 0
    assert error("总分 10\n评价等级 {\n  优 当 10 / 总分 >= 1\n  差 否则\n}\n指标 A1 甲 10 {\n  达标\n}\n") == (
        "1 error(s) in rubric\n"
        "r.perf:3:12: error: the condition of grade 优 divides by 总分, which can be 0\n"
        "      优 当 10 / 总分 >= 1\n"
        "                 ^^^^\n"
        "    hint: guard the division: `如果 分母 > 0 则 … 否则 …`")  # fmt: skip


def test_a_list_used_as_a_condition_gets_the_aggregate_hint() -> None:
    assert error("总分 3\n输入 站点得分率 列表 比率\n指标 A1 甲 3 {\n  公式 如果 站点得分率 则 3 否则 0\n}\n") == (
        "1 error(s) in rubric\n"
        "r.perf:4:6: error: a list used as a condition in the formula of A1: `如果 站点得分率 则 3 否则 0`\n"
        "      公式 如果 站点得分率 则 3 否则 0\n"
        "           ^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "    hint: aggregate and compare it, e.g. `平均(站点得分率) >= 90%`")  # fmt: skip


def test_a_share_of_a_list_is_between_0_and_1() -> None:
    # 占比(站点达标) in [0, 1]: 3 × it is within the weight 3
    assert warnings("总分 3\n输入 站点达标 列表 是否\n指标 A1 甲 3 {\n  公式 3 × 占比(站点达标)\n}\n") == []


# ---- a fresh draw (seed 2) of the checker's mutants


def test_round_of_a_positive_input_with_no_places_is_positive_so_a_division_by_it_is_safe() -> None:
    # y in [1, 10]: round(y) in [1, 10], never 0
    text = "总分 4\n输入 y 数值 [1, 10]\n输入 z 数值 ≥ 0\n计算 m = z / round(y)\n指标 A 甲 4 {\n  目标 1\n  实际 = m\n  按比例\n}\n"
    assert warnings(text) == []
    # y in [0, 10]: round(y) can be 0
    assert "can be 0" in error(text.replace("[1, 10]", "[0, 10]"))


def test_a_roll_up_column_that_is_an_input_is_refused() -> None:
    text = "总分 4\n输入 所属地市 数值\n上级得分 所属地市 本级 70% 下级平均 30%\n指标 A 甲 4 {\n  达标\n}\n"
    assert error(text) == (
        "1 error(s) in rubric\n"
        "r.perf:3:1: error: the column 所属地市 of 上级得分 (roll_up) names each unit's superior: it is not an input\n"
        "    上级得分 所属地市 本级 70% 下级平均 30%\n"
        "    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "    hint: remove `输入 所属地市 …`, or name the superior in another column")  # fmt: skip


def test_round_to_places_keeps_a_positive_input_above_0() -> None:
    # y in [0.3, 10]: round(y, 2) in [0.30, 10], never 0 (rounded to 0 places it could be 0)
    text = "总分 4\n输入 y 数值 [0.3, 10]\n输入 z 数值 ≥ 0\n计算 m = z / round(y, 2)\n指标 A 甲 4 {\n  目标 1\n  实际 = m\n  按比例\n}\n"
    assert warnings(text) == []
    assert "can be 0" in error(text.replace("round(y, 2)", "round(y)"))


def test_a_yes_no_compared_with_a_number_gets_the_condition_hint() -> None:
    assert error("总分 4\n输入 ok 是否\n指标 A 甲 4 {\n  公式 如果 ok == 1 则 4 否则 0\n}\n") == (
        "1 error(s) in rubric\n"
        "r.perf:4:9: error: a yes/no compared with a number in the formula of A: `ok == 1`\n"
        "      公式 如果 ok == 1 则 4 否则 0\n"
        "                ^^^^^^^\n"
        "    hint: use it as a condition: `如果 ok 则 …`, or `非 ok` for no")  # fmt: skip


BANDS_OVER = "总分 4\n输入 n {kind}\n指标 A 甲 4 {{\n  实际 = n\n  分档 {{\n    [0, 1]: 4分\n    [2, 5]: 2分\n    > 5: 0分\n  }}\n}}\n"


def test_bands_over_a_count_leave_no_gap_between_whole_numbers() -> None:
    assert warnings(BANDS_OVER.format(kind="数量")) == []  # a count of 1 or of 2: nothing between
    assert "actual in (1, 2) matches no band" in error(BANDS_OVER.format(kind="数值"))  # 1.5 is a number


def test_the_fix_for_a_denominator_declares_it_positive_in_place() -> None:
    text = "总分 4\n输入 a 数值\n输入 b 数值\n计算 m = a / b\n指标 A 甲 4 {\n  目标 1\n  实际 = m\n  按比例\n}\n"
    with pytest.raises(perfscore.CheckError) as caught:
        perfscore.compile(text, "r.perf", language="en")
    fix = caught.value.diagnostics[0].fix
    assert fix is not None and fix.replacement == "输入 b 数值 > 0" and text[fix.span.start : fix.span.end] == "输入 b 数值"


RANKED = "总分 4\n输入 执行数 金额 > 0\n输入 预算数 金额 > 0\n计算 执行率 = 执行数 / 预算数\n"


def test_bands_over_a_rank_start_at_1_and_leave_no_gap_between_places() -> None:
    # 第1名 4分，第2~5名 2分，其后 0分: a rank is a whole number from 1, so [1, 1] and [2, 5] meet
    bands = "指标 A 甲 4 {\n  实际 = 排名(执行率)\n  分档 {\n    [1, 1]: 4分\n    [2, 5]: 2分\n    > 5: 0分\n  }\n}\n"
    assert warnings(RANKED + bands) == []
    # … and rank 1 is reached: bands starting above it leave it out
    assert error(RANKED + bands.replace("    [1, 1]: 4分\n    [2, 5]: 2分\n", "    (1, 5]: 2分\n")) == (
        "1 error(s) in rubric\n"
        "r.perf:8:5: error: bands of A leave a gap: actual in [1, 1] matches no band\n"
        "        (1, 5]: 2分\n"
        "        ^^^^^^^^^^^\n"
        "    hint: add a band for it, or end with `否则：0分` (otherwise)")  # fmt: skip


def test_the_best_value_of_a_rate_is_a_rate() -> None:
    text = RANKED + "指标 A 甲 4 {\n  实际 = 最优值(执行率)\n  目标 100\n  按比例\n}\n"
    assert warnings(text) == [
        "r.perf:7:6: warning: the target `100` of A compares a percentage with 100, which is 10000%\n"
        "      目标 100\n"
        "           ^^^\n"
        "    hint: write 100% if a percentage is meant"]  # fmt: skip


def test_a_formula_over_its_weight_in_a_group_is_warned_of() -> None:
    # inside an ordinary group (not a 加分项), a score above the weight is clamped: warned
    assert warnings("总分 4\n输入 x 数值 [0, 10]\n分组 G 组 4 {\n  指标 A 甲 4 {\n    公式 x\n  }\n}\n") == [
        "r.perf:5:8: warning: the formula of A can give [0, 10], outside [0, 4]: such scores will be clamped\n"
        "        公式 x\n"
        "             ^"]  # fmt: skip

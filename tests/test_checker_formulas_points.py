"""Checker bugs of issue 10: formulas that give points are not "a percentage"; bounded quotients are
bounded; 如果 guards on an expression are recognised; a cap lets the maximum be reached."""

from __future__ import annotations

import perfscore


def warnings(text: str) -> list[str]:
    return [str(w).splitlines()[0] for w in perfscore.compile(text, "r.perf", language="en").warnings]


def errors(text: str) -> list[str]:
    try:
        perfscore.compile(text, "r.perf", language="en")
    except perfscore.CheckError as exc:
        return [str(d).splitlines()[0] for d in exc.diagnostics]
    return []


def formula(expr: str, inputs: str, extra: str = "") -> str:
    return f"总分 4\n{inputs}\n指标 B1 甲 4 {{\n{extra}  公式 {expr}\n}}\n"


# 上半年、下半年 are the two half-year scores (points, 0 to 4): "上半年得分×40%+下半年得分×60%".
HALVES = "输入 上半年 数值 >= 0\n输入 下半年 数值 >= 0"


def test_a_number_times_a_percentage_is_a_number_not_a_percentage() -> None:
    # 上半年 × 40% was typed as a percentage (40% × 上半年 was a number): now both are numbers.
    found = warnings(formula("上半年 × 40% + 下半年 × 60%", HALVES))
    assert found == ["r.perf:5:6: warning: the formula of B1 can give [0, inf), outside [0, 4]: such scores will "
                     "be clamped"]  # fmt: skip
    assert warnings(formula("40% × 上半年 + 60% × 下半年", HALVES)) == found


def test_a_rate_scaled_by_plain_numbers_is_points() -> None:
    # "完成率每超过90%一个百分点得0.7分": 70 × actual − 63 is 0 at 90% and 4 at 95.71…%; no "percentage" warning.
    text = formula("70 × actual − 63", "输入 完成率 比率 >= 0", "  实际 = 完成率\n")
    assert warnings(text) == ["r.perf:5:6: warning: the formula of B1 can give [-63, inf), outside [0, 4]: such "
                              "scores will be clamped"]  # fmt: skip


def test_a_rate_alone_is_still_a_percentage_not_points() -> None:
    # min(actual / 90%, 1) forgets the weight: still warned (the 1 bounds min(), it does not scale).
    text = formula("min(actual / 90%, 1)", "输入 满意度 比率 >= 0", "  实际 = 满意度\n")
    assert warnings(text) == ["r.perf:5:6: warning: the formula of B1 gives a percentage, not points"]


def test_weight_times_target_over_the_larger_is_within_the_weight() -> None:
    # "实际值低于目标值得满分，否则得分=目标值/实际值×权重分": weight × target / max(actual, target) ∈ (0, 4].
    inputs = "输入 目标值 比率 > 0\n输入 实际值 比率 >= 0"
    assert warnings(formula("weight × target / max(actual, target)", inputs,
                            "  目标 ≤ 目标值\n  实际 = 实际值\n")) == []  # fmt: skip
    # and its mirror, the smaller over the target: weight × min(actual, target) / target ∈ [0, 4]
    assert warnings(formula("weight × min(actual, target) / target", inputs,
                            "  目标 目标值\n  实际 = 实际值\n")) == []  # fmt: skip
    # without the shared part it is unbounded as before: weight × 目标值 / max(actual, 1%) ∈ (0, inf)
    assert warnings(formula("weight × 目标值 / max(actual, 1%)", inputs, "  实际 = 实际值\n")) == [
        "r.perf:6:6: warning: the formula of B1 can give (0, inf), outside [0, 4]: such scores will be clamped"]


CHANGE = "输入 上年 金额 >= 0\n输入 本年 金额 >= 0"


def test_a_guard_on_an_expression_denominator_is_recognised() -> None:
    # The hint itself says `如果 分母 > 0 则 …`: a guard on 上年 − 本年 now covers a division by it.
    unguarded = "min(本年 / (上年 - 本年), 1) × weight"
    assert errors(formula(unguarded, CHANGE)) == [
        "r.perf:5:16: error: the formula of B1 divides by 上年 - 本年, which can be 0"]
    for guard in ("如果 上年 - 本年 > 0 则 {} 否则 0", "如果 0 < 上年 - 本年 则 {} 否则 0",
                  "如果 上年 - 本年 == 0 则 0 否则 {}", "如果 上年 - 本年 <= 0 则 0 否则 {}"):  # fmt: skip
        assert errors(formula(guard.format(unguarded), CHANGE)) == [], guard
    # a guard on something else guards nothing
    assert errors(formula(f"如果 上年 + 本年 > 0 则 {unguarded} 否则 0", CHANGE)) == [
        "r.perf:5:33: error: the formula of B1 divides by 上年 - 本年, which can be 0"]


MAXIMUM = "总分 10\n最高分 {}\n指标 X1 甲 10 {{\n 目标 100%\n 实际 比率\n 按比例{}\n}}\n"


def test_a_cap_above_the_weight_lets_the_maximum_be_reached() -> None:
    # 按比例 封顶 120% on a 10-point indicator can score 12: a maximum of 12 is reachable, 13 is not.
    assert warnings(MAXIMUM.format(12, " 封顶 120%")) == []
    assert warnings(MAXIMUM.format(13, " 封顶 120%")) == [
        "r.perf:2:1: warning: the maximum 13 can never be reached: the total plus bonus caps and what capped "
        "rules award above their weights is 12"]
    assert warnings(MAXIMUM.format(12, "")) == [
        "r.perf:2:1: warning: the maximum 12 can never be reached: the total plus bonus caps is 10"]


def test_a_computed_bound_is_shown_to_six_digits_not_sixty() -> None:
    # x in [0, 10]: x / 3 × 4 is at most 40/3 = 13.3333…, shown 13.3333… (it was 13. and 58 threes);
    # x × 2 / 3 − 0.00001 is at most 6.66665666…, rounded half up to six digits 6.66666…; written edges stay exact
    text = "总分 4\n输入 x 数值 [0, 10]\n指标 B1 甲 4 {{\n  公式 {}\n}}\n"
    assert warnings(text.format("x / 3 × 4")) == [
        "r.perf:4:6: warning: the formula of B1 can give [0, 13.3333…], outside [0, 4]: such scores will be clamped"]
    assert warnings(text.format("x × 2 / 3 − 0.00001")) == [
        "r.perf:4:6: warning: the formula of B1 can give [-0.00001, 6.66666…], outside [0, 4]: such scores will be "
        "clamped"]
    assert warnings(text.format("x × 1.23456789")) == [
        "r.perf:4:6: warning: the formula of B1 can give [0, 12.3456789], outside [0, 4]: such scores will be clamped"]


def test_a_reversed_cutoff_is_warned_to_zero_the_best_values() -> None:
    # 反向: 10 days beats 25; 低于则零分 30 zeroes every actual below 30, the best ones. The hint's formula compiles
    # cleanly and scores 0 above 30 instead: 0 → 10 (a = 0 is full marks), 25 → 10 × 20 / 25 = 8, 40 → 0
    text = "总分 10\n指标 A1 用时 10 {{\n 目标 20\n 实际 数值\n {}\n}}\n"
    found = perfscore.compile(text.format("按比例 反向 低于则零分 30"), "r.perf", language="en").warnings
    assert [(w.code, w.line, w.column) for w in found] == [("direction", 5, 15)]
    assert found[0].message == ("the reverse proportional rule of A1 has 低于则零分 30 (cutoff): an actual below 30 "
                                "scores 0, but reversed a lower actual is better, so the best values score 0")
    hinted = str(found[0].hint).split("`")[1].removeprefix("公式 ")
    assert hinted == "如果 actual > 30 则 0 否则 如果 actual == 0 则 weight 否则 weight × min(target / actual, 1)"
    rubric = perfscore.compile(text.format("公式 " + hinted))
    assert rubric.warnings == ()
    assert [str(rubric.evaluate({"A1": a}).total) for a in (0, 25, 40)] == ["10.00", "8.00", "0.00"]
    assert warnings(text.format("按比例 低于则零分 30")) == []  # not reversed: below 30 is the worst, no warning


def test_the_otherwise_branch_of_an_or_knows_both_parts_failed() -> None:
    # 否则 of (actual > 30 或 actual <= 0) has 0 < actual <= 30: target / actual divides by no 0, in [20/30, inf)
    text = formula("如果 actual > 30 或 actual <= 0 则 0 否则 weight × min(target / actual, 1)", "", "  目标 20\n  实际 数值\n")
    assert errors(text) == [] and warnings(text) == []
    assert errors(text.replace(" 或 ", " 且 ")) == [  # 否则 of (A 且 B) knows neither failed: actual may be 0
        "r.perf:6:64: error: the formula of B1 divides by actual, which can be 0"]


def test_a_bare_target_beside_a_rule_in_percentages_is_an_error() -> None:
    # 目标 ≥ 95 typed the actual a plain number: the data's 91 fell in ≥ 95% (91 ≥ 0.95, 10 points) and "91%" was
    # refused. A fraction target (0.95) compares rightly, and so does 95%: no error for either
    text = "总分 10\n指标 A1 甲 10 {{\n 目标 ≥ {}\n 分档 {{\n  ≥ 95%：10分\n  [90%, 95%)：5分\n  否则：0分\n }}\n}}\n"
    assert errors(text.format("95")) == [
        "r.perf:3:7: error: the target 95 of A1 has no %, so its actual is read as a plain number, but its rule is "
        'written in percentages (95%): an actual of 95 would be compared with 95% as a fraction, and "95%" refused']
    assert errors(text.format("0.95")) == [] and errors(text.format("95%")) == []
    fixed = perfscore.compile(text.format("95%"))
    assert [str(fixed.evaluate({"A1": a}).total) for a in ("91%", "96%")] == ["5.00", "10.00"]
    # a linear rule's ends in % too; a proportional rule has no literal, so a bare target is its unit
    assert errors("总分 4\n指标 A1 甲 4 {\n 目标 95\n 线性 从 60% 到 100%\n}\n")[0].startswith(
        "r.perf:3:5: error: the target 95 of A1 has no %")
    assert errors("总分 4\n指标 A1 甲 4 {\n 目标 95\n 按比例\n}\n") == []

"""Rule modules a mutation run (bench/mutation.py, issue 15) never reached or left with survivors:
线性 (linear), 按次 (per occurrence), 按比例 (proportional), 达标 (binary) and the shared rule code.
Every expected value is worked out by hand in the comment beside it; through perfscore.compile,
Rubric.evaluate, Result.explain, perfscore.audit and the CLI only."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

import perfscore
from perfscore import ast
from perfscore.cli import main
from perfscore.render import criteria_text
from perfscore.tree import input_units


def one(rule: str, clauses: str = "", weight: str = "4") -> perfscore.Rubric:
    """A rubric of one indicator A1 worth `weight` of a total `weight`."""
    return perfscore.compile(f"总分 {weight}\n指标 A1 甲 {weight} {{\n{clauses}  {rule}\n}}\n")


def score(rubric: perfscore.Rubric, actual: object) -> D:
    return rubric.evaluate({"A1": actual})["A1"].score


def error(text: str) -> str:
    with pytest.raises(perfscore.RubricError) as info:
        perfscore.compile(text, "r.perf", language="en")
    return str(info.value)


def formatted(text: str, tmp_path: Path) -> str:
    path = tmp_path / "r.perf"
    path.write_text(text, encoding="utf-8")
    assert main(["fmt", str(path)]) == 0
    return path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- 线性 (linear)

RISING = one("线性 从 60% 到 100%")  # no 实际 clause: the actual is read from the data under A1


@pytest.mark.parametrize(("actual", "expected"), [
    ("50%", "0.00"),    # below the zero end: 0
    ("60%", "0.00"),    # at the zero end: 4 × 0 / 40 = 0
    ("70%", "1.00"),    # 4 × (70 − 60) / (100 − 60) = 4 × 10 / 40 = 1
    ("90%", "3.00"),    # 4 × 30 / 40 = 3
    ("100%", "4.00"),   # at the full end: 4
    ("110%", "4.00"),   # past it: still 4
])  # fmt: skip
def test_a_rising_line_from_a_zero_end_above_0(actual: str, expected: str) -> None:
    assert str(score(RISING, actual)) == expected


FALLING = one("线性 从 20% 到 10%", "  实际 比率\n", weight="3")


@pytest.mark.parametrize(("actual", "expected"), [
    ("25%", "0.00"),   # past the zero end (higher is worse): 0
    ("20%", "0.00"),   # exactly at it: 3 × (20 − 20) / (10 − 20) = 0 / −10, which Decimal signs −0: must print 0.00
    ("15%", "1.50"),   # 3 × (15 − 20) / (10 − 20) = 3 × 0.5
    ("10%", "3.00"),   # at the full end
    ("5%", "3.00"),    # past it
])  # fmt: skip
def test_a_falling_line_scores_0_never_minus_0_at_its_zero_end(actual: str, expected: str) -> None:
    result = FALLING.evaluate({"A1": actual})
    assert str(result["A1"].score) == expected  # str: Decimal('-0.00') == Decimal('0.00'), but prints -0.00
    assert result.to_dict()["total"] == expected


def test_the_falling_line_at_its_zero_end_explains_0_percent() -> None:
    # the share used is 0, not −0: "3 × 0%"; in the JSON steps (actual, low, high, fraction, used, weight) "0"
    result = FALLING.evaluate({"A1": "20%"})
    assert result.explain("A1") == "A1 甲：实际 20%，在 20%（0 分）与 10%（满分）之间按线性插值，得分 = 3 × 0%，得分 0 分"
    assert result.to_dict()["nodes"][0]["steps"][0]["values"][4:] == ["0", "3"]


def test_a_linear_score_is_explained_with_its_ends_and_share() -> None:
    # (70 − 60) / (100 − 60) = 25%; 4 × 25% = 1
    assert RISING.evaluate({"A1": "70%"}).explain("A1") == (
        "A1 甲：实际 70%，在 60%（0 分）与 100%（满分）之间按线性插值，得分 = 4 × 25%，得分 1 分")


def test_the_audit_rescores_a_published_linear_actual_by_the_rule() -> None:
    # The report's actual 70% scores 4 × 10 / 40 = 1 by the rule, not the published 2.
    report = perfscore.audit(RISING, {"A1": "70%"}, {"A1": {"actual": "70%", "score": "2"}}, language="en")
    assert [(f.severity, f.kind, f.expected, f.reason) for f in report] == [
        ("error", "score", "1", "the rule gives 1 for the published actual 70%, not 2")]


def warnings(text: str) -> list[str]:
    return [str(w) for w in perfscore.compile(text, "r.perf", language="en").warnings]


def test_linear_ends_are_checked_against_the_actuals_type() -> None:
    # a percentage actual between the plain numbers 5 and 10 (500% and 1000%): each end is warned
    assert warnings("总分 4\n指标 A1 甲 4 {\n  实际 比率\n  线性 从 5 到 10\n}\n") == [
        "r.perf:4:8: warning: the linear bound `5` of A1 compares a percentage with 5, which is 500%\n"
        "      线性 从 5 到 10\n"
        "              ^\n"
        "    hint: write 5% if a percentage is meant",
        "r.perf:4:12: warning: the linear bound `10` of A1 compares a percentage with 10, which is 1000%\n"
        "      线性 从 5 到 10\n"
        "                   ^^\n"
        "    hint: write 10% if a percentage is meant"]  # fmt: skip


def test_a_linear_rule_with_two_different_literal_ends_has_no_warning() -> None:
    # 60% ≠ 100%: the line's slope is never a division by 0
    assert warnings("总分 4\n指标 A1 甲 4 {\n  实际 比率\n  线性 从 60% 到 100%\n}\n") == []


LINE = "总分 3\n{inputs}指标 X1 测试 3 {{\n  方向 {direction}\n  实际 比率\n  线性 从 {ends}\n}}\n"


def test_a_falling_line_contradicts_higher_is_better_and_agrees_with_lower() -> None:
    # from 100% (0 points) to 60% (full marks): a lower actual scores more
    assert error(LINE.format(inputs="", direction="越高越好", ends="100% 到 60%")) == (
        "1 error(s) in rubric\n"
        "r.perf:3:3: error: X1 is declared higher-is-better (越高越好) but its rule rewards a lower actual\n"
        "      方向 越高越好\n"
        "      ^^^^\n"
        "    hint: swap 从 (from) and 到 (to)")  # fmt: skip
    assert warnings(LINE.format(inputs="", direction="越低越好", ends="100% 到 60%")) == []


def test_a_line_between_two_inputs_has_no_direction_to_contradict() -> None:
    # a and b can be equal (a warning), and which end is higher is unknown: no direction error
    assert warnings(LINE.format(inputs="输入 a 比率\n输入 b 比率\n", direction="越高越好", ends="a 到 b")) == [
        "r.perf:7:3: warning: the linear rule of X1 can start and end at the same value\n"
        "      线性 从 a 到 b\n"
        "      ^^^^^^^^^^^^^^\n"
        "    hint: e.g. `线性 从 60% 到 100%`"]  # fmt: skip


# ---------------------------------------------------------------- 按次 (per occurrence)

CAPPED = one("按次 0.5分 最多 2分", weight="3")  # no 实际 clause: the count is read under A1


@pytest.mark.parametrize(("count", "expected"), [
    (0, "0.00"),   # 0 × 0.5
    (3, "1.50"),   # 3 × 0.5
    (4, "2.00"),   # 4 × 0.5 = 2, exactly the maximum
    (5, "2.00"),   # 5 × 0.5 = 2.5, at most 2 (below the weight 3)
])  # fmt: skip
def test_points_per_occurrence_up_to_the_maximum(count: int, expected: str) -> None:
    assert str(score(CAPPED, count)) == expected


def test_points_per_occurrence_without_a_maximum_stop_at_the_weight() -> None:
    # 7 × 0.5 = 3.5, at most the weight 3
    assert str(score(one("按次 0.5分", weight="3"), 7)) == "3.00"


def test_per_occurrence_explanations_name_the_maximum_only_when_it_cuts() -> None:
    at, over = CAPPED.evaluate({"A1": 4}), CAPPED.evaluate({"A1": 5})
    assert at.explain("A1") == "A1 甲：发生 4 次，每次 0.5 分，4 × 0.5 = 2 分"  # 2 = the maximum: nothing cut
    assert over.explain("A1") == "A1 甲：发生 5 次，每次 0.5 分，5 × 0.5 = 2.5 分，最多 2 分"
    assert at.explain("A1", language="en") == "A1 甲: 4 occurrences at 0.5 points each: 4 × 0.5 = 2; score 2 points"
    assert over.explain("A1", language="en") == (
        "A1 甲: 5 occurrences at 0.5 points each: 5 × 0.5 = 2.5, at most 2; score 2 points")


@pytest.mark.parametrize(("rule", "column", "message"), [
    ("按次 0分", 6, "the points per occurrence of A1 is 0分: it must be more than 0\n      按次 0分\n           ^^^"),
    ("按次 0.5分 最多 0分", 14,
     "the maximum of A1 is 0分: it must be more than 0\n      按次 0.5分 最多 0分\n                      ^^^"),
    ("按次 0.5分 最多 5分", 14, "the maximum of A1 awards 5分, more than its weight 3\n      按次 0.5分 最多 5分\n"
                             "                      ^^^\n    hint: an award is at most the weight (100%)"),
])  # fmt: skip
def test_per_occurrence_amounts_are_refused_at_0_and_over_the_weight(rule: str, column: int, message: str) -> None:
    text = f"总分 3\n指标 A1 甲 3 {{\n  {rule}\n}}\n"
    assert error(text) == f"1 error(s) in rubric\nr.perf:3:{column}: error: {message}"


def test_per_occurrence_is_printed_with_and_without_its_maximum(tmp_path: Path) -> None:
    messy = "总分 3\n指标 A1 甲 3 {\n    按次   0.5分   最多 2分\n}\n指标 A2 乙 0 {\n  按次 1分\n}\n"
    assert formatted(messy, tmp_path) == (
        "总分 3\n保留 2 位 四舍五入\n\n指标 A1 甲 3 {\n  按次 0.5分 最多 2分\n}\n\n指标 A2 乙 0 {\n  按次 1分\n}\n")


def test_the_audit_rescores_a_published_count_by_the_rule() -> None:
    # The published count 3 scores 3 × 0.5 = 1.5 by the rule, not the published 2.
    report = perfscore.audit(CAPPED, {"A1": 3}, {"A1": {"actual": "3", "score": "2"}}, language="en")
    assert [(f.severity, f.kind, f.expected, f.reason) for f in report] == [
        ("error", "score", "1.5", "the rule gives 1.5 for the published actual 3, not 2")]


# ---------------------------------------------------------------- no score is ever −0


@pytest.mark.parametrize("rule", ["公式 x * -1", "公式 -x", "公式 x / -4"])
def test_a_formula_giving_minus_0_scores_0(rule: str) -> None:
    # x = 0: 0 × −1, −0 and 0 ÷ −4 are all Decimal("-0"), equal to 0; the score prints 0.00, never -0.00.
    rubric = perfscore.compile(f"总分 4\n输入 x 数值\n指标 A1 甲 4 {{\n  {rule}\n}}\n")
    result = rubric.evaluate({"x": 0})
    assert str(result["A1"].score) == "0.00"
    assert (result.to_dict()["total"], result.to_dict()["nodes"][0]["score"]) == ("0.00", "0.00")


def test_a_formula_of_minus_0_less_a_part_of_0_scores_0() -> None:
    # main 公式 x × −1 = −0 with x = 0; the 扣分 part 按次 0.5分 with 0 problems takes 0: −0 − 0 = −0 → 0.00
    rubric = perfscore.compile("总分 4\n输入 x 数值\n指标 A1 甲 4 {\n  公式 x * -1\n  扣分 问题 按次 0.5分 最多 2分\n}\n")
    result = rubric.evaluate({"x": 0, "A1": {"问题": 0}})
    assert (str(result["A1"].score), result.to_dict()["total"]) == ("0.00", "0.00")


# ---------------------------------------------------------------- 按比例 (proportional)

RATE, LOWER = "  目标 100%\n  实际 比率\n", "  目标 ≤ 10\n  实际 数值\n"

PROPORTIONAL = [
    # (rule, clauses, actual, score, explanation), weight 4
    ("按比例", RATE, "50%", "2.00", "得分 = 4 × min(50% ÷ 100%, 1) = 2，得分 2 分"),        # 4 × 0.5
    ("按比例", RATE, "100%", "4.00", "得分 = 4 × min(100% ÷ 100%, 1) = 4，得分 4 分"),
    ("按比例", RATE, "130%", "4.00", "得分 = 4 × min(130% ÷ 100%, 1) = 4，得分 4 分"),      # capped at 1
    ("按比例", RATE, "-10%", "0.00", "得分 = 4 × min(-10% ÷ 100%, 1) = 0，得分 0 分"),      # a negative ratio: 0
    ("按比例 封顶 120%", RATE, "110%", "4.40", "得分 = 4 × min(110% ÷ 100%, 1.2) = 4.4，得分 4.4 分"),
    ("按比例 封顶 120%", RATE, "130%", "4.80", "得分 = 4 × min(130% ÷ 100%, 1.2) = 4.8，得分 4.8 分"),  # 4 × 1.2
    ("按比例 封顶 5分", RATE, "110%", "4.40", "得分 = min(4 × 110% ÷ 100%, 5) = 4.4，得分 4.4 分"),
    ("按比例 封顶 5分", RATE, "130%", "5.00", "得分 = min(4 × 130% ÷ 100%, 5) = 5，得分 5 分"),    # 5.2 → 5
    ("按比例 不封顶", RATE, "150%", "6.00", "得分 = 4 × 150% ÷ 100% = 6，得分 6 分"),           # 4 × 1.5
    ("按比例 反向", LOWER, "0", "4.00", "越低越好，0 为最优值，得 4 分"),                          # 0: the best
    ("按比例 反向", LOWER, "5", "4.00", "得分 = 4 × min(10 ÷ 5, 1) = 4，得分 4 分"),
    ("按比例 反向", LOWER, "20", "2.00", "得分 = 4 × min(10 ÷ 20, 1) = 2，得分 2 分"),          # 4 × 10 / 20
    ("按比例 反向", LOWER, "-5", "0.00", "得分 = 4 × min(10 ÷ -5, 1) = 0，得分 0 分"),          # 10 / −5 < 0: 0
    ("按比例 反向 封顶 120%", LOWER, "0", "4.80", "越低越好，0 为最优值，得 4.8 分"),              # 4 × 1.2
    ("按比例 反向 封顶 120%", LOWER, "5", "4.80", "得分 = 4 × min(10 ÷ 5, 1.2) = 4.8，得分 4.8 分"),
    ("按比例 反向 封顶 120%", LOWER, "25", "1.60", "得分 = 4 × min(10 ÷ 25, 1.2) = 1.6，得分 1.6 分"),
    ("按比例 反向 封顶 5分", LOWER, "0", "5.00", "越低越好，0 为最优值，得 5 分"),
    ("按比例 反向 封顶 5分", LOWER, "5", "5.00", "得分 = min(4 × 10 ÷ 5, 5) = 5，得分 5 分"),     # 8 → 5
    ("按比例 反向 封顶 5分", LOWER, "16", "2.50", "得分 = min(4 × 10 ÷ 16, 5) = 2.5，得分 2.5 分"),
    ("按比例 低于则零分 60%", RATE, "50%", "0.00", "实际 50% 低于 60%，不得分"),                  # below the cut-off
    ("按比例 低于则零分 60%", RATE, "60%", "2.40", "得分 = 4 × min(60% ÷ 100%, 1) = 2.4，得分 2.4 分"),  # at it
]  # fmt: skip


@pytest.mark.parametrize(("rule", "clauses", "actual", "expected", "explained"), PROPORTIONAL)
def test_proportional_scores_and_explanations(rule: str, clauses: str, actual: str, expected: str,
                                              explained: str) -> None:  # fmt: skip
    result = one(rule, clauses).evaluate({"A1": actual})
    assert str(result["A1"].score) == expected
    assert result.explain("A1").endswith(explained)


@pytest.mark.parametrize(("rule", "clauses", "actual", "expected", "explained"), PROPORTIONAL)
def test_proportional_scores_beside_a_part_of_0(rule: str, clauses: str, actual: str, expected: str,
                                                explained: str) -> None:  # fmt: skip
    # With a 扣分 part the rule's stepwise arithmetic gives the score (not its fast path): 0 problems take
    # 0, so the score is the rule's; 得分上限 6 lets a capped or uncapped rule show its over-achievement.
    rubric = one(rule, clauses + "  扣分 问题 按次 0.5分 最多 2分\n  得分上限 6分\n")
    assert str(rubric.evaluate({"A1": {"actual": actual, "问题": 0}})["A1"].score) == expected


def test_proportional_explained_in_english() -> None:
    def english(rule: str, clauses: str, actual: str) -> str:
        return one(rule, clauses).evaluate({"A1": actual}).explain("A1", language="en")
    assert english("按比例 封顶 5分", RATE, "130%") == (
        "A1 甲: actual 130%; target 100%; score = min(4 × 130% ÷ 100%, 5) = 5; score 5 points")
    assert english("按比例 反向", LOWER, "0") == "A1 甲: actual 0: lower is better and 0 is the best value, 4 points"
    assert english("按比例 低于则零分 60%", RATE, "50%") == "A1 甲: actual 50% is below the cut-off 60%: no points"


PROPORTIONAL_RUBRIC = "总分 4\n输入 t 比率\n指标 A1 甲 4 {{\n  {clauses}\n  {rule}\n}}\n"
OVER = "目标 100%\n  实际 比率"


@pytest.mark.parametrize(("clauses", "rule", "message"), [
    (OVER, "按比例 封顶 90%", "r.perf:6:3: error: the cap 90% of A1 is below 100%\n      按比例 封顶 90%\n"
                           "      ^^^^^^^^^^^^^^^\n    hint: a cap rewards over-achievement: 封顶 120%"),
    (OVER, "按比例 封顶 3分", "r.perf:6:3: error: the cap 3 points of A1 is below its weight 4\n      按比例 封顶 3分\n"
                          "      ^^^^^^^^^^^^^^^\n    hint: a cap rewards over-achievement: 封顶 4分 or more"),
    (OVER, "按比例 封顶 120% 不封顶", "r.perf:6:3: error: the proportional rule of A1 has more than one cap\n"
                                "      按比例 封顶 120% 不封顶\n      ^^^^^^^^^^^^^^^^^^^^^^^\n"
                                "    hint: keep one of 封顶 N%, 封顶 N分 and 不封顶"),
    ("目标 ≤ 10\n  实际 数值", "按比例 反向 不封顶",
     "r.perf:6:3: error: the reverse proportional rule of A1 is uncapped: its score would grow without limit as "
     "the actual nears 0\n      按比例 反向 不封顶\n      ^^^^^^^^^^^^^^^^^^\n    hint: cap it: 按比例 反向 封顶 150%"),
    ("实际 比率", "按比例", "r.perf:5:3: error: the proportional rule of A1 needs a numeric target\n      按比例\n"
                       "      ^^^^^^\n    hint: e.g. `目标 100%` or `目标 ≥ 90%`"),
    ("目标 t\n  实际 比率", "按比例", "r.perf:4:6: error: the target of A1 can be 0, and the proportional rule divides "
                                "by it\n      目标 t\n           ^\n    hint: declare the input positive: `输入 t 比率 > 0`"),
    ("目标 0%\n  实际 比率", "按比例",
     "r.perf:4:6: error: the target of A1 is 0, and the proportional rule divides by it\n      目标 0%\n           ^^"),
])  # fmt: skip
def test_proportional_rules_refused(clauses: str, rule: str, message: str) -> None:
    assert error(PROPORTIONAL_RUBRIC.format(clauses=clauses, rule=rule)) == "1 error(s) in rubric\n" + message


@pytest.mark.parametrize(("clauses", "rule"), [
    (OVER, "按比例 封顶 100%"),   # a cap of exactly 100% is no bonus, but no error
    (OVER, "按比例 封顶 4分"),    # a points cap of exactly the weight
    (OVER, "按比例 不封顶"),
    ("目标 ≤ t\n  实际 比率", "按比例 反向"),  # reversed, a target of 0 is never divided by
])  # fmt: skip
def test_proportional_rules_accepted(clauses: str, rule: str) -> None:
    assert warnings(PROPORTIONAL_RUBRIC.format(clauses=clauses, rule=rule)) == []


def test_a_proportional_cutoff_is_checked_against_the_actuals_type() -> None:
    assert warnings(PROPORTIONAL_RUBRIC.format(clauses=OVER, rule="按比例 低于则零分 60")) == [
        "r.perf:6:13: warning: the cutoff `60` of A1 compares a percentage with 60, which is 6000%\n"
        "      按比例 低于则零分 60\n"
        "                        ^^\n"
        "    hint: write 60% if a percentage is meant"]  # fmt: skip


@pytest.mark.parametrize(("clauses", "rule", "wording"), [
    ("目标 ≥ 100%", "按比例 封顶 120%", "完成率达到100%得满分，否则按实际值/目标值×权重分计分，超出目标值的按比例加分，最高得120%权重分"),
    ("目标 ≥ 100%", "按比例 封顶 5分", "完成率达到100%得满分，否则按实际值/目标值×权重分计分，超出目标值的按比例加分，最高得5分"),
    ("目标 ≥ 100%", "按比例 不封顶", "完成率达到100%得满分，否则按实际值/目标值×权重分计分，超出目标值的按比例加分，不封顶"),
    ("目标 ≥ 100%", "按比例 低于则零分 60%", "完成率达到100%得满分，否则按实际值/目标值×权重分计分，低于60%不得分"),
    # reversed, the cut-off still zeroes an actual below it (docs/semantics.md: 0 when a < X), as the score does
    ("目标 ≤ 10\n  实际 数值", "按比例 反向 低于则零分 20", "完成率不高于10得满分，否则按目标值/实际值×权重分计分，低于20不得分"),
])  # fmt: skip
def test_proportional_wording(clauses: str, rule: str, wording: str) -> None:
    rubric = perfscore.compile(f"总分 4\n指标 A1 完成率 4 {{\n  {clauses}\n  {rule}\n}}\n")
    indicator = next(n for n in ast.walk(rubric.ast.nodes) if isinstance(n, ast.Indicator))
    assert criteria_text(indicator, indicator.weight.value, input_units(rubric.ast)) == wording


def test_a_reversed_cutoff_scores_0_below_it_as_its_wording_says() -> None:
    # 按比例 反向 低于则零分 20, target ≤ 10: 15 < 20 → 0; 25 → 4 × 10 / 25 = 1.6
    rubric = one("按比例 反向 低于则零分 20", "  目标 ≤ 10\n  实际 数值\n")
    assert (str(score(rubric, "15")), str(score(rubric, "25"))) == ("0.00", "1.60")


def test_proportional_options_are_printed_in_order(tmp_path: Path) -> None:
    messy = ("总分 4\n指标 A1 甲 4 {\n  目标 ≤ 10\n  实际 数值\n  按比例   反向  低于则零分 20 封顶 150%\n}\n"
             "指标 A2 乙 0 {\n  目标 100%\n  按比例 封顶 5分\n}\n指标 A3 丙 0 {\n  目标 100%\n  按比例  不封顶\n}\n")
    assert formatted(messy, tmp_path) == (
        "总分 4\n保留 2 位 四舍五入\n\n指标 A1 甲 4 {\n  目标 ≤ 10\n  实际 数值\n  按比例 反向 低于则零分 20 封顶 150%\n}\n\n"
        "指标 A2 乙 0 {\n  目标 100%\n  按比例 封顶 5分\n}\n\n指标 A3 丙 0 {\n  目标 100%\n  按比例 不封顶\n}\n")
    path = tmp_path / "r.perf"
    assert main(["fmt", "--lang", "en", str(path)]) == 0
    assert "  proportional reverse cutoff 20 cap 150%\n" in path.read_text("utf-8")
    assert "  proportional cap 5 points\n" in path.read_text("utf-8")
    assert "  proportional uncapped\n" in path.read_text("utf-8")


# ---------------------------------------------------------------- 达标 (binary)


@pytest.mark.parametrize(("met", "score", "zh", "en"), [
    (True, "3.00", "A1 制度建设：达标，得 3 分", "A1 制度建设: met: 3 points"),
    ("否", "0.00", "A1 制度建设：未达标，不得分", "A1 制度建设: not met: no points"),
])  # fmt: skip
def test_binary_scores_and_explanations(met: object, score: str, zh: str, en: str) -> None:
    result = perfscore.compile("总分 3\n指标 A1 制度建设 3 {\n  达标\n}\n").evaluate({"A1": met})
    assert (str(result["A1"].score), result.explain("A1"), result.explain("A1", language="en")) == (score, zh, en)


@pytest.mark.parametrize(("clauses", "wording"), [
    ("", "达到目标得满分，否则不得分"),
    ('目标 "制度健全"', "制度健全得满分，否则不得分"),
    ("目标 ≥ 3 次\n  实际 数量", "培训次数达到3次得满分，否则不得分"),
    ("目标 ≤ 3\n  实际 数量", "培训次数不高于3得满分，否则不得分"),
    ("目标 3\n  实际 数量", "培训次数达到3得满分，否则不得分"),  # no sign: 达到
])  # fmt: skip
def test_binary_wording(clauses: str, wording: str) -> None:
    rubric = perfscore.compile(f"总分 3\n指标 A1 培训次数 3 {{\n  {clauses}\n  达标\n}}\n")
    indicator = next(n for n in ast.walk(rubric.ast.nodes) if isinstance(n, ast.Indicator))
    assert criteria_text(indicator, indicator.weight.value, input_units(rubric.ast)) == wording


SIX_AT_80 = ("总分 3\n指标 C14 民生实事完成情况 3 {{\n  目标 80%\n  实际 完成率 全有全无 {{\n    甲\n    乙\n    丙\n    丁\n"
             "    戊\n    己\n  }}\n  {rule}\n}}\n")  # fmt: skip


@pytest.mark.parametrize(("rule", "listed"), [
    # 3 × min(k/6 ÷ 80%, 1) for k = 0…6: 0, 0.625, 1.25, 1.875, 2.5, then 3.125 and 3.75 capped at 3
    ("按比例", "0、0.63、1.25、1.88、2.5、3"),
    # capped at 120% instead: k = 5 gives 3.125, k = 6 gives 3 × min(1.25, 1.2) = 3.6
    ("按比例 封顶 120%", "0、0.63、1.25、1.88、2.5、3.13、3.6"),
    # uncapped: k = 6 gives 3 × 1.25 = 3.75
    ("按比例 不封顶", "0、0.63、1.25、1.88、2.5、3.13、3.75"),
])  # fmt: skip
def test_the_scores_a_proportional_completion_can_reach_respect_its_cap(rule: str, listed: str) -> None:
    data = {"C14": {"甲": True, "乙": True, "丙": True, "丁": True, "戊": True, "己": False}}
    report = perfscore.audit(perfscore.compile(SIX_AT_80.format(rule=rule), language="en"), data,
                             {"C14": {"score": "2.7"}})  # fmt: skip
    in_english = listed.replace("、", ", ")  # the finding's words list them so in English
    assert [f.reason for f in report if f.kind == "unreachable"] == [
        f"the rule of C14 cannot give 2.7 for any data: it gives only {in_english}"]


# ---------------------------------------------------------------- 分档 (bands)


def test_a_band_edge_without_a_percent_sign_against_a_percentage_is_warned() -> None:
    text = "总分 3\n指标 A1 甲 3 {\n  实际 比率\n  分档 {\n    ≥ 90：3分\n    否则：0分\n  }\n}\n"
    assert warnings(text) == [
        "r.perf:5:7: warning: band `≥ 90` of A1 compares a percentage with 90, which is 9000%\n"
        "        ≥ 90：3分\n"
        "          ^^\n"
        "    hint: write 90% if a percentage is meant"]  # fmt: skip


BANDED = "总分 3\n指标 A1 甲 3 {{\n  目标 ≥ 95%\n  实际 比率\n  分档 {{\n{bands}  }}\n}}\n"


def test_bands_falling_with_a_plateau_reward_a_lower_actual() -> None:
    # awards along the actual: 3, 3, 0 — never rising, once falling: lower is better, against 目标 ≥ 95%
    text = BANDED.format(bands="    ≤ 5%：3分\n    (5%, 10%]：3分\n    否则：0分\n")
    assert error(text) == (
        "1 error(s) in rubric\n"
        "r.perf:3:3: error: the target `目标 ≥ 95%` of A1 means higher-is-better (越高越好), but its rule rewards a "
        "lower actual\n"
        "      目标 ≥ 95%\n"
        "      ^^^^^^^^^^\n"
        "    hint: check the bands' awards")  # fmt: skip


def test_bands_rising_then_falling_have_no_direction() -> None:
    # awards along the actual: 0, 3, 1 — neither way: no contradiction with 目标 ≥ 95%
    assert warnings(BANDED.format(bands="    ≤ 5%：0分\n    (5%, 10%]：3分\n    否则：1分\n")) == []


def test_a_band_is_explained_by_its_place_counting_from_1() -> None:
    text = BANDED.format(bands="    ≥ 95%：3分\n    [90%, 95%)：2分\n    否则：0分\n")
    result = perfscore.compile(text).evaluate({"A1": "92%"})  # 92% is in the second band, [90%, 95%): 2
    assert result.explain("A1") == "A1 甲：实际 92%，符合第 2 档（[90%, 95%)），得 2 分"
    assert result.explain("A1", language="en") == "A1 甲: actual 92% falls in band 2 ([90%, 95%)): 2 points"


# ---------------------------------------------------------------- 清单 (checklist)


def test_checklist_items_met_or_not_are_explained_as_1_and_0() -> None:
    # 50% × 1 + 50% × 0 = 50%: 4 × 50% = 2; a partial 50% is shown as a percentage
    rubric = perfscore.compile("总分 4\n指标 A1 甲 4 {\n  清单 {\n    编制规划 50%\n    依据充分 50%\n  }\n}\n")
    assert rubric.evaluate({"A1": {"编制规划": True, "依据充分": False}}).explain("A1") == (
        "A1 甲：清单 编制规划 50% × 1 + 依据充分 50% × 0 = 50%，得分 = 4 × 50%，得分 2 分")
    assert rubric.evaluate({"A1": {"编制规划": "50%", "依据充分": True}}).explain("A1") == (
        "A1 甲：清单 编制规划 50% × 50% + 依据充分 50% × 1 = 75%，得分 = 4 × 75%，得分 3 分")


# ---------------------------------------------------------------- 扣 (deduct), 评定 (judged)


def test_an_actual_exactly_at_the_limit_is_within_it() -> None:
    # 9% is not over 9%: full marks, explained as within the limit, not as 0 units deducted
    rubric = perfscore.compile("总分 3\n指标 B22 结转结余率 3 {\n  目标 ≤ 9%\n  实际 比率\n  扣 5% 每 1% 超过 9% 不足部分 四舍五入\n}\n")
    result = rubric.evaluate({"B22": "9%"})
    assert (str(result.total), result.explain("B22")) == ("3.00", "B22 结转结余率：实际 9% 未超过 9%，得满分")


def test_a_judged_range_over_the_weight_is_refused() -> None:
    assert error("总分 10\n指标 A1 甲 10 {\n  评定 0分~12分\n}\n") == (
        "1 error(s) in rubric\n"
        "r.perf:3:9: error: the judged score of A1 awards 12分, more than its weight 10\n"
        "      评定 0分~12分\n"
        "               ^^^^\n"
        "    hint: an award is at most the weight (100%)")  # fmt: skip


# ---------------------------------------------------------------- 公式 (formula), 定性 (levels)

SCALED = "总分 100\n输入 x 比率 [0, 100%]\n输入 y 比率 [0, 100%]\n指标 A1 甲 100 {{\n  公式 {formula}\n}}\n"
OUT = "r.perf:5:6: warning: the formula of A1 can give [0, 101], outside [0, 100]: such scores will be clamped"
RATE_NOT_POINTS = "r.perf:5:6: warning: the formula of A1 gives a percentage, not points"


@pytest.mark.parametrize(("formula", "first_lines"), [
    ("x + y", [RATE_NOT_POINTS]),                      # two percentages added: still a percentage
    ("(x × 100) + y", [OUT]),                           # 100 inside a product: scaled into points; [0, 100 + 1]
    ("y - (-(x × 100))", [OUT]),                        # under a minus sign too: y + 100 x in [0, 101]
    ("如果 x > 50% 则 x × 100 否则 0", []),              # in a branch: scaled; [0, 100]
])  # fmt: skip
def test_a_plain_number_anywhere_in_the_arithmetic_scales_a_percentage_into_points(
        formula: str, first_lines: list[str]) -> None:  # fmt: skip
    assert [w.splitlines()[0] for w in warnings(SCALED.format(formula=formula))] == first_lines


def test_a_level_awarding_a_range_is_explained_with_its_judged_score() -> None:
    # 部分达成: 60%~80% of 4 = 2.4~3.2; judged 3
    rubric = perfscore.compile("总分 4\n指标 C12 目标实现程度 4 {\n  定性 {\n    达成：80%~100%\n    部分达成：60%~80%\n"
                               "    未达成：0%\n  }\n}\n")  # fmt: skip
    result = rubric.evaluate({"C12": {"level": "部分达成", "score": 3}})
    assert result.explain("C12") == "C12 目标实现程度：定性为“部分达成”，得 3 分，评定得分 3（范围 2.4~3.2 分），得分 3 分"
    assert result.explain("C12", language="en") == (
        "C12 目标实现程度: level '部分达成': 3 points; judged score 3 (range 2.4–3.2); score 3 points")


LEVELS = "总分 4\n指标 C12 目标实现程度 4 {\n  定性 {\n    达成：80%~100%\n    部分达成：60%~80%\n    未达成：0%\n  }\n}\n"


@pytest.mark.parametrize("given", [{"level": "部分达成", "score": 3, "备注": 1}, {"score": 3}])
def test_a_level_table_other_than_level_and_score_is_refused(given: dict[str, object]) -> None:
    with pytest.raises(perfscore.DataError) as caught:
        perfscore.compile(LEVELS, language="en").evaluate({"C12": given})
    assert [(p.message, p.input) for p in caught.value.problems] == [
        ("give {level = …, score = …} (the score only for a level whose award is a range)", "C12")]


@pytest.mark.parametrize("rule", ["按比例 低于则零分 50%", "按比例 封顶 4分"])
def test_a_cut_off_or_points_capped_completion_is_not_checked_for_reachable_scores(rule: str) -> None:
    # a cut-off or a points cap changes which k/6 score what: the audit does not list reachable scores for them
    data = {"C14": {"甲": True, "乙": True, "丙": True, "丁": True, "戊": True, "己": False}}
    report = perfscore.audit(perfscore.compile(SIX_AT_80.format(rule=rule), language="en"), data,
                             {"C14": {"score": "2.7"}})  # fmt: skip
    assert [f for f in report if f.kind == "unreachable"] == []


def test_a_checklist_of_more_than_4096_reachable_scores_is_not_checked_for_them() -> None:
    # 13 items worth 2^k/8191 of 100 (k = 0…12): every subset sums differently, 8,192 scores, past the 4,096
    # the audit keeps. Only 项0 met: 100 × 1/8191 = 0.0122… → 0.01. The published 0.006 differs from the data's
    # score, and is not called unreachable (the reachable scores are not listed for so many).
    items = "\n".join(f"    项{k} {2 ** k}/8191" for k in range(13))
    rubric = perfscore.compile(f"总分 100\n指标 A1 甲 100 {{\n  清单 全有全无 {{\n{items}\n  }}\n}}\n", language="en")
    data = {"A1": {f"项{k}": k == 0 for k in range(13)}}
    assert rubric.evaluate(data).total == D("0.01")
    report = perfscore.audit(rubric, data, {"A1": {"score": "0.006"}})
    assert [(f.kind, f.reason) for f in report] == [("score", "the data give A1 0.01 points by its rule, not 0.006")]

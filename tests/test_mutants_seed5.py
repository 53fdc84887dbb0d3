"""Scores, refusals, diagnostics and audit findings a fresh mutation draw (bench/mutation.py --seed 5, issue 15)
showed untested. Every expected value is worked out by hand in the comment beside it; only the public API
(perfscore.compile, Rubric.evaluate, perfscore.audit, AuditSettings, the results) is used."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

import perfscore

from .test_audit import CONSISTENT, DATA, RUBRIC


def error(text: str) -> str:
    with pytest.raises(perfscore.RubricError) as caught:
        perfscore.compile(text, "r.perf", language="en")
    return str(caught.value)


def errors(text: str) -> list[str]:
    with pytest.raises(perfscore.RubricError) as caught:
        perfscore.compile(text, "r.perf", language="en")
    return [f"{d.span.line}:{d.span.column} {d.message}" for d in caught.value.diagnostics if d.severity == "error"]


def warnings(text: str) -> list[str]:
    return [str(w) for w in perfscore.compile(text, "r.perf", language="en").warnings]


# ---------------------------------------------------------------- the scoring core


@pytest.mark.parametrize(("rule", "given", "score"), [
    ("达标", True, "3.00"),                        # met: the whole weight
    ("评定 0分~3分", 2, "2.00"),                    # judged 2 of [0, 3]
    ("定性 {\n    好：3分\n    差：0分\n  }", "好", "3.00"),  # the level 好 awards 3
])  # fmt: skip
def test_a_leaf_without_an_actual_keeps_its_target(rule: str, given: object, score: str) -> None:
    # 目标 100% on a rule that reads no actual: the result still carries the target, 100% = 1, and no actual
    result = perfscore.compile(f"总分 3\n指标 A 甲 3 {{\n  目标 100%\n  {rule}\n}}\n").evaluate({"A": given})
    assert (result["A"].target, result["A"].actual, result["A"].score) == (D(1), None, D(score))


def test_a_deduction_step_in_another_unit_than_the_actual_is_refused() -> None:
    # 每 5% against a count (实际 数量): a percentage step cannot be counted in units
    assert error("总分 3\n指标 A 甲 3 {\n  实际 数量\n  扣 1分 每 5% 超过 10\n}\n") == (
        "1 error(s) in rubric\n"
        "r.perf:4:10: error: the step `5%` of A is a percentage, but the actual of A is a count\n"
        "      扣 1分 每 5% 超过 10\n"
        "                ^^\n"
        "    hint: write it in the actual's unit, or declare the actual's type: `实际 比率`")  # fmt: skip


def test_a_deduction_above_a_limit_against_a_higher_is_better_target_is_refused() -> None:
    # 扣 … 超过 deducts for a high actual: it rewards a lower one, against 目标 ≥ 90% (higher is better)
    assert error("总分 3\n指标 A 甲 3 {\n  目标 ≥ 90%\n  实际 比率\n  扣 1分 每 1% 超过 5%\n}\n") == (
        "1 error(s) in rubric\n"
        "r.perf:3:3: error: the target `目标 ≥ 90%` of A means higher-is-better (越高越好), but its rule rewards a "
        "lower actual\n"
        "      目标 ≥ 90%\n"
        "      ^^^^^^^^^^\n"
        "    hint: 扣 … 超过 (above) deducts for a high actual, 扣 … 低于 (below) for a low one")  # fmt: skip


# ---------------------------------------------------------------- the checker


def test_a_score_cap_of_one_point_is_accepted_and_caps() -> None:
    # 得分上限 1分 is above 0: accepted; a judged 3 is capped to 1, a judged 0.5 stays 0.5
    rubric = perfscore.compile("总分 3\n指标 A 甲 3 {\n  得分上限 1分\n  评定 0分~3分\n}\n")
    assert (rubric.evaluate({"A": 3}).total, rubric.evaluate({"A": D("0.5")}).total) == (D("1.00"), D("0.50"))


def test_a_judged_range_with_equal_ends_is_accepted() -> None:
    # 2分~2分 is not backward (2 is not above 2): the only score it takes is 2
    assert perfscore.compile("总分 3\n指标 A 甲 3 {\n  评定 2分~2分\n}\n").evaluate({"A": 2}).total == D("2.00")


def test_a_checklist_item_named_twice_is_refused() -> None:
    assert error('总分 4\n指标 A 甲 4 {\n  清单 {\n    a 50%\n    a 50%\n  }\n}\n') == (
        "1 error(s) in rubric\n"
        "r.perf:5:5: error: item a appears twice in A (first at line 4)\n"
        "        a 50%\n"
        "        ^^^^^")  # fmt: skip


def test_a_wrong_option_in_a_formula_is_reported_once() -> None:
    # the formula is typed twice (its clause, then the formula rule's own check): one error, not two
    assert error("总分 3\n输入 建设状态 选项 {已完工, 在建, 未开工}\n指标 A 甲 3 {\n"
                 "  公式 如果 建设状态 == 已完成 则 3 否则 0\n}\n") == (
        "1 error(s) in rubric\n"
        "r.perf:4:17: error: 已完成 is not an option of 建设状态 (已完工、在建、未开工) in the formula of A\n"
        "      公式 如果 建设状态 == 已完成 则 3 否则 0\n"
        "                            ^^^^^^\n"
        "    hint: did you mean 已完工?")  # fmt: skip


def test_a_self_reading_indicator_reached_from_another_is_one_cycle() -> None:
    # A reads B, B reads itself: the search from A finds B → B; starting again at B must not report it twice
    text = ("总分 8\n指标 A 甲 4 {\n  公式 得分率(B) × weight\n}\n"
            "指标 B 乙 4 {\n  实际 比率\n  公式 得分(B) + weight × actual\n}\n")  # fmt: skip
    assert errors(text) == ["7:6 B depends on its own score: B → B"]


def test_a_peer_figure_of_an_actual_that_is_one_itself_is_refused() -> None:
    assert error("总分 3\n输入 率 比率\n指标 A 甲 3 {\n  实际 = 排名(率)\n  公式 3 * 百分位(实际)\n}\n") == (
        "1 error(s) in rubric\n"
        "r.perf:5:14: error: 百分位() in the formula of A compares the actual of A, which is a peer figure itself: the "
        "units are compared once, on figures known for each unit\n"
        "      公式 3 * 百分位(实际)\n"
        "                      ^^^^\n"
        "    hint: compare what A's actual compares, e.g. `百分位(执行率)`")  # fmt: skip


def test_the_best_value_of_an_input_has_the_inputs_range() -> None:
    # 最优值(x) with x ≥ 0 is in [0, inf): the formula can exceed 3 (a warning with that range) and
    # 1 / 最优值(x) can divide by 0
    assert warnings("总分 3\n输入 x 数值 >= 0\n指标 A 甲 3 {\n  公式 最优值(x)\n}\n") == [(
        "r.perf:4:6: warning: the formula of A can give [0, inf), outside [0, 3]: such scores will be clamped\n"
        "      公式 最优值(x)\n"
        "           ^^^^^^^^^")]  # fmt: skip
    assert error("总分 3\n输入 x 数值 >= 0\n指标 A 甲 3 {\n  实际 = 1 / 最优值(x)\n  目标 1\n  按比例\n}\n").splitlines()[1] == (
        "r.perf:4:12: error: the actual of A divides by 最优值(x), which can be 0")


# ---------------------------------------------------------------- the audit


def test_a_published_integer_of_many_digits_is_quoted_whole() -> None:
    # 10^25 (26 digits) published as B1's actual: quoted in full, not shortened; 160 − 10^25 the other way
    big = 10**25
    found = perfscore.audit(RUBRIC, DATA, {**CONSISTENT, "B1": {**CONSISTENT["B1"], "actual": big}}, language="en")
    assert [(f.severity, f.kind, f.published, f.expected, f.difference, f.reason) for f in found
            if f.severity != "note"] == [
        ("error", "actual", "10000000000000000000000000", "160", "+9999999999999999999999840",
         "the data give an actual of 160 for B1, not 10000000000000000000000000")]  # fmt: skip


def test_a_published_integer_is_compared_to_whole_units() -> None:
    # published 10 (an int: 0 decimals), the data 9.6: within half a unit (0.4 ≤ 0.5), no finding
    rubric = perfscore.compile("总分 4\n指标 X 甲 4 {\n  目标 ≥ 10\n  实际 数值\n  按比例\n}\n")
    assert list(perfscore.audit(rubric, {"X": "9.6"}, {"X": {"actual": 10}}, language="en")) == []


def test_a_difference_is_shown_two_decimals_finer_with_no_score_places() -> None:
    # score_places 0, published 9 (0 decimals), the data 9.876: −0.876 shown to 0 + 2 decimals, −0.88
    rubric = perfscore.compile("总分 4\n指标 X 甲 4 {\n  目标 ≥ 10\n  实际 数值\n  按比例\n}\n")
    found = perfscore.audit(rubric, {"X": "9.876"}, {"X": {"actual": "9"}}, perfscore.AuditSettings(score_places=0),
                            language="en")  # fmt: skip
    assert [(f.severity, f.expected, f.difference, f.reason) for f in found if f.kind == "actual"] == [
        ("warning", "9.88", "-0.88", "the actual of X is truncated, not rounded: the data give 9.88")]


@pytest.mark.parametrize(("value", "shown"), [(-1, "-1"), (21, "21"), (2.5, "2.5"), (True, "True"), ("2", "'2'")])
def test_places_must_be_a_whole_number_from_0_to_20(value: object, shown: str) -> None:
    for field in ("rate_places", "score_places"):
        with pytest.raises(perfscore.ArgumentError) as caught:
            perfscore.AuditSettings(**{field: value})
        assert str(caught.value) == f"AuditSettings: places must be a whole number from 0 to 20, not {shown}"

"""Evaluation semantics at the edges (issue 9): not applicable, bonus scopes, caller data, ignored data.

Expected values are worked out by hand in the comments; none is produced by the code under test.
"""

from __future__ import annotations

import itertools
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Mapping
from decimal import Decimal as D
from typing import Any

import pytest

import perfscore
from perfscore import DataError

# ---------------------------------------------------------------- not applicable: nowhere to go

ALL_RESCALE = """
总分 100
分组 A 甲 100 {
  指标 A1 a 50 {
    达标
    不适用时 折算
  }
  指标 A2 b 30 {
    达标
    不适用时 折算
  }
  指标 A3 c 20 {
    达标
    不适用时 折算
  }
}
"""


def problems(rubric: str, data: dict[str, Any]) -> list[tuple[str | None, str | None, str]]:
    with pytest.raises(DataError) as caught:
        perfscore.compile(rubric, language="en").evaluate(data)
    return [(p.indicator, p.input, p.message) for p in caught.value.problems]


def test_every_rescaled_leaf_not_applicable_is_a_data_error_naming_them() -> None:
    data = {"A1": True, "A2": True, "A3": True, "not_applicable": ["A1", "A2", "A3"]}
    assert problems(ALL_RESCALE, data) == [
        (None, "not_applicable", "A1, A2 and A3 are all not applicable: the 100 points of the rubric have nowhere to go")
    ]


def test_every_sibling_redistributing_is_a_data_error_naming_the_group() -> None:
    text = ALL_RESCALE.replace("折算", "分配给同级")
    assert problems(text, {"not_applicable": ["A1", "A2", "A3"]}) == [
        ("A", "not_applicable", "A1, A2 and A3 are all not applicable: the weight of group A (100) has nowhere to go")
    ]


def test_a_lone_redistributing_leaf_whose_sibling_is_rescaled_away_has_nowhere_to_go() -> None:
    text = ALL_RESCALE.replace("a 50 {\n    达标\n    不适用时 折算", "a 50 {\n    达标\n    不适用时 分配给同级")
    # A1's 50 go to its siblings, but A2 and A3 are not applicable either.
    assert problems(text, {"not_applicable": ["A1", "A2", "A3"]})[0] == (
        "A", "not_applicable", "A1, A2 and A3 are all not applicable: the weight of group A (100) has nowhere to go")


MIXED = """
总分 100
分组 A 投入 40 {
  指标 A1 甲 20 {
    达标
    不适用时 分配给同级
  }
  指标 A2 乙 20 {
    达标
    不适用时 折算
  }
}
分组 G 安全 30 汇总 最小值 {
  指标 G1 a 15 {
    达标
    不适用时 折算
  }
  指标 G2 b 15 {
    达标
    不适用时 满分
  }
}
分组 P 质量 30 汇总 乘积 {
  指标 P1 a 10 {
    达标
    不适用时 分配给同级
  }
  指标 P2 b 20 {
    达标
    不适用时 折算
  }
}
加分项 E 加分 最多 5 {
  指标 E1 表彰 5 {
    达标
    不适用时 折算
  }
  指标 E2 创新 5 {
    达标
    不适用时 分配给同级
  }
}
"""
CODES = ["A1", "A2", "G1", "G2", "P1", "P2", "E1", "E2"]


def test_any_combination_of_not_applicable_marks_scores_or_is_a_data_error() -> None:
    """All 256 subsets: never a decimal exception; leaves and total within bounds; main weights sum to 100."""
    plan = perfscore.compile(MIXED, language="en")
    outcomes = set()
    for size in range(len(CODES) + 1):
        for dropped in itertools.combinations(CODES, size):
            data: dict[str, Any] = {code: True for code in CODES if code not in dropped}
            data["not_applicable"] = list(dropped)
            try:
                result = plan.evaluate(data)
            except DataError as exc:
                assert all("nowhere to go" in p.message for p in exc.problems), exc
                outcomes.add("refused")
                continue
            outcomes.add("scored")
            main = sum(result[code].weight for code in ("A1", "A2", "G1", "G2", "P1", "P2"))
            assert abs(main - 100) < D("1e-20")  # rationals shown as 60-digit decimals, summed here in 28
            assert result["E"].weight == 5  # the bonus cap is not rescaled
            # Every leaf is met or counted full: each scores its effective weight, rounded.
            for code in CODES:
                if result[code].weight:
                    assert abs(result[code].score - result[code].weight) <= D("0.005")
            assert 0 <= result.total <= 105
    assert outcomes == {"refused", "scored"}


def test_min_and_product_groups_leave_a_dropped_child_out() -> None:
    # G1 (15) is rescaled away: the main tree's other 85 points count for 100, factor 100/85 = 20/17.
    # G2 met → scores its weight 15 × 20/17 = 17.6470… → 17.65; G = min over G2 alone (rate 1) × its weight.
    result = perfscore.compile(MIXED, language="en").evaluate({c: True for c in CODES if c != "G1"} | {"not_applicable": ["G1"]})
    assert result["G1"].weight == 0
    assert result["G2"].score == D("17.65")
    assert result["G"].score == D("17.65")
    # P1 redistributes to P2 inside P, so P keeps 30 × 20/17 = 35.29…; product of P2's rate alone.
    result = perfscore.compile(MIXED, language="en").evaluate({c: True for c in CODES if c != "P1"} | {"not_applicable": ["P1"]})
    assert result["P2"].score == D("30.00")
    assert result["P"].score == D("30.00")
    assert result.total == D("105.00")


def test_a_full_marks_child_of_a_min_group_has_rate_one() -> None:
    # G2 counted full; G1 scores 0 → min(0, 1) = 0 of 30.
    data = {c: True for c in CODES if c != "G2"} | {"G1": False, "not_applicable": ["G2"]}
    assert perfscore.compile(MIXED, language="en").evaluate(data)["G"].score == D("0.00")


# ---------------------------------------------------------------- not applicable: exact rescaling

EXACT = """
总分 100
保留 2 位 舍去
指标 A1 a 30 {
  达标
  不适用时 折算
}
指标 A2 b 70 {
  达标
}
"""


def test_a_full_marks_leaf_keeps_full_marks_after_rescaling_under_round_down() -> None:
    # 70 × 100/70 = 100 exactly; as decimals 100/70 = 1.428571… × 70 = 99.999…9 would floor to 99.99.
    result = perfscore.compile(EXACT, language="en").evaluate({"A2": True, "not_applicable": ["A1"]})
    assert result["A2"].weight == 100
    assert result["A2"].score == D("100.00")
    assert result.total == D("100.00")


HALF = """
总分 100
保留 2 位 {mode}
指标 A1 a 10 {{
  达标
  不适用时 折算
}}
指标 A2 b 11 {{
  按比例
  目标 100%
}}
指标 A3 c 79 {{
  达标
}}
"""


@pytest.mark.parametrize(("mode", "a2", "a3"), [
    ("四舍五入", "0.39", "87.78"), ("四舍六入", "0.38", "87.78"), ("舍去", "0.38", "87.77"), ("进一", "0.39", "87.78"),
])  # fmt: skip
def test_a_rescaled_score_on_an_exact_half_rounds_as_the_rubric_says(mode: str, a2: str, a3: str) -> None:
    # A1's 10 points go to the other 90: factor 100/90 = 10/9.
    # A2: 11 × 3.15% = 0.3465, × 10/9 = 0.385 exactly (the weight as a 60-digit 12.222… gave 0.38499…).
    # A3: 79 × 10/9 = 87.777…
    result = perfscore.compile(HALF.format(mode=mode), language="en").evaluate({"A2": "3.15%", "A3": True, "not_applicable": ["A1"]})
    assert (result["A2"].score, result["A3"].score) == (D(a2), D(a3))


def test_explanations_show_the_effective_weight() -> None:
    result = perfscore.compile(HALF.format(mode="四舍五入"), language="en").evaluate(
        {"A2": "3.15%", "A3": True, "not_applicable": ["A1"]})  # fmt: skip
    assert result.explain("A2") == (
        "A2 b：实际 3.15%，目标 100%，得分 = 11 × min(3.15% ÷ 100%, 1) = 0.3465，"
        "因有不适用指标，权重由 11 分折算为 12.2222 分，0.3465 × 12.2222 ÷ 11 = 0.385 → 0.39 分")
    assert result.explain("A3", "en") == (
        "A3 c: met: 79 points; weight 79 rescaled to 87.7778 for the not-applicable indicators → 87.78 points")
    assert result.explain("A1", "en") == "A1 a: not applicable: dropped; the rest rescaled"


def test_a_full_marks_not_applicable_leaf_is_rescaled_with_the_rest() -> None:
    text = EXACT.replace("指标 A2 b 70 {\n  达标\n}", "指标 A2 b 40 {\n  达标\n  不适用时 满分\n}\n指标 A3 c 30 {\n  达标\n}")
    # A1's 30 go to A2 and A3 (70 points count for 100): A2 40 → 57.142… → 57.14, A3 30 → 42.857… → 42.85.
    result = perfscore.compile(text, language="en").evaluate({"A3": True, "not_applicable": ["A1", "A2"]})
    assert (result["A2"].score, result["A3"].score) == (D("57.14"), D("42.85"))
    assert result.explain("A2") == "A2 b：不适用，按满分计，因有不适用指标，权重由 40 分折算为 57.1429 分"


def test_audit_rescoring_uses_the_same_exact_scaling() -> None:
    from perfscore.evaluate import rescore

    result = perfscore.compile(HALF.format(mode="四舍五入"), language="en").evaluate(
        {"A2": "3.15%", "A3": True, "not_applicable": ["A1"]})  # fmt: skip
    assert rescore(result, "A2", D("0.0315")) == D("0.39")  # 0.385 exactly, half up
    assert rescore(result, "A2", D("0.9")) == D("11.00")  # 11 × 0.9 × 10/9 = 11


# ---------------------------------------------------------------- bonus and penalty scopes

BONUS = """
总分 10
指标 A1 a 6 {
  达标
  不适用时 折算
}
指标 A2 b 4 {
  达标
}
加分项 E 加分 最多 10 {
  指标 E1 a 5 {
    达标
    不适用时 折算
  }
  指标 E2 b 5 {
    达标
  }
}
减分项 P 扣分 最多 4 {
  指标 P1 a 2 {
    达标
    不适用时 折算
  }
  指标 P2 b 2 {
    达标
  }
}
"""


def test_a_not_applicable_bonus_leaf_rescales_only_the_bonus() -> None:
    result = perfscore.compile(BONUS, language="en").evaluate({"A1": True, "A2": True, "E2": True, "P1": True, "P2": True,
                                                "not_applicable": ["E1"]})  # fmt: skip
    # Main tree untouched (6 + 4); E2 takes E1's 5 → 10, capped by E's 10; no penalty lost.
    assert (result["A1"].weight, result["A2"].weight) == (6, 4)
    assert result["E2"].weight == 10
    assert result.total == D("20.00")


def test_a_not_applicable_main_leaf_does_not_rescale_bonus_or_penalty() -> None:
    result = perfscore.compile(BONUS, language="en").evaluate({"A2": True, "E1": True, "E2": False, "P1": True, "P2": False,
                                                "not_applicable": ["A1"]})  # fmt: skip
    # A2 4 → 10; E1 keeps 5 (E2 0); P2 loses its 2: 10 + 5 − 2 = 13.
    assert result["A2"].score == D("10.00")
    assert (result["E1"].weight, result["P2"].weight) == (5, 2)
    assert result.total == D("13.00")


def test_a_not_applicable_penalty_leaf_rescales_only_the_penalty() -> None:
    result = perfscore.compile(BONUS, language="en").evaluate({"A1": True, "A2": True, "E1": False, "E2": False, "P2": False,
                                                "not_applicable": ["P1"]})  # fmt: skip
    # P2 takes P1's 2 → weight 4, not met: loses 4 (the cap). 10 − 4 = 6.
    assert result["P2"].weight == 4
    assert result.total == D("6.00")


# ---------------------------------------------------------------- the caller's data is never written

CHECKLIST = """
总分 10
指标 A1 a 10 {
  清单 {
    x 50%
    y 50%
  }
}
"""


def test_a_defaultdict_checklist_gets_no_key_inserted_and_a_missing_item_is_reported() -> None:
    items = defaultdict(lambda: True, {"x": True, "z": False})
    assert problems(CHECKLIST, {"A1": items}) == [
        ("A1", "A1", "item 'y' is missing; item 'z' is not declared")]  # fmt: skip
    assert dict(items) == {"x": True, "z": False}


class Inserting(Mapping[str, Any]):
    """A mapping whose __getitem__ inserts a default for a missing key (and __contains__ asks it)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def __getitem__(self, key: str) -> Any:
        return self.data.setdefault(key, True)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.data))

    def __len__(self) -> int:
        return len(self.data)


def test_a_mapping_that_inserts_on_lookup_is_never_asked_for_a_missing_key() -> None:
    top = Inserting({"A1": Inserting({"x": True, "z": False})})
    with pytest.raises(DataError):
        perfscore.compile(CHECKLIST, language="en").evaluate(top)
    assert list(top.data) == ["A1"]
    assert list(top.data["A1"].data) == ["x", "z"]


SURVEYED = """
总分 10
问卷 满意度 {
  选项 满意 100%，不满意 0%
  题目 q1
}
指标 A1 a 10 {
  实际 = 满意度
  按比例
  目标 100%
}
"""


def test_nested_defaultdicts_for_surveys_and_overrides_are_left_as_they_were() -> None:
    answers: defaultdict[str, Any] = defaultdict(lambda: defaultdict(int))
    answers["q1"]["满意"] = 3
    answers["q1"]["不满意"] = 1
    overrides: defaultdict[str, Any] = defaultdict(dict, {"A1": defaultdict(str, {"score": 8, "reason": "复核"})})
    result = perfscore.compile(SURVEYED, language="en").evaluate({"满意度": answers, "overrides": overrides})
    # 3 of 4 satisfied → 75% → 7.50, overridden to 8.
    assert result["A1"].override is not None and result["A1"].override.computed == D("7.50")
    assert result.total == 8
    assert {k: dict(v) for k, v in answers.items()} == {"q1": {"满意": 3, "不满意": 1}}
    assert {k: dict(v) for k, v in overrides.items()} == {"A1": {"score": 8, "reason": "复核"}}


def test_a_mapping_whose_iteration_fails_is_a_data_error() -> None:
    class Broken(Mapping[str, Any]):
        def __getitem__(self, key: str) -> Any:
            raise KeyError(key)

        def __iter__(self) -> Iterator[str]:
            raise OSError("the upload was cut off")

        def __len__(self) -> int:
            return 1

    with pytest.raises(DataError) as caught:
        perfscore.compile(CHECKLIST, language="en").evaluate(Broken())
    assert str(caught.value.problems[0]) == "the data could not be read: OSError: the upload was cut off"


def test_data_that_contains_itself_is_read_without_looping() -> None:
    items: dict[str, Any] = {"x": True, "y": True}
    items["z"] = items
    assert problems(CHECKLIST, {"A1": items})[0][2].startswith("item 'z' is not declared")


# ---------------------------------------------------------------- reserved keys: any shape

VETOED = """
总分 10
一票否决 事故 总分为零
指标 A1 a 10 {
  达标
  不适用时 满分
}
"""


@pytest.mark.parametrize(("key", "value", "message"), [
    ("vetoes", [{"name": "事故"}], "each entry must be the name of a declared veto item (text), not {'name': '事故'}"),
    ("vetoes", [["事故"]], "each entry must be the name of a declared veto item (text), not ['事故']"),
    ("vetoes", "事故", "must be a list of the veto items that happened, e.g. [\"重大安全事故\"], not '事故'"),
    ("vetoes", {"事故": True}, "must be a list of the veto items that happened, e.g. [\"重大安全事故\"], not {'事故': True}"),
    ("一票否决", 3, "must be a list of the veto items that happened, e.g. [\"重大安全事故\"], not 3"),
    ("not_applicable", "A1", "must be a list of indicator codes, e.g. [\"A1\"], not 'A1'"),
    ("不适用", [{"A1": True}], "each entry must be an indicator code (text), not {'A1': True}"),
    ("not_applicable", [1], "each entry must be an indicator code (text), not 1"),
    ("overrides", ["A1"], "must be a table code → {score, reason}, not ['A1']"),
    ("调整", {"A1": 3}, "an override needs {score = …, reason = \"…\"}, not 3"),
    ("overrides", {"A1": {"score": 3, "reson": "x"}}, "an override takes only score and reason, not 'reson'"),
    ("overrides", {"A1": {"score": [3], "reason": "x"}}, "list [3] where a number is expected"),
    ("overrides", {"A1": {"score": 3, "reason": ["x"]}}, "an override needs a reason"),
    ("overrides", {("A", 1): {"score": 3}}, "('A', 1) is not an indicator of this rubric"),
])  # fmt: skip
def test_any_shape_under_a_reserved_key_is_a_data_error_naming_it(key: str, value: Any, message: str) -> None:
    found = problems(VETOED, {"A1": True, key: value})
    assert len(found) == 1
    assert found[0][1] in ("vetoes", "not_applicable", "overrides")
    assert found[0][1] == {"一票否决": "vetoes", "不适用": "not_applicable", "调整": "overrides"}.get(key, key)
    assert message in found[0][2]


def test_a_reserved_key_given_under_both_names_is_refused() -> None:
    assert problems(VETOED, {"A1": True, "vetoes": [], "一票否决": ["事故"]}) == [
        (None, "vetoes", "given both as vetoes and as 一票否决: use one")]  # fmt: skip


# ---------------------------------------------------------------- silently ignored data


def test_data_for_a_not_applicable_indicator_is_a_warning() -> None:
    result = perfscore.compile(VETOED, language="en").evaluate({"A1": "nonsense", "not_applicable": ["A1"]})
    assert result.warnings == ("A1 is declared not applicable: the data given for it is ignored",)
    assert result.total == 10


def test_an_override_of_a_not_applicable_indicator_is_refused() -> None:
    data = {"not_applicable": ["A1"], "overrides": {"A1": {"score": 3, "reason": "复核"}}}
    assert problems(VETOED, data) == [
        ("A1", "overrides", "is declared not applicable, so it has no score to override: remove one of the two")]


def test_an_override_is_bounded_by_the_effective_weight() -> None:
    plan = perfscore.compile(EXACT, language="en")
    # A2 weighs 100 once A1 is not applicable: 90 is within it, 100.5 is not.
    result = plan.evaluate({"A2": True, "not_applicable": ["A1"], "overrides": {"A2": {"score": 90, "reason": "复核"}}})
    assert result.total == 90
    data = {"A2": True, "not_applicable": ["A1"], "overrides": {"A2": {"score": "100.5", "reason": "复核"}}}
    assert problems(EXACT, data) == [("A2", "overrides", "override score 100.5 is outside [0, 100]")]


JUDGED_BANDS = """
总分 10
指标 A1 a 10 {
  分档 {
    ≥ 90%：10分
    [60%, 90%)：6分~9分
    否则：0分
  }
  目标 ≥ 90%
}
"""


def test_a_judged_score_for_a_fixed_band_is_refused_unless_it_is_the_award() -> None:
    plan = perfscore.compile(JUDGED_BANDS, language="en")
    assert problems(JUDGED_BANDS, {"A1": {"actual": "95%", "score": 7}}) == [
        ("A1", "A1", ("band 1 applies, which awards a fixed 10 points: the judged score 7 cannot apply "
                      "(give a score only where a band awards a range)"))]  # fmt: skip
    assert plan.evaluate({"A1": {"actual": "95%", "score": 10}}).total == 10


def test_a_judged_score_is_needed_only_where_a_range_applies() -> None:
    plan = perfscore.compile(JUDGED_BANDS, language="en")
    assert plan.evaluate({"A1": "95%"}).total == 10
    assert plan.evaluate({"A1": {"actual": "50%"}}).total == 0
    assert plan.evaluate({"A1": {"actual": "70%", "score": 8}}).total == 8
    assert problems(JUDGED_BANDS, {"A1": "70%"}) == [
        ("A1", "A1", "band 2 applies, whose award is a range 6~9 points: give the judged score")]


def test_a_score_for_an_indicator_that_is_not_judged_is_refused() -> None:
    text = "总分 10\n指标 A1 a 10 {\n  按比例\n  目标 100%\n}\n"
    assert problems(text, {"A1": {"actual": "95%", "score": 10}}) == [
        ("A1", "A1", ("a score is given, but this indicator is not judged: its rule (proportional) computes the "
                      "score; give only what the rule reads"))]  # fmt: skip


def test_a_judged_score_above_the_range_is_refused() -> None:
    text = "总分 10\n指标 A1 a 10 {\n  评定 0分~10分\n}\n"
    assert problems(text, {"A1": 12}) == [("A1", "A1", "the judged score 12 is outside the declared range 0~10")]


# ---------------------------------------------------------------- look-alike names

BUDGET = """
总分 10
输入 预算数 金额 > 0
输入 Ab 金额
指标 A1 a 10 {
  实际 = Ab / 预算数
  按比例
  目标 100%
}
"""


@pytest.mark.parametrize(("key", "message"), [
    ("预算数\u200b", "missing; found '预算数\\u200b': remove the invisible character U+200B (ZERO WIDTH SPACE)"),
    ("\ufeff预算数", "missing; found '\\ufeff预算数': remove the invisible character U+FEFF (ZERO WIDTH NO-BREAK SPACE)"),
    ("预算数\u3000", "missing; found '预算数\\u3000': remove the invisible character U+3000 (IDEOGRAPHIC SPACE)"),
    ("预算数\xa0", "missing; found '预算数\\xa0': remove the invisible character U+00A0 (NO-BREAK SPACE)"),
    ("预\u200c算\u200d数", ("missing; found '预\\u200c算\\u200d数': remove the invisible characters "
                           "U+200C (ZERO WIDTH NON-JOINER), U+200D (ZERO WIDTH JOINER)")),
])  # fmt: skip
def test_a_missing_input_names_its_look_alike_with_invisible_characters(key: str, message: str) -> None:
    assert problems(BUDGET, {key: 1, "Ab": 1}) == [("A1", "预算数", message)]


def test_a_missing_input_names_its_full_width_and_decomposed_look_alikes() -> None:
    assert problems(BUDGET, {"预算数": 1, "Ａｂ": 1}) == [
        ("A1", "Ab", "missing; found 'Ａｂ', with full-width or compatibility characters: write 'Ab'")]
    text = BUDGET.replace("Ab", "Café")
    decomposed = unicodedata.normalize("NFD", "Café")
    assert problems(text, {"预算数": 1, decomposed: 1}) == [
        ("A1", "Café", (f"missing; found {decomposed!r}, the same name in decomposed Unicode (NFD): "
                        "retype it as 'Café' or save the data as NFC"))]  # fmt: skip


def test_a_checklist_item_names_its_look_alike() -> None:
    assert problems(CHECKLIST, {"A1": {"x": True, "y\u200b": True}}) == [
        ("A1", "A1", "item 'y' is missing; found 'y\\u200b': remove the invisible character U+200B (ZERO WIDTH SPACE)")]


def test_look_alikes_are_found_in_linear_time() -> None:
    # 20,000 keys that each differ from a wanted name by an invisible character: one index, one lookup each.
    # (A quadratic search would compare 2,000 names with 20,000 keys: 40 million normalisations.)
    inputs = "\n".join(f"输入 x{k} 金额" for k in range(2000))
    metrics = "\n".join(f"计算 s{m} = " + " + ".join(f"x{k}" for k in range(m * 200, m * 200 + 200)) for m in range(10))
    uses = " + ".join(f"s{m}" for m in range(10))
    text = f"总分 10\n{inputs}\n{metrics}\n指标 A1 a 10 {{\n  实际 = {uses}\n  按比例\n  目标 100\n}}\n"
    plan = perfscore.compile(text, language="en")
    data = {f"x{k}\u200b": 1 for k in range(2000)} | {f"y{k}": 1 for k in range(18000)}
    start = time.perf_counter()
    with pytest.raises(DataError) as caught:
        plan.evaluate(data)
    assert time.perf_counter() - start < 2
    assert len(caught.value.problems) == 2000
    assert caught.value.problems[1999].message == (
        "missing; found 'x1999\\u200b': remove the invisible character U+200B (ZERO WIDTH SPACE)")

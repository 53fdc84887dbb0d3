"""Each scoring mechanism, with the seed's real numbers where the seed has them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import perfscore

D = Decimal


def one(rule: str, weight: str = "3", extra: str = "", clauses: str = "") -> perfscore.Rubric:
    """A rubric holding one indicator X1 of the given weight (the total equals it)."""
    return perfscore.compile(
        f"总分 {weight}\n{extra}\n指标 X1 测试指标 {weight} {{\n{clauses}\n{rule}\n}}\n", "test.perf"
    , language="en")


def score(rubric: perfscore.Rubric, data: dict[str, Any]) -> Decimal:
    return rubric.evaluate(data)["X1"].score


# ---------------------------------------------------------------- 1. proportional and reverse


def test_proportional_b24() -> None:
    """B24: 2211.41 / 2558.1 = 86.45% of 3 points → 2.59."""
    rubric = one("按比例", clauses="目标 100%\n实际 = 支出 / 预算",
                 extra="输入 支出 金额\n输入 预算 金额 > 0")  # fmt: skip
    assert score(rubric, {"支出": D("2211.41"), "预算": D("2558.1")}) == D("2.59")


def test_proportional_is_capped_at_full_marks() -> None:
    """A23: 健康朔州 over-fulfilled (超出省定任务) still scores the weight."""
    rubric = one("按比例", clauses="目标 100%")
    assert score(rubric, {"X1": "129.47%"}) == D("3.00")


def test_proportional_against_a_lower_target_c21() -> None:
    """C21: 78.53% against 90% on 4 points → 3.49."""
    rubric = one("按比例", weight="4", clauses="目标 ≥ 90%")
    assert score(rubric, {"X1": "78.53%"}) == D("3.49")


def test_reverse_proportional() -> None:
    """Lower is better: 目标 ≤ 5 days, actual 8 days → 3 × 5/8 = 1.875 → 1.88."""
    rubric = one("按比例 反向", clauses="目标 ≤ 5\n实际 数值")
    assert score(rubric, {"X1": 8}) == D("1.88")
    assert score(rubric, {"X1": 4}) == D("3.00")


# ---------------------------------------------------------------- 2. cutoff


@pytest.mark.parametrize(("actual", "expected"), [("69.41%", "1.39"), ("59.99%", "0"), ("60%", "1.20")])
def test_cutoff_b42(actual: str, expected: str) -> None:
    """B42: 实际利用率 × 权重分，低于 60% 不得分 (69.41% of 2 points → 1.39)."""
    rubric = one("按比例 低于则零分 60%", weight="2", clauses="目标 100%")
    assert score(rubric, {"X1": actual}) == D(expected)


# ---------------------------------------------------------------- 3. deductions


def test_deduct_over_b13() -> None:
    """B13: 9.16% over 0% at 20% of the weight per 1% → floored at 0."""
    rubric = one("扣 20% 每 1% 超过 0%", clauses="目标 ≤ 0%")
    assert score(rubric, {"X1": "9.16%"}) == D("0")
    assert score(rubric, {"X1": "2.5%"}) == D("1.50")  # 2.5 × 0.6 = 1.5 deducted
    assert score(rubric, {"X1": "-3%"}) == D("3")


def test_deduct_under_b23() -> None:
    """B23: ≥70% full marks, else 2% of the weight per 1% below; 70.77% → 3."""
    rubric = one("扣 2% 每 1% 低于 70%", clauses="目标 ≥ 70%")
    assert score(rubric, {"X1": "70.77%"}) == D("3")
    assert score(rubric, {"X1": "65%"}) == D("2.70")  # 5 × 0.06 = 0.3


def test_deduct_with_rounded_excess_b22() -> None:
    """B22: 19.84% is 10.84 over 9% → rounded half up to 11 → 11 × 5% × 3 = 1.65 → 1.35."""
    rubric = one("扣 5% 每 1% 超过 9% 不足部分 四舍五入", clauses="目标 ≤ 9%")
    assert score(rubric, {"X1": "19.84%"}) == D("1.35")
    assert score(rubric, {"X1": "9.49%"}) == D("3")  # 0.49 rounds to 0 units
    assert score(rubric, {"X1": "9.5%"}) == D("2.85")  # 0.5 rounds half up to 1


# ---------------------------------------------------------------- 4. bands


@pytest.mark.parametrize(
    ("actual", "expected"),
    [("80.16%", "0"), ("84.99%", "0"), ("85%", "1"), ("90%", "2"), ("94.99%", "2"), ("95%", "3"), ("120%", "3")],
)
def test_bands_b21(actual: str, expected: str) -> None:
    """B21: 95% 以上(含) 3 分，90–95% 2 分，85–90% 1 分，低于 85% 0 分; the report's 80.16% → 0."""
    rubric = one("分档 {\n ≥ 95%：3分\n [90%, 95%)：2分\n [85%, 90%)：1分\n < 85%：0分\n}", clauses="目标 ≥ 95%")
    assert score(rubric, {"X1": actual}) == D(expected)


def test_bands_accept_ascii_comparisons_and_shares() -> None:
    rubric = one("bands {\n >= 95%: 100%\n [90%, 95%): 50%\n otherwise: 0%\n}", clauses="target >= 95%")
    assert score(rubric, {"X1": "92%"}) == D("1.50")


# ---------------------------------------------------------------- 5. checklists


def test_checklist_a11_shares() -> None:
    """A11: ①② 35% each, ③ 30%; only ③ met → 0.9 of 3 points."""
    rubric = one("清单 {\n 要求 35%\n 职责 35%\n 规划 30%\n}")
    assert score(rubric, {"X1": {"要求": False, "职责": False, "规划": True}}) == D("0.90")


def test_checklist_b41_five_items() -> None:
    """B41: five items × 20% of 2 points; two met → 0.8 (as reported)."""
    rubric = one("清单 {\n a 20%\n b 20%\n c 20%\n d 20%\n e 20%\n}", weight="2")
    met = {"a": False, "b": True, "c": False, "d": False, "e": True}
    assert score(rubric, {"X1": met}) == D("0.80")


def test_checklist_b52_sixths_sum_exactly() -> None:
    """B52: six items × 1/6 of 3 points; five met → 2.5 (as reported)."""
    rubric = one("清单 {\n a 1/6\n b 1/6\n c 1/6\n d 1/6\n e 1/6\n f 1/6\n}")
    met = {k: k != "a" for k in "abcdef"}
    assert score(rubric, {"X1": met}) == D("2.50")
    assert score(rubric, {"X1": {k: True for k in "abcdef"}}) == D("3.00")


def test_checklist_partial_item_b25() -> None:
    """B25: two items × 1/2 of 3 points, one met to 50% → 2.25 (as reported)."""
    rubric = one("清单 {\n 内容 1/2\n 时限 1/2\n}")
    assert score(rubric, {"X1": {"内容": "50%", "时限": True}}) == D("2.25")


# ---------------------------------------------------------------- 6. levels, 7. binary


@pytest.mark.parametrize(("label", "expected"), [("明显提升", "3"), ("有所提升", "1.5"), ("未提升", "0")])
def test_levels_c11(label: str, expected: str) -> None:
    rubric = one("定性 {\n 明显提升：100%\n 有所提升：50%\n 未提升：0%\n}")
    assert score(rubric, {"X1": label}) == D(expected)


def test_binary_d22() -> None:
    rubric = one("达标", weight="5")
    assert score(rubric, {"X1": True}) == D("5")
    assert score(rubric, {"X1": False}) == D("0")


# ---------------------------------------------------------------- 8. completion over items


def test_completion_a32() -> None:
    """A32: 实施细则 done, 29 of 11 中医馆 (capped), 2 of 4 专科 → 83.33% of 3 → 2.5."""
    rubric = one("按比例", clauses="目标 100%\n实际 完成率 {\n 细则\n 中医馆 目标 11\n 专科 目标 4\n}")
    assert score(rubric, {"X1": {"细则": True, "中医馆": 29, "专科": 2}}) == D("2.50")


# ---------------------------------------------------------------- 9. free formula


def test_formula_with_conditional() -> None:
    rubric = one("公式 如果 actual >= target 则 weight 否则 weight * actual / target - 0.5",
                 clauses="目标 80%\n实际 比率")  # fmt: skip
    assert score(rubric, {"X1": "85%"}) == D("3")
    assert score(rubric, {"X1": "40%"}) == D("1.00")  # 3 × 0.5 − 0.5


def test_formula_is_clamped_and_says_so() -> None:
    rubric = one("公式 weight * actual - 1", clauses="目标 100%\n实际 比率")
    result = rubric.evaluate({"X1": "20%"})
    assert result["X1"].score == D("0")
    assert any(step.kind == "clamp" for step in result["X1"].explanation.steps)


# ---------------------------------------------------------------- 10. derived metrics


def test_derived_metric_b12_adjustment_rate() -> None:
    """B12: |15838.42 − 6000.02| / 6000.02 = 163.97%."""
    rubric = one(
        "分档 {\n ≤ 0%：100%\n 否则：0%\n}",
        extra="输入 年初预算 金额 > 0\n输入 预算数 金额\n计算 预算调整率 = abs(预算数 - 年初预算) / 年初预算",
        clauses="目标 ≤ 0%\n实际 = 预算调整率",
    )
    result = rubric.evaluate({"年初预算": D("6000.02"), "预算数": D("15838.42")})
    assert round(result["X1"].actual * 100, 2) == D("163.97")  # type: ignore[operator]


# ---------------------------------------------------------------- 11. surveys


def test_survey_with_a_five_option_scale() -> None:
    """Scales other than 100/80/60/0: 100/80/60/30/0 over one question of 10 answers."""
    rubric = one(
        "按比例",
        weight="10",
        extra="问卷 满意度 {\n 选项 很满意 100%，满意 80%，一般 60%，不满意 30%，很不满意 0%\n 题目 总体\n}",
        clauses="目标 ≥ 90%\n实际 = 满意度",
    )
    result = rubric.evaluate({"满意度": {"总体": [5, 2, 1, 1, 1]}})
    # (5×100 + 2×80 + 60 + 30 + 0) / 10 = 75% → 10 × 75/90 = 8.33
    assert result["X1"].score == D("8.33")


# ---------------------------------------------------------------- 12. grades


@pytest.mark.parametrize(("total", "grade"), [("90", "优秀"), ("85", "优秀"), ("84.99", "良好"), ("75", "良好"),
                                              ("74.99", "一般"), ("60", "一般"), ("59.99", "较差")])  # fmt: skip
def test_grades_shijiazhuang(total: str, grade: str) -> None:
    """Seed 001: 得分≥85 优秀；75≤得分<85 良好；60≤得分<75 一般；得分<60 较差."""
    rubric = perfscore.compile(
        "评价等级 {\n 优秀 ≥ 85\n 良好 [75, 85)\n 一般 [60, 75)\n 较差 < 60\n}\n"
        "指标 X1 全部 100 {\n 评定 0分~100分\n}\n"
    , language="en")
    assert rubric.evaluate({"X1": D(total)}).grade == grade


# ---------------------------------------------------------------- 13. overrides


def test_override_keeps_the_computed_score_and_reason() -> None:
    rubric = one("达标")
    result = rubric.evaluate({"X1": False, "overrides": {"X1": {"score": 3, "reason": "上级临时交办，按规定除外"}}})
    node = result["X1"]
    assert node.score == 3
    assert node.override == perfscore.Override(computed=D("0.00"), score=D(3), reason="上级临时交办，按规定除外")
    assert node.override.difference == 3


def test_override_without_reason_or_above_weight_is_refused() -> None:
    rubric = one("达标")
    with pytest.raises(perfscore.DataError) as info:
        rubric.evaluate({"X1": True, "overrides": {"X1": {"score": 4, "reason": "x"}}})
    assert "outside [0, 3]" in str(info.value)
    with pytest.raises(perfscore.DataError) as info:
        rubric.evaluate({"X1": True, "overrides": {"X1": {"score": 2}}})
    assert "needs a reason" in str(info.value)


# ---------------------------------------------------------------- 14. bonus points and veto

BONUS = """
评价等级 {
  优 ≥ 90
  良 [80, 90)
  中 [60, 80)
  差 [0, 60)
}
一票否决 重大安全事故 总分为零
一票否决 审计发现违纪 等级最高 中
指标 X1 主体 100 {
  评定 0分~100分
}
加分项 E 加分 最多 5 {
  指标 E1 国家级表彰 3 {
    达标
  }
  指标 E2 省级表彰 3 {
    达标
  }
}
"""


def test_bonus_points_are_capped_and_the_total_can_exceed_100() -> None:
    rubric = perfscore.compile(BONUS, language="en")
    assert rubric.maximum == 105
    result = rubric.evaluate({"X1": 98, "E1": True, "E2": True})
    assert result["E"].score == 5
    assert result.total == 103
    assert result.grade == "优"


def test_veto_zeroes_the_total_or_caps_the_grade() -> None:
    rubric = perfscore.compile(BONUS, language="en")
    data = {"X1": 95, "E1": False, "E2": False}
    assert rubric.evaluate({**data, "vetoes": ["重大安全事故"]}).total == 0
    capped = rubric.evaluate({**data, "vetoes": ["审计发现违纪"]})
    assert capped.total == 95
    assert capped.grade == "中"


# ---------------------------------------------------------------- 15. occurrences, time, steps, caps, partial units


def test_deduct_per_occurrence_with_a_cap() -> None:
    """每发现一例扣 0.5 分，最多扣 2 分 (of 4)."""
    rubric = one("扣 0.5分 每 1 最多 2分", weight="4", clauses="实际 数量")
    assert score(rubric, {"X1": 3}) == D("2.50")
    assert score(rubric, {"X1": 10}) == D("2")


def test_deduct_per_working_day_late() -> None:
    """每逾期 1 个工作日扣 0.2 分 after the 5-day deadline."""
    rubric = one("扣 0.2分 每 1 超过 5", weight="2", clauses="实际 数量")
    assert score(rubric, {"X1": 9}) == D("1.20")


def test_deduct_steps_larger_than_one_unit() -> None:
    """每超过 3% 扣 1 分: 7% over → 2 whole steps counted (不足部分 舍去) → 3 − 2 = 1."""
    rubric = one("扣 1分 每 3% 超过 0% 不足部分 舍去", clauses="目标 ≤ 0%")
    assert score(rubric, {"X1": "7%"}) == D("1")


def test_partial_unit_counted_as_whole() -> None:
    """不足一个百分点按一个百分点计算: 2.1% below → 3 units × 10% of 3."""
    rubric = one("扣 10% 每 1% 低于 90% 不足部分 进一", clauses="目标 ≥ 90%")
    assert score(rubric, {"X1": "87.9%"}) == D("2.10")


def test_cap_on_total_deduction_as_share_of_weight() -> None:
    """最高扣除权重的 20%: 3 points, so at most 0.6 deducted."""
    rubric = one("扣 10% 每 1% 超过 5% 最多 20%", clauses="目标 ≤ 5%")
    assert score(rubric, {"X1": "50%"}) == D("2.40")


# ---------------------------------------------------------------- 16. over-achievement


def test_over_achievement_rewarded_up_to_a_higher_cap() -> None:
    rubric = one("按比例 封顶 120%", weight="10", clauses="目标 100%")
    assert score(rubric, {"X1": "110%"}) == D("11.00")
    assert score(rubric, {"X1": "150%"}) == D("12.00")


def test_deviation_in_either_direction() -> None:
    """每相差 3% 扣 1 分 from a 100% target, either way."""
    rubric = one("扣 1分 每 3% 偏离 100%", clauses="目标 100%")
    assert score(rubric, {"X1": "106%"}) == D("1")
    assert score(rubric, {"X1": "94%"}) == D("1")


# ---------------------------------------------------------------- 17. linear interpolation


def test_linear_between_two_thresholds() -> None:
    rubric = one("线性 从 60% 到 100%", weight="4", clauses="目标 ≥ 100%")
    assert score(rubric, {"X1": "80%"}) == D("2.00")
    assert score(rubric, {"X1": "50%"}) == D("0")
    assert score(rubric, {"X1": "130%"}) == D("4")


# ---------------------------------------------------------------- 18. comparisons with other inputs


def test_target_is_last_years_value() -> None:
    """A rate compared with last year's value instead of a fixed target."""
    rubric = one("按比例", extra="输入 上年值 比率 > 0", clauses="目标 ≥ 上年值\n实际 比率")
    assert score(rubric, {"X1": "45%", "上年值": "50%"}) == D("2.70")


# ---------------------------------------------------------------- 19. judged within a declared range


def test_band_worth_a_range_takes_the_judged_score() -> None:
    rubric = one("分档 {\n ≥ 90%：8分~9分\n 否则：0分~8分\n}", weight="9", clauses="目标 ≥ 90%")
    assert score(rubric, {"X1": {"actual": "93%", "score": D("8.5")}}) == D("8.50")
    with pytest.raises(perfscore.DataError) as info:
        rubric.evaluate({"X1": {"actual": "93%", "score": D("7")}})
    assert "outside the declared range 8~9" in str(info.value)


def test_qualitative_tiers_with_ranges() -> None:
    """Ministry of Finance tiers: 达成 100–80%, 部分达成 80–60%, 未达成 60–0% of the weight."""
    rubric = one("定性 {\n 达成：80%~100%\n 部分达成：60%~80%\n 未达成：0%~60%\n}", weight="10")
    assert score(rubric, {"X1": {"level": "部分达成", "score": 7}}) == D("7")


# ---------------------------------------------------------------- 20. not applicable


NA = """
分组 A 投入 40 {
  指标 A1 甲 20 {
    达标
    不适用时 分配给同级
  }
  指标 A2 乙 20 {
    达标
  }
}
分组 B 产出 60 {
  指标 B1 丙 30 {
    达标
    不适用时 折算
  }
  指标 B2 丁 30 {
    达标
    不适用时 满分
  }
}
"""


def test_not_applicable_redistributes_to_siblings() -> None:
    result = perfscore.compile(NA, language="en").evaluate({"A2": True, "B1": True, "B2": True, "not_applicable": ["A1"]})
    assert result["A2"].weight == 40
    assert result["A2"].score == 40
    assert result.total == 100


def test_not_applicable_rescales_the_rest() -> None:
    result = perfscore.compile(NA, language="en").evaluate({"A1": True, "A2": False, "B2": True, "not_applicable": ["B1"]})
    # The remaining 70 points count for 100: A1 20 → 28.57, B2 30 → 42.86.
    assert result["A1"].score == D("28.57")
    assert result["B2"].score == D("42.86")
    assert result.total == D("71.43")


def test_not_applicable_full_marks() -> None:
    result = perfscore.compile(NA, language="en").evaluate({"A1": True, "A2": True, "B1": True, "not_applicable": ["B2"]})
    assert result["B2"].score == 30
    assert not result["B2"].applicable


# ---------------------------------------------------------------- 21. other aggregations


def test_group_minimum_and_product_of_rates() -> None:
    text = """
    分组 G 安全 10 汇总 最小值 {
      指标 G1 甲 5 {
        按比例
        目标 100%
      }
      指标 G2 乙 5 {
        按比例
        目标 100%
      }
    }
    分组 H 质量 90 汇总 乘积 {
      指标 H1 丙 45 {
        按比例
        目标 100%
      }
      指标 H2 丁 45 {
        按比例
        目标 100%
      }
    }
    """
    result = perfscore.compile(text, language="en").evaluate({"G1": "80%", "G2": "60%", "H1": "90%", "H2": "50%"})
    assert result["G"].score == D("6.00")  # 10 × min(80%, 60%)
    assert result["H"].score == D("40.50")  # 90 × 90% × 50%


# ---------------------------------------------------------------- 22. bands on two inputs


def test_bands_conditioned_on_a_rate_and_a_count() -> None:
    rubric = one(
        "分档 {\n 当 执行率 >= 90% 且 问题数 <= 2：100%\n 当 执行率 >= 90%：60%\n 否则：0%\n}",
        extra="输入 执行率 比率\n输入 问题数 数量",
    )
    assert score(rubric, {"执行率": "95%", "问题数": 1}) == D("3")
    assert score(rubric, {"执行率": "95%", "问题数": 3}) == D("1.80")
    assert score(rubric, {"执行率": "80%", "问题数": 0}) == D("0")


# ---------------------------------------------------------------- 23. weights as percentages, fractions


def test_weights_as_a_percentage_of_the_parent_and_non_integer() -> None:
    text = """
    分组 A 投入 20 {
      指标 A1 甲 37.5% {
        达标
      }
      指标 A2 乙 62.5% {
        达标
      }
    }
    分组 B 产出 80 {
      指标 B1 丙 2.5 {
        达标
      }
      指标 B2 丁 77.5 {
        达标
      }
    }
    """
    result = perfscore.compile(text, language="en").evaluate({"A1": True, "A2": False, "B1": True, "B2": True})
    assert result["A1"].weight == D("7.5")
    assert result["A2"].weight == D("12.5")
    assert result.total == D("87.5")


# ---------------------------------------------------------------- 24. penalty points outside the tree


def test_penalty_points_with_their_own_cap() -> None:
    text = """
    指标 X1 主体 100 {
      评定 0分~100分
    }
    减分项 F 减分 最多 10 {
      指标 F1 违规 8 {
        扣 2分 每 1
        实际 数量
      }
      指标 F2 迟报 8 {
        扣 1分 每 1
        实际 数量
      }
    }
    """
    result = perfscore.compile(text, language="en").evaluate({"X1": 90, "F1": 3, "F2": 5})
    assert result["F"].score == 10  # 6 + 5 = 11 lost, capped at 10
    assert result.total == 80


def test_rule_expressions_may_use_weight_and_target() -> None:
    """A deduction limit written as `target`: the limit follows the indicator's own target."""
    rubric = one("扣 2% 每 1% 低于 target", clauses="目标 ≥ 70%")
    assert score(rubric, {"X1": "65%"}) == D("2.70")

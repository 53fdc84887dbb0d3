"""Scores worked out by hand for the cases a mutation run showed untested (issue 15).

Every expected value is computed in the comment beside it, never by the code under test, and
everything goes through the public API (perfscore.compile, Rubric.evaluate, Result).
"""

from __future__ import annotations

import itertools
from decimal import Decimal as D
from typing import Any

import pytest

import perfscore


def evaluate(text: str, data: dict[str, Any]) -> perfscore.Result:
    return perfscore.compile(text).evaluate(data)


# ---------------------------------------------------------------- not applicable, partial scores

THREE = """
总分 20
指标 A1 甲 5 {{
  达标
  不适用时 {how}
}}
指标 A2 乙 6 {{
  目标 100%
  按比例
}}
指标 A3 丙 9 {{
  达标
}}
"""
HALF_DONE = {"A1": True, "A2": "50%", "A3": True, "not_applicable": ["A1"]}


def test_full_marks_keeps_the_weights_and_scores_the_leaf_in_full() -> None:
    # A1 counted full: 5; A2 6 × 50% = 3; A3 9. Total 17.
    result = evaluate(THREE.format(how="满分"), HALF_DONE | {"A1": False})
    assert [result[c].score for c in ("A1", "A2", "A3")] == [D("5.00"), D("3.00"), D("9.00")]
    assert [result[c].weight for c in ("A1", "A2", "A3")] == [5, 6, 9]
    assert result.total == D("17.00")


def test_rescale_divides_by_the_remaining_weight() -> None:
    # A1's 5 go to the other 15 points: factor 20/15 = 4/3. A2: 6 × 50% = 3, × 4/3 = 4; A3: 9 × 4/3 = 12.
    result = evaluate(THREE.format(how="折算"), HALF_DONE)
    assert [result[c].weight for c in ("A1", "A2", "A3")] == [0, 8, 12]
    assert [result[c].score for c in ("A1", "A2", "A3")] == [D("0.00"), D("4.00"), D("12.00")]
    assert result.total == D("16.00")
    assert result["A2"].rate == D("0.5")


def test_redistribute_at_the_top_level_shares_with_the_whole_tree() -> None:
    # No parent group: its siblings are the other top-level leaves, as 折算. Same 4 and 12.
    result = evaluate(THREE.format(how="分配给同级"), HALF_DONE)
    assert [result[c].score for c in ("A2", "A3")] == [D("4.00"), D("12.00")]


NESTED = """
总分 20
分组 A 甲组 12 {
  指标 A1 甲 4 {
    达标
    不适用时 分配给同级
  }
  分组 B 乙组 8 {
    指标 B1 乙一 2 {
      目标 100%
      按比例
    }
    指标 B2 乙二 6 {
      达标
    }
  }
}
指标 C 丙 8 {
  达标
}
"""


def test_redistribution_reaches_every_leaf_under_the_parent_not_only_direct_children() -> None:
    # A1's 4 go to the leaves under A (B1 2, B2 6) in proportion: factor 12/8 = 3/2.
    # B1: 2 × 50% = 1, × 3/2 = 1.5; B2: 6 × 3/2 = 9; B = A = 10.5. C (not met) 0, untouched: weight 8.
    result = evaluate(NESTED, {"A1": True, "B1": "50%", "B2": True, "C": False, "not_applicable": ["A1"]})
    assert [result[c].weight for c in ("B1", "B2", "B", "A", "C")] == [3, 9, 12, 12, 8]
    assert [result[c].score for c in ("B1", "B2", "B", "A", "C")] == [D("1.50"), D("9.00"), D("10.50"), D("10.50"), D("0.00")]
    assert result.total == D("10.50")
    assert result["A"].rate == D("0.875")  # 10.5 / 12


INNERMOST = """
总分 16
分组 A 甲组 16 {
  指标 A1 甲 4 {
    达标
    不适用时 分配给同级
  }
  指标 A2 乙 4 {
    达标
  }
  分组 B 乙组 8 {
    指标 B1 乙一 2 {
      达标
      不适用时 分配给同级
    }
    指标 B2 乙二 3 {
      达标
    }
    指标 B3 乙三 3 {
      达标
    }
  }
}
"""


def test_nested_redistribution_settles_the_inner_group_first() -> None:
    # B first: B1's 2 go to B2 and B3 (3 each) → 4 and 4, B keeps 8.
    # Then A: A1's 4 go to A2 (4), B2 (4), B3 (4) in proportion → each 4 + 4/3 = 16/3 = 5.333… → 5.33.
    # (Outer first would give A2 4 × 16/12 … a different split.) B = 5.33 + 5.33; A = 5.33 × 3.
    data = {"A2": True, "B2": True, "B3": True, "not_applicable": ["A1", "B1"]}
    result = evaluate(INNERMOST, data)
    assert [result[c].score for c in ("A2", "B2", "B3")] == [D("5.33")] * 3
    assert result["B"].score == D("10.66")
    assert result.total == D("15.99")


def test_a_partly_met_leaf_in_a_rescaled_tree_is_scaled_from_its_exact_score() -> None:
    # 总分 20, A1 (5) dropped: factor 4/3. A2 at 80%: 6 × 0.8 = 4.8, × 4/3 = 6.4.
    result = evaluate(THREE.format(how="折算"), HALF_DONE | {"A2": "80%"})
    assert result["A2"].score == D("6.40")
    assert result.total == D("18.40")


# ---------------------------------------------------------------- bonus and penalty groups

CAPPED = """
总分 10
指标 A 主 10 {
  达标
}
加分项 E 加分 最多 5 {
  指标 E1 表彰 3 {
    达标
    不适用时 折算
  }
  指标 E2 创新 4 {
    目标 100%
    按比例
  }
}
减分项 P 扣分 最多 4 {
  指标 P1 问题 3 {
    扣 1分 每 1
  }
  指标 P2 事故 2 {
    达标
  }
}
"""


@pytest.mark.parametrize(("e1", "e2", "bonus", "total"), [
    (False, "50%", "2.00", "12.00"),  # 0 + 4 × 50% = 2, below the cap
    (True, "50%", "5.00", "15.00"),  # 3 + 2 = 5, exactly the cap
    (True, "100%", "5.00", "15.00"),  # 3 + 4 = 7, capped at 5; maximum 10 + 5 = 15
])  # fmt: skip
def test_a_bonus_group_adds_its_children_capped(e1: bool, e2: str, bonus: str, total: str) -> None:
    result = evaluate(CAPPED, {"A": True, "E1": e1, "E2": e2, "P1": 0, "P2": True})
    assert result["E"].score == D(bonus)
    assert result.total == D(total)
    assert result.maximum == 15


@pytest.mark.parametrize(("p1", "p2", "penalty", "total"), [
    (0, True, "0.00", "10.00"),  # nothing lost
    (2, True, "2.00", "8.00"),  # P1: 3 − 2 × 1 = 1, loses 2; P2 loses 0
    (2, False, "4.00", "6.00"),  # 2 + 2 = 4, exactly the cap
    (5, False, "4.00", "6.00"),  # P1 floors at 0, loses 3; + 2 = 5, capped at 4
])  # fmt: skip
def test_a_penalty_group_subtracts_the_points_lost_capped(p1: int, p2: bool, penalty: str, total: str) -> None:
    result = evaluate(CAPPED, {"A": True, "E1": False, "E2": "0%", "P1": p1, "P2": p2})
    assert result["P"].score == D(penalty)
    assert result.total == D(total)


def test_a_rescaled_bonus_leaf_takes_only_the_bonus_groups_weight() -> None:
    # E1 dropped: E2 takes its 3 → weight 7; at 50%: 4 × 0.5 = 2, × 7/4 = 3.5. The main leaf A keeps 10.
    result = evaluate(CAPPED, {"A": True, "E2": "50%", "P1": 0, "P2": True, "not_applicable": ["E1"]})
    assert (result["E2"].weight, result["A"].weight) == (7, 10)
    assert result["E2"].score == D("3.50")
    assert result.total == D("13.50")


def test_the_total_is_clamped_at_zero_by_a_penalty() -> None:
    text = CAPPED.replace("最多 4", "最多 20")
    # A not met: 0; P1 loses 3, P2 loses 2 → −5 → 0.
    assert evaluate(text, {"A": False, "E1": False, "E2": "0%", "P1": 9, "P2": False}).total == D("0.00")


# ---------------------------------------------------------------- bands: every order, every edge

BAND_LINES = ["≥ 90%：100%", "[60%, 90%)：60%", "< 60%：0%"]
OPEN_LINES = ["> 90%：100%", "(60%, 90%]：60%", "≤ 60%：0%"]


def _bands(lines: tuple[str, ...]) -> perfscore.Rubric:
    body = "\n".join(f"    {line}" for line in lines)
    return perfscore.compile(f"总分 10\n指标 X 单项 10 {{\n  目标 100%\n  分档 {{\n{body}\n  }}\n}}\n")


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
@pytest.mark.parametrize(("lines", "cases"), [
    (BAND_LINES, {"90%": "10.00", "89.99%": "6.00", "60%": "6.00", "59.99%": "0.00", "100%": "10.00"}),
    (OPEN_LINES, {"90%": "6.00", "90.01%": "10.00", "60%": "0.00", "60.01%": "6.00", "0%": "0.00"}),
])  # fmt: skip
def test_bands_in_any_order_score_each_edge_by_its_open_or_closed_end(
    order: tuple[int, ...], lines: list[str], cases: dict[str, str]
) -> None:
    rubric = _bands(tuple(lines[k] for k in order))
    assert {actual: str(rubric.evaluate({"X": actual}).total) for actual in cases} == cases


def test_a_points_band_awards_its_points_and_otherwise_catches_the_rest() -> None:
    rubric = perfscore.compile("总分 10\n指标 X 单项 10 {\n  目标 100%\n  分档 {\n    ≥ 95%：8分\n    否则：2分\n  }\n}\n")
    assert (rubric.evaluate({"X": "95%"}).total, rubric.evaluate({"X": "94.9%"}).total) == (D("8.00"), D("2.00"))


# ---------------------------------------------------------------- completion shares, metrics, min groups

def test_share_weighted_completion_multiplies_each_completion_by_its_share() -> None:
    text = ("总分 10\n指标 X 完成 10 {\n  目标 100%\n  实际 完成率 {\n    甲 30% 目标 10\n    乙 70%\n  }\n"
            "  按比例\n}\n")  # fmt: skip
    # 甲 5 of 10 → 0.5 × 30% = 0.15; 乙 met → 70%. Actual 85%, score 10 × 0.85 = 8.5.
    result = evaluate(text, {"X": {"甲": 5, "乙": True}})
    assert result["X"].actual == D("0.85")
    assert result.total == D("8.50")


def test_a_metric_may_use_one_declared_below_it() -> None:
    text = ("总分 10\n输入 x 数值\n计算 b = a * 2\n计算 a = x + 1\n指标 X 单项 10 {\n  目标 10\n"
            "  实际 = b\n  按比例\n}\n")  # fmt: skip
    # x = 2: a = 3, b = 6; 10 × 6/10 = 6.
    result = evaluate(text, {"x": 2})
    assert result.inputs["b"] == 6
    assert result.total == D("6.00")


def test_a_min_group_scores_its_weight_times_the_lowest_child_rate() -> None:
    text = ("总分 10\n分组 G 安全 10 汇总 最小值 {\n  指标 G1 a 4 {\n    目标 100%\n    按比例\n  }\n"
            "  指标 G2 b 6 {\n    目标 100%\n    按比例\n  }\n}\n")  # fmt: skip
    # G1 4 × 75% = 3 (rate 0.75), G2 6 × 50% = 3 (rate 0.5): 10 × 0.5 = 5.
    assert evaluate(text, {"G1": "75%", "G2": "50%"})["G"].score == D("5.00")
    # product: 10 × 0.75 × 0.5 = 3.75
    assert evaluate(text.replace("最小值", "乘积"), {"G1": "75%", "G2": "50%"})["G"].score == D("3.75")


ROUND_DOWN_THIRD = """
总分 9
保留 2 位 舍去
分组 G 安全 9 汇总 最小值 {
  指标 G1 a 3 {
    RULE
  }
  指标 G2 b 6 {
    达标
  }
}
"""


def test_a_proportional_score_is_rounded_from_its_exact_value_under_round_down() -> None:
    # 3 × min(1 / 3, 1) = 1 exactly → 1.00 under 舍去 (got 0.99).
    result = evaluate(ROUND_DOWN_THIRD.replace("RULE", "目标 3\n    按比例"), {"G1": 1, "G2": True})
    assert result["G1"].score == D("1.00")


def test_a_min_group_is_rounded_from_its_exact_value_under_round_down() -> None:
    # G1 scores the 1分 level exactly (rate 1/3); G2 met (rate 1). G = 9 × 1/3 = 3 exactly → 3.00, not 2.99.
    result = evaluate(ROUND_DOWN_THIRD.replace("RULE", "定性 {\n      好：3分\n      中：1分\n    }"), {"G1": "中", "G2": True})
    assert result["G1"].score == D("1.00")
    assert result["G"].score == D("3.00")


# ---------------------------------------------------------------- overrides and vetoes

VETOED = """
总分 100
评价等级 {
  优 ≥ 90
  良 [80, 90)
  中 [60, 80)
  差 < 60
}
一票否决 重大安全事故 总分为零
一票否决 审计发现违纪 等级最高 中
指标 A 履职 60 {
  达标
}
指标 B 效果 40 {
  目标 100%
  按比例
}
"""


def test_vetoes_zero_the_total_or_cap_the_grade() -> None:
    data: dict[str, Any] = {"A": True, "B": "95%"}  # 60 + 38 = 98: 优
    assert (evaluate(VETOED, data).total, evaluate(VETOED, data).grade) == (D("98.00"), "优")
    capped = evaluate(VETOED, data | {"vetoes": ["审计发现违纪"]})
    assert (capped.total, capped.grade) == (D("98.00"), "中")
    zeroed = evaluate(VETOED, data | {"vetoes": ["重大安全事故"]})
    assert (zeroed.total, zeroed.grade) == (D("0.00"), "差")
    low = evaluate(VETOED, {"A": False, "B": "95%", "vetoes": ["审计发现违纪"]})  # 38: 差 already, the cap is no lift
    assert low.grade == "差"


def test_an_override_replaces_the_score_and_keeps_the_computed_one() -> None:
    result = evaluate(VETOED, {"A": False, "B": "50%", "overrides": {"A": {"score": 45, "reason": "上级调整"}}})
    # A computed 0, overridden 45; B 40 × 50% = 20. Total 65: 中.
    assert result["A"].score == 45
    assert result["A"].override is not None and result["A"].override.computed == D("0.00")
    assert (result.total, result.grade) == (D("65.00"), "中")


def test_a_linear_score_is_rounded_from_its_exact_value_under_round_down() -> None:
    # 3 × (10% − 0%) / (30% − 0%) = 1 exactly → 1.00 under 舍去 (was 3 × 0.333…3 = 0.999…9 → 0.99).
    rubric = perfscore.compile("总分 3\n保留 2 位 舍去\n指标 A1 甲 3 {\n  实际 比率\n  线性 从 0% 到 30%\n}\n")
    assert rubric.evaluate({"A1": "10%"}).total == D("1.00")

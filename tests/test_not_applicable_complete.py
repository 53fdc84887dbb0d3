"""Not applicable, completely (issue 10, item 7): a not-applicable indicator needs none of its inputs,
surveys or metrics; full marks, rescale and redistribute; min and product groups; all-N/A scopes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import perfscore

# 政府采购执行率 does not apply to a unit that made no purchases: "未发生政府采购的，该指标不适用，权重按比例分配".
PURCHASES = """
总分 10
输入 采购预算 金额 > 0
输入 实际采购 金额
计算 采购执行率 = 实际采购 / 采购预算
输入 决算数 金额
输入 预算数 金额 > 0
问卷 服务对象 {
  选项 满意 100%，基本满意 60%，不满意 0%
  题目 总体
}
指标 B1 政府采购执行率 4 {
  目标 100%
  实际 = 采购执行率
  按比例
  不适用时 折算
}
指标 B2 预算执行率 4 {
  目标 100%
  实际 = 决算数 / 预算数
  按比例
}
指标 C1 服务对象满意度 2 {
  目标 ≥ 90%
  实际 = 服务对象
  按比例
  不适用时 满分
}
"""


def problems(text: str, data: dict[str, Any]) -> list[str]:
    with pytest.raises(perfscore.DataError) as caught:
        perfscore.compile(text, language="en").evaluate(data)
    return [f"{p.indicator} / {p.input}: {p.message}" for p in caught.value.problems]


def test_a_not_applicable_indicator_needs_none_of_its_inputs_metrics_or_surveys() -> None:
    rubric = perfscore.compile(PURCHASES, language="en")
    result = rubric.evaluate({"决算数": 90, "预算数": 100, "not_applicable": ["B1", "C1"]})
    # B1's 4 points go to the other leaves of the tree in proportion, C1 (full marks) included: × 10/6.
    # B2 = 4 × 90% = 3.6, × 10/6 = 6.00; C1 scores its effective weight 2 × 10/6 = 3.33; total 9.33.
    assert (result["B2"].score, result["C1"].score, result.total) == (
        Decimal("6.00"), Decimal("3.33"), Decimal("9.33"))
    assert result.explain("B1") == "B1 政府采购执行率：不适用，不计分，其余指标按比例折算"
    assert result.explain("C1") == "C1 服务对象满意度：不适用，按满分计，因有不适用指标，权重由 2 分折算为 3.3333 分"
    assert not result.warnings


def test_inputs_an_applicable_indicator_reads_are_still_required() -> None:
    assert problems(PURCHASES, {"决算数": 90, "预算数": 100, "not_applicable": ["C1"]}) == [
        "B1 / 采购预算: missing", "B1 / 实际采购: missing"]
    # 决算数 is read by B2, which applies: declaring B1 not applicable does not excuse it
    assert problems(PURCHASES, {"预算数": 100, "not_applicable": ["B1", "C1"]}) == ["B2 / 决算数: missing"]


SHARED = """
总分 10
输入 支出 金额 > 0
输入 预算 金额 > 0
指标 B1 甲 5 {
  目标 100%
  实际 = 支出 / 预算
  按比例
  不适用时 折算
}
指标 B2 乙 5 {
  目标 ≤ 100%
  实际 = 支出 / 预算
  按比例 反向
}
"""


def test_an_input_shared_with_an_applicable_indicator_is_required() -> None:
    assert problems(SHARED, {"预算": 100, "not_applicable": ["B1"]}) == ["B1、B2 / 支出: missing"]
    # given, it scores B2 alone at 10 points: 110 over a budget of 100 is 100%/110% = 0.909…, × 10 = 9.09
    result = perfscore.compile(SHARED, language="en").evaluate({"预算": 100, "支出": 110, "not_applicable": ["B1"]})
    assert result["B2"].score == Decimal("9.09")


MIN_GROUP = """
总分 10
分组 G 安全生产 4 汇总 最小值 {
  指标 G1 安全检查 2 {
    达标
    不适用时 折算
  }
  指标 G2 应急演练 2 {
    达标
    不适用时 {}
  }
}
指标 H 制度建设 6 {
  达标
}
"""


def test_a_min_group_whose_children_all_give_their_weight_away_weighs_nothing() -> None:
    # G1 and G2 rescaled away: their 4 points go to H, the only leaf left: H = 6 × 10/6 = 10; G weighs 0, scores 0.
    result = perfscore.compile(MIN_GROUP.replace("{}", "折算"), language="en").evaluate({"H": True, "not_applicable": ["G1", "G2"]})
    assert (result["G"].score, result["G"].weight, result["H"].score, result.total) == (
        Decimal(0), Decimal(0), Decimal(10), Decimal(10))
    # G2 at full marks has the rate 1; G1 gives its 2 to G2 and H (× 10/8): G = 2.5 × min(1) = 2.5, H = 7.5
    result = perfscore.compile(MIN_GROUP.replace("{}", "满分"), language="en").evaluate({"H": True, "not_applicable": ["G1", "G2"]})
    assert result.total == Decimal(10)
    assert (result["G"].score, result["H"].score) == (Decimal("2.50"), Decimal("7.50"))

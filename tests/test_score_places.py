"""Every score and the total carry the rubric's places, however they were reached: an override, a cap,
a veto, a not-applicable indicator (issue 10 bug: to_dict mixed "4" and "3.00")."""

from __future__ import annotations

from typing import Any

import pytest

import perfscore

RUBRIC = """总分 10
最高分 11
一票否决 重大事故 总分为零
指标 A1 预算执行 4 {
  达标
}
指标 A2 资产管理 3 {
  达标
  不适用时 满分
}
指标 A3 制度建设 3 {
  达标
  不适用时 折算
}
加分项 F 创新加分 最多 1 {
  指标 F1 创新 2 {
    达标
  }
}
减分项 P 违规扣分 最多 1 {
  指标 P1 违规 2 {
    达标
  }
}
"""


def scores(result: perfscore.Result) -> dict[str, Any]:
    out = {n["code"]: n["score"] for n in result.to_dict()["nodes"]}
    out["total"] = result.to_dict()["total"]
    return out


@pytest.fixture(scope="module")
def rubric() -> perfscore.Rubric:
    return perfscore.compile(RUBRIC)


def test_an_override_and_the_group_caps(rubric: perfscore.Rubric) -> None:
    result = rubric.evaluate({"A1": True, "A2": True, "A3": True, "F1": True, "P1": False,
                              "overrides": {"A1": {"score": 4, "reason": "上级调整"}}})  # fmt: skip
    # F: 2 capped at 1; P: loses 2 − 0 = 2, capped at 1; total 4 + 3 + 3 + 1 − 1 = 10
    assert scores(result) == {"A1": "4.00", "A2": "3.00", "A3": "3.00", "F": "1.00", "F1": "2.00",
                              "P": "1.00", "P1": "0.00", "total": "10.00"}  # fmt: skip
    assert result.to_dict()["nodes"][0]["override"] == {"computed": "4.00", "score": "4.00", "reason": "上级调整"}


def test_a_total_clamped_at_the_maximum(rubric: perfscore.Rubric) -> None:
    result = rubric.evaluate({"A1": True, "A2": True, "A3": True, "F1": True, "P1": True})
    # 4 + 3 + 3 + 1 − 0 = 11, the maximum exactly
    assert scores(result)["total"] == "11.00"


def test_a_veto_and_not_applicable(rubric: perfscore.Rubric) -> None:
    result = rubric.evaluate({"A1": True, "F1": True, "P1": True, "vetoes": ["重大事故"],
                              "not_applicable": ["A2", "A3"]})  # fmt: skip
    # A2 满分: 3; A3 折算: its 3 points go to A1 and A2 in proportion (4 : 3), A1 = 4 × 10/7 = 5.71,
    # A2 = 3 × 10/7 = 4.29; the veto zeroes the total
    assert scores(result) == {"A1": "5.71", "A2": "4.29", "A3": "0.00", "F": "1.00", "F1": "2.00",
                              "P": "0.00", "P1": "2.00", "total": "0.00"}  # fmt: skip


def test_one_place_rubric() -> None:
    rubric = perfscore.compile(RUBRIC.replace("总分 10\n", "总分 10\n保留 1 位\n"))
    result = rubric.evaluate({"A1": True, "A2": True, "A3": True, "F1": True, "P1": False,
                              "overrides": {"A1": {"score": "3.25分", "reason": "酌情"}}})  # fmt: skip
    # the override 3.25 shown at one place, half up: 3.3; total 3.3 + 3 + 3 + 1 − 1 = 9.3
    assert scores(result) == {"A1": "3.3", "A2": "3.0", "A3": "3.0", "F": "1.0", "F1": "2.0",
                              "P": "1.0", "P1": "0.0", "total": "9.3"}  # fmt: skip

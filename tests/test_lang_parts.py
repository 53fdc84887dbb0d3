"""Issue 10 item 4, several scoring parts in one indicator (加分/扣分 … with their own rule, points and cap),
and 得分上限 (item 6: an indicator lifted above its weight only where declared). Pinned by hand."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import perfscore
from perfscore.printer import format_rubric

D = Decimal

# B52 "定性评级；每发现一处问题扣0.5分，最多扣2分；根据问题严重程度酌情扣分，最多扣1分".
# C31 "完成率×权重分；获评省级示范的加1分，每新增1个示范节点加0.2分，本项最高6分".
RUBRIC = """总分 8
最高分 9
指标 B52 资金使用合规性 3 {
  定性 {
    合规：100%
    基本合规：80%
    不合规：0%
  }
  扣分 问题 按次 0.5分 最多 2分
  扣分 酌情扣分 评定 0分~1分
}
指标 C31 示范创建 5 {
  目标 100%
  实际 比率
  按比例
  加分 省级示范 1分 达标
  加分 节点 按次 0.2分
  得分上限 6分
}
"""


@pytest.fixture(scope="module")
def rubric() -> perfscore.Rubric:
    return perfscore.compile(RUBRIC, language="en")


@pytest.mark.parametrize(
    ("b52", "c31", "expected"),
    [
        # B52 80% × 3 = 2.4 − 3 × 0.5 − 0.5 = 0.4; C31 5 × 90% = 4.5 + 1 + 4 × 0.2 = 6.3 → 得分上限 6; total 6.4
        ({"level": "基本合规", "问题": 3, "酌情扣分": "0.5分"}, {"actual": "90%", "省级示范": True, "节点": 4},
         ("0.40", "6.00", "6.40")),
        # B52 3 − min(5 × 0.5, 2) − 1 = 0, floored at 0 (not −…); C31 5 × 60% = 3 + 0 + 2 × 0.2 = 3.4
        ({"level": "合规", "问题": 5, "酌情扣分": 1}, {"actual": "60%", "省级示范": False, "节点": 2},
         ("0.00", "3.40", "3.40")),
        # B52 不合规 0 − 1 − 0: floored at 0; C31 5 + 1 + 0 = 6, at 得分上限 exactly
        ({"level": "不合规", "问题": 2, "酌情扣分": 0}, {"actual": "100%", "省级示范": True, "节点": 0},
         ("0.00", "6.00", "6.00")),
        # B52 3 − 0 − 0 = 3 (no deduction); C31 5 × 100% + 0 + 3 × 0.2 = 5.6
        ({"level": "合规", "问题": 0, "酌情扣分": "0%"}, {"actual": "120%", "省级示范": False, "节点": 3},
         ("3.00", "5.60", "8.60")),
    ],
)
def test_scores(rubric: perfscore.Rubric, b52: Any, c31: Any, expected: tuple[str, str, str]) -> None:
    result = rubric.evaluate({"B52": b52, "C31": c31})
    assert (result["B52"].score, result["C31"].score, result.total) == tuple(D(e) for e in expected)


def test_without_a_score_max_the_parts_stop_at_the_weight() -> None:
    # 5 × 100% + 1 = 6 → at most the weight 5 without 得分上限.
    rubric = perfscore.compile(RUBRIC.replace("  得分上限 6分\n", ""), language="en")
    assert rubric.evaluate({"B52": {"level": "合规", "问题": 0, "酌情扣分": 0},
                            "C31": {"actual": "100%", "省级示范": True, "节点": 0}})["C31"].score == D("5.00")  # fmt: skip


def test_explanations(rubric: perfscore.Rubric) -> None:
    result = rubric.evaluate({"B52": {"level": "基本合规", "问题": 3, "酌情扣分": "0.5分"},
                              "C31": {"actual": "90%", "省级示范": True, "节点": 4}})  # fmt: skip
    assert result.explain("B52") == (
        "B52 资金使用合规性：定性为“基本合规”，得 2.4 分，问题：发生 3 次，每次 0.5 分，3 × 0.5 = 1.5 分，"
        "酌情扣分：评定得分 0.5（范围 0~1 分），主评分 2.4 分，扣问题 1.5 分，扣酌情扣分 0.5 分：2.4 − 1.5 − 0.5 = 0.4，"
        "得分 0.4 分")  # fmt: skip
    assert result.explain("C31", language="en") == (
        "C31 示范创建: actual 90%; target 100%; score = 5 × min(90% ÷ 100%, 1) = 4.5; 省级示范: met: 1 points; "
        "节点: 4 occurrences at 0.2 points each: 4 × 0.2 = 0.8; main rule 4.5; 省级示范 +1, 节点 +0.8: "
        "4.5 + 1 + 0.8 = 6.3; computed 6.3 lies outside [0, 6]: clamped; score 6 points")  # fmt: skip


@pytest.mark.parametrize(
    ("b52", "message"),
    [
        ("合规", "this indicator has further scoring parts: give a table with '问题'、'酌情扣分'"),
        ({"level": "合规", "酌情扣分": 0}, "the part '问题' is missing"),
        ({"level": "合规", "问题": "2.5", "酌情扣分": 0}, "the part '问题': a count must be a whole number, not 2.5"),
        ({"level": "合规", "问题": 1, "酌情扣分": 2}, "the part '酌情扣分': the judged score 2 is outside the "
                                                     "declared range 0~1"),
        ({"问题": 1, "酌情扣分": 0}, "the main rule's data is missing: give it beside the parts, e.g. actual = …"),
    ],
)
def test_refusals(rubric: perfscore.Rubric, b52: Any, message: str) -> None:
    with pytest.raises(perfscore.DataError) as error:
        rubric.evaluate({"B52": b52, "C31": {"actual": "90%", "省级示范": True, "节点": 1}})
    assert [p.message for p in error.value.problems] == [message]


def test_parts_reading_inputs_need_no_data_of_their_own() -> None:
    # "发现重大问题的扣1分" on a declared count: 3 × 100% = 3, − 1 (2 > 0), so 2; a bare level still works.
    rubric = perfscore.compile("总分 3\n输入 重大问题数 数量\n指标 B53 制度执行 3 {\n  定性 {\n    好：100%\n    差：0%\n  }\n"
                               "  扣分 重大问题 1分 分档 {\n    当 重大问题数 > 0：100%\n    否则：0分\n  }\n}\n", language="en")  # fmt: skip
    assert rubric.evaluate({"B53": "好", "重大问题数": 2}).total == D("2.00")
    assert rubric.evaluate({"B53": "好", "重大问题数": 0}).total == D("3.00")


def test_canonical_printing_round_trips(rubric: perfscore.Rubric) -> None:
    chinese = format_rubric(rubric.ast)
    assert "  扣分 问题 按次 0.5分 最多 2分\n  扣分 酌情扣分 评定 0分~1分\n" in chinese
    assert "  加分 省级示范 1分 达标\n" in chinese and "  得分上限 6分\n" in chinese
    english = format_rubric(rubric.ast, "en")
    assert "  subtract 问题 per_occurrence 0.5 points max 2 points\n" in english
    assert "  add 省级示范 1 points binary\n" in english and "  score_max 6 points\n" in english
    assert perfscore.compile(english, language="en").ast == rubric.ast == perfscore.compile(chinese, language="en").ast


def test_checks() -> None:
    text = ("总分 3\n指标 B52 x 3 {\n  达标\n  扣分 问题 0分 按次 0.5分\n  扣分 问题 按次 0分\n  加分 actual 评定 0分~1分\n"
            "  得分上限 0分\n}\n")  # fmt: skip
    with pytest.raises(perfscore.CheckError) as error:
        perfscore.compile(text, language="en")
    assert [(d.span.line, d.span.column, d.message) for d in error.value.diagnostics] == [
        (4, 9, "the part 问题 of B52 is worth 0分: it must be more than 0"),
        (5, 3, "the part 问题 of B52: its name is taken (each part's data is under its name, beside actual, score "
               "and level)"),
        (5, 12, "the points per occurrence of B52 is 0分: it must be more than 0"),
        (6, 3, "the part actual of B52: its name is taken (each part's data is under its name, beside actual, "
               "score and level)"),
        (7, 8, "the 得分上限 of B52 is 0分: it must be more than 0"),
    ]

"""Issue 10 item 6, caps and directions: 按比例 不封顶 / 封顶 N分, a reversed actual of 0, each pinned by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

import perfscore
from perfscore.printer import format_rubric
from perfscore.render import criteria_text

D = Decimal

# "超额完成的按比例加分，不封顶" (C4), "……最高得3分" (C5), "用时越短越好" (P32, 150% cap): 总分 6, 最高分 9.
RUBRIC = """总分 6
最高分 9
指标 C4 新增服务人次 2 {
  目标 1000
  实际 数量
  按比例 不封顶
}
指标 C5 带动就业人数 2 {
  目标 100
  实际 数量
  按比例 封顶 3分
}
指标 P32 报告用时 2 {
  目标 ≤ 2
  实际 数值
  按比例 反向 封顶 150%
}
"""


@pytest.fixture(scope="module")
def rubric() -> perfscore.Rubric:
    return perfscore.compile(RUBRIC, language="en")


@pytest.mark.parametrize(
    ("data", "c4", "c5", "p32", "total"),
    [
        # 2 × 800 ÷ 1000 = 1.6; 2 × 90 ÷ 100 = 1.8; 2 × 2 ÷ 4 = 1: below target all three
        ({"C4": 800, "C5": 90, "P32": 4}, "1.60", "1.80", "1.00", "4.40"),
        # 2 × 2500 ÷ 1000 = 5, no cap; 2 × 140 ÷ 100 = 2.8 < 3; 2 × min(2 ÷ 1, 1.5) = 3
        ({"C4": 2500, "C5": 140, "P32": 1}, "5.00", "2.80", "3.00", "10.80"),
        # 2 × 1000 ÷ 1000 = 2; 2 × 150 ÷ 100 = 3, the cap exactly; 0 days: the best value, 2 × 150% = 3
        ({"C4": 1000, "C5": 150, "P32": 0}, "2.00", "3.00", "3.00", "8.00"),
        # 2 × 190 ÷ 100 = 3.8, capped at 3 points
        ({"C4": 0, "C5": 190, "P32": 2}, "0.00", "3.00", "2.00", "5.00"),
    ],
)
def test_scores(rubric: perfscore.Rubric, data: dict[str, int], c4: str, c5: str, p32: str, total: str) -> None:
    result = rubric.evaluate(data)
    got = (result["C4"].score, result["C5"].score, result["P32"].score)
    assert got == (D(c4), D(c5), D(p32))
    # The total passes 总分 6 only up to the declared 最高分 9: 10.8 → 9.
    assert result.total == min(D(total), D(9))


def test_without_a_maximum_the_total_stays_at_the_rubric_total() -> None:
    # 2 × 2500 ÷ 1000 = 5 on its own, but 总分 2 with no 最高分 keeps the total at 2.
    rubric = perfscore.compile("总分 2\n指标 C4 新增服务人次 2 {\n  目标 1000\n  实际 数量\n  按比例 不封顶\n}\n", language="en")
    result = rubric.evaluate({"C4": 2500})
    assert (result["C4"].score, result.total) == (D("5.00"), D("2.00"))


def test_a_reversed_actual_of_0_with_no_cap_is_the_weight() -> None:
    # "报告用时越短越好": 0 hours is the best value, full marks 5 (was a division by zero).
    rubric = perfscore.compile("总分 5\n指标 P31 传染病报告时限 5 {\n  目标 ≤ 2\n  实际 数值\n  按比例 反向\n}\n", language="en")
    assert rubric.evaluate({"P31": 0}).total == D("5.00")
    assert rubric.evaluate({"P31": "2.5"}).total == D("4.00")  # 5 × 2 ÷ 2.5


def test_explanations(rubric: perfscore.Rubric) -> None:
    result = rubric.evaluate({"C4": 2500, "C5": 190, "P32": 0})
    assert result.explain("C4") == "C4 新增服务人次：实际 2500，目标 1000，得分 = 2 × 2500 ÷ 1000 = 5，得分 5 分"
    assert result.explain("C5") == "C5 带动就业人数：实际 190，目标 100，得分 = min(2 × 190 ÷ 100, 3) = 3，得分 3 分"
    assert result.explain("P32") == "P32 报告用时：实际 0，越低越好，0 为最优值，得 3 分"
    assert result.explain("P32", language="en") == ("P32 报告用时: actual 0: lower is better and 0 is the best value, "
                                                    "3 points")  # fmt: skip


def test_canonical_printing_round_trips(rubric: perfscore.Rubric) -> None:
    chinese = format_rubric(rubric.ast)
    assert "  按比例 不封顶\n" in chinese and "  按比例 封顶 3分\n" in chinese
    english = format_rubric(rubric.ast, "en")
    assert "  proportional uncapped\n" in english and "  proportional cap 3 points\n" in english
    assert perfscore.compile(english, language="en").ast == rubric.ast == perfscore.compile(chinese, language="en").ast


def test_generated_criteria(rubric: perfscore.Rubric) -> None:
    c4, c5, _ = rubric.ast.nodes
    assert criteria_text(c4, D(2)) == ("新增服务人次达到1000得满分，否则按实际值/目标值×权重分计分，"  # type: ignore[arg-type]
                                       "超出目标值的按比例加分，不封顶")  # fmt: skip
    assert criteria_text(c5, D(2)).endswith("超出目标值的按比例加分，最高得3分")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("按比例 封顶 1分", [(5, 3, "the cap 1 points of X1 is below its weight 2")]),
        ("按比例 封顶 120% 不封顶", [(5, 3, "the proportional rule of X1 has more than one cap")]),
        ("按比例 反向 不封顶", [(5, 3, "the reverse proportional rule of X1 is uncapped: its score would grow "
                                  "without limit as the actual nears 0")]),
    ],
)
def test_checks(rule: str, expected: list[tuple[int, int, str]]) -> None:
    with pytest.raises(perfscore.CheckError) as error:
        perfscore.compile(f"总分 2\n指标 X1 测试 2 {{\n  目标 100\n  实际 数值\n  {rule}\n}}\n", language="en")
    found = [(d.span.line, d.span.column, d.message) for d in error.value.diagnostics if d.severity == "error"]
    assert found == expected

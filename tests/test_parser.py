"""Parsing: both keyword languages, full-width punctuation, and syntax errors that point and advise."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import perfscore
from perfscore import ast

CHINESE = """
# 注释
评价 "示例"
总分 10
保留 2 位 四舍五入
输入 预算数 金额 万元 > 0
输入 决算数 金额 万元
计算 执行率 = 决算数 / 预算数
分组 A 预算执行 10 {
  指标 A1 预算执行率 6 {
    目标 ≥ 95％
    实际 = 执行率
    分档 {
      ≥ 95%：100%
      ［90%, 95%）：3分   # full-width brackets too
      否则：0分
    }
  }
}
"""

ENGLISH_AND_CHINESE = [
    (
        "总分 10\n指标 A1 执行率 10 {\n 目标 ≥ 95％\n 扣 5％ 每 1％ 低于 95％ 不足部分 进一 最多 50％\n}\n",
        "total 10\nindicator A1 执行率 10 {\n target >= 95%\n deduct 5% per 1% below 95% partial up max 50%\n}\n",
    ),
    (
        "总分 3\n指标 C11 医疗服务水平 3 {\n 定性 {\n 明显提升：100%\n 有所提升：50%\n 未提升：0%\n }\n}\n",
        "total 3\nindicator C11 医疗服务水平 3 {\n levels {\n 明显提升: 100%\n 有所提升: 50%\n 未提升: 0%\n }\n}\n",
    ),
    (
        "总分 2\n指标 D1 达标项 2 {\n 公式 如果 actual ≥ 1 且 非 (actual > 5) 则 weight 否则 0\n 实际 数值\n}\n",
        "total 2\nindicator D1 达标项 2 {\n formula if actual >= 1 and not (actual > 5) then weight else 0\n actual number\n}\n",
    ),
]


@pytest.mark.parametrize(("chinese", "english"), ENGLISH_AND_CHINESE)
def test_chinese_and_english_keywords_give_the_same_ast(chinese: str, english: str) -> None:
    assert perfscore.parse(chinese) == perfscore.parse(english)


def test_literals() -> None:
    rubric = perfscore.parse("总分 10\n指标 A1 甲 10 {\n 目标 5.5‰\n 清单 {\n 一 1/6\n 二 5/6\n }\n}\n")
    indicator = rubric.nodes[0]
    assert isinstance(indicator, ast.Indicator)
    assert indicator.target == ast.Target(None, ast.Number(Decimal("0.0055"), "‰"))
    assert isinstance(indicator.rule, ast.Checklist)
    assert indicator.rule.items[0].share == ast.Share(Decimal(1), Decimal(6), False)


def test_semicolons_and_full_width_punctuation() -> None:
    one_line = "总分 3；指标 A1 甲 3 { 目标 100％；按比例 }"
    lines = "总分 3\n指标 A1 甲 3 {\n 目标 100%\n 按比例\n}\n"
    assert perfscore.parse(one_line) == perfscore.parse(lines)


def test_keywords_can_touch_numbers_where_no_name_is_possible() -> None:
    """`扣5%每1%超过9%` lexes as keywords and numbers: no name can stand there."""
    spaced = perfscore.parse("总分 3\n指标 A1 甲 3 {\n 扣 5% 每 1% 超过 9%\n}\n")
    tight = perfscore.parse("总分 3\n指标 A1 甲 3 {\n 扣5%每1%超过9%\n}\n")
    assert spaced == tight


def test_spans_point_into_the_source() -> None:
    text = "总分 3\n指标 B24 政府采购执行率 3 {\n  按比例\n  目标 100%\n}\n"
    indicator = perfscore.parse(text).nodes[0]
    assert isinstance(indicator, ast.Indicator)
    assert (indicator.span.line, indicator.span.column) == (2, 1)
    assert indicator.rule is not None
    assert (indicator.rule.span.line, indicator.rule.span.column) == (3, 3)
    assert text[indicator.rule.span.start : indicator.rule.span.end] == "按比例"


# ---------------------------------------------------------------- syntax errors


def _error(text: str) -> str:
    with pytest.raises(perfscore.ParseError) as info:
        perfscore.parse(text, "r.perf")
    (diagnostic,) = info.value.diagnostics
    return diagnostic.format("en")


def test_missing_weight() -> None:
    assert _error("指标 A1 名称 {\n 达标\n}\n") == (
        "r.perf:1:10: error: unexpected '{'; expected a number\n"
        "    指标 A1 名称 {\n"
        "                 ^\n"
        "    hint: give the weight after the name, e.g. `指标 A1 名称 3 {`"
    )


def test_unclosed_block() -> None:
    message = _error("指标 A1 名称 3 {\n 达标\n")
    assert message.startswith("r.perf:2:4: error: unexpected end of file; expected }, 不适用时 (if_not_applicable)")
    assert message.endswith("hint: a block opened with { is not closed")


def test_amount_without_unit() -> None:
    assert _error("指标 A1 名称 3 {\n 扣 5 每 1% 超过 9%\n}\n") == (
        "r.perf:2:6: error: unexpected '每'; expected %, 分 (points)\n"
        "     扣 5 每 1% 超过 9%\n"
        "          ^^\n"
        "    hint: write the unit: 5% for a share of the weight, 0.5分 for points"
    )


def test_curly_quotes_glued_to_a_name() -> None:
    message = _error("指标 B13 “三公经费”变动率 3 {\n 达标\n}\n")
    assert message.startswith("r.perf:1:14: error: unexpected '变动率'; expected a number")


def test_full_width_brackets_and_comments() -> None:
    rubric = perfscore.parse(CHINESE, "c.perf")
    group = rubric.nodes[0]
    assert isinstance(group, ast.Group)
    indicator = group.children[0]
    assert isinstance(indicator, ast.Indicator) and isinstance(indicator.rule, ast.Bands)
    assert indicator.rule.bands[1].condition == ast.Interval(
        ast.Number(Decimal("0.9"), "%"), ast.Number(Decimal("0.95"), "%"), True, False
    )


def test_errors_pickle() -> None:
    import pickle

    with pytest.raises(perfscore.ParseError) as info:
        perfscore.parse("指标 {", "r.perf")
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value)


def test_deep_nesting_is_a_clear_error_not_a_recursion_error() -> None:
    """10,000 nested groups: refused at the 101st brace, in linear time."""
    depth = 10_000
    text = "总分 1\n" + "".join(f"分组 G{i} 组 1 {{\n" for i in range(depth)) + "指标 X 甲 1 {\n达标\n}\n" + "}\n" * depth
    with pytest.raises(perfscore.ParseError) as info:
        perfscore.parse(text, "deep.perf", language="en")
    (diagnostic,) = info.value.diagnostics
    assert (diagnostic.line, diagnostic.message) == (102, "blocks and parentheses are nested more than 100 deep")


def test_an_expression_too_long_to_nest_is_a_clear_error() -> None:
    text = "总分 1\n计算 m = " + "+".join(["1"] * 5000) + "\n"
    with pytest.raises(perfscore.ParseError, match="an expression with more than 200 operators"):
        perfscore.parse(text, language="en")
    with pytest.raises(perfscore.ParseError, match="nested more than 100 deep"):
        perfscore.parse("总分 1\n计算 m = " + "(" * 5000 + "1" + ")" * 5000 + "\n", language="en")

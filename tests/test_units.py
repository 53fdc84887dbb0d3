"""Units on targets and actuals (`目标 ≥ 8 处`, `实际 数量 处`, `元/人`): read, checked, printed, shown."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import perfscore
from perfscore import ast
from perfscore.printer import format_rubric
from perfscore.render import score_table, score_table_for_rubric

LIUYANG = Path(__file__).resolve().parents[1] / "examples" / "liuyang-2021"

RUBRIC = """总分 10
输入 人均成本 金额 元/人
指标 A1 新建集中供水工程 5 {
  目标 ≥ 8 处
  实际 数量 处
  按比例
}
指标 A2 人均服务成本 5 {
  目标 ≤ 79
  实际 = 人均成本
  按比例 反向
}
"""


def _target(text: str) -> ast.Target:
    tree = perfscore.parse(f"总分 5\n指标 A1 甲 5 {{\n  目标 ≤ {text}\n  实际 数量\n  按比例 反向\n}}\n")
    node = tree.nodes[0]
    assert isinstance(node, ast.Indicator) and node.target is not None
    return node.target


@pytest.mark.parametrize(
    ("written", "value", "unit"),
    [
        ("8 处", Decimal(8), "处"),
        ("79 元/人", Decimal(79), "元/人"),
        ("1.5 万元", Decimal("1.5"), "万元"),
        ('30 "分钟"', Decimal(30), "分钟"),
        # 分 alone is points; written against the unit it starts, it is the unit's first character.
        ("30分钟", Decimal(30), "分钟"),
        ("30 分钟", Decimal(30), "分钟"),
        ("8", Decimal(8), None),
    ],
)
def test_a_target_reads_its_unit(written: str, value: Decimal, unit: str | None) -> None:
    target = _target(written)
    assert target.value == ast.Number(value, "")
    assert target.unit == unit


def test_an_actual_reads_its_unit_in_both_languages() -> None:
    zh = perfscore.parse("总分 5\n指标 A1 甲 5 {\n  实际 金额 元/人\n  目标 ≥ 79 元/人\n  按比例\n}\n")
    en = perfscore.parse("total 5\nindicator A1 甲 5 {\n  actual amount 元/人\n  target >= 79 元/人\n  proportional\n}\n")
    assert zh == en
    node = zh.nodes[0]
    assert isinstance(node, ast.Indicator)
    assert node.actual == ast.ActualInput("amount", unit="元/人")


def test_keywords_still_touch_numbers_after_a_value() -> None:
    """The unit yields to keywords: `扣5%每1%超过9%` is no target with the unit 每."""
    spaced = perfscore.parse("总分 3\n指标 A1 甲 3 {\n 扣 0.5分 每 1 超过 0\n}\n")
    tight = perfscore.parse("总分 3\n指标 A1 甲 3 {\n 扣0.5分每1超过0\n}\n")
    assert spaced == tight


def test_the_score_table_shows_units_of_targets_and_actuals() -> None:
    result = perfscore.compile(RUBRIC, language="en").evaluate({"A1": 7, "人均成本": 70})
    # A1: 7 of 8 处 → 5 × 7/8 = 4.375 → 4.38; A2: 70 ≤ 79 元/人 → full 5.
    assert result.total == Decimal("9.38")
    rows = {row.code: row for row in score_table(result).rows}
    assert (rows["A1"].target, rows["A1"].actual) == ("≥8 处", "7 处")
    assert (rows["A2"].target, rows["A2"].actual) == ("≤79 元/人", "70 元/人")
    blank = {row.code: row for row in score_table_for_rubric(perfscore.compile(RUBRIC, language="en")).rows}
    assert (blank["A1"].target, blank["A1"].actual) == ("≥8 处", "")


def test_the_liuyang_table_prints_its_units() -> None:
    rubric = perfscore.load(LIUYANG / "rubric.perf", language="en")
    rows = {row.code: row for row in score_table(rubric.evaluate(LIUYANG / "data.toml")).rows}
    assert (rows["P41"].target, rows["P41"].actual) == ("≥79 元/人", "79 元/人")
    assert (rows["P31"].target, rows["P31"].actual) == ("≤2 小时", "2 小时")


def test_a_target_in_another_unit_than_its_actual_is_an_error() -> None:
    with pytest.raises(perfscore.RubricError) as info:
        perfscore.compile(RUBRIC.replace("实际 数量 处", "实际 数量 个"), language="en")
    (problem,) = info.value.diagnostics
    assert problem.message == "the target of A1 is in 处, but its actual in 个"
    assert problem.hint == "write both in one unit, e.g. `目标 ≥ 8 个`"
    assert (problem.span.line, problem.span.column) == (4, 3)


def test_the_unit_of_the_input_an_actual_names_is_checked_too() -> None:
    with pytest.raises(perfscore.RubricError) as info:
        perfscore.compile(RUBRIC.replace("目标 ≤ 79\n", "目标 ≤ 79 元\n"), language="en")
    (problem,) = info.value.diagnostics
    assert problem.message == "the target of A2 is in 元, but its actual in 元/人"


def test_a_percentage_takes_no_unit() -> None:
    with pytest.raises(perfscore.RubricError) as info:
        perfscore.compile("总分 5\n指标 A1 甲 5 {\n  目标 ≥ 95% 处\n  实际 比率\n  按比例\n}\n", language="en")
    (problem,) = info.value.diagnostics
    assert problem.message == "the target of A1 is 95%, which takes no unit: `处` after it counts nothing"
    assert problem.hint == "drop `处`"


def test_units_print_back_in_both_languages() -> None:
    text = RUBRIC + '指标 A3 响应时长 0 {\n  目标 ≤ 30分钟\n  实际 数值 "分钟"\n  按比例 反向\n}\n'
    tree = perfscore.parse(text)
    zh, en = format_rubric(tree), format_rubric(tree, language="en")
    assert "  目标 ≥ 8 处\n  实际 数量 处\n" in zh
    assert "输入 人均成本 金额 元/人\n" in zh
    # After a value a unit starting with a keyword is quoted: bare, 分 would read as points.
    assert '  目标 ≤ 30 "分钟"\n  实际 数值 分钟\n' in zh
    assert "  target >= 8 处\n  actual count 处\n" in en
    assert perfscore.parse(zh) == tree and perfscore.parse(en) == tree


def test_the_data_contract_carries_the_actual_unit() -> None:
    schema = perfscore.compile(RUBRIC, language="en").schema()
    a1 = schema["properties"]["A1"]
    assert a1["x-unit"] == "处"
    assert a1["description"] == "A1 新建集中供水工程：实际值（数量，处）"


# ---------------------------------------------------------------- two-sided input domains


def _domain_rubric(domain: str) -> str:
    return f"总分 5\n输入 完成率 比率 {domain}\n指标 A1 甲 5 {{\n  实际 = 完成率\n  目标 100%\n  按比例\n}}\n"


@pytest.mark.parametrize("domain", ["[0, 100%]", "0 ≤ 完成率 ≤ 100%", "100% ≥ 完成率 ≥ 0", "【0，100%】"])
def test_a_two_sided_domain_reads_both_ends(domain: str) -> None:
    decl = perfscore.compile(_domain_rubric(domain), language="en").ast.inputs[0]
    assert (decl.domain, decl.upper) == (ast.Compare(">=", ast.Number(Decimal(0), "")),
                                         ast.Compare("<=", ast.Number(Decimal(1), "%")))  # fmt: skip
    assert format_rubric(perfscore.parse(_domain_rubric(domain))).splitlines()[3] == "输入 完成率 比率 [0, 100%]"


def test_data_outside_either_end_is_refused_naming_the_domain() -> None:
    rubric = perfscore.compile(_domain_rubric("(0, 100%]"), language="en")
    assert rubric.evaluate({"完成率": "80%"}).total == Decimal("4.00")  # 5 × 80%
    for value, shown in (("105%", "105%"), (0, "0")):
        with pytest.raises(perfscore.DataError) as info:
            rubric.evaluate({"完成率": value})
        assert f"{shown} is outside the declared domain (0%, 100%]" in str(info.value)


def test_a_two_sided_domain_bounds_what_the_checker_assumes() -> None:
    """weight × 完成率 can exceed the weight unless 完成率 is at most 100%: the warning goes with the domain."""
    formula = "总分 5\n输入 完成率 比率{domain}\n指标 A1 甲 5 {{\n  公式 weight * 完成率\n}}\n"
    assert any("clamped" in w for w in map(str, perfscore.compile(formula.format(domain=" ≥ 0"), language="en").warnings))
    assert not perfscore.compile(formula.format(domain=" [0, 100%]"), language="en").warnings


@pytest.mark.parametrize(
    ("domain", "message"),
    [
        ("[100%, 0]", "the domain of input 完成率 holds no value: its low end is above its high end"),
        ("0 ≤ 别的 ≤ 100%", "the domain of 完成率 names 别的"),
        ("0 ≤ 完成率 ≥ 1", "a domain reads low ≤ 完成率 ≤ high: `≤` and `≥` point different ways"),
    ],
)
def test_a_domain_that_cannot_be_meant_is_an_error(domain: str, message: str) -> None:
    with pytest.raises(perfscore.RubricError) as info:
        perfscore.compile(_domain_rubric(domain), language="en")
    assert [d.message for d in info.value.diagnostics] == [message]


def test_the_data_contract_carries_both_ends() -> None:
    prop = perfscore.compile(_domain_rubric("[0, 100%]"), language="en").schema()["properties"]["完成率"]
    assert prop["x-domain"] == ">= 0% <= 100%"
    number = next(form for form in prop["anyOf"] if form.get("type") == "number")
    assert (number["minimum"], number["maximum"]) == (0, 1)


def test_a_unit_is_named_among_what_was_expected() -> None:
    with pytest.raises(perfscore.ParseError) as info:
        perfscore.parse('总分 10\n指标 A1 甲 10 {\n  目标 ≥ 8 "处\n  按比例\n}\n', language="en")
    assert "a unit (处, 元/人)" in info.value.diagnostics[0].message


@pytest.mark.parametrize(("mark", "score"), [("√", "5.00"), ("✓", "5.00"), ("×", "0.00"), ("✗", "0.00")])
def test_a_binary_reads_ticks_as_tables_write_them(mark: str, score: str) -> None:
    """达标 reads √/× like a yes/no input does (a data table ticks its cells)."""
    rubric = perfscore.compile("总分 5\n指标 A1 制度建设 5 {\n  达标\n}\n")
    assert str(rubric.evaluate({"A1": mark}).total) == score

"""The canonical printer: parse(print(r)) == r in both languages, and printing is idempotent."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings

import perfscore
from perfscore import ast
from perfscore.printer import comments_of, format_condition, format_expr, format_number, format_rubric

from .strategies import exprs, rubrics, weighted_trees
from .test_properties import rubrics_and_data, trees

LANGUAGES = ("zh", "en")
SHUOZHOU = Path(__file__).resolve().parents[1] / "examples" / "shuozhou-2020" / "rubric.perf"

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*/rubric.perf"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("language", ["zh", "en"])
def test_examples_round_trip(path: Path, language: str) -> None:
    rubric = perfscore.parse(path.read_text("utf-8"))
    printed = format_rubric(rubric, language)  # type: ignore[arg-type]
    assert perfscore.parse(printed) == rubric
    assert format_rubric(perfscore.parse(printed), language) == printed  # type: ignore[arg-type]


@pytest.mark.parametrize("language", LANGUAGES)
def test_shuozhou_round_trips_and_printing_is_idempotent(language: str) -> None:
    rubric = perfscore.parse(SHUOZHOU.read_text("utf-8"), str(SHUOZHOU))
    printed = format_rubric(rubric, language)  # type: ignore[arg-type]
    again = perfscore.parse(printed)
    assert again == rubric
    assert format_rubric(again, language) == printed  # type: ignore[arg-type]
    other = "en" if language == "zh" else "zh"  # through the other language and back
    assert format_rubric(perfscore.parse(format_rubric(again, other)), language) == printed  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(rubrics())
def test_every_rubric_round_trips_in_both_languages(rubric: ast.Rubric) -> None:
    for language in LANGUAGES:
        printed = format_rubric(rubric, language)  # type: ignore[arg-type]
        again = perfscore.parse(printed)
        assert again == rubric, printed
        assert format_rubric(again, language) == printed  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(exprs)
def test_every_expression_round_trips_with_minimal_parentheses(expr: ast.Expr) -> None:
    for language in LANGUAGES:
        printed = format_expr(expr, language)  # type: ignore[arg-type]
        assert perfscore.parse(f"计算 m = {printed}").metrics[0].expr == expr
        # Minimal: dropping any one pair of parentheses changes the expression or breaks it.
        for start in (i for i, c in enumerate(printed) if c == "(" and (i == 0 or printed[i - 1] in " (-")):
            depth, end = 0, start
            for end in range(start, len(printed)):
                depth += {"(": 1, ")": -1}.get(printed[end], 0)
                if depth == 0:
                    break
            loose = printed[:start] + printed[start + 1 : end] + printed[end + 1 :]
            try:
                assert perfscore.parse(f"计算 m = {loose}").metrics[0].expr != expr, loose
            except perfscore.ParseError:
                pass


@settings(max_examples=50, deadline=None)
@given(weighted_trees())
def test_weighted_trees_round_trip(case: tuple[ast.Rubric, bool]) -> None:
    rubric, _ = case
    for language in LANGUAGES:
        assert perfscore.parse(format_rubric(rubric, language)) == rubric  # type: ignore[arg-type]


@settings(max_examples=100, deadline=None)
@given(rubrics_and_data(), trees())
def test_generated_rubrics_round_trip(case: tuple[str, object], tree: tuple[str, bool]) -> None:
    for text in (case[0], tree[0]):
        rubric = perfscore.parse(text)
        for language in ("zh", "en"):
            assert perfscore.parse(format_rubric(rubric, language)) == rubric


def test_golden_deduction_in_both_languages() -> None:
    rubric = perfscore.parse("总分 3\n指标 B22 结转结余率 3 {\n目标 ≤ 9%\n扣 5% 每 1% 超过 9% 不足部分 四舍五入 最多 50%\n}")
    assert format_rubric(rubric) == (
        "总分 3\n"
        "保留 2 位 四舍五入\n"
        "\n"
        "指标 B22 结转结余率 3 {\n"
        "  目标 ≤ 9%\n"
        "  扣 5% 每 1% 超过 9% 不足部分 四舍五入 最多 50%\n"
        "}\n"
    )
    assert format_rubric(rubric, "en") == (
        "total 3\n"
        "rounding 2 places half_up\n"
        "\n"
        "indicator B22 结转结余率 3 {\n"
        "  target <= 9%\n"
        "  deduct 5% per 1% above 9% partial half_up max 50%\n"
        "}\n"
    )


def test_golden_bands_checklist_and_quoted_names() -> None:
    text = (
        "总分 5\n指标 X1 \"65岁以上管理率\" 2 {\n分档 {\n≥ 95%：2分\n[90%, 95%)：1分\n否则：0分\n}\n}\n"
        "指标 X2 合规 3 {\n清单 {\n甲 1/6\n乙 5/6 \"说明\"\n}\n}\n"
    )
    assert format_rubric(perfscore.parse(text)) == (
        "总分 5\n"
        "保留 2 位 四舍五入\n"
        "\n"
        '指标 X1 "65岁以上管理率" 2 {\n'
        "  分档 {\n"
        "    ≥ 95%：2分\n"
        "    [90%, 95%)：1分\n"
        "    否则：0分\n"
        "  }\n"
        "}\n"
        "\n"
        "指标 X2 合规 3 {\n"
        "  清单 {\n"
        "    甲 1/6\n"
        '    乙 5/6 "说明"\n'
        "  }\n"
        "}\n"
    )


@pytest.mark.parametrize(
    "source",
    ["a - (b - c)", "(a - b) - c", "a / (b * c)", "-(a + b)", "(a + b) * c", "a + b * c",
     "not (a > 1 and b < 2)", "if a > 1 then min(a, b) else abs(c - 1)", "(a > b) == (c > d)"],
)  # fmt: skip
def test_expressions_keep_their_shape_with_minimal_parentheses(source: str) -> None:
    rubric = perfscore.parse(f"total 1\nmetric m = {source}\n")
    printed = format_expr(rubric.metrics[0].expr, "en")
    assert printed == source.replace("(a - b) - c", "a - b - c")
    again = perfscore.parse(f"total 1\nmetric m = {printed}\n")
    assert again.metrics[0].expr == rubric.metrics[0].expr


def test_comments_are_kept_above_the_statement_they_preceded() -> None:
    source = (
        "# 文件说明\n总分 3   # 满分\n# 唯一的指标\n指标 A1 甲 3 {\n  # 规则说明\n  达标\n}\n# 结尾\n"
    )
    printed = format_rubric(perfscore.parse(source), "zh", source)
    assert printed == (
        "# 文件说明\n\n总分 3\n保留 2 位 四舍五入\n\n# 满分\n# 唯一的指标\n指标 A1 甲 3 {\n  # 规则说明\n  达标\n}\n\n# 结尾\n"
    )
    assert format_rubric(perfscore.parse(printed), "zh", printed) == printed


def test_a_hash_inside_quotes_is_not_a_comment() -> None:
    source = '总分 3\n指标 A1 "甲#1" 3 {\n  达标\n}\n'
    assert "#" not in "".join(c for _, c in comments_of(source))
    assert '"甲#1"' in format_rubric(perfscore.parse(source), "zh", source)


def test_golden_english_bands_levels_and_ranges() -> None:
    text = (
        "total 6\nindicator X1 覆盖率 3 {\n  bands {\n    >= 95%: 100%\n    (80%, 95%): 2.5分\n"
        "    [-5‰, 80%]: 1分~2分\n    when a > 1 and not b: 50%\n    otherwise: 0%\n  }\n}\n"
        "indicator X2 质量 3 {\n  levels {\n    好: 100%\n    \"一 般\": 60%~80%\n  }\n}\n"
    )
    rubric = perfscore.parse(text)
    assert format_rubric(rubric, "en") == (
        "total 6\n"
        "rounding 2 places half_up\n"
        "\n"
        "indicator X1 覆盖率 3 {\n"
        "  bands {\n"
        "    >= 95%: 100%\n"
        "    (80%, 95%): 2.5 points\n"
        "    [-5‰, 80%]: 1 points ~ 2 points\n"
        "    when a > 1 and not b: 50%\n"
        "    otherwise: 0%\n"
        "  }\n"
        "}\n"
        "\n"
        "indicator X2 质量 3 {\n"
        "  levels {\n"
        "    好: 100%\n"
        '    "一 般": 60% ~ 80%\n'
        "  }\n"
        "}\n"
    )
    assert format_rubric(rubric, "zh").splitlines()[4:10] == [
        "  分档 {", "    ≥ 95%：100%", "    (80%, 95%)：2.5分", "    [-5‰, 80%]：1分~2分", "    当 a > 1 且 非 b：50%",
        "    否则：0%",
    ]  # fmt: skip


def test_golden_conditional_formula_and_declarations() -> None:
    text = (
        "评价 “示例”\n总分 10\n最高分 12\n保留 1 位 四舍六入\n评价等级 {\n优 ≥ 90\n差 否则\n}\n"
        "一票否决 重大事故 总分为零 「发生“重大”事故」\n输入 预算数 金额 万元 > 0\n输入 决算数 金额\n"
        "计算 执行率 = 决算数 / 预算数\n问卷 满意度 {\n选项 满意 100%，一般 60%、不满意 0%\n占比保留 2 位\n题目 总体\n}\n"
        "分组 A 预算 10 汇总 最小值 {\n指标 A1 执行率 100% {\n实际 = 执行率\n"
        "公式 如果 执行率 >= 0.95 则 weight 否则 weight * (执行率 - 0.5) / (0.95 - 0.5)\n}\n}\n"
    )
    rubric = perfscore.parse(text)
    assert format_rubric(rubric) == (
        '评价 "示例"\n'
        "总分 10\n"
        "最高分 12\n"
        "保留 1 位 四舍六入\n"
        "\n"
        "评价等级 {\n"
        "  优 ≥ 90\n"
        "  差 否则\n"
        "}\n"
        "\n"
        '一票否决 重大事故 总分为零 "发生“重大”事故"\n'
        "\n"
        "输入 预算数 金额 万元 > 0\n"
        "输入 决算数 金额\n"
        "\n"
        "计算 执行率 = 决算数 / 预算数\n"
        "\n"
        "问卷 满意度 {\n"
        "  选项 满意 100%，一般 60%，不满意 0%\n"
        "  占比保留 2 位\n"
        "  题目 总体\n"
        "}\n"
        "\n"
        "分组 A 预算 10 汇总 最小值 {\n"
        "  指标 A1 执行率 100% {\n"
        "    实际 = 执行率\n"
        "    公式 如果 执行率 ≥ 0.95 则 weight 否则 weight × (执行率 - 0.5) / (0.95 - 0.5)\n"
        "  }\n"
        "}\n"
    )
    formula = rubric.nodes[0].children[0].rule  # type: ignore[union-attr]
    assert isinstance(formula, ast.Formula)
    assert format_expr(formula.expr, "en") == (
        "if 执行率 >= 0.95 then weight else weight * (执行率 - 0.5) / (0.95 - 0.5)"
    )


def test_golden_proportional_and_completion_in_english() -> None:
    text = (
        "指标 A1 任务 3 {\n解释 \"说明\"\n目标 100%\n实际 完成率 {\n甲 目标 10 \"十件\"\n乙 50% 目标 60%\n}\n"
        "方向 越高越好\n评分标准 \"按完成率\"\n按比例 封顶 120% 反向 低于则零分 60%\n不适用时 分配给同级\n}\n"
    )
    assert format_rubric(perfscore.parse(text), "en") == (
        "total 100\n"
        "rounding 2 places half_up\n"
        "\n"
        "indicator A1 任务 3 {\n"
        '  definition "说明"\n'
        "  target 100%\n"
        "  actual completion {\n"
        '    甲 target 10 "十件"\n'
        "    乙 50% target 60%\n"
        "  }\n"
        "  direction higher\n"
        '  criteria "按完成率"\n'
        "  proportional reverse cutoff 60% cap 120%\n"
        "  if_not_applicable redistribute\n"
        "}\n"
    )


def _metric(source: str) -> ast.Expr:
    return perfscore.parse(f"metric m = {source}\n").metrics[0].expr


a, b, c = ast.Name("a"), ast.Name("b"), ast.Name("c")
one = ast.Number(Decimal(1))


@pytest.mark.parametrize(
    ("expr", "english", "chinese"),
    [
        (ast.BinOp("-", a, ast.BinOp("-", b, c)), "a - (b - c)", "a - (b - c)"),
        (ast.BinOp("-", ast.BinOp("-", a, b), c), "a - b - c", "a - b - c"),
        (ast.BinOp("/", a, ast.BinOp("*", b, c)), "a / (b * c)", "a / (b × c)"),
        (ast.BinOp("*", ast.BinOp("/", a, b), c), "a / b * c", "a / b × c"),
        (ast.BinOp("+", a, ast.BinOp("*", b, c)), "a + b * c", "a + b × c"),
        (ast.BinOp("*", ast.BinOp("+", a, b), c), "(a + b) * c", "(a + b) × c"),
        (ast.Neg(ast.BinOp("+", a, b)), "-(a + b)", "-(a + b)"),
        (ast.BinOp("-", a, ast.Neg(b)), "a - -b", "a - -b"),
        (ast.Neg(ast.Neg(one)), "--1", "--1"),
        (ast.Not(ast.BinOp(">", a, one)), "not a > 1", "非 a > 1"),
        (ast.Not(ast.BinOp("and", a, b)), "not (a and b)", "非 (a 且 b)"),
        (ast.BinOp("and", ast.Not(a), ast.Not(b)), "not a and not b", "非 a 且 非 b"),
        (ast.BinOp("or", a, ast.BinOp("and", b, c)), "a or b and c", "a 或 b 且 c"),
        (ast.BinOp("and", ast.BinOp("or", a, b), c), "(a or b) and c", "(a 或 b) 且 c"),
        (ast.BinOp("and", a, ast.BinOp("and", b, c)), "a and (b and c)", "a 且 (b 且 c)"),
        (ast.BinOp("==", ast.BinOp(">", a, b), c), "(a > b) == c", "(a > b) == c"),
        (ast.BinOp(">=", a, ast.BinOp("<=", b, c)), "a >= (b <= c)", "a ≥ (b ≤ c)"),
        (ast.BinOp(">", ast.Not(a), b), "(not a) > b", "(非 a) > b"),
        (ast.BinOp("!=", ast.BinOp("+", a, b), c), "a + b != c", "a + b ≠ c"),
        (ast.BinOp("+", ast.Conditional(a, b, c), one), "(if a then b else c) + 1", "(如果 a 则 b 否则 c) + 1"),
        (ast.Conditional(a, b, ast.Conditional(c, a, b)), "if a then b else if c then a else b",
         "如果 a 则 b 否则 如果 c 则 a 否则 b"),
        (ast.Call("min", (ast.Conditional(a, b, c), ast.BinOp("or", a, b))), "min(if a then b else c, a or b)",
         "min(如果 a 则 b 否则 c, a 或 b)"),
        (ast.Call("round", ()), "round()", "round()"),
        (ast.BinOp("*", ast.Number(Decimal("0.95"), "%"), ast.Number(Decimal("0.0055"), "‰")), "95% * 5.5‰",
         "95% × 5.5‰"),
        (ast.BinOp("+", ast.Number(Decimal("1E+2")), ast.Number(Decimal(3), "分")), "100 + 3 points", "100 + 3分"),
    ],
)  # fmt: skip
def test_expression_precedence(expr: ast.Expr, english: str, chinese: str) -> None:
    assert format_expr(expr, "en") == english
    assert format_expr(expr) == chinese
    assert _metric(english) == expr
    assert _metric(chinese) == expr


@pytest.mark.parametrize(
    ("number", "printed"),
    [
        (ast.Number(Decimal("0.95"), "%"), "95%"),
        (ast.Number(Decimal("0.0055"), "‰"), "5.5‰"),
        (ast.Number(Decimal("1E+2")), "100"),
        (ast.Number(Decimal("2.500")), "2.5"),
        (ast.Number(Decimal("0.00"), "%"), "0%"),
        (ast.Number(Decimal("1E-7")), "0.0000001"),
        (ast.Number(Decimal("12.5"), "分"), "12.5分"),
    ],
)
def test_numbers_print_exactly_without_exponents(number: ast.Number, printed: str) -> None:
    assert format_number(number) == printed


def test_conditions_print_signed_edges() -> None:
    interval = ast.Interval(ast.Number(Decimal("-0.05"), "%"), ast.Number(Decimal(3)), False, True)
    assert format_condition(interval, "en") == "(-5%, 3]"
    assert format_condition(ast.Compare("!=", ast.Number(Decimal(-2), "分"))) == "≠ -2分"


@pytest.mark.parametrize(
    "source",
    [
        "指标 达标 目标 3 {\n达标\n}\n",  # keywords as a code and a name
        "输入 total 比率\n计算 否则 = 如果 则 则 否则 否则 target\n",  # keywords as bare names
        "计算 m = a + if - not\n",  # only a name can follow `+`
        "问卷 q {\n题目 a\n}\n",  # a survey without options
        "指标 A 甲 3 {\n达标\n目标 1\n达标\n目标 2\n扣 1分 每 1\n}\n",  # clauses written twice
        '评价 「a「b"c“d”」\n',  # a text with every quote mark but 」
        "指标 A 甲 3 {\n定性 {\n\"至\"：1分~2分\n\"\"：0分\n}\n}\n",  # 至 is a grammar word; an empty name
        "分组 G \"含 空格\" 10% 汇总 乘积 {\n}\n",  # an empty group
    ],
)
def test_edge_cases_round_trip(source: str) -> None:
    rubric = perfscore.parse(source)
    for language in LANGUAGES:
        printed = format_rubric(rubric, language)  # type: ignore[arg-type]
        assert perfscore.parse(printed) == rubric, printed


def test_reserved_words_are_quoted_where_a_name_may_be_quoted() -> None:
    rubric = perfscore.parse('指标 A 甲 3 {\n清单 {\n"目标"\n"至"\n"total"\n预算数\n}\n}\n')
    assert '"目标"\n    "至"\n    "total"\n    预算数' in format_rubric(rubric)


def test_a_name_no_quote_can_hold_is_refused() -> None:
    with pytest.raises(ValueError, match="quotes"):
        format_rubric(ast.Rubric(title='"”」'))
    with pytest.raises(ValueError, match="unquoted"):
        format_rubric(ast.Rubric(nodes=(ast.Indicator("A 1", "甲", ast.Weight(Decimal(1))),)))


def test_a_deep_tree_prints_without_recursion() -> None:
    depth = 3000
    node: ast.Node = ast.Indicator("L", "叶", ast.Weight(Decimal(1)), rule=ast.Binary())
    for k in range(depth):
        node = ast.Group(f"G{k}", "组", ast.Weight(Decimal(1)), (node,))
    lines = format_rubric(ast.Rubric(total=Decimal(1), nodes=(node,)), "en").splitlines()
    assert lines[3] == "group G2999 组 1 {"
    assert lines[3 + depth] == "  " * depth + "indicator L 叶 1 {"
    assert lines[-1] == "}" and len(lines) == 3 + 2 * depth + 3


@pytest.mark.parametrize(
    ("source", "english"),
    [
        ("指标 A 甲 3 {\n  公式 如果 得分率(B) < 100% 则 0 否则 得分(B1) + 实际(B1)\n}\n",
         "formula if rate(B) < 100% then 0 else score(B1) + actual(B1)"),
        ("评价等级 {\n  一级 当 总分 >= 900 且 得分(A) >= 200\n  不达标 否则\n}\n",
         "一级 when total >= 900 and score(A) >= 200"),
        ('一票否决 完成率过低 评为 不合格 当 得分率(C1) < 80% "低于80%的为不合格"\n',
         'veto 完成率过低 rated 不合格 when rate(C1) < 80% "低于80%的为不合格"'),
        ("一票否决 挪用 扣 10分 当 挪用金额 > 0\n一票否决 违纪 等级最高 良 当 违纪 == 1\n",
         "veto 挪用 deduct 10 points when 挪用金额 > 0\nveto 违纪 grade_at_most 良 when 违纪 == 1"),
    ],
)
def test_references_and_conditional_vetoes_print_in_both_languages(source: str, english: str) -> None:
    rubric = perfscore.parse(source)
    for language in LANGUAGES:
        printed = format_rubric(rubric, language)  # type: ignore[arg-type]
        assert perfscore.parse(printed) == rubric, printed
    assert english in format_rubric(rubric, "en")

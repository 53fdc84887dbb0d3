"""The canonical printer: parse(print(r)) == r in both languages, and printing is idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings

import perfscore
from perfscore.printer import comments_of, format_expr, format_rubric

from .test_properties import rubrics_and_data, trees

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*/rubric.perf"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("language", ["zh", "en"])
def test_examples_round_trip(path: Path, language: str) -> None:
    rubric = perfscore.parse(path.read_text("utf-8"))
    printed = format_rubric(rubric, language)  # type: ignore[arg-type]
    assert perfscore.parse(printed) == rubric
    assert format_rubric(perfscore.parse(printed), language) == printed  # type: ignore[arg-type]


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

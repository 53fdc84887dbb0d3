"""按次 (per occurrence), the rule kind docs/adding-a-rule.md adds: each stage, pinned by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

import perfscore
from perfscore.printer import format_rubric
from perfscore.render import criteria_text

RUBRIC = """总分 10
指标 A1 公众号发布 5 {
  评分标准 "每发布1篇信息得0.5分，最多得3分"
  按次 0.5分 最多 3分
}
指标 A2 获得表彰 5 {
  按次 20%
}
"""


@pytest.fixture(scope="module")
def rubric() -> perfscore.Rubric:
    return perfscore.compile(RUBRIC, language="en")


@pytest.mark.parametrize(
    ("data", "a1", "a2", "total"),
    [
        ({"A1": 0, "A2": 0}, "0.00", "0.00", "0.00"),
        ({"A1": 4, "A2": 2}, "2.00", "2.00", "4.00"),  # 4 × 0.5 = 2; 2 × 20% × 5 = 2
        ({"A1": 6, "A2": 5}, "3.00", "5.00", "8.00"),  # 6 × 0.5 = 3, the maximum exactly; 5 × 1 = 5, the weight
        ({"A1": 9, "A2": 7}, "3.00", "5.00", "8.00"),  # 4.5 → at most 3; 7 → at most the weight 5
    ],
)
def test_scores(rubric: perfscore.Rubric, data: dict[str, int], a1: str, a2: str, total: str) -> None:
    result = rubric.evaluate(data)
    assert (result["A1"].score, result["A2"].score, result.total) == (Decimal(a1), Decimal(a2), Decimal(total))


def test_explanation_in_both_languages(rubric: perfscore.Rubric) -> None:
    result = rubric.evaluate({"A1": 9, "A2": 2})
    assert result.explain("A1") == "A1 公众号发布：发生 9 次，每次 0.5 分，9 × 0.5 = 4.5 分，最多 3 分"
    assert result.explain("A2", language="en") == ("A2 获得表彰: 2 occurrences at 1 points each: 2 × 1 = 2; "
                                                   "score 2 points")  # fmt: skip
    assert [s.kind for s in result["A1"].explanation.steps] == ["occurrences"]


def test_the_count_is_a_whole_number_of_at_least_0(rubric: perfscore.Rubric) -> None:
    with pytest.raises(perfscore.DataError) as error:
        rubric.evaluate({"A1": "2.5", "A2": -1})
    assert [p.message for p in error.value.problems] == [
        "a count must be a whole number, not 2.5", "-1 is outside the declared domain ≥ 0"]  # fmt: skip


def test_canonical_printing_round_trips(rubric: perfscore.Rubric) -> None:
    assert "  按次 0.5分 最多 3分\n" in format_rubric(rubric.ast)
    english = format_rubric(rubric.ast, "en")
    assert "  per_occurrence 0.5 points max 3 points\n" in english and "  per_occurrence 20%\n" in english
    assert perfscore.compile(english, language="en").ast == rubric.ast


def test_generated_criteria(rubric: perfscore.Rubric) -> None:
    a1, a2 = rubric.ast.nodes
    assert criteria_text(a1, Decimal(5)) == "公众号发布每1次得0.5分，最多得3分"  # type: ignore[arg-type]
    assert criteria_text(a2, Decimal(5)) == "获得表彰每1次得20%权重分，得满权重分为止"  # type: ignore[arg-type]


def test_checks() -> None:
    with pytest.raises(perfscore.CheckError) as error:
        perfscore.compile("总分 5\n指标 A1 x 5 {\n  按次 0分 最多 6分\n}\n", language="en")
    assert [(d.span.line, d.span.column, d.message) for d in error.value.diagnostics] == [
        (3, 6, "the points per occurrence of A1 is 0分: it must be more than 0"),
        (3, 12, "the maximum of A1 awards 6分, more than its weight 5"),
    ]


def test_a_wording_number_the_rule_does_not_use_is_warned() -> None:
    rubric = perfscore.compile('总分 5\n指标 A1 x 5 {\n  评分标准 "每发布1篇得2分"\n  按次 0.5分\n}\n', language="en")
    assert [w.message for w in rubric.warnings] == ["the 评分标准 of A1 says 2, a number its rule does not use"]


def test_the_audit_rescores_a_published_count(rubric: perfscore.Rubric) -> None:
    report = perfscore.audit(rubric, {"A1": 4, "A2": 2}, {"A1": {"actual": "4", "score": "3"}})
    assert [(f.code, f.kind, f.reason) for f in report.errors] == [
        ("A1", "score", "the rule gives 2 for the published actual 4, not 3")]  # 4 × 0.5 = 2

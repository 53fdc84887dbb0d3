"""The Shuozhou 2020 evaluation (seed 003, 附件1) reproduced from its own rules and data."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import perfscore
from perfscore.numbers import CONTEXT

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "shuozhou-2020"

# 附件1 打分表: the published score of every leaf.
REPORTED = {
    "A11": "3", "A21": "2.99", "A22": "3", "A23": "3", "A24": "2",
    "A31": "1.33", "A32": "2.5", "A33": "2.7", "A41": "3", "A42": "3",
    "B11": "3", "B12": "3", "B13": "0", "B21": "0", "B22": "0", "B23": "3", "B24": "2.59",
    "B25": "2.25", "B31": "3", "B32": "1", "B33": "2", "B41": "0.8", "B42": "1.39",
    "B51": "2", "B52": "2.5",
    "C11": "1.5", "C12": "3", "C13": "3", "C14": "1.5", "C21": "3.50", "C22": "3.99",
    "D11": "2", "D21": "1.5", "D22": "5",
}  # fmt: skip

# Where the report does not follow its own rule: the value the rule gives, worked by hand.
RULE_GIVES = {
    # 结转结余率 3141.76/15838.42 = 19.84% > 9%: excess 10.84 points rounded half up to 11,
    # 11 × 5% of 3 = 1.65 deducted: 3 − 1.65.
    "B22": Decimal("3") - 11 * Decimal("0.05") * 3,
    # 78.53% / 90% × 4 = 3.4903 → 3.49 (the report prints 3.50 and 得分率 87.5%).
    "C21": Decimal("3.49"),
    # 89.03% / 90% × 4 = 3.9569 → 3.96 (the report prints 3.99 and 得分率 99.75%).
    "C22": Decimal("3.96"),
    # 达标 rule: 制定…得权重分，否则不得分; the plan was made, so 3 (the report gives 1.5).
    "D21": Decimal("3"),
}

REPORTED_GROUPS = {
    "A1": "3", "A2": "10.99", "A3": "6.53", "A4": "6", "A": "26.52",
    "B1": "6", "B3": "6", "B4": "2.19", "B5": "4.5", "C1": "9", "D1": "2",
}  # fmt: skip


@pytest.fixture(scope="module")
def result() -> perfscore.Result:
    rubric = perfscore.load(EXAMPLE / "rubric.perf")
    return rubric.evaluate(EXAMPLE / "data.toml")


def test_the_rubric_has_the_published_shape() -> None:
    """34 leaves, 13 level-2 groups and 4 level-1 groups, as in 附件1."""
    rubric = perfscore.load(EXAMPLE / "rubric.perf")
    result = rubric.evaluate(EXAMPLE / "data.toml")
    levels = [node.level for node in result]
    kinds = [node.kind for node in result]
    assert kinds.count("indicator") == 34
    assert levels.count(1) == 4
    assert levels.count(2) == 13


@pytest.mark.parametrize("code", sorted(set(REPORTED) - set(RULE_GIVES)))
def test_leaf_scores_match_the_report(result: perfscore.Result, code: str) -> None:
    assert result[code].score == Decimal(REPORTED[code])


@pytest.mark.parametrize("code", sorted(RULE_GIVES))
def test_leaves_where_the_report_breaks_its_rule(result: perfscore.Result, code: str) -> None:
    assert result[code].score == RULE_GIVES[code]
    assert result[code].score != Decimal(REPORTED[code])


@pytest.mark.parametrize("code", sorted(REPORTED_GROUPS))
def test_subtotals_match_the_report(result: perfscore.Result, code: str) -> None:
    assert result[code].score == Decimal(REPORTED_GROUPS[code])


def test_total_and_grade(result: perfscore.Result) -> None:
    """Report: 78.04, 中. Following the rules: 78.04 + 1.35 (B22) + 1.5 (D21) − 0.01 (C21) − 0.03 (C22)."""
    assert result.total == Decimal("78.04") + Decimal("1.35") + Decimal("1.5") - Decimal("0.01") - Decimal("0.03")
    assert result.total == Decimal("80.85")
    assert result.grade == "良"
    assert result.maximum == 100


def test_total_is_the_sum_of_rounded_leaves(result: perfscore.Result) -> None:
    leaves = [node.score for node in result if node.kind == "indicator"]
    assert sum(leaves) == result.total


def test_survey_satisfaction_matches_appendix_4(result: perfscore.Result) -> None:
    """附件4: staff 89.03%, public 78.53% (option shares rounded to 0.01% first)."""
    staff = result.inputs["管理对象满意度"]
    public = result.inputs["服务对象满意度"]
    assert round(staff * 100, 2) == Decimal("89.03")
    assert round(public * 100, 2) == Decimal("78.53")


def test_survey_questions_match_appendix_4(result: perfscore.Result) -> None:
    staff = result.survey("管理对象满意度")
    public = result.survey("服务对象满意度")
    assert [round(v * 100, 2) for v in staff.values()] == [
        Decimal(x) for x in ("90.74", "89.76", "89.76", "87.32", "92.19", "84.39")
    ]
    assert [round(v * 100, 2) for v in public.values()] == [
        Decimal(x) for x in ("80.74", "77.06", "83.30", "76.14", "75.23", "78.72")
    ]


def test_b12_override_is_recorded(result: perfscore.Result) -> None:
    node = result["B12"]
    assert node.override is not None
    assert node.override.computed == 0
    assert node.override.score == 3
    assert "上级部门临时交办" in node.override.reason
    assert round(node.actual * 100, 2) == Decimal("163.97")  # type: ignore[operator]


def test_explanation_of_b24_in_chinese(result: perfscore.Result) -> None:
    text = result.explain("B24")
    assert text.startswith("B24 政府采购执行率：")
    assert "目标 100%" in text
    assert "3 × min(86.45% ÷ 100%, 1) = 2.5934 → 2.59 分" in text


def test_explanation_of_b22_shows_the_rounded_excess(result: perfscore.Result) -> None:
    text = result.explain("B22", language="en")
    assert "rounded half up to 11" in text
    assert "deduct 11 × 0.15 = 1.65" in text


def test_to_dict_is_json_safe_and_exact(result: perfscore.Result) -> None:
    encoded = json.dumps(result.to_dict(), ensure_ascii=False)
    decoded = json.loads(encoded)
    assert decoded["total"] == "80.85"
    assert decoded["grade"] == "良"
    b24 = next(n for n in decoded["nodes"] if n["code"] == "B24")
    assert b24["score"] == "2.59"
    assert Decimal(b24["actual"]) == CONTEXT.divide(Decimal("2211.41"), Decimal("2558.1"))

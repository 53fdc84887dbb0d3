"""The audit at its edges (issue 15): the half-unit tolerance, ‰ figures, scores above a ceiling,
malformed ratios. Expected figures worked out by hand; through perfscore.audit only."""

from __future__ import annotations

from typing import Any

import pytest

import perfscore

from .test_audit import CONSISTENT, RUBRIC, findings

Row = tuple[str, str, str, str | None, str | None, str | None]


def rows(reported: dict[str, Any]) -> list[Row]:
    return [(f.severity, f.code, f.kind, f.published, f.expected, f.difference)
            for f in findings(reported) if f.severity != "note"]  # fmt: skip


def with_a2(**figures: str) -> dict[str, Any]:
    return {**CONSISTENT, "A2": {**CONSISTENT["A2"], **figures}}


@pytest.mark.parametrize(("printed", "found"), [
    ("19.8%", []),  # the data's 19.84% printed to 0.1%: 0.04 points off, within half a unit (0.05)
    ("198.4‰", []),  # the same actual in per mille, exactly
    ("19.9%", [("error", "A2", "actual", "19.9%", "19.84%", "+0.06 percentage points")]),  # 0.06 > 0.05
    ("199‰", [("error", "A2", "actual", "199‰", "19.84%", "+0.06 percentage points")]),  # 19.9% in ‰, 0.06 off
])  # fmt: skip
def test_an_actual_is_consistent_within_half_a_unit_of_its_last_printed_place(printed: str, found: list[Row]) -> None:
    assert rows(with_a2(actual=printed)) == found


@pytest.mark.parametrize(("score", "sum_", "difference"), [("1.4", "3.95", "+0.05"), ("1.36", "3.91", "+0.01")])
def test_a_score_off_by_a_unit_of_its_last_place_is_an_error(score: str, sum_: str, difference: str) -> None:
    # A2 is 1.35 by the rule; A's published 3.9 no longer adds up: 2.55 + the printed score.
    minus = difference.replace("+", "-")
    assert rows(with_a2(score=score)) == [
        ("error", "A", "subtotal", "3.9", sum_, minus), ("error", "A2", "score", score, "1.35", difference)]


def test_a_group_scored_above_its_weight_is_out_of_bounds() -> None:
    found = rows({**CONSISTENT, "B": {"weight": 4, "score": "4.5", "rate": "112.5%"}})
    assert ("error", "B", "bounds", "4.5", "0–4", None) in found
    assert ("error", "total", "total", "7.90", "8.4", "-0.5") in found  # 3.9 + 4.5


@pytest.mark.parametrize(("rate", "found"), [
    ("125‰", []),  # 1 ÷ 8 = 12.5% exactly
    ("12.5%", []),
    ("126‰", [("error", "r", "ratio", "126‰", "12.5%", "+0.1 percentage points")]),
    ("12.55%", [("error", "r", "ratio", "12.55%", "12.5%", "+0.05 percentage points")]),  # half a unit of 0.1% is 0.005 here
    ("12.4%", [("error", "r", "ratio", "12.4%", "12.5%", "-0.1 percentage points")]),
])  # fmt: skip
def test_a_ratio_is_checked_as_numerator_over_denominator_in_any_unit(rate: str, found: list[Row]) -> None:
    ratio = {"name": "r", "numerator": "1", "denominator": "8", "rate": rate}
    assert [r for r in rows({**CONSISTENT, "ratios": [ratio]}) if r[2] == "ratio"] == found


@pytest.mark.parametrize("entry", [{"name": "x", "numerator": "1"}, "x", {"numerator": 1, "denominator": 2}])
def test_a_malformed_ratio_entry_is_a_data_error(entry: Any) -> None:
    with pytest.raises(perfscore.DataError) as caught:
        findings({**CONSISTENT, "ratios": [entry]})
    assert [p.message for p in caught.value.problems] == ["ratios[0] needs numerator, denominator and rate"]


def test_the_rubric_of_these_cases_is_the_shared_small_example() -> None:
    assert RUBRIC.ast.total == 10  # the figures above are against tests/test_audit.py's rubric and data

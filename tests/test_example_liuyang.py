"""The Liuyang 2021 self-evaluation form (seed 004) reproduced line by line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import perfscore

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "liuyang-2021"

# 附件7 自评得分, line by line.
REPORTED = {
    "T1": 3, "T2": 4, "T3": 4, "T4": 5, "T5": 4, "T6": 3, "T7": 3, "T8": 4,
    "P11": 2, "P12": 2, "P13": 2, "P21": 4, "P22": 4, "P31": 2, "P32": 3, "P41": 6,
    "E11": 5, "E12": 5, "E21": 5, "E22": 5, "E31": 7, "E41": 4, "E42": 4, "E51": 10,
}  # fmt: skip
GROUPS = {"T": 30, "P": 25, "E": 45, "P1": 6, "P2": 8, "P3": 5, "P4": 6, "E1": 10, "E2": 10, "E3": 7, "E4": 8, "E5": 10}


@pytest.fixture(scope="module")
def result() -> perfscore.Result:
    return perfscore.load(EXAMPLE / "rubric.perf").evaluate(EXAMPLE / "data.toml")


@pytest.mark.parametrize("code", sorted(REPORTED))
def test_every_line_matches_the_form(result: perfscore.Result, code: str) -> None:
    assert result[code].score == REPORTED[code]
    assert result[code].weight == REPORTED[code]  # the form gives full marks everywhere


@pytest.mark.parametrize("code", sorted(GROUPS))
def test_group_weights_and_scores(result: perfscore.Result, code: str) -> None:
    assert result[code].weight == GROUPS[code] == result[code].score


def test_total_is_100(result: perfscore.Result) -> None:
    assert result.total == Decimal(100)
    assert len([n for n in result if n.kind == "indicator"]) == len(REPORTED)


def test_a_shortfall_would_show(result: perfscore.Result) -> None:
    """知晓率 80.01% only just clears ≥ 80%: at 72% the line would score 4 × 72/80 = 3.6."""
    rubric = perfscore.load(EXAMPLE / "rubric.perf")
    data = perfscore.read_data(EXAMPLE / "data.toml")
    assert rubric.evaluate({**data, "P21": "72%"})["P21"].score == Decimal("3.60")

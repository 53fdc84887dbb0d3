"""Grammar-aware fuzzing: mutated real rubrics and data never crash, hang or escape as a non-perfscore error.

The default run is small so the suite stays fast; ``PERFSCORE_FUZZ=long`` runs a hundred times
more cases (see docs/reliability.md).
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfscore

LONG = os.environ.get("PERFSCORE_FUZZ") == "long"
CASES = 20_000 if LONG else 200
FUZZ = settings(max_examples=CASES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
#: No single input may take longer than this (compile and evaluate together), on a slow CI machine.
BUDGET_SECONDS = 2.0

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SOURCES = [path.read_text("utf-8") for path in sorted(EXAMPLES.glob("*/rubric.perf"))]
TOKEN = re.compile(r"\s+|[^\s]+")
#: Characters a mutation inserts: the language's own punctuation, full-width forms, controls, and CJK.
ODD = st.sampled_from(list("{}()[]（）［］%％‰:：;；,，=≥≤<>≠+-×÷/*\"“”'#\t\u3000\u00a0\ufeff\x00\r\n\\") +
                      ["指标", "分组", "总分", "扣", "分档", "清单", "如果", "否则", "9%", "1/3", "1e999", "-0"])  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A real rubric with a few token-level edits: delete, duplicate, swap, insert."""
    tokens = TOKEN.findall(draw(st.sampled_from(SOURCES)))
    for _ in range(draw(st.integers(1, 4))):
        if not tokens:
            break
        at = draw(st.integers(0, len(tokens) - 1))
        match draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "unicode", "line"])):
            case "delete":
                del tokens[at : at + draw(st.integers(1, 8))]
            case "duplicate":
                tokens[at:at] = tokens[at : at + draw(st.integers(1, 8))]
            case "swap":
                other = draw(st.integers(0, len(tokens) - 1))
                tokens[at], tokens[other] = tokens[other], tokens[at]
            case "insert":
                tokens.insert(at, draw(ODD))
            case "unicode":
                tokens.insert(at, draw(st.text(min_size=1, max_size=4)))
            case "line":
                lines = "".join(tokens).split("\n")
                k = draw(st.integers(0, len(lines) - 1))
                lines.insert(draw(st.integers(0, len(lines))), lines[k])
                tokens = TOKEN.findall("\n".join(lines))
    return "".join(tokens)


def _within(text: str, error: perfscore.RubricError) -> None:
    lines = re.split(r"\r\n|\r|\n", text)  # the parser's line breaks (a lone \r ends a line too)
    for diagnostic in error.diagnostics:
        span = diagnostic.span
        assert 1 <= span.line <= len(lines) + 1, diagnostic.format()
        assert 1 <= span.column <= len(lines[span.line - 1]) + 2 if span.line <= len(lines) else span.column == 1
        assert diagnostic.format()  # formatting never fails either


@FUZZ
@given(mutated())
def test_mutated_rubrics_fail_only_with_perfscore_errors(text: str) -> None:
    started = time.perf_counter()
    try:
        rubric = perfscore.compile(text, "fuzz.perf")
    except perfscore.RubricError as error:
        _within(text, error)
    else:
        assert rubric.maximum >= 0
    assert time.perf_counter() - started < BUDGET_SECONDS


SHUOZHOU = perfscore.load(EXAMPLES / "shuozhou-2020" / "rubric.perf")
DATA = perfscore.read_data(EXAMPLES / "shuozhou-2020" / "data.toml")
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**45, 10**45), st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True), st.text(max_size=8),
    st.sampled_from(["80%", "0.8", "80", "-0", "1e999", "NaN", "好", "有所提升", "", "１００％"]),
    st.lists(st.integers(-5, 200), max_size=5), st.dictionaries(st.text(max_size=4), st.booleans(), max_size=3),
)  # fmt: skip


@FUZZ
@given(st.dictionaries(st.sampled_from(sorted(DATA)), VALUES, min_size=1, max_size=4))
def test_mutated_data_fail_only_with_perfscore_errors(changes: dict[str, Any]) -> None:
    data = {**DATA, **changes}
    started = time.perf_counter()
    try:
        result = SHUOZHOU.evaluate(data)
    except (perfscore.DataError, perfscore.EvaluationError) as error:
        assert str(error)
    else:
        assert 0 <= result.total <= result.maximum
        for node in result:
            assert 0 <= node.score <= node.weight, node.code
    assert time.perf_counter() - started < BUDGET_SECONDS


REPORTED = st.dictionaries(
    st.sampled_from(["total", "grade", "rate", "where", "A", "B22", "C21", "Z9", "ratios", "权重"]),
    st.one_of(VALUES, st.dictionaries(st.sampled_from(["weight", "actual", "score", "rate", "label", "where", "得分"]),
                                      st.one_of(VALUES, st.lists(st.fixed_dictionaries({"value": VALUES}), max_size=2)),
                                      max_size=4),
              st.lists(st.dictionaries(st.sampled_from(["name", "numerator", "denominator", "rate", "kind"]), VALUES),
                       max_size=2)),
    max_size=5,
)  # fmt: skip


@FUZZ
@given(REPORTED)
def test_audit_of_any_reported_figures_fails_only_with_perfscore_errors(reported: dict[str, Any]) -> None:
    try:
        report = perfscore.audit(SHUOZHOU, DATA, reported)
    except perfscore.DataError as error:
        assert str(error)
    else:
        assert all(f.severity in ("error", "warning", "note") and f.reason for f in report)

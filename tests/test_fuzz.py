"""Grammar-aware fuzzing: mutated real rubrics and data never crash, hang or escape as a non-perfscore error.

The default run is small so the suite stays fast; ``PERFSCORE_FUZZ=long`` runs a hundred times
more cases (see docs/reliability.md).
"""

from __future__ import annotations

import copy
import decimal
import os
import pickle
import re
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfscore
from perfscore.numbers import is_missing

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
        rubric = perfscore.compile(text, "fuzz.perf", language="en")
    except perfscore.RubricError as error:
        _within(text, error)
    else:
        assert rubric.maximum >= 0
    assert time.perf_counter() - started < BUDGET_SECONDS


SHUOZHOU = perfscore.load(EXAMPLES / "shuozhou-2020" / "rubric.perf", language="en")
DATA = perfscore.read_data(EXAMPLES / "shuozhou-2020" / "data.toml")

def _foreign_scalars() -> list[Any]:
    """What a DataFrame cell holds: numpy scalars, pandas' empty markers (when installed)."""
    try:
        import numpy as np
        import pandas as pd
    except ImportError:  # pragma: no cover - both are in the test extra
        return []
    return [np.float64(0.9), np.float32(80.5), np.int64(7), np.uint64(2**63), np.bool_(True), np.float64("nan"),
            np.datetime64("NaT"), np.datetime64("2020-01-01"), pd.NA, pd.NaT, pd.Timestamp("2020-01-01")]  # fmt: skip


VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**45, 10**45), st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True), st.text(max_size=8),
    st.sampled_from(["80%", "0.8", "80", "-0", "1e999", "NaN", "好", "有所提升", "", "１００％", 10**5000, 10**40,
                     decimal.Decimal("1E+999999"), decimal.Decimal("-1E-999999"), "1" * 500, [[[[[]]]]],
                     *_foreign_scalars()]),
    st.lists(st.integers(-5, 200), max_size=5), st.dictionaries(st.text(max_size=4), st.booleans(), max_size=3),
)  # fmt: skip


@FUZZ
@given(st.dictionaries(st.sampled_from(sorted(DATA)), VALUES, min_size=1, max_size=4))
def test_mutated_data_fail_only_with_perfscore_errors(changes: dict[str, Any]) -> None:
    started = time.perf_counter()
    _scored_or_refused({**DATA, **changes})
    assert time.perf_counter() - started < BUDGET_SECONDS


def _scored_or_refused(data: Any) -> None:
    """A data error, or scores within their bounds that explain and display without failing."""
    try:
        result = SHUOZHOU.evaluate(data)
    except (perfscore.DataError, perfscore.EvaluationError) as error:
        assert str(error)
    else:
        assert 0 <= result.total <= result.maximum
        for node in result:
            assert 0 <= node.score <= node.weight, node.code
        assert result.explain() and result._repr_html_()


#: Shapes of what a caller may put under the reserved keys (not applicable, overrides, vetoes).
RESERVED_VALUES = st.one_of(
    VALUES,
    st.lists(st.one_of(st.sampled_from(["A11", "B22", "C21", "Z9", "A", "B", "未按时报送"]), VALUES), max_size=4),
    st.dictionaries(st.sampled_from(["A11", "B22", "B24", "Z9", "B"]),
                    st.one_of(VALUES, st.fixed_dictionaries({"score": VALUES, "reason": VALUES})), max_size=3),
)  # fmt: skip


@FUZZ
@given(st.dictionaries(st.sampled_from(["overrides", "调整", "not_applicable", "不适用", "vetoes", "一票否决"]),
                       RESERVED_VALUES, min_size=1, max_size=3),
       st.sampled_from([dict, lambda d: defaultdict(lambda: {"x": True}, d)]))  # fmt: skip
def test_any_reserved_key_shape_fails_only_with_perfscore_errors(reserved: dict[str, Any], kind: Any) -> None:
    data = kind({**DATA, **reserved})
    before = copy.deepcopy(data)
    _scored_or_refused(data)
    assert _same(data, before)  # the caller's mapping is never written


def _same(a: Any, b: Any) -> bool:
    """Equal, with NaN equal to itself and mapping types compared too (a defaultdict stays one)."""
    if type(a) is not type(b):
        return False
    if a is b or is_missing(a):  # deepcopy keeps singletons; pd.NA == pd.NA is NA
        return True
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, decimal.Decimal):  # sNaN cannot even be compared with ==
        return a.compare_total(b) == 0
    return bool(a == b) or (a != a and b != b)


CONTEXTS = st.builds(
    lambda prec, rounding, traps: decimal.Context(prec=prec, rounding=rounding, traps=traps),
    st.integers(1, 80),
    st.sampled_from([decimal.ROUND_DOWN, decimal.ROUND_FLOOR, decimal.ROUND_CEILING, decimal.ROUND_HALF_EVEN,
                     decimal.ROUND_05UP]),
    st.lists(st.sampled_from([decimal.Inexact, decimal.Rounded, decimal.Subnormal, decimal.Clamped,
                              decimal.DivisionByZero, decimal.Overflow]), unique=True),
)  # fmt: skip
EXPECTED = SHUOZHOU.evaluate(DATA)


@settings(max_examples=max(CASES // 10, 20), deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(CONTEXTS, st.sampled_from(sorted(DATA)), VALUES)
def test_any_callers_decimal_context_changes_nothing(context: decimal.Context, name: str, value: Any) -> None:
    """Scores, explanations, errors and pickles are the same whatever decimal context the caller runs in."""
    data = {**DATA, name: value}

    def outcome() -> Any:
        try:
            result = SHUOZHOU.evaluate(data)
        except perfscore.PerfscoreError as error:
            copy = pickle.loads(pickle.dumps(error))  # every error pickles, with its message
            assert type(copy) is type(error) and str(copy) == str(error)
            return str(error)
        copy = pickle.loads(pickle.dumps(result))
        assert copy.to_dict() == result.to_dict()
        return result.to_dict(), result.explain(), result._repr_html_()

    expected = outcome()
    with decimal.localcontext(context) as callers:
        assert outcome() == expected
        assert callers.prec == context.prec and not any(callers.flags.values())
    assert EXPECTED.total == decimal.Decimal("80.85")


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


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "utf-32"])


@FUZZ
@given(st.one_of(st.binary(max_size=200),
                 st.tuples(st.sampled_from(SOURCES), ENCODINGS, st.integers(0, 400), st.binary(max_size=8)).map(
                     lambda t: (lambda raw: raw[: t[2]] + t[3] + raw[t[2]:])(t[0][:600].encode(t[1], "replace")))))  # fmt: skip
def test_any_bytes_as_a_rubric_or_a_data_file_fail_only_with_perfscore_errors(raw: bytes) -> None:
    """Uploads as received: any encoding, cut anywhere, with bytes inserted — compile(bytes, language="en") and read_data."""
    try:
        perfscore.compile(raw, "upload.perf", language="en")
    except perfscore.RubricError as error:
        assert all(d.format() for d in error.diagnostics)
    with tempfile.TemporaryDirectory() as directory:
        for suffix in (".toml", ".json"):
            path = Path(directory) / f"data{suffix}"
            path.write_bytes(raw)
            try:
                perfscore.read_data(path)
            except perfscore.DataError as error:
                assert str(error)

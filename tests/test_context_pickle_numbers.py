"""Every public function runs in perfscore's decimal context; results, rubrics and errors pickle;
numbers from numpy and pandas read as the values they show."""

from __future__ import annotations

import decimal
import multiprocessing
import pickle
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import perfscore

ROOT = Path(__file__).resolve().parents[1]
SHUOZHOU = ROOT / "examples" / "shuozhou-2020"
RUBRIC = perfscore.load(SHUOZHOU / "rubric.perf", language="en")
DATA = perfscore.read_data(SHUOZHOU / "data.toml")
REPORTED = SHUOZHOU / "reported.toml"

TARGET = "总分 10\n保留 2 位\n指标 A1 甲 10 {\n  目标 95.55%\n  实际 比率\n  按比例\n}\n"


def hostile() -> decimal.Context:
    """What a caller's thread may have set: 3 digits, rounding down, every signal trapped."""
    return decimal.Context(prec=3, rounding=decimal.ROUND_FLOOR, Emax=99, Emin=-99,
                           traps=[decimal.Inexact, decimal.Rounded, decimal.InvalidOperation,
                                  decimal.DivisionByZero, decimal.Overflow])  # fmt: skip


@pytest.fixture
def callers_context() -> Iterator[decimal.Context]:
    with decimal.localcontext(hostile()) as context:
        yield context
        # and perfscore left it as it was: same settings, no flag raised
        assert (context.prec, context.rounding, context.Emax) == (3, decimal.ROUND_FLOOR, 99)
        assert not any(context.flags.values())


def test_a_rubric_number_is_read_exactly_in_a_three_digit_context(callers_context: decimal.Context) -> None:
    """With prec=3 a 95.55% target used to be stored as 0.956, and a full-marks leaf scored 9.99."""
    rubric = perfscore.compile(TARGET, language="en")
    assert rubric.ast.nodes[0].target.value.value == Decimal("0.9555")  # type: ignore[union-attr]
    assert rubric.evaluate({"A1": "95.55%"}).total == Decimal("10.00")
    assert perfscore.parse(TARGET) == rubric.ast


ENTRY_POINTS: dict[str, Callable[[], object]] = {
    "load": lambda: perfscore.load(SHUOZHOU / "rubric.perf", language="en").total,
    "evaluate": lambda: RUBRIC.evaluate(DATA).total,
    "explain": lambda: RUBRIC.evaluate(DATA).explain(),
    "explain one": lambda: RUBRIC.evaluate(DATA).explain("B22", "en"),
    "explanation": lambda: str(RUBRIC.evaluate(DATA)["B24"].explanation),
    "rate": lambda: (RUBRIC.evaluate(DATA).rate, RUBRIC.evaluate(DATA)["B22"].rate),
    "to_dict": lambda: RUBRIC.evaluate(DATA).to_dict(),
    "to_records": lambda: RUBRIC.evaluate(DATA).to_records(),
    "survey": lambda: RUBRIC.evaluate(DATA).survey("管理对象满意度"),
    "result html": lambda: RUBRIC.evaluate(DATA)._repr_html_(),
    "rubric html": lambda: RUBRIC._repr_html_(),
    "audit": lambda: perfscore.audit(RUBRIC, DATA, REPORTED).to_dict(),
    "template": lambda: sys.modules["perfscore.audit"].template(RUBRIC),
}


@pytest.mark.parametrize("name", list(ENTRY_POINTS))
def test_every_entry_point_ignores_the_callers_decimal_context(name: str) -> None:
    expected = ENTRY_POINTS[name]()
    with decimal.localcontext(hostile()) as context:
        assert ENTRY_POINTS[name]() == expected
        assert not any(context.flags.values())
        assert context.prec == 3


def test_the_callers_context_is_unchanged_by_a_failure() -> None:
    with decimal.localcontext(hostile()) as context:
        with pytest.raises(perfscore.DataError):
            RUBRIC.evaluate({})
        with pytest.raises(perfscore.CheckError):
            perfscore.compile("总分 10\n指标 A1 甲 9 {\n  达标\n}\n", language="en")
        assert context.prec == 3 and not any(context.flags.values())


# ---- numbers from numpy and pandas (a DataFrame row gives numpy scalars, NA and NaT)

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

SMALL = perfscore.compile("总分 10\n保留 2 位\n输入 预算 金额 > 0\n输入 支出 金额\n指标 A1 执行 10 {\n"
                          "  目标 100%\n  实际 = 支出 / 预算\n  按比例\n}\n", "r.perf", language="en")  # fmt: skip


@pytest.mark.parametrize(
    ("value", "total"),
    [
        (np.float64(80.3), "8.03"),  # numpy 2's repr is "np.float64(80.3)": it used to be InvalidOperation
        (np.float32(80.5), "8.05"),  # str() of a float32 is its shortest repr, 80.5
        (np.int64(80), "8.00"),
        (np.uint8(80), "8.00"),
        (np.float16(50), "5.00"),
    ],
    ids=["float64", "float32", "int64", "uint8", "float16"],
)
def test_numpy_scalars_read_as_the_value_they_show(value: Any, total: str) -> None:
    assert SMALL.evaluate({"预算": 100, "支出": value}).total == Decimal(total)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (pd.NA, "missing: the value is empty (<NA>)"),
        (pd.NaT, "missing: the value is empty (NaT)"),
        (np.datetime64("NaT"), "missing: the value is empty (np.datetime64('NaT','generic'))"),
        (None, "missing: the value is empty (None)"),
        (np.bool_(True), "true/false where a number is expected"),
        (np.datetime64("2020-01-01"), "datetime64 np.datetime64('2020-01-01') where a number is expected"),
        (np.float64("nan"), "nan is not a finite number"),
    ],
    ids=["NA", "NaT", "numpy-NaT", "None", "numpy-bool", "numpy-date", "numpy-nan"],
)
def test_empty_and_non_numeric_cells_are_named(value: Any, message: str) -> None:
    with pytest.raises(perfscore.DataError) as info:
        SMALL.evaluate({"预算": 100, "支出": value})
    assert str(info.value) == f"1 problem(s) in evaluation data\n  - A1 / 支出: {message}"


# ---- one number reader, one set of limits, wherever a number arrives

@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"target_ratio": "1e999999999"}, "1e999999999 is out of range: measured values are below 10^40 and above 10^-40"),
        ({"target_ratio": Decimal("1E+999999")}, "1E+999999 is out of range: measured values are below 10^40 and above 10^-40"),
        ({"execution_rate_max": 10**45}, "1000000000…000000 (46 characters) is out of range: measured values are "
                                         "below 10^40 and above 10^-40"),
        ({"execution_rate_min": "x"}, "'x' is not a number"),
        ({"target_ratio": 0}, "a threshold must be above 0, not 0"),
        ({"rate_places": 70}, "places must be a whole number from 0 to 20, not 70"),
        ({"score_places": "2"}, "places must be a whole number from 0 to 20, not '2'"),
    ],
)
def test_audit_settings_are_read_like_every_other_number(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(perfscore.ArgumentError) as info:
        perfscore.AuditSettings(**settings)
    assert str(info.value) == f"AuditSettings: {message}"
    assert isinstance(info.value, TypeError)  # as Python's own argument errors


def test_audit_settings_accept_percentages() -> None:
    assert perfscore.AuditSettings(target_ratio="150%").target_ratio == Decimal("1.5")


# ---- pickling: population scoring sends rubrics to worker processes and results back

def _roundtrip(value: Any) -> Any:
    return pickle.loads(pickle.dumps(value))


def test_a_rubric_a_result_and_an_audit_report_pickle() -> None:
    result = RUBRIC.evaluate(DATA)
    rubric = _roundtrip(RUBRIC)
    assert rubric.ast == RUBRIC.ast and rubric.source == RUBRIC.source and rubric.warnings == RUBRIC.warnings
    again = rubric.evaluate(DATA)
    assert (again.total, again.grade) == (Decimal("80.85"), "良")  # the seed's figures, computed by hand
    copy = _roundtrip(result)
    assert copy.total == Decimal("80.85")
    assert copy.explain() == result.explain()
    assert copy.to_dict() == result.to_dict()
    report = perfscore.audit(RUBRIC, DATA, REPORTED)
    assert _roundtrip(report).to_dict() == report.to_dict()


def _score_in_worker(rubric: perfscore.Rubric, data: dict[str, Any]) -> tuple[Decimal, str | None]:
    result = rubric.evaluate(data)
    return result.total, result.grade


def test_a_rubric_is_sent_to_a_process_pool_worker() -> None:
    spawn = multiprocessing.get_context("spawn")  # a fresh interpreter: everything goes through pickle
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        assert pool.submit(_score_in_worker, RUBRIC, DATA).result(timeout=120) == (Decimal("80.85"), "良")


def _raised(action: Callable[[], object]) -> BaseException:
    with pytest.raises(perfscore.PerfscoreError) as info:
        action()
    return info.value


ERRORS: dict[str, Callable[[], object]] = {
    "ParseError": lambda: perfscore.compile("总分 100\n指标 A 甲 {\n", "r.perf", language="en"),
    "CheckError": lambda: perfscore.compile("总分 100\n指标 A1 甲 50 {\n  达标\n}\n", "r.perf", language="en"),
    "DataError": lambda: RUBRIC.evaluate({}),
    "EvaluationError": lambda: perfscore.compile("总分 3\n输入 a 数值\n计算 m = a * a * a * a\n指标 A1 甲 3 {\n"
                                                 "  目标 1\n  实际 = round(m, 20)\n  按比例\n}\n", language="en").evaluate({"a": "1e39"}),
    "UnknownCodeError": lambda: RUBRIC.evaluate(DATA)["B22x"],  # did you mean B22?
    "ArgumentError": lambda: perfscore.compile(5, language="en"),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("name", list(ERRORS))
def test_every_error_pickles_with_every_field(name: str) -> None:
    error = _raised(ERRORS[name])
    assert type(error).__name__ == name
    copy = _roundtrip(error)
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.args == error.args
    assert vars(copy) == vars(error)


def test_unknown_code_keeps_its_suggestion_through_pickle() -> None:
    error = _raised(ERRORS["UnknownCodeError"])
    copy = _roundtrip(error)
    assert (copy.code, copy.suggestion) == ("B22x", "B22")
    assert str(copy) == "no node 'B22x' in this rubric; did you mean 'B22'?"


def test_reported_figures_of_any_type_are_read_as_text_or_numbers() -> None:
    """Found by the audit fuzz: a 5,000-digit int or pd.NA in a report escaped as ValueError/TypeError."""
    from perfscore.audit import figure

    huge = figure(10**5000)
    assert (huge.value, huge.text[:3], len(huge.text)) == (None, "100", 5001)  # kept as text, compared with nothing
    assert figure(pd.NA).value is None and figure(pd.NA).text == "<NA>"
    assert figure([10**5000]).text == "[1000000000…000000 (5001 characters)]"
    assert figure(np.float64(2.59)).value == Decimal("2.59")
    report = perfscore.audit(RUBRIC, DATA, {"total": pd.NA, "B22": {"score": "1.35", "where": 10**5000}})
    assert [f.code for f in report.errors] == []


def test_a_published_score_that_is_not_a_number_is_a_finding_not_skipped() -> None:
    report = perfscore.audit(RUBRIC, DATA, {"total": "=1+1", "B22": {"score": "7\x02", "actual": "合理"}})
    unreadable = [(f.code, f.severity, f.reason, f.published) for f in report if f.kind == "unreadable"]
    assert unreadable == [
        ("B22", "warning", "the published score of B22 is not a number, so it cannot be checked", "7\x02"),
        ("total", "warning", "the published total is not a number, so it cannot be checked", "=1+1"),
    ]

"""Diagnostics, ranges and audit findings a fresh mutation draw of the checker and the audit
(bench/mutation.py --seed 6, issue 15) showed untested. Every expected value is worked out by hand in the
comment beside it; only the public API (perfscore.compile, perfscore.audit, the findings) is used."""

from __future__ import annotations

from pathlib import Path

import pytest

import perfscore

from .test_audit import CONSISTENT, DATA, RUBRIC


def error(text: str) -> str:
    with pytest.raises(perfscore.RubricError) as caught:
        perfscore.compile(text, "r.perf", language="en")
    return str(caught.value)


def warnings(text: str) -> list[str]:
    return [str(w) for w in perfscore.compile(text, "r.perf", language="en").warnings]


def formula_range(formula: str, shown: str, width: int) -> list[str]:
    """The one warning of a 3-point formula on line 4 whose range, ``shown``, leaves [0, 3]; ``width`` columns
    of carets (a Chinese character takes two)."""
    return [(f"r.perf:4:6: warning: the formula of A can give {shown}, outside [0, 3]: such scores will be clamped\n"
             f"      公式 {formula}\n           {'^' * width}")]  # fmt: skip


def a_formula(formula: str, inputs: str) -> str:
    return f"总分 3\n{inputs}指标 A 甲 3 {{\n  公式 {formula}\n}}\n"


# ---------------------------------------------------------------- the checker


def test_a_bound_worked_out_to_60_digits_is_shown_to_6() -> None:
    # x in [0, 10]: x / 3 is in [0, 10/3]; worked out to 60 significant digits (3. and 59 threes) and shown to
    # six, 3.33333… (the 60 digits were printed until seed 8: unreadable in a warning)
    inputs = "输入 x 数值 [0, 10]\n"
    assert warnings(a_formula("x / 3", inputs)) == formula_range("x / 3", "[0, 3.33333…]", 5)


def test_the_range_of_a_negation_is_the_range_negated() -> None:
    # x ≥ 0 is [0, inf): -x is (-inf, 0], outside [0, 3]
    inputs = "输入 x 数值 >= 0\n"
    assert warnings(a_formula("-x", inputs)) == formula_range("-x", "(-inf, 0]", 2)


def test_the_absolute_value_of_a_range_across_zero_starts_at_zero() -> None:
    # x in [-5, 1]: |x| is in [0, max(5, 1)] = [0, 5] (not [-1, 5], the negation of [-5, 1])
    inputs = "输入 x 数值 [-5, 1]\n"
    assert warnings(a_formula("abs(x)", inputs)) == formula_range("abs(x)", "[0, 5]", 6)


def test_an_option_is_not_a_band_condition() -> None:
    assert error("总分 3\n输入 s 选项 {a, b}\n指标 A 甲 3 {\n  分档 {\n    当 s：3分\n    否则：0分\n  }\n}\n") == (
        "1 error(s) in rubric\n"
        "r.perf:5:7: error: a band condition of A is an option, not a condition: `s`\n"
        "        当 s：3分\n"
        "           ^\n"
        "    hint: compare it with an option: `s == …`")  # fmt: skip


def test_an_option_declared_twice_in_an_input_is_refused() -> None:
    assert error("总分 3\n输入 s 选项 {a, b, a}\n指标 A 甲 3 {\n  公式 如果 s == a 则 3 否则 0\n}\n") == (
        "1 error(s) in rubric\n"
        "r.perf:2:1: error: option a appears twice in input s (first at line 2)\n"
        "    输入 s 选项 {a, b, a}\n"
        "    " + "^" * 21)  # the declaration, 21 columns (a Chinese character takes two)


def test_a_count_of_numbers_is_not_negative_and_a_sum_may_be() -> None:
    # 计数 of a list of numbers counts values: [0, inf); 求和 of any numbers: (-inf, inf)
    inputs = "输入 xs 列表 数值\n"
    count_is = "r.perf:4:6: warning: the formula of A gives a count, not points\n      公式 计数(xs)\n           ^^^^^^^^\n" \
        "    hint: multiply by weight, e.g. `weight * actual / target`"  # fmt: skip
    assert warnings(a_formula("计数(xs)", inputs)) == [count_is, *formula_range("计数(xs)", "[0, inf)", 8)]
    assert warnings(a_formula("求和(xs)", inputs)) == formula_range("求和(xs)", "(-inf, inf)", 8)


# ---------------------------------------------------------------- the audit


@pytest.mark.parametrize("grade", ["", " ", None])
def test_an_empty_published_grade_is_not_a_grade(grade: object) -> None:
    # a blank or missing grade is no figure: nothing to compare with 良 (the bands' and the data's grade)
    found = perfscore.audit(RUBRIC, DATA, {**CONSISTENT, "grade": grade}, language="en")
    assert [(f.kind, f.reason) for f in found if f.severity != "note"] == []


@pytest.mark.parametrize(("name", "text", "format"), [
    ("r.json", '{"total": ' + "9" * 5000 + "}", "JSON"),
    ("r.toml", "total = " + "9" * 5000 + "\n", "TOML"),
])  # fmt: skip
def test_a_published_number_of_thousands_of_digits_is_refused(tmp_path: Path, name: str, text: str, format: str) -> None:
    # 5,000 digits: over Python's 4,300-digit limit for int(); refused as the file's format, not read as a CSV
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(perfscore.DataError) as caught:
        perfscore.audit(RUBRIC, DATA, path, language="en")
    assert str(caught.value) == f"1 problem(s) in the reported-figures file\n  - {path}: invalid {format}: a number has thousands of digits"

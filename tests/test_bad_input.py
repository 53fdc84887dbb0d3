"""The bad-input catalogue: every kind of broken rubric or data gets this exact, clear error.

Each test pins the whole message a user sees, so a change of wording is a deliberate one.
"""

from __future__ import annotations

import copy
import json
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import perfscore
from perfscore import Limits

OK = "总分 3\n指标 A1 甲 3 {\n  达标\n}\n"


def rubric_error(text: str) -> str:
    """The formatted diagnostics of a rubric that must not compile."""
    with pytest.raises(perfscore.RubricError) as info:
        perfscore.compile(text, "r.perf", language="en")
    return "\n".join(d.format() for d in info.value.diagnostics)


def file_error(tmp_path: Path, content: bytes) -> str:
    path = tmp_path / "r.perf"
    path.write_bytes(content)
    with pytest.raises(perfscore.ParseError) as info:
        perfscore.load(path, language="en")
    (diagnostic,) = info.value.diagnostics
    return diagnostic.format().replace(str(path), "r.perf")


# ---------------------------------------------------------------- rubric files


def test_empty_file(tmp_path: Path) -> None:
    assert file_error(tmp_path, b"") == (
        "r.perf:1:1: error: the rubric is empty\n"
        "    hint: start with the total and an indicator, e.g. `总分 100`")
    assert file_error(tmp_path, b"\n  \n\t\n") == file_error(tmp_path, b"")


def test_binary_garbage(tmp_path: Path) -> None:
    assert file_error(tmp_path, b"\x7fELF\x00\x01\x02garbage") == (
        "r.perf:1:1: error: this is a binary file (a NUL byte at byte 4), not rubric text\n"
        "    hint: a rubric is plain text saved as UTF-8")


def test_word_or_excel_file(tmp_path: Path) -> None:
    assert file_error(tmp_path, b"PK\x03\x04\x14\x00\x06\x00") == (
        "r.perf:1:1: error: this is a Word or Excel file (.docx/.xlsx), not rubric text\n"
        "    hint: copy the rubric into a plain-text file saved as UTF-8 (.perf)")


def test_gbk_file_says_so_and_how_to_re_encode(tmp_path: Path) -> None:
    assert file_error(tmp_path, "# 朔州\n总分 3\n".encode("gbk")) == (
        "r.perf:1:1: error: the file is GBK (GB18030) text, not UTF-8 (line 1, byte 4)\n"
        "    hint: re-encode it as UTF-8, e.g. `iconv -f GB18030 -t UTF-8 old.perf > new.perf`, "
        "or in Notepad: Save As → Encoding: UTF-8")


def test_other_non_utf8_bytes(tmp_path: Path) -> None:
    assert file_error(tmp_path, b"\xff\xfe\xfd") == (
        "r.perf:1:1: error: the file is not UTF-8 text (line 1, byte 0)\n"
        "    hint: save it as UTF-8; a rubric is plain text")


def test_bom_tabs_and_full_width_spaces_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "r.perf"
    path.write_bytes("\ufeff总分 3\n指标\tA1\u3000甲 3 {\n\t达标\u3000\n}\n".encode())
    assert perfscore.load(path, language="en").codes == ("A1",)


def test_unknown_standard_indicator() -> None:
    assert rubric_error("总分 5\n指标 B21 预算执行率 5 { 引用 预算执形率 }\n") == (
        "r.perf:2:18: error: unknown standard indicator 预算执形率\n"
        "    指标 B21 预算执行率 5 { 引用 预算执形率 }\n"
        "                            ^^^^^^^^^^^^^^^\n"
        "    hint: did you mean 引用 预算执行率?")


def test_unclosed_block() -> None:
    assert rubric_error("总分 3\n指标 A1 甲 3 {\n  达标\n") == (
        # Issue 10 item 4 adds the clauses 加分 (add), 扣分 (subtract) and 得分上限 (score_max) to the list,
        # issue 13 item 1 引用 (standard).
        "r.perf:3:5: error: unexpected end of file; expected }, 不适用时 (if_not_applicable), 公式 (formula), "
        "分档 (bands), 加分 (add), 定性 (levels), 实际 (actual), 引用 (standard), 得分上限 (score_max), 扣 (deduct), 扣分 (subtract), "
        "按次 (per_occurrence), 按比例 (proportional), "
        "方向 (direction), 清单 (checklist), 目标 (target), 线性 (linear), 解释 (definition), 评分标准 (criteria), "
        "评定 (judged), 达标 (binary)\n"
        "      达标\n"
        "          ^\n"
        "    hint: a block opened with { is not closed")


def test_missing_weight() -> None:
    assert rubric_error("总分 3\n指标 A1 甲 {\n  达标\n}\n") == (
        "r.perf:2:9: error: unexpected '{'; expected a number\n"
        "    指标 A1 甲 {\n"
        "               ^\n"
        "    hint: give the weight after the name, e.g. `指标 A1 名称 3 {`")


def test_weight_written_as_points_is_points() -> None:
    assert perfscore.compile("总分 30\n指标 A1 甲 30分 {\n  达标\n}\n", language="en").maximum == 30


def test_weight_written_as_a_percentage_is_a_share_of_the_parent() -> None:
    assert rubric_error("总分 30\n指标 A1 甲 30% {\n  达标\n}\n") == (
        "r.perf:2:1: error: weights of the top-level nodes sum to 9, not the total 30 (A1 9): 21 missing\n"
        "    指标 A1 甲 30% {\n"
        "    ^^^^^^^^^^^^^^^^\n"
        "    hint: A1's weight 30% is a share of its parent (9 points); write 30 for points")


def test_duplicate_codes() -> None:
    assert rubric_error("总分 6\n指标 A1 甲 3 {\n  达标\n}\n指标 A1 乙 3 {\n  达标\n}\n") == (
        "r.perf:5:1: error: code A1 appears twice (first at line 2)\n"
        "    指标 A1 乙 3 {\n"
        "    ^^^^^^^^^^^^^^")


def test_weights_not_summing_name_the_children_and_the_difference() -> None:
    text = "总分 10\n分组 A 甲 6 {\n  指标 A1 一 2 {\n    达标\n  }\n  指标 A2 二 3 {\n    达标\n  }\n}\n" \
           "指标 B1 乙 4 {\n  达标\n}\n"  # fmt: skip
    assert rubric_error(text) == (
        "r.perf:2:1: error: weights of the children of A (甲) sum to 5, not 6 (A1 2 + A2 3): 1 missing\n"
        "    分组 A 甲 6 {\n"
        "    ^^^^^^^^^^^^^\n"
        "    hint: change a weight to add up")


def test_bands_with_a_gap_and_an_overlap() -> None:
    text = "总分 3\n指标 A1 甲 3 {\n  实际 比率\n  分档 {\n    ≥ 90%：3分\n    [80%, 95%)：2分\n    < 70%：0分\n  }\n}\n"
    # The gap is shown at the band just above it, where the missing band goes (issue 12), with its neighbours.
    assert rubric_error(text) == (
        "r.perf:6:5: error: bands of A1 overlap: actual in [0.9, 0.95) (90% to 95%) matches both `≥ 90%` and "
        "`[80%, 95%)`\n"
        "        [80%, 95%)：2分\n"
        "        ^^^^^^^^^^^^^^^\n"
        "    hint: make one of the edges open, e.g. `[90%, 95%)`\n"
        "r.perf:6:5: error: bands of A1 leave a gap: actual in [0.7, 0.8) (70% to 80%) matches no band "
        "(between `< 70%` and `[80%, 95%)`)\n"
        "        [80%, 95%)：2分\n"
        "        ^^^^^^^^^^^^^^^\n"
        "    hint: add a band for it, or end with `否则：0分` (otherwise)")


def test_deduction_with_a_zero_step() -> None:
    assert rubric_error("总分 3\n指标 A1 甲 3 {\n  实际 比率\n  扣 5% 每 0% 超过 9%\n}\n") == (
        "r.perf:4:10: error: the step of A1 is 0%: it must be more than 0\n"
        "      扣 5% 每 0% 超过 9%\n"
        "               ^^")


def test_a_division_that_can_be_zero() -> None:
    assert rubric_error("总分 3\n输入 a 数值\n输入 b 数值\n指标 A1 甲 3 {\n  目标 1\n  实际 = a / (b - 1)\n  按比例\n}\n") == (
        "r.perf:6:13: error: the actual of A1 divides by b - 1, which can be 0\n"
        "      实际 = a / (b - 1)\n"
        "                  ^^^^^\n"
        "    hint: guard the division: `如果 分母 > 0 则 … 否则 …`")


def test_unknown_function_and_name_suggest_the_closest() -> None:
    text = "总分 3\n输入 预算数 金额 > 0\n指标 A1 甲 3 {\n  目标 1\n  实际 = mn(预算 / 预算数, 1)\n  按比例\n}\n"
    assert rubric_error(text) == (
        "r.perf:5:8: error: unknown function mn() in the actual of A1\n"
        "      实际 = mn(预算 / 预算数, 1)\n"
        "             ^^^^^^^^^^^^^^^^^^^^\n"
        "    hint: did you mean min()?\n"
        "r.perf:5:11: error: unknown name 预算 in the actual of A1\n"
        "      实际 = mn(预算 / 预算数, 1)\n"
        "                ^^^^\n"
        "    hint: did you mean 预算数?")


def test_ten_thousand_nested_groups_is_a_clear_error() -> None:
    depth = 10_000
    text = "总分 1\n" + "".join(f"分组 G{k} 组 1 {{\n" for k in range(depth)) + "指标 A1 甲 1 {\n达标\n}\n" + "}\n" * depth
    assert rubric_error(text) == (
        "r.perf:102:13: error: blocks and parentheses are nested more than 100 deep\n"
        "    分组 G100 组 1 {\n"
        "                   ^\n"
        "    hint: flatten the tree or the expression; real rubrics need a handful of levels")


def test_a_10_mb_rubric_is_refused_at_once_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.perf"
    line = "指标 A1 甲 3 {\n  达标\n}\n".encode()
    path.write_bytes(b"# " + b"x" * (10 * 1024 * 1024) + b"\n" + line)
    started = time.perf_counter()
    with pytest.raises(perfscore.ParseError) as info:
        perfscore.load(path, language="en")
    assert time.perf_counter() - started < 1
    assert info.value.diagnostics[0].message == (
        "the rubric is 10,485,792 bytes, more than the limit of 262,144")
    assert info.value.diagnostics[0].hint == "raise it with perfscore.Limits(max_bytes=…) if the rubric really needs more"


def test_limits_are_configurable() -> None:
    text = "总分 2\n指标 A1 甲 1 {\n  达标\n}\n指标 A2 乙 1 {\n  达标\n}\n"
    with pytest.raises(perfscore.ParseError, match="the rubric has 2 groups and indicators, more than the limit of 1"):
        perfscore.compile(text, limits=Limits(max_nodes=1), language="en")
    with pytest.raises(perfscore.ParseError, match="the rubric is 67 bytes, more than the limit of 50"):
        perfscore.compile(text, limits=Limits(max_bytes=50), language="en")
    with pytest.raises(perfscore.ParseError, match="nested more than 1 deep"):
        perfscore.compile("总分 1\n分组 G 组 1 {\n指标 A1 甲 1 {\n达标\n}\n}\n", limits=Limits(max_depth=1), language="en")
    with pytest.raises(perfscore.ParseError, match="an expression with more than 3 operators"):
        perfscore.compile("总分 1\n指标 A1 甲 1 {\n目标 1\n实际 = 1 + 1 + 1 + 1 + 1\n按比例\n}\n", limits=Limits(max_operators=3), language="en")
    assert perfscore.compile(text, limits=Limits(max_nodes=2), language="en").codes == ("A1", "A2")


# ---------------------------------------------------------------- evaluation data

RUBRIC = perfscore.compile("""总分 10
输入 预算 金额 > 0
输入 支出 金额
计算 执行率 = 支出 / 预算
指标 A1 执行 4 {
  目标 100%
  实际 = 执行率
  按比例
}
指标 A2 结余 3 {
  目标 ≤ 9%
  实际 比率
  扣 5% 每 1% 超过 9%
}
指标 A3 评价 2 {
  定性 {
    好：100%
    中：60%
    差：0%
  }
}
指标 A4 制度 1 {
  清单 {
    有制度 50%
    有执行 50%
  }
}
""", "r.perf", language="en")
GOOD: dict[str, Any] = {"预算": 100, "支出": 90, "A2": "9%", "A3": "好", "A4": {"有制度": True, "有执行": True}}


def data_error(data: dict[str, Any]) -> str:
    with pytest.raises(perfscore.DataError) as info:
        RUBRIC.evaluate(data)
    return str(info.value)


def test_missing_inputs_are_listed_together() -> None:
    assert data_error({"A3": "好"}) == (
        "4 problem(s) in evaluation data\n"
        "  - A1 / 预算: missing: expected an amount\n"
        "  - A1 / 支出: missing: expected an amount\n"
        "  - A2 / A2: missing: expected a percentage such as 95%\n"
        "  - A4 / A4: missing: expected {有制度, 有执行}")


def test_unknown_inputs_are_warnings_with_the_closest_name() -> None:
    result = RUBRIC.evaluate({**GOOD, "预算数": 3, "A5": 1})
    assert result.warnings == ("unknown input '预算数' ignored; did you mean '预算'?",
                               "unknown input 'A5' ignored; did you mean 'A4'?")  # fmt: skip


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("一百", "'一百' is not a number"),
        (float("nan"), "nan is not a finite number"),
        ("NaN", "'NaN' is not a finite number"),
        ("Infinity", "'Infinity' is not a finite number"),
        (float("-inf"), "-inf is not a finite number"),
        (True, "true/false where a number is expected"),
        (-5, "-5 is outside the declared domain > 0"),
        (0, "0 is outside the declared domain > 0"),
        ("1e+300", "1e+300 is out of range: measured values are below 10^40 and above 10^-40"),
        ("1.00000000000000000000000000000000000000001", "1.00000000…000001 (43 characters) has more than 40 "
                                                        "significant digits; round it first"),
        ([1, 2], "list [1, 2] where a number is expected"),
    ],
)
def test_a_bad_number(value: Any, message: str) -> None:
    assert data_error({**GOOD, "预算": value}) == f"1 problem(s) in evaluation data\n  - A1 / 预算: {message}"


def test_negative_amounts_are_refused_unless_declared() -> None:
    assert data_error({**GOOD, "支出": -1}) == (
        "1 problem(s) in evaluation data\n  - A1 / 支出: -1 is outside the declared domain ≥ 0")


def test_minus_zero_is_zero() -> None:
    result = RUBRIC.evaluate({**GOOD, "支出": "-0", "A2": "-0%"})
    assert str(result["A1"].actual) == "0" and str(result["A2"].actual) == "0"
    assert result.to_dict()["nodes"][0]["actual"] == "0"


def test_percentages_80_and_0_8_and_80_percent() -> None:
    """The documented rule: "80%" is 80 percent, a bare 0.8 is the fraction, a bare 80 is ambiguous."""
    assert RUBRIC.evaluate({**GOOD, "A2": "80%"})["A2"].actual == Decimal("0.8")
    assert RUBRIC.evaluate({**GOOD, "A2": 0.8})["A2"].actual == Decimal("0.8")
    assert RUBRIC.evaluate({**GOOD, "A2": "103.5%"})["A2"].actual == Decimal("1.035")
    assert data_error({**GOOD, "A2": 80}) == (
        "1 problem(s) in evaluation data\n"
        '  - A2 / A2: 80 is ambiguous for a percentage: write "80%" for 80 percent, or 0.8 for the fraction; '
        "a bare number is a fraction between -1 and 1")
    assert "1.035 is ambiguous" in data_error({**GOOD, "A2": "1.035"})


def test_forty_digit_numbers_are_exact() -> None:
    big = "1234567890123456789012345678901234567890"
    result = RUBRIC.evaluate({**GOOD, "预算": big, "支出": big[:-1] + "0"})
    assert result["A1"].actual == Decimal(big[:-1] + "0") / Decimal(big)
    assert result["A1"].score == Decimal("4.00")


def test_an_undeclared_level_suggests_the_closest() -> None:
    assert data_error({**GOOD, "A3": "较好"}) == (
        "1 problem(s) in evaluation data\n  - A3 / A3: '较好' is not a declared level (好、中、差); did you mean '好'?")


def test_an_undeclared_checklist_item() -> None:
    assert data_error({**GOOD, "A4": {"有制度": True, "有执行": True, "有检查": True}}) == (
        "1 problem(s) in evaluation data\n  - A4 / A4: item '有检查' is not declared; did you mean '有执行'?")


def test_overrides_need_a_reason_and_stay_within_the_weight() -> None:
    assert data_error({**GOOD, "调整": {"A1": {"score": 4}}}) == (
        "1 problem(s) in evaluation data\n  - A1 / overrides: an override needs a reason")
    assert data_error({**GOOD, "调整": {"A1": {"score": 5, "reason": "评价组认定"}}}) == (
        "1 problem(s) in evaluation data\n  - A1 / overrides: override score 5 is outside [0, 4]")


def test_the_same_input_twice_with_different_values(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text('{"预算": 100, "预算": 120}', "utf-8")
    with pytest.raises(perfscore.DataError) as info:
        perfscore.read_data(path)
    assert str(info.value) == "1 problem(s) in evaluation data\n  - 预算: given twice, as 100 and as 120"
    path.write_text('{"预算": 100, "预算": 100}', "utf-8")
    assert perfscore.read_data(path) == {"预算": 100}
    toml = tmp_path / "d.toml"
    toml.write_text('"预算" = 100\n"预算" = 120\n', "utf-8")
    with pytest.raises(perfscore.DataError) as info:
        perfscore.read_data(toml)
    assert str(info.value).endswith(f"{toml}: invalid TOML: a name is given twice (at line 2, column 11); 预算 is given above already: keep one")


def test_a_zero_denominator_at_run_time_names_the_indicator_and_the_formula() -> None:
    """The checker refuses a division that can be zero; the evaluator still guards against one."""
    text = "总分 3\n输入 a 数值\n输入 b 数值\n指标 A1 甲 3 {\n  目标 1\n  实际 = a / b\n  按比例\n}\n"
    assert "divides by b, which can be 0" in rubric_error(text)
    unchecked = perfscore.Rubric(perfscore.parse(text), perfscore.rubric.Source("r.perf", text), [])
    with pytest.raises(perfscore.EvaluationError) as info:
        unchecked.evaluate({"a": 1, "b": 0}, language="en")
    assert str(info.value) == "A1: division by zero while scoring (proportional; actual = a / b; target 1)"


def test_evaluation_never_mutates_the_callers_data() -> None:
    data = {**GOOD, "调整": {"A3": {"score": 1, "reason": "评价组认定"}}}
    before = copy.deepcopy(data)
    RUBRIC.evaluate(data)
    assert data == before
    assert json.dumps(data, ensure_ascii=False) == json.dumps(before, ensure_ascii=False)


# ---------------------------------------------------------------- found by hardening probes


def test_rubric_bytes_are_decoded_like_a_file_and_other_types_refused() -> None:
    assert perfscore.compile(OK.encode(), language="en").codes == ("A1",)
    with pytest.raises(perfscore.ParseError) as info:
        perfscore.compile(OK.encode("gbk"), "r.perf", language="en")
    assert info.value.diagnostics[0].message == "the file is GBK (GB18030) text, not UTF-8 (line 1, byte 0)"
    with pytest.raises(perfscore.ArgumentError, match=r"perfscore.compile\(\) takes the rubric text as str or bytes, not NoneType"):
        perfscore.compile(None, language="en")  # type: ignore[arg-type]


def test_lone_carriage_returns_end_lines_and_other_separators_do_not_shift_the_excerpt() -> None:
    assert rubric_error("总分 3\r指标 A1 甲 3 {\r  达标 x\r}\r") == (
        "r.perf:3:6: error: unexpected 'x'; expected end of line, }\n      达标 x\n           ^")
    # U+2028 and form feed are not line breaks for the parser, so not for the excerpt either.
    assert rubric_error("# a\u2028b\x0cc\n总分 3\n指标 A1 甲 3 {\n  达标 x\n}\n") == (
        "r.perf:4:6: error: unexpected 'x'; expected end of line, }\n      达标 x\n           ^")


def test_rubric_numbers_have_at_most_20_digits_each_side_of_the_point() -> None:
    assert rubric_error("总分 3\n指标 A1 甲 1.000000000000000000001 {\n  达标\n}\n") == (
        "r.perf:2:9: error: the number 1.000000000000000000001 has more than 20 digits before or after its decimal "
        "point\n"
        "    指标 A1 甲 1.000000000000000000001 {\n"
        "               ^^^^^^^^^^^^^^^^^^^^^^^\n"
        "    hint: round it: rubric numbers are weights, targets and edges")
    assert "the number 9999999999…999999 (100000 digits) has more" in rubric_error(f"总分 {'9' * 100_000}\n" + OK[5:])


def test_rounding_places_are_bounded() -> None:
    assert rubric_error("总分 3\n保留 99999999 位\n指标 A1 甲 3 {\n  达标\n}\n") == (
        "r.perf:2:4: error: rounding places must be a whole number from 0 to 20, not 99999999\n"
        "    保留 99999999 位\n"
        "         ^^^^^^^^\n"
        "    hint: scores are usually kept to 2 places: `保留 2 位`")
    assert "round() in the actual of A1 needs a whole number of places from 0 to 20, like 2" in rubric_error(
        "总分 3\n输入 a 数值\n指标 A1 甲 3 {\n  目标 1\n  实际 = round(a / 3, 100)\n  按比例\n}\n")


def test_rubric_arithmetic_ignores_the_callers_decimal_context() -> None:
    import decimal

    with decimal.localcontext(decimal.Context(prec=3)):
        rubric = perfscore.compile("总分 3\n指标 A1 甲 1.2345 {\n  达标\n}\n指标 A2 乙 1.7655 {\n  达标\n}\n", language="en")
        assert rubric.evaluate({"A1": True, "A2": True}).total == Decimal("3.00")


def test_a_result_beyond_the_context_is_named_not_called_a_division_by_zero() -> None:
    rubric = perfscore.compile("总分 3\n输入 a 数值\n计算 m = a * a * a * a\n指标 A1 甲 3 {\n  目标 1\n"
                               "  实际 = round(m, 20)\n  按比例\n}\n", "r.perf", language="en")  # fmt: skip
    with pytest.raises(perfscore.EvaluationError) as info:
        rubric.evaluate({"a": "1e39"})
    assert str(info.value) == ("A1: a number too large to keep exact (over 60 digits) while scoring "
                               "(proportional; actual = round(m, 20); target 1)")  # fmt: skip


OUT_OF_RANGE = "is out of range: measured values are below 10^40 and above 10^-40"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (10**44 + 1, f"1000000000…000001 (45 characters) {OUT_OF_RANGE}"),
        (10**5000, f"1000000000…000000 (5001 characters) {OUT_OF_RANGE}"),
        (Decimal("1E+300"), f"1E+300 {OUT_OF_RANGE}"),
        (Decimal("1." + "0" * 45 + "1"), "1.00000000…000001 (48 characters) has more than 40 significant digits; round it first"),
        ("x" * 10_000, "'xxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxx' is not a number"),
    ],
    ids=["int-45-digits", "int-5001-digits", "decimal-1e300", "decimal-47-digits", "text-10000-chars"],
)
def test_wide_integers_and_decimals_get_the_same_checks_as_text(value: Any, message: str) -> None:
    """Python ints and the Decimals read from data files once skipped the range and digit checks."""
    assert data_error({**GOOD, "预算": value}) == f"1 problem(s) in evaluation data\n  - A1 / 预算: {message}"


def test_absurd_data_files_are_data_errors(tmp_path: Path) -> None:
    def read(name: str, text: str) -> str:
        path = tmp_path / name
        path.write_text(text, "utf-8")
        with pytest.raises(perfscore.DataError) as info:
            RUBRIC.evaluate(perfscore.read_data(path))
        return str(info.value).replace(str(path), name)

    assert read("big.json", '{"预算": ' + "9" * 5000 + ', "支出": 1}').startswith(
        "4 problem(s) in evaluation data\n  - A1 / 预算: 9999999999…999999 (5000 characters) is out of range: measured values are below 10^40 and "
        "above 10^-40")
    assert read("big.toml", '"预算" = ' + "9" * 5000 + "\n") == (
        "1 problem(s) in evaluation data\n  - big.toml: invalid TOML: a number has thousands of digits")
    deep = "lists or tables are nested hundreds of levels deep; evaluation data is a flat table of name → value"
    assert read("deep.json", '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}") == (
        f"1 problem(s) in evaluation data\n  - deep.json: {deep}")
    assert read("deep.toml", "a = " + "[" * 100_000 + "]" * 100_000 + "\n") == (
        f"1 problem(s) in evaluation data\n  - deep.toml: {deep}")


def test_messages_show_huge_or_deep_values_shortly() -> None:
    nested: list[Any] = []
    inner = nested
    for _ in range(100_000):
        inner.append([])
        inner = inner[0]
    assert data_error({**GOOD, "A4": nested}) == (
        "1 problem(s) in evaluation data\n  - A4 / A4: expected a table of items (有制度、有执行), got [[[[...]]]]")


def test_thousands_of_unknown_names_stay_fast() -> None:
    """Suggestions ('did you mean') have a budget: a file full of unknown names is not quadratic."""
    count = 2500  # about 230 KB, inside the default size limit
    text = f"总分 {count}\n" + "".join(f"输入 x{k} 数值\n指标 A{k} 甲 1 {{\n  目标 1\n  实际 = min(xx{k}, 1)\n  按比例\n}}\n"
                                     for k in range(count))  # fmt: skip
    started = time.perf_counter()
    with pytest.raises(perfscore.CheckError) as info:
        perfscore.compile(text, language="en")
    assert len(info.value.diagnostics) == count
    assert info.value.diagnostics[0].hint == "did you mean x0?"  # the first ones still get a suggestion
    rubric = perfscore.compile(text.replace("min(xx", "min(x"), language="en")
    data = {**{f"x{k}": 1 for k in range(count)}, **{f"z{k}": 1 for k in range(count)}}
    assert len(rubric.evaluate(data).warnings) == count
    assert time.perf_counter() - started < 15

"""Evaluation data: every problem reported at once, exact conversions, nothing mutated."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest

import perfscore
from perfscore.rubric import Rubric
from perfscore.source import Source

RUBRIC = """
总分 10
输入 预算数 金额 > 0
输入 决算数 金额
计算 执行率 = 决算数 / 预算数
指标 A1 执行率 4 {
  目标 100%
  实际 = 执行率
  按比例
}
指标 A2 公开 3 {
  清单 {
    内容 50%
    时限 50%
  }
}
指标 A3 服务水平 3 {
  定性 {
    明显提升：100%
    有所提升：50%
    未提升：0%
  }
}
"""

GOOD = {"预算数": Decimal("100"), "决算数": Decimal("80"), "A2": {"内容": True, "时限": False}, "A3": "有所提升"}


@pytest.fixture(scope="module")
def rubric() -> perfscore.Rubric:
    return perfscore.compile(RUBRIC, "t.perf", language="en")


def test_good_data(rubric: perfscore.Rubric) -> None:
    result = rubric.evaluate(GOOD)
    assert [result[c].score for c in ("A1", "A2", "A3")] == [Decimal("3.20"), Decimal("1.50"), Decimal("1.5")]
    assert result.total == Decimal("6.20")


def test_every_problem_is_listed_at_once(rubric: perfscore.Rubric) -> None:
    bad = {"预算数": "0", "决算数": "八十", "A2": {"内容": True, "时效": True}, "A3": "有所提高"}
    with pytest.raises(perfscore.DataError) as info:
        rubric.evaluate(bad)
    assert [str(p) for p in info.value.problems] == [
        "A1 / 预算数: 0 is outside the declared domain > 0",
        "A1 / 决算数: '八十' is not a number",
        "A2 / A2: item '时限' is missing; item '时效' is not declared; did you mean '时限'?",
        "A3 / A3: '有所提高' is not a declared level (明显提升、有所提升、未提升); did you mean '有所提升'?",
    ]


def test_missing_inputs_are_all_named(rubric: perfscore.Rubric) -> None:
    with pytest.raises(perfscore.DataError) as info:
        rubric.evaluate({})
    assert [(p.indicator, p.input, p.message) for p in info.value.problems] == [
        ("A1", "预算数", "missing"),
        ("A1", "决算数", "missing"),
        ("A2", "A2", "missing"),
        ("A3", "A3", "missing"),
    ]


def test_unknown_inputs_are_warnings(rubric: perfscore.Rubric) -> None:
    result = rubric.evaluate({**GOOD, "预算": 1})
    assert result.warnings == ("unknown input '预算' ignored; did you mean '预算数'?",)


def test_floats_go_through_their_shortest_repr(rubric: perfscore.Rubric) -> None:
    """0.1 + 0.2 style noise never enters: 80.1 is 80.1, not 80.099999999999994315658113919198513031005859375."""
    result = rubric.evaluate({**GOOD, "决算数": 80.1})
    assert result.inputs["决算数"] == Decimal("80.1")
    assert result["A1"].actual == Decimal("0.801")


@pytest.mark.parametrize("value", ["NaN", "Infinity", float("nan"), float("inf"), True])
def test_non_numbers_are_refused(rubric: perfscore.Rubric, value: object) -> None:
    with pytest.raises(perfscore.DataError):
        rubric.evaluate({**GOOD, "决算数": value})


def test_negative_zero_reads_as_zero(rubric: perfscore.Rubric) -> None:
    assert str(rubric.evaluate({**GOOD, "决算数": Decimal("-0")}).inputs["决算数"]) == "0"


def test_a_percentage_for_an_amount_is_refused(rubric: perfscore.Rubric) -> None:
    with pytest.raises(perfscore.DataError) as info:
        rubric.evaluate({**GOOD, "决算数": "80%"})
    assert "is a percentage where an amount or a number is expected" in str(info.value)


def test_the_callers_data_is_not_mutated(rubric: perfscore.Rubric) -> None:
    data = copy.deepcopy(GOOD)
    rubric.evaluate(data)
    assert data == GOOD


def test_toml_and_json_files_read_as_decimals(rubric: perfscore.Rubric, tmp_path: Path) -> None:
    toml = tmp_path / "d.toml"
    toml.write_text('"预算数" = 100.0\n"决算数" = 80.1\nA3 = "未提升"\nA2 = { "内容" = true, "时限" = "50%" }\n', "utf-8")
    json_file = tmp_path / "d.json"
    json_file.write_text('{"预算数": 100.0, "决算数": 80.1, "A3": "未提升", "A2": {"内容": true, "时限": "50%"}}', "utf-8")
    for path in (toml, json_file):
        result = rubric.evaluate(path)
        assert type(result.inputs["决算数"]) is Decimal
        assert result["A1"].actual == Decimal("0.801")
        assert result["A2"].score == Decimal("2.25")


def test_unreadable_data_files(tmp_path: Path, rubric: perfscore.Rubric) -> None:
    gbk = tmp_path / "d.toml"
    gbk.write_bytes('"预算数" = 1'.encode("gbk"))
    with pytest.raises(perfscore.DataError, match=r"the file is GBK \(GB18030\) text, not UTF-8 \(line 1, byte 3\); re-encode it as UTF-8"):
        rubric.evaluate(gbk)
    with pytest.raises(perfscore.DataError, match="unknown data format .csv"):
        rubric.evaluate(tmp_path / "d.csv")
    (tmp_path / "e.json").write_text('{"预算数": NaN}', "utf-8")
    with pytest.raises(perfscore.DataError, match="NaN is not a measured value"):
        rubric.evaluate(tmp_path / "e.json")


def test_division_by_zero_at_run_time_names_the_metric() -> None:
    """The checker refuses `a / (b - 1)`; should such a rubric get through, evaluation still fails cleanly."""
    text = "总分 1\n输入 a 金额\n输入 b 金额 > 0\n计算 r = a / (b - 1)\n指标 A1 甲 1 {\n 目标 100%\n 实际 = r\n 按比例\n}\n"
    with pytest.raises(perfscore.CheckError, match="metric r divides by b - 1, which can be 0"):
        perfscore.compile(text, language="en")
    rubric = Rubric(perfscore.parse(text), Source("<rubric>", text), [])
    with pytest.raises(perfscore.EvaluationError) as info:
        rubric.evaluate({"a": 1, "b": 1}, language="en")
    assert str(info.value) == "metric r = a / (b - 1) divides by zero"
    assert info.value.format("zh") == "计算项 r = a / (b - 1)：除数为 0"


def test_unknown_code_is_a_perfscore_error_and_a_key_error(rubric: perfscore.Rubric) -> None:
    result = rubric.evaluate(GOOD)
    with pytest.raises(perfscore.UnknownCodeError, match="no node 'A4' in this rubric; did you mean 'A[123]'"):
        result["A4"]
    with pytest.raises(KeyError):
        result["A4"]
    assert "A4" not in result and "A1" in result

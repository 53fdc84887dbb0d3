"""Every data reader's refusal path, with its message (issue 15): a wrong value is never scored.

Through the public API only: Rubric.evaluate and perfscore.read_data.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

import perfscore

RUBRIC = """
总分 10
输入 决算数 金额
输入 次数 数量
输入 满意 比率
问卷 调查 {
  选项 满意 100%，一般 60%，不满意 0%
  题目 q1
}
一票否决 重大事故 总分为零
指标 A 甲 4 {
  达标
  不适用时 满分
}
指标 C 丙 0.5 {
  目标 10
  实际 = 决算数 + 次数
  按比例
}
指标 B 乙 5.5 {
  目标 100%
  实际 = 满意 * 调查
  按比例
}
"""
GOOD: dict[str, Any] = {"决算数": 5, "次数": 2, "满意": "90%", "调查": {"q1": [1, 1, 0]}, "A": True}
AMBIGUOUS = ('{n} is ambiguous for a percentage: write "{n}%" for {n} percent, or {f} for the fraction; '
             "a bare number is a fraction between -1 and 1")  # fmt: skip
Q1 = "item 'q1': "


@pytest.fixture(scope="module")
def rubric() -> perfscore.Rubric:
    return perfscore.compile(RUBRIC, language="en")


def test_the_good_data_scores(rubric: perfscore.Rubric) -> None:
    # A 4; C: 0.5 × 7/10 = 0.35; B: 90% × (1×100% + 1×60%)/2 = 0.9 × 0.8 = 0.72, × 5.5 = 3.96. 4 + 0.35 + 3.96 = 8.31.
    assert rubric.evaluate(GOOD).total == D("8.31")


@pytest.mark.parametrize(("change", "where", "message"), [
    ({"满意": 95.5}, ("B", "满意"), AMBIGUOUS.format(n="95.5", f="0.955")),
    ({"满意": "95.5"}, ("B", "满意"), AMBIGUOUS.format(n="95.5", f="0.955")),
    # under 10, Excel's way of storing a percentage (150% as 1.5) is offered too (issue 12)
    ({"满意": 1.5}, ("B", "满意"), AMBIGUOUS.replace(" percent,", ' percent, "150%" if it is Excel\'s 150% (stored as 1.5),')
     .format(n="1.5", f="0.015")),
    ({"满意": True}, ("B", "满意"), "true/false where a number is expected"),
    ({"满意": "95%%"}, ("B", "满意"), "'95%%' is not a number"),
    ({"A": "也许"}, ("A", "A"), "'也许' is not yes or no: write true/false, 是/否, 符合/不符合, 达标/未达标, 有/无 or √/×"),
    ({"A": 1}, ("A", "A"), "1 is not yes or no: write true/false, 是/否, 符合/不符合, 达标/未达标, 有/无 or √/×"),
    ({"决算数": -1}, ("C", "决算数"), "-1 is outside the declared domain ≥ 0"),
    ({"次数": 2.5}, ("C", "次数"), "a count must be a whole number, not 2.5"),
    ({"次数": "2.5"}, ("C", "次数"), "a count must be a whole number, not 2.5"),
    ({"调查": {"q1": [1, 1]}}, (None, "调查"), Q1 + "expected 3 answer counts (满意、一般、不满意)"),
    ({"调查": {"q1": [1, 1, 0, 2]}}, (None, "调查"), Q1 + "expected 3 answer counts (满意、一般、不满意)"),
    ({"调查": {"q1": [-1, 1, 0]}}, (None, "调查"), Q1 + "-1 is outside the declared domain ≥ 0"),
    ({"调查": {"q1": [0, 0, 0]}}, (None, "调查"), Q1 + "no answers"),
    ({"调查": {"q2": [1, 1, 0]}}, (None, "调查"), "item 'q1' is missing; item 'q2' is not declared; did you mean 'q1'?"),
    ({"vetoes": ["重大事古"]}, (None, "vetoes"), "'重大事古' is not a declared veto item"),
    ({"vetoes": "重大事故"}, (None, "vetoes"),
     'must be a list of the veto items that happened, e.g. ["重大安全事故"], not \'重大事故\''),
    ({"not_applicable": ["Z9"]}, (None, "not_applicable"), "'Z9' is not an indicator of this rubric"),
    ({"not_applicable": ["B"]}, ("B", "not_applicable"),
     "the rubric does not say how to treat it when not applicable (add 不适用时 满分/折算/分配给同级)"),
])  # fmt: skip
def test_each_bad_value_is_refused_naming_it(
    rubric: perfscore.Rubric, change: dict[str, Any], where: tuple[str | None, str], message: str
) -> None:
    with pytest.raises(perfscore.DataError) as caught:
        rubric.evaluate(GOOD | change)
    assert [(p.indicator, p.input, p.message) for p in caught.value.problems] == [(*where, message)]


@pytest.mark.parametrize(("value", "score"), [(False, "0.00"), ("否", "0.00"), ("是", "4.00"), (True, "4.00")])
def test_yes_and_no_in_chinese_read_as_booleans(rubric: perfscore.Rubric, value: Any, score: str) -> None:
    assert rubric.evaluate(GOOD | {"A": value})["A"].score == D(score)


def test_a_vetoed_total_is_zero_and_an_unlisted_veto_changes_nothing(rubric: perfscore.Rubric) -> None:
    assert rubric.evaluate(GOOD | {"vetoes": ["重大事故"]}).total == D("0.00")
    assert rubric.evaluate(GOOD | {"vetoes": []}).total == D("8.31")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("dup.toml", "a = 1\na = 2\n", "dup.toml: invalid TOML: a name is given twice (at line 2, column 6); a is given above already: keep one"),
    ("list.json", "[1, 2]", "list.json: the top level must be an object of name → value"),
    ("bad.json", '{"a": 1,}', "bad.json:1:9: invalid JSON: Expecting property name enclosed in double quotes"),
    ("bad.toml", "a = \n", "bad.toml: invalid TOML: Invalid value (at line 1, column 5)"),
    ("data.yaml", "a: 1", "data.yaml: unknown data format .yaml; use .toml or .json"),
    ("dup.json", '{"a": 1, "a": 2}', "given twice, as 1 and as 2"),
])  # fmt: skip
def test_read_data_refuses_each_malformed_file(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(perfscore.DataError) as caught:
        perfscore.read_data(path)
    assert [p.message.replace(str(tmp_path) + "/", "") for p in caught.value.problems] == [message]


def test_read_data_keeps_decimals_exact(tmp_path: Path) -> None:
    (tmp_path / "d.json").write_text('{"a": 0.1, "b": "95%"}', encoding="utf-8")
    (tmp_path / "d.toml").write_text('a = 0.1\nb = "95%"\n', encoding="utf-8")
    assert perfscore.read_data(tmp_path / "d.json") == {"a": D("0.1"), "b": "95%"}
    assert perfscore.read_data(tmp_path / "d.toml") == {"a": D("0.1"), "b": "95%"}

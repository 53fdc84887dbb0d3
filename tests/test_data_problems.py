"""Data problems (issue 12, item 4): each has a stable code, a severity, the path into the data, the shape
expected there, to_dict() for a web service, and a message in Chinese or English (the rubric's by default)."""

from __future__ import annotations

import json
import pickle

import pytest

import perfscore
from perfscore import DataError, DataProblem

RUBRIC = """\
总分 10
输入 预算数 金额 > 0
输入 决算数 金额
指标 A1 执行率 4 {
  目标 100%
  实际 = 决算数 / 预算数
  按比例
}
指标 A11 工作质量 3 {
  定性 {
    达成：80%~100%
    未达成：0%
  }
}
指标 A3 公开 3 {
  清单 {
    内容 50%
    时限 50%
  }
}
"""


def _problems(data: dict[str, object], language: str | None = None) -> DataError:
    rubric = perfscore.compile(RUBRIC, "r.perf")
    with pytest.raises(DataError) as info:
        rubric.evaluate(data, language=language)  # type: ignore[arg-type]
    return info.value


def test_a_missing_range_level_says_it_needs_a_level_and_a_score() -> None:
    """The issue's `A11 / A11: missing`: the shape the data lacks is named, in the rubric's language."""
    error = _problems({"预算数": 100, "决算数": 90, "A3": {"内容": True, "时限": True}})
    (problem,) = error.problems
    assert (problem.code, problem.severity, problem.path, problem.indicator) == ("data.missing", "error", (), "A11")
    assert str(error) == "评价数据中有 1 个问题\n  - A11 / A11: 缺少数据，应为表 {level, score}，或未达成 之一"
    assert error.format("en") == ("1 problem(s) in evaluation data\n"
                                  "  - A11 / A11: missing: expected {level, score}, or one of the levels 未达成")
    assert problem.to_dict() == {"code": "data.missing", "severity": "error", "message": "缺少数据", "path": ["A11"],
                                 "indicator": "A11", "input": "A11", "expected": "表 {level, score}，或未达成 之一"}
    assert problem.to_dict("en")["expected"] == "{level, score}, or one of the levels 未达成"


def test_a_table_where_a_number_is_expected_says_which_number() -> None:
    """The issue's `dict {} where a number is expected`: the input's declared kind is the expected shape."""
    error = _problems({"预算数": {}, "决算数": 90, "A11": {"level": "未达成"}, "A3": {"内容": True, "时限": True}},
                      language="en")  # fmt: skip
    (problem,) = error.problems
    assert problem.format() == "A1 / 预算数: dict {} where a number is expected"
    assert (problem.code, problem.input, problem.to_dict()["expected"]) == ("data.invalid", "预算数", "an amount")
    assert problem.format("zh") == "A1 / 预算数: 这里应为数字，给的是 dict {}"


def test_codes_and_paths_of_the_reserved_tables() -> None:
    error = _problems({"预算数": 100, "决算数": 90, "A11": {"level": "未达成"}, "A3": {"内容": True, "时限": True},
                       "overrides": {"A1": {"score": 9, "reason": "复核"}, "A9": {"score": 1, "reason": "x"}},
                       "not_applicable": ["A3", 5], "vetoes": "重大事故"}, language="en")  # fmt: skip
    found = [(p.code, tuple(p.to_dict()["path"]), p.message) for p in error.problems]
    assert found == [
        ("data.not-applicable", ("not_applicable",), ("the rubric does not say how to treat it when not applicable "
                                                      "(add 不适用时 满分/折算/分配给同级)")),
        ("data.not-applicable", ("not_applicable",), "each entry must be an indicator code (text), not 5"),
        ("data.overrides", ("overrides", "A1", "score"), "override score 9 is outside [0, 4]"),
        ("data.overrides", ("overrides", "A9"), "'A9' is not an indicator of this rubric; did you mean 'A3'?"),
        ("data.vetoes", ("vetoes",), "must be a list of the veto items that happened, e.g. [\"重大安全事故\"], not '重大事故'"),
    ]  # fmt: skip
    assert error.problems[-1].to_dict()["expected"] == "a list of the veto items that happened"


def test_in_chinese_by_default_for_a_chinese_rubric() -> None:
    error = _problems({"预算数": 100, "决算数": "abc", "A11": {"level": "达成"}, "A3": {"内容": "也许", "时限": True}})
    assert str(error) == ("评价数据中有 3 个问题\n"
                          "  - A1 / 决算数: 'abc' 不是数字\n"
                          "  - A11 / A11: 等级 '达成' 的得分是区间：请给 {level = …, score = …}\n"
                          "  - A3 / A3: 项目 '内容'：'也许' 不是“是/否”，也不是 0 到 1 之间的比例")  # fmt: skip


def test_a_language_chosen_at_compile_carries_to_the_data_problems() -> None:
    rubric = perfscore.compile(RUBRIC, "r.perf", language="en")
    with pytest.raises(DataError) as info:
        rubric.evaluate({})
    assert str(info.value).startswith("4 problem(s) in evaluation data\n  - A1 / 预算数: missing: expected an amount\n")


def test_data_problems_are_json_and_pickle() -> None:
    error = _problems({})
    json.dumps([p.to_dict() for p in error.problems], ensure_ascii=False)
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error) and again.problems == error.problems


def test_a_problem_built_by_hand_is_english_and_data_invalid() -> None:
    problem = DataProblem("something odd", input="x")
    assert (problem.code, problem.severity, str(problem), problem.to_dict()["path"]) == ("data.invalid", "error",
                                                                                         "x: something odd", ["x"])


def test_every_data_problem_code_is_documented() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    used = set(re.findall(r'code="(data\.[a-z.-]+)"', "\n".join(p.read_text("utf-8") for p in (root / "src").rglob("*.py"))))
    page = (root / "docs" / "diagnostics.md").read_text("utf-8")
    assert {code for code in used if f"`{code}`" not in page} == set()

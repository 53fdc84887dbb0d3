"""Test cases written in the rubric author's terms: given these inputs, expect these scores.

A rubric ``name.perf`` keeps its cases beside it in ``name.tests.toml``::

    [[case]]
    name = "报告数据"
    data = "data.toml"              # a data file beside the cases, or an inline [case.data] table
    set = { "决算数" = 15046.5 }      # optional: values replacing the data's
    expect = { total = "80.85", grade = "良", B22 = "1.35" }
    explain = { B22 = "四舍五入为 11" }   # optional: words the explanation must contain
"""

from __future__ import annotations

import tomllib
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs

from .data import read_data
from .errors import DataError, DataProblem, EvaluationError
from .rubric import Rubric


@attrs.frozen
class Failure:
    """One expectation that did not hold."""

    case: str
    what: str  # "total", "grade", a node code, or "data"
    expected: str
    computed: str
    explanation: str = ""


def cases_path(rubric_path: Path) -> Path:
    """Where a rubric's cases live: ``name.perf`` → ``name.tests.toml``."""
    return rubric_path.with_name(rubric_path.stem + ".tests.toml")


def read_cases(path: Path) -> list[dict[str, Any]]:
    try:
        document = tomllib.loads(path.read_text("utf-8"), parse_float=Decimal)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError([DataProblem(f"cannot read test cases {path}: {exc}")]) from None
    cases = document.get("case", [])
    if not isinstance(cases, list) or not all(isinstance(c, dict) for c in cases):
        raise DataError([DataProblem(f"{path}: write each case as a [[case]] table")])
    return cases


def run_cases(rubric: Rubric, path: Path) -> tuple[int, list[Failure]]:
    """Run every case of a file; return how many ran and every failure, case by case."""
    failures: list[Failure] = []
    cases = read_cases(path)
    for number, case in enumerate(cases, 1):
        name = str(case.get("name", f"case {number}"))
        try:
            data = case["data"]
            values = read_data(path.parent / data) if isinstance(data, str) else dict(data)
            values.update(case.get("set", {}))
            result = rubric.evaluate(values)
        except KeyError:
            failures.append(Failure(name, "data", "a `data` file or table", "none"))
            continue
        except (DataError, EvaluationError) as exc:
            failures.append(Failure(name, "data", "data that evaluates", str(exc)))
            continue
        for key, expected in dict(case.get("expect", {})).items():
            if key == "grade":
                computed: Any = result.grade
                if computed != expected:
                    failures.append(Failure(name, key, str(expected), str(computed), result.explain()))
                continue
            if key == "total":
                computed, explanation = result.total, ""
            elif key in result:
                computed, explanation = result[key].score, result.explain(key)
            else:
                failures.append(Failure(name, key, str(expected), "no such node"))
                continue
            try:
                equal = Decimal(str(expected)) == computed
            except InvalidOperation:
                equal = False
            if not equal:
                failures.append(Failure(name, key, str(expected), str(computed), explanation))
        for key, words in dict(case.get("explain", {})).items():
            text = result.explain(key) if key in result else ""
            if str(words) not in text:
                failures.append(Failure(name, f"{key} explanation", f"contains {words!r}", text or "no such node"))
    return len(cases), failures

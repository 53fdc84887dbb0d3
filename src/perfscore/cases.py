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
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from .data import read_data
from .errors import DataError, DataProblem, EvaluationError
from .files import CASES, DATA_MAX_BYTES, data_refusal, decode, problems_in, read_file, toml_problem
from .messages import Message, msg
from .numbers import NotANumber, shown, to_decimal
from .rubric import Rubric


@attrs.frozen
class Failure:
    """One expectation that did not hold."""

    case: str | Message  # its name, or "case 2" for a case without one
    what: str | Message  # "total", "grade", a node code, or "data"
    expected: str | Message
    computed: str | Message
    explanation: str = ""


def cases_path(rubric_path: Path) -> Path:
    """Where a rubric's cases live: ``name.perf`` → ``name.tests.toml``."""
    return rubric_path.with_name(rubric_path.stem + ".tests.toml")


#: The fields of a case, and what each holds.
FIELDS = ("name", "data", "set", "expect", "explain")


@problems_in(CASES)
def read_cases(path: Path) -> list[dict[str, Any]]:
    """The cases of a file, each checked field by field: a DataError names the case and the field."""
    refuse = data_refusal(path)
    text = decode(read_file(path, CASES, DATA_MAX_BYTES, refuse), CASES, refuse)
    try:
        document = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise DataError([toml_problem(path, text, exc)]) from None
    except RecursionError:
        raise DataError([DataProblem(msg("cases.deep", path=path))]) from None
    except ValueError as exc:  # int() of a number thousands of digits long
        why = msg("data.file.long-number") if "integer string conversion" in str(exc) else str(exc)
        raise DataError([DataProblem(msg("data.file.toml", file=path, why=why))]) from None
    problems = [DataProblem(msg("cases.unknown-top", path=path, key=shown(key))) for key in document if key != "case"]
    cases = document.get("case", [])
    if not isinstance(cases, list) or not all(isinstance(c, dict) for c in cases):
        raise DataError([DataProblem(msg("cases.not-tables", path=path))])
    if not cases and not problems:
        problems.append(DataProblem(msg("cases.none", path=path)))
    for number, case in enumerate(cases, 1):
        problems.extend(DataProblem(msg("cases.problem", path=path, case=_label(case, number), problem=problem))
                        for problem in _case_problems(case))  # fmt: skip
    if problems:
        raise DataError(problems)
    return cases


def _label(case: dict[str, Any], number: int) -> Message:
    name = case.get("name")
    return msg("cases.case-named", number=number, name=shown(name)) if isinstance(name, str) else msg("cases.case", number=number)


def _case_problems(case: dict[str, Any]) -> list[Message]:
    """What is wrong with one case, field by field; an empty list when it can run."""
    problems = [msg("cases.unknown-field", key=shown(key), fields=FIELDS) for key in case if key not in FIELDS]
    if "name" in case and not isinstance(case["name"], str):
        problems.append(msg("cases.name-text", value=shown(case["name"])))
    if "data" not in case:
        problems.append(msg("cases.data-missing"))
    elif not isinstance(case["data"], (str, dict)) or case["data"] == "":
        problems.append(msg("cases.data-kind", value=shown(case["data"])))
    for field in ("set", "expect", "explain"):
        if field in case and not isinstance(case[field], dict):
            problems.append(msg("cases.table", field=field, value=shown(case[field])))
    for key, expected in case.get("expect", {}).items() if isinstance(case.get("expect"), dict) else ():
        if key == "grade":
            if not isinstance(expected, str):
                problems.append(msg("cases.grade-text", value=shown(expected)))
            continue
        try:
            if isinstance(expected, bool) or not isinstance(expected, (str, int, Decimal)):
                raise NotANumber(msg("data.not-a-number", value=shown(expected)))
            to_decimal(expected)
        except NotANumber as exc:
            problems.append(msg("cases.expect-number", key=key, why=exc.text))
    for key, words in case.get("explain", {}).items() if isinstance(case.get("explain"), dict) else ():
        if not isinstance(words, str):
            problems.append(msg("cases.explain-text", key=key, value=shown(words)))
    return problems


def run_cases(rubric: Rubric, path: Path) -> tuple[int, list[Failure]]:
    """Run every case of a file; return how many ran and every failure, case by case."""
    failures: list[Failure] = []
    try:
        cases = read_cases(path)
    except DataError as exc:  # read before the rubric was known: worded now in its language
        raise exc.in_language(rubric.language) from None
    for number, case in enumerate(cases, 1):
        name = case.get("name", msg("cases.case", number=number))
        data = case["data"]
        try:
            values = read_data(path.parent / data) if isinstance(data, str) else dict(data)
            values.update(case.get("set", {}))
            result = rubric.evaluate(values)
        except (DataError, EvaluationError) as exc:
            failures.append(Failure(name, "data", msg("cases.fail.data"), exc.format(rubric.language)))
            continue
        for key, expected in case.get("expect", {}).items():
            if key == "grade":
                if result.grade != expected:
                    failures.append(Failure(name, key, expected, str(result.grade), result.explain()))
                continue
            if key == "total":
                computed, explanation = result.total, ""
            elif key in result:
                computed, explanation = result[key].score, result.explain(key)
            else:
                failures.append(Failure(name, key, str(expected), msg("cases.fail.no-node")))
                continue
            if to_decimal(expected) != computed:
                failures.append(Failure(name, key, str(expected), str(computed), explanation))
        for key, words in case.get("explain", {}).items():
            text = result.explain(key) if key in result else ""
            if words not in text:
                failures.append(Failure(name, msg("cases.fail.explanation", code=key), msg("cases.fail.contains", words=repr(words)),
                                        text or msg("cases.fail.no-node")))  # fmt: skip
    return len(cases), failures

"""Every public entry point refuses the wrong kind of argument with a perfscore ArgumentError (also a TypeError)
that names the argument, never a bare TypeError, KeyError, AttributeError or StopIteration from inside (a
new-user run from the README, 2026-12-06, found six that escaped)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import perfscore

RUBRIC = perfscore.compile("总分 10\n指标 A1 甲 10 {\n 达标\n}\n", language="en")
RESULT = RUBRIC.evaluate({"A1": True})


@pytest.mark.parametrize(("call", "said"), [
    (lambda: RESULT[0], "result[…] takes an indicator's code (a str), not int"),  # was TypeError
    (lambda: RESULT[None], "result[…] takes an indicator's code (a str), not NoneType"),
    (lambda: RESULT.explain("A1", language="fr"), "language= takes 'zh' or 'en', not 'fr'"),  # was KeyError
    (lambda: RESULT["A1"].explanation.text("EN"), "language= takes 'zh' or 'en', not 'EN'"),  # type: ignore[arg-type]
    (lambda: RESULT.survey("满意度"), "no survey named '满意度'; the rubric's surveys: (none)"),  # was StopIteration
    (lambda: perfscore.audit(RUBRIC, {"A1": True}, None),  # type: ignore[arg-type]  # was AttributeError
     "perfscore.audit() takes the published figures as a mapping, a file path or what read_reported() gives, not "
     "NoneType"),
    (lambda: perfscore.audit(None, {"A1": True}, {}), "perfscore.audit() takes a rubric from perfscore.compile(), not "  # type: ignore[arg-type]
     "NoneType"),
    (lambda: perfscore.audit(RUBRIC, {"A1": True}, {}, "x"), "settings= takes a perfscore.AuditSettings(…), not str"),  # type: ignore[arg-type]
    (lambda: perfscore.compile("总分 10\n", limits="x"), "limits= takes a perfscore.Limits(…), not str"),  # type: ignore[arg-type]
    (lambda: perfscore.parse(5), "perfscore.parse() takes the rubric text as a str, not int"),  # type: ignore[arg-type]
    (lambda: perfscore.parse("总分 10\n", language="fr"), "language= takes 'zh' or 'en', not 'fr'"),  # type: ignore[arg-type]
    (lambda: perfscore.Limits(max_nodes=-1), "Limits(max_nodes=…) takes a whole number of at least 1, not -1"),
    (lambda: perfscore.Limits(max_bytes=0), "Limits(max_bytes=…) takes a whole number of at least 1, not 0"),
    (lambda: perfscore.Limits(max_operators=True), "Limits(max_operators=…) takes a whole number of at least 1, not True"),
    (lambda: perfscore.Limits(max_depth="9"), "Limits(max_depth=…) takes a whole number of at least 1, not '9'"),  # type: ignore[arg-type]
])  # fmt: skip
def test_a_wrong_argument_is_an_argument_error_naming_it(call: Callable[[], Any], said: str) -> None:
    with pytest.raises(perfscore.ArgumentError) as caught:
        call()
    assert str(caught.value) == said
    assert isinstance(caught.value, TypeError)  # as Python's own refusals are


def test_rows_that_are_not_mappings_are_no_table() -> None:
    # ["a", "b"] was read as two units with every column missing
    with pytest.raises(perfscore.DataError) as caught:
        perfscore.read_table(["a", "b"])
    assert [p.message for p in caught.value.problems] == [
        "each row is a mapping of column headers to cells (as csv.DictReader gives), not str"]
    assert len(perfscore.read_table([{"A1": "是"}, "b"]).columns) == 1  # one mapping row: a table, the other row reported

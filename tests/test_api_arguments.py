"""Every public entry point refuses the wrong kind of argument with a perfscore ArgumentError (also a TypeError)
that names the argument, never a bare TypeError, KeyError, AttributeError or StopIteration from inside (a
new-user run from the README, 2026-12-06, found six that escaped)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
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


def test_a_unit_named_twice_in_a_list_is_refused_in_its_later_row() -> None:
    # 单位0 twice (91% and 70%): it was scored twice, silently, and ranked over the other 单位0's rank; now, as in
    # a table, the first row is the unit and the later is reported
    rubric = perfscore.compile("总分 10\n指标 A1 甲 10 {\n 实际 比率\n 目标 100%\n 按比例\n}\n", language="en")
    units = [{"名称": "单位0", "A1": "91%"}, {"名称": "单位1", "A1": "80%"}, {"名称": "单位0", "A1": "70%"}]
    population = rubric.evaluate_many(units, id="名称")
    assert [(u.id, None if u.result is None else str(u.result.total)) for u in population] == [
        ("单位0", "9.10"), ("单位1", "8.00"), ("单位0", None)]
    assert [(p.row, p.unit, p.column) for p in population.problems] == [(3, "单位0", "名称")]
    assert population.ranks() == {"单位0": 1, "单位1": 2}


@pytest.mark.parametrize(("keywords", "said"), [
    ({"id": 5}, "id= and by= name a column by its header (a str), not int"),
    ({"by": [None]}, "id= and by= name a column by its header (a str), not NoneType"),
    ({"sheet": 1}, "sheet= names a sheet by its name (a str), not int"),
])  # fmt: skip
def test_a_column_or_sheet_named_by_anything_but_text_is_refused(keywords: dict[str, Any], said: str) -> None:
    # id=5 named every unit "#1", "#2" … silently
    with pytest.raises(perfscore.ArgumentError) as caught:
        RUBRIC.evaluate_many([{"A1": True}], **keywords)
    assert str(caught.value) == said


def test_a_writer_given_a_path_it_cannot_write_raises_an_output_error(tmp_path: Path) -> None:
    # a missing directory was a FileNotFoundError from inside openpyxl, a directory an IsADirectoryError
    from perfscore.render import write_xlsx

    population = RUBRIC.evaluate_many([{"A1": True}])
    for call in (lambda p: population.to_xlsx(p), lambda p: write_xlsx(RESULT, p)):
        with pytest.raises(perfscore.OutputError) as caught:
            call(tmp_path / "missing" / "x.xlsx")
        assert str(caught.value) == f"{tmp_path / 'missing' / 'x.xlsx'}: No such file or directory"
        assert caught.value.format("zh") == f"{tmp_path / 'missing' / 'x.xlsx'}：无法写入（目录不存在）"
        with pytest.raises(perfscore.OutputError):
            call(tmp_path)
    population.to_xlsx(tmp_path / "ok.xlsx")
    assert (tmp_path / "ok.xlsx").stat().st_size > 0 and not list(tmp_path.glob(".ok.xlsx.*"))  # no temporary left

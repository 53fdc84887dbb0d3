"""Bad tables of units (issue 11, "Bad input"): each gets a message naming the sheet, row and column, and
nothing already scored is lost."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

openpyxl = pytest.importorskip("openpyxl")

import perfscore
from perfscore.cli import main
from tests.test_population import HEADER, RUBRIC

# 甲 100/95 是 是/否 → 9.5 + 5 + 2.5 = 17; 乙 200/200 否 是/是 → 10 + 0 + 5 = 15; 戊 as 甲 → 17.
ROWS = ["甲项目,县区,100,95,是,是,否", "乙项目,市直,200,200,否,是,是", "戊项目,市直,100,95,是,是,否"]


@pytest.fixture(scope="module")
def rubric() -> perfscore.Rubric:
    return perfscore.compile(RUBRIC, "r.perf", language="en")


def _book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _cells(line: str) -> list[Any]:
    return [int(v) if v.isdigit() else v for v in line.split(",")]


def _scored(population: perfscore.Population) -> list[tuple[str, Decimal | None]]:
    return [(u.id, u.total) for u in population.scored]


def test_a_missing_column(rubric: perfscore.Rubric, tmp_path: Path) -> None:
    header = HEADER.replace(",全年执行数（万元）", "")
    rows = [",".join(_cells_without(line, 3)) for line in ROWS]
    path = _book(tmp_path / "u.xlsx", {"项目": [header.split(","), *[_cells(r) for r in rows]]})
    population = rubric.evaluate_many(path, by="地区类别")
    assert [str(p) for p in population.problems] == ["sheet 项目, column 全年执行数: no column gives it: every row lacks it"]
    assert population.scored == ()  # every row lacks it, and says so once, not once per row


def _cells_without(line: str, index: int) -> list[str]:
    cells = line.split(",")
    return cells[:index] + cells[index + 1 :]


def test_an_unknown_column_with_did_you_mean(rubric: perfscore.Rubric, tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_text("\n".join([HEADER.replace("全年预算数", "全年预算"), *ROWS]) + "\n", "utf-8")
    population = rubric.evaluate_many(path, by="地区类别")
    assert [(p.severity, str(p)) for p in population.problems] == [
        ("warning", "column 全年预算（万元）: a column the rubric does not know, ignored; did you mean '全年预算数'?"),
        ("error", "column 全年预算数: no column gives it: every row lacks it; did you mean the column '全年预算'?"),
    ]


def test_a_duplicated_unit(rubric: perfscore.Rubric, tmp_path: Path) -> None:
    rows = [HEADER.split(","), *[_cells(r) for r in ROWS], _cells("乙项目,市直,1,1,是,是,是")]
    population = rubric.evaluate_many(_book(tmp_path / "u.xlsx", {"项目": rows}), by="地区类别")
    assert [str(p) for p in population.problems] == [
        ("sheet 项目, row 5, unit 乙项目, column 项目名称: the unit 乙项目 is in row 3 already: each unit is one row "
        "(this row is not scored)")]  # fmt: skip
    assert population["乙项目"].total == Decimal("15.00")  # the first row is the unit, scored
    assert _scored(population) == [("甲项目", Decimal("17.00")), ("乙项目", Decimal("15.00")), ("戊项目", Decimal("17.00"))]


def test_a_wrong_type_in_one_cell(rubric: perfscore.Rubric, tmp_path: Path) -> None:
    rows = [HEADER.split(","), _cells(ROWS[0]), _cells("乙项目,市直,200,二百,否,是,是"), _cells(ROWS[2])]
    population = rubric.evaluate_many(_book(tmp_path / "u.xlsx", {"项目": rows}), by="地区类别")
    assert [str(p) for p in population.problems] == [
        "sheet 项目, row 3, unit 乙项目, column 全年执行数（万元）: '二百' is not a number"]
    assert _scored(population) == [("甲项目", Decimal("17.00")), ("戊项目", Decimal("17.00"))]


def test_an_empty_workbook(rubric: perfscore.Rubric, tmp_path: Path) -> None:
    path = _book(tmp_path / "u.xlsx", {"Sheet1": [], "Sheet2": []})
    with pytest.raises(perfscore.DataError) as refused:
        rubric.evaluate_many(path)
    assert [p.message for p in refused.value.problems] == [(f"{path}: every sheet is empty (Sheet1, Sheet2): a table of units has a header "
                                  "row, then a row per unit")]  # fmt: skip


def test_an_empty_sheet_chosen(rubric: perfscore.Rubric, tmp_path: Path) -> None:
    path = _book(tmp_path / "u.xlsx", {"项目": [HEADER.split(","), _cells(ROWS[0])], "空表": []})
    with pytest.raises(perfscore.DataError, match=r"sheet 空表: the first row is empty; put the headers in row 1"):
        rubric.evaluate_many(path, sheet="空表")
    with pytest.raises(perfscore.DataError, match=r"there is no sheet '汇总'; the sheets are 项目, 空表"):
        rubric.evaluate_many(path, sheet="汇总")


def test_a_sheet_with_a_header_and_no_units(rubric: perfscore.Rubric, tmp_path: Path) -> None:
    population = rubric.evaluate_many(_book(tmp_path / "u.xlsx", {"项目": [HEADER.split(",")]}), by="地区类别")
    assert [str(p) for p in population.problems] == ["table: no units: the table has its header but no row below it"]


def test_the_data_on_another_sheet(rubric: perfscore.Rubric, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A cover sheet first (a title in A1), the units on the second sheet: read from there, with a warning."""
    cover = [["2023年度项目支出绩效自评汇总表"], ["填报单位：某市财政局"]]
    path = _book(tmp_path / "u.xlsx", {"封面": cover, "项目": [HEADER.split(","), *[_cells(r) for r in ROWS]]})
    population = rubric.evaluate_many(path, by="地区类别")
    assert [str(p) for p in population.problems] == [
        ("sheet 项目: the sheet 封面 has none of the rubric's columns; the units were read from the sheet 项目 "
        "(choose a sheet with sheet= or --sheet)")]  # fmt: skip
    assert _scored(population) == [("甲项目", Decimal("17.00")), ("乙项目", Decimal("15.00")), ("戊项目", Decimal("17.00"))]
    rubric_file = tmp_path / "r.perf"
    rubric_file.write_text(RUBRIC, "utf-8")
    assert main(["score", str(rubric_file), str(path), "--sheet", "项目", "--by", "地区类别", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "甲项目,县区,17.00,良,1,1,9.50,5.00,2.50"


def test_a_csv_in_gbk(rubric: perfscore.Rubric, tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_bytes("\r\n".join([HEADER, ROWS[0], "乙项目,市直,200,,否,是,是"]).encode("gbk"))
    population = rubric.evaluate_many(path, by="地区类别")
    assert [str(p) for p in population.problems] == ["row 3, unit 乙项目, column 全年执行数（万元）: missing"]
    assert _scored(population) == [("甲项目", Decimal("17.00"))]


def test_a_csv_with_bytes_that_are_not_text_further_down(rubric: perfscore.Rubric, tmp_path: Path) -> None:
    """UTF-8 in the first 64 KiB, then a cell with bytes that are not: that row is named with its column, and
    every other row is scored."""
    good = [f"项目{k},县区,100,95,是,是,否" for k in range(2000)]  # rows 2 … 2001, about 80 KiB
    path = tmp_path / "u.csv"
    path.write_bytes(("\n".join([HEADER, *good]) + "\n").encode("utf-8") + b"\xcf\xee\xc4\xbf,\xcf\xd8,100,95,"
                     + "是,是,否\n项目末,县区,100,95,是,是,否\n".encode())  # fmt: skip
    population = rubric.evaluate_many(path, by="地区类别")
    assert [str(p) for p in population.problems] == [
        "row 2002, column 项目名称: bytes that are not UTF-8 text; save the file as CSV UTF-8",
        "row 2002, column 地区类别: bytes that are not UTF-8 text; save the file as CSV UTF-8"]  # fmt: skip
    assert len(population.scored) == 2001 and population["项目末"].total == Decimal("17.00")


def test_a_formula_cell_without_its_saved_value(rubric: perfscore.Rubric, tmp_path: Path) -> None:
    """openpyxl writes formulas without calculating them, as generated workbooks often come: the row is
    reported by sheet, row and column, and the other rows are scored."""
    rows = [HEADER.split(","), _cells(ROWS[0]), [*_cells(ROWS[1])[:3], "=C3*0.9", *_cells(ROWS[1])[4:]],
            _cells(ROWS[2])]  # fmt: skip
    population = rubric.evaluate_many(_book(tmp_path / "u.xlsx", {"项目": rows}), by="地区类别")
    assert [str(p) for p in population.problems] == [
        ("sheet 项目, row 3, unit 乙项目, column 全年执行数（万元）: the formula =C3*0.9 has no saved value (the file was "
        "written by a program that does not calculate); open it in Excel or WPS and save it, or paste values")]  # fmt: skip
    assert _scored(population) == [("甲项目", Decimal("17.00")), ("戊项目", Decimal("17.00"))]


def test_a_duplicated_unit_past_the_ids_kept_in_memory(rubric: perfscore.Rubric, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Past LIMIT units the ids go to a temporary database (memory bounded for a million rows): the same answers."""
    monkeypatch.setattr(perfscore.population._Seen, "LIMIT", 10)
    lines = [HEADER, *(f"项目{k},县区,100,95,是,是,否" for k in range(30)), "项目3,县区,1,1,是,是,是",
             "项目25,县区,1,1,是,是,是"]  # fmt: skip
    path = tmp_path / "u.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    population = rubric.evaluate_many(path, by="地区类别")
    assert [(p.row, p.unit, p.message) for p in population.problems] == [
        (32, "项目3", "the unit 项目3 is in row 5 already: each unit is one row (this row is not scored)"),
        (33, "项目25", "the unit 项目25 is in row 27 already: each unit is one row (this row is not scored)")]
    assert len(population.scored) == 30


def test_a_judged_score_is_reported_in_its_own_column(tmp_path: Path) -> None:
    """The judged score out of its level's range (部分达成 of 10 points: 6 to 8), or missing for a level that
    awards a range, is reported against the .score column, where the fix is written, not the .level column."""
    rubric = perfscore.compile('评价 "t"\n总分 10\n指标 C12 目标实现程度 10 {\n  定性 {\n    达成：80%~100%\n'
                               '    部分达成：60%~80%\n    未达成：0%~60%\n  }\n}\n', language="en")  # fmt: skip
    units = tmp_path / "u.csv"
    units.write_text("单位名称,C12 目标实现程度.level,C12 目标实现程度.score\n甲,部分达成,9\n乙,达成,9\n丙,部分达成,\n", "utf-8")
    population = rubric.evaluate_many(units)
    assert [(u.id, u.total) for u in population.scored] == [("乙", Decimal("9.00"))]
    assert [(p.row, p.unit, p.column, p.message) for p in population.errors] == [
        (2, "甲", "C12 目标实现程度.score", "the judged score 9 is outside the declared range 6~8"),
        (4, "丙", "C12 目标实现程度.score", "the level '部分达成' awards a range: give {level = …, score = …}")]  # fmt: skip


@pytest.mark.parametrize("dimension", [None, "A1:G2"])
def test_a_workbook_without_or_with_a_wrong_dimension_is_read_whole(rubric: perfscore.Rubric, tmp_path: Path,
                                                                    dimension: str | None) -> None:  # fmt: skip
    """The sheet's recorded size (<dimension ref=…>) is left out by some writers and stale in others: every row
    is read whatever it says (before, a stale A1:G2 read one unit of three)."""
    import re
    import zipfile

    path = _book(tmp_path / "u.xlsx", {"项目": [HEADER.split(","), *[_cells(r) for r in ROWS]]})
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = next(name for name in parts if name.startswith("xl/worksheets/sheet"))
    replacement = b"" if dimension is None else f'<dimension ref="{dimension}"/>'.encode()
    parts[sheet], count = re.subn(rb"<dimension [^>]*/>", replacement, parts[sheet])
    assert count == 1
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    population = rubric.evaluate_many(path)
    assert [u.id for u in population.units] == ["甲项目", "乙项目", "戊项目"]
    assert _scored(population) == [("甲项目", Decimal("17.00")), ("乙项目", Decimal("15.00")), ("戊项目", Decimal("17.00"))]

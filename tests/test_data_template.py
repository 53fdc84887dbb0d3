"""perfscore template RUBRIC --data (issue 11, item 2): a blank data workbook with exactly the columns
evaluate_many reads, a description row it skips, drop-downs for levels and 是/否; filled in, it scores."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

openpyxl = pytest.importorskip("openpyxl")

import perfscore
from perfscore.cli import main

RUBRIC = """评价 "项目支出绩效自评"
总分 30
输入 全年预算数 金额 万元 > 0
输入 全年执行数 金额 万元
计算 执行率 = 全年执行数 / 全年预算数
问卷 满意度 {
  选项 满意 100%，一般 60%，不满意 0%
  题目 服务
}
指标 A1 预算执行率 10 {
  目标 100%
  实际 = 执行率
  按比例
}
指标 A2 绩效目标完成 5 {
  达标
}
指标 A3 资料完整 5 {
  清单 {
    申报书 50%
    验收报告 50%
  }
}
指标 C1 目标实现程度 4 {
  定性 {
    达成：80%~100%
    部分达成：60%~80%
    未达成：0%
  }
}
指标 B1 执行进度 3 {
  目标 ≥ 95%
  分档 {
    ≥ 95%：3分
    [90%, 95%)：1分~2分
    否则：0分
  }
}
指标 S1 满意度 3 {
  目标 ≥ 90%
  实际 = 满意度
  按比例
}
"""
HEADERS = [
    "单位名称", "全年预算数（万元）", "全年执行数（万元）", "满意度.服务.满意", "满意度.服务.一般", "满意度.服务.不满意",
    "A2 绩效目标完成（是/否）", "A3 资料完整.申报书（是/否）", "A3 资料完整.验收报告（是/否）", "C1 目标实现程度.level",
    "C1 目标实现程度.score", "B1 执行进度.actual（%）", "B1 执行进度.score",
]  # fmt: skip


@pytest.fixture
def rubric_file(tmp_path: Path) -> Path:
    path = tmp_path / "项目.perf"
    path.write_text(RUBRIC, "utf-8")
    return path


@pytest.fixture
def template(rubric_file: Path, tmp_path: Path) -> Path:
    out = tmp_path / "数据模板.xlsx"
    assert main(["template", str(rubric_file), "--data", "-o", str(out)]) == 0
    return out


def _rows(sheet: Any) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_has_the_columns_and_a_description_row(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    sheet = book["数据"]
    header, description = _rows(sheet)[:2]
    assert header == HEADERS
    assert description == [
        "填写说明", "金额（万元），大于 0", "金额（万元）", "人数（整数）", "人数（整数）", "人数（整数）", "是 / 否",
        "是 / 否，部分完成写百分比（如 50%）", "是 / 否，部分完成写百分比（如 50%）", "下拉选择：达成、部分达成、未达成",
        "评定得分（分），达成 80%~100%；部分达成 60%~80%", "百分比，如 95%", "评定得分（分），1分~2分",
    ]  # fmt: skip
    assert sheet.freeze_panes == "B3"
    assert book["选项"].sheet_state == "hidden"
    assert all(cell.data_type == "s" for row in sheet.iter_rows(max_row=2) for cell in row)  # text, never a formula
    assert sheet.column_dimensions["L"].number_format == "0.00%"  # B1.actual: a percentage column


def test_levels_and_yes_no_cells_have_drop_downs(template: Path) -> None:
    sheet = openpyxl.load_workbook(template)["数据"]
    rules = {str(v.sqref): (v.formula1, v.errorStyle) for v in sheet.data_validations.dataValidation}
    assert rules["G3:G5002"] == ('"是,否"', "stop")  # 达标: 是 or 否
    assert rules["H3:H5002 I3:I5002"] == ('"是,否"', "warning")  # checklist items: 是/否, or a share typed in
    assert rules["J3:J5002"] == ("选项!$A$1:$A$3", "stop")  # C1's levels
    assert [row[0] for row in _rows(openpyxl.load_workbook(template)["选项"])] == ["达成", "部分达成", "未达成"]


def test_the_filled_template_scores(template: Path, rubric_file: Path) -> None:
    book = openpyxl.load_workbook(template)
    sheet = book["数据"]
    # 甲: A1 10 × 95/100 = 9.5; A2 5; A3 5 × 50% = 2.5; C1 judged 3 (部分达成, 2.4~3.2); B1 96% ≥ 95%: 3;
    #     S1 (8 + 2 × 60%) ÷ 10 = 92% ≥ 90%: 3. Total 26 (the 3 is a fixed band: its score cell left empty).
    # 乙: A1 10 × 150/200 = 7.5; A2 0; A3 5; C1 未达成 0; B1 92% in [90%, 95%): judged 1.5;
    #     S1 (5 + 5 × 60%) ÷ 10 = 80%: 3 × 80% ÷ 90% = 2.6667 → 2.67. Total 16.67.
    units = [["甲项目", 100, 95, 8, 2, 0, "是", "是", "否", "部分达成", 3, 0.96, None],
             ["乙项目", 200, 150, 5, 5, 0, "否", "是", "是", "未达成", None, 0.92, 1.5]]  # fmt: skip
    for r, values in enumerate(units, 3):
        for k, value in enumerate(values, 1):
            sheet.cell(r, k).value = value
        sheet.cell(r, 12).number_format = "0.00%"  # as Excel formats a number typed in the percentage column
    book.save(template)
    population = perfscore.load(rubric_file).evaluate_many(template)
    assert population.problems == ()
    assert [(u.id, u.row, u.total, u.grade) for u in population] == [
        ("甲项目", 3, Decimal("26.00"), None), ("乙项目", 4, Decimal("16.67"), None)]  # fmt: skip
    assert population["乙项目"].result["B1"].score == Decimal("1.50")  # type: ignore[index]
    # the command line reads it too, and ranks
    assert main(["score", str(rubric_file), str(template)]) == 0


def test_a_blank_template_reads_as_no_units(template: Path, rubric_file: Path) -> None:
    population = perfscore.load(rubric_file).evaluate_many(template)
    assert len(population) == 0  # the description row is not a unit
    assert [str(p) for p in population.problems] == ["table: no units: the table has its header but no row below it"]


def test_a_header_naming_another_indicator_is_not_taken_for_it(tmp_path: Path, rubric_file: Path) -> None:
    """`A2 绩效目标完成` reads as A2; `A2 别的名字` is an unknown column, reported (A2 then lacks a column)."""
    table = tmp_path / "units.csv"
    header = ",".join(HEADERS).replace("A2 绩效目标完成", "A2 别的名字")
    table.write_text(header + "\n甲项目,100,95,8,2,0,是,是,否,部分达成,3,96%,\n", "utf-8")
    population = perfscore.load(rubric_file, language="en").evaluate_many(table)
    messages = [(p.column, p.message) for p in population.problems]
    assert ("A2 别的名字（是/否）", ("a column the rubric does not know, ignored; A2 is '绩效目标完成' in the rubric: "
                                   "head the column 'A2' or 'A2 绩效目标完成'")) in messages
    assert ("A2", "no column gives it: every row lacks it; did you mean the column 'A2 别的名字'?") in messages


def test_the_csv_template(rubric_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "数据模板.csv"
    assert main(["template", str(rubric_file), "--data", "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel opens the Chinese as written
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == HEADERS and rows[1][0] == "填写说明"
    with out.open("a", encoding="utf-8") as file:  # a unit filled in after the description row
        file.write("甲项目,100,95,8,2,0,是,是,否,部分达成,3,96%,\r\n")
    population = perfscore.load(rubric_file).evaluate_many(out)
    assert [(u.id, u.row, u.total) for u in population] == [("甲项目", 3, Decimal("26.00"))]


def test_the_shuozhou_template_reads_back_every_column(tmp_path: Path) -> None:
    rubric = Path(__file__).resolve().parents[1] / "examples/shuozhou-2020/rubric.perf"
    out = tmp_path / "t.xlsx"
    assert main(["template", str(rubric), "--data", "-o", str(out)]) == 0
    header = _rows(openpyxl.load_workbook(out)["数据"])[0]
    assert "A11 目标任务设定情况.落实工作要求（是/否）" in header and "C11 医疗服务水平" in header
    assert "管理对象满意度.整体支出.非常满意" in header and "预算数（万元）" in header
    problems = perfscore.load(rubric).evaluate_many(out).problems  # every column known, none lacking: no units only
    assert [p.message for p in problems] == ["no units: the table has its header but no row below it"]


def test_template_refusals(rubric_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", str(rubric_file), "--data"]) == 2  # xlsx needs a file
    assert "表格需要写到文件" in capsys.readouterr().err  # after the rubric is read: in its language
    assert main(["template", str(rubric_file), "--format", "xlsx", "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "add --data" in capsys.readouterr().err
    existing = tmp_path / "filled.xlsx"
    existing.write_bytes(b"figures")
    assert main(["template", str(rubric_file), "--data", "-o", str(existing)]) == 2  # never overwrites
    assert existing.read_bytes() == b"figures"

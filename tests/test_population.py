"""Scoring a population (issue 11): tables in, every bad row reported with where it is, the rest scored."""

from __future__ import annotations

import codecs
from decimal import Decimal
from pathlib import Path

import pytest

import perfscore
from perfscore.cli import main

RUBRIC = """评价 "项目支出绩效自评"
总分 20
输入 全年预算数 金额 > 0
输入 全年执行数 金额
计算 执行率 = 全年执行数 / 全年预算数
评价等级 {
  优 ≥ 18
  良 [15, 18)
  中 [12, 15)
  差 < 12
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
"""
HEADER = "项目名称,地区类别,全年预算数（万元）,全年执行数（万元）,A2,A3．申报书,A3.验收报告"
# 甲: A1 10 × 95/100 = 9.5, A2 5, A3 5 × 50% = 2.5 → 17 良; 乙: 10 + 0 + 5 = 15 良; 戊 as 甲 → 17 良.
ROWS = ["甲项目,县区,100,95,是,是,否", "乙项目,市直,200,200,否,是,是", "丙项目,县区,100,,是,是,是",
        "丁项目,县区,50,60,2,是,是", "戊项目,市直,100,95,是,是,否"]  # fmt: skip


@pytest.fixture(scope="module")
def rubric() -> perfscore.Rubric:
    return perfscore.compile(RUBRIC, "r.perf", language="en")


def _csv(path: Path, lines: list[str], encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


@pytest.fixture
def units(tmp_path: Path) -> Path:
    return _csv(tmp_path / "项目.csv", [HEADER, *ROWS])


def test_a_bad_row_never_stops_the_run(rubric: perfscore.Rubric, units: Path) -> None:
    population = rubric.evaluate_many(units)
    assert [(u.id, u.row, u.total, u.grade) for u in population] == [
        ("甲项目", 2, Decimal("17.00"), "良"), ("乙项目", 3, Decimal("15.00"), "良"), ("丙项目", 4, None, None),
        ("丁项目", 5, None, None), ("戊项目", 6, Decimal("17.00"), "良")]  # fmt: skip
    assert [str(p) for p in population.errors] == [
        "row 4, unit 丙项目, column 全年执行数（万元）: missing",
        "row 5, unit 丁项目, column A2: '2' is not yes or no: write true/false, 是/否, 符合/不符合, 达标/未达标, 有/无 or √/×",
    ]
    assert len(population.scored) == 3 and population["乙项目"].result["A3"].score == Decimal("5.00")


def test_ranks_share_ties_and_rank_within_a_category(rubric: perfscore.Rubric, units: Path) -> None:
    population = rubric.evaluate_many(units, by="地区类别")
    assert population.ranks() == {"甲项目": 1, "戊项目": 1, "乙项目": 3}
    assert population.ranks(by="地区类别") == {"甲项目": 1, "乙项目": 2, "戊项目": 1}
    assert population["甲项目"].categories == {"地区类别": "县区"}
    with pytest.raises(perfscore.ArgumentError, match="no category column '主管部门'"):
        population.ranks(by="主管部门")


def test_records_and_summary(rubric: perfscore.Rubric, units: Path) -> None:
    population = rubric.evaluate_many(units, by="地区类别")
    first = population.to_records()[0]
    assert first == {"id": "甲项目", "地区类别": "县区", "总分": Decimal("17.00"), "等级": "良", "排名": 1,
                     "A1": Decimal("9.50"), "A2": Decimal("5.00"), "A3": Decimal("2.50")}  # fmt: skip
    summary = population.summary()
    assert (summary["units"], summary["scored"], summary["with_errors"]) == (5, 3, 2)
    assert summary["grades"] == {"良": {"count": 3, "share": Decimal(1)}}
    # (17 + 15 + 17) ÷ 3 = 16.333… → 16.33, as the rubric rounds a score (2 places, 四舍五入)
    assert str(summary["figures"]["总分"]["mean"]) == "16.33"
    assert str(summary["grades"]["良"]["share"]) == "1.0000"  # 100.00%
    frame = population.to_frame(exact=False)
    assert list(frame.index) == ["甲项目", "乙项目", "戊项目"] and frame.loc["乙项目", "总分"] == 15.0


def test_workers_give_the_same_results(rubric: perfscore.Rubric, units: Path) -> None:
    one, two = rubric.evaluate_many(units), rubric.evaluate_many(units, workers=2)
    assert [(u.id, u.total, u.problems) for u in two] == [(u.id, u.total, u.problems) for u in one]
    assert two["甲项目"].result.explain("A1") == one["甲项目"].result.explain("A1")  # type: ignore[union-attr]
    with pytest.raises(perfscore.ArgumentError, match="workers must be a whole number of at least 1, not 0"):
        rubric.evaluate_many(units, workers=0)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_encodings_excel_saves(rubric: perfscore.Rubric, tmp_path: Path, encoding: str) -> None:
    path = _csv(tmp_path / "u.csv", [HEADER, ROWS[0]], encoding)
    assert [u.total for u in rubric.evaluate_many(path)] == [Decimal("17.00")]


def test_utf16_tab_separated_as_excel_unicode_text(rubric: perfscore.Rubric, tmp_path: Path) -> None:
    path = tmp_path / "u.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "\n".join([HEADER.replace(",", "\t"), ROWS[0].replace(",", "\t")])
                     .encode("utf-16-le"))  # fmt: skip
    assert [u.total for u in rubric.evaluate_many(path)] == [Decimal("17.00")]


def test_headers_with_units_and_full_width_punctuation() -> None:
    column = perfscore.tables.Column.of("全年预算数（万元）")
    assert (column.path, column.unit) == (("全年预算数",), "万元")
    assert perfscore.tables.Column.of("A3．申报书").path == ("A3", "申报书")
    assert perfscore.tables.Column.of("调整.B12.reason").path == ("调整", "B12", "reason")


def test_unknown_missing_and_duplicate(rubric: perfscore.Rubric, tmp_path: Path) -> None:
    header = "项目名称,全年预算数,全年执行数额,A2,A3.申报书,A3.验收报告,备注"
    path = _csv(tmp_path / "u.csv", [header, "甲,100,95,是,是,是,x", "甲,100,95,是,是,是,"])
    population = rubric.evaluate_many(path)
    assert [str(p) for p in population.problems] == [
        "column 全年执行数额: a column the rubric does not know, ignored; did you mean '全年执行数'?",
        "column 备注: a column the rubric does not know, ignored",
        "column 全年执行数: no column gives it: every row lacks it; did you mean the column '全年执行数额'?",
        "row 3, unit 甲, column 项目名称: the unit 甲 is in row 2 already: each unit is one row (this row is not "
        "scored)",
    ]
    assert [u.result for u in population] == [None, None]


def test_two_columns_for_one_key_and_a_part_of_a_whole(tmp_path: Path) -> None:
    with pytest.raises(perfscore.DataError) as error:
        perfscore.read_table(_csv(tmp_path / "u.csv", ["A3,A3.申报书,全年预算数,全年预算数（元）", "1,2,3,4"]))
    assert [p.message for p in error.value.problems] == [
        f"columns '全年预算数' and '全年预算数（元）' ({tmp_path / 'u.csv'}) both give 全年预算数",
        f"column 'A3.申报书' gives a part of A3, which column 'A3' gives whole ({tmp_path / 'u.csv'})",
    ]


def test_an_empty_file_and_a_wrong_suffix(tmp_path: Path) -> None:
    (tmp_path / "e.csv").write_bytes(b"")
    with pytest.raises(perfscore.DataError, match="the file is empty: a table of units has a header row"):
        perfscore.read_table(tmp_path / "e.csv")
    (tmp_path / "u.ods").write_bytes(b"x")
    with pytest.raises(perfscore.DataError, match="a table of units must be .csv or .xlsx, not .ods"):
        perfscore.read_table(tmp_path / "u.ods")
    (tmp_path / "旧.XLS").write_bytes(b"\xd0\xcf\x11\xe0")  # an old workbook (a Compound File): saved again as .xlsx
    with pytest.raises(perfscore.DataError) as caught:
        perfscore.read_table(tmp_path / "旧.XLS")
    assert caught.value.format("zh").endswith("旧.XLS：这是旧版 Excel 工作簿（.xls），不能直接读取；请在 Excel 或 WPS 中“另存为”"
                                              "Excel 工作簿（.xlsx）")  # fmt: skip


def test_a_dataframe_with_empty_cells(rubric: perfscore.Rubric) -> None:
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame({"项目名称": ["甲", "乙"], "全年预算数": [100.0, 200.0], "全年执行数": [95.0, float("nan")],
                              "A2": [True, False], "A3.申报书": ["是", "是"], "A3.验收报告": ["否", "是"]})  # fmt: skip
    population = rubric.evaluate_many(frame)
    assert population["甲"].total == Decimal("17.00")
    assert [str(p) for p in population.errors] == ["row 3, unit 乙, column 全年执行数: missing"]


def test_an_iterable_of_mappings(rubric: perfscore.Rubric) -> None:
    units = [{"名称": "甲", "全年预算数": 100, "全年执行数": 95, "A2": True, "A3": {"申报书": True, "验收报告": False}},
             ["not", "a", "mapping"]]  # fmt: skip
    population = rubric.evaluate_many(units, id="名称")
    assert population["甲"].total == Decimal("17.00")
    assert [str(p) for p in population.errors] == ["row 2: a unit's data must be a mapping of name → value, not list"]
    with pytest.raises(perfscore.ArgumentError, match="for one unit's mapping use evaluate"):
        rubric.evaluate_many({"全年预算数": 1})


def test_lists_and_overrides_in_cells(tmp_path: Path) -> None:
    rubric = perfscore.compile("总分 10\n指标 B1 甲 5 {\n  达标\n  不适用时 折算\n}\n指标 B2 乙 5 {\n  达标\n}\n", language="en")
    header = "编号,B1,B2,不适用,调整.B2.score,调整.B2.reason"
    population = rubric.evaluate_many(_csv(tmp_path / "u.csv", [header, "u1,是,否,B1,4,整改到位", "u2,是,是,,,"]))
    # u1: B1 not applicable → B2 carries all 10 points; not met → 0, overridden to 4 (整改到位): total 4.
    # u2: both met, 5 + 5 = 10.
    assert [(u.id, u.total) for u in population] == [("u1", Decimal(4)), ("u2", Decimal(10))]
    assert population["u1"].result["B1"].applicable is False  # type: ignore[index]
    assert population["u1"].result["B2"].override.reason == "整改到位"  # type: ignore[index, union-attr]


openpyxl = pytest.importorskip("openpyxl")


def _xlsx(path: Path, rows: list[list[object]], sheet: str = "项目", percent: set[tuple[int, int]] = frozenset(),
          before: str | None = None) -> Path:  # fmt: skip
    book = openpyxl.Workbook()
    if before is not None:
        book.active.title = before
        ws = book.create_sheet(sheet)
    else:
        ws = book.active
        ws.title = sheet
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            ws.cell(r, c).value = value
            if (r, c) in percent:
                ws.cell(r, c).number_format = "0.00%"
    book.save(path)
    return path


def test_xlsx_percent_cells_read_as_the_rate_shown(tmp_path: Path) -> None:
    rubric = perfscore.compile("总分 10\n输入 执行率 比率\n指标 A1 执行 10 {\n  目标 100%\n  实际 = 执行率\n  按比例\n}\n", language="en")
    path = _xlsx(tmp_path / "u.xlsx", [["编号", "执行率"], ["u1", 0.955], ["u2", 0.9]], percent={(2, 2), (3, 2)},
                 before="说明")  # the first sheet is empty: the data is on 项目  # fmt: skip
    table = perfscore.read_table(path)
    assert table.sheet == "项目"
    population = rubric.evaluate_many(path)
    assert [(u.id, u.total) for u in population] == [("u1", Decimal("9.55")), ("u2", Decimal("9.00"))]  # 10 × 95.5%


def test_xlsx_formula_without_a_saved_value(tmp_path: Path, rubric: perfscore.Rubric) -> None:
    path = _xlsx(tmp_path / "u.xlsx", [HEADER.split(","), ["甲", "县区", 100, "=B2*0.95", "是", "是", "否"]])
    problems = rubric.evaluate_many(path).errors  # the row is reported, not the whole run stopped
    assert str(problems[0]).startswith("sheet 项目, row 2, unit 甲, column 全年执行数（万元）: the formula =B2*0.95 has "
                                       "no saved value")  # fmt: skip


def test_xlsx_empty_workbook_and_a_missing_sheet(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "u.xlsx", [])
    with pytest.raises(perfscore.DataError, match="every sheet is empty"):
        perfscore.read_table(path)
    with pytest.raises(perfscore.DataError, match="there is no sheet '结果'; the sheets are 项目"):
        perfscore.read_table(path, sheet="结果")


def test_cli_scores_a_table_to_a_workbook(units: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "r.perf").write_text(RUBRIC, encoding="utf-8")
    out = tmp_path / "结果.xlsx"
    assert main(["score", "--lang", "en", str(tmp_path / "r.perf"), str(units), "-o", str(out), "--by", "地区类别"]) == 1
    book = openpyxl.load_workbook(out)
    summary = [list(r) for r in book["汇总"].iter_rows(values_only=True)]
    assert summary[0][:6] == ["排名", "总排名", "单位", "地区类别", "总分", "等级"]  # 排名 within 地区类别
    # each category together (县区 before 市直, as the terminal lists them), ranked within it
    assert [r[:6] for r in summary[1:]] == [[1, 1, "甲项目", "县区", 17, "良"], [1, 1, "戊项目", "市直", 17, "良"],
                                           [2, 3, "乙项目", "市直", 15, "良"]]  # fmt: skip
    problems = [list(r) for r in book["问题"].iter_rows(values_only=True)][1:]
    assert problems == [[None, 4, "丙项目", "全年执行数（万元）", "错误", "missing"],  # a CSV has no sheet
                        [None, 5, "丁项目", "A2", "错误", "'2' is not yes or no: write true/false, 是/否, 符合/不符合, 达标/未达标, 有/无 or √/×"]]  # fmt: skip
    assert "row 5, unit 丁项目, column A2: '2' is not yes or no: write true/false, 是/否, 符合/不符合, 达标/未达标, 有/无 or √/×" in capsys.readouterr().err


def test_cli_csv_and_jsonl(units: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "r.perf").write_text(RUBRIC, encoding="utf-8")
    assert main(["score", "--lang", "en", str(tmp_path / "r.perf"), str(units), "--format", "csv"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["id,总分,等级,排名,A1,A2,A3", "甲项目,17.00,良,1,9.50,5.00,2.50"]
    assert main(["score", "--lang", "en", str(tmp_path / "r.perf"), str(units), "--format", "jsonl"]) == 1
    assert capsys.readouterr().out.splitlines()[1] == ('{"id": "乙项目", "总分": "15.00", "等级": "良", "排名": 3, '
                                                       '"A1": "10.00", "A2": "0.00", "A3": "5.00"}')  # fmt: skip


def test_text_cells_stay_text_in_the_workbook(rubric: perfscore.Rubric, tmp_path: Path) -> None:
    path = _csv(tmp_path / "u.csv", [HEADER, '=HYPERLINK("http://x"),县区,100,95,是,是,否'])
    out = tmp_path / "o.xlsx"
    perfscore.render.population.write_population_xlsx(rubric.evaluate_many(path), out)
    cell = openpyxl.load_workbook(out)["汇总"]["B2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'


def test_a_one_unit_data_file_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`perfscore template RUBRIC --data -o data.toml`: every key the table's columns give, commented out with
    what to write; unfilled, each key is reported missing; filled as 甲 (100, 95, 是, 是/否) it scores 17."""
    (tmp_path / "r.perf").write_text(RUBRIC, encoding="utf-8")
    out = tmp_path / "data.toml"
    assert main(["template", str(tmp_path / "r.perf"), "--data", "-o", str(out)]) == 0
    text = out.read_text("utf-8")
    keys = [line[2:].split(" = ")[0] for line in text.splitlines() if " = " in line]
    assert keys == ['"全年预算数"', '"全年执行数"', '"A2"', '"A3"."申报书"', '"A3"."验收报告"']
    assert "# 全年预算数：金额，大于 0\n" in text and "# A2 绩效目标完成（是/否）：是 / 否\n" in text
    rubric = perfscore.load(tmp_path / "r.perf", language="en")
    with pytest.raises(perfscore.DataError) as info:
        rubric.evaluate(out)
    assert {p.input for p in info.value.problems} == {"全年预算数", "全年执行数", "A2", "A3"}
    filled = {'"全年预算数"': "100", '"全年执行数"': "95", '"A2"': "true", '"A3"."申报书"': "true",
              '"A3"."验收报告"': "false"}  # fmt: skip
    out.write_text("".join(f"{key} = {filled[key]}\n" if line.startswith("# ") and " = " in line else line + "\n"
                           for line in text.splitlines() for key in [line[2:].split(" = ")[0]]), "utf-8")  # fmt: skip
    assert rubric.evaluate(out).total == Decimal("17.00")


def test_rows_as_mappings_are_a_table(rubric: perfscore.Rubric, units: Path) -> None:
    """Rows as csv.DictReader gives them (headers → cells, the headers written as in the sheet) score as the file does."""
    import csv

    with units.open(encoding="utf-8-sig", newline="") as file:
        rows: list[object] = list(csv.DictReader(file))
    rows.insert(2, ["not", "a", "row"])  # the third row (row 4 as a sheet numbers it) is no mapping
    population = rubric.evaluate_many(perfscore.read_table(rows))
    # 甲 17, 乙 15, 戊 17 as from the file (hand-computed above); 丙 has no 全年执行数, 丁 a '2' for a yes/no
    assert [(u.id, u.total) for u in population.scored] == [("甲项目", Decimal("17.00")), ("乙项目", Decimal("15.00")),
                                                           ("戊项目", Decimal("17.00"))]  # fmt: skip
    assert [(p.row, p.column, p.message) for p in population.problems if p.severity == "error"] == [
        (4, None, "this row is not a mapping of column headers to cells but a list"),
        (5, "全年执行数（万元）", "missing"), (6, "A2", "'2' is not yes or no: write true/false, 是/否, 符合/不符合, 达标/未达标, 有/无 or √/×")]  # fmt: skip
    with pytest.raises(perfscore.DataError, match="or a list of rows, each a mapping"):
        perfscore.read_table(5)


def test_cli_explains_one_unit_of_a_table(units: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "r.perf").write_text(RUBRIC, encoding="utf-8")
    rubric = str(tmp_path / "r.perf")
    # 甲: 执行率 95 / 100 = 95%, A1 = 10 × 95% = 9.5 (hand-computed above)
    assert main(["explain", "--lang", "en", rubric, str(units), "A1", "--unit", "甲项目"]) == 0
    assert "9.5" in capsys.readouterr().out
    # 丙's row has no 全年执行数: nothing to explain, its problem is said
    assert main(["explain", "--lang", "en", rubric, str(units), "A1", "--unit", "丙项目"]) == 1
    assert "row 4, unit 丙项目, column 全年执行数（万元）: missing" in capsys.readouterr().err
    assert main(["explain", "--lang", "en", rubric, str(units), "A1"]) == 2
    assert "the table holds 5 units: name the one to explain with --unit, e.g. --unit 甲项目" in capsys.readouterr().err
    assert main(["explain", "--lang", "en", rubric, str(units), "A1", "--unit", "甲项"]) == 1
    assert "did you mean" in capsys.readouterr().err
    data = tmp_path / "d.toml"
    data.write_text("全年预算数 = 100\n全年执行数 = 95\nA2 = true\nA3 = { 申报书 = true, 验收报告 = false }\n", encoding="utf-8")
    assert main(["explain", "--lang", "en", rubric, str(data), "A1", "--unit", "甲项目"]) == 2
    assert "--unit, --id and --sheet are for a table of units" in capsys.readouterr().err
    empty = _csv(tmp_path / "空.csv", [HEADER])  # a header and no row: nothing to explain, and why
    assert main(["explain", "--lang", "en", rubric, str(empty), "A1"]) == 1
    assert "no units: the table has its header but no row below it" in capsys.readouterr().err


def test_cli_refuses_an_old_workbook_with_how_to_convert_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "r.perf").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "u.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert main(["score", str(tmp_path / "r.perf"), str(tmp_path / "u.xls")]) == 2
    assert "这是旧版 Excel 工作簿（.xls），不能直接读取；请在 Excel 或 WPS 中“另存为”Excel 工作簿（.xlsx）" in capsys.readouterr().err

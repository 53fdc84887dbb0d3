"""perfscore score RUBRIC UNITS -o 结果.xlsx|.csv|.jsonl (issue 11, item 4): the workbook's 汇总, 问题 and per-unit
打分表 sheets; CSV and JSON Lines streamed with ranks from a second pass; a progress bar only on a terminal."""

from __future__ import annotations

import csv
import io
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

openpyxl = pytest.importorskip("openpyxl")

import perfscore
import perfscore.population
from perfscore.cli import main
from tests.test_population import HEADER, RUBRIC

# Totals (hand-computed in test_population): A1 10 × 执行/预算, A2 达标 5, A3 清单 5 × share met.
#   甲 100/95 是 是/否 → 9.5 + 5 + 2.5 = 17 (县区)    乙 200/200 否 是/是 → 10 + 0 + 5 = 15 (市直)
#   丙 100/80 是 是/是 → 8 + 5 + 5 = 18 (县区)        丁 50/40 是 否/否 → 8 + 5 + 0 = 13 (市直)
#   戊 as 甲 → 17 (市直)                               己 the unit 甲 again (row 7): refused
ROWS = ["甲项目,县区,100,95,是,是,否", "乙项目,市直,200,200,否,是,是", "丙项目,县区,100,80,是,是,是",
        "丁项目,市直,50,40,是,否,否", "戊项目,市直,100,95,是,是,否", "甲项目,县区,100,100,是,是,是"]  # fmt: skip


@pytest.fixture
def rubric_file(tmp_path: Path) -> Path:
    path = tmp_path / "r.perf"
    path.write_text(RUBRIC, "utf-8")
    return path


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """The units on a sheet named 项目 (the second sheet; the first is empty), as a bureau's export has them."""
    book = openpyxl.Workbook()
    book.active.title = "封面"
    sheet = book.create_sheet("项目")
    for line in [HEADER, *ROWS]:
        sheet.append([int(v) if v.isdigit() else v for v in line.split(",")])
    book.active = 1
    path = tmp_path / "项目.xlsx"
    book.save(path)
    return path


def _rows(sheet: Any) -> list[list[Any]]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_the_workbook_summary_problems_and_one_sheet_per_unit(rubric_file: Path, workbook: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    out = tmp_path / "结果.xlsx"
    assert main(["score", "--lang", "en", str(rubric_file), str(workbook), "-o", str(out), "--sheets"]) == 1  # a row refused
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "问题", "丙项目", "戊项目", "甲项目", "乙项目", "丁项目"]  # rank order, then id
    summary = book["汇总"]
    assert [r[:4] for r in _rows(summary)] == [["排名", "单位", "总分", "等级"], [1, "丙项目", 18, "优"],
                                               [2, "戊项目", 17, "良"], [2, "甲项目", 17, "良"], [4, "乙项目", 15, "良"],
                                               [5, "丁项目", 13, "中"]]  # fmt: skip
    assert summary.freeze_panes == "C2" and summary.auto_filter.ref == "A1:G6"
    assert summary["D2"].fill.fgColor.rgb == "00C6EFCE" and summary["D6"].fill.fgColor.rgb == "00FFEB9C"  # 优, 中
    assert _rows(book["问题"]) == [["工作表", "行", "单位", "列", "级别", "问题"],
                                   ["项目", None, None, "地区类别", "提示", "a column the rubric does not know, ignored"],
                                   ["项目", 7, "甲项目", "项目名称", "错误", ("the unit 甲项目 is in row 2 already: each unit "
                                                                        "is one row (this row is not scored)")]]
    sheet = _rows(book["甲项目"])
    assert sheet[0][0] == "项目支出绩效自评" and sheet[1][:3] == ["一级指标", "二级指标", "三级指标"]
    assert next(r for r in sheet if r[0] == "合计")[8] == 17  # the 打分表's total
    assert "sheet 项目, row 7, unit 甲项目, column 项目名称: the unit 甲项目 is in row 2 already" in capsys.readouterr().err


def test_sheet_names_follow_excel_rules(rubric: perfscore.Rubric, tmp_path: Path) -> None:
    lines = [HEADER, "A/B:项目[1],县区,100,95,是,是,否", "汇总,县区,100,95,是,是,否", "问题,县区,100,95,是,是,否",
             "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二,县区,100,95,是,是,否",
             "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一三,县区,100,95,是,是,否"]  # fmt: skip
    units = tmp_path / "u.csv"
    units.write_text("\n".join(lines) + "\n", "utf-8")
    out = tmp_path / "o.xlsx"
    perfscore.render.population.write_population_xlsx(rubric.evaluate_many(units), out, sheets=True)
    names = openpyxl.load_workbook(out).sheetnames
    # all 17 points, rank 1: in order of their ids
    assert names == ["汇总", "问题", "A_B_项目_1_", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一",
                     "一二三四五六七八九十一二三四五六七八九十一二三四五六七八(2)", "汇总(2)", "问题(2)"]  # fmt: skip


@pytest.fixture
def rubric() -> perfscore.Rubric:
    return perfscore.compile(RUBRIC, "r.perf")


def test_csv_is_streamed_with_ranks_within_categories(rubric_file: Path, workbook: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a CSV output must not hold the population")

    monkeypatch.setattr(perfscore.population.Population, "__init__", never)
    out = tmp_path / "结果.csv"
    assert main(["score", str(rubric_file), str(workbook), "-o", str(out), "--by", "地区类别"]) == 1
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid,")  # a BOM: Excel shows the Chinese, not GBK mojibake
    rows = list(csv.reader(out.read_text("utf-8-sig").splitlines()))
    assert rows == [
        # input order; 排名 within 县区 and 市直, 总排名 among all five
        ["id", "地区类别", "总分", "等级", "排名", "总排名", "A1", "A2", "A3"],
        ["甲项目", "县区", "17.00", "良", "2", "2", "9.50", "5.00", "2.50"],
        ["乙项目", "市直", "15.00", "良", "2", "4", "10.00", "0.00", "5.00"],
        ["丙项目", "县区", "18.00", "优", "1", "1", "8.00", "5.00", "5.00"],
        ["丁项目", "市直", "13.00", "中", "3", "5", "8.00", "5.00", "0.00"],
        ["戊项目", "市直", "17.00", "良", "1", "2", "9.50", "5.00", "2.50"],
    ]


def test_jsonl_is_streamed_with_ties(rubric_file: Path, workbook: Path, tmp_path: Path) -> None:
    out = tmp_path / "结果.jsonl"
    assert main(["score", str(rubric_file), str(workbook), "-o", str(out), "--workers", "2"]) == 1
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [(r["id"], r["总分"], r["排名"]) for r in records] == [
        ("甲项目", "17.00", 2), ("乙项目", "15.00", 4), ("丙项目", "18.00", 1), ("丁项目", "13.00", 5),
        ("戊项目", "17.00", 2)]  # fmt: skip
    assert records[0] == {"id": "甲项目", "总分": "17.00", "等级": "良", "排名": 2, "A1": "9.50", "A2": "5.00",
                          "A3": "2.50"}  # fmt: skip


def test_streamed_text_cells_are_never_formulas(rubric_file: Path, tmp_path: Path) -> None:
    units = tmp_path / "u.csv"
    units.write_text(f"{HEADER}\n=1+1,县区,100,95,是,是,否\n", "utf-8")
    out = tmp_path / "o.csv"
    assert main(["score", str(rubric_file), str(units), "-o", str(out), "--by", "地区类别"]) == 0
    assert out.read_text("utf-8-sig").splitlines()[1].startswith("'=1+1,县区,17.00")


def test_sheets_needs_a_workbook(rubric_file: Path, workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(rubric_file), str(workbook), "--format", "csv", "--sheets"]) == 2
    assert "--sheets adds one 打分表 sheet per unit to a workbook" in capsys.readouterr().err


def test_no_progress_bar_when_stderr_is_not_a_terminal(rubric_file: Path, workbook: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    assert main(["score", "--lang", "en", str(rubric_file), str(workbook), "-o", str(tmp_path / "o.csv")]) == 1
    err = capsys.readouterr().err
    assert "评分" not in err and "\r" not in err


def test_a_progress_bar_on_a_terminal(rubric_file: Path, workbook: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    pytest.importorskip("tqdm")

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["score", "--lang", "en", str(rubric_file), str(workbook), "-o", str(tmp_path / "o.csv")]) == 1
    assert "scoring" in terminal.getvalue() and " units" in terminal.getvalue()  # --lang en: in English
    rows = list(csv.reader((tmp_path / "o.csv").read_text("utf-8-sig").splitlines()))
    assert [r[1] for r in rows[1:]] == ["17.00", "15.00", "18.00", "13.00", "17.00"]  # the bar changes nothing


def test_streaming_memory_does_not_hold_results(rubric: perfscore.Rubric, tmp_path: Path) -> None:
    """Results are dropped as they are written: at most a handful are alive at any time of the stream."""
    import gc

    from perfscore.render.population import stream_population

    seen = [0]
    units = tmp_path / "u.csv"
    units.write_text(HEADER + "\n" + "".join(f"项目{k},县区,100,{k % 100},是,是,否\n" for k in range(500)), "utf-8")

    def watched() -> Any:
        for unit in rubric.stream(units):
            yield unit
            seen[0] += 1
            if seen[0] % 100 == 0:
                gc.collect()
                assert sum(isinstance(o, perfscore.Result) for o in gc.get_objects()) <= 3

    out = io.StringIO()
    scored, errors = stream_population(rubric, map(perfscore.population.Scored.of, watched()), out, "csv", None, (),
                                       lambda p: None)  # fmt: skip
    assert (scored, errors) == (500, 0) and len(out.getvalue().splitlines()) == 501
    assert Decimal(out.getvalue().splitlines()[1].split(",")[1]) == Decimal("7.50")  # 项目0: A1 0 + A2 5 + A3 2.5


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_workers_reading_a_csv_give_what_one_process_reads(rubric_file: Path, tmp_path: Path, encoding: str,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """With workers, a CSV file's records are read in the worker processes: blank and description rows, a quoted
    cell across lines, a bad cell and a unit given twice in another chunk come out as read in one process."""
    monkeypatch.setattr(perfscore.population, "CHUNK", 2)  # many chunks: the repeated unit is in another one
    lines = [HEADER, ROWS[0], "", "填写说明,类别,万元,万元,是/否,是/否,是/否", '"丙,\n项目",县区,100,80,是,是,是',
             "丁项目,县区,50,40,2,是,是", ROWS[1], ROWS[4], "庚项目,市直,100,100,是,是,是", ROWS[5]]  # fmt: skip
    units = tmp_path / "u.csv"
    units.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"o{workers}.csv"
        assert main(["score", "--lang", "en", str(rubric_file), str(units), "-o", str(out), "--workers", workers]) == 1
        outputs.append((out.read_text("utf-8-sig"), capsys.readouterr().err.replace(str(out), "OUT")))
    assert outputs[0] == outputs[1]
    text, err = outputs[0]
    assert [row[:3] for row in csv.reader(io.StringIO(text, newline=""))] == [
        ["id", "总分", "等级"], ["甲项目", "17.00", "良"], ["丙,\n项目", "18.00", "优"], ["乙项目", "15.00", "良"],
        ["戊项目", "17.00", "良"], ["庚项目", "20.00", "优"]]  # fmt: skip
    # Rows as the spreadsheet numbers records: the header 1, 甲 2, the blank 3, the description 4, 丙 5 (two
    # lines), 丁 6, 乙 7, 戊 8, 庚 9, 甲 again 10.
    assert "row 6, unit 丁项目, column A2" in err
    assert "row 10, unit 甲项目, column 项目名称: the unit 甲项目 is in row 2 already" in err

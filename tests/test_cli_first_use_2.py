"""What a second new-user run from the README found (2026-12-06): ``score -o`` ignored most suffixes, a file
written was not always said, a table of units could not be asked for as JSON by its suffix, a column headed in %
refused its bare numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import perfscore
from perfscore.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples"
RUBRIC, DATA = str(EXAMPLE / "shuozhou-2020" / "rubric.perf"), str(EXAMPLE / "shuozhou-2020" / "data.toml")


@pytest.mark.parametrize(("name", "starts"), [
    ("s.json", '{\n  "title": "朔州市卫生健康委员会2020年部门整体支出绩效评价"'),
    ("s.csv", "code,level,name,weight,actual,score,rate,override_reason\n"),
    ("s.md", "# 朔州市卫生健康委员会2020年部门整体支出绩效评价\n"),
    ("s.html", "<!DOCTYPE html>"),
    ("s.txt", "指标"),  # any other suffix: the terminal table, as before
])  # fmt: skip
def test_the_output_suffix_chooses_the_format_and_the_file_is_said(tmp_path: Path, name: str, starts: str,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    # -o s.json wrote the terminal table (only .xlsx and .pdf followed the suffix), and said nothing
    target = tmp_path / name
    assert main(["score", RUBRIC, DATA, "-o", str(target), "--lang", "zh"]) == 0
    assert target.read_text("utf-8").startswith(starts)
    assert capsys.readouterr().err == f"已写入 {target}\n"


def test_the_json_the_suffix_asks_for_is_the_exact_result(tmp_path: Path) -> None:
    # Shuozhou 2020: total 80.85, grade 良 (the published table, seed 003)
    target = tmp_path / "s.json"
    assert main(["score", RUBRIC, DATA, "-o", str(target)]) == 0
    document = json.loads(target.read_text("utf-8"))
    assert (document["total"], document["grade"]) == ("80.85", "良")


def test_a_table_of_units_refuses_a_suffix_it_cannot_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # not "--format json is for one set of data": the user wrote no --format, only -o p.json
    units = EXAMPLE / "city-projects-2024"
    assert main(["score", str(units / "rubric.perf"), str(units / "项目.xlsx"), "-o", str(tmp_path / "p.json"),
                 "--lang", "en"]) == 2  # fmt: skip
    assert capsys.readouterr().err == (f"perfscore: error: {tmp_path / 'p.json'}: the results of a table of units are "
                                       "written as .csv, .jsonl or .xlsx (or, without -o, shown as the ranked table)\n")
    assert not (tmp_path / "p.json").exists()


RATE = "总分 10\n输入 满意度 比率\n指标 A1 甲 10 {\n 实际 = 满意度\n 目标 100%\n 按比例\n}\n"


def test_a_column_headed_in_percent_reads_its_bare_numbers_as_percentages(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    # 满意度（%）: 95.5 is 95.5% (10 × 95.5% = 9.55, it was refused as ambiguous), "90" is 90%, a cell "80%" stays
    # 80%, 0.5 is 0.5% (the header says the unit), text is still no number; (％) full-width reads the same
    rubric = perfscore.compile(RATE)
    rows = [{"单位名称": "甲", "满意度（%）": 95.5}, {"单位名称": "乙", "满意度（%）": "90"},
            {"单位名称": "丙", "满意度（%）": "80%"}, {"单位名称": "丁", "满意度（%）": 0.5},
            {"单位名称": "戊", "满意度（%）": "很好"}]  # fmt: skip
    scored = rubric.evaluate_many(perfscore.read_table(rows))
    assert [(u.id, None if u.result is None else str(u.result.total)) for u in scored] == [
        ("甲", "9.55"), ("乙", "9.00"), ("丙", "8.00"), ("丁", "0.05"), ("戊", None)]
    assert [(p.unit, p.message) for p in scored.problems] == [("戊", "'很好' 不是数字")]
    full_width = rubric.evaluate_many(perfscore.read_table([{"单位名称": "甲", "满意度（％）": 95.5}]))
    assert [str(u.result.total) for u in full_width if u.result] == ["9.55"]
    # a CSV file the same; a column without the unit still refuses the bare 95.5
    units = tmp_path / "u.csv"
    units.write_text("单位名称,满意度（%）\n甲,95.5\n", "utf-8")
    assert [str(u.result.total) for u in rubric.evaluate_many(units) if u.result] == ["9.55"]
    bare = rubric.evaluate_many(perfscore.read_table([{"单位名称": "甲", "满意度": 95.5}]))
    assert [u.result for u in bare] == [None] and "95.5%" in bare.problems[0].message


def test_a_file_that_is_not_there_is_said_so_in_the_rubric_language(tmp_path: Path) -> None:
    # "无法读取数据文件：No such file or directory": the system's English inside a Chinese message
    rubric = perfscore.compile(RATE)
    with pytest.raises(perfscore.DataError) as caught:
        rubric.evaluate(tmp_path / "nope.toml")
    assert str(caught.value) == f"评价数据中有 1 个问题\n  - {tmp_path / 'nope.toml'}：无法读取数据文件：文件不存在"
    assert caught.value.format("en").endswith("nope.toml: cannot read the data file: No such file or directory")
    with pytest.raises(perfscore.RubricError) as refused:
        perfscore.load(tmp_path / "nope.perf", language="zh")
    assert str(refused.value).endswith("nope.perf:1:1: 错误：无法读取评分办法：文件不存在")


def test_a_mistake_in_the_published_figures_names_their_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # it said "d.toml: 1 problem(s) in the reported-figures file", naming the data file
    rubric, data, figures = tmp_path / "r.perf", tmp_path / "d.toml", tmp_path / "typo.toml"
    rubric.write_text("总分 10\n指标 A1 甲 10 {\n 达标\n}\n", "utf-8")
    data.write_text('"A1" = true\n', "utf-8")
    figures.write_text('totl = "1"\n', "utf-8")
    assert main(["audit", str(rubric), str(data), str(figures), "--lang", "en"]) == 1
    assert capsys.readouterr().err.startswith(f"error: {figures}: 1 problem(s) in the reported-figures file\n  - totl: ")

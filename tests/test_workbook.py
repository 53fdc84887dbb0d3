"""Several 打分表 in one workbook (issue 13, item 6): a 汇总 sheet, then a sheet per table."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import perfscore
from perfscore.cli import main
from perfscore.render import score_table, write_workbook

openpyxl = pytest.importorskip("openpyxl")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "shuozhou-2020"

RUBRIC = """评价 "小型评价"
总分 10
指标 A1 预算执行率 10 {
  目标 100%
  按比例
}
"""


def test_one_sheet_per_table_and_a_summary_with_links(tmp_path: Path) -> None:
    rubric = perfscore.compile(RUBRIC)
    out = tmp_path / "all.xlsx"
    # by hand: 10 × 92% = 9.20 (rate 92%), 10 × 75% = 7.50
    write_workbook({"卫健委": rubric.evaluate({"A1": "92%"}), "教育局": score_table(rubric.evaluate({"A1": "75%"}))}, out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "卫健委", "教育局"]
    rows = list(book["汇总"].iter_rows(values_only=True))
    assert rows == [("序号", "名称", "总分", "满分", "得分率", "评价等级", "工作表"),
                    (1, "卫健委", 9.2, 10, 0.92, None, "卫健委"),
                    (2, "教育局", 7.5, 10, 0.75, None, "教育局")]  # fmt: skip
    assert book["汇总"]["C2"].number_format == "0.00" and book["汇总"]["E2"].number_format == "0.00%"
    link = book["汇总"]["G3"].hyperlink
    assert (link.location, link.target) == ("'教育局'!A1", None)  # inside the workbook, never an address
    assert book["教育局"]["I3"].value == 7.5  # the table itself: 得分 of A1


def test_tables_without_names_take_their_titles_made_unique(tmp_path: Path) -> None:
    rubric = perfscore.compile(RUBRIC)
    results = [rubric.evaluate({"A1": "100%"}), rubric.evaluate({"A1": "50%"})]
    out = tmp_path / "t.xlsx"
    write_workbook(results, out)
    assert openpyxl.load_workbook(out).sheetnames == ["汇总", "小型评价", "小型评价(2)"]


def test_a_name_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    rubric = perfscore.compile(RUBRIC)
    out = tmp_path / "x.xlsx"
    write_workbook({"=HYPERLINK(\"http://x\")": rubric.evaluate({"A1": "100%"})}, out)
    cell = openpyxl.load_workbook(out)["汇总"]["B2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'


def test_render_with_several_data_files_writes_one_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("卫健委", "教育局"):
        shutil.copy(EXAMPLE / "data.toml", tmp_path / f"{name}.toml")
    out = tmp_path / "全部.xlsx"
    argv = ["render", str(EXAMPLE / "rubric.perf"), "--data", str(tmp_path / "卫健委.toml"), "--data",
            str(tmp_path / "教育局.toml"), "--to", "xlsx", "-o", str(out)]  # fmt: skip
    assert main(argv) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "卫健委", "教育局"]
    assert [r[2] for r in book["汇总"].iter_rows(min_row=2, values_only=True)] == [80.85, 80.85]  # the seed's total
    assert capsys.readouterr().err == f"已写入 {out}（2 张表和汇总表）\n"  # the rubric's language
    assert main([*argv[:1], "--lang", "en", *argv[1:]]) == 0
    assert capsys.readouterr().err == f"wrote {out} (2 tables and 汇总)\n"


def test_a_bad_data_file_is_named_and_nothing_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(EXAMPLE / "data.toml", tmp_path / "好.toml")
    (tmp_path / "坏.toml").write_text('A11 = "abc"\n', "utf-8")
    out = tmp_path / "全部.xlsx"
    argv = ["render", str(EXAMPLE / "rubric.perf"), "--data", str(tmp_path / "好.toml"), "--data",
            str(tmp_path / "坏.toml"), "--to", "xlsx", "-o", str(out)]  # fmt: skip
    assert main(argv) == 1
    assert capsys.readouterr().err.startswith(f"错误：{tmp_path / '坏.toml'}：")
    assert not out.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--to", "md"], "several --data files make one workbook, a sheet each: --to xlsx -o FILE.xlsx"),
        (["--to", "xlsx", "-o", "{data}"], "this is the data file the command reads"),
        (["--to", "md", "--lang", "zh"], "多个 --data 文件合成一个工作簿，每个一张表：--to xlsx -o FILE.xlsx"),
    ],
)
def test_several_tables_need_a_workbook_of_their_own(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     extra: list[str], message: str) -> None:  # fmt: skip
    data = tmp_path / "a.toml"
    shutil.copy(EXAMPLE / "data.toml", data)
    shutil.copy(EXAMPLE / "data.toml", tmp_path / "b.toml")
    argv = ["render", str(EXAMPLE / "rubric.perf"), "--data", str(data), "--data", str(tmp_path / "b.toml"),
            *(e.format(data=tmp_path / "b.toml") for e in extra)]  # fmt: skip
    argv += [] if "--lang" in argv else ["--lang", "en"]
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert data.read_bytes() == (EXAMPLE / "data.toml").read_bytes()


def test_a_single_table_renders_as_before(tmp_path: Path) -> None:
    out = tmp_path / "one.xlsx"
    assert main(["render", str(EXAMPLE / "rubric.perf"), "--data", str(EXAMPLE / "data.toml"), "--to", "xlsx",
                 "-o", str(out)]) == 0  # fmt: skip
    assert openpyxl.load_workbook(out).sheetnames == ["打分表"]
    sheet = openpyxl.load_workbook(out)["打分表"]
    assert (sheet["A37"].value, sheet["I37"].value) == ("合计", 80.85)  # 34 leaf rows from row 3, then 合计

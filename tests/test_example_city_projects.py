"""The population example (examples/city-projects-2024): its workbook is what generate.py writes, one project
scores what its README computes by hand, the six bad rows get the README's messages, the README's commands
run, and the notebook executes (nbclient) with its charts drawn and its workbook written."""

from __future__ import annotations

import importlib.resources
import importlib.util
import os
import shutil
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import nbformat
import openpyxl
import pytest
from nbclient import NotebookClient

import perfscore
from perfscore.cli import main

FOLDER = Path(__file__).resolve().parents[1] / "examples" / "city-projects-2024"
FONT = str(importlib.resources.files("manimgx_fonts_cjk") / "NotoSansCJK-VF.otf.ttc")
#: The README's table of bad rows: row, project, column, message.
BAD_ROWS = [
    (19, "城东区迎春街道村卫生室标准化建设项目", "执行数(万元)", "'约120' is not a number"),
    (60, "城西区西关街道远程医疗服务点建设项目", "P21 验收合格率（％）", "missing"),
    (106, "高新区创业街道健康素养促进项目", "E11 群众健康素养提升.level",
     "'基本达成' is not a declared level (达成年度指标、部分达成、未达成)"),
    (151, "高新区汇智街道中医药适宜技术推广项目", "E21 长效机制建立.score",
     "the judged score 8.5 is outside the declared range [6, 8): its end 8 is excluded (不含)"),
    (233, "北山县龙泉乡基层卫生人员培训项目", "预算数（万元）", "'待核实' is not a number"),
    (303, "城东区东湖街道家庭医生签约服务项目", "项目名称",
     "the unit 城东区东湖街道家庭医生签约服务项目 is in row 44 already: each unit is one row (this row is not scored)"),
]  # fmt: skip


@pytest.fixture(scope="module")
def population() -> perfscore.Population:
    return perfscore.load(FOLDER / "rubric.perf", language="en").evaluate_many(FOLDER / "项目.xlsx", by="主管部门")


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("city_projects_generate", FOLDER / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cells(path: Path) -> list[list[tuple[Any, str]]]:
    sheet = openpyxl.load_workbook(path)["项目"]
    return [[(c.value, c.number_format) for c in row] for row in sheet.iter_rows()]


def test_the_workbook_is_what_the_script_writes(tmp_path: Path) -> None:
    _generator().write(tmp_path / "项目.xlsx")
    assert _cells(tmp_path / "项目.xlsx") == _cells(FOLDER / "项目.xlsx")


def test_one_project_as_the_readme_computes_it(population: perfscore.Population) -> None:
    unit = population["城东区东关街道基层卫生人员培训项目"]
    assert unit.row == 3 and unit.result is not None
    leaves = {code: unit.result[code].score for code in ("R", "P11", "P12", "P21", "P31", "P41", "E11", "E12", "E21",
                                                         "S11")}  # fmt: skip
    assert {k: str(v) for k, v in leaves.items()} == {"R": "9.18", "P11": "14.25", "P12": "10.00", "P21": "10.00",
        "P31": "5.00", "P41": "9.28", "E11": "7.70", "E12": "10.00", "E21": "9.50", "S11": "9.84"}  # fmt: skip
    assert unit.total == sum(leaves.values(), Decimal(0)) == Decimal("94.75") and unit.grade == "优"
    assert population.ranks()[unit.id] == 76 and population.ranks("主管部门")[unit.id] == 18


def test_the_bad_rows_and_the_totals_of_the_readme(population: perfscore.Population) -> None:
    assert [(p.row, p.unit, p.column, p.message) for p in population.problems] == BAD_ROWS
    assert all(p.sheet == "项目" and p.severity == "error" for p in population.problems)
    summary = population.summary()
    assert (summary["units"], summary["scored"]) == (301, 295)
    assert {grade: figures["count"] for grade, figures in summary["grades"].items()} == {"优": 125, "良": 89, "中": 76,
                                                                                         "差": 5}  # fmt: skip
    totals = summary["figures"]["总分"]
    assert (totals["mean"], totals["min"], totals["max"]) == (Decimal("85.76"), Decimal("54.04"), Decimal("99.30"))
    # 125 of 295 优: 42.372…% → 42.37%
    assert str(summary["grades"]["优"]["share"]) == "0.4237"


def test_the_readme_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PERFSCORE_FONT", FONT)
    monkeypatch.chdir(FOLDER)
    out = tmp_path / "结果.xlsx"
    assert main(["score", "rubric.perf", "项目.xlsx", "-o", str(out), "--by", "主管部门", "--charts", str(tmp_path / "图表")]) == 1
    err = capsys.readouterr().err
    assert err.count("项目.xlsx：工作表 项目，第 ") == 6  # in the rubric's language, Chinese
    assert "项目.xlsx：工作表 项目，第 19 行，单位 城东区迎春街道村卫生室标准化建设项目，列 执行数(万元)：'约120' 不是数字\n" in err
    assert openpyxl.load_workbook(out).sheetnames == ["汇总", "问题"]
    assert sorted(p.name for p in (tmp_path / "图表").iterdir()) == ["一级指标.png", "总分分布.png", "等级.png"]
    unit = "城东区东关街道基层卫生人员培训项目"
    assert main(["chart", "rubric.perf", "项目.xlsx", "--kind", "unit", "--unit", unit, "-o", str(tmp_path / "东关.png")]) == 1
    assert (tmp_path / "东关.png").stat().st_size > 10_000


def test_the_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Executed in a copy of the folder, with this checkout's perfscore: no error, four charts, the workbook."""
    work = tmp_path / "city"
    shutil.copytree(FOLDER, work, ignore=shutil.ignore_patterns("结果.*", "图表"))
    source = str(Path(perfscore.__file__).resolve().parents[1])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([source, *filter(None, [os.environ.get("PYTHONPATH")])]))
    monkeypatch.setenv("PERFSCORE_FONT", FONT)
    notebook = nbformat.read(work / "population.ipynb", as_version=4)
    NotebookClient(notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr" and "Glyph" in o.text]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 4
    assert outputs[0]["data"]["text/plain"] == "<Population: 301 units, 295 scored, 6 errors>"
    assert openpyxl.load_workbook(work / "结果.xlsx").sheetnames == ["汇总", "问题"]
    assert sorted(p.name for p in (work / "图表").iterdir()) == ["一级指标.png", "总分分布.png", "等级.png"]

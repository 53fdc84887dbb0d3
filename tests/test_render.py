"""The rendered 打分表: generated 评分标准 wording, rows, and the xlsx / Markdown / HTML outputs."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

import perfscore
from perfscore import ast
from perfscore.render import (
    criteria_text,
    score_table,
    score_table_for_rubric,
    to_html,
    to_markdown,
    write_xlsx,
)
from perfscore.render.table import HEADERS, Table

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "shuozhou-2020"


@pytest.fixture(scope="module")
def rubric() -> perfscore.Rubric:
    return perfscore.load(EXAMPLE / "rubric.perf")


@pytest.fixture(scope="module")
def table(rubric: perfscore.Rubric) -> Table:
    return score_table(rubric.evaluate(EXAMPLE / "data.toml"))


def _indicator(rubric: perfscore.Rubric, code: str) -> ast.Indicator:
    node = next(n for n in ast.walk(rubric.ast.nodes) if n.code == code)
    assert isinstance(node, ast.Indicator)
    return node


#: Each beside the seed's own 评分标准 (seed 003, 附件1), which the generated wording follows: the subject
#: first, the limit, the step and what it costs, 扣完为止; no spaces; 满分 for the whole weight.
WORDING = {
    # seed: “三公经费”控制率达到目标值得满分,每增加1%扣除20%权重分,扣完为止
    "B13": "三公经费变动率≤0%时得满分，否则每增加1%扣20%权重分，扣完为止",
    # seed: 如执行率在95%以上（含）则得3分，执行率在90-95%（含）的，得2分；85-90%（含）的，得1分；低于85%的，得0分
    "B21": "预算完成率≥95%得3分；90%（含）至95%（不含）得2分；85%（含）至90%（不含）得1分；<85%不得分",
    # seed: 结转结余率≤9%时得满分,否则每增加1%(不足1%按四舍五入原则取整)减5%权重分,扣完为止
    "B22": "结转结余率≤9%时得满分，否则每增加1%（不足1%按四舍五入取整）扣5%权重分，扣完为止",
    # seed: 重点支出安排率≥70%时得满分,否则每低1%扣2%权重分,扣完为止
    "B23": "重点支出安排率≥70%时得满分，否则每低1%扣2%权重分，扣完为止",
    # seed: 政府采购执行率为100%时得满分，否则得分为政府采购执行率×权重分
    "B24": "政府采购执行率达到100%得满分，否则按实际值/目标值×权重分计分",
    # seed: 固定资产利用率达到 100%得满分，否则按照实际利用率×权重分，利用率低于 60%不得分
    "B42": "固定资产利用率达到100%得满分，否则按实际值/目标值×权重分计分，低于60%不得分",
    # seed: ①②③各占权重的 35%、35%、30%，符合得权重分，不符合不得分
    "A11": "①落实工作要求（35%）②符合三定职责（35%）③符合中长期规划（30%），符合得相应权重分，不符合不得分",
    # seed: 朔州市医疗服务水平明显提升得满分,有所提升得 50% 权重分, 否则不得分
    "C11": "明显提升的，得满分；有所提升的，得50%权重分；未提升的，不得分",
    # seed: …对部门（单位）管理体制或运行机制方面进行改革得权重分，否则不得分 (target 符合)
    "D11": "符合得满分，否则不得分",
}


@pytest.mark.parametrize("code", sorted(WORDING))
def test_criteria_text_of_the_shuozhou_rules(rubric: perfscore.Rubric, code: str) -> None:
    assert criteria_text(_indicator(rubric, code), Decimal(3)) == WORDING[code]


def test_completion_lists_its_items_before_the_rule(rubric: perfscore.Rubric) -> None:
    text = criteria_text(_indicator(rubric, "C14"), Decimal(3))
    assert text == ("①“双签约”服务 100% 覆盖建档立卡贫困户中因病致贫、因病返贫群众②基本医疗水平提升，"
                    "以上2项按完成率计算，完成率达到100%得满分，否则按实际值/目标值×权重分计分")  # fmt: skip


def _pct(text: str) -> ast.Number:
    return ast.Number(Decimal(text) / 100, "%")


def _rule(rule: ast.Rule, target: ast.Target | None = None) -> str:
    return criteria_text(ast.Indicator("X1", "x", ast.Weight(Decimal(4)), rule=rule, target=target), Decimal(4))


def test_criteria_text_of_other_rules() -> None:
    points = ast.Amount(Decimal("0.5"), "points")
    assert _rule(ast.Proportional(reverse=True), ast.Target("<=", _pct("5"))) == (
        "x不高于5%得满分，否则按目标值/实际值×权重分计分"
    )
    assert _rule(ast.Deduct(points, _pct("1"), "beyond", _pct("5"), "up", ast.Amount(Decimal(2), "points"))) == (
        "x等于5%时得满分，否则每偏离1%（不足1%按1%计算）扣0.5分，最多扣2分"
    )
    assert _rule(ast.Deduct(points, ast.Number(Decimal(1)), "above", ast.Number(Decimal(3)), "down")) == (
        "x≤3时得满分，否则每增加1（不足1不计）扣0.5分，扣完为止"
    )
    formula = ast.Formula(ast.BinOp("*", ast.Name("weight"), ast.Name("actual")))
    assert _rule(formula) == "得分=权重分×实际值，最低0分，最高不超过权重分"
    assert _rule(ast.Linear(_pct("50"), _pct("100"))) == "x为50%时不得分，达到100%时得满分，介于两者之间的按比例计分"
    judged = ast.Judged(ast.AmountRange(ast.Amount(Decimal(1), "points"), ast.Amount(Decimal(3), "points")))
    assert _rule(judged) == "由评价组根据x的实际情况评定，得1—3分"
    when = ast.Bands((ast.Band(ast.Interval(_pct("60"), _pct("80"), False, True), ast.Amount(Decimal("0.5"), "share")),
                      ast.Band(ast.Otherwise(), ast.Amount(Decimal(0), "points"))))  # fmt: skip
    assert _rule(when) == "x为60%（不含）至80%（含）得50%权重分；其他情况不得分"


def test_rows_follow_the_official_table(table: Table) -> None:
    assert len(table.rows) == 34
    b24 = next(r for r in table.rows if r.code == "B24")
    # Scored, a group cell carries its subtotal; by hand from the leaf rows: B2 = 0 + 1.35 + 3 + 2.59 + 2.25,
    # B = B1 6 + B2 9.19 + B3 6 + B4 2.19 + B5 4.5.
    assert (b24.level1, b24.level2, b24.level3) == ("B 管理效率（40分，得分27.88）", "B2 预算执行（15分，得分9.19）",
                                                    "B24 政府采购执行率")  # fmt: skip
    assert b24.cells(2)[3:] == (
        "3", b24.definition, "100%", WORDING["B24"], "86.45%", "2.59", "86.33%",
    )  # fmt: skip
    # 一级指标 A spans its ten indicators, 二级指标 A2 its four.
    assert [r.span1 for r in table.rows[:11]] == [10] + [0] * 9 + [15]
    assert [r.span2 for r in table.rows[1:5]] == [4, 0, 0, 0]
    assert table.totals()[3:] == ("100", "", "", "", "", "80.85", "80.85%")
    assert table.grade == "良"


def test_rubric_alone_leaves_the_results_empty(rubric: perfscore.Rubric) -> None:
    blank = score_table_for_rubric(rubric)
    assert len(blank.rows) == 34 and blank.grade is None and blank.total_score is None
    assert all(r.actual == "" and r.score is None and r.rate is None for r in blank.rows)
    assert blank.rows[0].cells(2)[-3:] == ("", "", "")
    assert (blank.rows[0].level1, blank.rows[0].level2) == ("A 履职效能（30）", "A1 工作目标设定（3）")
    assert blank.totals()[3] == "100" and blank.totals()[8] == ""


def test_xlsx(table: Table, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "score.xlsx"
    write_xlsx(table, path)
    ws = openpyxl.load_workbook(path).active
    assert ws["A1"].value == "朔州市卫生健康委员会2020年部门整体支出绩效评价"
    assert tuple(c.value for c in ws[2]) == HEADERS
    rows = {ws.cell(r, 3).value.split()[0]: r for r in range(3, 37)}
    b24 = rows["B24"]
    assert ws.cell(b24, 4).value == 3
    assert ws.cell(b24, 8).value == "86.45%"
    assert ws.cell(b24, 9).value == pytest.approx(2.59) and ws.cell(b24, 9).number_format == "0.00"
    assert ws.cell(b24, 10).value == pytest.approx(0.8633) and ws.cell(b24, 10).number_format == "0.00%"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:J1", "A3:A12", "B4:B7", "A37:C37"} <= merged
    assert ws["A37"].value == "合计" and ws["D37"].value == 100
    assert ws["I37"].value == pytest.approx(80.85)
    assert (ws["A38"].value, ws["B38"].value) == ("评价等级", "良")
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$2:$2"
    assert str(ws.page_setup.paperSize) == str(ws.PAPERSIZE_A4) and ws.sheet_properties.pageSetUpPr.fitToPage


def test_xlsx_accepts_a_result(rubric: perfscore.Rubric, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    write_xlsx(rubric.evaluate(EXAMPLE / "data.toml"), tmp_path / "r.xlsx")
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").active["I37"].value == pytest.approx(80.85)


def test_markdown(table: Table) -> None:
    text = to_markdown(table)
    lines = text.splitlines()
    assert lines[0] == "# 朔州市卫生健康委员会2020年部门整体支出绩效评价"
    assert "| 一级指标 | 二级指标 | 三级指标 | 权重 |" in text
    a21 = next(line for line in lines if "A21 " in line)
    assert a21.startswith("|  | A2 目标任务实现程度（11分，得分10.99） | A21 ")  # 2.99 + 3 + 3 + 2  # 一级指标 merged above: left empty
    b24 = next(line for line in lines if "B24 " in line)
    assert b24.endswith("| 86.45% | 2.59 | 86.33% |")
    assert "| **合计** |  |  | **100** |" in text and "评价等级：**良**" in text
    assert sum(1 for line in lines if line.startswith("| ")) == 1 + 34 + 1


def test_html(table: Table) -> None:
    page = to_html(table)
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert sorted(int(n) for n in re.findall(r'rowspan="(\d+)"', page)) == sorted(
        [10, 15, 6, 3] + [4, 3, 2, 3, 5, 3, 2, 2, 4, 2, 2]
    )
    assert page.count("<tr id=") == 34
    assert '<td class="group" rowspan="10">A 履职效能（30分，得分26.52）</td>' in page  # 3 + 10.99 + 6.53 + 6
    assert "<td>86.45%</td>" in page and "评价等级：<strong>良</strong>" in page
    assert "<td colspan=\"3\">合计</td>" in page


def test_a_leaf_under_a_level_1_group_is_a_level_2_indicator(tmp_path: Path) -> None:
    """Liuyang's 投入管理 items sit directly under 一级指标 T: the form prints them as 二级指标."""
    liuyang = perfscore.load(Path(__file__).resolve().parents[1] / "examples" / "liuyang-2021" / "rubric.perf")
    rows = {r.code: r for r in score_table_for_rubric(liuyang).rows}
    assert (rows["T1"].level1, rows["T1"].level2, rows["T1"].level3) == ("T 投入管理指标（30）", "T1 预算编审管理", "")
    assert (rows["T1"].span1, rows["T2"].span1, rows["T1"].span2) == (8, 0, 1)
    assert (rows["P11"].level2, rows["P11"].level3) == ("P1 数量指标（6）", "P11 居民健康档案管理")
    openpyxl = pytest.importorskip("openpyxl")
    write_xlsx(score_table_for_rubric(liuyang), tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert sheet.cell(3, 2).value == "T1 预算编审管理" and sheet.cell(3, 3).value is None
    assert "A3:A10" in {str(r) for r in sheet.merged_cells.ranges}

"""Standard indicators (引用 预算执行率): each scored with data computed by hand, overrides, errors."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

import perfscore
from perfscore.cli import main

NAMES = ["预算执行率", "预算完成率", "预算调整率", "支付进度率", "结转结余率", "结转结余变动率", "三公经费变动率",
         "公用经费控制率", "在职人员控制率", "政府采购执行率", "固定资产利用率", "重点支出安排率", "资金到位率",
         "资金到位及时率"]  # fmt: skip

ALL = "总分 140\n" + "\n".join(f"指标 S{k:02} {name} 10 {{ 引用 {name} }}" for k, name in enumerate(NAMES, 1))

DATA = {
    "预算数": 200, "执行数": 180, "决算数": 182, "年初预算": 160,
    "既定支付进度": "80%", "实际支付进度": "60%",
    "结转结余总额": 20.2, "上年结转结余总额": 20,
    "上年三公经费": 50, "本年三公经费": 51,
    "公用经费预算数": 100, "公用经费支出": 103,
    "编制数": 50, "在职人数": 48,
    "政府采购预算": 80, "政府采购支出": 60,
    "固定资产总额": 100, "在用固定资产": 65,
    "项目总支出": 100, "重点项目支出": 65,
    "计划投入资金": 100, "实际到位资金": 95,
    "应到位资金": 95, "及时到位资金": 76,
}  # fmt: skip

# Each by hand, weight 10:
EXPECTED = {
    "预算执行率": "9",          # 180/200 = 90% → 10 × 90%
    "预算完成率": "6.67",       # 182/200 = 91% ∈ [90%, 95%) → 10 × 2/3
    "预算调整率": "0",          # |200 − 160|/160 = 25% > 0
    "支付进度率": "7.5",        # 60%/80% = 75% → 10 × 75%
    "结转结余率": "9.5",        # 20.2/200 = 10.1%: 1.1 over 9% rounds to 1 → −5%
    "结转结余变动率": "8",      # (20.2 − 20)/20 = 1% → −20%
    "三公经费变动率": "6",      # (51 − 50)/50 = 2% → −40%
    "公用经费控制率": "7",      # 103/100 = 103%: 3 over 100% → −30%
    "在职人员控制率": "10",     # 48/50 = 96% ≤ 100%
    "政府采购执行率": "7.5",    # 60/80 = 75%
    "固定资产利用率": "6.5",    # 65/100 = 65% ≥ 60% → 10 × 65%
    "重点支出安排率": "9",      # 65/100 = 65%: 5 under 70% → −10%
    "资金到位率": "9.5",        # 95/100
    "资金到位及时率": "8",      # 76/95 = 80%
}  # fmt: skip


def test_every_standard_indicator_scores_hand_computed_values() -> None:
    rubric = perfscore.compile(ALL, language="en")
    assert rubric.warnings == ()
    result = rubric.evaluate(DATA)
    for k, name in enumerate(NAMES, 1):
        assert result[f"S{k:02}"].score == Decimal(EXPECTED[name]), name
    assert result.total == Decimal("104.17")  # the sum of the rows above
    assert set(rubric.inputs) == set(DATA)  # exactly the raw amounts the formulas need


def test_one_standard_brings_only_its_inputs_and_its_wording() -> None:
    rubric = perfscore.compile("总分 5\n指标 B21 预算执行率 5 { 引用 预算执行率 }", language="en")
    assert set(rubric.inputs) == {"执行数", "预算数"}
    node = rubric.ast.nodes[0]
    assert isinstance(node, perfscore.ast.Indicator)
    assert node.direction == "higher" and node.criteria is not None and node.criteria.startswith("预算执行率=")
    result = rubric.evaluate({"预算数": 100, "执行数": 80})
    assert result["B21"].score == Decimal(4)  # 5 × 80%
    assert "执行数 = 80" in result.explain("B21")


def test_fixed_asset_cutoff() -> None:
    rubric = perfscore.compile("总分 2\n指标 B42 固定资产利用率 2 { 引用 固定资产利用率 }", language="en")
    assert rubric.evaluate({"固定资产总额": 100, "在用固定资产": "59.9"})["B42"].score == 0  # below 60%
    assert rubric.evaluate({"固定资产总额": 1984.94, "在用固定资产": 1377.73})["B42"].score == Decimal("1.39")  # seed 003


def test_a_written_target_moves_the_limit_and_the_wording(tmp_path: Path) -> None:
    text = "总分 3\n指标 B22 结转结余率 3 {\n  引用 结转结余率\n  目标 ≤ 10%\n}"
    rubric = perfscore.compile(text, language="en")
    # 12.4% is 2.4 over 10%, rounded to 2 → 2 × 5% × 3 = 0.3
    assert rubric.evaluate({"预算数": 100, "结转结余总额": 12.4})["B22"].score == Decimal("2.7")
    table = rubric_md(rubric, tmp_path)
    assert "≤10%时得满分" in table and "9%" not in table


def test_a_written_rule_replaces_the_standard_rule_and_its_wording() -> None:
    text = "总分 3\n指标 B21 预算完成率 3 {\n  引用 预算完成率\n  按比例\n}"
    rubric = perfscore.compile(text, language="en")
    assert rubric.evaluate({"预算数": 100, "决算数": 80})["B21"].score == Decimal("2.53")  # 3 × 80/95
    node = rubric.ast.nodes[0]
    assert isinstance(node, perfscore.ast.Indicator) and node.criteria is None  # generated from the new rule


def test_a_declared_input_replaces_the_formula() -> None:
    text = "总分 5\n输入 预算执行率 比率\n指标 B21 预算执行率 5 { 引用 预算执行率 }"
    rubric = perfscore.compile(text, language="en")
    assert set(rubric.inputs) == {"预算执行率"}
    assert rubric.evaluate({"预算执行率": "90%"})["B21"].score == Decimal("4.5")


def test_a_written_actual_drops_the_wording_of_the_formula() -> None:
    rubric = perfscore.compile("总分 5\n指标 B22 结转结余率 5 { 引用 结转结余率 ; 实际 比率 }", language="en")
    node = rubric.ast.nodes[0]
    assert isinstance(node, perfscore.ast.Indicator) and node.criteria is None and node.direction == "lower"
    assert rubric.inputs == ("B22",)  # the rate from the data, under the code: no amounts asked for
    assert rubric.evaluate({"B22": "10.1%"})["B22"].score == Decimal("4.75")  # 1.1 over 9% → 1 step of 5%


def test_english_keyword_and_names() -> None:
    rubric = perfscore.compile("total 5\nindicator B21 预算执行率 5 { standard 预算执行率 }", language="en")
    assert rubric.evaluate({"预算数": 100, "执行数": 100})["B21"].score == 5
    english = perfscore.compile("total 3\nindicator B22 carryover 3 { standard carryover_rate }", language="en")
    assert english.evaluate({"预算数": 100, "结转结余总额": 12.4})["B22"].score == Decimal("2.55")  # 3.4 → 3 steps of 5% × 3
    with pytest.raises(perfscore.CheckError, match="did you mean 引用 carryover_rate"):
        perfscore.compile("total 3\nindicator B22 carryover 3 { standard carryover_rat }", language="en")


def test_the_documented_list_is_the_library() -> None:
    """docs/standards.md lists every standard with its formula and English name, as the library has them."""
    from perfscore.standards import ENGLISH

    page = (Path(__file__).resolve().parents[1] / "docs" / "standards.md").read_text(encoding="utf-8")
    rows = [[cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip("|"))] for line in page.splitlines()
            if line.startswith("| ") and "`" in line.split("|")[2]]  # fmt: skip
    assert [row[0] for row in rows] == NAMES
    assert {row[1].strip("`"): row[0] for row in rows} == ENGLISH
    library = perfscore.compile(ALL, language="en")
    formulas = {m.name: m for m in library.ast.metrics}
    for row in rows:  # the formula column, as the printer writes the metric (|x| for abs(x))
        written = row[2].replace("\\|", "|")
        metric = perfscore.parse(f"计算 {row[0]} = {_abs(written)}").metrics[0]
        assert metric == formulas[row[0]], row[0]


def _abs(text: str) -> str:
    """``|a − b| / c`` as ``abs(a - b) / c``."""
    return re.sub(r"\|([^|]*)\|", r"abs(\1)", text).replace("−", "-")


def test_unknown_standard_name_gets_did_you_mean_and_other_errors_too() -> None:
    text = "总分 10\n指标 B21 预算执行率 5 { 引用 预算执形率 }\n指标 B22 其他 5 { 实际 = 未知 ; 按比例 ; 目标 100% }"
    with pytest.raises(perfscore.CheckError) as raised:
        perfscore.compile(text, "r.perf", language="en")
    message = str(raised.value)
    assert "r.perf:2:18: error: unknown standard indicator 预算执形率" in message
    assert "did you mean 引用 预算执行率?" in message
    assert "unknown name 未知" in message  # all problems at once
    assert "no rule" not in message and "B21" not in message.split("预算执形率")[-1].split("未知")[0]
    (fix,) = [d.fix for d in raised.value.diagnostics if d.code == "unknown-standard"]
    assert fix is not None and fix.apply(text).splitlines()[1] == "指标 B21 预算执行率 5 { 引用 预算执行率 }"


def test_unknown_standard_beside_a_syntax_error() -> None:
    text = "总分 10\n指标 B21 预算执行率 5 { 引用 预算执形率 }\n指标 B22 乙 5 {\n  目标 ≥\n  按比例\n}\n"
    with pytest.raises(perfscore.ParseError) as raised:
        perfscore.compile(text, "r.perf", language="en")
    assert [(d.line, d.code) for d in raised.value.diagnostics] == [(2, "unknown-standard"), (4, "syntax")]


def test_fmt_keeps_the_reference(tmp_path: Path) -> None:
    path = tmp_path / "r.perf"
    path.write_text("总分 8\n指标 B21 预算执行率 5 {  引用   预算执行率 ;  目标 ≥ 90% }\n指标 B22 结转结余率 3 {\n"
                    "  引用 结转结余率\n}\n", encoding="utf-8")  # fmt: skip
    assert main(["fmt", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == (
        "总分 8\n保留 2 位 四舍五入\n\n指标 B21 预算执行率 5 {\n  引用 预算执行率\n  目标 ≥ 90%\n}\n\n"
        "指标 B22 结转结余率 3 { 引用 结转结余率 }\n")  # a reference alone stays on one line


def test_the_library_is_a_checked_rubric() -> None:
    from importlib import resources

    library = resources.files("perfscore").joinpath("library", "standard.perf").read_text(encoding="utf-8")
    rubric = perfscore.compile("总分 140\n" + library, language="en")
    assert rubric.warnings == ()
    assert [n for n in rubric.codes if n != "S"] == [f"S{k:02}" for k in range(1, 15)]


def rubric_md(rubric: perfscore.Rubric, tmp_path: Path) -> str:
    """The blank 打分表 in Markdown, as `perfscore render` writes it."""
    path, out = tmp_path / "rubric.perf", tmp_path / "table.md"
    path.write_text(rubric.source.text, encoding="utf-8")
    assert main(["render", str(path), "--to", "md", "-o", str(out)]) == 0
    return out.read_text(encoding="utf-8")

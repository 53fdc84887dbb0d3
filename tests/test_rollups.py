"""Roll-ups (上级得分): a superior's score from its subordinate units' scores, computed by hand on a small tree."""

from __future__ import annotations

from decimal import Decimal

import pytest

import perfscore
from perfscore.printer import format_rubric

GRADES = "评价等级 {\n  优 ≥ 90\n  良 [80, 90)\n  中 [60, 80)\n  差 < 60\n}\n"
INDICATOR = "输入 完成率 比率\n指标 A1 完成率 100 {\n  目标 100%\n  实际 = 完成率\n  按比例\n}\n"
SEVENTY = "上级得分 上级单位 本级 70% 下级平均 30%\n" + GRADES + INDICATOR
MEAN = "上级得分 上级单位 下级平均 100%\n" + GRADES + INDICATOR


def _units(*rows: tuple[str, str, object]) -> list[dict[str, object]]:
    return [{"单位": unit, "上级单位": superior, "完成率": rate} for unit, superior, rate in rows]


# A province P over cities C1, C2; counties K1, K2 under C1 and K3 under C2. Totals: 100 × the rate.
TREE = _units(("P", "", "80%"), ("C1", "P", "90%"), ("C2", "P", "70%"), ("K1", "C1", "60%"), ("K2", "C1", "100%"),
              ("K3", "C2", "50%"))  # fmt: skip


def test_seventy_percent_own_and_thirty_the_mean_of_the_subordinates() -> None:
    """C1 = 70% × 90 + 30% × (60 + 100)/2 = 87; C2 = 70% × 70 + 30% × 50 = 64; P = 70% × 80 + 30% × (87 + 64)/2
    = 78.65, the cities' rolled-up scores, not their own."""
    rubric = perfscore.compile(SEVENTY)
    population = rubric.evaluate_many(TREE, id="单位")
    assert population.problems == ()
    rolled = population.roll_ups()
    assert list(rolled) == ["P", "C1", "C2"]
    assert {name: str(r.total) for name, r in rolled.items()} == {"P": "78.65", "C1": "87.00", "C2": "64.00"}
    assert {name: r.grade for name, r in rolled.items()} == {"P": "中", "C1": "良", "C2": "中"}
    assert rolled["P"].subordinates == ("C1", "C2") and rolled["P"].mean == Decimal("75.5")
    assert rolled["P"].explain() == "P：本级 80 分 × 70% + 下级 2 个单位平均 75.5 分 × 30% = 78.65 分"
    assert rolled["C1"].explain("en") == "C1: own 90 × 70% + the mean of 2 subordinate units 80 × 30% = 87 points"
    assert str(population["K1"].total) == "60.00"  # a unit with no subordinates keeps its own score


def test_a_province_as_the_mean_of_its_sampled_cities() -> None:
    """Without an own share the superior needs no row: P = (90 + 70 + 83.33)/3 = 81.11, graded 良."""
    rubric = perfscore.compile(MEAN)
    population = rubric.evaluate_many(_units(("C1", "P", "90%"), ("C2", "P", "70%"), ("C3", "P", "83.33%")), id="单位")
    (rolled,) = population.roll_ups().values()
    assert (rolled.id, str(rolled.total), rolled.grade, rolled.own) == ("P", "81.11", "良", None)
    assert rolled.explain() == "P：下级 3 个单位平均 81.11 分 = 81.11 分"


def test_a_subordinate_with_errors_is_left_out_of_the_mean() -> None:
    rubric = perfscore.compile(MEAN)
    population = rubric.evaluate_many(_units(("C1", "P", "90%"), ("C2", "P", "七成"), ("C3", "P", "70%")), id="单位")
    (rolled,) = population.roll_ups().values()
    assert (str(rolled.total), rolled.subordinates) == ("80.00", ("C1", "C3"))
    assert [p.unit for p in population.errors] == ["C2"]


def test_an_own_share_without_an_own_score_is_said() -> None:
    rubric = perfscore.compile(SEVENTY)
    (rolled,) = rubric.evaluate_many(_units(("C1", "P", "90%")), id="单位").roll_ups().values()
    assert rolled.total is None
    assert rolled.explain("en") == "P: its own score is 70% of its roll-up, and it has no row"


def test_superiors_in_a_circle_are_refused() -> None:
    rubric = perfscore.compile(MEAN)
    population = rubric.evaluate_many(_units(("A", "B", "90%"), ("B", "A", "80%")), id="单位")
    with pytest.raises(perfscore.DataError) as info:
        population.roll_ups()
    assert str(info.value.problems[0]) == "上级单位: the superiors named in 上级单位 go round in a circle: B → A → B"


def test_no_roll_up_declared() -> None:
    population = perfscore.compile(INDICATOR).evaluate_many([{"完成率": "90%"}])
    with pytest.raises(perfscore.ArgumentError, match="上级得分 所属地市 本级 70% 下级平均 30%"):
        population.roll_ups()


def test_printed_canonically_and_checked() -> None:
    rubric = perfscore.compile(SEVENTY)
    assert "上级得分 上级单位 本级 70% 下级平均 30%\n" in format_rubric(rubric.ast)
    english = format_rubric(rubric.ast, "en")
    assert "roll_up 上级单位 own 70% subordinates 30%\n" in english
    assert perfscore.compile(english).ast == rubric.ast
    with pytest.raises(perfscore.RubricError) as info:
        perfscore.compile("上级得分 上级单位 本级 70% 下级平均 20%\n" + INDICATOR, "r.perf")
    (found,) = info.value.diagnostics
    assert (found.code, found.span.line, found.span.column) == ("shares", 1, 1)
    assert str(found.message) == "上级得分的本级 70% 与下级平均 20% 之和应为 100%，实为 90%"


def test_the_table_of_results_shows_the_rolled_up_scores(tmp_path: object) -> None:
    """to_records/to_frame and the 汇总 sheet: 上级得分 beside 排名 for superiors, empty for the others."""
    from pathlib import Path

    openpyxl = pytest.importorskip("openpyxl")
    rubric = perfscore.compile(SEVENTY)
    population = rubric.evaluate_many(TREE, id="单位")
    records = {r["id"]: r["上级得分"] for r in population.to_records()}
    assert records == {"P": Decimal("78.65"), "C1": Decimal("87.00"), "C2": Decimal("64.00"), "K1": None, "K2": None,
                       "K3": None}  # fmt: skip
    out = Path(str(tmp_path)) / "结果.xlsx"
    population.to_xlsx(out)
    sheet = openpyxl.load_workbook(out)["汇总"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["排名", "单位", "上级单位", "总分", "等级", "上级得分"]
    rows = {row[1]: row[5] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["P"] == 78.65 and rows["C1"] == 87 and rows["K1"] in ("", None)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_streamed_results_show_the_rolled_up_scores(tmp_path: object, workers: str) -> None:
    """perfscore score … -o 结果.csv / .jsonl: 上级得分 for the superiors as by hand above (P 78.65, C1 87, C2 64),
    empty for the others; a county whose row has errors (K4) is left out of C2's mean, as in memory."""
    import csv
    import io
    import json
    from pathlib import Path

    from perfscore.cli import main

    where = Path(str(tmp_path))
    (where / "r.perf").write_text(SEVENTY, "utf-8")
    rows = [(u["单位"], u["上级单位"], u["完成率"]) for u in TREE] + [("K4", "C2", "七成")]
    (where / "u.csv").write_text("单位,上级单位,完成率\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows), "utf-8")
    args = ["score", str(where / "r.perf"), str(where / "u.csv"), "--workers", workers, "-o"]
    assert main([*args, str(where / "o.csv")]) == 1  # K4's row
    table = list(csv.reader(io.StringIO((where / "o.csv").read_text("utf-8-sig"), newline="")))
    assert table[0] == ["id", "上级单位", "总分", "等级", "排名", "上级得分", "A1"]
    assert {row[0]: (row[1], row[5]) for row in table[1:]} == {
        "P": ("", "78.65"), "C1": ("P", "87.00"), "C2": ("P", "64.00"), "K1": ("C1", ""), "K2": ("C1", ""),
        "K3": ("C2", "")}  # fmt: skip
    assert main([*args, str(where / "o.jsonl"), "--by", "上级单位"]) == 1
    records = [json.loads(line) for line in (where / "o.jsonl").read_text("utf-8").splitlines()]
    assert [(r["id"], r["排名"], r["总排名"], r["上级得分"]) for r in records] == [
        ("P", 1, 3, "78.65"), ("C1", 1, 2, "87.00"), ("C2", 2, 4, "64.00"), ("K1", 2, 5, None), ("K2", 1, 1, None),
        ("K3", 1, 6, None)]  # fmt: skip  # 排名 within each superior's units and 总排名 by own totals (K2 100 … K3 50)

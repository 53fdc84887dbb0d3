"""Issue 10 Part 2 items 3 and 10: vetoes decided by a condition (一票否决 … 当 …) with their declared effect,
grades that test more than the total, and level results (一级/二级/三级). Values pinned by hand."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import perfscore
from perfscore.printer import format_rubric
from perfscore.render import score_table, to_html, to_markdown

D = Decimal

VETOES = """总分 100
评价等级 {
  优 ≥ 90
  良 [80, 90)
  中 [60, 80)
  差 < 60
}
输入 违规金额 金额
一票否决 重大安全事故 总分为零
一票否决 完成率过低 评为 不合格 当 得分率(C1) < 80% "项目完成率低于80%的，评价结果为不合格"
一票否决 重大问题 等级最高 良 当 违规金额 > 0 "出现重大问题的不得评为优"
一票否决 资金挪用 扣 10分 当 违规金额 >= 100 "挪用资金100万元以上的扣10分"
指标 C1 项目完成率 60 {
  目标 100%
  实际 比率
  按比例
}
指标 C2 满意度 40 {
  目标 ≥ 90%
  实际 比率
  按比例
}
"""


@pytest.fixture(scope="module")
def vetoes() -> perfscore.Rubric:
    return perfscore.compile(VETOES, language="en")


@pytest.mark.parametrize(
    ("data", "total", "grade", "fired"),
    [
        # C1 60 × 95% = 57, C2 40 × min(90%/90%, 1) = 40: 97, 优; nothing fires
        ({"C1": "95%", "C2": "90%", "违规金额": 0}, "97.00", "优", []),
        # 违规金额 50 > 0: 优 capped at 良, the total kept
        ({"C1": "95%", "C2": "90%", "违规金额": 50}, "97.00", "良", ["重大问题"]),
        # 120 ≥ 100 too: 97 − 10 = 87, 良 (and capped at 良 anyway)
        ({"C1": "95%", "C2": "90%", "违规金额": 120}, "87.00", "良", ["重大问题", "资金挪用"]),
        # C1 60 × 75% = 45 + 40 = 85 (良), but C1's rate 75% < 80%: 评为 不合格
        ({"C1": "75%", "C2": "90%", "违规金额": 0}, "85.00", "不合格", ["完成率过低"]),
        # listed in the data, as before: the total is zero, graded 差
        ({"C1": "95%", "C2": "90%", "违规金额": 0, "vetoes": ["重大安全事故"]}, "0.00", "差", ["重大安全事故"]),
        # 评为 wins over a cap; the deduction and the zero both apply to the total
        ({"C1": "70%", "C2": "90%", "违规金额": 150, "vetoes": ["重大安全事故"]}, "0.00", "不合格",
         ["重大安全事故", "完成率过低", "重大问题", "资金挪用"]),
    ],
)
def test_each_veto_applies_its_declared_effect(
    vetoes: perfscore.Rubric, data: dict[str, object], total: str, grade: str, fired: list[str]
) -> None:
    result = vetoes.evaluate(data)
    assert (result.total, result.grade) == (D(total), grade)
    assert [v.name for v in result.vetoes] == fired
    assert result.to_dict()["vetoes"] == fired


def test_the_explanation_names_the_veto_and_why(vetoes: perfscore.Rubric) -> None:
    result = vetoes.evaluate({"C1": "75%", "C2": "90%", "违规金额": 120})
    lines = result.explain().splitlines()
    assert lines[-5:] == [
        "总分 75 / 100，评价等级 不合格",  # 45 + 40 = 85 − 10 = 75
        "一票否决 完成率过低：当 得分率(C1) < 80%（得分率(C1) = 75%），评为 不合格（项目完成率低于80%的，评价结果为不合格）",
        "一票否决 重大问题：当 违规金额 > 0（违规金额 = 120），等级最高 良（出现重大问题的不得评为优）",
        "一票否决 资金挪用：当 违规金额 ≥ 100（违规金额 = 120），扣 10分（挪用资金100万元以上的扣10分）",
        "一票否决前总分 85 分，否决后 75 分",
    ]
    english = result.explain(language="en").splitlines()
    assert english[-1] == "total 85 before the vetoes, 75 after"
    assert english[-2].startswith("veto 资金挪用: when 违规金额 >= 100 (违规金额 = 120): 10 points taken from the total")
    assert english[-4] == ("veto 完成率过低: when rate(C1) < 80% (rate(C1) = 75%): rated 不合格 "
                           "(项目完成率低于80%的，评价结果为不合格)")  # fmt: skip
    listed = vetoes.evaluate({"C1": "95%", "C2": "90%", "违规金额": 0, "vetoes": ["重大安全事故"]})
    assert listed.explain().splitlines()[-2:] == ["一票否决 重大安全事故（数据列明）：总分为零", "一票否决前总分 97 分，否决后 0 分"]


def test_the_score_table_and_the_score_command_name_the_veto(vetoes: perfscore.Rubric, tmp_path: Path) -> None:
    data = {"C1": "75%", "C2": "90%", "违规金额": 0}
    table = score_table(vetoes.evaluate(data))
    why = "一票否决 完成率过低：当 得分率(C1) < 80%（得分率(C1) = 75%），评为 不合格（项目完成率低于80%的，评价结果为不合格）"
    assert table.grade == "不合格"
    assert table.verdicts == (why,)
    assert f"- {why.replace('<', '&lt;')}" in to_markdown(table)  # escaped, as every text cell
    assert f'<p class="veto">{why.replace("<", "&lt;")}</p>' in to_html(table)
    rubric_file, data_file = tmp_path / "r.perf", tmp_path / "d.json"
    rubric_file.write_text(VETOES, encoding="utf-8")
    data_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "perfscore", "score", str(rubric_file), str(data_file)],
                         capture_output=True, text=True, encoding="utf-8", check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-2:] == ["评价等级：不合格", why]


def test_a_conditional_veto_cannot_be_listed(vetoes: perfscore.Rubric) -> None:
    with pytest.raises(perfscore.DataError) as info:
        vetoes.evaluate({"C1": "95%", "C2": "90%", "违规金额": 0, "vetoes": ["完成率过低"]})
    assert [p.message for p in info.value.problems] == [
        "'完成率过低' is decided by its condition (当 得分率(C1) < 80%): it cannot be listed"
    ]


# ------------------------------------------------------------------ grades testing more than the total

# "总分 ≥ 110 且 基准分 ≥ 90 为优秀": the base score is the main tree's subtotal, the bonus on top.
GRADES = """总分 100
评价等级 {
  优秀 当 总分 >= 110 且 得分(基准) >= 90
  良好 ≥ 90
  合格 [60, 90)
  不合格 否则
}
分组 基准 基准分 100 {
  指标 A1 完成率 100 {
    目标 100%
    实际 比率
    按比例
  }
}
加分项 E 加分 最多 20 {
  指标 E1 创新 20 {
    按次 5分
  }
}
"""


@pytest.mark.parametrize(
    ("a1", "e1", "total", "grade"),
    [
        ("95%", 4, "115.00", "优秀"),  # 95 + min(20, 20) = 115 ≥ 110 and 95 ≥ 90
        ("85%", 4, "105.00", "良好"),  # 85 + 20 = 105 < 110: 良好 ≥ 90
        ("85%", 6, "105.00", "良好"),  # the bonus capped at 20
        ("60%", 0, "60.00", "合格"),
        ("50%", 1, "55.00", "不合格"),
    ],
)
def test_a_grade_testing_the_total_and_a_subtotal(a1: str, e1: int, total: str, grade: str) -> None:
    result = perfscore.compile(GRADES, language="en").evaluate({"A1": a1, "E1": e1})
    assert (result.total, result.grade) == (D(total), grade)


def test_the_explanation_says_which_grade_condition_matched() -> None:
    result = perfscore.compile(GRADES, language="en").evaluate({"A1": "95%", "E1": 4})
    assert result.explain().splitlines()[-2:] == [
        "总分 115 / 120，评价等级 优秀",
        "评价等级 优秀：当 总分 ≥ 110 且 得分(基准) ≥ 90（总分 = 115、得分(基准) = 95）",
    ]
    # a grade on the total alone adds no line: the total line says it
    assert perfscore.compile(GRADES, language="en").evaluate({"A1": "85%", "E1": 4}).explain().splitlines()[-1] == \
        "总分 105 / 120，评价等级 良好"  # fmt: skip


# ------------------------------------------------------------------ level results (文化馆 一级/二级/三级)

LEVELS = """评价 "文化馆评估定级"
总分 1000
评价等级 {
  一级 当 总分 >= 900 且 得分(A) >= 200 且 得分(B) >= 500
  二级 当 总分 >= 750 且 得分(A) >= 150
  三级 当 总分 >= 600
  不达标 否则
}
分组 A 设施设备 250 {
  指标 A1 馆舍面积 250 {
    目标 ≥ 4000
    实际 数值
    按比例
  }
}
分组 B 业务活动 750 {
  指标 B1 年活动场次 750 {
    目标 ≥ 300
    实际 数量
    按比例
  }
}
"""


@pytest.mark.parametrize(
    ("area", "events", "level", "matched"),
    [
        # A 250 × 3600/4000 = 225, B 750 × 270/300 = 675: 900, A 225 ≥ 200, B 675 ≥ 500 → 一级
        (3600, 270, "一级", "总分 = 900、得分(A) = 225、得分(B) = 675"),
        # A 250 × 2000/4000 = 125, B 750: 875 but A 125 < 150 → not 二级; ≥ 600 → 三级
        (2000, 300, "三级", "总分 = 875"),
        # A 200, B 750 × 200/300 = 500: 700 < 750, ≥ 600 → 三级
        (3200, 200, "三级", "总分 = 700"),
        # A 250, B 600: 850, A 250 ≥ 150 → 二级 (总分 < 900)
        (4000, 240, "二级", "总分 = 850、得分(A) = 250"),
    ],
)
def test_a_level_result_first_matching_level_wins(area: int, events: int, level: str, matched: str) -> None:
    result = perfscore.compile(LEVELS, language="en").evaluate({"A1": area, "B1": events})
    assert result.grade == level
    assert result.to_dict()["grade"] == level
    assert result.explain().splitlines()[-1].endswith(f"（{matched}）")


def test_otherwise_is_the_level_when_nothing_matches() -> None:
    result = perfscore.compile(LEVELS, language="en").evaluate({"A1": 1000, "B1": 100})  # 62.5 + 250 = 312.5
    assert (result.total, result.grade) == (D("312.50"), "不达标")
    assert result.explain().splitlines()[-1] == "总分 312.5 / 1000，评价等级 不达标"


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("source", [VETOES, GRADES, LEVELS])
def test_vetoes_and_grades_round_trip(source: str, language: str) -> None:
    rubric = perfscore.parse(source)
    printed = format_rubric(rubric, language)  # type: ignore[arg-type]
    assert perfscore.parse(printed) == rubric
    assert format_rubric(perfscore.parse(printed), language) == printed  # type: ignore[arg-type]


# ------------------------------------------------------------------ refusals


def errors(source: str) -> list[str]:
    with pytest.raises(perfscore.CheckError) as info:
        perfscore.compile(source, language="en")
    return [f"{d.span.line}:{d.span.column} {d.message}" for d in info.value.diagnostics if d.severity == "error"]


TREE = "指标 A 甲 10 {\n  达标\n}\n"


def test_grades_with_conditions_need_a_last_otherwise() -> None:
    source = "总分 10\n评价等级 {\n  优 当 总分 >= 9 且 得分率(A) >= 100%\n  差 < 9\n}\n" + TREE
    assert errors(source) == [
        ("3:3 grade 优 is decided by a condition (当 …), so the grades need a last 否则 (otherwise) grade: a unit "
         "matching no condition would have no grade"),
    ]


def test_bad_veto_and_grade_conditions_are_refused() -> None:
    source = """总分 10
评价等级 {
  优 当 得分(X1) >= 9
  良 当 weight > 1
  差 否则
}
一票否决 低 评为 差 当 得分率(A) + 1
一票否决 挪用 扣 0分 当 总分 < 5
""" + TREE
    assert errors(source) == [
        "3:7 unknown code X1 in 得分(X1) in the condition of grade 优",
        "4:7 the condition of grade 良 uses weight, but it is decided for the whole rubric, outside any indicator",
        "7:15 the condition of veto 低 is a number, not a condition: `得分率(A) + 1`",
        "8:11 veto 挪用 takes 0分: it must be more than 0",
    ]


def test_the_data_schema_lists_only_vetoes_the_data_may_list(vetoes: perfscore.Rubric) -> None:
    schema = vetoes.schema()
    assert schema["properties"]["vetoes"]["items"]["enum"] == ["重大安全事故"]


def test_the_notebook_shows_the_veto(vetoes: perfscore.Rubric) -> None:
    html = vetoes.evaluate({"C1": "75%", "C2": "90%", "违规金额": 0})._repr_html_()
    assert "<p>一票否决 完成率过低：当 得分率(C1) &lt; 80%（得分率(C1) = 75%），评为 不合格" in html


# An input only a not-applicable indicator reads need not be given, unless a veto or a grade reads it.
NOT_APPLICABLE = """总分 10
输入 整改率 比率
一票否决 整改不力 等级最高 良 当 整改率 < 60%
评价等级 {
  优 ≥ 9
  良 否则
}
指标 A 甲 5 {
  实际 = 整改率
  目标 100%
  按比例
  不适用时 折算
}
指标 B 乙 5 {
  达标
}
"""


def test_an_input_a_veto_reads_is_needed_even_when_its_indicator_is_not_applicable() -> None:
    rubric = perfscore.compile(NOT_APPLICABLE, language="en")
    with pytest.raises(perfscore.DataError) as info:
        rubric.evaluate({"B": True, "not_applicable": ["A"]})
    assert [(p.input, p.message) for p in info.value.problems] == [("整改率", "missing")]
    result = rubric.evaluate({"B": True, "整改率": "50%", "not_applicable": ["A"]})
    assert (result.total, result.grade, [v.name for v in result.vetoes]) == (D("10.00"), "良", ["整改不力"])


def test_a_grade_reading_a_not_applicable_indicator_is_a_data_error() -> None:
    source = "总分 10\n评价等级 {\n  优 当 得分率(A) >= 90%\n  良 否则\n}\n" + \
        "指标 A 甲 5 {\n  达标\n  不适用时 折算\n}\n指标 B 乙 5 {\n  达标\n}\n"  # fmt: skip
    with pytest.raises(perfscore.DataError) as info:
        perfscore.compile(source, language="en").evaluate({"B": True, "not_applicable": ["A"]})
    assert [p.message for p in info.value.problems] == [
        "is declared not applicable, but a grade or a veto reads its score rate: give its data"
    ]

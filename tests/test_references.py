"""Issue 10 Part 2 item 2, references across the tree: 得分(B21), 得分率(B21), 实际(B21), 得分(B) and 总分
(score(), rate(), actual(), total). Values pinned by hand; every refusal with its exact message."""

from __future__ import annotations

from decimal import Decimal

import pytest

import perfscore
from perfscore.printer import format_rubric

D = Decimal

# "规划未全部落实的，规模分不得分": B12 scores nothing unless B11 earned full marks.
GATE = """总分 10
输入 规划项目数 数量 > 0
输入 落实项目数 数量
分组 B 规划与规模 10 {
  指标 B11 规划落实率 4 {
    实际 = 落实项目数 / 规划项目数
    目标 100%
    按比例
  }
  指标 B12 建设规模完成率 6 {
    目标 ≥ 100%
    实际 比率
    评分标准 "规划未全部落实的，规模分不得分；否则按完成率计分"
    公式 如果 得分率(B11) < 100% 则 0 否则 weight × min(actual / target, 1)
  }
}
"""

# One item voiding the items that depend on it: funds not in place void C2 and C3.
VOID = """总分 10
分组 C 资金管理 10 {
  指标 C1 资金到位 4 {
    评分标准 "资金按时足额到位的得满分，否则不得分，且C2、C3不得分"
    达标
  }
  指标 C2 资金使用率 3 {
    实际 比率
    公式 如果 得分(C1) == 0 则 0 否则 weight × min(actual, 100%)
  }
  指标 C3 支付进度 3 {
    实际 比率
    分档 {
      当 得分(C1) == 0：0分
      ≥ 90%：3分
      否则：1分
    }
  }
}
"""


@pytest.mark.parametrize(
    ("done", "b11", "b12", "total"),
    [
        (9, "3.60", "0.00", "3.60"),  # 9/10 = 90% → 4 × 90% = 3.6; rate 90% < 100%: B12 gated to 0
        (10, "4.00", "5.70", "9.70"),  # 10/10 → 4; rate 100%: B12 = 6 × min(95% ÷ 100%, 1) = 5.7
    ],
)
def test_a_gate_on_another_indicators_score_rate(done: int, b11: str, b12: str, total: str) -> None:
    result = perfscore.compile(GATE, language="en").evaluate({"规划项目数": 10, "落实项目数": done, "B12": "95%"})
    assert (result["B11"].score, result["B12"].score, result.total) == (D(b11), D(b12), D(total))
    assert result["B"].score == D(total)


def test_the_explanation_states_the_referenced_value() -> None:
    result = perfscore.compile(GATE, language="en").evaluate({"规划项目数": 10, "落实项目数": 9, "B12": "95%"})
    assert result.explain("B12") == (
        "B12 建设规模完成率：数据 得分率(B11) = 90%，公式 如果 得分率(B11) < 100% 则 0 否则 weight × "
        "min(actual / target, 1) = 0，得分 0 分"
    )
    assert result.explain("B12", language="en").startswith("B12 建设规模完成率: inputs rate(B11) = 90%; formula if rate(B11)")


@pytest.mark.parametrize(
    ("c1", "scores", "total"),
    [
        (True, ("4.00", "2.40", "3.00"), "9.40"),  # C2 3 × 80% = 2.4; C3 95% ≥ 90%: 3
        (False, ("0.00", "0.00", "0.00"), "0.00"),  # C1 not met voids C2 and C3 (their data as before)
    ],
)
def test_one_item_voids_the_items_depending_on_it(c1: bool, scores: tuple[str, ...], total: str) -> None:
    result = perfscore.compile(VOID, language="en").evaluate({"C1": c1, "C2": "80%", "C3": "95%"})
    assert tuple(result[c].score for c in ("C1", "C2", "C3")) == tuple(D(s) for s in scores)
    assert result.total == D(total)


def test_a_voided_band_says_which_condition_matched() -> None:
    result = perfscore.compile(VOID, language="en").evaluate({"C1": False, "C2": "80%", "C3": "95%"})
    assert result.explain("C3") == "C3 支付进度：数据 得分(C1) = 0，实际 95%，符合第 1 档（当 得分(C1) == 0），得 0 分"


SUBTOTAL = """总分 20
分组 A 基础 10 {
  指标 A1 甲 6 {
    实际 比率
    目标 100%
    按比例
  }
  指标 A2 乙 4 {
    实际 数值
    目标 8
    按比例
  }
}
分组 B 提升 10 {
  指标 B1 丙 10 {
    评分标准 "基础部分得分率低于60%的不得分，否则按基础得分率计"
    公式 如果 得分率(A) < 60% 则 0 否则 weight × 得分率(A) × 实际(A2) / 8
  }
}
"""


def test_a_groups_subtotal_and_an_actual_elsewhere() -> None:
    rubric = perfscore.compile(SUBTOTAL, language="en")
    # A1 6 × 90% = 5.4, A2 4 × 6/8 = 3, A = 8.4 (84%); B1 = 10 × 84% × 6 / 8 = 6.3
    result = rubric.evaluate({"A1": "90%", "A2": 6})
    assert (result["A"].score, result["B1"].score, result.total) == (D("8.40"), D("6.30"), D("14.70"))
    assert "数据 得分率(A) = 84%、实际(A2) = 6" in result.explain("B1")
    # A1 6 × 50% = 3, A2 4 × 2/8 = 1: A = 4 (40% < 60%) so B1 = 0
    assert rubric.evaluate({"A1": "50%", "A2": 2})["B1"].score == D("0.00")


def test_english_aliases_mean_the_same() -> None:
    english = SUBTOTAL.replace("得分率(A)", "rate(A)").replace("实际(A2)", "actual(A2)")
    assert perfscore.parse(english) == perfscore.parse(SUBTOTAL)


def test_an_override_is_what_the_reference_reads() -> None:
    result = perfscore.compile(GATE, language="en").evaluate({
        "规划项目数": 10, "落实项目数": 9, "B12": "95%",
        "overrides": {"B11": {"score": 4, "reason": "上级调整规划，视同全部落实"}},
    })  # fmt: skip
    assert (result["B11"].score, result["B12"].score) == (D("4.00"), D("5.70"))


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("source", [GATE, VOID, SUBTOTAL])
def test_references_round_trip(source: str, language: str) -> None:
    rubric = perfscore.parse(source)
    printed = format_rubric(rubric, language)  # type: ignore[arg-type]
    assert perfscore.parse(printed) == rubric
    assert ("得分率(B11)" if language == "zh" else "rate(B11)") in format_rubric(perfscore.parse(GATE), language)  # type: ignore[arg-type]


# ------------------------------------------------------------------ refusals


def errors(source: str) -> list[str]:
    with pytest.raises(perfscore.CheckError) as info:
        perfscore.compile(source, language="en")
    return [f"{d.span.line}:{d.span.column} {d.message}" for d in info.value.diagnostics if d.severity == "error"]


CYCLE = """总分 10
分组 B 组 10 {
  指标 B1 甲 4 {
    公式 得分率(B2) × weight
  }
  指标 B2 乙 3 {
    公式 得分率(B1) × weight
  }
  指标 B3 丙 3 {
    公式 得分(B) / 10 × weight
  }
}
"""


def test_a_cycle_is_refused_with_every_member_named() -> None:
    assert errors(CYCLE) == [
        "4:8 B1 depends on its own score: B1 → B2 → B1",
        "10:8 B3 depends on its own score: B3 → B → B3",
    ]
    with pytest.raises(perfscore.CheckError) as info:
        perfscore.compile(CYCLE, language="en")
    text = str(info.value)
    assert "        公式 得分率(B2) × weight\n             ^^^^^^^^^^\n" in text
    assert "through a group that holds it" in text


def test_an_indicator_reading_itself_is_a_cycle() -> None:
    source = "总分 4\n指标 A 甲 4 {\n  实际 比率\n  公式 得分(A) + weight × actual\n}\n"
    assert errors(source) == ["4:6 A depends on its own score: A → A"]


def test_bad_references_are_refused_with_what_to_write() -> None:
    source = """总分 10
计算 m = 得分(B1)
分组 B 组 10 {
  指标 B1 甲 4 {
    达标
  }
  指标 B2 乙 6 {
    公式 实际(B) + 得分(B9) + 实际(B1) + 得分(B1, B2) + 总分
  }
}
"""
    assert errors(source) == [
        ("2:8 metric m uses 得分(B1), but metrics are computed before any indicator is scored: use it in the "
         "indicator's formula or condition"),
        "8:8 the formula of B2 uses 实际(B), but B is a group: it has a score and a score rate, not an actual",
        "8:16 unknown code B9 in 得分(B9) in the formula of B2",
        "8:25 the formula of B2 uses 实际(B1), but B1 has no actual",
        "8:34 得分() takes one indicator or group code, not `得分(B1, B2)`, in the formula of B2",
        "8:47 the formula of B2 uses 总分 (the total), but the total is known only once every indicator is scored",
    ]
    with pytest.raises(perfscore.CheckError) as info:
        perfscore.compile(source, language="en")
    hints = {d.message.split(" in ")[0]: d.hint for d in info.value.diagnostics}
    assert hints["unknown code B9"] == "did you mean 得分(B)?"


def test_points_and_percentages_do_not_mix_through_references() -> None:
    source = "总分 10\n指标 A 甲 4 {\n  达标\n}\n指标 B 乙 6 {\n  公式 得分(A) + 得分率(A)\n}\n"
    assert errors(source) == ["6:6 points plus a percentage in the formula of B: `得分(A) + 得分率(A)`"]


def test_a_reference_to_a_not_applicable_indicator_is_a_data_error() -> None:
    source = GATE.replace("    按比例\n", "    按比例\n    不适用时 折算\n", 1)
    rubric = perfscore.compile(source, language="en")
    with pytest.raises(perfscore.DataError) as info:
        rubric.evaluate({"规划项目数": 10, "落实项目数": 9, "B12": "95%", "not_applicable": ["B11"]})
    assert [p.message for p in info.value.problems] == [
        "is declared not applicable, but B12 reads its score rate: give its data, or make the reader not applicable too"
    ]
    full = perfscore.compile(source.replace("不适用时 折算", "不适用时 满分"), language="en")
    result = full.evaluate({"规划项目数": 10, "落实项目数": 9, "B12": "95%", "not_applicable": ["B11"]})
    assert (result["B11"].score, result["B12"].score) == (D("4.00"), D("5.70"))  # full marks: a rate of 100%


def test_an_english_reference_is_quoted_and_corrected_in_english() -> None:
    source = "总分 10\n指标 A1 甲 4 {\n  达标\n}\n指标 B2 乙 6 {\n  公式 rate(A11) × weight\n}\n"
    with pytest.raises(perfscore.CheckError) as info:
        perfscore.compile(source, language="en")
    (problem,) = info.value.diagnostics
    assert (problem.message, problem.hint) == ("unknown code A11 in rate(A11) in the formula of B2", "did you mean rate(A1)?")

"""Issue 10 item 5, judged scores: tiers written as the Ministry of Finance writes them, a judged score in
points or as a share of the weight, clamped or refused, and levels mixing fixed and ranged awards.
Every score below is computed by hand in its comment."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import perfscore
from perfscore.printer import format_rubric

D = Decimal

# 财政部 项目支出绩效自评: 定性指标 "达成 80%（含）~100%，部分达成 60%（含）~80%，未达成 0~60%"; a rate
# in tiers "90%（含）以上 3分，80%-90% 2分，70%（含）~80%（不含）1分，低于70% 0分"; a judged 评定 0~4分.
RUBRIC = """总分 17
指标 C12 目标实现程度 10 {
  定性 {
    达成：80%~100%
    部分达成：60%~80%（不含）
    未达成：0分
  }
}
指标 B21 预算执行率 3 {
  实际 比率
  分档 {
    ≥ 90%：3分
    80%-90%：2分
    70%（含）~80%（不含）：1分
    < 70%：0分
  }
}
指标 D14 档案规范性 4 {
  评定 0分~4分
}
"""


@pytest.fixture(scope="module")
def rubric() -> perfscore.Rubric:
    return perfscore.compile(RUBRIC, language="en")


def scores(result: perfscore.Result) -> tuple[Decimal, ...]:
    return tuple(result[code].score for code in ("C12", "B21", "D14")) + (result.total,)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # 部分达成 judged 7 ∈ [6, 8); 85% ∈ [80%, 90%) → 2; judged 3 ∈ [0, 4]: 7 + 2 + 3 = 12
        ({"C12": {"level": "部分达成", "score": 7}, "B21": "85%", "D14": 3}, ("7.00", "2.00", "3.00", "12.00")),
        # "75%" of 10 = 7.5; 80% is 80%-90%'s lower end, included (上组限不在内) → 2; "2.5分" = 2.5: 12
        ({"C12": {"level": "部分达成", "score": "75%"}, "B21": "80%", "D14": "2.5分"}, ("7.50", "2.00", "2.50", "12.00")),
        # 未达成 is fixed 0, named alone; 79.9% ∈ [70%, 80%) → 1; "50%" of 4 = 2: 0 + 1 + 2 = 3
        ({"C12": "未达成", "B21": "79.9%", "D14": "50%"}, ("0.00", "1.00", "2.00", "3.00")),
        # 达成 judged "100%" = 10 (the closed upper end); 90% itself → 3; 4 points: 17
        ({"C12": {"level": "达成", "score": "100%"}, "B21": "90%", "D14": 4}, ("10.00", "3.00", "4.00", "17.00")),
        # the fixed level may also be given as a table; 69.99% < 70% → 0
        ({"C12": {"level": "未达成"}, "B21": "69.99%", "D14": 0}, ("0.00", "0.00", "0.00", "0.00")),
    ],
)
def test_scores(rubric: perfscore.Rubric, data: dict[str, Any], expected: tuple[str, ...]) -> None:
    assert scores(rubric.evaluate(data)) == tuple(D(e) for e in expected)


def problem(rubric: perfscore.Rubric, data: dict[str, Any]) -> list[str]:
    with pytest.raises(perfscore.DataError) as error:
        rubric.evaluate(data)
    return [p.message for p in error.value.problems]


@pytest.mark.parametrize(
    ("c12", "d14", "message"),
    [
        # 8 of 10 is 部分达成's excluded upper end (80% × 10)
        ({"level": "部分达成", "score": 8}, 1, "the judged score 8 is outside the declared range [6, 8): its end 8 "
                                              "is excluded (不含)"),
        ({"level": "部分达成", "score": "80%"}, 1, "the judged score 8 is outside the declared range [6, 8): its "
                                                 "end 8 is excluded (不含)"),
        ({"level": "达成"}, 1, "the level '达成' awards a range: give {level = …, score = …}"),
        ({"level": "未达成", "score": 1}, 1, "the level '未达成' awards fixed points: a judged score cannot apply "
                                             "(give a score only for a level whose award is a range)"),
        ({"level": "达成", "score": 9}, "5分", "the judged score 5 is outside the declared range 0~4"),
    ],
)
def test_refusals(rubric: perfscore.Rubric, c12: Any, d14: Any, message: str) -> None:
    assert problem(rubric, {"C12": c12, "B21": "95%", "D14": d14}) == [message]


CLAMPED = RUBRIC.replace("总分 17\n", "总分 17\n评定越界 取边界\n")


def test_a_judged_score_outside_its_range_is_clamped_where_the_rubric_says() -> None:
    rubric = perfscore.compile(CLAMPED, language="en")
    # 达成 judged 11 → its closed end 10; 部分达成 judged 5 → 6; D14 judged 5 → 4; 92% → 3
    result = rubric.evaluate({"C12": {"level": "达成", "score": 11}, "B21": "92%", "D14": 5})
    assert scores(result) == (D("10.00"), D("3.00"), D("4.00"), D("17.00"))
    assert result.explain("D14") == ("D14 档案规范性：评定得分 5（范围 0~4 分），评定得分 5 超出范围，按边界值 4 分计，"
                                     "得分 4 分")  # fmt: skip
    assert result.explain("D14", language="en") == ("D14 档案规范性: judged score 5 (range 0–4); the judged score 5 "
                                                     "is outside the range: 4, its nearest end; score 4 points")  # fmt: skip
    assert scores(rubric.evaluate({"C12": {"level": "部分达成", "score": 5}, "B21": "92%", "D14": 0}))[0] == D("6.00")
    # An excluded end cannot be taken, clamped or not: 9 for 部分达成 is refused.
    assert problem(rubric, {"C12": {"level": "部分达成", "score": 9}, "B21": "92%", "D14": 0}) == [
        "the judged score 9 is outside the declared range [6, 8): its end 8 is excluded (不含)"]


def test_without_the_setting_an_out_of_range_score_is_refused(rubric: perfscore.Rubric) -> None:
    assert problem(rubric, {"C12": {"level": "达成", "score": 11}, "B21": "92%", "D14": 0}) == [
        "the judged score 11 is outside the declared range 8~10"]  # as written: 80% of 10


def test_the_tiers_are_intervals_with_their_ends(rubric: perfscore.Rubric) -> None:
    # 80%-90% is [80%, 90%) (上组限不在内); 70%（含）~80%（不含） as marked; one marked end decides the other.
    bands = rubric.ast.nodes[1].rule.bands  # type: ignore[union-attr]
    assert [(b.condition.low.value, b.condition.high.value, b.condition.low_closed, b.condition.high_closed)
            for b in bands[1:3]] == [(D("0.8"), D("0.9"), True, False), (D("0.7"), D("0.8"), True, False)]  # fmt: skip
    seed = perfscore.parse("总分 3\n指标 B21 x 3 {\n  实际 比率\n  分档 {\n    90-95%（含）：2分\n    否则：0分\n  }\n}\n")
    band = seed.nodes[0].rule.bands[0].condition  # type: ignore[union-attr]
    # 003 B21 "90-95%(含)": the upper end is marked included, so the lower is excluded: (90, 95%]
    assert (band.low.value, band.high.value, band.low_closed, band.high_closed) == (D(90), D("0.95"), False, True)


def test_overlapping_tiers_are_refused_with_the_edge_to_open() -> None:
    text = "总分 3\n指标 B21 x 3 {\n  实际 比率\n  分档 {\n    80%（含）~90%（含）：2分\n    90%（含）~100%（含）：3分\n" \
           "    否则：0分\n  }\n}\n"  # fmt: skip
    with pytest.raises(perfscore.CheckError) as error:
        perfscore.compile(text, language="en")
    assert [(d.span.line, d.message) for d in error.value.diagnostics] == [
        (6, "bands of B21 overlap: actual in [0.9, 0.9] (exactly 90%) matches both `80%（含）~90%（含）` and `90%（含）~100%（含）`")]


def test_canonical_printing_round_trips() -> None:
    rubric = perfscore.compile(CLAMPED, language="en")
    chinese = format_rubric(rubric.ast)
    assert "评定越界 取边界\n" in chinese and "    部分达成：60%~80%（不含）\n" in chinese
    assert "    [80%, 90%)：2分\n" in chinese
    english = format_rubric(rubric.ast, "en")
    assert "judged_outside clamp\n" in english and "    部分达成: 60% ~ 80% (excl)\n" in english
    assert perfscore.compile(english, language="en").ast == rubric.ast == perfscore.compile(chinese, language="en").ast
    assert "评定越界" not in format_rubric(perfscore.compile(RUBRIC, language="en").ast)  # refusing is the default


def test_a_banded_judged_score_is_demanded_only_where_a_ranged_band_matched() -> None:
    # "95%（含）以上 8~10分, 其余 60% × 10 = 6": a judged score only for the ranged band.
    rubric = perfscore.compile("总分 10\n指标 C13 目标完成率 10 {\n  实际 比率\n  分档 {\n    ≥ 95%：8分~10分\n"
                               "    否则：60%\n  }\n}\n", language="en")  # fmt: skip
    assert rubric.evaluate({"C13": "90%"}).total == D("6.00")
    assert rubric.evaluate({"C13": {"actual": "96%", "score": "9分"}}).total == D("9.00")
    assert rubric.evaluate({"C13": {"actual": "96%", "score": "90%"}}).total == D("9.00")  # 90% of 10
    assert problem(rubric, {"C13": "96%"}) == ["band 1 applies, whose award is a range 8~10 points: give the judged score"]


def test_an_override_may_be_given_in_points_or_as_a_share(rubric: perfscore.Rubric) -> None:
    data: dict[str, Any] = {"C12": "未达成", "B21": "50%", "D14": 0}
    # B21 computes 0; overridden to "2分" (2), or "50%" of its 3 points (1.5)
    for given, expected in (("2分", "2.00"), ("50%", "1.50")):
        result = rubric.evaluate(data | {"overrides": {"B21": {"score": given, "reason": "预算调整由上级下达"}}})
        assert result["B21"].score == D(expected)

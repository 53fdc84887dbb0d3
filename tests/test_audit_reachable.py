"""The audit finds what no data can produce (issue 13, item 7): a published score or 得分率 outside the
scores a rule can give, and the data reader refuses a partial judgement for an all-or-nothing item."""

from __future__ import annotations

from pathlib import Path

import pytest

import perfscore
from perfscore import DataError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "shuozhou-2020"

#: Seed 003's B25: "以上两项各占权重的 1/2，符合的权重分，不符合不得分" — two items of 1.5 points each.
B25 = """总分 3
指标 B25 预决算信息公开性 3 {
  目标 "公开"
  清单 全有全无 {
    按规定内容公开 1/2 "是否按规定内容公开预决算信息"
    按规定时限公开 1/2 "是否按规定时限公开预决算信息"
  }
}
"""


def _unreachable(source: str, data: dict[str, object], reported: dict[str, object]) -> list[perfscore.Finding]:
    report = perfscore.audit(perfscore.compile(source, language="en"), data, reported)
    return [f for f in report if f.kind == "unreachable"]


def test_an_all_or_nothing_checklist_gives_0_15_or_3() -> None:
    rubric = perfscore.compile(B25, language="en")
    both = {"按规定内容公开": "是", "按规定时限公开": True}
    assert rubric.evaluate({"B25": both}).total == 3
    assert rubric.evaluate({"B25": {**both, "按规定内容公开": "否"}}).total == 1.5  # 3 × 1/2, by hand


def test_a_partial_judgement_of_an_all_or_nothing_item_is_refused() -> None:
    with pytest.raises(DataError, match=r"'50%' is a partial fulfilment, but the items of this checklist are met "
                                        r"or not \(全有全无\): write 是 or 否"):  # fmt: skip
        perfscore.compile(B25, language="en").evaluate({"B25": {"按规定内容公开": "50%", "按规定时限公开": True}})


def test_a_checklist_without_the_declaration_still_takes_partial_judgements() -> None:
    rubric = perfscore.compile(B25.replace("清单 全有全无", "清单"), language="en")
    assert rubric.evaluate({"B25": {"按规定内容公开": "50%", "按规定时限公开": True}}).total == 2.25


def test_the_published_225_is_found() -> None:
    """Seed 003 published 2.25 (75%) for B25: neither can come from its rule for any data."""
    (found,) = _unreachable(B25, {"B25": {"按规定内容公开": False, "按规定时限公开": True}},
                            {"B25": {"score": "2.25"}})  # fmt: skip
    assert (found.severity, found.code, found.published) == ("error", "B25", "2.25")
    assert found.reason == "the rule of B25 cannot give 2.25 for any data: it gives only 0, 1.5, 3"
    (rate,) = _unreachable(B25, {"B25": {"按规定内容公开": False, "按规定时限公开": True}}, {"B25": {"rate": "75%"}})
    assert rate.reason == "the rule of B25 cannot give a 得分率 of 75% for any data: it gives only 0.00%, 50.00%, 100.00%"


def test_a_reachable_figure_is_not_reported() -> None:
    data = {"B25": {"按规定内容公开": False, "按规定时限公开": True}}
    assert _unreachable(B25, data, {"B25": {"score": "1.5", "rate": "50%"}}) == []
    assert _unreachable(B25, data, {"B25": {"score": "3"}}) == []  # reachable, though not from these data


def test_six_equal_yes_no_items_cannot_average_90_percent() -> None:
    items = "\n".join(f"    项目{k} \"第{k}项\"" for k in range(1, 7))
    source = f"总分 6\n指标 C1 制度建设 6 {{\n  清单 全有全无 {{\n{items}\n  }}\n}}\n"
    data = {"C1": {f"项目{k}": k != 1 for k in range(1, 7)}}
    (found,) = _unreachable(source, data, {"C1": {"rate": "90%"}})
    # 0 to 6 items of 1 point each: 0%, 16.67%, 33.33%, 50%, 66.67%, 83.33%, 100%
    assert found.reason.endswith("it gives only 0.00%, 16.67%, 33.33%, 50.00%, 66.67%, 83.33%, 100.00%")


@pytest.mark.parametrize(("rule", "published", "listed"), [
    ("达标", "1.5", "0, 3"),
    ("定性 {\n    好：100%\n    中：60%\n    差：0分\n  }", "2", "0, 1.8, 3"),
    ("实际 比率\n  分档 {\n    ≥ 90%：3分\n    [60%, 90%)：2分\n    否则：0分\n  }", "2.5", "0, 2, 3"),
])  # fmt: skip
def test_every_rule_with_few_scores_knows_them(rule: str, published: str, listed: str) -> None:
    source = f"总分 3\n指标 A1 甲 3 {{\n  {rule}\n}}\n"
    data = {"A1": {"达标": True, "定性": "好", "实际 比率": "95%"}[next(k for k in ("达标", "定性", "实际 比率") if k in rule)]}
    (found,) = _unreachable(source, data, {"A1": {"score": published}})
    assert found.reason == f"the rule of A1 cannot give {published} for any data: it gives only {listed}"


def test_the_shuozhou_audit_names_d21() -> None:
    """Seed 003 gives D21 1.5 of 3 for "比较完善"; its rule is binary, so no data give 1.5."""
    rubric = perfscore.load(EXAMPLE / "rubric.perf", language="en")
    report = perfscore.audit(rubric, EXAMPLE / "data.toml", EXAMPLE / "reported.toml")
    (found,) = (f for f in report if f.kind == "unreachable")
    assert (found.code, found.published, found.reason) == (
        "D21", "1.5", "the rule of D21 cannot give 1.5 for any data: it gives only 0, 3")


def test_a_range_to_judge_within_reaches_every_score() -> None:
    source = "总分 3\n指标 A1 甲 3 {\n  定性 {\n    好：80%~100%\n    差：0分\n  }\n}\n"
    assert _unreachable(source, {"A1": {"level": "好", "score": "2.7"}}, {"A1": {"score": "2.55"}}) == []


def test_shuozhou_with_b25_as_its_rule_says() -> None:
    """The example encodes the report's partial credit (50%); written as the seed's rule says, the
    audit names the published 2.25 and 75% as scores no data can give."""
    text = (EXAMPLE / "rubric.perf").read_text("utf-8")
    marker = "      清单 {\n        按规定内容公开"
    assert text.count(marker) == 1
    rubric = perfscore.compile(text.replace(marker, "      清单 全有全无 {\n        按规定内容公开"), language="en")
    import tomllib

    data = tomllib.loads((EXAMPLE / "data.toml").read_text("utf-8"))
    data["B25"]["按规定内容公开"] = False  # 预算绩效管理工作报告公开内容不完整: not met
    report = perfscore.audit(rubric, data, EXAMPLE / "reported.toml")
    # D21 too, as the example itself finds: a binary rule ("制定…得权重分，否则不得分") cannot give half marks.
    assert [(f.code, f.published) for f in report if f.kind == "unreachable"] == [("B25", "2.25"), ("D21", "1.5")]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_all_or_nothing_prints_in_either_language(language: str) -> None:
    from perfscore.printer import format_rubric

    text = format_rubric(perfscore.parse(B25), language, B25)  # type: ignore[arg-type]
    assert ("清单 全有全无 {" if language == "zh" else "checklist all_or_nothing {") in text
    assert perfscore.parse(text) == perfscore.parse(B25)


#: Six tasks, each done or not: the completion moves in sixths (issue 13, item 7's "six equally weighted
#: yes/no items cannot average 90%").
SIX = """总分 3
指标 C14 民生实事完成情况 3 {
  目标 100%
  实际 完成率 全有全无 {
    甲
    乙
    丙
    丁
    戊
    己
  }
  按比例
}
"""
FIVE_DONE = {"C14": {"甲": True, "乙": True, "丙": True, "丁": True, "戊": True, "己": False}}


def test_a_completion_of_items_met_or_not_cannot_average_90_percent() -> None:
    (found,) = _unreachable(SIX, FIVE_DONE, {"C14": {"actual": "90%"}})
    assert found.reason == ("the completion rate of C14 cannot be 90%: its 6 items, each met or not, give only "
                            "0.00%, 16.67%, 33.33%, 50.00%, 66.67%, 83.33%, 100.00%")  # fmt: skip


def test_nor_score_what_no_count_of_items_gives() -> None:
    # 3 × k/6: 0, 0.5, 1, 1.5, 2, 2.5, 3 — never 2.7
    (found,) = _unreachable(SIX, FIVE_DONE, {"C14": {"score": "2.7"}})
    assert found.reason == "the rule of C14 cannot give 2.7 for any data: it gives only 0, 0.5, 1, 1.5, 2, 2.5, 3"
    assert _unreachable(SIX, FIVE_DONE, {"C14": {"score": "2.5", "actual": "83.33%"}}) == []


def test_a_completion_met_or_not_refuses_a_part_and_scores_by_hand() -> None:
    rubric = perfscore.compile(SIX, language="en")
    assert str(rubric.evaluate(FIVE_DONE).total) == "2.50"  # 3 × 5/6
    with pytest.raises(DataError, match="'50%' is a partial fulfilment"):
        rubric.evaluate({"C14": {**FIVE_DONE["C14"], "己": "50%"}})
    assert "  实际 完成率 全有全无 {\n" in perfscore.printer.format_rubric(rubric.ast)

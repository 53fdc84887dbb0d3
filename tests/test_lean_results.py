"""What evaluation keeps and repeats, pinned because the speed depends on it (issue 14): the rubric's language
is found once, not per evaluation; a result keeps one number where a raw score equals the rounded one; a
group that only adds its children's rounded scores is exact at the rubric's places without rounding again,
unless its sums have no bound. Values hand-computed."""

from __future__ import annotations

import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest

import perfscore
import perfscore.rubric
from perfscore.errors import DataError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "shuozhou-2020"
RUBRIC = """
总分 10
保留 2 位 四舍五入
分组 A 甲 10 {
  指标 A1 比例 4 {
    目标 90%
    按比例
  }
  指标 A2 清单 6 {
    清单 {
      一 "一"
      二 "二"
      三 "三"
    }
  }
}
"""


def test_the_language_is_found_once(monkeypatch: pytest.MonkeyPatch) -> None:
    rubric = perfscore.compile(RUBRIC)

    def forbidden(text: str) -> str:
        raise AssertionError("the rubric's text read again to find its language")

    monkeypatch.setattr(perfscore.rubric, "language_of", forbidden)
    assert rubric.language == "zh"
    assert rubric.evaluate({"A1": "90%", "A2": {"一": "是", "二": "是", "三": "否"}}).total == Decimal("8.00")
    with pytest.raises(DataError) as caught:
        rubric.evaluate({"A1": "90%"})
    assert "缺少" in str(caught.value)  # worded in the rubric's language, found at compile


def test_raw_and_rounded_scores() -> None:
    # A1: 4 × 80% / 90% = 3.5555…, rounded 3.56, the raw kept beside it; A2: 6 × (1/3 + 1/3) = 3.99…96 to 61
    # digits, 4 in the context's 60, rounded 4.00: one number for both; A = 3.56 + 4.00 = 7.56, a plain sum of
    # rounded scores, exact.
    result = perfscore.compile(RUBRIC).evaluate({"A1": "80%", "A2": {"一": "是", "二": "是", "三": "否"}})
    a1, a2, group = result["A1"], result["A2"], result["A"]
    assert str(a1.score) == "3.56" and a1.raw == Decimal("3." + "5" * 58 + "6")
    assert (str(a2.score), a2.raw) == ("4.00", Decimal(4))
    assert (str(group.score), str(group.raw), str(result.total)) == ("7.56", "7.56", "7.56")


def test_sums_of_unbounded_scores_are_rounded() -> None:
    # 不封顶: no bound on A1's score, so no bound on A's sum; A takes the general path and is rounded like any
    # group. A1 = 4 × 10^37 / 90% = 4.44…4 × 10^37 (38 digits before the point) → …44.44; A2 = 0; the total
    # is held at the rubric's 10.
    uncapped = RUBRIC.replace("按比例", "按比例 不封顶")
    result = perfscore.compile(uncapped).evaluate({"A1": "1" + "0" * 39 + "%", "A2": {"一": "否", "二": "否", "三": "否"}})
    expected = "4" * 38 + ".44"
    assert (str(result["A1"].score), str(result["A"].score), str(result.total)) == (expected, expected, "10.00")


def test_results_stay_light() -> None:
    # What 200 results of the Shuozhou example's data hold, measured with tracemalloc: 14.1 KB each; 21.1 KB
    # before results shared the plan's zero and full marks and kept survey counts as ints (and more before
    # rounded sums and the weights were shared). A population is a list of these.
    rubric = perfscore.load(EXAMPLE / "rubric.perf")
    unit = perfscore.read_data(EXAMPLE / "data.toml")
    rubric.evaluate(unit)
    tracemalloc.start()
    try:
        results = [rubric.evaluate(unit) for _ in range(200)]
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert results[0].total == results[-1].total == Decimal("80.85")  # the published total
    assert held / 200 < 16_000


def _everything_changed(value: object) -> None:
    """Every list and dict in ``value`` emptied, after its own contents were changed the same way."""
    if isinstance(value, dict):
        for item in value.values():
            _everything_changed(item)
        value.clear()
    elif isinstance(value, list):
        for item in value:
            _everything_changed(item)
        value.clear()


def test_a_result_holds_nothing_of_the_callers_data() -> None:
    # Built-in data are read where they are, not copied: a result must not change when the caller later
    # changes or empties every dict and list of them (survey answers, checklists, completion items, overrides).
    rubric = perfscore.load(EXAMPLE / "rubric.perf")
    unit = perfscore.read_data(EXAMPLE / "data.toml")
    result = rubric.evaluate(unit)
    before = (result.to_dict(), result.explain(), result.survey("管理对象满意度"), result.overrides)
    _everything_changed(unit)
    assert unit == {}
    assert (result.to_dict(), result.explain(), result.survey("管理对象满意度"), result.overrides) == before
    assert before[0]["total"] == "80.85"


def test_tuples_in_data_read_as_lists() -> None:
    # The copy that data with a tuple take makes it a list, as readers expect (not_applicable, a checklist's table).
    rubric = perfscore.compile(RUBRIC.replace('指标 A1 比例 4 {', '指标 A1 比例 4 {\n    不适用时 折算'))
    result = rubric.evaluate({"not_applicable": ("A1",), "A2": {"一": "是", "二": "是", "三": "否"}})
    assert result.total == Decimal("6.67")  # A2 alone, 4 of its 6 points rescaled to 10: 6.666… → 6.67


def test_full_marks_above_the_weight_keep_their_raw_score() -> None:
    # 封顶 120%: the most X scores is 1.2 of its 1 point; 保留 0 位 舍去 rounds that 1.2 down to 1. The raw
    # score stays 1.2 beside the rounded 1 (the shared full marks are the ceiling and it rounded).
    rubric = perfscore.compile("总分 1\n保留 0 位 舍去\n指标 X 甲 1 {\n目标 100%\n按比例 封顶 120%\n}\n")
    node = rubric.evaluate({"X": "200%"})["X"]
    assert (node.raw, str(node.score)) == (Decimal("1.2"), "1")

"""The evaluator's fast paths for the commonest data, each beside the full reader that words every problem:
a survey given as a table of its questions, each a list of whole counts, read and computed in one pass
(SurveyPlan.read_plainly); a rate written as text with a percent sign. Both paths must give the same
values, scores and explanations, and the fast one must refuse nothing it should not and accept nothing
the full readers refuse."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import perfscore

RUBRIC = """
总分 10
问卷 满意度 {
  选项 非常满意 100%，满意 80%，一般 60%，不满意 0%
  占比保留 2 位
  题目 服务 "您对服务是否满意？"
  题目 效率 "您对效率是否满意？"
}
指标 C1 满意度 10 {
  目标 ≥ 90%
  实际 = 满意度
  按比例
}
"""
OPTIONS = ("非常满意", "满意", "一般", "不满意")
compiled = perfscore.compile(RUBRIC, language="en")


def as_tables(counts: dict[str, list[Any]]) -> dict[str, dict[str, Any]]:
    """The same counts, by option label: a shape the one pass leaves to the full readers."""
    return {question: dict(zip(OPTIONS, row)) for question, row in counts.items()}


def test_hand_computed() -> None:
    # 服务: 9, 27, 12, 4 of 52: shares 17.31%, 51.92%, 23.08%, 7.69% (rounded to 2 places of a percent);
    #   17.31% + 51.92% × 80% + 23.08% × 60% = 0.1731 + 0.41536 + 0.13848 = 0.72694
    # 效率: 10, 0, 0, 0 of 10: 100%; mean (0.72694 + 1) / 2 = 0.86347; C1 = 10 × 0.86347 / 0.9 = 9.5941… → 9.59
    counts = {"服务": [9, 27, 12, 4], "效率": [10, 0, 0, 0]}
    for data in (counts, as_tables(counts)):
        result = compiled.evaluate({"满意度": data})
        assert result.inputs["满意度"] == Decimal("0.86347")
        assert result.survey("满意度") == {"服务": Decimal("0.72694"), "效率": Decimal("1")}
        assert result["C1"].score == Decimal("9.59")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(0, 10**6), min_size=4, max_size=4).filter(any), min_size=2, max_size=2))
def test_one_pass_agrees_with_the_full_readers(rows: list[list[int]]) -> None:
    counts = dict(zip(("服务", "效率"), rows))
    plain, tables = compiled.evaluate({"满意度": counts}), compiled.evaluate({"满意度": as_tables(counts)})
    assert plain.inputs["满意度"] == tables.inputs["满意度"]
    assert plain.survey("满意度") == tables.survey("满意度")
    assert plain.total == tables.total
    assert plain.explain() == tables.explain()


def survey_rubric(shares: list[str], places: int | None) -> perfscore.Rubric:
    rounding = "" if places is None else f"  占比保留 {places} 位\n"
    options = "，".join(f"{label} {share}" for label, share in zip(OPTIONS, shares))
    return perfscore.compile(f"""
总分 10
问卷 满意度 {{
  选项 {options}
{rounding}  题目 服务 "您对服务是否满意？"
  题目 效率 "您对效率是否满意？"
}}
指标 C1 满意度 10 {{
  目标 ≥ 90%
  实际 = 满意度
  按比例
}}
""", language="en")


SHARES = st.one_of(st.integers(0, 100).map(lambda n: f"{n}%"), st.integers(0, 10_000).map(lambda n: f"{n / 100}%"),
                   st.tuples(st.integers(0, 9), st.integers(1, 9)).filter(lambda f: f[0] <= f[1]).map("{0[0]}/{0[1]}".format))
COUNTS = st.one_of(st.integers(0, 20), st.integers(0, 10**6), st.integers(0, 10**39 - 1))  # small ones: ties


@settings(max_examples=200, deadline=None)
@example(["1/7", "2/9", "1/9", "1/7"], 5,  # 60-digit weights: integers would keep digits the Decimal products round away
         [[7511497378836791489108771134, 86828855647038416220750840083399806, 86, 182207696],
          [76927106777, 84470548742365, 439824694637107097025982525370496, 4432590551638761629064]])
@given(st.lists(SHARES, min_size=4, max_size=4), st.one_of(st.none(), st.integers(0, 12)),
       st.lists(st.lists(COUNTS, min_size=4, max_size=4).filter(any), min_size=2, max_size=2))  # fmt: skip
def test_shares_in_whole_numbers_are_the_shares_in_decimals(shares: list[str], places: int | None,
                                                          rows: list[list[int]]) -> None:  # fmt: skip
    # The one pass shares whole counts out in integers (up to 8 places); the full readers divide in Decimal and
    # round: the same satisfaction, written the same way (str), for any shares, places and counts up to 10^39.
    # (Result.survey derives each question's value again through the full readers' arithmetic.)
    rubric = survey_rubric(shares, places)
    counts = dict(zip(("服务", "效率"), rows))
    plain, tables = rubric.evaluate({"满意度": counts}), rubric.evaluate({"满意度": as_tables(counts)})
    assert {q: str(v) for q, v in plain.survey("满意度").items()} == {q: str(v) for q, v in tables.survey("满意度").items()}
    assert str(plain.inputs["满意度"]) == str(tables.inputs["满意度"])
    assert plain.total == tables.total


def test_shares_rounded_half_up_in_whole_numbers() -> None:
    # 1 of 8 = 12.5% and 7 of 8 = 87.5% exactly: at 0 places of a percent 13% and 88% (half up: 101% in all),
    # at 1 place 12.5%; 1 of 3 = 33.33…% → 33% / 33.3%, 2 of 3 = 66.67…% → 67%.
    counts = {"服务": [1, 7, 0, 0], "效率": [1, 2, 0, 0]}
    for data in (counts, as_tables(counts)):
        # Weights 100%, 50%: 服务 0.13 + 0.88 × 0.5 = 0.57, 效率 0.33 + 0.67 × 0.5 = 0.665; mean 0.6175.
        result = survey_rubric(["100%", "50%", "0%", "0%"], 0).evaluate({"满意度": data})
        assert result.survey("满意度") == {"服务": Decimal("0.57"), "效率": Decimal("0.665")}
        assert str(result.inputs["满意度"]) == "0.6175"
        result = survey_rubric(["100%", "0%", "0%", "0%"], 1).evaluate({"满意度": data})
        assert result.survey("满意度") == {"服务": Decimal("0.125"), "效率": Decimal("0.333")}
        assert str(result.inputs["满意度"]) == "0.229"  # (0.125 + 0.333) / 2
    # A weight of 1/3 (0.333… in perfscore's 60 digits) is shared out in Decimal: 0.13 + 0.88 × 1/3, 0.33 + 0.67 × 1/3.
    with decimal.localcontext(decimal.Context(prec=60)):
        third = Decimal(1) / 3
        service, efficiency = Decimal("0.13") + Decimal("0.88") * third, Decimal("0.33") + Decimal("0.67") * third
        mean = (service + efficiency) / 2
    assert str(service) == "0.423333333333333333333333333333333333333333333333333333333333"
    result = survey_rubric(["100%", "1/3", "0%", "0%"], 0).evaluate({"满意度": counts})
    assert result.survey("满意度") == {"服务": service, "效率": efficiency}
    assert result.inputs["满意度"] == mean


def problems(data: Any) -> list[str]:
    with pytest.raises(perfscore.DataError) as caught:
        compiled.evaluate({"满意度": data})
    return [p.message for p in caught.value.problems]


@pytest.mark.parametrize("data", [
    {"服务": [0, 0, 0, 0], "效率": [1, 0, 0, 0]},  # a question without answers
    {"服务": [1, -1, 0, 0], "效率": [1, 0, 0, 0]},  # a negative count
    {"服务": [1, True, 0, 0], "效率": [1, 0, 0, 0]},  # a yes/no where a count is
    {"服务": [1, 0, 0], "效率": [1, 0, 0, 0]},  # a list of the wrong length
    {"服务": [1, 0, 0, 0]},  # a question missing
    {"服务": [1, 0, 0, 0], "效率": [1, 0, 0, 0], "态度": [1, 0, 0, 0]},  # a question not declared
])  # fmt: skip
def test_what_the_full_readers_refuse_is_refused(data: dict[str, list[Any]]) -> None:
    assert problems(data)


def test_what_the_one_pass_leaves_to_the_full_readers_is_still_read() -> None:
    # 服务 given as a rate (85%), 效率 as counts with a count written as a Decimal: (0.85 + 1) / 2 = 92.5% ≥ 90%: full marks
    result = compiled.evaluate({"满意度": {"服务": "85%", "效率": [Decimal(3), 0, 0, 0]}})
    assert result.inputs["满意度"] == Decimal("0.925")
    assert result["C1"].score == Decimal("10.00")


RATE_RUBRIC = """
总分 10
输入 执行率 比率
指标 A1 预算执行率 10 {
  目标 100%
  实际 = 执行率
  按比例
}
"""


@pytest.mark.parametrize(("written", "expected"), [
    ("95%", "9.50"), (" 95%", "9.50"), ("95 %", "9.50"), ("95.5％", "9.55"), ("163.97%", "10.00"), ("0%", "0.00"),
])  # fmt: skip
def test_a_rate_written_with_a_percent_sign(written: str, expected: str) -> None:
    # 10 × rate / 100%, capped at 10: 95% → 9.50, 95.5% → 9.55, 163.97% → 10.00 (the text path and the full reader agree)
    assert str(perfscore.compile(RATE_RUBRIC, language="en").evaluate({"执行率": written})["A1"].score) == expected


@pytest.mark.parametrize(("written", "message"), [
    # each named as written, sign and all
    ("abc%", "'abc%' is not a number"), (" abc%", "' abc%' is not a number"),
    ("%", "'%' has a % or ‰ sign but no number"), ("NaN%", "'NaN%' is not a finite number"),
])  # fmt: skip
def test_a_percent_sign_after_no_number(written: str, message: str) -> None:
    with pytest.raises(perfscore.DataError) as caught:
        perfscore.compile(RATE_RUBRIC, language="en").evaluate({"执行率": written})
    assert [p.message for p in caught.value.problems] == [message]


ITEM_VALUES = {
    "count": st.integers(0, 30_000),
    "rate": st.decimals(0, 3, places=4).map(lambda d: f"{d * 100}%"),
    None: st.one_of(st.booleans(), st.decimals(0, 1, places=3), st.sampled_from(["是", "否", "50%", "1/3"]).filter(lambda v: v != "1/3")),
}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["count", "rate", None]), st.integers(1, 20_000)), min_size=1, max_size=6),
       st.booleans(), st.data())  # fmt: skip
def test_a_fused_completion_rate_is_the_explained_one(
    items: list[tuple[str | None, int]], shared: bool, draw: st.DataObject,
) -> None:  # fmt: skip
    # The fused run computes a completion rate without its rows (done = min(value ÷ target, 1), an item without a
    # target its fulfilment, shared or averaged); the explanation with them: the same rate, digit for digit.
    from perfscore.evaluate import score_leaf
    from perfscore.numbers import CONTEXT

    lines, values = [], {}
    for k, (kind, goal) in enumerate(items):
        share = f" 1/{len(items)}" if shared else ""
        target = {"count": f" 目标 {goal}", "rate": f" 目标 {goal / 100}%", None: ""}[kind]
        lines.append(f"      项{k}{share}{target}")
        values[f"项{k}"] = draw.draw(ITEM_VALUES[kind])
    body = "\n".join(lines)
    rubric = perfscore.compile(f"总分 10\n指标 A1 完成 10 {{\n  目标 100%\n  实际 完成率 {{\n{body}\n  }}\n  按比例\n}}\n")
    result = rubric.evaluate({"A1": values})
    node = rubric._plan.nodes[rubric._plan.by_code["A1"]]
    with decimal.localcontext(CONTEXT):
        fused = node.run(result.inputs, result._own[node.index])
        explained = score_leaf(node, result.inputs, result._own[node.index])
    assert (str(fused[0]), fused[2]) == (str(explained[0]), explained[2])
    assert str(result["A1"].actual) == str(explained[0])


PERCENT_TEXTS = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["0.00", "-0", "1E+50", "1E-41", "1_0", "５", " 5 ", "\u30005", "9" * 41, "0." + "1" * 45, "sNaN",
                     "Infinity", "-inf", "1e39", "1e40", "", " ", "+", "1.2.3"]),
    st.text(st.sampled_from("0123456789.-+eE_ "), max_size=45),
)


@settings(max_examples=400)
@given(PERCENT_TEXTS)
def test_a_percent_text_is_read_as_the_general_path_reads_it(number: str) -> None:
    # parse_rate reads "x%" without to_decimal's layers when x is short, finite, not zero and within range;
    # to_decimal then ÷ 100 is the general path: the same value and digits, or the same refusal.
    from perfscore.numbers import CONTEXT, HUNDRED, NotANumber, parse_rate, shown, to_decimal

    def general() -> str:
        return str(CONTEXT.divide(to_decimal(f"{number}%"[:-1].lstrip()), HUNDRED))

    try:
        expected = general()
    except NotANumber:  # refused too, naming the text as written (sign and all)
        with pytest.raises(NotANumber) as caught:
            parse_rate(f"{number}%")
        assert shown(f"{number}%") in str(caught.value)
    else:
        assert str(parse_rate(f"{number}%")) == expected

"""Surveys (issue 10, item 9): weighted questions, an option left out of the base (不了解 不计入), channels
combined by weight (电话回访 60%，问卷调查 40%), and a result given directly as a rate."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import perfscore
from perfscore.printer import format_rubric

# "群众满意度调查采取电话回访（占60%）与问卷调查（占40%）相结合的方式；服务态度占40%，办事效率占60%；
#  选择'不了解'的不计入有效样本。满意度达到90%得满分，否则按实际满意度/90%×权重分。"
RUBRIC = """
总分 5
问卷 群众满意度 {
  选项 满意 100%，基本满意 60%，不满意 0%，不了解 不计入
  题目 服务态度 "您对工作人员的服务态度是否满意？" 权重 40%
  题目 办事效率 "您对办事效率是否满意？" 权重 60%
  渠道 电话回访 60%，问卷调查 40%
}
指标 C23 群众满意度 5 {
  目标 ≥ 90%
  实际 = 群众满意度
  按比例
}
"""

PHONE = {"服务态度": [30, 10, 0, 5], "办事效率": [20, 20, 0, 10]}


def score(data: dict[str, Any], text: str = RUBRIC) -> perfscore.Result:
    return perfscore.compile(text, language="en").evaluate(data)


def test_weighted_questions_an_excluded_option_and_channels() -> None:
    # 电话回访: 服务态度 5 of 45 不了解 leave the base of 40: (30 + 10 × 60%) / 40 = 90%;
    #           办事效率 10 不了解 leave 40: (20 + 20 × 60%) / 40 = 80%; weighted 40% × 90% + 60% × 80% = 84%.
    # 问卷调查: 服务态度 (50 + 30 × 60%) / 100 = 68%; 办事效率 (60 + 20 × 60%) / 90 = 80% (10 不了解 out);
    #           weighted 40% × 68% + 60% × 80% = 75.2%.
    # combined 60% × 84% + 40% × 75.2% = 50.4% + 30.08% = 80.48%; C23 = 5 × 80.48% / 90% = 4.4711 → 4.47.
    result = score({"群众满意度": {"电话回访": PHONE,
                                   "问卷调查": {"服务态度": [50, 30, 20, 0], "办事效率": [60, 20, 10, 10]}}})  # fmt: skip
    assert result.inputs["群众满意度"] == Decimal("0.8048")
    assert result.survey("群众满意度") == {"电话回访": Decimal("0.84"), "问卷调查": Decimal("0.752")}
    assert result["C23"].score == Decimal("4.47")


def test_a_channel_or_the_whole_survey_given_as_a_rate() -> None:
    # 问卷调查 published only as 80%: 60% × 84% + 40% × 80% = 82.4%; 5 × 82.4% / 90% = 4.5778 → 4.58.
    result = score({"群众满意度": {"电话回访": PHONE, "问卷调查": "80%"}})
    assert (result.inputs["群众满意度"], result["C23"].score) == (Decimal("0.824"), Decimal("4.58"))
    # the whole survey published as 88%: 5 × 88% / 90% = 4.8889 → 4.89
    whole = score({"群众满意度": "88%"})
    assert (whole["C23"].score, whole.survey("群众满意度")) == (Decimal("4.89"), {})
    assert score({"群众满意度": Decimal("0.88")})["C23"].score == Decimal("4.89")


PLAIN = """
总分 4
问卷 服务对象满意度 {
  选项 非常满意 100%，满意 80%，一般 60%，不满意 0%，不了解 不计入
  题目 总体
  题目 态度
}
指标 C21 服务对象满意度 4 {
  目标 ≥ 90%
  实际 = 服务对象满意度
  按比例
}
"""


def test_without_weights_the_mean_and_a_question_given_as_a_rate() -> None:
    # 总体: 24, 15, 2, 0 and 9 不了解: (24 + 12 + 1.2) / 41 = 90.7317…%; 态度 given as 85%;
    # mean (0.907317… + 0.85) / 2 = 87.8659%; 4 × 87.8659% / 90% = 3.9052 → 3.91.
    result = score({"服务对象满意度": {"总体": [24, 15, 2, 0, 9], "态度": "85%"}}, PLAIN)
    assert result["C21"].score == Decimal("3.91")
    assert result.survey("服务对象满意度")["态度"] == Decimal("0.85")


def problems(data: dict[str, Any], text: str = RUBRIC) -> list[str]:
    with pytest.raises(perfscore.DataError) as caught:
        score(data, text)
    return [p.message for p in caught.value.problems]


def test_data_problems() -> None:
    assert problems({"服务对象满意度": {"总体": [0, 0, 0, 0, 9], "态度": "85%"}}, PLAIN) == [
        "item '总体': no answers counted: every answer is 不了解, which is not counted (不计入)"]
    assert problems({"群众满意度": "120%"}) == ["a satisfaction rate is from 0 to 100%, not '120%'"]
    assert problems({"群众满意度": {"电话回访": PHONE, "问卷调查": 80}})[0].startswith(
        "item '问卷调查': expected answer counts or a satisfaction rate such as \"92.5%\": 80 is ambiguous")
    assert problems({"群众满意度": {"电话回访": PHONE}}) == ["item '问卷调查' is missing"]


def errors(text: str) -> list[str]:
    with pytest.raises(perfscore.CheckError) as caught:
        perfscore.compile(text, "r.perf", language="en")
    return [str(d).splitlines()[0] for d in caught.value.diagnostics]


def test_the_checks_of_weights_and_exclusions() -> None:
    assert errors(RUBRIC.replace("权重 60%", "权重 50%")) == [
        "r.perf:5:3: error: the question weights in survey 群众满意度 sum to 90%, not 100% (服务态度 40% + 办事效率 50%)"]
    assert errors(RUBRIC.replace(' 权重 60%', '')) == [
        "r.perf:6:3: error: question 办事效率 in survey 群众满意度 has no weight, but other questions do"]
    assert errors(RUBRIC.replace("问卷调查 40%", "问卷调查 30%")) == [
        "r.perf:7:6: error: the channel weights in survey 群众满意度 sum to 90%, not 100% (电话回访 60% + 问卷调查 30%)"]
    assert errors(PLAIN.replace("非常满意 100%，满意 80%，一般 60%，不满意 0%，", "")) == [
        "r.perf:4:6: error: every option in survey 服务对象满意度 is excluded (不计入): nothing is left to count"]


def test_printing_round_trips_in_both_languages() -> None:
    tree = perfscore.parse(RUBRIC)
    english = format_rubric(tree, language="en")
    assert ("  options 满意 100%, 基本满意 60%, 不满意 0%, 不了解 excluded\n"
            "  question 服务态度 \"您对工作人员的服务态度是否满意？\" weight 40%\n") in english
    assert "  channels 电话回访 60%, 问卷调查 40%\n" in english
    assert perfscore.parse(english) == tree
    assert perfscore.parse(format_rubric(tree)) == tree

"""perfscore.audit: one test per kind of finding, on small rubrics with figures worked by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import perfscore
from perfscore.audit import Figure, Finding, figure, read_reported

RUBRIC = perfscore.compile("""
评价 "小例"
总分 10
保留 2 位
评价等级 {
  优 ≥ 9
  良 [6, 9)
  差 < 6
}
输入 预算 金额 > 0
输入 支出 金额 ≥ 0
计算 执行率 = 支出 / 预算
分组 A 执行 6 {
  指标 A1 预算执行率 3 {
    目标 100%
    实际 = 执行率
    按比例
  }
  指标 A2 结转结余率 3 {
    目标 ≤ 9%
    实际 比率
    扣 5% 每 1% 超过 9% 不足部分 四舍五入
  }
}
分组 B 效果 4 {
  指标 B1 完成数 4 {
    目标 ≥ 100
    实际 数量
    按比例
  }
}
""", "small.perf")
DATA = {"预算": 200, "支出": 170, "A2": "19.84%", "B1": 160}
# By hand: A1 = 3 × 85% = 2.55; A2: 10.84 over → 11 × 5% × 3 = 1.65 off → 1.35; B1 = 4 (capped)
# A = 3.90, total = 7.90, 良 (79%).


def findings(reported: dict[str, Any], data: dict[str, Any] | None = None, **settings: Any) -> list[Finding]:
    options = perfscore.AuditSettings(**settings) if settings else None
    return list(perfscore.audit(RUBRIC, data or DATA, reported, options, language="en"))  # the reasons in English


def only(found: list[Finding], kind: str) -> list[tuple[str, str, str | None, str | None, str | None]]:
    return [(f.severity, f.code, f.published, f.expected, f.difference) for f in found if f.kind == kind]


CONSISTENT = {
    "total": "7.90", "grade": "良", "rate": "79%",
    "A": {"weight": 6, "score": "3.9", "rate": "65%"},
    "A1": {"weight": 3, "actual": "85%", "score": "2.55", "rate": "85%"},
    "A2": {"weight": 3, "actual": "19.84%", "score": "1.35", "rate": "45%"},
    "B": {"weight": 4, "score": "4", "rate": "100%"},
    "B1": {"weight": 4, "actual": "160", "score": "4.00", "rate": "100.00%"},
}  # fmt: skip


def test_consistent_figures_give_no_error_or_warning() -> None:
    assert [f for f in findings(CONSISTENT) if f.severity != "note"] == []


def test_figure_reading() -> None:
    assert figure("86.44%") == Figure("86.44%", Decimal("0.8644"), 4, True)
    assert figure("1,234.50").value == Decimal("1234.50") and figure("1,234.50").places == 2
    assert figure("3分").value == Decimal(3)
    assert figure("合理").value is None
    assert figure(Decimal("2.5")).places == 1 and figure(2.59).value == Decimal("2.59")


def test_score_against_the_rule_for_the_published_actual() -> None:
    found = findings({**CONSISTENT, "A2": {"actual": "19.84%", "score": "0", "rate": "0%"}})
    assert only(found, "score") == [("error", "A2", "0", "1.35", "-1.35")]


def test_score_against_the_data_when_the_actual_differs() -> None:
    found = findings({**CONSISTENT, "A1": {"actual": "90%", "score": "2.7", "rate": "90%"}})
    assert only(found, "actual") == [("error", "A1", "90%", "85%", "+5 percentage points")]
    assert only(found, "score") == [("error", "A1", "2.7", "2.55", "+0.15")]


def test_truncated_actual_is_a_warning() -> None:
    found = findings(CONSISTENT, {**DATA, "支出": Decimal("172.89")})  # 86.445% printed as 86.44%
    published = {**CONSISTENT, "A1": {"actual": "86.44%", "score": "2.59", "rate": "86.33%"}}
    found = findings({**published, "total": "7.94", "A": {"score": "3.94"}}, {**DATA, "支出": Decimal("172.894")})
    assert only(found, "actual") == [("warning", "A1", "86.44%", "86.447%", "-0.007 percentage points")]


def test_rate_must_be_score_over_weight() -> None:
    found = findings({**CONSISTENT, "B1": {"actual": "160", "score": "4", "rate": "90%"}})
    assert only(found, "rate") == [("error", "B1", "90%", "100%", "-10 percentage points")]


def test_rate_from_the_unrounded_score_is_a_note() -> None:
    rubric = perfscore.compile("总分 4\n指标 A1 完成 4 {\n  目标 100%\n  实际 比率\n  按比例\n}\n")
    report = perfscore.audit(rubric, {"A1": "33.333333%"}, {"A1": {"score": "1.33", "rate": "33.33%"}})
    assert [(f.severity, f.kind, f.expected) for f in report] == [("note", "rate", "33.25%")]


def test_weight_bounds_and_codes() -> None:
    found = findings({**CONSISTENT, "A1": {"weight": 4, "score": "3.5"}, "A3": {"score": 1}, "B1": {"score": "-1"}})
    assert only(found, "weight") == [("error", "A1", "4", "3", "1")]
    assert only(found, "bounds") == [("error", "A1", "3.5", "0–3", None), ("error", "B1", "-1", "0–4", None)]
    assert [f.reason for f in found if f.kind == "unknown-code"] == [
        "the report has figures for A3, which the rubric does not have; did you mean A2?"]


def test_missing_leaf_is_a_warning() -> None:
    reported = {k: v for k, v in CONSISTENT.items() if k != "B1"}
    assert only(findings(reported), "missing") == [("warning", "B1", None, None, None)]


def test_subtotal_must_add_up_and_match_the_data() -> None:
    found = findings({**CONSISTENT, "A": {"score": "4.0"}})
    # 4.0 is neither its children's sum (3.9) nor what the data give (3.90): both said, as for the total
    assert only(found, "subtotal") == [("error", "A", "4.0", "3.9", "+0.1"), ("warning", "A", "4.0", "3.90", "+0.1")]
    found = findings({**CONSISTENT, "A2": {"actual": "19.84%", "score": "0"}, "A": {"score": "2.55"}, "total": "6.55"})
    assert ("warning", "A", "2.55", "3.90", "-1.35") in only(found, "subtotal")  # the data at the rubric's places
    assert [f.reason for f in found if f.kind == "subtotal"] == ["the data give A a subtotal of 3.90 (because of A2)"]


def test_total_must_add_up_and_grade_follow_the_bands() -> None:
    found = findings({**CONSISTENT, "total": "8.90", "grade": "优"})
    assert only(found, "total") == [("error", "total", "8.90", "7.9", "+1"), ("warning", "total", "8.90", "7.90", "+1")]
    # 8.90 is 89%: 良 by the bands, and the data say 7.90, 良, too
    assert [(f.published, f.expected) for f in found if f.kind == "grade"] == [("优", "良"), ("优", "良")]


def test_the_same_figure_quoted_differently() -> None:
    quoted = {"actual": [{"value": "85%", "where": "表4-1"}, {"value": "58%", "where": "正文"}], "score": "2.55"}
    found = findings({**CONSISTENT, "A1": quoted})
    assert [(f.severity, f.code, f.reason) for f in found if f.kind == "quoted"] == [
        ("error", "A1", "the actual of A1 is printed as 85%（表4-1） and as 58%（正文）")]


def test_ratios_and_implausible_execution_rates() -> None:
    ratios = [
        {"name": "基本支出执行率", "kind": "执行率", "numerator": "26981.24", "denominator": "2988.49949", "rate": "902.84%"},
        {"name": "项目支出执行率", "numerator": "6576.08", "denominator": "22603.5", "rate": "29.90%"},
        {"name": "财政拨款执行率", "numerator": "33557.32", "denominator": "25591.99949", "rate": "131.12%"},
    ]  # fmt: skip
    found = findings({**CONSISTENT, "ratios": ratios})
    assert only(found, "ratio") == [("error", "项目支出执行率", "29.90%", "29.0932%", "+0.8068 percentage points")]
    assert [(f.severity, f.code) for f in found if f.kind == "plausibility"] == [
        ("error", "基本支出执行率"), ("note", "项目支出执行率"), ("warning", "财政拨款执行率")]


def test_target_set_too_low_is_a_note_with_a_configurable_threshold() -> None:
    assert [f.reason for f in findings(CONSISTENT) if f.kind == "target"] == [
        "the actual of B1 is 160% of its target 100: the target may have been set too low"]
    assert [f for f in findings(CONSISTENT, target_ratio=Decimal(2)) if f.kind == "target"] == []


def test_findings_are_grouped_by_node_worst_first() -> None:
    report = perfscore.audit(RUBRIC, DATA, {**CONSISTENT, "A2": {"actual": "19.84%", "score": "0"}, "A": {"score": "2.55"},
                                            "total": "6.55", "grade": "良"})  # fmt: skip
    codes = [f.code for f in report]
    assert codes[0] == "A2" and report.findings[0].severity == "error"
    assert codes == sorted(codes, key=codes.index)  # each node's findings together
    assert report.to_dict()["counts"] == report.counts()


def test_csv_and_json_inputs(tmp_path: Path) -> None:
    csv_file = tmp_path / "r.csv"
    csv_file.write_text("code,权重,业绩值,得分,得分率\nA2,3,19.84%,0,0%\nA2,3,19.84%,0,0%\n合计,,,7.90,79%\n", "utf-8")
    reported = read_reported(csv_file)
    assert reported.duplicates == ("A2",) and reported.top["total"][0].text == "7.90"
    json_file = tmp_path / "r.json"
    json_file.write_text('{"A2": {"score": 0}, "A2": {"score": 1.35}}', "utf-8")
    assert read_reported(json_file).duplicates == ("A2",)
    with pytest.raises(perfscore.DataError, match="unknown field 'scor' \\(did you mean score\\?\\)"):
        perfscore.audit(RUBRIC, DATA, {"A1": {"scor": 1}})


def test_an_override_explains_a_score_the_rule_does_not_give() -> None:
    data = {**DATA, "调整": {"A2": {"score": 3, "reason": "评价组认定为上级临时交办"}}}
    found = findings({**CONSISTENT, "A2": {"actual": "19.84%", "score": "3"}, "A": {"score": "5.55"}, "total": "9.55",
                      "grade": "优"}, data)  # fmt: skip
    assert [(f.severity, f.kind, f.reason) for f in found if f.code == "A2"] == [
        ("note", "score", "the rule gives 1.35 for the published actual 19.84%; the evaluators awarded 3 instead "
                          "(评价组认定为上级临时交办)")]  # fmt: skip


def test_a_line_printed_under_another_code_is_a_duplicate() -> None:
    found = findings({**CONSISTENT, "A1": {**CONSISTENT["A1"], "label": [{"value": "A1", "where": "附件1"},  # type: ignore[dict-item]
                                                                         {"value": "A2", "where": "表4-1"}]}})  # fmt: skip
    assert [(f.severity, f.reason, f.where) for f in found if f.kind == "duplicate"] == [
        ("error", "A1 预算执行率 is printed under the code A2, the code of A2 结转结余率", "表4-1")]
    report = perfscore.audit(RUBRIC, DATA, {**CONSISTENT, "A1": {**CONSISTENT["A1"], "label": "A9"}})  # type: ignore[dict-item]
    assert [(f.severity, f.kind) for f in report if f.code == "A1"] == [("warning", "duplicate")]


def test_findings_in_the_rubric_language_with_stable_keys() -> None:
    """A rubric in Chinese keywords words its findings in Chinese; language="en" or in_language("en") in English;
    the key, the figures and the order do not change. By hand: A1 = 3 × 85% = 2.55, A = 2.55 + 1.35 = 3.9."""
    published = {**CONSISTENT, "A1": {"actual": "90%", "score": "2.55"}, "A": {"score": "4.0"}, "A9": {"score": 1},
                 "grade": "优"}  # fmt: skip
    report = perfscore.audit(RUBRIC, DATA, published)
    assert report.language == "zh"
    shown = [(f.key, f.reason) for f in report if f.severity == "error"]
    assert shown == [
        ("finding.subtotal-sum", "A 的小计不等于所公布的各项得分之和 2.55 + 1.35 = 3.9"),
        ("finding.actual", "按数据 A1 的业绩值为 85%，不是 90%"),
        ("finding.score-rule", "按公布的业绩值 90%，规则给 2.7 分，不是 2.55"),
        ("finding.total-sum", "总分不等于所公布的一级指标得分之和 4.0 + 4 = 8"),
        ("finding.grade-bands", "按评分办法的等级划分，总分 7.90 应评为 良，不是 优"),
        ("finding.grade-data", "按数据总分为 7.90，评为 良，不是 优"),
        ("finding.unknown-code-close", "报告公布了 A9 的数据，但评分办法中没有 A9；是不是要写 A2？"),
    ]
    english = [(f.key, f.reason) for f in perfscore.audit(RUBRIC, DATA, published, language="en") if f.severity == "error"]
    assert english == [
        ("finding.subtotal-sum", "the subtotal of A is not the sum of its published scores 2.55 + 1.35 = 3.9"),
        ("finding.actual", "the data give an actual of 85% for A1, not 90%"),
        ("finding.score-rule", "the rule gives 2.7 for the published actual 90%, not 2.55"),
        ("finding.total-sum", "the total is not the sum of the published level-1 scores 4.0 + 4 = 8"),
        ("finding.grade-bands", "a total of 7.90 is graded 良 by the rubric's bands, not 优"),
        ("finding.grade-data", "the data give a total of 7.90, graded 良, not 优"),
        ("finding.unknown-code-close", "the report has figures for A9, which the rubric does not have; did you mean A2?"),
    ]
    again = report.in_language("en")
    assert [(f.key, f.reason) for f in again if f.severity == "error"] == english and again.language == "en"
    actual = next(f for f in report if f.key == "finding.actual")
    assert actual.to_dict() == {"key": "finding.actual", "severity": "error", "code": "A1", "kind": "actual",
                                "reason": "按数据 A1 的业绩值为 85%，不是 90%", "published": "90%", "expected": "85%",
                                "difference": "+5 个百分点", "where": None}  # fmt: skip
    assert actual.to_dict("en")["reason"] == "the data give an actual of 85% for A1, not 90%"
    assert report.to_dict()["findings"][0]["key"] == "finding.subtotal-sum"


def test_findings_of_an_english_rubric_are_in_english() -> None:
    rubric = perfscore.compile("total 3\nindicator A1 done 3 {\n  binary\n}\n")
    (unreachable, score) = perfscore.audit(rubric, {"A1": True}, {"A1": {"score": "2"}})
    assert unreachable.reason == "the rule of A1 cannot give 2 for any data: it gives only 0, 3"
    assert score.in_language("zh").reason == "按数据和规则 A1 得 3.00 分，不是 2"
    with pytest.raises(perfscore.ArgumentError, match="language= takes 'zh' or 'en'"):
        perfscore.audit(rubric, {"A1": True}, {}, language="fr")  # type: ignore[arg-type]


def test_every_finding_key_is_documented() -> None:
    from perfscore.messages import CATALOGUE

    page = (Path(__file__).resolve().parents[1] / "docs" / "diagnostics.md").read_text("utf-8")
    pieces = ("finding.field.", "finding.what-", "finding.because", "finding.capped", "finding.percentage-points")
    keys = [k for k in CATALOGUE if k.startswith("finding.") and not k.startswith(pieces)]
    assert len(keys) == 38 and [k for k in keys if f"| `{k}` |" not in page] == []

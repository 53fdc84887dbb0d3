"""Audit paths a mutation run (bench/mutation.py, issue 15) left untested: the published title, the
default name of an unnamed ratio; CSV reports of one row, without a code column, with a row without a
code; `where` as a list; the half-unit tolerance; ‰ figures; malformed ratios; a missing grade; group
ceilings over the weight. Against tests/test_audit.py's small rubric; through perfscore.audit."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import perfscore

from .test_audit import CONSISTENT, DATA, RUBRIC, findings, only


def test_the_published_title_heads_the_report_else_the_rubrics() -> None:
    titled = perfscore.audit(RUBRIC, DATA, {**CONSISTENT, "title": "某单位 2023 年绩效自评报告"})
    assert titled.to_dict()["title"] == "某单位 2023 年绩效自评报告"
    assert perfscore.audit(RUBRIC, DATA, CONSISTENT).to_dict()["title"] == "小例"  # 评价 "小例"


def test_an_unnamed_ratio_is_named_by_its_place_counting_from_1() -> None:
    # ratios[0]: 1 ÷ 8 = 12.5%, published 14%: 1.5 percentage points off; ratios[1]: 1 ÷ 4 = 25%, consistent.
    ratios = [{"numerator": "1", "denominator": "8", "rate": "14%"}, {"numerator": "1", "denominator": "4", "rate": "25%"}]
    report = perfscore.audit(RUBRIC, DATA, {**CONSISTENT, "ratios": ratios})
    assert [(f.severity, f.code, f.published, f.expected) for f in report if f.kind == "ratio"] == [
        ("error", "ratio 1", "14%", "12.5%")]


# ---------------------------------------------------------------- second round (2026-12-03)


def test_a_csv_of_one_row_is_read(tmp_path: Path) -> None:
    # A2: 19.84% over 9% by 10.84 → 11 × 5% × 3 = 1.65 off → 1.35, not the published 0
    path = tmp_path / "one.csv"
    path.write_text("code,score\nA2,0\n", "utf-8")
    report = perfscore.audit(RUBRIC, DATA, path, language="en")
    assert [(f.severity, f.code, f.published, f.expected) for f in report if f.kind == "score"] == [
        ("error", "A2", "0", "1.35")]


def refusals_of_file(path: Path, text: str) -> list[str]:
    """The problems of auditing against a file of published figures holding ``text``."""
    path.write_text(text, "utf-8")
    with pytest.raises(perfscore.DataError) as caught:
        perfscore.audit(RUBRIC, DATA, path, language="en")
    return [p.message for p in caught.value.problems]


def test_a_csv_without_a_code_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nocode.csv"
    assert refusals_of_file(path, "指标,score\nA2,0\n") == [f"{path}: a CSV of published figures needs a 'code' column"]


def test_a_csv_row_without_a_code_is_skipped(tmp_path: Path) -> None:
    # a note line under the table: no code, so no figures for a code "" the rubric does not have
    path = tmp_path / "notes.csv"
    path.write_text("code,score,where\nA2,1.35,表3\n,,注：单位万元\n", "utf-8")
    report = perfscore.audit(RUBRIC, DATA, path, language="en")
    assert [(f.severity, f.kind, f.code) for f in report if f.severity != "note"] == [
        ("warning", "missing", "A1"), ("warning", "missing", "B1")]


def test_where_given_as_a_list_of_places_is_no_figure() -> None:
    # B1 is consistent (160 → 4.00, 100%); its `where` names two places and is not compared as a figure
    report = perfscore.audit(RUBRIC, DATA, {**CONSISTENT, "B1": {**CONSISTENT["B1"], "where": ["表3", "表4"]}})
    assert [f for f in report if f.severity != "note"] == []


def test_a_published_actual_is_compared_at_half_a_unit_of_its_last_place() -> None:
    # 支出 168.9 / 预算 200 = 84.45%. Printed as a whole percent it is 84% (|84% − 84.45%| = 0.45 points ≤ 0.5);
    # 85% is 0.55 points off, more than half a unit (0.5 points) of the last printed place.
    data = {**DATA, "支出": Decimal("168.9")}
    assert only(findings({"A1": {"actual": "84%"}}, data), "actual") == []
    assert only(findings({"A1": {"actual": "85%"}}, data), "actual") == [
        ("error", "A1", "85%", "84.45%", "+0.55 percentage points")]


def test_per_mille_figures_are_read_as_thousandths() -> None:
    # 170 / 200 = 85% = 850‰; 860‰ = 86%, one percentage point over
    assert only(findings({"A1": {"actual": "850‰"}}), "actual") == []
    assert only(findings({"A1": {"actual": "860‰"}}), "actual") == [
        ("error", "A1", "860‰", "85%", "+1 percentage points")]


def test_ratio_entries_without_their_three_figures_are_refused_by_place() -> None:
    ratios = [{"numerator": "1", "denominator": "8"}, "12.5%"]
    with pytest.raises(perfscore.DataError) as caught:
        perfscore.audit(RUBRIC, DATA, {**CONSISTENT, "ratios": ratios}, language="en")
    assert [p.message for p in caught.value.problems] == [
        "ratios[0] needs numerator, denominator and rate", "ratios[1] needs numerator, denominator and rate"]


def test_a_report_without_a_grade_is_checked_without_one() -> None:
    assert [f for f in findings({k: v for k, v in CONSISTENT.items() if k != "grade"}) if f.severity != "note"] == []


def test_a_group_over_its_weight_is_in_bounds_up_to_its_childrens_caps() -> None:
    # G1: 150 / 100 = 150%, capped at 120%: 4 × 120% = 4.8, so G (the sum of its children) can reach 4.8 too
    rubric = perfscore.compile("总分 4\n分组 G 甲 4 {\n  指标 G1 乙 4 {\n    目标 100\n    实际 数量\n    按比例 封顶 120%\n"
                               "  }\n}\n")  # fmt: skip
    def bounds(score: str) -> list[tuple[str, str, str | None, str | None, str | None]]:
        return only(list(perfscore.audit(rubric, {"G1": 150}, {"G": {"score": score}, "G1": {"score": score}})),
                    "bounds")
    assert bounds("4.8") == []
    assert bounds("4.9") == [("error", "G", "4.9", "0–4", None), ("error", "G1", "4.9", "0–4", None)]


@pytest.mark.parametrize(("numerator", "rate", "expected"), [
    ("400", "200%", [("warning", "基本支出执行率 is 200.00%: more was spent than budgeted")]),  # 400 / 200: at 2 ×
    ("400.02", "200.01%", [("error", "基本支出执行率 is 200.01%: spending 2 times the budget is implausible; "
                                    "check the figures")]),  # over 2 ×
    ("100", "50%", []),  # exactly half spent: not noted
    ("99.98", "49.99%", [("note", "基本支出执行率 is 49.99%: most of the budget was not spent")]),
])  # fmt: skip
def test_execution_rate_thresholds_at_their_edges(numerator: str, rate: str, expected: list[tuple[str, str]]) -> None:
    ratio = {"name": "基本支出执行率", "kind": "执行率", "numerator": numerator, "denominator": "200", "rate": rate}
    found = findings({**CONSISTENT, "ratios": [ratio]})
    assert [(f.severity, f.reason) for f in found if f.kind in ("plausibility", "ratio")] == expected


def test_a_published_total_above_the_maximum_is_out_of_bounds() -> None:
    # 总分 10: a total of 10.5 cannot be; 10 can
    over = [(f.severity, f.reason) for f in findings({"total": "10.5"}) if f.kind == "bounds"]
    assert over == [("error", "the total is outside 0 to 10")]
    assert [f for f in findings({"total": "10"}) if f.kind == "bounds"] == []


def test_a_published_total_rate_is_the_total_over_the_maximum() -> None:
    # 7.90 / 10 = 79%, not 80%
    assert only(findings({**CONSISTENT, "rate": "80%"}), "rate") == [
        ("error", "total", "80%", "79%", "+1 percentage points")]


def test_a_yes_no_published_as_a_figure_is_shown_as_written() -> None:
    # B1's actual published as true: no figure to compare (160 stays the data's); the note shows what was printed
    found = findings({**CONSISTENT, "B1": {"actual": True, "score": "4.00"}})
    assert [(f.kind, f.published) for f in found if f.code == "B1"] == [("target", "True")]


@pytest.mark.parametrize("threshold", [0, -1, "0%"])
def test_audit_thresholds_must_be_above_0(threshold: object) -> None:
    with pytest.raises(perfscore.ArgumentError) as caught:
        perfscore.AuditSettings(target_ratio=threshold)
    assert str(caught.value) == f"AuditSettings: a threshold must be above 0, not {0 if threshold == '0%' else threshold}"


def test_a_difference_is_shown_to_two_places_past_the_rubrics_score_places() -> None:
    # 168.89412 / 200 = 0.8444706; published 0.9 (1 place): 0.9 − 0.8444706 = 0.0555294, shown to
    # max(1 + 2, 2 + 2) = 4 places: +0.0555; the expected value to 1 + 2 places: 0.844
    found = findings({"A1": {"actual": "0.9"}}, {**DATA, "支出": Decimal("168.89412")})
    assert only(found, "actual") == [("error", "A1", "0.9", "0.844", "+0.0555")]


def test_a_target_of_0_is_never_called_too_low() -> None:
    # 目标 ≥ 0 and an actual of 5: no multiple of 0 to compare with (and no division by 0)
    rubric = perfscore.compile("总分 3\n指标 A1 甲 3 {\n  目标 ≥ 0\n  实际 数值\n  分档 {\n    ≥ 0：3分\n    否则：0分\n  }\n}\n")
    assert list(perfscore.audit(rubric, {"A1": 5}, {"A1": {"actual": "5", "score": "3"}})) == []


# ---------------------------------------------------------------- a fresh draw (seed 2)


def test_a_score_written_with_its_unit_is_read_as_points() -> None:
    # A1 = 2.55: "2.55分" is that; "2.5分" is 0.05 under
    assert only(findings({"A1": {"score": "2.55分"}}), "score") == []
    assert only(findings({"A1": {"score": "2.5分"}}), "score") == [("error", "A1", "2.5分", "2.55", "-0.05")]


def test_a_figure_quoted_twice_agrees_within_half_a_unit_of_the_shorter_quote() -> None:
    def quoted(*quotes: str) -> list[tuple[str, str, str, str | None]]:
        report = {**CONSISTENT, "A1": {**CONSISTENT["A1"], "score": list(quotes)}}
        return [(f.severity, f.kind, f.code, f.published) for f in findings(report) if f.severity != "note"]

    assert quoted("2.55", "2.6") == []  # 2.55 to one place is 2.6: |2.55 − 2.6| = 0.05, half a unit of 0.1
    assert quoted("2.55", "2.7") == [("error", "quoted", "A1", "2.7")]  # 0.15 apart


def test_a_top_level_name_that_is_no_figure_nor_code_is_refused() -> None:
    with pytest.raises(perfscore.DataError) as caught:
        perfscore.audit(RUBRIC, DATA, {**CONSISTENT, "foo": "1"}, language="en")
    assert [p.message for p in caught.value.problems] == [
        "'foo' is neither a code (a table of figures) nor one of title, total, grade, rate, where, ratios"]


def test_a_reported_file_that_is_no_toml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    assert refusals_of_file(path, "total = \n") == [f"{path}: invalid TOML: Invalid value (at line 1, column 9)"]

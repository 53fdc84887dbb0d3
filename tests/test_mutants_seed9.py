"""Scores and diagnostics a fresh mutation draw (bench/mutation.py --seed 9: scoring core 6 per module, checker 12
per module, audit 30) showed untested. Every expected value is worked out by hand in the comment beside it; only
the public API is used."""

from __future__ import annotations

import perfscore

from .test_mutants_seed8 import error


def test_an_otherwise_before_the_end_of_bands_on_conditions_is_an_error() -> None:
    # 当 bands: 否则 on line 6 takes every unit the 当 on line 7 would, so that band never applies; and the last
    # band is not an otherwise (a 当 band list must end with one), reported at the 分档 itself
    text = "总分 10\n输入 甲 比率\n指标 A1 甲项 10 {\n 分档 {\n  当 甲 >= 90%：10分\n  否则：0分\n  当 甲 >= 60%：6分\n }\n}\n"
    assert str(error(text)).endswith(
        "\nr.perf:6:3: error: the otherwise band of A1 is not last: the bands after it never match\n"
        "      否则：0分\n      ^^^^^^^^^\n    hint: move 否则 (otherwise) to the end")
    assert str(error(text)).startswith("2 error(s) in rubric\nr.perf:4:2: error: the bands of A1 use 当 (when) "
                                       "conditions and must end with an otherwise band\n")


def test_the_audit_rescores_a_published_formula_actual_by_the_rule() -> None:
    # 公式 actual × 10 on a rate: the report's actual 70% gives 7 by the rule, not the published 8; the data's
    # 70% gives 7 too, so the one error is the rule's (not "the data give 7")
    rubric = perfscore.compile("总分 10\n指标 A1 甲 10 {\n  实际 比率\n  公式 actual × 10\n}\n")
    report = perfscore.audit(rubric, {"A1": "70%"}, {"A1": {"actual": "70%", "score": "8"}}, language="en")
    assert [(f.severity, f.kind, f.expected, f.reason) for f in report] == [
        ("error", "score", "7", "the rule gives 7 for the published actual 70%, not 8")]

"""Audit paths a mutation run (bench/mutation.py, issue 15) left untested: the published title, the
default name of an unnamed ratio. Against tests/test_audit.py's small rubric; through perfscore.audit."""

from __future__ import annotations

import perfscore

from .test_audit import CONSISTENT, DATA, RUBRIC


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

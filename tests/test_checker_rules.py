"""Every checker rule's error path, the whole diagnostic list pinned (issue 15).

Each rubric is wrong in one way (total_zero: one mistake the checker reports three ways); through
perfscore.compile only, so the rules may move into modules without these tests changing.
"""

from __future__ import annotations

import pytest

import perfscore

L = "指标 A 甲 10 {\n  目标 100%\n  RULE\n}\n"
CASES = {
 "cond_actual": "总分 10\n输入 决算数 金额\n输入 预算数 金额\n指标 A 甲 10 {\n  目标 100%\n  实际 = 决算数 > 预算数\n  按比例\n}\n",
 "otherwise_first": "总分 10\n" + L.replace("RULE", "分档 {\n    否则：0%\n    ≥ 90%：100%\n  }"),
 "empty_bands": "总分 10\n" + L.replace("RULE", "分档 {\n  }"),
 "survey_no_options": "总分 10\n问卷 调查 {\n  题目 q1\n}\n指标 A 甲 10 {\n  目标 100%\n  实际 = 调查\n  按比例\n}\n",
 "survey_no_questions": "总分 10\n问卷 调查 {\n  选项 满意 100%，不满意 0%\n}\n指标 A 甲 10 {\n  目标 100%\n  实际 = 调查\n  按比例\n}\n",
 "grade_when": "总分 10\n评价等级 {\n  优 当 total > 5\n  差 < 5\n}\n" + L.replace("RULE", "按比例"),
 "total_zero": "总分 0\n" + L.replace("RULE", "按比例").replace("10", "0"),
 "empty_levels": "总分 10\n" + L.replace("RULE", "定性 {\n  }"),
 "empty_checklist": "总分 10\n" + L.replace("RULE", "清单 {\n  }"),
 "shares_off": "总分 10\n" + L.replace("RULE", "清单 {\n    a 30%\n    b 30%\n  }"),
 "veto_bad_grade": "总分 10\n评价等级 {\n  优 ≥ 5\n  差 < 5\n}\n一票否决 x 等级最高 良\n" + L.replace("RULE", "按比例"),
 "grades_gap": "总分 10\n评价等级 {\n  优 ≥ 6\n  差 < 5\n}\n" + L.replace("RULE", "按比例"),
 "zero_step": "总分 10\n" + L.replace("RULE", "扣 1分 每 0"),
 "linear_equal": "总分 10\n" + L.replace("RULE", "线性 从 5% 到 5%"),
 "no_rule": "总分 10\n指标 A 甲 10 {\n  目标 100%\n}\n",
 "redistribute_alone": "总分 10\n指标 A 甲 10 {\n  达标\n  不适用时 分配给同级\n}\n",
 "bonus_no_cap": "总分 10\n" + L.replace("RULE", "按比例") + "加分项 E 加 最多 0 {\n  指标 E1 x 1 {\n    达标\n  }\n}\n",
 "maximum_low": "总分 10\n最高分 5\n" + L.replace("RULE", "按比例"),
 "unknown_name": "总分 10\n指标 A 甲 10 {\n  目标 100%\n  实际 = 决算\n  按比例\n}\n",
 "band_award_over": "总分 10\n" + L.replace("RULE", "分档 {\n    ≥ 90%：11分\n    否则：0%\n  }"),
 "metric_cycle": "总分 10\n计算 a = b + 1\n计算 b = a + 1\n指标 A 甲 10 {\n  目标 10\n  实际 = a\n  按比例\n}\n",
 "dup_code": "总分 10\n指标 A 甲 5 {\n  达标\n}\n指标 A 乙 5 {\n  达标\n}\n",
 "levels_dup": "总分 10\n" + L.replace("RULE", "定性 {\n    好：100%\n    好：50%\n  }"),
}

EXPECTED = [
    ('cond_actual', [('types', 'the actual of A is a condition, not a number: `决算数 > 预算数`')]),
    ('otherwise_first', [('bands', 'the otherwise band of A is not last: the bands after it never match')]),
    ('empty_bands', [('bands', 'the bands of A are empty')]),
    ('survey_no_options', [('shares', 'survey 调查 needs options and questions')]),
    ('survey_no_questions', [('shares', 'survey 调查 needs options and questions')]),
    # Grades may test more than the total (issue 10 item 3), decided in order, so they need a last 否则.
    ('grade_when', [('grades', 'grade 优 is decided by a condition (当 …), so the grades need a last 否则 (otherwise) grade: a unit matching no condition would have no grade')]),
    ('total_zero', [('settings', 'the total must be more than 0'), ('weights', 'the weight of A must be more than 0'), ('division', 'the target of A is 0, and the proportional rule divides by it')]),
    ('empty_levels', [('levels', 'the levels of A are empty')]),
    ('empty_checklist', [('shares', 'the checklist of A has no items')]),
    ('shares_off', [('shares', 'shares of the checklist of A sum to 60%, not 100% (a 30% + b 30%): 40% missing')]),
    ('veto_bad_grade', [('grades', 'veto x caps the grade at 良, which is not a declared grade')]),
    ('grades_gap', [('grades', 'grades leave a gap: total in [5, 6) matches no grade (between 差 and 优)')]),
    ('zero_step', [('bounds', 'the step of A is 0: it must be more than 0')]),
    ('linear_equal', [('division', 'the linear rule of A starts and ends at the same value')]),
    ('no_rule', [('clauses', 'indicator A (甲) has no scoring rule')]),
    ('redistribute_alone', [('clauses', 'A gives its weight to its siblings when not applicable, but has none')]),
    ('bonus_no_cap', [('weights', 'the cap of bonus group E must be more than 0')]),
    ('maximum_low', [('settings', 'the maximum 5 is below the total 10')]),
    ('unknown_name', [('unknown-name', 'unknown name 决算 in the actual of A')]),
    ('band_award_over', [('bounds', 'band `≥ 90%` of A awards 11分, more than its weight 10')]),
    ('metric_cycle', [('cycle', 'metric a depends on itself: a → b → a')]),
    ('dup_code', [('duplicate-code', 'code A appears twice (first at line 2)')]),
    ('levels_dup', [('levels', 'level 好 appears twice in A (first at line 5)')]),
]  # fmt: skip


@pytest.mark.parametrize(("case", "diagnostics"), EXPECTED, ids=[name for name, _ in EXPECTED])
def test_each_rule_refuses_its_mistake_with_its_message(case: str, diagnostics: list[tuple[str, str]]) -> None:
    with pytest.raises(perfscore.CheckError) as caught:
        perfscore.compile(CASES[case], language="en")
    assert [(d.code, d.message) for d in caught.value.diagnostics] == diagnostics
    assert all(d.severity == "error" for d in caught.value.diagnostics)


def test_the_same_rubrics_with_the_mistake_mended_compile() -> None:
    """The mistakes above are the only thing wrong: the nearest correct rubric compiles."""
    perfscore.compile(CASES["otherwise_first"].replace("否则：0%\n    ≥ 90%：100%", "≥ 90%：100%\n    否则：0%"), language="en")
    perfscore.compile(CASES["grade_when"].replace("当 total > 5", "≥ 5"), language="en")
    perfscore.compile(CASES["shares_off"].replace("b 30%", "b 70%"), language="en")
    perfscore.compile(CASES["cond_actual"].replace("决算数 > 预算数", "决算数 / 预算数").replace("输入 预算数 金额", "输入 预算数 金额 > 0"), language="en")

"""The static checker: each check on a small rubric, with the exact message and position."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

import perfscore
from perfscore import ast
from perfscore.checker import check, check_or_raise
from perfscore.errors import CheckError, Diagnostic
from perfscore.parser import parse
from perfscore.source import Source

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "shuozhou-2020" / "rubric.perf"


def diagnostics(text: str) -> list[Diagnostic]:
    text = textwrap.dedent(text)
    return [d.in_language("en") for d in check(parse(text, "t.perf"), Source("t.perf", text))]


def found(text: str, code: str | None = None) -> list[tuple[str, int, int, str]]:
    """(severity, line, column, message) of each diagnostic, optionally of one check only."""
    return [(d.severity, d.line, d.column, d.message) for d in diagnostics(text) if code is None or d.code == code]


def hints(text: str, code: str) -> list[str | None]:
    return [d.hint for d in diagnostics(text) if d.code == code]


def indicator(rule: str, clauses: str = "", extra: str = "", weight: str = "3") -> str:
    """A rubric of one indicator X1: line 1 the total, 2 `extra`, 3 the header, then clauses and the rule."""
    return f"总分 {weight}\n{extra}\n指标 X1 测试 {weight} {{\n{clauses}\n{rule}\n}}\n"


# ---------------------------------------------------------------- the real example


def test_the_shuozhou_rubric_has_no_problems() -> None:
    text = EXAMPLE.read_text("utf-8")
    assert check(parse(text, str(EXAMPLE)), Source(str(EXAMPLE), text)) == []


def test_check_or_raise_returns_warnings_and_raises_on_errors() -> None:
    text = indicator("公式 weight * actual", "实际 比率")
    warnings = check_or_raise(parse(text), Source("t", text)).warnings
    assert [d.severity for d in warnings] == ["warning"]
    bad = indicator("按比例", weight="4").replace("总分 4", "总分 5")
    with pytest.raises(CheckError) as info:
        check_or_raise(parse(bad), Source("t", bad))
    assert [d.code for d in info.value.diagnostics] == ["weights", "clauses"]


def test_diagnostics_are_sorted_by_position() -> None:
    result = diagnostics("""\
        总分 2
        指标 B 乙 1 {
          公式 未知
        }
        指标 A 甲 1 {
          清单 {
            a 60%
          }
        }
        """)
    assert [(d.line, d.column) for d in result] == sorted((d.line, d.column) for d in result)
    assert [d.code for d in result] == ["unknown-name", "shares"]


def test_a_very_deep_tree_is_checked_without_recursion() -> None:
    node: ast.Node = ast.Indicator("X", "最深", ast.Weight(Decimal(1)), rule=ast.Binary())
    for depth in range(10_000):
        node = ast.Group(f"G{depth}", "组", ast.Weight(Decimal(1)), (node,))
    assert check(ast.Rubric(total=Decimal(1), nodes=(node,)), Source("deep", "")) == []


# ---------------------------------------------------------------- 1. weights


def test_children_must_sum_to_the_parent() -> None:
    assert found("""\
        总分 29
        分组 A 履职效能 30 {
          指标 A1 甲 3 {
            达标
          }
          指标 A2 乙 11 {
            达标
          }
          指标 A3 丙 10 {
            达标
          }
          指标 A4 丁 5 {
            达标
          }
        }
        """) == [("error", 2, 1, "weights of the children of A (履职效能) sum to 29, not 30 "
                                 "(A1 3 + A2 11 + A3 10 + A4 5): 1 missing"),
                 ("error", 2, 1, "weights of the top-level nodes sum to 30, not the total 29 (A 30): 1 too many")]  # fmt: skip


def test_percentage_weights_resolve_against_the_parent() -> None:
    text = """\
        总分 100
        分组 A 投入 20 {
          指标 A1 甲 37.5% {
            达标
          }
          指标 A2 乙 62.5% {
            达标
          }
        }
        指标 B 产出 80% {
          达标
        }
        """
    assert found(text) == []
    assert found(text.replace("62.5%", "60%"), "weights") == [
        ("error", 2, 1, "weights of the children of A (投入) sum to 19.5, not 20 (A1 7.5 + A2 12): 0.5 missing")
    ]


def test_bonus_children_are_free_but_weights_must_be_positive() -> None:
    text = """\
        总分 100
        指标 X1 主体 100 {
          评定 0分~100分
        }
        加分项 E 加分 最多 5 {
          指标 E1 国家级表彰 3 {
            达标
          }
          指标 E2 省级表彰 0 {
            达标
          }
        }
        """
    assert found(text) == [("error", 9, 14, "the weight of E2 must be more than 0")]


def test_an_empty_group_and_reserved_names() -> None:
    assert found("总分 3\n输入 actual 数值\n分组 G 空 3 {\n}\n") == [
        ("error", 2, 1, "input actual uses a reserved name"),
        ("error", 3, 1, "group G (空) has no indicators"),
    ]


def test_maximum_below_the_total_is_an_error_and_out_of_reach_a_warning() -> None:
    text = "总分 10\n最高分 {}\n指标 X1 甲 10 {{\n 达标\n}}\n"
    assert found(text.format(8)) == [("error", 2, 1, "the maximum 8 is below the total 10")]
    assert found(text.format(12)) == [
        ("warning", 2, 1, "the maximum 12 can never be reached: the total plus bonus caps is 10")
    ]


# ---------------------------------------------------------------- 2. duplicates


def test_duplicate_codes_and_names() -> None:
    assert found("""\
        总分 6
        输入 预算数 金额 > 0
        计算 预算数 = 1
        输入 X1 数量
        指标 X1 甲 3 {
          达标
        }
        分组 G 组 3 {
          指标 X1 乙 3 {
            达标
          }
        }
        """) == [
        ("error", 3, 1, "name 预算数 appears twice (first at line 2)"),
        ("error", 4, 1, "input X1 has the same name as the code of the node at line 5"),
        ("error", 9, 3, "code X1 appears twice (first at line 5)"),
    ]


# ---------------------------------------------------------------- 3. names and functions


def test_unknown_names_suggest_the_closest() -> None:
    text = indicator("按比例", "目标 100%\n实际 = 决算数 / 预算", "输入 预算数 金额 > 0\n输入 决算数 金额")
    assert found(text) == [("error", 6, 12, "unknown name 预算 in the actual of X1")]
    assert hints(text, "unknown-name") == ["did you mean 预算数?"]


def test_unknown_functions_and_arity() -> None:
    text = indicator("公式 最小(actual, 1) + min(actual) + round(actual, 2, 3) + mix(1, 2)", "实际 比率")
    assert found(text, "unknown-name") + found(text, "functions") == [
        ("error", 5, 4, "unknown function 最小() in the formula of X1"),
        ("error", 5, 56, "unknown function mix() in the formula of X1"),
        ("error", 5, 20, "min() takes at least 2 arguments, not 1, in the formula of X1"),
        ("error", 5, 34, "round() takes 1 or 2 arguments, not 3, in the formula of X1"),
    ]
    assert hints(text, "unknown-name") == ["functions: min, max, abs, round", "did you mean min()?"]


def test_metric_cycles() -> None:
    text = "总分 1\n计算 甲 = 乙 + 1\n计算 乙 = 丙 * 2\n计算 丙 = 甲\n指标 X1 甲 1 {\n 达标\n}\n"
    assert found(text) == [("error", 2, 1, "metric 甲 depends on itself: 甲 → 乙 → 丙 → 甲")]


def test_local_names_need_an_actual_and_a_target() -> None:
    assert found(indicator("公式 weight * actual / target")) == [
        ("error", 5, 13, "the formula of X1 uses actual, but X1 has no actual"),
        ("error", 5, 22, "the formula of X1 uses target, but X1 has no numeric target"),
    ]
    assert found("总分 1\n计算 m = weight\n指标 X1 甲 1 {\n 达标\n}\n") == [
        ("error", 2, 8, "metric m uses weight, but metrics are computed outside any indicator")
    ]


def test_targets_and_actuals_cannot_refer_to_themselves() -> None:
    assert found(indicator("按比例", "目标 target\n实际 = actual + 1")) == [
        ("error", 4, 4, "the target of X1 uses target, but a target cannot refer to itself"),
        ("error", 5, 6, "the actual of X1 uses actual, but an actual cannot refer to itself"),
    ]


# ---------------------------------------------------------------- 4. clauses


def test_a_missing_rule_lists_the_rules() -> None:
    text = indicator("", "目标 100%")
    assert found(text) == [("error", 3, 1, "indicator X1 (测试) has no scoring rule")]
    assert hints(text, "clauses") == [
        "add one of: 按比例 (proportional), 扣 (deduct), 分档 (bands), 清单 (checklist), 定性 (levels), "
        "达标 (binary), 公式 (formula), 线性 (linear), 评定 (judged), 按次 (per_occurrence)"
    ]


def test_clauses_written_twice() -> None:
    assert found(indicator("按比例\n  达标", "目标 100%\n  目标 90%")) == [
        ("error", 5, 3, "clause 目标 (target) is written twice in X1"),
        ("error", 7, 3, "indicator X1 has more than one scoring rule"),
    ]
    assert found("总分 3\n总分 3\n指标 X1 甲 3 {\n 达标\n}\n") == [
        ("error", 2, 1, "setting 总分 (total) is written twice")
    ]


def test_proportional_needs_a_numeric_target() -> None:
    assert found(indicator("按比例", '目标 "合理"')) == [
        ("error", 4, 1, "the proportional rule of X1 needs a numeric target")
    ]
    assert found(indicator("按比例")) == [("error", 5, 1, "the proportional rule of X1 needs a numeric target")]


def test_redistribute_needs_siblings() -> None:
    text = "总分 3\n分组 G 组 3 {\n 指标 X1 甲 3 {\n  达标\n  不适用时 分配给同级\n }\n}\n"
    assert found(text) == [("error", 5, 3, "X1 gives its weight to its siblings when not applicable, but has none")]


# ---------------------------------------------------------------- 5. bands


B21 = """\
    总分 3
    输入 决算数 金额
    输入 预算数 金额 > 0
    指标 B21 预算完成率 3 {
      目标 ≥ 95%
      实际 = 决算数 / 预算数
      分档 {
        ≥ 95%：3分
        [90%, 95%]：2分
        [80%, 85%)：1分
        < 80%：0分
      }
    }
    """


def test_bands_gaps_and_overlaps() -> None:
    assert found(B21) == [
        ("error", 9, 5, "bands of B21 overlap: actual in [0.95, 0.95] (exactly 95%) matches both `≥ 95%` and "
                        "`[90%, 95%]`"),
        ("error", 9, 5, "bands of B21 leave a gap: actual in [0.85, 0.9) (85% to 90%) matches no band "
                        "(between `[80%, 85%)` and `[90%, 95%]`)"),  # at the band above the gap
    ]  # fmt: skip


def test_bands_cover_only_what_the_actual_can_be() -> None:
    """The actual is amount / positive amount, so nothing below 0 needs a band."""
    text = B21.replace("< 80%", "[0%, 80%)").replace("[80%, 85%)", "[80%, 90%)").replace("95%]", "95%)")
    assert found(text) == []
    own = indicator("分档 {\n  [0%, 60%)：0分\n  ≥ 60%：3分\n}", "实际 比率")
    assert found(own) == [("error", 6, 3, "bands of X1 leave a gap: actual in (-inf, 0) (below 0%) matches no band")]


def test_otherwise_must_be_last_and_when_needs_otherwise() -> None:
    text = indicator("分档 {\n 否则：0分\n ≥ 90%：3分\n}", "实际 比率")
    assert found(text) == [("error", 6, 2, "the otherwise band of X1 is not last: the bands after it never match")]
    when = indicator("分档 {\n 当 甲 >= 90%：3分\n 当 甲 >= 60%：1分\n}", extra="输入 甲 比率")
    assert found(when) == [
        ("error", 5, 1, "the bands of X1 use 当 (when) conditions and must end with an otherwise band")
    ]


def test_an_otherwise_after_full_coverage_is_never_reached() -> None:
    text = indicator("分档 {\n ≥ 90%：3分\n < 90%：0分\n 否则：1分\n}", "实际 比率")
    assert found(text) == [("warning", 8, 2, "the otherwise band of X1 is never reached")]


def test_band_awards_stay_within_the_weight_in_bonus_groups_too() -> None:
    rule = "分档 {\n ≥ 90%：4分\n 否则：120%\n}"
    assert found(indicator(rule, "实际 比率")) == [
        ("error", 6, 8, "band `≥ 90%` of X1 awards 4分, more than its weight 3"),
        ("error", 7, 5, "band `否则` of X1 awards 120%, more than its weight 3"),
    ]
    # under a bonus group too: a leaf scores at most its weight there as well (4 and 3.6 would be scored 3)
    bonus = f"总分 1\n指标 A 甲 1 {{\n 达标\n}}\n加分项 E 加分 最多 5 {{\n指标 X1 乙 3 {{\n实际 比率\n{rule}\n}}\n}}\n"
    assert found(bonus) == [
        ("error", 9, 8, "band `≥ 90%` of X1 awards 4分, more than its weight 3"),
        ("error", 10, 5, "band `否则` of X1 awards 120%, more than its weight 3"),
    ]


# ---------------------------------------------------------------- 6. shares and labels


def test_checklist_shares_sum_exactly() -> None:
    text = indicator("清单 {\n 要求 35%\n 职责 35%\n 规划 25%\n}")
    assert found(text) == [
        ("error", 5, 1, "shares of the checklist of X1 sum to 95%, not 100% (要求 35% + 职责 35% + 规划 25%): 5% missing")
    ]
    sixths = indicator("清单 {\n" + "".join(f" 项{k} 1/6\n" for k in range(6)) + "}")
    assert found(sixths) == []
    thirds = indicator("清单 {\n 甲 1/3\n 乙 1/3\n 丙 1/2\n}")
    assert found(thirds, "shares")[0][3].endswith("sum to 7/6, not 100% (甲 1/3 + 乙 1/3 + 丙 1/2): 1/6 too many")


def test_all_items_or_none_have_shares() -> None:
    text = indicator("按比例", "目标 100%\n实际 完成率 {\n a 50%\n b\n}")
    assert found(text) == [("error", 7, 2, "item b of X1 has no share, but other items do")]


def test_repeated_labels() -> None:
    survey = "问卷 满意度 {\n选项 满意 100%，满意 80%，差 120%\n题目 q\n题目 q\n}"
    assert found(indicator("定性 {\n 好：100%\n 好：50%\n}", extra=survey)) == [
        ("error", 3, 12, "option 满意 appears twice in survey 满意度 (first at line 3)"),
        ("error", 3, 21, "option 差 in survey 满意度 is worth 120%, more than 100%"),
        ("error", 5, 1, "question q appears twice in survey 满意度 (first at line 4)"),
        ("error", 11, 2, "level 好 appears twice in X1 (first at line 10)"),
    ]


# ---------------------------------------------------------------- 7. division by zero


def test_denominators_that_can_be_zero() -> None:
    text = indicator("按比例", "目标 100%\n实际 = 执行率", "输入 预算数 金额 万元\n输入 决算数 金额\n计算 执行率 = 决算数 / 预算数")
    assert found(text) == [("error", 4, 16, "metric 执行率 divides by 预算数, which can be 0")]
    assert hints(text, "division") == ["declare the input positive: `输入 预算数 金额 万元 > 0`"]
    assert found(text.replace("金额 万元", "金额 万元 > 0")) == []
    assert found(indicator("公式 weight / 0", "实际 比率"), "division") == [
        ("error", 5, 13, "the formula of X1 divides by 0")
    ]


@pytest.mark.parametrize(
    ("actual", "inputs"),
    [
        ("如果 b == 0 则 0 否则 a / b", "输入 a 金额\n输入 b 金额"),
        ("如果 b != 0 则 a / b 否则 0", "输入 a 比率\n输入 b 比率"),
        ("如果 b > 0 且 a >= 0 则 a / b 否则 0", "输入 a 比率\n输入 b 比率"),
        ("a / b", "输入 a 比率\n输入 b 比率 != 0"),
    ],
)
def test_a_guarded_division_is_safe(actual: str, inputs: str) -> None:
    assert found(indicator("按比例", f"目标 100%\n实际 = {actual}", inputs)) == []


def test_proportional_targets_and_reverse_actuals_are_denominators() -> None:
    assert found(indicator("按比例", "目标 0%\n实际 比率")) == [
        ("error", 4, 4, "the target of X1 is 0, and the proportional rule divides by it")
    ]
    # Issue 10 item 6: reversed, an actual of 0 is the best value (full marks), never a division by it.
    text = indicator("按比例 反向", "目标 ≤ 5\n实际 = 天数", "输入 天数 数量")
    assert found(text) == []


# ---------------------------------------------------------------- 8. types and units


def test_percentages_do_not_mix_with_amounts() -> None:
    text = indicator("分档 {\n 当 执行率 >= 预算数：3分\n 否则：0分\n}", extra="输入 执行率 比率\n输入 预算数 金额")
    assert found(text) == [
        ("error", 7, 4, "a percentage compared with an amount in a band condition of X1: `执行率 >= 预算数`")
    ]


def test_the_rule_speaks_the_actual_s_unit() -> None:
    text = indicator("分档 {\n ≥ 95%：3分\n 否则：0分\n}", "目标 ≥ 95%\n实际 金额")
    assert found(text, "types") == [
        ("error", 4, 6, "the target `95%` of X1 is a percentage, but the actual of X1 is an amount"),
        ("error", 7, 4, "band `≥ 95%` of X1 is a percentage, but the actual of X1 is an amount"),
    ]
    assert found(indicator("扣 1分 每 1% 超过 100", "实际 金额")) == [
        ("error", 5, 8, "the step `1%` of X1 is a percentage, but the actual of X1 is an amount")
    ]


def test_conditions_and_numbers_are_not_interchangeable() -> None:
    text = indicator("分档 {\n 当 甲 + 1：3分\n 否则：0分\n}", "", "输入 甲 数值")
    assert found(text) == [("error", 6, 4, "a band condition of X1 is a number, not a condition: `甲 + 1`")]
    text = indicator("公式 (actual > 1) * weight", "实际 比率")
    assert found(text, "types") == [("error", 5, 4, "a condition used as a number in the formula of X1: "
                                                    "`(actual > 1) * weight`")]  # fmt: skip


def test_a_plain_number_against_a_percentage_is_suspicious() -> None:
    assert found(indicator("按比例 低于则零分 60", "目标 100%")) == [
        ("warning", 5, 11, "the cutoff `60` of X1 compares a percentage with 60, which is 6000%")
    ]


# ---------------------------------------------------------------- 9. bounds


def test_a_linear_rule_needs_two_different_ends() -> None:
    assert found(indicator("线性 从 60% 到 60%", "实际 比率")) == [
        ("error", 5, 1, "the linear rule of X1 starts and ends at the same value")
    ]
    assert found(indicator("线性 从 a 到 b", "实际 比率", "输入 a 比率\n输入 b 比率")) == [
        ("warning", 6, 1, "the linear rule of X1 can start and end at the same value")
    ]


def test_a_formula_that_can_leave_the_weight_is_clamped() -> None:
    text = indicator("公式 weight * actual - 1", "实际 = 甲", "输入 甲 比率 >= 0")
    assert found(text) == [
        ("warning", 5, 4, "the formula of X1 can give [-1, inf), outside [0, 3]: such scores will be clamped")
    ]
    assert found(indicator("公式 weight * min(actual, 1)", "实际 = 甲", "输入 甲 比率 >= 0")) == []


def test_deductions_caps_and_ranges() -> None:
    assert found(indicator("扣 0分 每 0% 超过 0%", "实际 比率"), "bounds") == [
        ("error", 5, 3, "the deduction of X1 is 0分: it must be more than 0"),
        ("error", 5, 8, "the step of X1 is 0%: it must be more than 0"),
    ]
    assert found(indicator("按比例 封顶 90%", "目标 100%")) == [("error", 5, 1, "the cap 90% of X1 is below 100%")]
    assert found(indicator("评定 3分~2分")) == [
        ("error", 5, 4, "the judged score of X1 has a backward range `3分~2分`")
    ]
    assert found(indicator("定性 {\n 好：4分\n 差：0分\n}")) == [
        ("error", 6, 4, "level 好 of X1 awards 4分, more than its weight 3")
    ]


# ---------------------------------------------------------------- 10. grades


def test_grades_cover_the_total_once() -> None:
    text = """\
        评价等级 {
          优 ≥ 90
          良 [80, 90]
          中 [60, 70)
          差 < 60%
          优 ≥ 95
        }
        一票否决 事故 等级最高 良好
        指标 X1 甲 100 {
          达标
        }
        """
    assert found(text) == [
        # a gap at the grade just above it, naming its neighbours (issue 12)
        ("error", 3, 3, "grades overlap: total in [90, 90] matches both 优 and 良"),
        ("error", 3, 3, "grades leave a gap: total in [70, 80) matches no grade (between 中 and 良)"),
        ("error", 4, 3, "grades leave a gap: total in [0.6, 60) matches no grade (between 差 and 中)"),
        ("error", 5, 5, "grade 差 compares the total (points) with a percentage: `< 60%`"),
        ("error", 6, 3, "grade 优 appears twice (first at line 2)"),
        ("error", 6, 3, "grades overlap: total in [95, 100] matches both 优 and 优"),
        ("error", 8, 1, "veto 事故 caps the grade at 良好, which is not a declared grade"),
    ]
    assert hints(text, "grades")[-1] == "did you mean 良?"


# ---------------------------------------------------------------- 11. direction


@pytest.mark.parametrize(
    ("rule", "clauses", "message"),
    [
        ("按比例", "方向 越低越好\n目标 5%",
         "X1 is declared lower-is-better (越低越好) but its rule rewards a higher actual"),
        ("扣 1分 每 1% 低于 0%", "目标 ≤ 0%\n实际 比率",
         "the target `目标 ≤ 0%` of X1 means lower-is-better (越低越好), but its rule rewards a higher actual"),
        ("分档 {\n ≥ 95%：0分\n 否则：3分\n}", "目标 ≥ 95%\n实际 比率",
         "the target `目标 ≥ 95%` of X1 means higher-is-better (越高越好), but its rule rewards a lower actual"),
        ("线性 从 100% 到 60%", "方向 越高越好",
         "X1 is declared higher-is-better (越高越好) but its rule rewards a lower actual"),
    ],
)  # fmt: skip
def test_direction_contradictions(rule: str, clauses: str, message: str) -> None:
    assert [m for _, _, _, m in found(indicator(rule, clauses), "direction")] == [message]


def test_directions_that_agree() -> None:
    assert found(indicator("按比例 反向", "目标 ≤ 5\n实际 数值")) == []
    assert found(indicator("扣 20% 每 1% 超过 0%", "目标 ≤ 0%")) == []
    assert found(indicator("扣 1分 每 3% 偏离 100%", "目标 ≤ 100%")) == []


def test_the_seed_wording_of_c12_contradicts_its_four_items() -> None:
    """Seed 003 附件1 lists four items for C12, then says "以上 2 项各占权重的 1/2"."""
    wording = ("①免疫规划疫苗报告接种率、艾滋病感染孕产妇所生儿童抗病毒药物; 肺结核患者成功治疗率均达到省定标准; "
               "②人均基本公共卫生经费有保障; ③公共场所卫生监督量化分级管理覆盖率 100%; ④新冠肺炎 0 增加; "
               "以上 2 项各占权重的 1/2,符合得权重分,不符合不得分。")  # fmt: skip
    items = "\n".join(f"    项{k} 25%" for k in range(1, 5))
    text = f'总分 3\n指标 C12 疾病预防控制能力 3 {{\n  评分标准 "{wording}"\n  清单 {{\n{items}\n  }}\n}}\n'
    warnings = [(w.message, w.hint) for w in perfscore.compile(text, language="en").warnings]
    hint = "correct the wording or the rule; the rule uses: 25%、4"
    assert warnings == [
        ("the 评分标准 of C12 says 2, a number its rule does not use", hint),
        ("the 评分标准 of C12 says 1/2, a number its rule does not use", hint),
    ]


def test_descriptions_in_the_wording_are_not_rules() -> None:
    """Numbers outside the sentences that give points (task counts, death rates) are not checked."""
    wording = "①上报指标数为 912296；②孕产妇死亡率控制在 13 / 10 万、5.5‰以内。以上 2 项各占权重的 50%，符合得权重分"
    text = f'总分 3\n指标 A31 甲 3 {{\n  评分标准 "{wording}"\n  清单 {{\n    甲 50%\n    乙 50%\n  }}\n}}\n'
    assert perfscore.compile(text).warnings == ()

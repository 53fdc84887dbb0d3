"""Diagnostics and ranges a fresh mutation draw of the checker (bench/mutation.py --seed 7, 12 per module) showed
untested. Every expected value is worked out by hand in the comment beside it; only perfscore.compile is used."""

from __future__ import annotations

import pytest

import perfscore


def error(text: str) -> perfscore.RubricError:
    with pytest.raises(perfscore.RubricError) as caught:
        perfscore.compile(text, "r.perf", language="en")
    return caught.value


def warnings(text: str) -> list[str]:
    return [str(w) for w in perfscore.compile(text, "r.perf", language="en").warnings]


def test_a_cap_above_the_weight_inside_a_group_counts_towards_the_maximum() -> None:
    # 按比例 封顶 120% on a 10-point indicator inside a group can score 12: reachable 10 + 2 = 12, not 10
    text = "总分 10\n最高分 13\n分组 G 乙 10 {\n指标 X1 甲 10 {\n 目标 100%\n 实际 比率\n 按比例 封顶 120%\n}\n}\n"
    assert warnings(text) == [(
        "r.perf:2:1: warning: the maximum 13 can never be reached: the total plus bonus caps and what capped rules "
        "award above their weights is 12\n    最高分 13\n    ^^^^^^")]


def test_a_veto_taking_0_points_is_refused() -> None:
    assert str(error("总分 10\n输入 事故 是否\n一票否决 V 扣 0分 当 事故\n指标 X1 甲 10 {\n 达标\n}\n")) == (
        "1 error(s) in rubric\n"
        "r.perf:3:10: error: veto V takes 0分: it must be more than 0\n"
        "    一票否决 V 扣 0分 当 事故\n"
        "                  ^^^\n"
        "    hint: e.g. `扣 10分`")  # fmt: skip


def test_the_fix_of_a_misspelt_function_replaces_its_name_only() -> None:
    # `mn` at offsets 37–38 (line 4, columns 6–7): the fix ends at column 6 + 2 = 8
    caught = error("总分 3\n输入 x 数值 [0, 10]\n指标 A 甲 3 {\n  公式 mn(x, 3)\n}\n")
    assert [d.fix.to_dict() if d.fix else None for d in caught.diagnostics] == [
        {"start": 37, "end": 39, "line": 4, "column": 6, "end_line": 4, "end_column": 8, "replacement": "min"}]


def test_a_function_of_one_argument_says_argument_in_the_singular() -> None:
    assert str(error("总分 3\n输入 x 数值 [0, 10]\n指标 A 甲 3 {\n  公式 abs(x, 3)\n}\n")).splitlines()[1] == (
        "r.perf:4:6: error: abs() takes 1 argument, not 2, in the formula of A")


def test_a_share_of_the_largest_keeps_its_factor() -> None:
    # x ≥ 0, y > 0: x / max(x, y) is in [0, 1], so 5 * x / max(x, y) is in [0, 5], outside [0, 3]
    text = "总分 3\n输入 x 数值 >= 0\n输入 y 数值 > 0\n指标 A 甲 3 {\n  公式 5 * x / max(x, y)\n}\n"
    assert warnings(text) == [(
        "r.perf:5:6: warning: the formula of A can give [0, 5], outside [0, 3]: such scores will be clamped\n"
        "      公式 5 * x / max(x, y)\n           " + "^" * 17)]


@pytest.mark.parametrize("blank", [" ", "\t", "\u3000", "\ufeff", "  \t"])
def test_a_clause_line_is_found_whatever_blank_the_grammar_allows_after_its_keyword(blank: str) -> None:
    # The grammar ignores a space, a tab, U+3000 and U+FEFF between words: `最高分<blank>13` is line 2, column 1
    # (it was reported at 1:1, the 总分 line, for every blank but the space); 13 is above the total 10.
    [warning] = warnings(f"总分 10\n最高分{blank}13\n指标 A1 甲 10 {{\n  达标\n}}\n")
    assert warning.startswith("r.perf:2:1: warning: the maximum 13 can never be reached")
    assert warning.endswith("\n    ^^^^^^")


def test_a_clause_after_a_semicolon_is_found_at_its_own_column() -> None:
    # The grammar ends a statement at `；` too: 最高分 is the 6th character onwards of line 1 (总分 10； is 6), so 1:7.
    [warning] = perfscore.compile("总分 10；最高分 13\n指标 A1 甲 10 {\n  达标\n}\n", "r.perf", language="en").warnings
    assert str(warning).startswith("r.perf:1:7: warning: the maximum 13 can never be reached")
    # What an editor underlines: the keyword 最高分, characters 6 to 9 of the file, columns 7 to 10.
    assert {k: warning.to_dict()[k] for k in ("line", "column", "end_line", "end_column", "start", "end")} == {
        "line": 1, "column": 7, "end_line": 1, "end_column": 10, "start": 6, "end": 9}
    # The second 评分标准 on one line: `  达标；评分标准 "x"；` is 14 characters, so it starts at column 15.
    assert str(error('总分 10\n指标 A1 甲 10 {\n  达标；评分标准 "x"；评分标准 "y"\n}\n')) == (
        "1 error(s) in rubric\nr.perf:3:15: error: clause 评分标准 (criteria) is written twice in A1\n"
        '      达标；评分标准 "x"；评分标准 "y"\n' + " " * 26 + "^" * 8)


def test_a_keyword_inside_a_string_a_comment_or_a_longer_name_is_not_the_clause() -> None:
    # Each line before `最高分 13` (line 8) starts a statement-like text with 最高分 that is not the clause: a
    # checklist item named 最高分制度, a 评分标准 text holding `；最高分 5`, a comment holding `；最高分 5`.
    text = ("总分 10\n# 注：最高分 5\n指标 A1 甲 10 {\n  评分标准 「见附件；最高分 5」\n  清单 {\n    最高分制度 100%\n"
            "  }\n}\n最高分 13\n")
    [warning] = warnings(text)
    assert warning.startswith("r.perf:9:1: warning: the maximum 13 can never be reached")


def test_a_clause_in_a_one_line_block_or_on_a_last_line_without_a_line_break_is_found() -> None:
    # `{` starts a block's first statement: the second 方向 is at 2:22 (`指标 A1 甲 10 { 方向 越高越好；` is 21
    # characters); without `{` as a break only the second is found, which is then the first (nth 0), not nth 1.
    assert str(error("总分 10\n指标 A1 甲 10 { 方向 越高越好；方向 越低越好；达标 }")).startswith(
        "1 error(s) in rubric\nr.perf:2:22: error: clause 方向 (direction) is written twice in A1\n")
    # The last line, with no line break after it.
    [warning] = warnings("总分 10\n指标 A1 甲 10 {\n  达标\n}\n最高分 13")
    assert warning.startswith("r.perf:5:1: warning: the maximum 13 can never be reached")


def test_a_keyword_after_a_string_on_the_same_line_is_not_a_clause() -> None:
    # A completion item's own 目标 follows its quoted name on line 4; the indicator's second 目标 clause is line 6.
    text = ('总分 10\n指标 A1 甲 10 {\n  实际 完成率 {\n    "制度建设" 目标 1\n  }\n  目标 100%\n  目标 90%\n'
            "  按比例\n}\n")
    assert str(error(text)).startswith(
        "1 error(s) in rubric\nr.perf:7:3: error: clause 目标 (target) is written twice in A1\n")


def test_a_date_compared_with_a_number_is_refused_with_the_date_hint() -> None:
    assert str(error("总分 10\n输入 截止 日期\n指标 A1 甲 10 {\n 实际 = 如果 截止 > 5 则 1 否则 0\n 目标 1\n 按比例\n}\n")) == (
        "1 error(s) in rubric\nr.perf:4:10: error: a date compared with a number in the actual of A1: `截止 > 5`\n"
        "     实际 = 如果 截止 > 5 则 1 否则 0\n" + " " * 17 + "^" * 8 + "\n"
        "    hint: compare two dates (`报送日期 <= 截止日期`), or their difference in days (`报送日期 - 截止日期 > 5`)")


def options_compared(first: str, second: str) -> str:
    return f"总分 10\n输入 甲 选项 {{{first}}}\n输入 乙 选项 {{{second}}}\n指标 A1 甲 10 {{\n 实际 = 如果 甲 == 乙 则 1 否则 0\n 目标 1\n 按比例\n}}\n"


def test_two_options_inputs_compare_only_when_they_have_the_same_options_in_any_order() -> None:
    assert str(error(options_compared("a, b", "a, c"))) == (
        "1 error(s) in rubric\nr.perf:5:10: error: 甲 and 乙 have different options in the actual of A1: `甲 == 乙`\n"
        "     实际 = 如果 甲 == 乙 则 1 否则 0\n" + " " * 17 + "^" * 8)
    assert warnings(options_compared("a, b", "b, a")) == []


def test_a_target_or_a_rule_end_that_is_a_fact_is_refused() -> None:
    # 完工 is a yes/no input: neither a target nor the linear rule's 从 end can be it; a date is no formula.
    assert str(error("总分 10\n输入 完工 是否\n指标 A1 甲 10 {\n 目标 完工\n 实际 比率\n 按比例\n}\n")) == (
        "1 error(s) in rubric\nr.perf:4:5: error: the target of A1 is a condition, not a number: `完工`\n"
        "     目标 完工\n          ^^^^")
    assert str(error("总分 10\n输入 完工 是否\n指标 A1 甲 10 {\n 目标 100%\n 实际 比率\n 线性 从 完工 到 100%\n}\n")) == (
        "1 error(s) in rubric\nr.perf:6:7: error: the linear rule of A1 is a condition, not a number: `完工`\n"
        "     线性 从 完工 到 100%\n" + " " * 13 + "^^^^")
    assert str(error("总分 10\n输入 截止 日期\n指标 A1 甲 10 {\n 目标 100%\n 实际 比率\n 公式 截止\n}\n")).startswith(
        "1 error(s) in rubric\nr.perf:6:5: error: the formula of A1 is a date, not a number: `截止`\n")


def test_the_digits_of_a_percent_are_not_numbers_of_the_rule_on_their_own() -> None:
    # 目标 95% uses 0.95; a wording of 9500% (two zeros too many) is not what the rule says.
    # ` 评分标准 "达到` is 9 characters, so 9500% starts at column 10.
    [warning] = warnings('总分 10\n指标 A1 甲 10 {\n 目标 95%\n 实际 比率\n 按比例\n 评分标准 "达到9500%得满分"\n}\n')
    assert warning.startswith("r.perf:6:10: warning: the 评分标准 of A1 says 9500%, a number its rule does not use")
    # A checklist item's 25% is the share 25/100: 25 and 100 are not numbers of the rule (a fraction's parts are:
    # 1/6 may be worded 每6项), so 2500% is refused. ` 评分标准 "制度得` is 10 characters: column 11.
    [warning] = warnings('总分 10\n指标 A1 甲 10 {\n 清单 {\n  制度 25%\n  执行 75%\n }\n 评分标准 "制度得2500%，执行得75%"\n}\n')
    assert warning == (
        "r.perf:7:11: warning: the 评分标准 of A1 says 2500%, a number its rule does not use\n"
        '     评分标准 "制度得2500%，执行得75%"\n' + " " * 21 + "^" * 5 + "\n"
        "    hint: correct the wording or the rule; the rule uses: 25%、75%、2")


def test_the_parts_of_a_fraction_are_numbers_of_the_rule() -> None:
    # Items of 1/3 and 2/3: the wording may say the 3 parts the fraction is made of (there are 2 items, so 3 is
    # known only as the denominator).
    text = '总分 10\n指标 A1 甲 10 {\n 清单 {\n  制度 1/3\n  执行 2/3\n }\n 评分标准 "按3等份计分，制度得1/3，执行得2/3"\n}\n'
    assert warnings(text) == []

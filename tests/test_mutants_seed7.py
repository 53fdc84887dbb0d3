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
    [warning] = warnings("总分 10；最高分 13\n指标 A1 甲 10 {\n  达标\n}\n")
    assert warning.startswith("r.perf:1:7: warning: the maximum 13 can never be reached")
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

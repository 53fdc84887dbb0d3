"""A TOML file with a spreadsheet user's slip (data, published figures or test cases, one toml_problem for all):
tomllib's reason, in Chinese too, where, and the fix. Found by new-user runs (2026-12-05 and -06)."""

from __future__ import annotations

from pathlib import Path

import pytest

import perfscore


@pytest.mark.parametrize(("text", "en", "zh"), [
    ('"A1" = 1\n预算 = 200\n', 'Invalid statement (at line 2, column 1); a Chinese name is quoted in TOML: "预算" = …',
     '这一行不是“名称 = 值”（第 2 行，第 1 列）；TOML 中的中文名称要加引号："预算" = …'),
    ("A2 = 92%\n", 'Expected newline or end of document after a statement (at line 1, column 8); text, percentages and '
     '是/否 are quoted in TOML: "92%"', '值后面还有多余的内容（第 1 行，第 8 列）；文字、百分比和 是/否 要加引号："92%"'),
    ("B1 = 是\n", 'Invalid value (at line 1, column 6); text, percentages and 是/否 are quoted in TOML: "是"',
     '值的写法不对（第 1 行，第 6 列）；文字、百分比和 是/否 要加引号："是"'),
    ("A1 = {level = 合规}\n", 'Invalid value (at line 1, column 15); text, percentages and 是/否 are quoted in TOML: '
     '"合规"', '值的写法不对（第 1 行，第 15 列）；文字、百分比和 是/否 要加引号："合规"'),  # inside a table: its value
    ('A1 = {level = "合规", 问题 = 3}\n', 'Invalid initial character for a key part (at line 1, column 21); a Chinese '
     'name is quoted in TOML: "问题" = …', '名称的写法不对（第 1 行，第 21 列）；TOML 中的中文名称要加引号："问题" = …'),
    ("“预算数” = 5000\n", 'Invalid statement (at line 1, column 1); TOML quotes are ASCII: "预算数" = …, not “ ”',
     '这一行不是“名称 = 值”（第 1 行，第 1 列）；TOML 的引号是英文引号："预算数" = …，不是中文引号 “”'),  # not "“预算数”"
    ("a = 1\na = 2\n", "a name is given twice (at line 2, column 6); a is given above already: keep one",
     "同一个名称写了两次（第 2 行，第 6 列）；a 在前面已经给出：只保留一个"),
    ("[A1]\nx = 1\n[A1]\ny = 2\n", "Cannot declare ('A1',) twice (at line 3, column 4); A1 is given above "
     "already: keep one", "同一个表写了两次（第 3 行，第 4 列）；A1 在前面已经给出：只保留一个"),
    ('a = "x\n', "Illegal character '\\n' (at line 1, column 7)", "字符串没有结束的引号（第 1 行，第 7 列）"),  # no hint
])  # fmt: skip
def test_a_toml_slip_is_told_where_and_how_to_fix_it(tmp_path: Path, text: str, en: str, zh: str) -> None:
    path = tmp_path / "d.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(perfscore.DataError) as caught:
        perfscore.read_data(path)
    [problem] = caught.value.problems
    assert problem.format("en") == f"{path}: invalid TOML: {en}"
    assert problem.format("zh") == f"{path}：TOML 格式有误：{zh}"

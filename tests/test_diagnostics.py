"""Diagnostics an author can act on (issue 12, items 1, 2 and 4): every syntax error in one run with the
check errors of what parsed, "did you mean" for keywords, hints for full-width and unquoted text, and
machine-applicable fixes that, applied, repair the rubric."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import perfscore
from perfscore import ParseError, RubricError

#: A project-expenditure draft with the mistakes real authors make, syntax and check mixed.
DRAFT = """\
评价 "某县2023年农村供水项目支出绩效评价"
总分：100
输入 决算数 金额
输入 预算数 金额 > 0
输入 到位资金 金额
指标 A1 预算执行率 20 {
  目标 ≥ 95%
  实际 = 决算数 / 预算数
  按比列
}
指标 A2 新建集中供水工程（处） 20 {
  目标 ≥ 8
  实际 数量
  按比例
}
指标 A3 整改情况 20 {
  分挡 {
    ≥ 95%：100%
    否则：0分
  }
}
指标 A4 资金到位率 20 ｛
  目标 ≥ 100%
  实际 ＝ 到位资今 / 预算数
  按比例
｝
指标 A5 满意度 20 {
  目标 ≥ 90%
  实际 比率
  proportinal
}
"""


def _diagnostics(text: str) -> tuple[perfscore.Diagnostic, ...]:
    with pytest.raises(RubricError) as info:
        perfscore.compile(text, "draft.perf", language="en")
    return info.value.diagnostics


def test_every_mistake_in_one_run_in_order() -> None:
    found = _diagnostics(DRAFT)
    assert [(d.line, d.column, d.message, d.hint) for d in found] == [
        (2, 3, "unexpected '：'; expected a number", "no colon after the keyword, a space: `总分 100`"),
        (9, 3, "unknown keyword '按比列'", "did you mean 按比例 (proportional)?"),
        (11, 15, "unexpected '（'; expected a number", 'a name with punctuation needs quotes: `"新建集中供水工程（处）"`'),
        (17, 3, "unknown keyword '分挡'", "did you mean 分档 (bands)?"),
        # a check error of what parsed: full-width ｛ ＝ ｝ were read as { = } (their meaning is certain)
        (24, 8, "unknown name 到位资今 in the actual of A4", "did you mean 到位资金?"),
        (30, 3, "unknown keyword 'proportinal'", "did you mean 按比例 (proportional)?"),
    ]
    assert all(d.severity == "error" for d in found)
    assert [d.code for d in found] == ["syntax"] * 4 + ["unknown-name", "syntax"]


def test_the_carets_are_under_the_mistakes() -> None:
    with pytest.raises(ParseError) as info:
        perfscore.compile(DRAFT, "draft.perf", language="en")
    report = str(info.value)
    assert report.startswith("6 error(s) in rubric\n")
    assert "draft.perf:11:15: error: unexpected '（'; expected a number\n" \
           "    指标 A2 新建集中供水工程（处） 20 {\n" \
           "                            ^^\n" in report  # fmt: skip
    assert "draft.perf:9:3: error: unknown keyword '按比列'\n      按比列\n      ^^^^^^\n" in report


def test_applying_every_fix_repairs_the_draft() -> None:
    text = DRAFT
    for _ in range(3):  # a fix may reveal what the error hid (a blanked statement is checked next run)
        try:
            rubric = perfscore.compile(text, "draft.perf", language="en")
            break
        except RubricError as exc:
            fixes = [d.fix for d in exc.diagnostics]
            assert all(fix is not None for fix in fixes), [d.format() for d in exc.diagnostics if d.fix is None]
            for fix in sorted(fixes, key=lambda f: f.span.start, reverse=True):  # type: ignore[union-attr]
                text = fix.apply(text)  # type: ignore[union-attr]
    else:
        pytest.fail("the fixes did not converge")
    assert rubric.codes[:5] == ("A1", "A2", "A3", "A4", "A5")
    assert "总分 100" in text and '"新建集中供水工程（处）"' in text and "到位资金 / 预算数" in text
    assert "按比例" in text and "分档 {" in text and "proportinal" not in text


def test_diagnostics_as_json_without_the_source() -> None:
    first = _diagnostics(DRAFT)[0]
    record = first.to_dict()
    assert record == {
        "code": "syntax", "key": "syntax.unexpected", "severity": "error", "message": "unexpected '：'; expected a number",
        "hint": "no colon after the keyword, a space: `总分 100`", "file": "draft.perf",
        "line": 2, "column": 3, "end_line": 2, "end_column": 4, "start": 27, "end": 28,
        "fix": {"start": 27, "end": 28, "line": 2, "column": 3, "end_line": 2, "end_column": 4, "replacement": " "},
    }  # fmt: skip
    assert DRAFT[27] == "："  # offsets count characters, as Python slices do
    json.dumps([d.to_dict() for d in _diagnostics(DRAFT)], ensure_ascii=False)  # JSON-safe throughout


@pytest.mark.parametrize(("written", "meant"), [
    ("指标 A1 甲 10 ｛\n  达标\n｝", "指标 A1 甲 10 {\n  达标\n}"),
    ("计算 执行率 ＝ 决算数 ／ 预算数", "计算 执行率 = 决算数 / 预算数"),
    ("指标 A1 甲 10 {\n  实际 = 决算数\n  分档 {\n    ＞＝ 90：100%\n    ［50, 90）：50%\n    否则：0分\n  }\n}",
     "指标 A1 甲 10 {\n  实际 = 决算数\n  分档 {\n    >= 90：100%\n    [50, 90）：50%\n    否则：0分\n  }\n}"),
])  # fmt: skip
def test_full_width_punctuation_of_certain_meaning_is_read_as_ascii(written: str, meant: str) -> None:
    head = "总分 10\n输入 决算数 金额 ≥ 0\n输入 预算数 金额 > 0\n"
    if not written.startswith("指标"):
        written += "\n指标 A1 甲 10 {\n  实际 = 执行率\n  按比例\n}"
        meant += "\n指标 A1 甲 10 {\n  实际 = 执行率\n  按比例\n}"
    assert perfscore.parse(head + written) == perfscore.parse(head + meant)


def test_full_width_punctuation_inside_quotes_and_comments_is_kept() -> None:
    rubric = perfscore.parse('总分 10  # 满分＝10\n指标 A1 "甲｛乙｝＝丙" 10 {\n  评分标准 "完成率＞＝90％得满分"\n  达标\n}\n')
    indicator = rubric.nodes[0]
    assert indicator.name == "甲｛乙｝＝丙" and indicator.criteria == "完成率＞＝90％得满分"  # type: ignore[union-attr]


@pytest.mark.parametrize(("line", "message", "hint"), [
    ("指标 A1 甲 10 {\n  达标。\n}", "unexpected character '。'", "end a statement with a new line (or ;), not 。"),
    ("指标 A1 甲 10 {\n  评分标准 ‘好’\n  达标\n}", "unexpected character '‘'", "quote text with \"…\" or “…”"),
    ("指标 A1 甲 10 {\n  实际 = 决算数 \\ 2\n  按比例\n}", "unexpected character '\\\\'", "a division is / or ÷"),
])  # fmt: skip
def test_look_alikes_get_a_hint(line: str, message: str, hint: str) -> None:
    (found,) = _diagnostics("总分 10\n输入 决算数 金额\n" + line + "\n")
    assert found.message.startswith(message) and found.hint == hint and found.fix is None


def test_a_block_with_a_broken_header_is_skipped_whole() -> None:
    """Its body is not read as statements of their own: one error, not one per line."""
    found = _diagnostics("总分 10\n指标 A1 甲 {\n  目标 ≥ 95%\n  实际 比率\n  按比例\n}\n指标 A2 乙 10 {\n  达标\n}\n")
    assert [(d.line, d.hint) for d in found] == [(2, "give the weight after the name, e.g. `指标 A1 名称 3 {`")]


def test_an_unclosed_block_at_the_end_is_one_error() -> None:
    (found,) = _diagnostics("总分 10\n指标 A1 甲 10 {\n  达标\n")
    assert found.message.startswith("unexpected end of file") and found.hint == "a block opened with { is not closed"


def test_check_errors_the_blanks_may_cause_are_left_out() -> None:
    """With A2 blanked, the weights cannot sum to the total and A1's input is undeclared: neither said."""
    found = _diagnostics("总分 20\n输入 决算数 金额 ≥ 0：\n指标 A1 甲 10 {\n  实际 = 决算数\n  目标 ≥ 1\n  按比例\n}\n"
                         "指标 A2 乙 10 {\n  按比列\n}\n")  # fmt: skip
    assert [(d.line, d.code) for d in found] == [(2, "syntax"), (9, "syntax")]


def test_many_errors_stay_fast_and_bounded() -> None:
    text = "总分 100\n" + "".join(f"指标 A{i} 甲 1 {{\n  按比列\n}}\n" for i in range(200))
    found = _diagnostics(text)
    assert len(found) == 20  # syntax.MAX_ERRORS: past them the author fixes and reruns
    assert [d.line for d in found] == [3 + 3 * k for k in range(20)]


DOCS = Path(__file__).resolve().parents[1] / "docs" / "diagnostics.md"
SOURCE = Path(__file__).resolve().parents[1] / "src" / "perfscore"


def _documented() -> dict[str, str | None]:
    """Each code the page has a section for, with its refused example (None: no example)."""
    page = DOCS.read_text("utf-8")
    found: dict[str, str | None] = {}
    for section in re.split(r"^## ", page, flags=re.M)[1:]:
        codes = re.findall(r"`([a-z-]+)`", section.splitlines()[0])
        example = re.search(r'``` \{ \.perf \.error title="不通过 / refused" \}\n(.*?)```', section, flags=re.S)
        for code in codes:
            found[code] = example.group(1) if example else None
    return found


def test_every_diagnostic_code_is_documented() -> None:
    """Each code the checker or parser can give has a section on docs/diagnostics.md."""
    text = "\n".join(p.read_text("utf-8") for p in SOURCE.rglob("*.py"))
    used = set(re.findall(r'\.(?:error|warn)\(\s*"([a-z-]+)"', text))
    used |= set(re.findall(r'Diagnostic\("(?:error|warning)", [^\n]*?"([a-z-]+)"\)', text))
    used |= {"syntax", "duplicate-code", "bands", "grades", "levels"}  # codes built from nouns
    assert used - set(_documented()) == set()


@pytest.mark.parametrize("code", [c for c, example in _documented().items() if example is not None])
def test_each_documented_example_gives_its_code(code: str) -> None:
    example = _documented()[code]
    assert example is not None
    (found,) = _diagnostics(example)
    assert found.code == code


def test_the_documented_json_is_what_to_dict_gives() -> None:
    example = _documented()["syntax"]
    assert example is not None
    with pytest.raises(RubricError) as info:
        perfscore.compile(example, "r.perf")
    shown = re.search(r"```text\n(\{.*?\})\n```", DOCS.read_text("utf-8"), flags=re.S)
    assert shown is not None and json.loads(shown.group(1)) == info.value.diagnostics[0].to_dict()


def test_a_one_character_word_is_no_typo_of_another() -> None:
    """`处` shares nothing with `且`: one edit away, but no keyword the author could have meant."""
    (found,) = _diagnostics("总分 5\n指标 A1 甲 5 {\n  达标\n  处\n}\n")
    assert found.message.startswith("unexpected '处'; expected }, ")
    assert found.hint is None or "did you mean" not in found.hint


def test_a_title_without_quotes_gets_them_as_its_fix() -> None:
    text = "评价 朔州市卫健委部门整体支出绩效评价（2020年）\n总分 5\n指标 A1 甲 5 {\n  达标\n}\n"
    (found,) = _diagnostics(text)
    assert (found.line, found.column, found.hint) == (1, 4, 'text goes in quotes: `"朔州市卫健委部门整体支出绩效评价（2020年）"`')
    assert found.fix is not None
    assert perfscore.compile(found.fix.apply(text)).title == "朔州市卫健委部门整体支出绩效评价（2020年）"


def test_the_page_shows_each_example_diagnostic_in_both_languages() -> None:
    """Under each refused example: 诊断：<the Chinese message> and Diagnostic: <the English one>, as the code words them."""
    page = DOCS.read_text("utf-8")
    for section in re.split(r"^## ", page, flags=re.MULTILINE)[1:]:
        example = re.search(r'``` \{ \.perf \.error title="不通过 / refused" \}\n(.*?)```', section, flags=re.DOTALL)
        if example is None:
            continue
        (found,) = _diagnostics(example.group(1))
        assert f"\n诊断：{found.in_language('zh').message}\n" in section, section.splitlines()[0]
        assert f"\nDiagnostic: {found.message}\n" in section, section.splitlines()[0]


def test_an_exponent_gets_the_number_in_full_as_hint() -> None:
    """`总分 1e5` read as the number 1 and a name e5: the hint is about the exponent, not about spaces."""
    (found,) = _diagnostics("总分 1e5\n指标 A1 甲 5 {\n  达标\n}\n")
    assert found.in_language("en").hint == "write the number in full (100000): a rubric does not read exponents (1e5)"


def _first(text: str, language: str = "en") -> tuple[str, str | None, str | None]:
    with pytest.raises(RubricError) as caught:
        perfscore.compile(text, "r.perf", language=language)  # type: ignore[arg-type]
    first = caught.value.diagnostics[0]
    return first.message, first.hint, None if first.fix is None else first.fix.replacement


@pytest.mark.parametrize(("text", "message", "hint", "fix"), [
    # 打标 is one character from 目标 and from 达标 (打 and 达 sound alike): both offered, neither applied
    ("总分 10\n指标 A1 甲 10 {\n 打标\n}\n", "unknown keyword '打标'",
     "did you mean 目标 (target) or 达标 (binary)?", None),
    # 等级 is two characters short of 评价等级, the one keyword it is part of
    ("总分 10\n指标 A1 甲 10 {\n 达标\n}\n等级 {\n 优 ≥ 9\n}\n", "unknown keyword '等级'",
     "did you mean 评价等级 (grades)?", "评价等级"),
    # one close keyword: offered and applied, as before
    ("总分 10\n指标 A1 甲 10 {\n 按比列\n}\n", "unknown keyword '按比列'", "did you mean 按比例 (proportional)?",
     "按比例"),
    # a comparison in words where one is expected: its symbol (it was "put a space between …")
    ("总分 10\n指标 A1 甲 10 {\n 实际 比率\n 分档 {\n  大于等于95%：10分\n  否则：0分\n }\n}\n",
     "unexpected '大于等于95'; expected (, + or -, [, a comparison (≥ ≤ > <), a number, }, 否则 (otherwise), 当 (when)",
     "write the comparison as a symbol: 大于等于 is `≥` (e.g. `≥ 95%`)", "≥ "),
    ("总分 10\n指标 A1 甲 10 {\n 实际 比率\n 分档 {\n  不低于 95%：10分\n  低于 95%：0分\n }\n}\n",
     "unexpected '不低于'; expected (, + or -, [, a comparison (≥ ≤ > <), a number, }, 否则 (otherwise), 当 (when)",
     "write the comparison as a symbol: 不低于 is `≥` (e.g. `≥ 95%`)", "≥ "),
])  # fmt: skip
def test_a_misspelt_keyword_or_a_worded_comparison_gets_what_was_meant(text: str, message: str, hint: str,
                                                                       fix: str | None) -> None:  # fmt: skip
    assert _first(text) == (message, hint, fix)


def test_the_keywords_offered_are_in_chinese_for_a_chinese_rubric() -> None:
    assert _first("总分 10\n指标 A1 甲 10 {\n 打标\n}\n", "zh")[1] == "是不是要写 目标 或 达标？"
    fixed = "总分 10\n指标 A1 甲 10 {\n 实际 比率\n 分档 {\n  ≥ 95%：10分\n  否则：0分\n }\n}\n"
    assert perfscore.compile(fixed).evaluate({"A1": "96%"}).total == 10  # the symbol the hint gives compiles

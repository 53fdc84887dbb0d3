"""Issue 12, "done when": a draft with a dozen mixed mistakes (syntax and check) reports every one in one
run, each with a Chinese message, a caret under the mistake and a hint whose fix, applied, repairs it."""

from __future__ import annotations

import re

import pytest

import perfscore
from perfscore import Diagnostic, RubricError

#: A project-expenditure draft written from scratch, with the mistakes real authors make.
DRAFT = """\
评价 "某县2023年农村供水项目支出绩效评价"
总分：100
输入 决算数 金额
输入 预算数 金额
输入 到位资金 金额
输入 建设状态 选项 {已完工, 在建, 未开工}
指标 A1 预算执行率 10 {
  目标 ≥ 95%
  实际 = 决算数 / 预算数
  按比列
}
指标 A2 新建集中供水工程（处） 10 {
  目标 ≥ 8
  实际 数量
  按比例
}
指标 A3 整改情况 10 {
  实际 比率
  分挡 {
    ≥ 95%：100%
    否则：0分
  }
}
指标 A4 资金到位率 10 ｛
  目标 ≥ 100%
  实际 ＝ 到位资今 / 决算数
  按比例
｝
指标 A5 满意度 10 {
  目标 ≥ 90%
  实际 比率
  proportinal
}
指标 A6 项目完工 10 {
  分档 {
    当 建设状态 == 已完功：100%
    否则：0分
  }
}
指标 A7 预算执行 10 {
  引用 预算执型率
}
指标 A8 综合得分 10 {
  公式 得分(A11) × 1
}
指标 A9 较大值 10 {
  目标 ≥ 1
  实际 = mxa(决算数, 1)
  按比例
}
指标 A10 资金到位率 10 {
  目标 ≥ 100%
  实际 = 到位资金 / 预算数
  按比例
}
"""

#: (line, column, the text under the caret, the message, the hint), in the order reported.
EXPECTED = [
    (2, 3, "：", "此处不应出现 “：”，应为 数字", "关键字后面不加冒号，空一格：`总分 100`"),
    (10, 3, "按比列", "无法识别的关键字 “按比列”", "是不是要写 按比例？"),
    (12, 15, "（", "此处不应出现 “（”，应为 数字", '名称含标点时要加引号：`"新建集中供水工程（处）"`'),
    (19, 3, "分挡", "无法识别的关键字 “分挡”", "是不是要写 分档？"),
    (26, 8, "到位资今", "A4 的实际值中有未声明的名称 到位资今", "是不是要写 到位资金？"),
    (26, 15, "决算数", "A4 的实际值除以 决算数，而它可能为 0", "把输入项声明为正数：`输入 决算数 金额 > 0`"),
    (32, 3, "proportinal", "无法识别的关键字 “proportinal”", "是不是要写 按比例？"),
    (36, 15, "已完功", "A6 的档次条件中 已完功 不是 建设状态 的选项（已完工、在建、未开工）", "是不是要写 已完工？"),
    (41, 3, "引用 预算执型率", "没有名为 预算执型率 的标准指标", "是不是要写 引用 预算执行率？"),
    (44, 6, "得分(A11)", "A8 的公式中 得分(A11) 的编码 A11 不存在", "是不是要写 得分(A1)？"),
    (48, 8, "mxa(决算数, 1)", "A9 的实际值中有未知函数 mxa()", "是不是要写 max()？"),
    (53, 15, "预算数", "A10 的实际值除以 预算数，而它可能为 0", "把输入项声明为正数：`输入 预算数 金额 > 0`"),
]


def _found(text: str) -> tuple[Diagnostic, ...]:
    with pytest.raises(RubricError) as info:
        perfscore.compile(text, "draft.perf")
    return info.value.diagnostics


def test_a_dozen_mistakes_in_one_run_each_in_chinese_with_a_caret_and_a_hint() -> None:
    found = _found(DRAFT)
    assert [(d.line, d.column, DRAFT[d.span.start : d.span.end], d.message, d.hint) for d in found] == EXPECTED
    assert all(d.severity == "error" and d.fix is not None for d in found)
    for d in found:  # the caret line is under the span, as wide as it is on screen (a Chinese character is 2)
        caret = d.format().split("\n")[2]
        width = sum(2 if ord(ch) > 0x2E7F else 1 for ch in DRAFT[d.span.start : d.span.end].split("\n")[0])
        assert caret.strip() == "^" * width
        before = sum(2 if ord(ch) > 0x2E7F else 1 for ch in DRAFT.split("\n")[d.line - 1][: d.column - 1])
        assert caret.index("^") == 4 + before


def test_the_same_dozen_in_english_on_request() -> None:
    with pytest.raises(RubricError) as info:
        perfscore.compile(DRAFT, "draft.perf", language="en")
    english = [(d.message, d.hint) for d in info.value.diagnostics]
    assert english[0] == ("unexpected '：'; expected a number", "no colon after the keyword, a space: `总分 100`")
    assert english[5] == ("the actual of A4 divides by 决算数, which can be 0",
                          "declare the input positive: `输入 决算数 金额 > 0`")  # fmt: skip
    assert english[7] == ("已完功 is not an option of 建设状态 (已完工、在建、未开工) in a band condition of A6",
                          "did you mean 已完工?")  # fmt: skip
    assert english[-1][0] == "the actual of A10 divides by 预算数, which can be 0"
    assert str(info.value).startswith("12 error(s) in rubric\n")


def test_following_every_hint_repairs_the_draft() -> None:
    """Apply each diagnostic's fix (the edit its hint describes), check again, until the draft compiles."""
    text, rounds = DRAFT, 0
    while True:
        try:
            rubric = perfscore.compile(text, "draft.perf")
            break
        except RubricError as exc:
            rounds += 1
            assert rounds <= 3, [d.format() for d in exc.diagnostics]
            fixes = {(d.fix.span.start, d.fix.span.end, d.fix.replacement): d.fix for d in exc.diagnostics
                     if d.fix is not None}  # fmt: skip
            assert len(fixes) == len({(d.span.start, d.code) for d in exc.diagnostics}), \
                [d.format() for d in exc.diagnostics if d.fix is None]  # fmt: skip
            for fix in sorted(fixes.values(), key=lambda f: f.span.start, reverse=True):
                text = fix.apply(text)
    assert rubric.codes == tuple(f"A{k}" for k in range(1, 11))
    assert rubric.warnings == ()
    assert "总分 100\n" in text and '"新建集中供水工程（处）"' in text and "分档 {" in text
    assert "输入 决算数 金额 > 0\n" in text and "输入 预算数 金额 > 0\n" in text
    assert "到位资金 / 决算数" in text and "已完工：100%" in text and "引用 预算执行率" in text
    assert "得分(A1) × 1" in text and "max(决算数, 1)" in text
    assert not re.search(r"按比列|proportinal|分挡", text)

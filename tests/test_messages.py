"""The message catalogue (perfscore.messages): every message in Chinese and English with the same
placeholders, and the modules that speak to authors building their texts from it, never by hand."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import perfscore
from perfscore.messages import (
    CATALOGUE,
    Message,
    Term,
    keyword,
    language_of,
    msg,
    placeholders,
)

SOURCE = Path(__file__).resolve().parents[1] / "src" / "perfscore"
#: The modules whose every message goes through the catalogue (not yet: the roll-ups' circle in population.py;
#: see docs/diagnostics.md, "Not yet").
CATALOGUED = sorted([
    *SOURCE.glob("checker/*.py"), *SOURCE.glob("rules/*.py"), *SOURCE.glob("render/*.py"),
    *(SOURCE / name for name in ("syntax.py", "parser.py", "standards.py", "rubric.py", "errors.py", "data.py",
                                 "facts.py", "numbers.py", "evaluate.py", "cli.py",
                                 "files.py", "compiler.py", "peers.py", "dask.py", "tables.py", "cases.py",
                                 "audit.py", "population.py", "templates.py", "limits.py", "result.py")),
])  # fmt: skip
#: Calls that take a message (and a hint) to show a person: their text arguments must be catalogue messages.
SPEAKERS = {"error", "warn", "Diagnostic", "_LiteralError", "_limit_error", "_refusal", "zero", "fact_bad", "bad",
            "Bad", "DataProblem", "NotANumber", "UsageError", "EvaluationError", "refuse",
            "add", "low_target", "execution", "Finding",  # these four: audit.py's findings
            # the errors a caller or the command line shows as they are, and every line the command line prints
            "ArgumentError", "OutputError", "FontError", "MissingExtraError", "PerfscoreError", "WordedError",
            "_Refused", "ArgumentTypeError", "_say", "_tell", "print", "RowProblem"}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_message_has_both_languages_with_the_same_placeholders(key: str) -> None:
    zh, en = CATALOGUE[key]
    assert _fields(zh) == _fields(en), key
    if key != "where.nowhere":
        assert zh.strip() and en.strip(), key


def test_the_chinese_is_chinese() -> None:
    """A Chinese message that is the English one, or has no Chinese word, was not translated."""
    same_by_design = {"file.refused", "where.nowhere", "functions.exactly", "show.head", "where.the-total", "word.interval",
                      "data.joined", "data.shape.table", "data.shape.override", "data.na.one", "cli.a-pdf",
                      "file.refused-path", "file.refused-hint", "file.sig.pdf",
                      "row.problem", "cases.problem", "cli.in-file", "usage.other", "api.audit-number",
                      "finding.what-execution"}  # its {name} has 执行率 in it: the audit checks it for the word
    untranslated = [key for key, (zh, en) in CATALOGUE.items() if key not in same_by_design
                    and (zh == en or not CHINESE.search(zh.replace("{", "").replace("}", "")))]  # fmt: skip
    assert untranslated == []


def _calls(path: Path) -> list[ast.Call]:
    return [node for node in ast.walk(ast.parse(path.read_text("utf-8"))) if isinstance(node, ast.Call)]


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else (func.id if isinstance(func, ast.Name) else "")


def test_every_key_written_in_the_source_is_in_the_catalogue_with_its_arguments() -> None:
    """msg("weights.sum", …) names an entry, and gives exactly its placeholders (checked here, statically, for
    every call in the package, not only those a test happens to reach)."""
    problems = []
    for path in SOURCE.rglob("*.py"):
        for call in _calls(path):
            if _name(call) != "msg" or not call.args:
                continue
            first = call.args[0]
            given = {k.arg for k in call.keywords}
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                if first.value not in CATALOGUE:
                    problems.append(f"{path.name}:{call.lineno}: no message {first.value}")
                elif None not in given and given != placeholders(first.value):
                    problems.append(f"{path.name}:{call.lineno}: {first.value} takes {sorted(placeholders(first.value))}")
            elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                prefix = str(first.values[0].value)
                if not any(key.startswith(prefix) for key in CATALOGUE):
                    problems.append(f"{path.name}:{call.lineno}: no message starts with {prefix}")
    assert problems == []


def test_every_catalogue_entry_is_used() -> None:
    """No dead entries: each key is written in the source, or built from a prefix written there."""
    text = "\n".join(p.read_text("utf-8") for p in SOURCE.rglob("*.py") if p.name != "messages.py")
    prefixes = set(re.findall(r'f"([a-z.-]+)\{', text)) | {"where.rule."}
    unused = [key for key in CATALOGUE if f'"{key}"' not in text and not any(key.startswith(p) for p in prefixes)
              and not key.startswith(("show.", "word."))]  # fmt: skip
    assert unused == []


@pytest.mark.parametrize("path", CATALOGUED, ids=lambda p: str(p.relative_to(SOURCE)))
def test_messages_to_authors_go_through_the_catalogue(path: Path) -> None:
    """No message or hint written as a string where a diagnostic is made: a translation cannot be forgotten."""
    found = []
    for call in _calls(path):
        if _name(call) not in SPEAKERS:
            continue
        for arg in [*call.args, *(k.value for k in call.keywords if k.arg in ("message", "hint"))]:
            parts = [arg.left, arg.right] if isinstance(arg, ast.BinOp) else [arg]  # "…" + f"…" too
            if any(isinstance(part, ast.JoinedStr) or (isinstance(part, ast.Constant) and isinstance(part.value, str)
                                                        and " " in part.value) for part in parts):  # fmt: skip
                found.append(f"{path.name}:{call.lineno}: {ast.unparse(arg)[:60]}")
    assert found == []


def test_a_message_is_a_key_and_arguments_worded_per_language() -> None:
    message = msg("weights.sum", whose=msg("where.top-level"), total="90", wanted=msg("where.the-total", total="100"),
                  terms="A1 30 + A2 60", gap=msg("weights.missing", amount="10"))  # fmt: skip
    assert message.render("zh") == "第一层指标权重合计 90 分，应为 100 分（A1 30 + A2 60），少 10 分"
    assert message.render("en") == "weights of the top-level nodes sum to 90, not the total 100 (A1 30 + A2 60): 10 missing"
    assert str(message) == message.render("en")
    assert msg("grades.declared", labels=("优", "良")).render("zh") == "已声明的等级：优、良"
    assert msg("grades.declared", labels=("优", "良")).render("en") == "declared grades: 优, 良"
    assert keyword("proportional") == Term("按比例", "按比例 (proportional)")


def test_a_missing_key_or_argument_is_refused_at_once() -> None:
    with pytest.raises(KeyError):
        msg("weights.no-such-message")
    with pytest.raises(TypeError, match="takes"):
        msg("weights.empty")  # its {where} forgotten
    with pytest.raises(TypeError, match="takes"):
        msg("weights.empty", where="x", extra="y")


def test_messages_are_values() -> None:
    """Equal, hashable and picklable: diagnostics holding them compare, pickle and travel to workers."""
    import pickle

    a = msg("clauses.no-rule", code="A1", name="甲")
    assert a == msg("clauses.no-rule", name="甲", code="A1") and hash(a) == hash(msg("clauses.no-rule", code="A1", name="甲"))
    assert pickle.loads(pickle.dumps(a)) == a
    assert isinstance(a, Message)


def test_the_language_of_a_rubric_is_that_of_its_keywords() -> None:
    assert language_of("总分 10\n指标 A1 甲 10 {\n  达标\n}\n") == "zh"
    assert language_of("total 10\nindicator A1 x 10 {\n  met\n}\n") == "en"
    assert language_of("") == "zh"  # nothing to tell by: the bureau's language


ENGLISH_RUBRIC = "total 10\nindicator A1 budget 10 {\n  target >= 95%\n  actual rate\n  proportinal\n}\n"
CHINESE_RUBRIC = "总分 10\n指标 A1 预算执行率 10 {\n  目标 ≥ 95%\n  实际 比率\n  按比列\n}\n"


def test_messages_follow_the_rubric_unless_a_language_is_chosen() -> None:
    with pytest.raises(perfscore.ParseError) as zh:
        perfscore.compile(CHINESE_RUBRIC, "r.perf")
    assert str(zh.value) == ("评分办法中有 1 处错误\nr.perf:5:3: 错误：无法识别的关键字 “按比列”\n      按比列\n      ^^^^^^\n"
                             "    提示：是不是要写 按比例？")  # fmt: skip
    with pytest.raises(perfscore.ParseError) as en:
        perfscore.compile(ENGLISH_RUBRIC, "r.perf")
    assert str(en.value).startswith("1 error(s) in rubric\nr.perf:5:3: error: unknown keyword 'proportinal'\n")
    assert en.value.diagnostics[0].hint == "did you mean 按比例 (proportional)?"
    with pytest.raises(perfscore.ParseError) as chosen:
        perfscore.compile(CHINESE_RUBRIC, "r.perf", language="en")
    assert chosen.value.diagnostics[0].message == "unknown keyword '按比列'"
    assert zh.value.format(language="en") == str(chosen.value)  # either error words itself in either language
    assert zh.value.diagnostics[0].format("en") == chosen.value.diagnostics[0].format()
    assert zh.value.diagnostics[0].to_dict("en")["message"] == "unknown keyword '按比列'"
    assert zh.value.diagnostics[0].key == "syntax.unknown-keyword" and zh.value.diagnostics[0].code == "syntax"


def test_language_is_refused_unless_zh_or_en() -> None:
    with pytest.raises(perfscore.ArgumentError, match="language= takes 'zh' or 'en', not 'fr'"):
        perfscore.compile(CHINESE_RUBRIC, language="fr")  # type: ignore[arg-type]


def test_errors_keep_their_language_through_pickling() -> None:
    import pickle

    with pytest.raises(perfscore.CheckError) as info:
        perfscore.compile("总分 10\n指标 A1 甲 5 {\n  达标\n}\n", language="en")
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value)
    assert "weights of the top-level nodes sum to 5, not the total 10" in str(again)


def test_usage_errors_in_the_language_asked_for(capsys: pytest.CaptureFixture[str]) -> None:
    """Before any rubric is read the command line speaks the locale's language (C.UTF-8 in the tests: English);
    --lang zh words its usage errors in Chinese (tests/test_cli_messages.py has the rest)."""
    from perfscore.cli import main

    assert main(["check", "rubric.txt"]) == 2
    assert capsys.readouterr().err == "perfscore: error: rubric.txt: a rubric file must end in .perf\n"
    assert main(["check", "--lang", "zh", "rubric.txt"]) == 2
    assert capsys.readouterr().err == "perfscore：错误：rubric.txt：评分办法文件的扩展名应为 .perf\n"
    assert main(["score", "--lang", "zh", "missing.perf", "d.toml"]) == 2
    assert capsys.readouterr().err == "perfscore：错误：missing.perf：没有这个文件\n"


def test_an_evaluation_error_in_the_rubric_language() -> None:
    """A zero denominator the checker would refuse, met at run time by a rubric built without the checks."""
    text = "总分 3\n输入 a 数值\n输入 b 数值\n指标 A1 甲 3 {\n  目标 1\n  实际 = a / b\n  按比例\n}\n"
    unchecked = perfscore.Rubric(perfscore.parse(text), perfscore.rubric.Source("r.perf", text), [])
    with pytest.raises(perfscore.EvaluationError) as info:
        unchecked.evaluate({"a": 1, "b": 0})
    assert str(info.value) == "A1: 评分时除数为 0（按比例；实际 = a / b；目标 1）"
    assert info.value.format("en") == "A1: division by zero while scoring (proportional; actual = a / b; target 1)"
    with pytest.raises(perfscore.EvaluationError) as english:
        unchecked.evaluate({"a": 1, "b": 0}, language="en")
    assert str(english.value) == info.value.format("en")


def test_a_file_that_is_not_utf8_is_refused_in_either_language(tmp_path: Path) -> None:
    gbk = tmp_path / "r.perf"
    gbk.write_bytes("# 朔州\n总分 3\n".encode("gbk"))
    with pytest.raises(perfscore.ParseError) as info:
        perfscore.load(gbk)
    (found,) = info.value.diagnostics
    assert (found.code, found.key) == ("file", "file.gbk")
    assert found.message == "文件是 GBK（GB18030）文本，不是 UTF-8（第 1 行，第 4 字节）"
    assert found.hint == "请转存为 UTF-8，例如 `iconv -f GB18030 -t UTF-8 old.perf > new.perf`，或在记事本中：另存为 → 编码：UTF-8"
    assert found.in_language("en").message == "the file is GBK (GB18030) text, not UTF-8 (line 1, byte 4)"
    data = tmp_path / "d.toml"
    data.write_bytes("a = 1\n".encode("utf-16"))
    with pytest.raises(perfscore.DataError) as refused:
        perfscore.read_data(data)
    assert refused.value.problems[0].code == "data.file.unreadable"
    assert refused.value.format("zh").endswith("d.toml：文件是 UTF-16 文本，不是 UTF-8；请转存为 UTF-8，例如 "
                                               "`iconv -f UTF-16 -t UTF-8 old.toml > new.toml`，或在记事本中：另存为 → 编码：UTF-8")


def test_a_results_warnings_in_the_rubric_language() -> None:
    rubric = perfscore.compile("总分 3\n输入 预算数 金额\n指标 A1 甲 3 {\n  目标 ≥ 1\n  实际 = 预算数\n  按比例\n}\n")
    assert rubric.evaluate({"预算数": 2, "预算": 1}).warnings == ("未知的输入 '预算'，不予采用；是不是要写 '预算数'？",)
    english = rubric.evaluate({"预算数": 2, "预算": 1}, language="en").warnings
    assert english == ("unknown input '预算' ignored; did you mean '预算数'?",)


def test_a_table_of_units_refused_in_either_language(tmp_path: Path) -> None:
    """tables.py: a file read as a table of units, refused; worded in English unless Chinese is asked for."""
    from perfscore.tables import read_table

    empty = tmp_path / "u.csv"
    empty.write_text("", "utf-8")
    with pytest.raises(perfscore.DataError) as refused:
        read_table(empty)
    assert refused.value.problems[0].in_language("zh").message == f"{empty}：文件是空的：单位表第一行是列标题，以下每个单位一行"
    assert refused.value.problems[0].message == f"{empty}: the file is empty: a table of units has a header row, then a row per unit"
    both = tmp_path / "v.csv"
    both.write_text("A3,A3.申报书\n1,2\n", "utf-8")
    with pytest.raises(perfscore.DataError) as whole:
        read_table(both)
    assert whole.value.format("zh") == f"评价数据中有 1 个问题\n  - 列 “A3.申报书” 给出 A3 的一部分，而列 “A3” 已给出整个 A3（{both}）"


def test_a_malformed_test_case_in_either_language(tmp_path: Path) -> None:
    """cases.py: each problem names the case and the field, in English unless Chinese is asked for."""
    from perfscore.cases import read_cases

    cases = tmp_path / "r.tests.toml"
    cases.write_text('[[case]]\nname = "满分"\nexpect = { A1 = "x" }\n', "utf-8")
    with pytest.raises(perfscore.DataError) as refused:
        read_cases(cases)
    assert [p.in_language("zh").message for p in refused.value.problems] == [
        f"{cases}：第 1 个用例（'满分'）：缺少 `data`：请写出与用例文件同在一处的数据文件名，或直接给出一张表",
        f"{cases}：第 1 个用例（'满分'）：`expect.A1`：'x' 不是数字；请写出预期得分，例如 \"1.35\""]  # fmt: skip
    assert refused.value.problems[1].message == f"{cases}: case 1 ('满分'): `expect.A1`: 'x' is not a number; write the expected score, such as \"1.35\""


def test_published_figures_refused_in_either_language(tmp_path: Path) -> None:
    """audit.py: a file of published figures that cannot be read, in English unless Chinese is asked for."""
    from perfscore.audit import read_reported

    reported = tmp_path / "公布.toml"
    reported.write_text('[A1]\nscor = "3"\n', "utf-8")
    with pytest.raises(perfscore.DataError) as refused:
        read_reported(reported)
    assert refused.value.problems[0].in_language("zh").message == "未知的字段 'scor'（是不是要写 score？）"
    assert refused.value.problems[0].message == "unknown field 'scor' (did you mean score?)"
    # the field's owner is its input, said once (it was "A1: A1: unknown field …")
    assert str(refused.value.problems[0]) == "A1: unknown field 'scor' (did you mean score?)"


def test_a_table_and_test_cases_refused_in_the_rubric_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Read before the rubric is known, the problems are worded in its language once it is: Chinese for a
    rubric in Chinese keywords, English with --lang en / language="en"."""
    from perfscore.cli import main

    text = "总分 3\n指标 A1 甲 3 {\n  达标\n}\n"
    empty = tmp_path / "u.csv"
    empty.write_text("", "utf-8")
    with pytest.raises(perfscore.DataError) as refused:
        perfscore.compile(text).evaluate_many(empty)
    assert str(refused.value) == f"评价数据中有 1 个问题\n  - {empty}：文件是空的：单位表第一行是列标题，以下每个单位一行"
    with pytest.raises(perfscore.DataError) as english:
        perfscore.compile(text, language="en").evaluate_many(empty)
    assert english.value.problems[0].message.endswith(": the file is empty: a table of units has a header row, then a row per unit")
    (tmp_path / "r.perf").write_text(text, "utf-8")
    (tmp_path / "r.tests.toml").write_text("[[case]]\ndata = 5\n", "utf-8")
    assert main(["test", str(tmp_path / "r.perf")]) == 1
    assert capsys.readouterr().err == (f"错误：测试用例文件中有 1 个问题\n  - {tmp_path / 'r.tests.toml'}：第 1 个用例："
                                       "`data` 应为数据文件名或一张表，不能是 5\n")  # fmt: skip

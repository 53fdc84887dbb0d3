"""The command line's own words, in Chinese and English: argparse's usage errors, the lines it prints (wrote …,
ok, passed), the outputs it cannot write, the extras that are missing, the fonts, and the refusals of the API it
passes on. The language is --lang; else the rubric's once it is read; else, before any rubric, the locale's."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import perfscore
from perfscore.cli import locale_language, main
from perfscore.errors import ArgumentError, FontError, MissingExtraError
from perfscore.files import OutputError, write_output

ROOT = Path(__file__).resolve().parents[1]
RUBRIC = str(ROOT / "examples" / "shuozhou-2020" / "rubric.perf")
DATA = str(ROOT / "examples" / "shuozhou-2020" / "data.toml")
UNITS = ROOT / "examples" / "city-projects-2024"
COMMANDS = "'check', 'score', 'chart', 'render', 'explain', 'fmt', 'audit', 'template', 'schema', 'new', 'test'"


def _err(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().err


# ---------------------------------------------------------------- which language


@pytest.mark.parametrize(("environment", "language"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "zh_TW.Big5"}, "zh"), ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),  # the messages' own category first
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, "en"),  # LC_ALL overrides both
    ({"LANG": ""}, "en"), ({}, "en"),
])  # fmt: skip
def test_the_locale_decides_before_any_rubric_is_read(monkeypatch: pytest.MonkeyPatch, environment: dict[str, str],
                                                      language: str) -> None:  # fmt: skip
    monkeypatch.delenv("LANG", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert locale_language() == language


# ---------------------------------------------------------------- argparse's own errors


def test_a_mistyped_command_in_either_language_with_did_you_mean(monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    assert main(["scroe"]) == 2
    assert _err(capsys) == ("usage: perfscore [-h] [--version] COMMAND ...\n"
                            f"perfscore: error: argument COMMAND: invalid choice: 'scroe' (choose from {COMMANDS}); "
                            "did you mean score?\n")  # fmt: skip
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(["scroe"]) == 2
    assert _err(capsys) == ("用法：perfscore [-h] [--version] COMMAND ...\n"
                            f"perfscore：错误：参数 COMMAND：无效的选择 'scroe'（可选：{COMMANDS}）；是不是要写 score？\n")


def test_a_missing_argument_in_the_language_of_lang(capsys: pytest.CaptureFixture[str]) -> None:
    """--lang is honoured even though argparse stops before it has read it."""
    assert main(["render", RUBRIC, "--lang", "zh"]) == 2
    err = _err(capsys)
    assert err.startswith("用法：perfscore render [-h] [--lang {zh,en}]")
    assert err.endswith("\nperfscore render：错误：缺少必需的参数：--to\n")
    assert main(["render", RUBRIC, "--lang=en"]) == 2
    assert _err(capsys).endswith("\nperfscore render: error: the following arguments are required: --to\n")


@pytest.mark.parametrize(("argv", "zh", "en"), [
    (["score", "--workers", "x", "r.perf", "d.toml"], "参数 --workers：'x' 不是整数", "argument --workers: invalid int value: 'x'"),
    (["check", "--lang", "fr", "r.perf"], "参数 --lang：无效的选择 'fr'（可选：'zh', 'en'）",
     "argument --lang: invalid choice: 'fr' (choose from 'zh', 'en')"),
    (["score", "r.perf"], "缺少必需的参数：DATA", "the following arguments are required: DATA"),
    (["check", "r.perf", "--bogus"], "无法识别的参数：--bogus", "unrecognized arguments: --bogus"),
    (["score", "r.perf", "d.toml", "-o"], "参数 -o/--output：需要一个值", "argument -o/--output: expected one argument"),
    (["score", "--f", "x", "r.perf", "d.toml"], "有歧义的选项：--f 可以是 --format, --font",
     "ambiguous option: --f could match --format, --font"),
    (["audit", "r.perf", "d.toml", "p.toml", "--target-ratio", "-1"], "参数 --target-ratio：-1：应为大于 0 的数，例如 1.5",
     "argument --target-ratio: -1: expected a number above 0, such as 1.5"),
    (["audit", "r.perf", "d.toml", "p.toml", "--target-ratio", "x"], "参数 --target-ratio：'x' 不是数字；应为一个数，例如 1.5",
     "argument --target-ratio: 'x' is not a number; expected a number such as 1.5"),
])  # fmt: skip
def test_argparse_errors_in_either_language(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                            argv: list[str], zh: str, en: str) -> None:  # fmt: skip
    prog = "perfscore" if "--bogus" in argv else f"perfscore {argv[0]}"  # unrecognized: the main parser says it
    assert main(argv) == 2
    assert _err(capsys).splitlines()[-1] == f"{prog}: error: {en}"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(argv) == 2
    assert _err(capsys).splitlines()[-1] == f"{prog}：错误：{zh}"


def test_help_words_argparse_s_own_parts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--lang", "zh", "-h"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：perfscore check [-h] [--lang {zh,en}] RUBRIC [RUBRIC ...]\n")
    assert "\n位置参数:\n" in out and "\n选项:\n" in out and "显示本帮助并退出" in out
    assert out.endswith("示例：\n  perfscore check rubric.perf\n\n退出状态：0 成功，1 发现问题，2 用法错误\n")
    assert "\n报告评分办法文件中的每一个问题\n" in out  # the command's own description
    assert main(["--lang", "zh", "audit", "-h"]) == 2  # --lang before the command: refused, but in Chinese
    assert main(["audit", "--lang", "zh", "-h"]) == 0
    assert "业绩值达到目标值 R 倍及以上时提示：目标可能定得偏低（默认 1.5）" in capsys.readouterr().out
    assert main(["check", "-h"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: perfscore check") and "show this help message and exit" in out


# ---------------------------------------------------------------- the lines it prints


def test_wrote_in_the_rubric_language_or_lang(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "数据模板.xlsx"
    assert main(["template", RUBRIC, "--data", "-o", str(out)]) == 0  # a Chinese rubric
    assert _err(capsys) == f"已写入 {out}\n"
    assert main(["template", RUBRIC, "--data", "-o", str(out), "--force", "--lang", "en"]) == 0
    assert _err(capsys) == f"wrote {out}\n"


def test_check_ok_and_test_summary_in_either_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", RUBRIC]) == 0
    assert capsys.readouterr().out == f"{RUBRIC}：检查通过\n"
    assert main(["check", "--lang", "en", RUBRIC]) == 0
    assert capsys.readouterr().out == f"{RUBRIC}: ok\n"
    assert main(["test", RUBRIC]) == 0
    assert capsys.readouterr().out == "6 个通过，0 个未通过\n"
    assert main(["test", "--lang", "en", RUBRIC]) == 0
    assert capsys.readouterr().out == "6 passed, 0 failed\n"


def test_the_population_summary_line(capsys: pytest.CaptureFixture[str]) -> None:
    table = str(UNITS / "项目.xlsx")
    assert main(["score", str(UNITS / "rubric.perf"), table]) == 1  # six bad rows
    assert capsys.readouterr().out.splitlines()[-1] == "共 301 个单位，295 个已评分；6 个有错误"
    assert main(["score", "--lang", "en", str(UNITS / "rubric.perf"), table]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "295 of 301 units scored; 6 with errors"


# ---------------------------------------------------------------- outputs, extras, fonts


def test_an_output_error_in_either_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "无此目录" / "out.md"
    with pytest.raises(OutputError) as refused, write_output(str(missing)):
        pass
    assert str(refused.value) == f"{missing}: No such file or directory"  # the API: English unless asked
    assert refused.value.format("zh") == f"{missing}：无法写入（目录不存在）"
    assert refused.value.key == "output.failed"
    with pytest.raises(OutputError) as nul, write_output("a\0b.md"):
        pass
    assert (str(nul.value), nul.value.format("zh")) == ("a\0b.md: the name contains a NUL character",
                                                        "a\0b.md：文件名中含有 NUL 字符")  # fmt: skip
    assert main(["render", RUBRIC, "--to", "md", "-o", str(missing)]) == 2
    assert _err(capsys) == f"perfscore：错误：{missing}：无法写入（目录不存在）\n"
    assert main(["render", RUBRIC, "--to", "md", "-o", str(missing), "--lang", "en"]) == 2
    assert _err(capsys) == f"perfscore: error: {missing}: No such file or directory\n"


def test_a_missing_extra_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl: ImportError
    out = tmp_path / "t.xlsx"
    assert main(["render", RUBRIC, "--to", "xlsx", "-o", str(out)]) == 1
    assert _err(capsys) == "错误：写入 .xlsx 需要 openpyxl：pip install 'perfscore[xlsx]'\n"
    assert main(["render", RUBRIC, "--to", "xlsx", "-o", str(out), "--lang", "en"]) == 1
    assert _err(capsys) == "error: writing .xlsx needs openpyxl: pip install 'perfscore[xlsx]'\n"
    assert not out.exists()
    from perfscore.render import write_xlsx, score_table_for_rubric

    with pytest.raises(MissingExtraError) as refused:
        write_xlsx(score_table_for_rubric(perfscore.load(RUBRIC)), out)
    assert refused.value.key == "extra.xlsx" and isinstance(refused.value, perfscore.PerfscoreError)


def test_a_font_refused_in_either_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from perfscore.render.charts import find_font

    missing = tmp_path / "无此字体.ttf"
    with pytest.raises(FontError) as refused:
        find_font(missing)
    assert str(refused.value) == f"font= {missing}: no such font file"
    assert refused.value.format("zh") == f"font= {missing}：没有这个字体文件"
    chart = tmp_path / "图.png"
    argv = ["chart", str(UNITS / "rubric.perf"), str(UNITS / "项目.xlsx"), "-o", str(chart), "--font", str(missing)]
    assert main(argv) == 1
    assert _err(capsys) == f"错误：font= {missing}：没有这个字体文件\n"
    assert main([*argv, "--lang", "en"]) == 1
    assert _err(capsys) == f"error: font= {missing}: no such font file\n"


# ---------------------------------------------------------------- the API's refusals, passed on


def test_an_api_refusal_is_english_unless_a_language_was_chosen() -> None:
    text = "总分 3\n输入 完成率 比率\n指标 A1 甲 3 {\n  目标 100%\n  实际 = 完成率\n  按比例\n}\n"
    population = perfscore.compile(text).evaluate_many([{"id": "甲项目", "完成率": "90%"}], id="id")
    with pytest.raises(ArgumentError) as english:
        population["乙项目"]
    assert str(english.value) == "no unit '乙项目'; did you mean '甲项目'?"
    assert english.value.format("zh") == "没有单位 “乙项目”；是不是要写 “甲项目”？"
    chosen = perfscore.compile(text, language="zh").evaluate_many([{"id": "甲项目", "完成率": "90%"}], id="id")
    with pytest.raises(ArgumentError) as chinese:
        chosen.roll_ups()
    assert str(chinese.value) == "评分办法没有声明上级得分：例如加上 `上级得分 所属地市 本级 70% 下级平均 30%`"
    with pytest.raises(ArgumentError) as workers:
        chosen.rubric.evaluate_many([], workers=0)
    assert str(workers.value) == "workers 应为不小于 1 的整数，不能是 0"
    import pickle

    again = pickle.loads(pickle.dumps(chinese.value))
    assert (type(again), str(again)) == (ArgumentError, str(chinese.value))


def test_the_cli_words_an_api_refusal_in_its_language(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["score", str(UNITS / "rubric.perf"), str(UNITS / "项目.xlsx"), "--by", "主管部"]
    assert main(argv) == 1
    assert _err(capsys) == (f"错误：{UNITS / '项目.xlsx'}：评价数据中有 1 个问题\n"
                            "  - 没有列 “主管部”（工作表 项目）；是不是要写 “主管部门”？\n")  # fmt: skip
    assert main([*argv, "--lang", "en"]) == 1
    assert _err(capsys) == (f"error: {UNITS / '项目.xlsx'}: 1 problem(s) in evaluation data\n"
                            "  - there is no column '主管部' (sheet 项目); did you mean '主管部门'?\n")  # fmt: skip
    assert main(["score", "--workers", "0", RUBRIC, str(UNITS / "项目.xlsx")]) == 1
    assert _err(capsys).splitlines()[-1] == "错误：workers 应为不小于 1 的整数，不能是 0"


def test_a_template_name_mistyped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "r.perf"
    assert main(["new", "--template", "mof-projet", "-o", str(out), "--lang", "zh"]) == 2
    assert _err(capsys).startswith("perfscore：错误：没有名为 “mof-projet” 的模板；是不是要写 mof-project？现有模板：mof-project、")
    assert main(["new", "--template", "mof-projet", "-o", str(out)]) == 2  # no rubric read: the locale's
    assert _err(capsys).startswith("perfscore: error: no template named 'mof-projet'; did you mean mof-project? "
                                   "the templates: mof-project, ")  # fmt: skip
    assert main(["new", "--template", "mof-project", "-o", str(out)]) == 0  # the rubric written is Chinese
    assert _err(capsys).splitlines()[0] == f"已写入 {out}"


def test_every_command_line_key_is_documented() -> None:
    """docs/diagnostics.md lists each key of the command line's messages, the extras', the fonts' and the API's
    refusals, in both languages, as the catalogue has them."""
    from perfscore.messages import CATALOGUE

    page = (ROOT / "docs" / "diagnostics.md").read_text("utf-8")
    areas = ("cli.", "usage.", "help.", "output.", "extra.", "font.", "chart.", "population.", "templates.", "api.", "roll-up.",
             "cases.fail.", "row.no-such-column", "row.not-a-mapping")  # fmt: skip
    keys = [k for k in CATALOGUE if k.startswith(areas)]
    assert len(keys) > 100 and [k for k in keys if f"| `{k}` |" not in page] == []
    for key in keys:  # each row as the catalogue words it
        zh, en = (text.replace("|", "\\|").replace("\n", "<br>") for text in CATALOGUE[key])
        assert f"| `{key}` | {zh} | {en} |" in page, key

"""The `perfscore` command on the bundled example."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from perfscore.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "shuozhou-2020"
RUBRIC, DATA = str(EXAMPLE / "rubric.perf"), str(EXAMPLE / "data.toml")


def test_score_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", RUBRIC, DATA]) == 0
    out = capsys.readouterr().out
    assert "B24 政府采购执行率" in out
    assert out.splitlines()[-3].split()[-2:] == ["80.85", "80.85%"]
    assert "评价等级：良" in out
    assert "3.00 *" in out  # the B12 override is marked


def test_score_json_is_exact(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", RUBRIC, DATA, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["total"] == "80.85"
    assert document["grade"] == "良"


def test_explain_selected_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", RUBRIC, DATA, "B22", "B12"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("B22 结转结余率：")
    assert lines[0].endswith("得分 = max(3 − 1.65, 0)，得分 1.35 分")
    assert "调整为 3 分（理由：预算调整主要因中央和省级下达项目支出" in lines[1]


def test_explain_unknown_code_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", RUBRIC, DATA, "Z9"]) == 2  # after the rubric is read: in its language
    assert capsys.readouterr().err == "perfscore：错误：未知的编码：Z9\n"
    assert main(["explain", "--lang", "en", RUBRIC, DATA, "Z9"]) == 2
    assert capsys.readouterr().err == "perfscore: error: unknown code(s): Z9\n"


def test_check_clean_and_broken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", RUBRIC]) == 0
    assert capsys.readouterr().out.strip().endswith("：检查通过")  # a Chinese rubric: in Chinese
    broken = tmp_path / "broken.perf"
    broken.write_text("指标 A1 名称 {\n 达标\n}\n", "utf-8")
    assert main(["check", str(broken)]) == 1  # a rubric with Chinese keywords: Chinese by default
    assert f"{broken}:1:10: 错误：此处不应出现 “{{”，应为 数字\n" in capsys.readouterr().out
    assert main(["check", "--lang", "en", str(broken)]) == 1
    assert f"{broken}:1:10: error: unexpected '{{'; expected a number" in capsys.readouterr().out


def test_data_problems_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d.json"
    data.write_text("{}", "utf-8")
    assert main(["score", RUBRIC, str(data)]) == 1
    assert "评价数据中有 39 个问题\n  - B12 / 年初预算: 缺少数据，应为金额\n" in capsys.readouterr().err
    assert main(["score", "--lang", "en", RUBRIC, str(data)]) == 1
    assert "39 problem(s) in evaluation data\n  - B12 / 年初预算: missing: expected an amount\n" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("perfscore") is None, reason="console script not installed")
def test_installed_console_script() -> None:
    run = subprocess.run(["perfscore", "--version"], capture_output=True, text=True)
    assert run.returncode == 0
    assert run.stdout.startswith("perfscore ")


GOLDEN = Path(__file__).resolve().parent / "golden" / "check"


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("rubric", sorted(GOLDEN.glob("*.perf")), ids=lambda p: p.stem)
def test_check_diagnostics_golden(rubric: Path, language: str, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """One broken rubric per check or mistake: the exact diagnostics in both languages, with file:line:col,
    caret and hint (Chinese by default for these Chinese rubrics; tests/golden/regenerate.py rewrites them)."""
    monkeypatch.chdir(GOLDEN.parents[2])
    relative = rubric.relative_to(GOLDEN.parents[2])
    expected = rubric.with_suffix(f".{language}.txt").read_text("utf-8")
    failed = ": error: " in expected or ": 错误：" in expected
    argv = ["check", str(relative)] if language == "zh" else ["check", "--lang", "en", str(relative)]
    assert main(argv) == (1 if failed else 0)  # warnings alone pass
    assert capsys.readouterr().out == expected


@pytest.mark.parametrize("rubric", sorted((EXAMPLE.parent).glob("*/rubric.perf")), ids=lambda p: p.parent.name)
def test_examples_are_formatted_and_fmt_is_idempotent(rubric: Path, tmp_path: Path) -> None:
    assert main(["fmt", "--check", str(rubric)]) == 0
    copy = tmp_path / "r.perf"
    copy.write_text(rubric.read_text("utf-8"), "utf-8")
    assert main(["fmt", "--lang", "en", str(copy)]) == 0
    english = copy.read_text("utf-8")
    assert main(["fmt", "--check", str(copy)]) == 0  # formatting English again changes nothing
    assert copy.read_text("utf-8") == english


def test_fmt_check_reports_a_file_that_would_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    messy = tmp_path / "m.perf"
    messy.write_text("总分 3；指标 A1 甲 3 { 达标 }  # 注释\n", "utf-8")
    assert main(["fmt", "--check", str(messy)]) == 1
    assert capsys.readouterr().out == f"{messy}：格式需要调整\n"
    assert main(["fmt", "--check", "--lang", "en", str(messy)]) == 1
    assert capsys.readouterr().out == f"{messy}: would be reformatted\n"
    assert main(["fmt", str(messy)]) == 0
    assert messy.read_text("utf-8") == "总分 3\n保留 2 位 四舍五入\n\n指标 A1 甲 3 {\n  达标\n}\n\n# 注释\n"


def test_test_command_runs_the_examples_cases(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", RUBRIC, str(EXAMPLE.parent / "liuyang-2021" / "rubric.perf")]) == 0
    assert capsys.readouterr().out.endswith("9 个通过，0 个未通过\n")


def test_test_command_shows_expected_computed_and_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rubric = tmp_path / "r.perf"
    rubric.write_text("总分 3\n指标 A1 甲 3 {\n  目标 100%\n  按比例\n}\n", "utf-8")
    (tmp_path / "r.tests.toml").write_text('[[case]]\nname = "一半"\ndata = { A1 = "50%" }\nexpect = { A1 = "1.6" }\n', "utf-8")
    assert main(["test", str(rubric)]) == 1
    out = capsys.readouterr().out
    assert f"未通过 {rubric} · 一半 · A1：应为 1.6，算得 1.50" in out
    assert "得分 = 3 × min(50% ÷ 100%, 1) = 1.5" in out
    assert out.endswith("0 个通过，1 个未通过\n")
    assert main(["test", "--lang", "en", str(rubric)]) == 1
    out = capsys.readouterr().out
    assert f"FAIL {rubric} · 一半 · A1: expected 1.6, computed 1.50" in out
    assert out.endswith("0 passed, 1 failed\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["score", "missing.perf", DATA], "missing.perf: no such file"),
        (["score", RUBRIC, "data.yaml"], "data.yaml: the data must be a .toml or .json file, or a table of units "
                                         "(.csv, .tsv, .xlsx, .xlsm, one row each)"),
        (["check", "rubric.txt"], "rubric.txt: a rubric file must end in .perf"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err == f"perfscore: error: {message}\n"


def test_score_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", RUBRIC, DATA, "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "code,level,name,weight,actual,score,rate,override_reason"
    assert any(line.startswith("B24,3,政府采购执行率,3,0.8644736") and ",2.59," in line for line in lines)
    assert lines[-1].startswith("total,0,")


SHUOZHOU_GOLDEN = Path(__file__).resolve().parent / "golden" / "shuozhou"


@pytest.mark.parametrize(
    ("argv", "golden"),
    [
        (["score", RUBRIC, DATA], "score.txt"),
        (["explain", RUBRIC, DATA], "explain.txt"),
        (["score", RUBRIC, DATA, "--format", "md"], "score.md"),
        (["render", RUBRIC, "--to", "md"], "blank.md"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_shuozhou_golden(argv: list[str], golden: str, capsys: pytest.CaptureFixture[str],
                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The whole output on the seed-003 example, reviewed line by line against the report once (see its README)."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(argv) == 0
    assert capsys.readouterr().out == (SHUOZHOU_GOLDEN / golden).read_text("utf-8")


def test_golden_score_has_the_seed_figures() -> None:
    """Guards the golden file itself: the figures worked by hand in the example's README."""
    table = (SHUOZHOU_GOLDEN / "score.txt").read_text("utf-8")
    rows = {line.split()[0]: line.split() for line in table.splitlines() if line.strip()}
    assert rows["B22"][-2:] == ["1.35", "45.00%"]
    assert rows["C21"][-2:] == ["3.49", "87.25%"]
    assert rows["B24"][-3:] == ["86.45%", "2.59", "86.33%"]
    assert rows["合计"][-2:] == ["80.85", "80.85%"]
    assert "评价等级：良" in table
    blank = (SHUOZHOU_GOLDEN / "blank.md").read_text("utf-8")
    assert "结转结余率≤9%时得满分，否则每增加1%（不足1%按四舍五入原则取整）减5%权重分" in blank  # the author's wording


def test_render_xlsx_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", RUBRIC, "--to", "xlsx"]) == 2
    assert capsys.readouterr().err == "perfscore: error: an .xlsx table needs a file: add -o FILE.xlsx\n"
    assert main(["score", RUBRIC, DATA, "--format", "xlsx", "-o", "table.csv"]) == 2
    assert "must be written to a file ending in .xlsx" in capsys.readouterr().err


def test_render_xlsx_with_data(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "打分表.xlsx"
    assert main(["render", RUBRIC, "--data", DATA, "--to", "xlsx", "-o", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    rows = {row[2]: row for row in sheet.iter_rows(values_only=True) if row[2]}
    assert str(rows["B22 结转结余率"][8]) == "1.35"


def test_render_html_to_file(tmp_path: Path) -> None:
    out = tmp_path / "table.html"
    assert main(["score", RUBRIC, DATA, "--format", "html", "-o", str(out)]) == 0
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "评价等级：<strong>良</strong>" in page


def test_output_into_a_missing_directory_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere" / "out.json"
    assert main(["score", RUBRIC, DATA, "--format", "json", "-o", str(missing)]) == 2
    assert capsys.readouterr().err == f"perfscore：错误：{missing}：无法写入（目录不存在）\n"
    assert main(["score", "--lang", "en", RUBRIC, DATA, "--format", "json", "-o", str(missing)]) == 2
    assert capsys.readouterr().err == f"perfscore: error: {missing}: No such file or directory\n"


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        ([], 2),
        (["score", RUBRIC], 2),  # argparse: DATA missing
        (["score", "missing.perf", DATA], 2),
        (["score", RUBRIC, "data.yaml"], 2),
        (["check", DATA], 2),  # wrong extension
        (["render", RUBRIC, "--to", "pdf"], 2),
        (["explain", RUBRIC, DATA, "B99"], 2),
        (["check", RUBRIC], 0),
        (["test", RUBRIC], 0),
    ],
)
def test_exit_codes(argv: list[str], status: int) -> None:
    try:
        code = main(argv)
    except SystemExit as exit:  # argparse exits on its own errors
        code = int(exit.code or 0)
    assert code == status


@pytest.mark.parametrize("rubric", sorted(EXAMPLE.parent.glob("*/*.perf")), ids=lambda p: p.parent.name)
def test_fmt_is_idempotent_on_examples(rubric: Path, tmp_path: Path) -> None:
    """The examples are already canonical, and formatting a formatted file changes nothing."""
    assert main(["fmt", "--check", str(rubric)]) == 0
    for lang in ("zh", "en"):
        copy = tmp_path / f"{lang}.perf"
        copy.write_text(rubric.read_text("utf-8"), "utf-8")
        main(["fmt", "--lang", lang, str(copy)])
        once = copy.read_text("utf-8")
        assert main(["fmt", "--lang", lang, "--check", str(copy)]) == 0
        assert copy.read_text("utf-8") == once


def test_template_lists_every_code_and_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import tomllib

    out = tmp_path / "reported.toml"
    assert main(["template", RUBRIC, "-o", str(out)]) == 0
    document = tomllib.loads(out.read_text("utf-8"))
    assert {"A", "A1", "A11", "B22", "D22"} <= set(document)
    assert set(document["B22"]) == {"weight", "target", "actual", "score", "rate", "where"}
    assert set(document["B2"]) == {"weight", "score", "rate", "where"}
    assert main(["template", RUBRIC, "-o", str(out)]) == 2  # never overwrites figures filled in
    assert "exists" in capsys.readouterr().err


def test_audit_exit_status_and_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reported = tmp_path / "reported.toml"
    reported.write_text('total = "78.04"\ngrade = "中"\n[B22]\nactual = "19.84%"\nscore = "0"\nwhere = "附件1"\n', "utf-8")
    assert main(["audit", RUBRIC, DATA, str(reported)]) == 1  # a rubric in Chinese keywords: findings in Chinese
    out = capsys.readouterr().out
    assert "B22 结转结余率\n  错误    score：按公布的业绩值 19.84%，规则给 1.35 分，不是 0\n" in out
    assert "          公布值 0（附件1） · 应为 1.35 · 相差 -1.35\n" in out
    assert out.rstrip().endswith("按数据重算：总分 80.85（良）")
    assert main(["audit", "--lang", "en", RUBRIC, DATA, str(reported)]) == 1
    out = capsys.readouterr().out
    assert "B22 结转结余率\n  error   score: the rule gives 1.35 for the published actual 19.84%, not 0\n" in out
    assert "          published 0 (附件1) · expected 1.35 · difference -1.35\n" in out
    assert out.rstrip().endswith("recomputed from the data: total 80.85（良）")
    assert main(["audit", RUBRIC, DATA, str(reported), "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["recomputed"] == {"total": "80.85", "grade": "良"}
    assert (document["findings"][0]["code"], document["findings"][0]["key"]) == ("B22", "finding.score-rule")
    assert main(["audit", RUBRIC, DATA, str(reported), "--format", "md"]) == 1
    assert "| error | B22 | 结转结余率 | score | 0 | 1.35 | -1.35 | 附件1 | 按公布的业绩值 19.84%，规则给 1.35 分，不是 0 |" in \
        capsys.readouterr().out  # the severity and kind cells keep their codes, to filter on
    assert main(["audit", RUBRIC, DATA, str(reported), "--target-ratio", "x"]) == 2


def test_audit_xlsx(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    reported = tmp_path / "reported.csv"
    reported.write_text("code,得分\nB22,0\n合计,78.04\n", "utf-8")
    out = tmp_path / "audit.xlsx"
    assert main(["audit", RUBRIC, DATA, str(reported), "--format", "xlsx", "-o", str(out)]) == 1
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("严重程度", "编码", "名称", "类别")
    assert ("error", "B22", "结转结余率", "score", "0", "1.35", "-1.35") == rows[1][:7]


def test_data_problems_name_the_file_the_indicator_and_the_input(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    bad = tmp_path / "bad.toml"
    bad.write_text(Path(DATA).read_text("utf-8").replace('"年初预算" = 6000.02', '"年初预算" = "abc"'), "utf-8")
    assert main(["score", "--lang", "en", RUBRIC, str(bad)]) == 1
    assert capsys.readouterr().err == (f"error: {bad}: 1 problem(s) in evaluation data\n"
                                       "  - B12 / 年初预算: 'abc' is not a number\n")  # fmt: skip
    assert main(["score", RUBRIC, str(bad)]) == 1
    assert capsys.readouterr().err == f"错误：{bad}：评价数据中有 1 个问题\n  - B12 / 年初预算: 'abc' 不是数字\n"


def test_csv_template_fills_in_and_audits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The CSV template opens in Excel; filled in, it is read back like the TOML one."""
    sheet = tmp_path / "reported.csv"
    assert main(["template", RUBRIC, "-o", str(sheet)]) == 0
    rows = sheet.read_text("utf-8").splitlines()
    assert rows[0] == "code,name,weight,target,actual,score,rate,grade,where"
    assert rows[-1] == "合计,,,,,,,,"
    filled = [row.replace("B22,结转结余率,,,,,", "B22,结转结余率,3,≤9%,19.84%,0,") if row.startswith("B22,") else row
              for row in rows[:-1]] + ["合计,,,,,78.04,78.04%,中,表3-1"]  # fmt: skip
    sheet.write_text("\n".join(filled) + "\n", "utf-8")
    assert main(["audit", RUBRIC, DATA, str(sheet), "--format", "json"]) == 1
    found = {(f["code"], f["kind"]): f["expected"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert found[("B22", "score")] == "1.35"
    assert found[("total", "grade")] == "良"

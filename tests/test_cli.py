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
    assert "3 *" in out  # the B12 override is marked


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
    assert main(["explain", RUBRIC, DATA, "Z9"]) == 2
    assert "unknown code(s): Z9" in capsys.readouterr().err


def test_check_clean_and_broken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", RUBRIC]) == 0
    assert capsys.readouterr().out.strip().endswith(": ok")
    broken = tmp_path / "broken.perf"
    broken.write_text("指标 A1 名称 {\n 达标\n}\n", "utf-8")
    assert main(["check", str(broken)]) == 1
    assert f"{broken}:1:10: error: unexpected '{{'; expected a number" in capsys.readouterr().out


def test_data_problems_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d.json"
    data.write_text("{}", "utf-8")
    assert main(["score", RUBRIC, str(data)]) == 1
    assert "problem(s) in evaluation data" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("perfscore") is None, reason="console script not installed")
def test_installed_console_script() -> None:
    run = subprocess.run(["perfscore", "--version"], capture_output=True, text=True)
    assert run.returncode == 0
    assert run.stdout.startswith("perfscore ")


GOLDEN = Path(__file__).resolve().parent / "golden" / "check"


@pytest.mark.parametrize("rubric", sorted(GOLDEN.glob("*.perf")), ids=lambda p: p.stem)
def test_check_diagnostics_golden(rubric: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """One broken rubric per check: the exact diagnostics, with file:line:col, caret and hint."""
    monkeypatch.chdir(GOLDEN.parents[2])
    relative = rubric.relative_to(GOLDEN.parents[2])
    assert main(["check", str(relative)]) == 1
    assert capsys.readouterr().out == rubric.with_suffix(".txt").read_text("utf-8")


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
    assert capsys.readouterr().out == f"{messy}: would be reformatted\n"
    assert main(["fmt", str(messy)]) == 0
    assert messy.read_text("utf-8") == "总分 3\n保留 2 位 四舍五入\n\n指标 A1 甲 3 {\n  达标\n}\n\n# 注释\n"


def test_test_command_runs_the_examples_cases(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", RUBRIC, str(EXAMPLE.parent / "liuyang-2021" / "rubric.perf")]) == 0
    assert capsys.readouterr().out.endswith("9 passed, 0 failed\n")


def test_test_command_shows_expected_computed_and_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rubric = tmp_path / "r.perf"
    rubric.write_text("总分 3\n指标 A1 甲 3 {\n  目标 100%\n  按比例\n}\n", "utf-8")
    (tmp_path / "r.tests.toml").write_text('[[case]]\nname = "一半"\ndata = { A1 = "50%" }\nexpect = { A1 = "1.6" }\n', "utf-8")
    assert main(["test", str(rubric)]) == 1
    out = capsys.readouterr().out
    assert f"FAIL {rubric} · 一半 · A1: expected 1.6, computed 1.50" in out
    assert "得分 = 3 × min(50% ÷ 100%, 1) = 1.5" in out
    assert out.endswith("0 passed, 1 failed\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["score", "missing.perf", DATA], "missing.perf: no such file"),
        (["score", RUBRIC, "data.csv"], "data.csv: a data file must end in .toml or .json"),
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

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

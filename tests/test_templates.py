"""Template rubrics (perfscore new --template NAME): each checks, passes its cases, renders; published figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import perfscore
from perfscore.cli import main

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["mof-project", "zhengzhou-2021", "jiangmen-2021", "liuyang-2021", "shuozhou-2020", "shijiazhuang-2024"]


def new(tmp_path: Path, name: str) -> Path:
    rubric = tmp_path / name / "rubric.perf"
    rubric.parent.mkdir()
    assert main(["new", "--template", name, "-o", str(rubric)]) == 0
    return rubric


def test_list_names_every_template(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--list"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines() if not line.startswith(" ")]
    assert listed == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_template_checks_passes_its_cases_and_renders(tmp_path: Path, name: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    rubric = new(tmp_path, name)
    assert perfscore.load(rubric).warnings == ()
    assert main(["check", str(rubric)]) == 0
    assert main(["test", str(rubric)]) == 0
    assert "，0 个未通过" in capsys.readouterr().out
    data = rubric.parent / "data.toml"
    assert main(["render", str(rubric), "--data", str(data), "--to", "md", "-o", str(tmp_path / "t.md")]) == 0
    assert "合计" in (tmp_path / "t.md").read_text(encoding="utf-8")
    assert main(["fmt", "--check", str(rubric)]) == 0  # shipped in canonical form


# Totals computed by hand in each template's rubric.tests.toml header.
TOTALS = {"mof-project": ("92.61", "优"), "zhengzhou-2021": ("93.98", "优"), "jiangmen-2021": ("88.91", "良"),
          "liuyang-2021": ("100", None), "shuozhou-2020": ("80.85", "良"), "shijiazhuang-2024": ("80.85", "良好")}  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_template_data_scores_the_hand_computed_total(tmp_path: Path, name: str) -> None:
    rubric = new(tmp_path, name)
    result = perfscore.load(rubric).evaluate(rubric.parent / "data.toml")
    total, grade = TOTALS[name]
    assert (result.total, result.grade) == (Decimal(total), grade)


def grade_findings(tmp_path: Path, name: str) -> list[str]:
    """What the audit says about the published grade against the published total (not against the data)."""
    rubric = new(tmp_path, name)
    report = perfscore.audit(perfscore.load(rubric), rubric.parent / "data.toml", rubric.parent / "reported.toml")
    return [f.reason for f in report if f.key == "finding.grade-bands"]


def test_zhengzhou_published_97_is_graded_you(tmp_path: Path) -> None:
    assert grade_findings(tmp_path, "zhengzhou-2021") == []  # seed 000: 97 → 优, as published


def test_shijiazhuang_published_88_92_is_youxiu_not_you(tmp_path: Path) -> None:
    # seed 001: its own bands grade 88.92 优秀 (≥ 85); the report then calls it 优
    assert grade_findings(tmp_path, "shijiazhuang-2024") == ["按评分办法的等级划分，总分 88.92 应评为 优秀，不是 优"]


def test_shuozhou_published_grade_follows_its_published_total(tmp_path: Path) -> None:
    assert grade_findings(tmp_path, "shuozhou-2020") == []  # 78.04 → 中, as published


@pytest.mark.parametrize("name", ["liuyang-2021", "shuozhou-2020"])
def test_whole_table_templates_are_the_examples(tmp_path: Path, name: str) -> None:
    """Seeds 003 and 004 publish their whole table: the template is the example, file for file."""
    rubric = new(tmp_path, name)
    for file in ("rubric.perf", "data.toml", "rubric.tests.toml", "reported.toml"):
        assert (rubric.parent / file).read_text(encoding="utf-8") == \
            (ROOT / "examples" / name / file).read_text(encoding="utf-8"), file  # fmt: skip


def test_the_rubric_name_names_the_cases_file(tmp_path: Path) -> None:
    rubric = tmp_path / "项目.perf"
    assert main(["new", "--template", "mof-project", "-o", str(rubric)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.toml", "项目.perf", "项目.tests.toml"]
    assert main(["test", str(rubric)]) == 0


def test_existing_files_are_kept_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rubric = tmp_path / "rubric.perf"
    (tmp_path / "data.toml").write_text("# mine\n", encoding="utf-8")
    assert main(["new", "--template", "mof-project", "-o", str(rubric)]) == 2
    assert "data.toml exists; add --force to overwrite" in capsys.readouterr().err
    assert not rubric.exists() and (tmp_path / "data.toml").read_text(encoding="utf-8") == "# mine\n"
    assert main(["new", "--template", "mof-project", "-o", str(rubric), "--force"]) == 0
    assert "执行数" in (tmp_path / "data.toml").read_text(encoding="utf-8")


def test_unknown_template_gets_did_you_mean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--template", "zhengzhou", "-o", str(tmp_path / "r.perf")]) == 2
    assert "did you mean zhengzhou-2021?" in capsys.readouterr().err
    assert main(["new", "-o", str(tmp_path / "r.perf")]) == 2
    assert main(["new", "--template", "mof-project", "-o", str(tmp_path / "r.txt")]) == 2

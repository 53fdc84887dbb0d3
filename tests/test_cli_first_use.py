"""What a first user hit (a new-user run from the README): the ranked table, an empty table of units, a bare
Chinese TOML key, a template written again."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfscore.cli import main
from tests.test_population import HEADER, RUBRIC

# Totals by hand (tests/test_population_output.py): 甲 17 (县区), 乙 15 (市直), 丙 18 (县区), 丁 13 (市直)
ROWS = ["甲项目,县区,100,95,是,是,否", "乙项目,市直,200,200,否,是,是", "丙项目,县区,100,80,是,是,是",
        "丁项目,市直,50,40,是,否,否"]  # fmt: skip


@pytest.fixture
def rubric_file(tmp_path: Path) -> Path:
    path = tmp_path / "r.perf"
    path.write_text(RUBRIC, "utf-8")
    return path


def _width(text: str) -> int:
    return sum(2 if "\u4e00" <= c <= "\u9fff" else 1 for c in text)


def test_the_ranked_table_aligns_chinese_and_shows_the_category(rubric_file: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    units = tmp_path / "u.csv"
    units.write_text("\n".join([HEADER, *ROWS]) + "\n", "utf-8")
    header = HEADER.split(",")
    assert main(["score", str(rubric_file), str(units), "--by", header[1]]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["排名", "总排名", header[1], "单位", "总分", "等级"]
    body = [line.split() for line in lines[1:5]]
    # each category together, ranked within it: 丙 18 before 甲 17 in 县区, 乙 15 before 丁 13 in 市直; 总排名
    # among all four
    assert [tuple(row[:5]) for row in body] == [
        ("1", "1", "县区", "丙项目", "18.00"), ("2", "2", "县区", "甲项目", "17.00"),
        ("1", "3", "市直", "乙项目", "15.00"), ("2", "4", "市直", "丁项目", "13.00")]  # fmt: skip
    # 总分 ends in the same terminal column on every line (CJK characters are two columns wide)
    ends = {_width(line[: line.index(total) + len(total)]) for line, total in zip(lines[:5], ["总分"] + [r[4] for r in body])}
    assert len(ends) == 1


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_table_with_no_units_says_so(rubric_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       suffix: str) -> None:  # fmt: skip
    units = tmp_path / "u.csv"
    units.write_text(HEADER + "\n", "utf-8")
    for argv in (["score", str(rubric_file), str(units)], ["score", str(rubric_file), str(units), "-o",
                                                          str(tmp_path / f"out{suffix}")]):  # fmt: skip
        assert main(argv) == 1  # nothing scored: a script sees it (it was 0)
        assert f"{units}：数据表：没有单位：表中只有列标题，下面没有行" in capsys.readouterr().err  # the rubric's language
    assert main(["score", "--lang", "en", str(rubric_file), str(units)]) == 1
    assert f"{units}: table: no units: the table has its header but no row below it" in capsys.readouterr().err


def test_a_bare_chinese_toml_key_gets_its_quotes(rubric_file: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    data = tmp_path / "d.toml"
    data.write_text("执行数 = 95\n", "utf-8")
    assert main(["score", str(rubric_file), str(data)]) == 1
    assert 'TOML 中的中文名称要加引号："执行数" = …' in capsys.readouterr().err


def test_a_template_is_written_again_only_with_force(rubric_file: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    out = tmp_path / "t.csv"
    assert main(["template", str(rubric_file), "--data", "-o", str(out)]) == 0
    out.write_text("filled in", "utf-8")
    assert main(["template", str(rubric_file), "--data", "-o", str(out)]) == 2
    assert "add --force to overwrite it" in capsys.readouterr().err
    assert out.read_text("utf-8") == "filled in"
    assert main(["template", str(rubric_file), "--data", "-o", str(out), "--force"]) == 0
    assert out.read_text("utf-8-sig").startswith("单位名称")


def test_score_takes_the_charts_font(rubric_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The font the charts' own message asks for can be given to score --charts too, not only to chart."""
    pytest.importorskip("matplotlib")
    units = tmp_path / "u.csv"
    units.write_text("\n".join([HEADER, *ROWS]) + "\n", "utf-8")
    missing = tmp_path / "无此字体.ttf"
    assert main(["score", str(rubric_file), str(units), "--charts", str(tmp_path / "图"), "--font", str(missing)]) == 1
    assert capsys.readouterr().err == f"错误：font= {missing}：没有这个字体文件\n"
    assert not (tmp_path / "图").exists()  # refused before scoring, nothing drawn


def test_a_missing_input_comes_with_the_key_that_was_probably_meant(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    rubric = tmp_path / "r.perf"
    rubric.write_text("总分 10\n输入 执行数 金额\n输入 预算数 金额 > 0\n指标 B1 预算执行率 10 {\n  目标 100%\n"
                      "  实际 = 执行数 / 预算数\n  按比例\n}\n", "utf-8")  # fmt: skip
    data = tmp_path / "d.toml"
    data.write_text('"执行额" = 95\n"预算数" = 100\n', "utf-8")
    assert main(["score", str(rubric), str(data)]) == 1
    err = capsys.readouterr().err
    assert "  - B1 / 执行数: 缺少数据，应为金额\n" in err
    assert "  - 未知的输入 '执行额'，不予采用；是不是要写 '执行数'？\n" in err


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_check_takes_a_folder_and_a_glob_of_everything(capsys: pytest.CaptureFixture[str]) -> None:
    """`perfscore check examples` and `examples/*/*` check the rubrics there; a README among them is skipped
    with a note, not a reason to check nothing."""
    rubrics = sorted(str(p) for p in EXAMPLES.rglob("*.perf"))
    assert main(["check", str(EXAMPLES)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{p}：检查通过" for p in rubrics]  # each in its own language
    everything = sorted(str(p) for p in EXAMPLES.glob("*/*"))
    assert main(["check", "--lang", "en", *everything]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [f"{p}: ok" for p in rubrics]
    assert f"{EXAMPLES / 'shuozhou-2020' / 'README.md'}: not a .perf rubric, skipped" in captured.err.splitlines()


def test_a_file_named_alone_is_still_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("x", "utf-8")
    assert main(["check", str(readme)]) == 2
    assert "a rubric file must end in .perf" in capsys.readouterr().err
    assert main(["check", str(tmp_path)]) == 2
    assert f"{tmp_path}: no .perf rubric in this folder" in capsys.readouterr().err


def test_test_takes_a_folder_and_skips_a_rubric_without_cases(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """`perfscore test examples`: city-projects-2024 has no rubric.tests.toml and is skipped with a note; the
    others' cases run (9 of them when this was written). Named alone, a rubric without cases is refused."""
    assert main(["test", "--lang", "en", str(EXAMPLES)]) == 0
    captured = capsys.readouterr()
    city = EXAMPLES / "city-projects-2024" / "rubric.perf"
    assert f"skipped {city}: no test cases ({city.with_suffix('.tests.toml')} does not exist)" in captured.err
    passed = int(captured.out.split()[-4])
    assert passed == sum(Path(p).read_text("utf-8").count("[[case]]") for p in EXAMPLES.rglob("*.tests.toml"))
    assert main(["test", str(city)]) == 2
    assert capsys.readouterr().err == f"perfscore：错误：{city}：没有测试用例（{city.with_suffix('.tests.toml')} 不存在）\n"

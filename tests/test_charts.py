"""Charts of a population: drawn with a Chinese font (missing glyphs would be warnings, hence errors), carrying the
hand-computed counts and rates, saved as PNG and SVG; without a font, a message saying how to get one."""

from __future__ import annotations

import importlib.resources
import pickle
from pathlib import Path
from typing import Any

import matplotlib
import pytest

import perfscore
from perfscore.cli import main
from perfscore.render import charts

matplotlib.use("Agg")

RUBRIC = """\
评价 "图表测试"
总分 100
保留 2 位 四舍五入

评价等级 {
  优 ≥ 90
  良 [80, 90)
  中 [60, 80)
  差 < 60
}

分组 A 产出指标 60 {
  指标 A1 完成率 60 {
    目标 100%
    按比例
  }
}

分组 B 效益指标 40 {
  指标 B1 满意度 40 {
    目标 ≥ 90%
    按比例
  }
}
"""
# A1 scores 60 × rate, B1 40 × min(rate / 90%, 1):
#   u1 60 + 40 = 100 优, u2 54 + 40 = 94 优, u3 48 + 40 = 88 良, u4 30 + 20 = 50 差, u5 42 + 32 = 74 中;
#   u6 is not a number: not scored. Mean 得分率: A (100 + 90 + 80 + 50 + 70) / 5 = 78%, B (100·3 + 50 + 80) / 5 = 86%.
UNITS = "id,A1,B1\nu1,100%,90%\nu2,90%,90%\nu3,80%,90%\nu4,50%,45%\nu5,70%,72%\nu6,abc,90%\n"
#: The test font: Noto Sans CJK (SIL OFL), shipped by a package of the test extra.
FONT = str(importlib.resources.files("manimgx_fonts_cjk") / "NotoSansCJK-VF.otf.ttc")


@pytest.fixture(autouse=True)
def font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERFSCORE_FONT", FONT)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    rubric, units = tmp_path / "rubric.perf", tmp_path / "units.csv"
    rubric.write_text(RUBRIC, encoding="utf-8")
    units.write_text(UNITS, encoding="utf-8")
    return rubric, units


@pytest.fixture
def population(files: tuple[Path, Path]) -> perfscore.Population:
    rubric, units = files
    return perfscore.load(rubric, language="en").evaluate_many(units)


def _texts(axes: Any) -> list[str]:
    return [t.get_text() for t in axes.texts]


def test_units_per_grade(population: perfscore.Population) -> None:
    """One bar per grade in the rubric's order, as high as the hand-counted units, labelled count（share）."""
    axes = population.chart("grades").axes[0]
    assert [t.get_text() for t in axes.get_xticklabels()] == ["优", "良", "中", "差"]
    assert [p.get_height() for p in axes.patches] == [2, 1, 1, 1]
    assert _texts(axes) == ["2（40.0%）", "1（20.0%）", "1（20.0%）", "1（20.0%）"]
    assert axes.get_title() == "各等级单位数（5 个单位）"


def test_totals_with_the_grade_bands(population: perfscore.Population) -> None:
    """The histogram holds the 5 scored totals; each band is shaded over its range with its count; the mean 81.20."""
    axes = population.chart("totals").axes[0]
    bars = [p for p in axes.patches if p.get_label() != "_band"]
    assert sum(p.get_height() for p in bars) == 5
    assert sorted(p.get_x() for p in bars if p.get_height()) == [50, 74, 88, 94, 98]  # 2-point bins from 40
    assert _texts(axes) == ["优\n2 个", "良\n1 个", "中\n1 个", "差\n1 个", "平均 81.20"]
    assert axes.get_xlim() == (40, 100)
    assert axes.get_title() == "总分分布（5 个单位）"
    # the band labels sit inside the frame (at 1.0 they touched it) and the mean line stops below them (it ran
    # through the label of the band it falls in: a new user's report)
    assert {t.get_position()[1] for t in axes.texts[:4]} == {0.98}
    (mean,) = axes.get_lines()
    assert mean.get_ydata()[1] == 0.85 < 0.98


def test_grade_bands_from_the_rubric(population: perfscore.Population) -> None:
    """≥ 90 and < 60 are cut to [0, 100]; the bracketed bands keep their open ends."""
    bands = [(label, str(b.lo), str(b.hi), b.lo_in, b.hi_in) for label, b in charts.grade_bands(population)]
    assert bands == [("优", "90", "100", True, True), ("良", "80", "90", True, False),
                     ("中", "60", "80", True, False), ("差", "0", "60", True, False)]  # fmt: skip


def test_mean_rate_per_group(population: perfscore.Population) -> None:
    axes = population.chart("groups").axes[0]
    assert [t.get_text() for t in axes.get_yticklabels()] == ["A 产出指标（60分）", "B 效益指标（40分）"]
    assert [round(p.get_width(), 6) for p in axes.patches] == [78.0, 86.0]
    assert _texts(axes) == ["78.0%", "86.0%"]
    assert {k: str(v) for k, v in charts.mean_rates(population).items()} == {"A": "0.78", "B": "0.86"}


def test_one_unit_against_the_average(population: perfscore.Population) -> None:
    axes = population.chart("unit", unit="u3").axes[0]
    assert [round(p.get_width(), 6) for p in axes.patches] == [80.0, 100.0, 78.0, 86.0]  # u3, then the mean
    assert axes.get_title() == "u3：总分 88.00，等级 良，排名 3/5"
    assert [t.get_text() for t in axes.get_legend().get_texts()] == ["本单位", "全体平均"]


def test_saved_as_png_and_svg(population: perfscore.Population, tmp_path: Path) -> None:
    """Saving draws every label: a glyph missing from the font would warn, and warnings are errors here."""
    charts.save(population.chart("grades"), tmp_path / "等级.png")
    charts.save(population.chart("unit", unit="u1"), tmp_path / "u1.svg")
    assert (tmp_path / "等级.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (tmp_path / "u1.svg").read_text(encoding="utf-8")
    assert svg.count("<path") > 20 and "<text" not in svg  # glyphs drawn as outlines: no font needed to view it
    again = pickle.loads(pickle.dumps(population.chart("grades")))  # matplotlib figures pickle; these too
    assert [p.get_height() for p in again.axes[0].patches] == [2, 1, 1, 1]
    with pytest.raises(perfscore.ArgumentError, match=r"x\.jpg: a chart is written as \.png, \.svg, \.pdf"):
        charts.save(population.chart("grades"), tmp_path / "x.jpg")


def test_no_font_says_how_to_get_one(population: perfscore.Population, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PERFSCORE_FONT")
    monkeypatch.setattr(charts, "_installed_cjk", lambda: None)
    with pytest.raises(charts.FontError) as caught:
        population.chart("grades")
    message = str(caught.value)
    assert message.startswith("the charts' labels are Chinese and no installed font has Chinese characters")
    assert "apt install fonts-noto-cjk" in message and "font='/path/to/" in message and "PERFSCORE_FONT" in message


def test_a_font_without_chinese_is_refused(population: perfscore.Population) -> None:
    dejavu = str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")
    with pytest.raises(charts.FontError, match="this font has no Chinese characters; Install one"):
        population.chart("grades", font=dejavu)
    with pytest.raises(charts.FontError, match="no installed font family of that name; did you mean 'DejaVu Sans'"):
        population.chart("grades", font="DejaVu Sanz")
    with pytest.raises(charts.FontError, match=r"font= /nowhere/x\.ttf: no such font file"):
        population.chart("grades", font="/nowhere/x.ttf")


def test_kinds_and_units_named(population: perfscore.Population) -> None:
    assert population.chart("等级").axes[0].get_title() == "各等级单位数（5 个单位）"
    with pytest.raises(perfscore.ArgumentError, match="no chart 'grade': the charts are totals, grades, groups, unit; "
                       "did you mean 'grades'"):  # fmt: skip
        population.chart("grade")
    with pytest.raises(perfscore.ArgumentError, match="name it"):
        population.chart("unit")
    with pytest.raises(perfscore.ArgumentError, match="the unit u6 was not scored"):
        population.chart("unit", unit="u6")


def test_the_chart_command(files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """perfscore chart draws from the scored rows and reports the bad one (exit 1); score --charts writes three."""
    rubric, units = files
    assert main(["chart", "--lang", "en", str(rubric), str(units), "--kind", "unit", "--unit", "u2", "-o", str(tmp_path / "u2.svg")]) == 1
    assert (tmp_path / "u2.svg").read_text(encoding="utf-8").startswith("<?xml")
    err = capsys.readouterr().err
    assert "row 7, unit u6, column A1: 'abc' is not a number" in err and "wrote " in err
    assert main(["score", "--lang", "en", str(rubric), str(units), "--charts", str(tmp_path / "图")]) == 1
    assert sorted(p.name for p in (tmp_path / "图").iterdir()) == ["一级指标.png", "总分分布.png", "等级.png"]
    capsys.readouterr()
    assert main(["chart", "--lang", "en", str(rubric), str(units), "--kind", "unit", "-o", str(tmp_path / "x.png")]) == 2
    assert "--kind unit needs --unit UNIT" in capsys.readouterr().err
    assert main(["score", "--lang", "en", str(rubric), str(units), "-o", str(tmp_path / "x.csv"), "--charts", str(tmp_path)]) == 2


def test_the_chart_command_without_a_font(files: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    monkeypatch.delenv("PERFSCORE_FONT")
    monkeypatch.setattr(charts, "_installed_cjk", lambda: None)
    rubric, units = files
    assert main(["chart", "--lang", "en", str(rubric), str(units), "-o", str(tmp_path / "x.png")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: the charts' labels are Chinese") and "unit u6" not in err  # refused before scoring
    assert not (tmp_path / "x.png").exists()


def test_a_font_installed_after_matplotlib_listed_its_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """matplotlib caches its list of fonts: a font installed later (apt install fonts-noto-cjk) is found in the
    common places and registered; of a collection, the simplified-Chinese face."""
    installed = tmp_path / "NotoSansCJK-Regular.ttc"
    installed.symlink_to(FONT)
    monkeypatch.delenv("PERFSCORE_FONT")
    monkeypatch.setattr(charts, "_known_family", lambda: None)
    monkeypatch.setattr(charts, "FONT_FILES", (str(installed),))
    assert charts.find_font() == "Noto Sans CJK SC"


def test_without_matplotlib_the_extra_is_named(population: perfscore.Population, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(__import__("sys").modules, "matplotlib", None)  # import matplotlib raises ImportError
    with pytest.raises(perfscore.PerfscoreError, match=r"charts need matplotlib: pip install 'perfscore\[charts\]'"):
        population.chart("grades")

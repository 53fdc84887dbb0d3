"""The 打分表 as a PDF (issue 13, item 4): A4 landscape, the Chinese text there, the page not blank."""

from __future__ import annotations

from pathlib import Path

import pytest

import perfscore
from perfscore import PerfscoreError
from perfscore.cli import main
from perfscore.render import score_table, score_table_for_rubric, write_pdf

pytest.importorskip("reportlab")
pdfium = pytest.importorskip("pypdfium2")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "shuozhou-2020"
RUBRIC, DATA = str(EXAMPLE / "rubric.perf"), str(EXAMPLE / "data.toml")


def _text(path: Path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    return [page.get_textpage().get_text_range() for page in document]


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "打分表.pdf"
    write_pdf(perfscore.load(RUBRIC).evaluate(DATA), path)
    return path


def test_a4_landscape_with_every_row_and_the_signatures(scored: Path) -> None:
    document = pdfium.PdfDocument(str(scored))
    width, height = document[0].get_size()
    assert (round(width), round(height)) == (842, 595)  # A4 landscape in points: 297 × 210 mm
    pages = [page.replace("\r", "").replace("\n", "") for page in _text(scored)]
    assert len(pages) > 1 and all(page.startswith(f"第 {n} 页") for n, page in enumerate(pages, 1))
    text = "".join(pages)
    assert text.startswith("第 1 页朔州市卫生健康委员会2020年部门整体支出绩效评价")
    assert "一级指标二级指标三级指标权重" in text.replace(" ", "")
    for code in ("A11", "B24", "C22", "D22"):  # the first, a middle and the last rows, each once
        assert text.count(f"{code} ") == 1
    assert "A 履职效能（30分，得分26.52）" in text  # the group subtotal: 3 + 10.99 + 6.53 + 6
    assert "86.45%" in text and "2.59" in text and "86.33%" in text  # B24's 业绩值, 得分, 得分率
    assert "总分 80.85 分，评价等级：良" in text
    assert "评价人（签字）" in text and "复核人（签字）" in text


def test_the_first_page_is_drawn(scored: Path) -> None:
    image = pdfium.PdfDocument(str(scored))[0].render(scale=1).to_pil().convert("L")
    dark = sum(image.histogram()[:128])  # rules, digits and (where the viewer has the font) characters
    assert dark > 0.01 * image.width * image.height


def test_markup_in_the_rubric_stays_literal(tmp_path: Path) -> None:
    source = ('总分 10\n指标 A1 "<b>加粗</b> & <font size=40>大</font>" 10 {\n  评分标准 "见<br/>附件"\n'
              "  定性 {\n    好：100%\n    差：0%\n  }\n}\n")
    path = tmp_path / "t.pdf"
    write_pdf(score_table_for_rubric(perfscore.compile(source)), path)
    text = "".join(_text(path)).replace("\r\n", "")  # wrapped lines joined
    assert "<b>加粗</b> & <font size=40>大</font>" in text and "见<br/>附件" in text


def test_a_font_file_that_is_no_font_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "fake.ttf"
    bad.write_bytes(b"not a font")
    table = score_table(perfscore.load(RUBRIC).evaluate(DATA))
    with pytest.raises(PerfscoreError, match=r"fake\.ttf: cannot embed this font .*TrueType \.ttf or \.ttc"):
        write_pdf(table, tmp_path / "t.pdf", font=bad)
    assert not (tmp_path / "t.pdf").exists()


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "打分表.pdf"
    assert main(["render", RUBRIC, "--data", DATA, "--to", "pdf", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert main(["score", RUBRIC, DATA, "-o", str(tmp_path / "s.pdf")]) == 0  # the format from the suffix
    assert "B24 " in "".join(_text(tmp_path / "s.pdf"))
    capsys.readouterr()
    assert main(["render", RUBRIC, "--to", "pdf"]) == 2
    assert capsys.readouterr().err == "perfscore: error: a .pdf table needs a file: add -o FILE.pdf\n"
    assert main(["render", RUBRIC, "--to", "pdf", "-o", str(tmp_path / "t.txt")]) == 2
    assert "a PDF must be written to a file ending in .pdf" in capsys.readouterr().err


def test_a_font_without_chinese_is_refused(tmp_path: Path) -> None:
    """reportlab's own Vera.ttf embeds fine but has no Chinese: every character would print as a box."""
    import reportlab

    vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    table = score_table(perfscore.load(RUBRIC).evaluate(DATA))
    with pytest.raises(PerfscoreError, match=r"Vera\.ttf: this font has no Chinese characters, so the table would "
                                             r"print empty boxes"):  # fmt: skip
        write_pdf(table, tmp_path / "t.pdf", font=vera)
    assert not (tmp_path / "t.pdf").exists()


def test_without_a_font_to_embed_the_command_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    import perfscore.render.pdf as pdf

    monkeypatch.setattr(pdf, "_INSTALLED", ())
    monkeypatch.delenv("PERFSCORE_FONT", raising=False)
    assert pdf.installed_font() is None
    assert main(["render", RUBRIC, "--data", DATA, "--to", "pdf", "-o", str(tmp_path / "t.pdf")]) == 0
    err = capsys.readouterr().err
    assert err.startswith("提示：本机没有可嵌入的中文 TrueType 字体，PDF 只写明字体 STSong-Light")
    assert "B24 " in "".join(_text(tmp_path / "t.pdf"))  # still written, for viewers that supply the font

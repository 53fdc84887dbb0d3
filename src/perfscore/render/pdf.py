"""The 打分表 as a PDF to print and sign: A4 landscape, Chinese text, a signature line.

Written with reportlab (``perfscore[pdf]``), pip alone: its built-in CID font STSong-Light needs no
font file — the PDF names the font and the viewer supplies the glyphs (Acrobat, WPS, Chrome, Edge,
macOS Preview do; a bare Linux without CJK fonts shows blanks). ``font=`` embeds a TrueType font file
instead (SimSun ``simsun.ttc``, WenQuanYi ``wqy-zenhei.ttc``), so the file prints the same anywhere;
without it, a TrueType Chinese font found installed (``PERFSCORE_FONT``, then the usual places) is
embedded, and only where none is found is STSong-Light named (``installed_font()`` says which).
A font without Chinese characters is refused: it would print empty boxes.
Every text goes in as a
``Paragraph`` escaped first, so ``<b>`` or ``&`` in an indicator's name stays literal.

Group cells are not merged: a merged cell taller than a page cannot split across pages, and a
department table easily is. The group's name is printed on its first row and a rule drawn above it,
so the printed page reads like the merged Excel table.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from ..errors import FontError, MissingExtraError
from ..messages import msg
from ..files import saved
from .table import HEADERS, Table, score_table

if TYPE_CHECKING:
    from ..result import Result

FONT = "STSong-Light"
#: TrueType Chinese fonts where systems install them (reportlab embeds TrueType outlines, not CFF .otf).
_INSTALLED = (
    "C:/Windows/Fonts/simsun.ttc", "C:/Windows/Fonts/simhei.ttf", "C:/Windows/Fonts/msyh.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc", "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", "/System/Library/Fonts/Supplemental/Songti.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
)  # fmt: skip
#: Characters every 打分表 prints: a font without them is no Chinese font.
_PROBE = "指标权重得分评价"
#: Column widths in millimetres, summing to the A4 landscape width inside 10 mm margins (277 mm).
_WIDTHS_MM = (24, 26, 30, 12, 45, 18, 68, 22, 14, 18)
_NUMERIC = {3, 8, 9}  # 权重, 得分, 得分率
_SIGNATURES = "评价人（签字）：____________　　复核人（签字）：____________　　日期：______年____月____日"


def _reportlab(font: str | os.PathLike[str] | None) -> tuple[Any, str]:
    """The reportlab modules, and the name of the font registered for ``font`` (None: STSong-Light)."""
    try:  # imported by name: reportlab is optional and ships no type information
        modules = {name: importlib.import_module(f"reportlab.{name}") for name in
                   ("lib.colors", "lib.pagesizes", "lib.styles", "lib.units", "pdfbase.pdfmetrics",
                    "pdfbase.cidfonts", "platypus")}  # fmt: skip
    except ImportError:
        raise MissingExtraError(msg("extra.pdf")) from None
    metrics = modules["pdfbase.pdfmetrics"]
    name = FONT if font is None else "perfscore-" + hashlib.sha1(os.fsencode(os.path.realpath(font))).hexdigest()[:12]
    if name in metrics.getRegisteredFontNames():
        return modules, name
    if font is None:
        metrics.registerFont(modules["pdfbase.cidfonts"].UnicodeCIDFont(FONT))
        return modules, name
    metrics.registerFont(_truetype(name, font))
    return modules, name


def _truetype(name: str, font: str | os.PathLike[str]) -> Any:
    """The TrueType font ``font`` loaded under ``name``, refused unless it can be embedded and has Chinese."""
    ttfonts = importlib.import_module("reportlab.pdfbase.ttfonts")
    try:  # the first face of a collection (.ttc): SimSun's is 宋体
        loaded = ttfonts.TTFont(name, os.fspath(font), subfontIndex=0)
    except Exception as exc:  # reportlab parses a binary file of the caller's: any failure is a bad font
        raise FontError(msg("font.pdf-embed", font=os.fspath(font), error=str(exc))) from None
    glyphs = getattr(loaded.face, "charToGlyph", {})
    if not all(ord(c) in glyphs for c in _PROBE):
        raise FontError(msg("font.pdf-no-chinese", font=os.fspath(font)))
    return loaded


def installed_font() -> str | None:
    """The TrueType Chinese font a PDF embeds when none is given: ``PERFSCORE_FONT``, else the first of the
    usual places that loads; None when there is none (the PDF then names STSong-Light for the viewer)."""
    try:
        importlib.import_module("reportlab.pdfbase.ttfonts")
    except ImportError:  # write_pdf says what to install
        return None
    given = os.environ.get("PERFSCORE_FONT")
    for path in ((given,) if given else ()) + _INSTALLED:
        if os.path.isfile(path):
            try:
                _truetype("perfscore-probe", path)
            except FontError:
                continue
            return path
    return None


def write_pdf(table: Table | Result, path: str | os.PathLike[str], *,
              font: str | os.PathLike[str] | None = None) -> None:  # fmt: skip
    """Write the 打分表 to ``path`` (a Result is turned into its table first); ``font``: a TrueType file
    to embed (default: :func:`installed_font`, else STSong-Light is named for the viewer to supply)."""
    rl, face = _reportlab(font if font is not None else installed_font())
    colors, platypus, mm = rl["lib.colors"], rl["platypus"], rl["lib.units"].mm
    if not isinstance(table, Table):
        table = score_table(table)
    sample = rl["lib.styles"].ParagraphStyle
    body = sample("cell", fontName=face, fontSize=7.5, leading=9.5, wordWrap="CJK")
    centred = sample("centred", parent=body, alignment=1)
    right = sample("right", parent=body, alignment=2)
    title = sample("title", fontName=face, fontSize=14, leading=18, alignment=1, spaceAfter=4 * mm)
    line = sample("line", fontName=face, fontSize=10, leading=14, spaceBefore=3 * mm)

    def cell(text: str, column: int) -> Any:
        style = right if column in _NUMERIC else centred if column in (0, 1, 2, 5, 7) else body
        return platypus.Paragraph(escape(text), style)

    header = [platypus.Paragraph(escape(h), centred) for h in HEADERS]  # a CID font has no bold face
    rows: list[list[Any]] = [header]
    style: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), face), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
        ("BOX", (0, 0), (-1, -1), 0.6, colors.black), ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("LINEAFTER", (0, 0), (-1, -1), 0.4, colors.black),
        ("LINEBELOW", (2, 1), (-1, -1), 0.4, colors.black),  # leaf columns: every row ruled
    ]  # fmt: skip
    for n, row in enumerate(table.rows, start=1):
        texts = list(row.cells(table.places))
        texts[0] = texts[0] if row.span1 else ""  # the group's name on its first row only
        texts[1] = texts[1] if row.span2 else ""
        rows.append([cell(text, k) for k, text in enumerate(texts)])
        for column, span in ((0, row.span1), (1, row.span2)):
            if span:  # a group starts here: rule above its cell (and the level-2 cell under it)
                style.append(("LINEABOVE", (column, n), (1, n), 0.4, colors.black))
    totals = list(table.totals())
    rows.append([cell(text, k) for k, text in enumerate(totals)])
    last = len(rows) - 1
    style += [("SPAN", (0, last), (2, last)), ("LINEABOVE", (0, last), (-1, last), 0.6, colors.black)]

    grid = platypus.Table(rows, colWidths=[w * mm for w in _WIDTHS_MM], repeatRows=1)
    grid.setStyle(platypus.TableStyle(style))
    story = [platypus.Paragraph(escape(table.title or "绩效评价打分表"), title), grid]
    if table.total_score is not None:
        grade = f"，评价等级：{table.grade}" if table.grade is not None else ""
        story.append(platypus.Paragraph(escape(f"总分 {totals[8]} 分{grade}"), line))
    story.append(platypus.Paragraph(escape(_SIGNATURES), line))
    page = rl["lib.pagesizes"]

    def build(target: str) -> None:  # written complete or not at all (files.saved)
        document = platypus.SimpleDocTemplate(
            target, pagesize=page.landscape(page.A4), leftMargin=10 * mm, rightMargin=10 * mm,
            topMargin=12 * mm, bottomMargin=12 * mm, title=table.title or "绩效评价打分表", creator="perfscore",
        )  # fmt: skip

        def number(canvas: Any, doc: Any) -> None:  # 第 N 页 under every page: a loose page finds its place
            canvas.setFont(face, 8)
            canvas.drawCentredString(doc.pagesize[0] / 2, 6 * mm, f"第 {doc.page} 页")

        document.build(story, onFirstPage=number, onLaterPages=number)

    saved(path, build)

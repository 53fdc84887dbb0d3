"""The 打分表 as an Excel workbook laid out like the printed table (A4 landscape, merged group cells).

Numbers go in as ``Decimal`` rounded to what the cell shows (得分 to the rubric's
places, 得分率 to 4 places = 2 places of a percent). openpyxl writes a Decimal
as its digits, so the file holds the exact shown value and never a float's
binary tail; Excel reads it as a number, so sums and formats work. Every text
goes in through ``escape.xlsx_put``: a text cell, never a formula.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..errors import MissingExtraError
from ..messages import msg
from ..numbers import round_to
from ..files import saved
from .escape import xlsx_put, xlsx_text
from .table import HEADERS, Table, score_table

if TYPE_CHECKING:
    from ..result import Result

#: Column widths in characters, as the official tables roughly use them.
_WIDTHS = (14, 14, 18, 7, 30, 10, 42, 12, 8, 9)
_TITLE_ROW, _HEADER_ROW, _FIRST = 1, 2, 3


def write_xlsx(table: Table | Result, path: str | os.PathLike[str]) -> None:
    """Write the 打分表 to ``path``; a Result is turned into its table first."""
    openpyxl: Any = _openpyxl("openpyxl")
    wb = openpyxl.Workbook()
    ws: Any = wb.active
    ws.title = "打分表"
    fill_sheet(ws, table)
    saved(path, wb.save)


def write_workbook(tables: Mapping[str, Table | Result] | Iterable[Table | Result],
                   path: str | os.PathLike[str]) -> None:  # fmt: skip
    """Several 打分表 in one workbook: a 汇总 sheet listing each table's total, rate and grade with a link to
    its sheet, then one sheet per table, named after its key (or its title) under Excel's rules."""
    openpyxl: Any = _openpyxl("openpyxl")
    Font = _openpyxl("openpyxl.styles").Font
    Hyperlink = _openpyxl("openpyxl.worksheet.hyperlink").Hyperlink
    named = list(tables.items()) if isinstance(tables, Mapping) else [(None, t) for t in tables]
    wb = openpyxl.Workbook()
    summary: Any = wb.active
    summary.title = "汇总"
    taken = {"汇总"}
    for k, header in enumerate(("序号", "名称", "总分", "满分", "得分率", "评价等级", "工作表"), 1):
        xlsx_put(summary.cell(1, k), header)
        summary.cell(1, k).font = Font(bold=True)
    for row, (name, given) in enumerate(named, 2):
        table = given if isinstance(given, Table) else score_table(given)
        label = str(name) if name is not None else (table.title or f"表{row - 1}")
        sheet = sheet_name(label, taken)
        fill_sheet(wb.create_sheet(sheet), table)
        summary.cell(row, 1).value = row - 1
        xlsx_put(summary.cell(row, 2), label)
        points = "0." + "0" * table.places if table.places > 0 else "0"
        if table.total_score is not None:
            summary.cell(row, 3).value = round_to(table.total_score, table.places)
            summary.cell(row, 3).number_format = points
        summary.cell(row, 4).value = table.total_weight
        if table.total_rate is not None:
            summary.cell(row, 5).value = round_to(table.total_rate, 4)
            summary.cell(row, 5).number_format = "0.00%"
        xlsx_put(summary.cell(row, 6), table.grade or "")
        link = summary.cell(row, 7)
        xlsx_put(link, sheet)
        # A link within the workbook (a location, never an outside address) to the sheet, quoted as Excel quotes it.
        quoted = sheet.replace("'", "''")
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{quoted}'!A1", display=sheet)
    summary.freeze_panes = "A2"
    for letter, width in (("A", 6), ("B", 30), ("C", 10), ("D", 8), ("E", 10), ("F", 10), ("G", 30)):
        summary.column_dimensions[letter].width = width
    saved(path, wb.save)


#: Characters a sheet name cannot hold, and its longest length (Excel's rules).
_NOT_IN_SHEET_NAMES = str.maketrans({c: "_" for c in "[]:*?/\\"})
_SHEET_NAME_MAX = 31


def sheet_name(label: str, taken: set[str]) -> str:
    """A sheet name for ``label``: Excel's forbidden characters replaced, at most 31 characters, unique
    ignoring case (…(2)); ``taken`` holds the casefolded names used so far and gains this one."""
    base = xlsx_text(label).translate(_NOT_IN_SHEET_NAMES).strip("'") or "单位"
    name, k = base[:_SHEET_NAME_MAX], 1
    while name.casefold() in taken:  # Excel compares sheet names ignoring case
        k += 1
        suffix = f"({k})"
        name = base[: _SHEET_NAME_MAX - len(suffix)] + suffix
    taken.add(name.casefold())
    return name


def _openpyxl(module: str) -> Any:
    try:  # imported by name: openpyxl is optional and ships no type information
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(msg("extra.xlsx")) from None


def fill_sheet(ws: Any, table: Table | Result) -> None:
    """Lay the 打分表 out on the worksheet ``ws`` (a workbook of one unit, or one sheet per unit)."""
    styles, utils = _openpyxl("openpyxl.styles"), _openpyxl("openpyxl.utils")
    Alignment, Border, Font, Side = styles.Alignment, styles.Border, styles.Font, styles.Side
    get_column_letter = utils.get_column_letter
    if not isinstance(table, Table):
        table = score_table(table)
    points = "0." + "0" * table.places if table.places > 0 else "0"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
    width = len(HEADERS)

    xlsx_put(ws.cell(_TITLE_ROW, 1), table.title or "绩效评价打分表")
    ws.cell(_TITLE_ROW, 1).font = Font(bold=True, size=14)
    ws.cell(_TITLE_ROW, 1).alignment = centre
    ws.merge_cells(start_row=_TITLE_ROW, start_column=1, end_row=_TITLE_ROW, end_column=width)
    for k, header in enumerate(HEADERS, 1):
        cell = ws.cell(_HEADER_ROW, k)
        xlsx_put(cell, header)
        cell.font, cell.alignment, cell.border = Font(bold=True), centre, border

    def put(r: int, c: int, value: object, number_format: str | None = None, align: Any = wrap) -> None:
        cell = ws.cell(r, c)
        xlsx_put(cell, value)
        cell.alignment, cell.border = align, border
        if number_format is not None:
            cell.number_format = number_format

    merges: list[tuple[int, int, int, int]] = []  # applied last: a merged cell takes no value
    r = _FIRST
    for row in table.rows:
        put(r, 1, (row.level1 or None) if row.span1 else None, align=centre)
        put(r, 2, (row.level2 or None) if row.span2 else None, align=centre)
        put(r, 3, row.level3, align=centre)
        put(r, 4, row.weight, "General", centre)
        put(r, 5, row.definition or None)
        put(r, 6, row.target or None, align=centre)
        put(r, 7, row.criteria or None)
        put(r, 8, row.actual or None, align=centre)
        put(r, 9, None if row.score is None else round_to(row.score, table.places), points, centre)
        put(r, 10, None if row.rate is None else round_to(row.rate, 4), "0.00%", centre)
        for c, span in ((1, row.span1), (2, row.span2)):
            if span > 1:
                merges.append((r, c, r + span - 1, c))
        r += 1
    put(r, 1, "合计", align=centre)
    put(r, 2, None)
    put(r, 3, None)
    merges.append((r, 1, r, 3))
    put(r, 4, table.total_weight, "General", centre)
    for c in range(5, 9):
        put(r, c, None)
    total = None if table.total_score is None else round_to(table.total_score, table.places)
    put(r, 9, total, points, centre)
    rate: Decimal | None = table.total_rate
    put(r, 10, None if rate is None else round_to(rate, 4), "0.00%", centre)
    for c in range(1, width + 1):
        ws.cell(r, c).font = Font(bold=True)
    if table.grade is not None:
        for c, text in ((1, "评价等级"), (2, table.grade)):
            xlsx_put(ws.cell(r + 1, c), text)
            ws.cell(r + 1, c).font = Font(bold=True)
    for k, text in enumerate(table.verdicts):  # below the grade, outside the merged cells
        xlsx_put(ws.cell(r + 2 + k, 1), text)

    for top, left, bottom, right in merges:
        ws.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
    for k, w in enumerate(_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(k)].width = w
    ws.freeze_panes = ws.cell(_FIRST, 1)
    ws.print_title_rows = f"{_HEADER_ROW}:{_HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

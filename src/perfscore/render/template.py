"""A blank data workbook for a table of units (``perfscore template RUBRIC --data``): exactly the columns
``read_table`` and ``evaluate_many`` read (:func:`perfscore.schema.columns`), a description row, drop-downs.

Row 1 holds the headers, row 2 the description (its first cell 填写说明, which ``read_table`` skips), and
each unit is a row from row 3. Levels pick from a list kept on a hidden sheet (选项), yes/no cells from
是/否; percentage columns are formatted as percentages, so typing 95 shows and reads as 95%.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import os
from typing import TYPE_CHECKING, Any

from ..errors import MissingExtraError
from ..messages import msg
from ..schema import ID_HEADER, TemplateColumn, columns
from ..tables import DESCRIPTION
from ..files import saved
from .escape import csv_row, xlsx_put

if TYPE_CHECKING:
    from ..rubric import Rubric

#: Rows the drop-downs and number formats cover (a province's projects fit; Excel's limit is 1,048,576).
ROWS = 5000


def data_template_csv(rubric: Rubric) -> str:
    """The template as CSV text: the header row and the description row (save it as UTF-8 with BOM for Excel)."""
    found = columns(rubric)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_row([ID_HEADER, *(c.header for c in found)]))
    writer.writerow(csv_row([DESCRIPTION, *(c.hint for c in found)]))
    return buffer.getvalue()


#: What each kind of value looks like in a one-unit data file: a shape to follow, never a figure to keep.
_TOML_EXAMPLES = {"amount": "0", "count": "0", "number": "0", "rate": '"0%"', "yesno": "true", "fulfilment": "true",
                  "fact_yesno": "true", "judged": "0", "fact_date": '"2021-03-31"', "list": '["0%"]', "codes": "[]",
                  "vetoes": "[]", "text": '""'}  # fmt: skip


def data_template_toml(rubric: Rubric) -> str:
    """One unit's data file (``perfscore template RUBRIC --data -o data.toml``): every key of the table's columns,
    commented out with what to write, so a key left unfilled is reported missing by name, never scored as 0."""
    lines = [f"# {_one_line(rubric.ast.title or '')}：一个单位的评价数据（perfscore template --data）",
             "# 逐项去掉行首的 # 并填写；未填写的项，评分时会逐一指出。",
             "# One unit's data: remove the # before each key and fill it in; a key left out is reported missing.", ""]
    for column in columns(rubric):
        value = column.value
        example = _TOML_EXAMPLES.get(value.kind, '""')
        if value.kind == "level" and value.labels:
            example = _toml_string(value.labels[0])
        elif value.kind == "counts":
            example = _toml_string("、".join("0" for _ in value.labels))
        key = ".".join(_toml_string(part) for part in column.path)
        lines += [f"# {_one_line(column.header)}：{_one_line(column.hint)}", f"# {key} = {example}", ""]
    return "\n".join(lines)


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's): a key with Chinese or dots must be quoted."""
    return json.dumps(text, ensure_ascii=False)


def _one_line(text: str) -> str:
    """Text for a comment line: a line break in a rubric's name must not end the comment."""
    return " ".join(text.splitlines())


def write_data_template(rubric: Rubric, path: str | os.PathLike[str]) -> None:
    try:  # imported by name: openpyxl is optional and ships no type information
        openpyxl: Any = importlib.import_module("openpyxl")
        styles: Any = importlib.import_module("openpyxl.styles")
        validation: Any = importlib.import_module("openpyxl.worksheet.datavalidation")
        utils: Any = importlib.import_module("openpyxl.utils")
    except ImportError:
        raise MissingExtraError(msg("extra.xlsx")) from None
    found = columns(rubric)
    book = openpyxl.Workbook()
    sheet: Any = book.active
    sheet.title = "数据"
    lists: Any = book.create_sheet("选项")
    lists.sheet_state = "hidden"
    bold, hint_font = styles.Font(bold=True), styles.Font(italic=True, color="595959")
    hint_fill = styles.PatternFill("solid", fgColor="F2F2F2")
    wrap = styles.Alignment(wrap_text=True, vertical="top")
    for k, (header, hint) in enumerate([(ID_HEADER, DESCRIPTION), *((c.header, c.hint) for c in found)], 1):
        xlsx_put(sheet.cell(1, k), header)
        xlsx_put(sheet.cell(2, k), hint)
        sheet.cell(1, k).font = bold
        sheet.cell(1, k).alignment = wrap
        sheet.cell(2, k).font, sheet.cell(2, k).fill, sheet.cell(2, k).alignment = hint_font, hint_fill, wrap
        letter = utils.get_column_letter(k)
        sheet.column_dimensions[letter].width = 24 if k == 1 else min(max(len(header) * 1.6, 12), 40)
    sheet.freeze_panes = "B3"
    sheet.row_dimensions[2].height = 45
    yes_no = validation.DataValidation(type="list", formula1='"是,否"', allow_blank=True, showErrorMessage=True,
                                       errorStyle="stop", errorTitle="是 / 否", error="请选择 是 或 否")  # fmt: skip
    partly = validation.DataValidation(type="list", formula1='"是,否"', allow_blank=True, showErrorMessage=True,
                                       errorStyle="warning", errorTitle="是 / 否",
                                       error="是 或 否；部分完成可写百分比（如 50%）")  # fmt: skip
    levels: dict[tuple[str, ...], Any] = {}
    for k, column in enumerate(found, 2):
        letter = utils.get_column_letter(k)
        cells = f"{letter}3:{letter}{ROWS + 2}"
        kind = column.value.kind
        if kind == "yesno":
            yes_no.add(cells)
        elif kind == "fulfilment":
            partly.add(cells)
        elif kind == "level":
            rule = levels.get(column.value.labels)
            if rule is None:
                rule = _level_list(validation, lists, utils, column, len(levels) + 1)
                levels[column.value.labels] = rule
                sheet.add_data_validation(rule)
            rule.add(cells)
        if kind == "rate":  # the column's style: a cell typed in it is a percentage cell
            sheet.column_dimensions[letter].number_format = "0.00%"
    for rule in (yes_no, partly):
        if rule.sqref:
            sheet.add_data_validation(rule)
    saved(path, book.save)


def _level_list(validation: Any, lists: Any, utils: Any, column: TemplateColumn, index: int) -> Any:
    """A drop-down of a level's labels, kept on the hidden sheet (a label may hold a comma or a quote)."""
    letter = utils.get_column_letter(index)
    for row, label in enumerate(column.value.labels, 1):
        xlsx_put(lists.cell(row, index), label)
    return validation.DataValidation(type="list", formula1=f"选项!${letter}$1:${letter}${len(column.value.labels)}",
                                     allow_blank=True, showErrorMessage=True, errorStyle="stop", errorTitle="等级",
                                     error="请从下拉列表中选择：" + "、".join(column.value.labels))  # fmt: skip

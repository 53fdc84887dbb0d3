"""A population's results as a workbook: a ranked 汇总 sheet and a 问题 sheet with every row's problems."""

from __future__ import annotations

import importlib
import os
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..errors import PerfscoreError
from ..numbers import round_to
from .escape import xlsx_put

if TYPE_CHECKING:
    from ..population import Population

#: Fill colours of the grade cells, best grade first (green to red), as bureaus colour their tables.
_GRADE_FILLS = ("C6EFCE", "DDEBF7", "FFEB9C", "FCE4D6", "FFC7CE")


def write_population_xlsx(population: Population, path: str | os.PathLike[str], by: str | None = None) -> None:
    try:  # imported by name: openpyxl is optional and ships no type information
        openpyxl: Any = importlib.import_module("openpyxl")
        styles: Any = importlib.import_module("openpyxl.styles")
    except ImportError:
        raise PerfscoreError("writing .xlsx needs openpyxl: pip install 'perfscore[xlsx]'") from None
    rubric = population.rubric
    places = rubric.ast.rounding.places
    points = "0." + "0" * places if places > 0 else "0"
    grades = [g.label for g in rubric.ast.grades]
    fills = {g: styles.PatternFill("solid", fgColor=_GRADE_FILLS[min(k, len(_GRADE_FILLS) - 1)])
             for k, g in enumerate(grades)}  # fmt: skip
    bold = styles.Font(bold=True)
    book = openpyxl.Workbook()
    summary: Any = book.active
    summary.title = "汇总"
    records = population.to_records(by)
    names = {code: rubric._plan.nodes[rubric._plan.by_code[code]].name for code in rubric.codes}
    categories = list(population.scored[0].categories) if population.scored else []
    header = ["排名", "单位", *categories, "总分", "等级", *(f"{code} {names[code]}" for code in rubric.codes)]
    for k, title in enumerate(header, 1):
        xlsx_put(summary.cell(1, k), title)
        summary.cell(1, k).font = bold
    ordered = sorted(records, key=lambda r: (r["排名"], r["id"]))
    for row, record in enumerate(ordered, 2):
        values: list[object] = [record["排名"], record["id"], *(record[c] for c in categories), record["总分"],
                                record["等级"] or "",
                                *(record[code] for code in rubric.codes)]  # fmt: skip
        for k, value in enumerate(values, 1):
            cell = summary.cell(row, k)
            if isinstance(value, Decimal):
                cell.value = round_to(value, places)
                cell.number_format = points
            elif isinstance(value, int) and not isinstance(value, bool):
                cell.value = value
            else:
                xlsx_put(cell, "" if value is None else str(value))
        grade = record["等级"]
        if grade in fills:
            summary.cell(row, header.index("等级") + 1).fill = fills[grade]
    summary.freeze_panes = "C2"
    if records:
        summary.auto_filter.ref = summary.dimensions
    for k, width in enumerate([6, 24] + [12] * (len(header) - 2), 1):
        summary.column_dimensions[openpyxl.utils.get_column_letter(k)].width = width
    problems: Any = book.create_sheet("问题")
    for k, title in enumerate(("行", "单位", "列", "级别", "问题"), 1):
        xlsx_put(problems.cell(1, k), title)
        problems.cell(1, k).font = bold
    for row, problem in enumerate(population.problems, 2):
        if problem.row is not None:
            problems.cell(row, 1).value = problem.row
        for k, text in ((2, problem.unit), (3, problem.column), (4, "错误" if problem.severity == "error" else "提示"),
                        (5, problem.message)):  # fmt: skip
            xlsx_put(problems.cell(row, k), text or "")
    problems.freeze_panes = "A2"
    problems.column_dimensions["E"].width = 80
    book.save(path)

"""A population's results as a workbook: a ranked 汇总 sheet and a 问题 sheet with every row's problems."""

from __future__ import annotations

import csv
import importlib
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import MissingExtraError
from ..messages import msg
from ..numbers import plain, round_to
from ..tables import EMPTY
from ..files import saved
from .escape import csv_row, xlsx_put

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from ..population import Population, RowProblem, Scored
    from ..rubric import Rubric

K = TypeVar("K")

#: Fill colours of the grade cells, best grade first (green to red), as bureaus colour their tables.
_GRADE_FILLS = ("C6EFCE", "DDEBF7", "FFEB9C", "FCE4D6", "FFC7CE")


def write_population_xlsx(population: Population, path: str | os.PathLike[str], by: str | None = None,
                          sheets: bool = False) -> None:  # fmt: skip
    """The 汇总 sheet (ranked), the 问题 sheet (every problem: sheet, row, unit, column), and with ``sheets`` one
    打分表 sheet per scored unit, named after it, in rank order."""
    try:  # imported by name: openpyxl is optional and ships no type information
        openpyxl: Any = importlib.import_module("openpyxl")
        styles: Any = importlib.import_module("openpyxl.styles")
    except ImportError:
        raise MissingExtraError(msg("extra.xlsx")) from None
    from ..population import in_rank_order

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
    rolled = ["上级得分"] if rubric.ast.roll_up is not None else []  # a superior's score from its subordinates'
    overall = ["总排名"] if by is not None else []  # beside the rank within the category
    header = ["排名", *overall, "单位", *categories, "总分", "等级", *rolled,
              *(f"{code} {names[code]}" for code in rubric.codes)]  # fmt: skip
    for k, title in enumerate(header, 1):
        xlsx_put(summary.cell(1, k), title)
        summary.cell(1, k).font = bold
    ordered = in_rank_order(records, by)  # with by, each category together, as the terminal lists them
    for row, record in enumerate(ordered, 2):
        values: list[object] = [record["排名"], *(record[c] for c in overall), record["id"],
                                *(record[c] for c in categories), record["总分"],
                                record["等级"] or "", *(record[name] for name in rolled),
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
    for k, title in enumerate(("工作表", "行", "单位", "列", "级别", "问题"), 1):
        xlsx_put(problems.cell(1, k), title)
        problems.cell(1, k).font = bold
    for row, problem in enumerate(population.problems, 2):
        if problem.row is not None:
            problems.cell(row, 2).value = problem.row
        for k, text in ((1, problem.sheet), (3, problem.unit), (4, problem.column),
                        (5, "错误" if problem.severity == "error" else "提示"), (6, problem.message)):  # fmt: skip
            xlsx_put(problems.cell(row, k), text or "")
    problems.freeze_panes = "A2"
    if population.problems:
        problems.auto_filter.ref = problems.dimensions
    for letter, width in (("A", 12), ("C", 20), ("D", 24), ("F", 80)):
        problems.column_dimensions[letter].width = width
    if sheets:
        from .xlsx import fill_sheet, sheet_name

        taken = {"汇总", "问题"}
        for record in ordered:
            unit = population[record["id"]]
            assert unit.result is not None
            fill_sheet(book.create_sheet(sheet_name(str(record["id"]), taken)), unit.result)
    saved(path, book.save)


class _Spool:
    """Totals per category, counted as units stream past: ranks from at most one entry per distinct total
    (scores carry the rubric's places, so a category holds at most maximum × 10^places + 1 of them)."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter[Decimal]] = {}

    def add(self, category: str, total: Decimal) -> None:
        self.counts.setdefault(category, Counter())[total] += 1

    def ranks(self) -> dict[str, dict[Decimal, int]]:
        return tie_ranks(self.counts)


def tie_ranks(counts: Mapping[K, Counter[Decimal]]) -> dict[K, dict[Decimal, int]]:
    """Rank of each total within its category from how many units have it, highest first; ties share a rank
    (1, 1, 3). Shared by the streamed outputs and Dask, which count totals per partition."""
    found: dict[K, dict[Decimal, int]] = {}
    for category, totals in counts.items():
        above, ranks = 0, {}
        for total in sorted(totals, reverse=True):
            ranks[total] = above + 1
            above += totals[total]
        found[category] = ranks
    return found


def _category_text(value: Any) -> str:
    if isinstance(value, Decimal):
        return plain(value)
    return "" if value is None or value is EMPTY else str(value)


def stream_population(rubric: Rubric, units: Iterable[Scored], out: SupportsWrite[str], format: str, by: str | None,
                      categories: Sequence[str], on_problem: Callable[[RowProblem], None]) -> tuple[int, int]:  # fmt: skip
    """Write the scored units as CSV or JSON Lines, in input order with their ranks, holding none of them.

    Two passes: the first spools each unit's row to a temporary file and counts its total; the ranks then
    follow from the counts, and the second pass copies the rows with their rank. Memory is bounded by the
    rubric (the distinct totals), not by the number of units. With a roll-up (上级得分), a pass between adds
    each unit to its superior's tally (held: a few numbers per superior), and the superiors' rows get their
    rolled-up score. Returns (units scored, row errors).
    """
    from ..population import RollUp, superior_of

    codes, up = rubric.codes, rubric.ast.roll_up
    if up is not None and up.column not in categories:  # the superior's column is shown, as to_records shows it
        categories = (*categories, up.column)
    spool, everyone, superiors, scored, errors = _Spool(), _Spool(), set(), 0, 0
    with tempfile.TemporaryFile("w+", encoding="utf-8") as rows:
        for unit in units:
            for problem in unit.problems:
                on_problem(problem)
                errors += problem.severity == "error"
            superior = superior_of(unit.id, unit.categories.get(up.column)) if up is not None else None
            if superior is not None:
                superiors.add(superior)
            if unit.total is None:
                if up is not None:  # a subordinate the roll-up counts, though not scored
                    rows.write(json.dumps([unit.id, None, None, None, None, superior], ensure_ascii=False) + "\n")
                continue
            scored += 1
            cats = [_category_text(unit.categories.get(name)) for name in categories]
            spool.add(_category_text(unit.categories.get(by)) if by else "", unit.total)
            everyone.add("", unit.total)
            line = [unit.id, cats, str(unit.total), unit.grade or "", unit.score_text, superior]
            rows.write(json.dumps(line, ensure_ascii=False) + "\n")
        ranks, overall = spool.ranks(), everyone.ranks().get("", {}) if by else None
        rolled: dict[str, Decimal | None] | None = None
        if up is not None:
            tally = RollUp(rubric, up, superiors)
            rows.seek(0)
            for text in rows:
                unit_id, _, total, _, _, superior = json.loads(text)
                tally.add(unit_id, Decimal(total) if total is not None else None, superior)
            rolled = {name: r.total for name, r in tally.finish().items()}
        rows.seek(0)
        extra = (["总排名"] if by else []) + (["上级得分"] if rolled is not None else [])
        header: list[object] = ["id", *categories, "总分", "等级", "排名", *extra, *codes]
        # The scores are digits (never quoted, never a formula), written as the worker formatted them; the
        # fields before them go through the csv module, a row ending where the scores begin.
        writer = csv.writer(out, lineterminator="") if format == "csv" else None
        if writer is not None:
            writer.writerow(csv_row(header))
            out.write("\n")
        where = categories.index(by) if by else None
        for text in rows:
            unit_id, cats, total, grade, scores, _ = json.loads(text)
            if total is None:
                continue
            exact = Decimal(total)
            rank = ranks[cats[where] if where is not None else ""][exact]
            beside: list[object] = [overall[exact]] if overall is not None else []  # 总排名: among all units
            if rolled is not None:
                beside.append(rolled.get(unit_id))
            if writer is not None:
                writer.writerow(csv_row([unit_id, *cats, exact, grade, rank, *beside]))
                out.write("," + scores + "\n")
            else:
                record = {"id": unit_id, **dict(zip(categories, cats)), "总分": total, "等级": grade or None,
                          "排名": rank, **dict(zip(extra, [v if not isinstance(v, Decimal) else str(v) for v in beside])),
                          **dict(zip(codes, scores.split(",")))}  # fmt: skip
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return scored, errors

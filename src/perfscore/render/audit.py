"""An audit's findings as text (terminal), Markdown and an Excel sheet: grouped by node, worst first.

Worded in the report's language (``AuditReport.language``: the rubric's, or the one chosen); the severity
and kind cells of the Markdown and Excel tables stay their stable codes, to filter on."""

from __future__ import annotations

import importlib
import os
from itertools import groupby
from typing import TYPE_CHECKING, Any

from ..errors import MissingExtraError
from ..messages import Language, msg
from ..numbers import plain
from ..files import saved
from .escape import markdown, terminal, xlsx_put

if TYPE_CHECKING:
    from ..audit import AuditReport, Finding

HEADERS = ("severity", "code", "name", "kind", "published", "expected", "difference", "where", "reason")


def _headers(language: Language) -> list[str]:
    return [msg(f"audit.header.{name}").render(language) for name in HEADERS]


def _name(report: AuditReport, code: str) -> str:
    return report.result[code].name if code in report.result else ""


def _summary(report: AuditReport) -> str:
    counts = report.counts()
    result = report.result
    grade = f"（{result.grade}）" if result.grade else ""
    return msg("audit.summary", errors=counts["error"], warnings=counts["warning"], notes=counts["note"],
               total=plain(result.total), grade=grade).render(report.language)  # fmt: skip


def _facts(finding: Finding, language: Language) -> str:
    parts = []
    if finding.published is not None:
        parts.append(msg("audit.published-where", value=finding.published, where=finding.where) if finding.where
                     else msg("audit.published", value=finding.published))  # fmt: skip
    if finding.expected is not None:
        parts.append(msg("audit.expected", value=finding.expected))
    if finding.difference is not None:
        parts.append(msg("audit.difference", value=finding.difference))
    return " · ".join(part.render(language) for part in parts)


def audit_text(report: AuditReport) -> str:
    """For the terminal: a heading per node, one line per finding and one with its figures."""
    lines, language = [], report.language
    for code, findings in groupby(report, key=lambda f: f.code):
        lines.append(f"{code} {_name(report, code)}".rstrip())
        for finding in findings:
            severity = msg(f"show.{finding.severity}").render(language)  # 错误 is two columns wide a character
            lines.append(f"  {severity.ljust(7 - len(severity) if language == 'zh' else 7)} {finding.kind}{'：' if language == 'zh' else ': '}{finding.reason}")
            facts = _facts(finding, language)
            if facts:
                lines.append(f"          {facts}")
    lines.append(_summary(report))
    return terminal("\n".join(lines) + "\n")


def _rows(report: AuditReport) -> list[tuple[str, ...]]:
    return [(f.severity, f.code, _name(report, f.code), f.kind, f.published or "", f.expected or "",
             f.difference or "", f.where or "", f.reason) for f in report]  # fmt: skip


def audit_markdown(report: AuditReport) -> str:
    """A Markdown table of every finding, then the summary."""
    language = report.language
    title = report.reported.title or report.result.title or msg("audit.untitled").render(language)
    headers = _headers(language)
    lines = [msg("audit.heading", title=markdown(title)).render(language), "", "| " + " | ".join(headers) + " |",
             "|" + "---|" * len(headers)]  # fmt: skip
    for row in _rows(report):
        lines.append("| " + " | ".join(markdown(cell) for cell in row) + " |")
    lines += ["", markdown(_summary(report))]
    return "\n".join(lines) + "\n"


def write_audit_xlsx(report: AuditReport, path: str | os.PathLike[str]) -> None:
    """One sheet, one row per finding, filterable; errors red, warnings amber."""
    try:  # imported by name: openpyxl is optional and ships no type information
        openpyxl: Any = importlib.import_module("openpyxl")
        styles: Any = importlib.import_module("openpyxl.styles")
    except ImportError:
        raise MissingExtraError(msg("extra.xlsx")) from None
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "audit"
    fills = {"error": "F8CBAD", "warning": "FFE699", "note": "DDEBF7"}
    rows = [[*_headers(report.language), "级别"]] + [[*row, msg(f"show.{row[0]}").render("zh")] for row in _rows(report)]
    for r, values in enumerate(rows, 1):
        for c, value in enumerate(values, 1):
            xlsx_put(sheet.cell(r, c), value)
        if r > 1:
            sheet.cell(r, 1).fill = styles.PatternFill("solid", fgColor=fills[values[0]])
    for cell in sheet[1]:
        cell.font = styles.Font(bold=True)
    for letter, width in zip("ABCDEFGHIJ", (9, 14, 22, 13, 14, 14, 16, 18, 70, 8)):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        row[8].alignment = styles.Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    xlsx_put(sheet.cell(sheet.max_row + 2, 1), _summary(report))
    saved(path, book.save)

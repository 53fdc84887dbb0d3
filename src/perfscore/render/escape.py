"""Every output's escaping, in one place: terminal, Markdown, HTML, spreadsheet cells and CSV fields.

Rubric names, 评分标准, levels, override reasons and published figures are
untrusted text: they reach terminals, Markdown renderers, browsers and Excel.
Each writer passes every piece of text through the function for its
destination, once, at the point where it is written; nothing else escapes.

* Control characters (C0 but the line breaks a format allows, DEL, C1) and the
  bidirectional controls that reorder what a reader sees ("Trojan source") are
  made visible as ``\\u001b``-style escapes, never dropped, so a reader sees that
  something was there. The form is JSON's own, so escaping a JSON document
  leaves it valid and meaning the same; Chinese and full-width text is untouched.
* A spreadsheet cell holding text is always a text cell, never a formula; a
  CSV field that Excel would read as a formula is prefixed with ``'`` as OWASP
  recommends. Numbers (``Decimal``/``int``) stay numbers in both.
"""

from __future__ import annotations

import re
from decimal import Decimal
from html import escape as _html_escape
from typing import Any

#: Bidirectional embeddings, overrides and isolates (and the marks), which reorder displayed text.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: Line and paragraph separators: some viewers break lines there.
_SEPARATORS = "\u2028\u2029"
#: Everything escaped everywhere: C0 except tab, LF and CR (handled per format), DEL, C1, bidi, separators.
_ALWAYS = f"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}"
_UNSAFE = re.compile(f"[{_ALWAYS}]")
_UNSAFE_INLINE = re.compile(f"[{_ALWAYS}\t\n\r]")
_LONE_CR = re.compile(r"\r(?!\n)")
_LINE_BREAK = re.compile(r"\r\n?|\n")


def _show(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str) -> str:
    """``text`` on one line: every control character, tab and line break included, shown as an escape."""
    return _UNSAFE_INLINE.sub(_show, text)


def terminal(text: str) -> str:
    """``text`` safe to print: line breaks (LF, CRLF) and tabs kept, a lone CR and every other control shown.

    Idempotent, and a JSON document stays valid JSON with the same meaning.
    """
    return _UNSAFE.sub(_show, _LONE_CR.sub(_show, text))


def _lines(text: str) -> str:
    """Line breaks as LF, other controls shown: for formats where a line break inside a cell is legitimate."""
    return _UNSAFE.sub(_show, _LINE_BREAK.sub("\n", text))


#: Characters Markdown (CommonMark/GFM) would read as syntax or raw HTML inside a table cell or heading.
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]~|]")
_MARKDOWN_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def markdown(text: str) -> str:
    """``text`` as literal Markdown inline content (a table cell, a heading): no markup, no HTML, one line.

    Line breaks become ``<br>`` (the one HTML this writes), so a cell never splits its row.
    """
    text = _lines(text)
    text = _MARKDOWN_SYNTAX.sub(lambda m: "\\" + m.group(), text)
    text = "".join(_MARKDOWN_HTML.get(c, c) for c in text)
    return text.replace("\n", "<br>")


def html(text: str) -> str:
    """``text`` as HTML text or a quoted attribute value: ``<>&"'`` escaped, controls shown."""
    return _html_escape(_lines(text), quote=True)


#: What Excel and LibreOffice start a formula with (OWASP), and their full-width forms, which CJK input turns into them.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def csv_field(value: object) -> object:
    """One CSV field: a number as its digits, text neutralised so no spreadsheet reads it as a formula.

    A text starting with a formula trigger gets a leading ``'``: Excel shows the
    text as written and never evaluates it; the ``csv`` module quotes the rest.
    Controls are shown as in a spreadsheet cell (:func:`xlsx_text`).
    """
    if value is None:
        return ""
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return value
    text = xlsx_text(str(value))
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def csv_row(values: tuple[object, ...] | list[object]) -> list[object]:
    """A row for ``csv.writer.writerow``, every field through :func:`csv_field`."""
    return [csv_field(value) for value in values]


#: The most characters an Excel cell holds; openpyxl cuts longer text silently.
XLSX_CELL_LIMIT = 32_767


def xlsx_text(text: str) -> str:
    """Text for a spreadsheet cell: line breaks kept, characters an .xlsx cannot hold (and bidi) shown.

    A text longer than a cell holds ends in ``…`` so the cut is visible.
    """
    text = _lines(text)
    return text if len(text) <= XLSX_CELL_LIMIT else text[: XLSX_CELL_LIMIT - 1] + "…"


def xlsx_put(cell: Any, value: object) -> None:
    """Set an openpyxl cell: a number as a number, ``None`` empty, anything else as text — never a formula.

    openpyxl reads a str starting with ``=`` as a formula and ``#N/A`` as an
    error; the type is set back to text, and a text Excel would reinterpret when
    the cell is edited gets ``quotePrefix`` (Excel's leading ``'``).
    """
    if value is None or isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        cell.value = value
        return
    text = xlsx_text(str(value))
    cell.value = text
    cell.data_type = "s"
    if text.startswith((*FORMULA_TRIGGERS, "#")):
        cell.quotePrefix = True

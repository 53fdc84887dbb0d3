"""The official score table (打分表): its 评分标准 wording, its rows, and its outputs.

``score_table`` / ``score_table_for_rubric`` build the rows; ``write_xlsx``, ``write_pdf``,
``to_markdown`` and ``to_html`` write them; ``write_workbook`` puts several in one workbook. Scores stay ``Decimal`` throughout.

Each name is imported when first used: ``perfscore.render.escape``, which every command needs, does not bring
the writers in with it (see bench/startup.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..criteria import criteria_text
    from .html import to_html
    from .markdown import to_markdown
    from .pdf import write_pdf
    from .table import Row, Table, score_table, score_table_for_rubric
    from .xlsx import write_workbook, write_xlsx

#: Where each name lives, relative to this package.
_LAZY = {
    "Row": ".table",
    "Table": ".table",
    "criteria_text": "..criteria",
    "score_table": ".table",
    "score_table_for_rubric": ".table",
    "to_html": ".html",
    "to_markdown": ".markdown",
    "write_pdf": ".pdf",
    "write_workbook": ".xlsx",
    "write_xlsx": ".xlsx",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    found = getattr(import_module(_LAZY[name], __name__), name)
    globals()[name] = found
    return found


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = ["Row", "Table", "criteria_text", "score_table", "score_table_for_rubric", "to_html", "to_markdown",
           "write_pdf", "write_workbook", "write_xlsx"]  # fmt: skip

"""The official score table (打分表): its 评分标准 wording, its rows, and its outputs.

``score_table`` / ``score_table_for_rubric`` build the rows; ``write_xlsx``, ``write_pdf``,
``to_markdown`` and ``to_html`` write them; ``write_workbook`` puts several in one workbook. Scores stay ``Decimal`` throughout.
"""

from __future__ import annotations

from .html import to_html
from .markdown import to_markdown
from .pdf import write_pdf
from .table import Row, Table, score_table, score_table_for_rubric
from ..criteria import criteria_text
from .xlsx import write_workbook, write_xlsx

__all__ = ["Row", "Table", "criteria_text", "score_table", "score_table_for_rubric", "to_html", "to_markdown",
           "write_pdf", "write_workbook", "write_xlsx"]  # fmt: skip

"""The 打分表 as a Markdown table; Markdown cannot merge cells, so a repeated group cell is left empty."""

from __future__ import annotations

from .escape import markdown
from .table import HEADERS, Table


def to_markdown(table: Table) -> str:
    """Title, table, 合计 line, then the grade when there is one."""
    lines = [f"# {markdown(table.title)}", ""] if table.title else []
    lines.append("| " + " | ".join(HEADERS) + " |")
    lines.append("|" + "|".join("---:" if h in ("权重", "得分", "得分率") else "---" for h in HEADERS) + "|")
    for row in table.rows:
        cells = list(row.cells(table.places))
        if row.span1 == 0:
            cells[0] = ""
        if row.span2 == 0:
            cells[1] = ""
        lines.append("| " + " | ".join(markdown(c) for c in cells) + " |")
    lines.append("| " + " | ".join(f"**{c}**" if c else "" for c in table.totals()) + " |")
    if table.grade is not None:
        lines += ["", f"评价等级：**{markdown(table.grade)}**"]
    lines += [f"- {markdown(text)}" for text in table.verdicts]
    return "\n".join(lines) + "\n"

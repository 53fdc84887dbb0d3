"""The 打分表 as one self-contained HTML page: inline CSS, merged group cells by ``rowspan``."""

from __future__ import annotations

from .escape import html as escape  # controls shown as well as <>&"' escaped
from .table import HEADERS, Table

_CSS = """
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; margin: 2em; }
h1 { font-size: 1.3em; text-align: center; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #333; padding: 4px 6px; vertical-align: middle; }
th { background: #eee; }
td.num { text-align: right; white-space: nowrap; }
td.group { text-align: center; }
tfoot td { font-weight: bold; }
p.grade { font-size: 1.1em; }
@media print { @page { size: A4 landscape; } thead { display: table-header-group; } }
"""
_NUMERIC = {3, 8, 9}  # 权重, 得分, 得分率


def _td(text: str, klass: str = "", rowspan: int = 1) -> str:
    attrs = f' class="{klass}"' if klass else ""
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    return f"<td{attrs}>{escape(text)}</td>"


def to_html(table: Table) -> str:
    """A complete page: title, the table with its 合计 row, and the grade."""
    title = escape(table.title or "绩效评价打分表")
    out = ["<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
           f"<title>{title}</title>", f"<style>{_CSS}</style>", "</head>", "<body>", f"<h1>{title}</h1>",
           "<table>", "<thead><tr>" + "".join(f"<th>{h}</th>" for h in HEADERS) + "</tr></thead>", "<tbody>"]  # fmt: skip
    for row in table.rows:
        cells = row.cells(table.places)
        tds = []
        for k, text in enumerate(cells):
            if k == 0 and row.span1 == 0 or k == 1 and row.span2 == 0:
                continue  # covered by the merged cell above
            span = row.span1 if k == 0 else row.span2 if k == 1 else 1
            klass = "group" if k < 2 else "num" if k in _NUMERIC else ""
            tds.append(_td(text, klass, span))
        out.append(f'<tr id="{escape(row.code)}">' + "".join(tds) + "</tr>")
    totals = table.totals()
    foot = '<td colspan="3">合计</td>' + "".join(
        _td(text, "num" if k in _NUMERIC else "") for k, text in enumerate(totals) if k >= 3
    )
    out += ["</tbody>", f"<tfoot><tr>{foot}</tr></tfoot>", "</table>"]
    if table.grade is not None:
        out.append(f'<p class="grade">总分 {escape(totals[8])} 分，评价等级：<strong>{escape(table.grade)}</strong></p>')
    out += [f'<p class="veto">{escape(text)}</p>' for text in table.verdicts]
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"

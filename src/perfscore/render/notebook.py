"""Rich display in Jupyter: ``Rubric`` and ``Result`` render as an indented tree with weights and scores.

Self-contained HTML (inline styles only, every text escaped) so it shows the same
in JupyterLab, VS Code and exported notebooks, light or dark.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from .. import ast
from ..numbers import brief, percent, plain, round_to
from .escape import html as escape  # controls shown as well as <>&"' escaped
from ..explain import verdict_lines
from .table import actual_text
from ..criteria import criteria_text
from ..tree import input_units

if TYPE_CHECKING:
    from ..result import Result
    from ..rubric import Rubric

_TABLE = 'style="border-collapse:collapse;font-variant-numeric:tabular-nums"'
_SCORE_NUMBERS = frozenset({1, 2, 3, 4})  # 权重, 业绩值, 得分, 得分率 align right
_WEIGHT = frozenset({1})
_CELL = "padding:2px 8px;border-bottom:1px solid rgba(127,127,127,.25)"


def _row(cells: list[str], level: int, bold: bool, numeric: frozenset[int]) -> str:
    tds = []
    for k, text in enumerate(cells):
        style = _CELL
        if k == 0:
            style += f";padding-left:{8 + 18 * (level - 1)}px;white-space:nowrap"
        if k in numeric:
            style += ";text-align:right;white-space:nowrap"
        tds.append(f'<td style="{style}">{text}</td>')
    weight = ' style="font-weight:600"' if bold else ""
    return f"<tr{weight}>{''.join(tds)}</tr>"


def _head(headers: tuple[str, ...], numeric: frozenset[int]) -> str:
    ths = "".join(
        f'<th style="{_CELL};text-align:{"right" if k in numeric else "left"}">{h}</th>'
        for k, h in enumerate(headers)
    )
    return f"<thead><tr>{ths}</tr></thead>"


def _bar(rate: Decimal) -> str:
    """A small bar for 得分率 (0–100%), so weak indicators stand out at a glance."""
    width = max(0, min(100, int(round_to(rate * 100, 0))))
    return (f'<span style="display:inline-block;width:60px;height:8px;background:rgba(127,127,127,.2);'
            f'vertical-align:middle;margin-left:6px"><span style="display:block;width:{width}%;height:100%;'
            f'background:{"#2e7d32" if width >= 90 else "#f9a825" if width >= 60 else "#c62828"}"></span></span>')  # fmt: skip


def result_html(result: Result) -> str:
    """The score tree: code and name (indented), weight, 业绩值, score, 得分率 with a bar; total and grade."""
    headers = ("指标", "权重", "业绩值", "得分", "得分率")
    rows = []
    for node in result:
        mark = " *" if node.override is not None else ""
        rate = "" if node.rate is None else escape(percent(node.rate, 2)) + _bar(node.rate)
        cells = [escape(f"{node.code} {node.name}"), brief(node.weight), escape(actual_text(node)),
                 plain(round_to(node.score, 4)) + mark, rate]  # fmt: skip
        rows.append(_row(cells, node.level, node.kind != "indicator", _SCORE_NUMBERS))
    total = [f"合计{' · 评价等级 ' + escape(result.grade) if result.grade else ''}", plain(result.maximum), "",
             plain(result.total), escape(percent(result.rate, 2))]  # fmt: skip
    rows.append(_row(total, 1, True, _SCORE_NUMBERS))
    caption = escape(result.title or "")
    notes = "".join(f"<p>{escape(text)}</p>" for text in verdict_lines(result))  # the grade's condition, vetoes
    if result.overrides:
        notes += '<p style="font-size:smaller">* 经调整的得分：<code>result.explain(code)</code> 给出理由</p>'
    for warning in result.warnings:
        notes += f'<p style="font-size:smaller">warning: {escape(warning)}</p>'
    return (f"<div><table {_TABLE}><caption style=\"text-align:left;font-weight:600\">{caption}</caption>"
            f"{_head(headers, _SCORE_NUMBERS)}<tbody>{''.join(rows)}</tbody></table>{notes}</div>")  # fmt: skip


def rubric_html(rubric: Rubric) -> str:
    """The indicator tree: code and name (indented), weight, and each leaf's 评分标准."""
    headers = ("指标", "权重", "评分标准")
    rows = []
    units = input_units(rubric.ast)
    for plan in rubric._plan.nodes:
        node = plan.node
        criteria = ""
        if isinstance(node, ast.Indicator):
            criteria = escape(node.criteria or criteria_text(node, plan.weight, units))
        cells = [escape(f"{plan.code} {plan.name}"), plain(plan.weight), criteria]
        rows.append(_row(cells, plan.level, plan.kind != "indicator", _WEIGHT))
    rows.append(_row(["合计", plain(rubric.total), ""], 1, True, _WEIGHT))
    caption = escape(rubric.title or rubric.source.name)
    return (f"<div><table {_TABLE}><caption style=\"text-align:left;font-weight:600\">{caption}</caption>"
            f"{_head(headers, _WEIGHT)}<tbody>{''.join(rows)}</tbody></table></div>")  # fmt: skip

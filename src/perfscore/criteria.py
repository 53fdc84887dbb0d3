"""评分标准 wording generated from the rule itself, so the published text cannot drift from the arithmetic."""

from __future__ import annotations

from decimal import Decimal

from . import ast
from .numbers import CONTEXT, plain
from .printer import format_condition, format_expr

_OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "!=": "≠"}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def circled(index: int) -> str:
    return _CIRCLED[index] if index < len(_CIRCLED) else f"({index + 1})"


def percent_text(value: Decimal) -> str:
    return plain(CONTEXT.multiply(value, Decimal(100))) + "%"


def value_text(expr: ast.Expr) -> str:
    """A number as written (``9%``), else the expression; no spaces inside a number."""
    return format_expr(expr)


def amount_text(amount: ast.Amount) -> str:
    """``5%权重分`` or ``0.5分``: what one unit of a deduction or an award is worth."""
    if amount.unit == "share":
        return percent_text(amount.value) + "权重分"
    return plain(amount.value) + "分"


def range_text(award: ast.AmountRange, between: str) -> str:
    """``8分~9分``, or ``80%~100%权重分`` when both ends are shares of the weight."""
    low, high = award.low, award.high
    if low.unit == high.unit == "share":
        return f"{percent_text(low.value)}{between}{percent_text(high.value)}权重分"
    return f"{amount_text(low)}{between}{amount_text(high)}"


def award_text(award: ast.Award) -> str:
    """``得3分``, ``得50%权重分``, ``不得分``; a range reads ``得8分~9分``."""
    if isinstance(award, ast.AmountRange):
        return "得" + range_text(award, "~")
    if award.value == 0:
        return "不得分"
    return "得" + amount_text(award)


def condition_text(condition: ast.Condition) -> str:
    """A band condition with each edge's inclusion spelled out (含/不含), as the tables write it."""
    match condition:
        case ast.Compare(op=op, value=value):
            return _OPS[op] + format_expr(value)
        case ast.Interval(low=low, high=high, low_closed=lc, high_closed=hc):
            return f"{format_expr(low)}（{'含' if lc else '不含'}）至{format_expr(high)}（{'含' if hc else '不含'}）"
        case ast.When(condition=expr):
            return f"{format_expr(expr)}时"
        case ast.Otherwise():
            return "其他情况"
    return format_condition(condition)  # pragma: no cover - every condition above


def target_text(indicator: ast.Indicator) -> str:
    """``（100%）`` after 目标值 when the target is a value, else nothing."""
    target = indicator.target
    if target is None or target.value is None:
        return ""
    return f"（{value_text(target.value)}）"


def criteria_text(indicator: ast.Indicator, weight: Decimal) -> str:
    """The 评分标准 of one indicator in the standard wording of the published tables.

    ``weight`` is the indicator's resolved points; the wording speaks of 权重分,
    so it is accepted for callers that may want it but not spelled out.
    """
    del weight  # the standard wording says 权重分, never the number
    if indicator.rule is None:
        return ""
    text = indicator.rule.criteria(indicator)
    if isinstance(indicator.actual, ast.Completion):
        items = indicator.actual.items
        listed = "".join(f"{circled(k)}{i.text or i.name}" for k, i in enumerate(items))
        text = f"{listed} 以上{len(items)}项按完成率计算，{text}"
    return text

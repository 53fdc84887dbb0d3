"""评分标准 wording generated from the rule itself, so the published text cannot drift from the arithmetic."""

from __future__ import annotations

from decimal import Decimal

from .. import ast
from ..numbers import CONTEXT, plain
from ..printer import format_condition, format_expr, format_share

_OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "!=": "≠"}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PARTIAL = {"prorata": "", "half_up": "（不足{s}按四舍五入取整）", "up": "（不足{s}按{s}计算）", "down": "（不足{s}不计）"}


def _circled(index: int) -> str:
    return _CIRCLED[index] if index < len(_CIRCLED) else f"({index + 1})"


def _percent(value: Decimal) -> str:
    return plain(CONTEXT.multiply(value, Decimal(100))) + "%"


def _value(expr: ast.Expr) -> str:
    """A number as written (``9%``), else the expression; no spaces inside a number."""
    return format_expr(expr)


def _amount(amount: ast.Amount) -> str:
    """``5%权重分`` or ``0.5分``: what one unit of a deduction or an award is worth."""
    if amount.unit == "share":
        return _percent(amount.value) + "权重分"
    return plain(amount.value) + "分"


def _range(award: ast.AmountRange, between: str) -> str:
    """``8分~9分``, or ``80%~100%权重分`` when both ends are shares of the weight."""
    low, high = award.low, award.high
    if low.unit == high.unit == "share":
        return f"{_percent(low.value)}{between}{_percent(high.value)}权重分"
    return f"{_amount(low)}{between}{_amount(high)}"


def _award(award: ast.Award) -> str:
    """``得3分``, ``得50%权重分``, ``不得分``; a range reads ``得8分~9分``."""
    if isinstance(award, ast.AmountRange):
        return "得" + _range(award, "~")
    if award.value == 0:
        return "不得分"
    return "得" + _amount(award)


def _condition(condition: ast.Condition) -> str:
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


def _target(indicator: ast.Indicator) -> str:
    """``（100%）`` after 目标值 when the target is a value, else nothing."""
    target = indicator.target
    if target is None or target.value is None:
        return ""
    return f"（{_value(target.value)}）"


def _deduct(rule: ast.Deduct, indicator: ast.Indicator) -> str:
    step = format_expr(rule.step)
    limit = _value(rule.limit) if rule.limit is not None else "0"
    partial = _PARTIAL[rule.partial].format(s=step)
    if rule.side == "above":
        head, verb = f"≤{limit}时得满分", "增加"
    elif rule.side == "below":
        head, verb = f"≥{limit}时得满分", "低"
    else:
        head, verb = f"等于{limit}时得满分", "偏离"
    text = f"{head}，否则每{verb}{step}{partial}扣{_amount(rule.amount)}，扣完为止"
    if rule.max is not None:
        text += f"，最多扣{_amount(rule.max)}"
    return text


def _proportional(rule: ast.Proportional, indicator: ast.Indicator) -> str:
    if rule.reverse:
        text = f"实际值不高于目标值{_target(indicator)}得满分，否则按 目标值/实际值×权重分 计分"
    else:
        text = f"实际值达到目标值{_target(indicator)}得满分，否则按 实际值/目标值×权重分 计分"
    if rule.cap is not None:
        text += f"，超出目标值的按比例加分，最高得{_percent(rule.cap)}权重分"
    if rule.cutoff is not None:
        text += f"，{'高于' if rule.reverse else '低于'}{_value(rule.cutoff)}不得分"
    return text


def _judged(award: ast.Award) -> str:
    if isinstance(award, ast.AmountRange):
        return f"由评价组在{_range(award, '至')}之间评定"
    return f"由评价组评定，最高{_award(award)}"


def _rule(rule: ast.Rule, indicator: ast.Indicator) -> str:
    match rule:
        case ast.Proportional():
            return _proportional(rule, indicator)
        case ast.Deduct():
            return _deduct(rule, indicator)
        case ast.Bands(bands=bands):
            return "；".join(f"{_condition(b.condition)}{_award(b.award)}" for b in bands)
        case ast.Checklist(items=items):
            listed = "".join(
                f"{_circled(k)}{i.name}" + (f"（{format_share(i.share)}）" if i.share is not None else "")
                for k, i in enumerate(items)
            )
            return f"{listed}，符合得相应权重分，不符合不得分"
        case ast.Levels(levels=levels):
            return "；".join(f"{lv.label}{_award(lv.award)}" for lv in levels)
        case ast.Binary():
            return "达到目标得权重分，否则不得分"
        case ast.Formula(expr=expr):
            return f"得分 = {format_expr(expr)}，结果限定在0至权重分之间"
        case ast.Linear(zero_at=zero_at, full_at=full_at):
            return f"实际值为{_value(zero_at)}时不得分、达到{_value(full_at)}时得满分，其间按线性插值"
        case ast.Judged(award=award):
            return _judged(award)
    raise TypeError(f"not a rule: {rule!r}")  # pragma: no cover


def criteria_text(indicator: ast.Indicator, weight: Decimal) -> str:
    """The 评分标准 of one indicator in the standard wording of the published tables.

    ``weight`` is the indicator's resolved points; the wording speaks of 权重分,
    so it is accepted for callers that may want it but not spelled out.
    """
    del weight  # the standard wording says 权重分, never the number
    if indicator.rule is None:
        return ""
    text = _rule(indicator.rule, indicator)
    if isinstance(indicator.actual, ast.Completion):
        items = indicator.actual.items
        listed = "".join(f"{_circled(k)}{i.text or i.name}" for k, i in enumerate(items))
        text = f"{listed} 以上{len(items)}项按完成率计算，{text}"
    return text

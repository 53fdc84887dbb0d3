"""评分标准 wording generated from the rule itself, so the published text cannot drift from the arithmetic."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

import attrs

from . import ast, peers, tree
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
    return format_expr(peers.worded(expr))


def amount_text(amount: ast.Amount) -> str:
    """``5%权重分`` or ``0.5分``: what one unit of a deduction or an award is worth."""
    if amount.unit == "share":
        return percent_text(amount.value) + "权重分"
    return plain(amount.value) + "分"


def range_text(award: ast.AmountRange, tier: bool = True) -> str:
    """A tier as the Ministry of Finance writes it: ``该指标分值的80%（含）—100%``, ``8（含）—9分``.

    An end written open is marked （不含）; the bottom of a ``tier`` above 0 （含）, to tell the tier
    it belongs to (a range judged alone, ``评定 1分~3分``, needs no mark).
    """
    low, high = award.low, award.high

    def mark(closed: bool, low_end: bool, value: Decimal) -> str:
        if not closed:
            return "（不含）"
        return "（含）" if tier and low_end and value > 0 else ""

    lo, hi = mark(award.low_closed, True, low.value), mark(award.high_closed, False, high.value)
    if low.unit == high.unit == "share":
        return f"该指标分值的{percent_text(low.value)}{lo}—{percent_text(high.value)}{hi}"
    if low.unit == high.unit == "points":
        return f"{plain(low.value)}{lo}—{plain(high.value)}{hi}分"
    return f"{amount_text(low)}{lo}—{amount_text(high)}{hi}"


def award_text(award: ast.Award) -> str:
    """``得3分``, ``得50%权重分``, ``得满分``, ``不得分``; a tier reads ``得该指标分值的80%（含）—100%``."""
    if isinstance(award, ast.AmountRange):
        return "得" + range_text(award)
    if award.value == 0:
        return "不得分"
    if award.unit == "share" and award.value == 1:
        return "得满分"
    return "得" + amount_text(award)


def condition_text(condition: ast.Condition) -> str:
    """A band condition with each edge's inclusion spelled out (含/不含), as the tables write it."""
    match condition:
        case ast.Compare(op=op, value=value):
            return _OPS[op] + format_expr(value)
        case ast.Interval(low=low, high=high, low_closed=lc, high_closed=hc):
            return f"{format_expr(low)}（{'含' if lc else '不含'}）至{format_expr(high)}（{'含' if hc else '不含'}）"
        case ast.When(condition=expr):
            return f"{format_expr(peers.worded(expr))}时"
        case ast.Otherwise():
            return "其他情况"
    return format_condition(condition)  # pragma: no cover - every condition above


#: The words a formula reads that the wording names as the tables do.
_FORMULA_WORDS = {"weight": "权重分", "权重": "权重分", "actual": "实际值", "实际": "实际值", "target": "目标值",
                  "目标": "目标值"}  # fmt: skip
_WORD = re.compile(r"(?<![\w·])(" + "|".join(map(re.escape, _FORMULA_WORDS)) + r")(?![\w·])")
#: Spaces the printer puts around operators; a published formula has none (``得分=预算执行率×10``).
_SPACED = re.compile(r" *([×÷*/+\-−=<>≤≥≠,，]) *")
#: What ends a name that counts things (``问题数`` counts 问题).
_COUNT_SUFFIXES = ("个数", "次数", "数量", "件数", "数", "情况")
#: What the counted thing already is; any other subject is counted as its 问题.
_COUNTED_NOUNS = ("问题", "事项", "行为", "案件", "情形", "差错", "违规", "违纪", "事故", "投诉")


def formula_text(expr: ast.Expr) -> str:
    """An expression as a published 评分标准 writes it: no spaces, 权重分/实际值/目标值 by name."""
    text = format_expr(peers.worded(expr))
    parts = text.split('"')  # quoted names keep their spaces
    for k in range(0, len(parts), 2):
        parts[k] = _WORD.sub(lambda m: _FORMULA_WORDS[m.group(1)], _SPACED.sub(r"\1", parts[k]))
    return '"'.join(parts)


@attrs.frozen
class Words:
    """What a rule's 评分标准 names besides its numbers: what is measured, the target, the unit."""

    #: What is measured: the indicator's name (``预算完成率``), ``完成率`` for a completion rate.
    subject: str
    #: The target with its unit (``100%``, ``8处``); "" without a numeric target.
    target: str
    #: The actual's unit (``处``), None when the rubric declares none.
    unit: str | None
    #: A qualitative target (``及时发放到位``), "" when none.
    target_text: str = ""
    #: The input the actual is (``审计问题数``), else the subject: what a count counts.
    measured: str = ""
    #: 得 for what a rule awards, 扣 inside a 扣分 part, where what it gives is taken away.
    gain: str = "得"

    def counted(self) -> str:
        """What a count counts (``审计问题数`` → ``审计问题``; ``财务管理`` → ``财务管理问题``)."""
        thing = self.measured or self.subject
        for suffix in _COUNT_SUFFIXES:
            if thing.endswith(suffix) and len(thing) > len(suffix):
                thing = thing[: -len(suffix)]
                break
        return thing if thing.endswith(_COUNTED_NOUNS) else thing + "问题"

    def each(self, step: str, default_unit: str) -> str:
        """One step of a count with its classifier: ``1处``, ``2次``."""
        return f"{step}{self.unit or default_unit}"


def words_of(indicator: ast.Indicator, units: Mapping[str, str | None] | None = None) -> Words:
    """The names an indicator's wording uses; ``units`` maps input names to their declared units."""
    units = units or {}
    target = indicator.target
    shown = ""
    if target is not None and target.value is not None:
        unit = tree.target_unit(indicator, units)
        shown = value_text(target.value) + (unit or "")
    subject = indicator.name
    if subject.endswith("情况") and len(subject) > 2:  # 绩效自评情况达到100%: the 情况 is what is measured
        subject = subject[:-2]
    if isinstance(indicator.actual, ast.Completion):
        subject = "完成率"
    text = target.text if target is not None and target.text is not None else ""
    actual = indicator.actual
    measured = actual.expr.name if isinstance(actual, ast.ActualExpr) and isinstance(actual.expr, ast.Name) else ""
    return Words(subject, shown, tree.actual_unit(indicator, units), text, measured)


def criteria_text(indicator: ast.Indicator, weight: Decimal, units: Mapping[str, str | None] | None = None) -> str:
    """The 评分标准 of one indicator in the standard wording of the published tables.

    ``weight`` is the indicator's resolved points; the wording speaks of 权重分, never the number.
    ``units`` (input name → unit) lets the wording name what a count counts in (``每发现1处问题``).
    """
    del weight  # the standard wording says 权重分, never the number
    if indicator.rule is None:
        return ""
    words = words_of(indicator, units)
    text = indicator.rule.criteria(indicator, words)
    if isinstance(indicator.actual, ast.Completion):
        items = indicator.actual.items
        listed = "".join(f"{circled(k)}{i.text or i.name}" for k, i in enumerate(items))
        text = f"{listed}，以上{len(items)}项按完成率计算，{text}"
    for part in indicator.parts:
        sign = "加分" if part.sign == "add" else "扣分"
        worth = f"（{amount_text(part.points)}）" if part.points is not None else ""
        part_words = Words(part.name, "", words.unit, gain="得" if part.sign == "add" else "扣")
        text += f"；{sign}项“{part.name}”{worth}：{part.rule.criteria(indicator, part_words)}"
    return text

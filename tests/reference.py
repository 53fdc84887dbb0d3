"""A deliberately naive tree-walking evaluator, to check the compiled one against.

It reads the AST directly on every call, recomputes everything, and shares no code
with perfscore's compiler or evaluator beyond the AST and the Decimal context.
It covers the rule kinds the property tests generate.
"""

from __future__ import annotations

import decimal
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from perfscore import ast
from perfscore.numbers import CONTEXT

ZERO, ONE = Decimal(0), Decimal(1)


def _rate(value: Any) -> Decimal:
    if isinstance(value, str) and value.endswith("%"):
        return Decimal(value[:-1]) / 100
    return Decimal(value)


def _met(value: Any) -> Decimal:
    if value is True:
        return ONE
    if value is False:
        return ZERO
    return _rate(value)


def _points(amount: ast.Amount, weight: Decimal) -> Decimal:
    return amount.value * weight if amount.unit == "share" else amount.value


def _holds(condition: ast.Condition, actual: Decimal) -> bool:
    if isinstance(condition, ast.Otherwise):
        return True
    if isinstance(condition, ast.Compare):
        bound = condition.value.value
        return {
            ">=": actual >= bound, ">": actual > bound, "<=": actual <= bound,
            "<": actual < bound, "==": actual == bound, "!=": actual != bound,
        }[condition.op]  # fmt: skip
    assert isinstance(condition, ast.Interval)
    low_ok = actual >= condition.low.value if condition.low_closed else actual > condition.low.value
    high_ok = actual <= condition.high.value if condition.high_closed else actual < condition.high.value
    return low_ok and high_ok


def leaf_score(node: ast.Indicator, weight: Decimal, value: Any) -> Decimal:
    """The unrounded, unclamped-by-the-caller score of one leaf."""
    rule = node.rule
    target = node.target.value.value if node.target and isinstance(node.target.value, ast.Number) else None
    if isinstance(rule, ast.Binary):
        return weight if value else ZERO
    if isinstance(rule, ast.Checklist):
        count = Decimal(len(rule.items))
        total = ZERO
        for item in rule.items:
            share = item.share.numerator / item.share.denominator if item.share else ONE / count
            total += share * _met(value[item.name])
        return weight * total
    if isinstance(rule, ast.Levels):
        level = next(lv for lv in rule.levels if lv.label == value)
        assert isinstance(level.award, ast.Amount)
        return _points(level.award, weight)
    actual = _rate(value)
    if isinstance(rule, ast.Proportional):
        assert target is not None
        if rule.cutoff is not None and isinstance(rule.cutoff, ast.Number) and actual < rule.cutoff.value:
            return ZERO
        ratio = target / actual if rule.reverse else actual / target
        return weight * max(ZERO, min(ratio, rule.cap or ONE))
    if isinstance(rule, ast.Deduct):
        limit = rule.limit.value if isinstance(rule.limit, ast.Number) else ZERO
        excess = {"above": actual - limit, "below": limit - actual, "beyond": abs(actual - limit)}[rule.side]
        if excess <= 0:
            return weight
        units = excess / rule.step.value
        mode = {"half_up": ROUND_HALF_UP, "up": ROUND_CEILING, "down": ROUND_FLOOR}.get(rule.partial)
        if mode is not None:
            units = units.quantize(ONE, rounding=mode)
        deduction = units * _points(rule.amount, weight)
        if rule.max is not None:
            deduction = min(deduction, _points(rule.max, weight))
        return max(weight - deduction, ZERO)
    if isinstance(rule, ast.Bands):
        band = next(b for b in rule.bands if _holds(b.condition, actual))
        assert isinstance(band.award, ast.Amount)
        return _points(band.award, weight)
    if isinstance(rule, ast.Linear):
        assert isinstance(rule.zero_at, ast.Number) and isinstance(rule.full_at, ast.Number)
        fraction = (actual - rule.zero_at.value) / (rule.full_at.value - rule.zero_at.value)
        return weight * max(ZERO, min(fraction, ONE))
    raise NotImplementedError(type(rule).__name__)


def total(rubric: ast.Rubric, data: dict[str, Any]) -> tuple[Decimal, dict[str, Decimal]]:
    """Leaf scores rounded half up to the rubric's places, clamped to [0, weight]; total = their sum."""
    scores: dict[str, Decimal] = {}
    places = Decimal(1).scaleb(-rubric.rounding.places)
    with decimal.localcontext(CONTEXT):
        pending = [(node, rubric.total) for node in rubric.nodes]
        while pending:
            node, parent = pending.pop()
            weight = node.weight.value * parent if node.weight.percent else node.weight.value
            if isinstance(node, ast.Group):
                pending.extend((child, weight) for child in node.children)
                continue
            raw = leaf_score(node, weight, data[node.code])
            raw = min(max(raw, ZERO), weight * (node.rule.cap or ONE) if isinstance(node.rule, ast.Proportional) else weight)
            scores[node.code] = raw.quantize(places, rounding=ROUND_HALF_UP)
    return sum(scores.values(), ZERO), scores

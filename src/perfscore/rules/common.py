"""What several rule kinds share: awards in points, band and grade conditions, the evaluator's judgement."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from .. import ast, data
from ..expressions import Env, Local, compile_expr
from ..source import Span

Step = tuple[Any, ...]
#: ``(actual, target, env, own data) -> (raw score, steps)``; steps are plain tuples, worded on demand.
Scorer = Callable[[Any, Any, Env, Any], tuple[Decimal, tuple[Step, ...]]]
Test = Callable[[Any, Env, Local], bool]
#: Builds a grammar rule's node from its transformed children and its span.
Builder = Callable[[list[Any], Span], Any]


@attrs.frozen
class Both:
    """An indicator's data holding both its actual and the evaluator's judgement."""

    actual: Any
    judgement: Any


def judgement(own: Any) -> Any:
    """The rule's part of an indicator's data (the data may hold the actual too)."""
    return own.judgement if type(own) is Both else own


def points(amount: ast.Amount, weight: Decimal) -> Decimal:
    return amount.value * weight if amount.unit == "share" else amount.value


def award_range(award: ast.Award, weight: Decimal) -> tuple[Decimal, Decimal]:
    """The lowest and highest points an award gives (the same for a fixed award)."""
    if isinstance(award, ast.AmountRange):
        return points(award.low, weight), points(award.high, weight)
    value = points(award, weight)
    return value, value


def is_range(award: ast.Award) -> bool:
    return isinstance(award, ast.AmountRange)


def condition_test(condition: ast.Condition) -> Test:
    """A band or grade condition as a predicate over the actual (or the total)."""
    match condition:
        case ast.Compare(op=op, value=ast.Number(value=bound)):
            test = data.COMPARISONS[op]
            return lambda actual, env, loc: test(actual, bound)
        case ast.Interval(low=low, high=high, low_closed=lc, high_closed=hc):
            lo, hi = low.value, high.value
            return lambda a, env, loc: (a >= lo if lc else a > lo) and (a <= hi if hc else a < hi)
        case ast.When(condition=expr):
            fn = compile_expr(expr)
            return lambda actual, env, loc: bool(fn(env, loc))
    return lambda actual, env, loc: True


def condition_numbers(condition: ast.Condition) -> list[ast.Number]:
    """The numbers a condition compares the actual with."""
    if isinstance(condition, ast.Compare):
        return [condition.value]
    return [condition.low, condition.high] if isinstance(condition, ast.Interval) else []


def judged_score(low: Decimal, high: Decimal) -> Scorer:
    """The evaluator's score, which must lie in ``[low, high]``."""

    def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
        judged = judgement(own)
        if not low <= judged <= high:
            raise data.Bad(f"the judged score {judged} is outside the declared range {low}~{high}")
        return judged, (("judged", judged, low, high),)

    return score

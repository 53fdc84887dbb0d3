"""What several rule kinds share: awards in points, band and grade conditions, the evaluator's judgement."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

import attrs

from .. import ast, data
from ..expressions import Env, Local, compile_expr
from ..messages import msg
from ..numbers import NotANumber, parse_rate, plain
from ..source import Span

Step = tuple[Any, ...]
#: ``(actual, target, env, own data) -> (raw score, steps)``; steps are plain tuples, worded on demand.
Scorer = Callable[[Any, Any, Env, Any], tuple[Decimal, tuple[Step, ...]]]
Test = Callable[[Any, Env, Local], bool]
#: A scorer's raw score alone, without the steps: what the evaluator's fused run calls when a scorer has one.
RawScorer = Callable[[Any, Any, Env, Any], Decimal]


def with_raw(score: Scorer, raw: RawScorer) -> Scorer:
    """``score`` carrying ``raw`` (the same arithmetic, no steps), for rules whose steps cost more than their
    score; a test holds the two to the same result on random rubrics."""
    score.raw = raw  # type: ignore[attr-defined]
    return score
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


def fixed_awards(awards: Iterable[ast.Award], weight: Decimal) -> frozenset[Decimal] | None:
    """The points of fixed awards (for ``Rule.reachable``); None when one is a range to judge within."""
    found = set()
    for award in awards:
        if not isinstance(award, ast.Amount):
            return None
        found.add(points(award, weight))
    return frozenset(found)


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


@attrs.frozen
class WeightShare:
    """A judged score written as a share of the weight (``"75%"``): ``value`` × the weight, once it is known."""

    value: Decimal


def read_judged(value: Any) -> Decimal | WeightShare:
    """A judged score: a number of points (``2``, ``"2分"``) or a share of the weight (``"75%"``)."""
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("分"):
            points: Decimal = data.number_reader("number")(text[:-1].strip())
            return points
        if text.endswith(("%", "％", "‰")):
            try:
                return WeightShare(parse_rate(text))
            except NotANumber as exc:
                raise data.Bad(exc.text) from None
    number: Decimal = data.number_reader("number")(value)
    return number


def judged_points(judged: Decimal | WeightShare, weight: Decimal) -> Decimal:
    """A judged score in points (a share of the weight multiplied out)."""
    return judged.value * weight if isinstance(judged, WeightShare) else judged


#: Whether a judged score outside its range is moved onto the nearest end (评定越界 取边界) rather than refused;
#: set by the compiler from the rubric while it compiles the rules, read when a rule builds its judged scorer.
CLAMP_JUDGED: ContextVar[bool] = ContextVar("CLAMP_JUDGED", default=False)


def judged_score(award: ast.Award, weight: Decimal) -> Scorer:
    """The evaluator's score, which must lie in the award's range (an open end excluded)."""
    low, high = award_range(award, weight)
    low_closed, high_closed = (award.low_closed, award.high_closed) if isinstance(award, ast.AmountRange) else (True, True)
    clamp = CLAMP_JUDGED.get()
    shown = f"{'[' if low_closed else '('}{plain(low)}, {plain(high)}{']' if high_closed else ')'}"

    def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
        given = judgement(own)
        judged = judged_points(given, weight)
        below = judged < low or (judged == low and not low_closed)
        above = judged > high or (judged == high and not high_closed)
        if not below and not above:
            return judged, (("judged", judged, low, high),)
        end, closed = (low, low_closed) if below else (high, high_closed)
        if clamp and closed:
            return end, (("judged", judged, low, high), ("judged_clamp", judged, end))
        if closed:
            raise data.Bad(msg("data.judged-range", judged=plain(judged), low=plain(low), high=plain(high)), ("score",))
        raise data.Bad(msg("data.judged-open", judged=plain(judged), range=shown, end=plain(end)), ("score",))

    return score

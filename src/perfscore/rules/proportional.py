"""按比例 (proportional): ``weight × min(actual ÷ target, 1)``; reversed (lower is better), cut off, or capped higher."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from .. import ast
from ..checker.report import as_percent, can
from ..explain import Say
from ..expressions import Env, compile_expr
from ..messages import Message, msg
from ..numbers import CONTEXT, ONE, ZERO, brief, plain
from ..printer import Row, Writer, format_expr, position, scaled
from ..criteria import Words, percent_text, value_text
from ..source import Span
from .common import Builder, Scorer, Step, with_raw

if TYPE_CHECKING:
    from ..checker import IndicatorCheck
    from ..data import Reader


@attrs.frozen
class Proportional(ast.Rule):
    """``min(actual/target, 1) × weight``; reversed, cut off or capped higher."""

    keyword: ClassVar[str] = "proportional"
    #: Builders of the grammar rules only this kind uses.
    parts: ClassVar[dict[str, Builder]] = {
        "reverse": lambda children, span: ("reverse", True),
        "cutoff": lambda children, span: ("cutoff", children[0]),
        "cap": lambda children, span: ("cap", children[0] / 100),
        "cap_points": lambda children, span: ("cap_points", children[0]),
        "uncapped": lambda children, span: ("uncapped", True),
    }
    rescorable: ClassVar[bool] = True

    reverse: bool = False
    cutoff: ast.Expr | None = None
    cap: Decimal | None = None  # 1.2 rewards over-achievement up to 120% of weight
    cap_points: Decimal | None = None  # 封顶 4分: over-achievement rewarded up to 4 points
    uncapped: bool = False  # 不封顶: over-achievement rewarded without limit
    span: Span = ast.span_field()

    @classmethod
    def parse(cls, children: list[Any], span: Span) -> Proportional:
        return cls(span=span, **dict(children))

    def compares_actual(self) -> bool:
        return True

    def literals(self) -> list[ast.Number]:
        return [self.cutoff] if isinstance(self.cutoff, ast.Number) else []

    def exprs(self) -> list[tuple[str, ast.Expr, ast.RuleExprRole]]:
        return [("where.rule.cutoff", self.cutoff, "number")] if self.cutoff is not None else []

    def ceiling(self, weight: Decimal) -> Decimal:
        if self.uncapped:
            return Decimal("Infinity")
        if self.cap_points is not None:
            return self.cap_points
        return weight * self.cap if self.cap is not None else weight

    def check(self, c: IndicatorCheck) -> None:
        ind, code, checker = c.ind, c.ind.code, c.checker
        if self.cap is not None and self.cap < 1:
            checker.error("bounds", self.span, msg("bounds.cap-percent", cap=as_percent(self.cap), code=code),
                          msg("bounds.cap-percent-hint"))  # fmt: skip
        if self.cap_points is not None and self.cap_points < c.weight:
            checker.error("bounds", self.span, msg("bounds.cap-points", cap=plain(self.cap_points), code=code,
                                                   weight=plain(c.weight)),
                          msg("bounds.cap-points-hint", weight=plain(c.weight)))  # fmt: skip
        if sum((self.cap is not None, self.cap_points is not None, self.uncapped)) > 1:
            checker.error("clauses", self.span, msg("clauses.caps", code=code), msg("clauses.caps-hint"))
        if self.reverse and self.uncapped:
            checker.error("bounds", self.span, msg("bounds.reverse-uncapped", code=code),
                          msg("bounds.reverse-uncapped-hint"))  # fmt: skip
        if self.cutoff is not None:
            text = checker.text(self.cutoff.span)
            checker.against(self.cutoff, c.types.get("actual"), msg("where.cutoff", text=text, code=code), code, c.types)
            if self.reverse:  # 0 below the cut-off, as unreversed (docs/semantics.md): there, the best values
                checker.warn("direction", self.cutoff.span, msg("direction.reverse-cutoff", code=code, cutoff=text),
                             msg("direction.reverse-cutoff-hint", cutoff=text))  # fmt: skip
        if c.target is None:
            checker.error("clauses", ind.target.span if ind.target else self.span,
                          msg("clauses.needs-target", code=code), msg("clauses.needs-target-hint"))
            return
        low = c.ranges.get("target")
        if not self.reverse and low is not None and low.has(ZERO):
            checker.zero(c.target, low, msg("division.target", code=code, can=can(low)))
        # Reversed, an actual of 0 is the best value there is: full marks, never a division.

    def rewards(self, c: IndicatorCheck) -> tuple[ast.Direction | None, Message | None]:
        return ("lower" if self.reverse else "higher"), msg("direction.reverse-hint")

    def compile(self, weight: Decimal) -> tuple[Scorer, Reader | None]:
        cutoff = compile_expr(self.cutoff) if self.cutoff is not None else None
        most = self.cap_points
        cap = self.cap if self.cap is not None else (None if self.uncapped or most is not None else ONE)
        reverse = self.reverse

        def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
            if cutoff is not None:
                threshold = cutoff(env, (weight, actual, target))
                if actual < threshold:
                    return ZERO, (("cutoff", actual, threshold),)
            if reverse and actual == ZERO:  # nothing at all is the best value there is (用时 0 天): full marks
                best = weight * cap if cap is not None else (most if most is not None else weight)
                return best, (("best", actual, target, best),)
            ratio = target / actual if reverse else actual / target
            if ratio < ZERO or (cap is not None and ratio > cap):
                used = ZERO if ratio < ZERO or cap is None else cap
                points = weight * used
            else:  # multiply before dividing: one rounding, of the true quotient, so 3 × 1/3 is exactly 1,
                used = ratio  # not 0.999…9 (which 舍去 floors to 0.99); weight × actual is exact in 60 digits
                points = weight * target / actual if reverse else weight * actual / target
                if most is not None and points > most:  # 封顶 N分: at most N points
                    used, points = most / weight, most
            return points, (("ratio", actual, target, ratio, used, reverse, weight),)

        def raw(actual: Any, target: Any, env: Env, own: Any) -> Decimal:  # score's arithmetic, without the steps
            if cutoff is not None and actual < cutoff(env, (weight, actual, target)):
                return ZERO
            if reverse and actual == ZERO:
                return weight * cap if cap is not None else (most if most is not None else weight)
            ratio = target / actual if reverse else actual / target
            if ratio < ZERO or (cap is not None and ratio > cap):
                return weight * (ZERO if ratio < ZERO or cap is None else cap)
            points = weight * target / actual if reverse else weight * actual / target
            return most if most is not None and points > most else points

        return with_raw(score, raw), None

    def explain(self, step: Step, say: Say) -> str:
        w, show = say.words, say.show
        if step[0] == "cutoff":
            actual, threshold = step[1:]
            return (f"{w['actual']} {show(actual)} 低于 {show(threshold)}，不得分" if say.zh
                    else f"actual {show(actual)} is below the cut-off {show(threshold)}: no points")  # fmt: skip
        if step[0] == "best":
            actual, target, best = step[1:]
            return (f"{w['actual']} {show(actual)}，越低越好，0 为最优值，得 {brief(best)} 分" if say.zh
                    else f"actual {show(actual)}: lower is better and 0 is the best value, {brief(best)} points")  # fmt: skip
        actual, target, ratio, used, reverse, weight = step[1:]
        fraction = f"{show(target)} ÷ {show(actual)}" if reverse else f"{show(actual)} ÷ {show(target)}"
        if self.uncapped:
            formula = f"{brief(weight)} × {fraction}"
        elif self.cap_points is not None:
            formula = f"min({brief(weight)} × {fraction}, {brief(self.cap_points)})"
        else:
            formula = f"{brief(weight)} × min({fraction}, {brief(self.cap) if self.cap is not None else 1})"
        return (f"{w['actual']} {show(actual)}{w['sep']}{w['target']} {show(target)}{w['sep']}"
                f"{w['score']} = {formula} = {brief(CONTEXT.multiply(weight, used))}")  # fmt: skip

    def canonical(self, w: Writer) -> list[Row]:
        parts = [w.kw("proportional")]
        if self.reverse:
            parts.append(w.kw("reverse"))
        if self.cutoff is not None:
            parts += [w.kw("cutoff"), format_expr(self.cutoff, w.language)]
        if self.cap is not None:
            parts += [w.kw("cap"), scaled(self.cap, 100) + "%"]
        if self.cap_points is not None:
            parts += [w.kw("cap"), plain(self.cap_points) + ("分" if w.language == "zh" else " points")]
        if self.uncapped:
            parts.append(w.kw("uncapped"))
        return [(" ".join(parts), position(self))]

    def reachable_from(self, weight: Decimal, actuals: frozenset[Decimal], target: ast.Target | None) -> frozenset[Decimal] | None:
        """weight × min(actual ÷ target, cap) for each actual, against a target written as a number."""
        if target is None or not isinstance(target.value, ast.Number) or target.value.value <= 0 or self.reverse \
                or self.cutoff is not None or self.cap_points is not None:  # fmt: skip
            return None
        goal, ceiling = target.value.value, None if self.uncapped else (self.cap or ONE)
        return frozenset(CONTEXT.multiply(weight, r / goal if ceiling is None else min(r / goal, ceiling)) for r in actuals)

    def criteria(self, indicator: ast.Indicator, words: Words) -> str:
        goal = words.target or "目标值"
        if self.reverse:
            text = f"{words.subject}不高于{goal}得满分，否则按目标值/实际值×权重分计分"
        else:
            text = f"{words.subject}达到{goal}得满分，否则按实际值/目标值×权重分计分"
        if self.cap is not None:
            text += f"，超出目标值的按比例加分，最高得{percent_text(self.cap)}权重分"
        if self.cap_points is not None:
            text += f"，超出目标值的按比例加分，最高得{plain(self.cap_points)}分"
        if self.uncapped:
            text += "，超出目标值的按比例加分，不封顶"
        if self.cutoff is not None:  # 0 when the actual is below it, reversed too (docs/semantics.md): as scored
            text += f"，低于{value_text(self.cutoff)}不得分"
        return text


#: The grammar's options of 按比例, as (field, value) pairs for ``parse``.

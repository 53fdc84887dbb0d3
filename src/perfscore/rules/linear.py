"""线性 (linear): 0 points at one value, full marks at another, a straight line between."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from .. import ast
from ..criteria import value_text
from ..explain import Say, rate_text
from ..expressions import Env, compile_expr
from ..intervals import add, neg
from ..messages import Message, msg
from ..numbers import ONE, ZERO, brief
from ..printer import Row, Writer, format_expr, position
from ..criteria import Words
from ..source import Span
from .common import Scorer, Step

if TYPE_CHECKING:
    from ..checker import IndicatorCheck
    from ..data import Reader


@attrs.frozen
class Linear(ast.Rule):
    """0 at ``zero_at``, full weight at ``full_at``, straight line between."""

    keyword: ClassVar[str] = "linear"
    rescorable: ClassVar[bool] = True

    zero_at: ast.Expr
    full_at: ast.Expr
    span: Span = ast.span_field()

    @classmethod
    def parse(cls, children: list[Any], span: Span) -> Linear:
        return cls(children[0], children[1], span=span)

    def compares_actual(self) -> bool:
        return True

    def literals(self) -> list[ast.Number]:
        return [n for n in (self.zero_at, self.full_at) if isinstance(n, ast.Number)]

    def exprs(self) -> list[tuple[str, ast.Expr, ast.RuleExprRole]]:
        return [("where.rule.linear", self.zero_at, "number"), ("where.rule.linear", self.full_at, "number")]

    def check(self, c: IndicatorCheck) -> None:
        code, checker = c.ind.code, c.checker
        for end in (self.zero_at, self.full_at):
            checker.against(end, c.actual_type, msg("where.linear-bound", text=checker.text(end.span), code=code), code,
                            c.types)  # fmt: skip
        low, high = checker.range_of(self.zero_at, c.ranges, None), checker.range_of(self.full_at, c.ranges, None)
        if low is not None and high is not None and add(high, neg(low)).has(ZERO):
            same = low.lo == low.hi == high.lo == high.hi
            message = msg("division.linear-same" if same else "division.linear-maybe", code=code)
            (checker.error if same else checker.warn)("division", self.span, message, msg("division.linear-hint"))

    def rewards(self, c: IndicatorCheck) -> tuple[ast.Direction | None, Message | None]:
        z, f = self.zero_at, self.full_at
        if isinstance(z, ast.Number) and isinstance(f, ast.Number) and z.value != f.value:
            return ("higher" if f.value > z.value else "lower"), msg("direction.linear-hint")
        return None, None

    def compile(self, weight: Decimal) -> tuple[Scorer, Reader | None]:
        zero_at, full_at = compile_expr(self.zero_at), compile_expr(self.full_at)

        def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
            loc = (weight, actual, target)
            low, high = zero_at(env, loc), full_at(env, loc)
            fraction = (actual - low) / (high - low)
            # At or past the zero end, 0 — never -0: on a falling line (zero end above the full end) the
            # fraction there is 0 / a negative number, Decimal('-0'), and so was the score (-0.00).
            used = ZERO if fraction <= ZERO else (min(fraction, ONE))
            # Within the line, multiply before dividing (one rounding of the true value, as proportional does).
            points = weight * (actual - low) / (high - low) if ZERO < fraction <= ONE else weight * used
            return points, (("linear", actual, low, high, fraction, used, weight),)

        return score, None

    def explain(self, step: Step, say: Say) -> str:
        actual, low, high, fraction, used, weight = step[1:]
        w, show = say.words, say.show
        return (f"{w['actual']} {show(actual)}，在 {show(low)}（0 分）与 {show(high)}（满分）之间按线性插值，"
                f"得分 = {brief(weight)} × {rate_text(used)}" if say.zh else
                f"actual {show(actual)} between {show(low)} (0) and {show(high)} (full): "
                f"score = {brief(weight)} × {rate_text(used)}")  # fmt: skip

    def canonical(self, w: Writer) -> list[Row]:
        language = w.language
        ends = f"{w.kw('from')} {format_expr(self.zero_at, language)} {w.kw('to')} {format_expr(self.full_at, language)}"
        return [(f"{w.kw('linear')} {ends}", position(self))]

    def criteria(self, indicator: ast.Indicator, words: Words) -> str:
        unit = words.unit or ""
        return (f"{words.subject}为{value_text(self.zero_at)}{unit}时不得分，达到{value_text(self.full_at)}{unit}时得满分，"
                "介于两者之间的按比例计分")

"""公式 (formula): the score is an expression over inputs, the weight, the actual and the target."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ..criteria import Words, formula_text
from .. import ast
from ..checker.report import WORDS, fmt, num
from ..explain import Say
from ..expressions import Env, compile_expr
from ..messages import msg
from ..numbers import brief
from ..printer import Row, Writer, format_expr, position
from ..source import Span
from .common import Scorer, Step

if TYPE_CHECKING:
    from ..checker import IndicatorCheck
    from ..data import Reader


@attrs.frozen
class Formula(ast.Rule):
    keyword: ClassVar[str] = "formula"
    rescorable: ClassVar[bool] = True

    expr: ast.Expr
    span: Span = ast.span_field()

    @classmethod
    def parse(cls, children: list[Any], span: Span) -> Formula:
        return cls(children[0], span=span)

    def exprs(self) -> list[tuple[str, ast.Expr, ast.RuleExprRole]]:
        return [("where.rule.formula", self.expr, "score")]

    def check(self, c: IndicatorCheck) -> None:
        code, checker, expr = c.ind.code, c.checker, self.expr
        t = checker.type_of(expr, c.types, None)
        if t in ("rate", "amount", "count") and not _scaled(expr):
            checker.warn("types", expr.span, msg("types.formula-not-points", code=code, what=WORDS[t]),
                         msg("types.formula-not-points-hint"))  # fmt: skip
        r = checker.range_of(expr, c.ranges, msg("where.of", what=msg("where.rule.formula"), code=code))
        if r is not None and (r.lo < 0 or r.hi > c.weight):
            checker.warn("bounds", expr.span, msg("bounds.formula-range", code=code, range=fmt(r, False),
                                                  weight=num(c.weight)))  # fmt: skip

    def compile(self, weight: Decimal) -> tuple[Scorer, Reader | None]:
        fn = compile_expr(self.expr)

        def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
            value = fn(env, (weight, actual, target))
            return value, (("formula", value),)

        return score, None

    def explain(self, step: Step, say: Say) -> str:
        return f"{'公式' if say.zh else 'formula'} {format_expr(self.expr, say.language)} = {brief(step[1])}"

    def canonical(self, w: Writer) -> list[Row]:
        return [(f"{w.kw('formula')} {format_expr(self.expr, w.language)}", position(self))]

    def criteria(self, indicator: ast.Indicator, words: Words) -> str:
        return f"得分={formula_text(self.expr)}，最低0分，最高不超过权重分"


def _scaled(expr: ast.Expr) -> bool:
    """Whether the author turned the figure into points: a plain number in its arithmetic (`70 × actual − 63`).

    Only the operands of + − × ÷ count (also through 如果 branches), not a bound in min()/max().
    """
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.BinOp) and node.op in ("+", "-", "*", "/"):
            for side in (node.left, node.right):
                if isinstance(side, ast.Number) and side.unit == "":
                    return True
                stack.append(side)
        elif isinstance(node, ast.Neg):
            stack.append(node.operand)
        elif isinstance(node, ast.Conditional):
            stack += [node.then, node.otherwise]
    return False

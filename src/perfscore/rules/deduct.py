"""扣 (deduct): full marks within a limit, then so many points per step beyond it, floored at 0."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs

from .. import ast
from ..criteria import amount_text as amount_words
from ..criteria import value_text
from ..explain import Say
from ..expressions import Env, compile_expr
from ..keywords import canonical
from ..messages import Message, msg
from ..numbers import ONE, ZERO, brief
from ..printer import Row, Writer, amount_text, format_expr, format_number, position
from ..criteria import Words
from ..source import Span
from .common import Builder, Scorer, Step, points

if TYPE_CHECKING:
    from ..checker import IndicatorCheck
    from ..data import Reader

Side = Literal["above", "below", "beyond"]
Partial = Literal["prorata", "half_up", "up", "down"]

_ROUNDING = {"half_up": ROUND_HALF_UP, "up": ROUND_CEILING, "down": ROUND_FLOOR}
_PARTIAL_SAID = {
    "zh": {"half_up": "四舍五入为", "up": "不足一个单位按一个计，为", "down": "不足一个单位不计，为"},
    "en": {"half_up": "rounded half up to", "up": "a partial unit counts as whole:", "down": "partial units dropped:"},
}
_PARTIAL_WORDING = {"prorata": "", "half_up": "（不足{s}按四舍五入取整）", "up": "（不足{s}按{s}计算）", "down": "（不足{s}不计）"}


@attrs.frozen
class Deduct(ast.Rule):
    """Deduct ``amount`` per ``step`` beyond a limit, floored at zero."""

    keyword: ClassVar[str] = "deduct"
    #: Builders of the grammar rules only this kind uses.
    parts: ClassVar[dict[str, Builder]] = {
        "side_above": lambda children, span: ("side", ("above", children[0])),
        "side_below": lambda children, span: ("side", ("below", children[0])),
        "side_beyond": lambda children, span: ("side", ("beyond", children[0])),
        "deduct_max": lambda children, span: ("max", children[0]),
        "partial": lambda children, span: ("partial", canonical(str(children[-1]))),
    }
    rescorable: ClassVar[bool] = True

    amount: ast.Amount
    step: ast.Number
    side: Side = "above"
    limit: ast.Expr | None = None
    partial: Partial = "prorata"
    max: ast.Amount | None = None
    span: Span = ast.span_field()

    @classmethod
    def parse(cls, children: list[Any], span: Span) -> Deduct:
        amount, step, *options = children
        fields = dict(options)
        side, limit = fields.pop("side", ("above", None))
        return cls(amount, step, side, limit, span=span, **fields)

    def compares_actual(self) -> bool:
        return True

    def literals(self) -> list[ast.Number]:
        return [self.step] + ([self.limit] if isinstance(self.limit, ast.Number) else [])

    def exprs(self) -> list[tuple[str, ast.Expr, ast.RuleExprRole]]:
        return [("where.rule.deduction-limit", self.limit, "number")] if self.limit is not None else []

    def check(self, c: IndicatorCheck) -> None:
        code, checker = c.ind.code, c.checker
        for amount, what in ((self.amount, "deduction"), (self.max, "maximum-deduction"), (self.step, "step")):
            if amount is not None and amount.value <= 0:
                checker.error("bounds", amount.span, msg("bounds.amount", what=msg(f"word.{what}"), code=code,
                                                         text=checker.text(amount.span)))  # fmt: skip
        checker.against(self.step, c.actual_type, msg("where.step", text=checker.text(self.step.span), code=code),
                        code, c.types)  # fmt: skip
        if self.limit is not None:
            checker.against(self.limit, c.actual_type, msg("where.limit", text=checker.text(self.limit.span),
                                                           code=code), code, c.types)  # fmt: skip

    def rewards(self, c: IndicatorCheck) -> tuple[ast.Direction | None, Message | None]:
        if self.side == "beyond":
            return None, None
        return ("lower" if self.side == "above" else "higher"), \
            msg("direction.deduct-hint")  # fmt: skip

    def compile(self, weight: Decimal) -> tuple[Scorer, Reader | None]:
        limit = compile_expr(self.limit) if self.limit is not None else (lambda env, loc: ZERO)
        step = self.step.value
        per_unit = points(self.amount, weight)
        most = points(self.max, weight) if self.max is not None else None
        side = self.side
        rounding = _ROUNDING.get(self.partial)

        def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
            bound = limit(env, (weight, actual, target))
            if side == "above":
                excess = actual - bound
            elif side == "below":
                excess = bound - actual
            else:
                excess = abs(actual - bound)
            if excess <= ZERO:
                return weight, (("within", side, actual, bound),)
            units = exact = excess / step
            if rounding is not None:
                units = exact.quantize(ONE, rounding)
            deduction = units * per_unit
            capped = most is not None and deduction > most
            if capped:
                deduction = most
            raw = weight - deduction
            raw = max(raw, ZERO)
            return raw, (("deduct", side, actual, bound, excess, step, exact, units, per_unit, deduction, capped,
                          weight),)  # fmt: skip

        return score, None

    def explain(self, step: Step, say: Say) -> str:
        w, show, zh = say.words, say.show, say.zh
        if step[0] == "within":
            side, actual, bound = step[1:]
            if zh:
                verb = {"above": "未超过", "below": "不低于", "beyond": "等于"}[side]
                return f"{w['actual']} {show(actual)} {verb} {show(bound)}，得满分"
            verb = {"above": "does not exceed", "below": "is not below", "beyond": "equals"}[side]
            return f"actual {show(actual)} {verb} {show(bound)}: full marks"
        side, actual, bound, excess, unit, exact, units, per_unit, deduction, capped, weight = step[1:]
        rounding = ""
        if units != exact:
            partial = self.partial if self.partial != "prorata" else "half_up"
            rounding = f"{'，' if zh else ', '}{_PARTIAL_SAID[say.language][partial]} {brief(units)}"
        product = brief(units * per_unit)
        if zh:
            taken = f"{product} 分，超过扣分上限，按 {brief(deduction)} 分扣" if capped else f"{product} 分"
            return (f"{w['actual']} {show(actual)} {w[side]} {show(bound)} {show(excess)}，"
                    f"每 {show(unit)} 一个单位，共 {brief(exact)} 个单位{rounding}，"
                    f"扣 {brief(units)} × {brief(per_unit)} = {taken}，"
                    f"得分 = max({brief(weight)} − {brief(deduction)}, 0)")
        taken = f"{product}, capped at {brief(deduction)}" if capped else product
        return (f"actual {show(actual)} is {show(excess)} {w[side]} {show(bound)}; "
                f"{brief(exact)} units of {show(unit)}{rounding}; deduct {brief(units)} × {brief(per_unit)} = "
                f"{taken}; score = max({brief(weight)} − {brief(deduction)}, 0)")

    def canonical(self, w: Writer) -> list[Row]:
        language = w.language
        parts = [w.kw("deduct"), amount_text(self.amount, language), w.kw("per"), format_number(self.step, language)]
        if self.limit is not None:
            parts += [w.kw(self.side), format_expr(self.limit, language)]
        if self.partial != "prorata":
            parts += [w.kw("partial"), w.kw(self.partial)]
        if self.max is not None:
            parts += [w.kw("max"), amount_text(self.max, language)]
        return [(" ".join(parts), position(self))]

    def criteria(self, indicator: ast.Indicator, words: Words) -> str:
        step = format_expr(self.step)
        partial = _PARTIAL_WORDING[self.partial].format(s=step)
        counts = isinstance(self.step, ast.Number) and self.step.unit == "" and self.side == "above"
        if counts and (self.limit is None or isinstance(self.limit, ast.Number) and self.limit.value == 0):
            # Problems found, from none: the wording of the published tables (每发现1处问题扣1分).
            text = f"每发现{words.each(step, '处')}{words.counted()}扣{amount_words(self.amount)}"
        else:
            limit = value_text(self.limit) if self.limit is not None else "0"
            unit = (words.unit or "") if counts else ""
            if self.side == "above":
                head, verb = f"{words.subject}≤{limit}{unit}时得满分", "增加"
            elif self.side == "below":
                head, verb = f"{words.subject}≥{limit}{unit}时得满分", "减少" if unit else "低"
            else:
                head, verb = f"{words.subject}等于{limit}{unit}时得满分", "偏离"
            text = f"{head}，否则每{verb}{step}{unit}{partial}扣{amount_words(self.amount)}"
        # 扣完为止 (until nothing is left) or the cap, which stops it first.
        text += f"，最多扣{amount_words(self.max)}" if self.max is not None else "，扣完为止"
        return text

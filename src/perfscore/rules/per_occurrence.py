"""按次 (per occurrence): so many points for each occurrence counted in the data, up to a maximum.

"每发现1例加0.5分，最多加2分" is ``按次 0.5分 最多 2分``: the data give the count under the code;
the score is ``min(count × 0.5, 2)``, and without 最多 at most the weight. A deduction per
occurrence is ``扣 0.5分 每 1``; this rule awards.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from .. import ast
from ..criteria import amount_text as amount_words
from ..explain import Say
from ..expressions import Env
from ..messages import Message, msg
from ..numbers import brief
from ..printer import Row, Writer, amount_text, position
from ..criteria import Words
from ..source import Span
from .common import Builder, Scorer, Step, points

if TYPE_CHECKING:
    from ..checker import IndicatorCheck
    from ..data import Reader


@attrs.frozen
class PerOccurrence(ast.Rule):
    keyword: ClassVar[str] = "per_occurrence"
    parts: ClassVar[dict[str, Builder]] = {"occurrence_max": lambda children, span: children[0]}
    rescorable: ClassVar[bool] = True

    amount: ast.Amount
    max: ast.Amount | None = None
    span: Span = ast.span_field()

    @classmethod
    def parse(cls, children: list[Any], span: Span) -> PerOccurrence:
        amount, *most = children
        return cls(amount, most[0] if most else None, span=span)

    def compares_actual(self) -> bool:
        return True

    def actual_type(self) -> ast.ValueType:
        return "count"

    def check(self, c: IndicatorCheck) -> None:
        checker = c.checker
        for amount, what in ((self.amount, "points-per-occurrence"), (self.max, "maximum")):
            if amount is not None and amount.value <= 0:
                checker.error("bounds", amount.span, msg("bounds.amount", what=msg(f"word.{what}"), code=c.ind.code,
                                                         text=checker.text(amount.span)))  # fmt: skip
        if self.max is not None:
            checker.award(c.ind, self.max, c.weight, msg("where.the-maximum"))

    def rewards(self, c: IndicatorCheck) -> tuple[ast.Direction | None, Message | None]:
        return "higher", msg("direction.per-occurrence-hint")

    def compile(self, weight: Decimal) -> tuple[Scorer, Reader | None]:
        each = points(self.amount, weight)
        most = points(self.max, weight) if self.max is not None else weight

        def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
            earned = actual * each
            return min(earned, most), (("occurrences", actual, each, earned, most),)

        return score, None

    def explain(self, step: Step, say: Say) -> str:
        count, each, earned, most = step[1:]
        capped = earned > most
        if say.zh:
            text = f"发生 {brief(count)} 次，每次 {brief(each)} 分，{brief(count)} × {brief(each)} = {brief(earned)} 分"
            return text + (f"，最多 {brief(most)} 分" if capped else "")
        text = f"{brief(count)} occurrences at {brief(each)} points each: {brief(count)} × {brief(each)} = {brief(earned)}"
        return text + (f", at most {brief(most)}" if capped else "")

    def canonical(self, w: Writer) -> list[Row]:
        parts = [w.kw("per_occurrence"), amount_text(self.amount, w.language)]
        if self.max is not None:
            parts += [w.kw("max"), amount_text(self.max, w.language)]
        return [(" ".join(parts), position(self))]

    def criteria(self, indicator: ast.Indicator, words: Words) -> str:
        gain = words.gain
        if gain == "扣":  # a 扣分 part: problems found (每发现1次问题扣0.5分)
            text = f"每发现{words.each('1', '次')}{words.counted()}扣{amount_words(self.amount)}"
        else:
            text = f"{words.subject}每{words.each('1', '次')}得{amount_words(self.amount)}"
        return text + (f"，最多{gain}{amount_words(self.max)}" if self.max is not None else f"，{gain}满权重分为止")

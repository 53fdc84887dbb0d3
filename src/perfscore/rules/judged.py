"""评定 (judged): the evaluator's score, which must lie in the declared range."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from .. import ast
from ..explain import Say
from ..numbers import brief
from ..printer import Row, Writer, award_text, position
from ..criteria import Words
from ..criteria import amount_text
from ..criteria import range_text
from ..messages import msg
from ..schema import Shape, Value
from ..source import Span
from .common import Scorer, Step, judged_score, read_judged

if TYPE_CHECKING:
    from ..checker import IndicatorCheck
    from ..data import Reader


@attrs.frozen
class Judged(ast.Rule):
    """The evaluator's score, checked to lie in the declared range."""

    keyword: ClassVar[str] = "judged"

    award: ast.Award
    span: Span = ast.span_field()

    @classmethod
    def parse(cls, children: list[Any], span: Span) -> Judged:
        return cls(children[0], span=span)

    def judged(self) -> bool:
        return True

    def check(self, c: IndicatorCheck) -> None:
        c.checker.award(c.ind, self.award, c.weight, msg("where.judged"))

    def data_shape(self, title: str) -> Shape:
        return Value("judged", f"{title}：评定得分", note=award_text(self.award, "zh"))

    def compile(self, weight: Decimal) -> tuple[Scorer, Reader | None]:
        return judged_score(self.award, weight), read_judged

    def explain(self, step: Step, say: Say) -> str:
        return judged_words(step, say)

    def canonical(self, w: Writer) -> list[Row]:
        return [(f"{w.kw('judged')} {award_text(self.award, w.language)}", position(self))]

    def criteria(self, indicator: ast.Indicator, words: Words) -> str:
        if isinstance(self.award, ast.AmountRange):
            return f"由评价组根据{words.subject}的实际情况评定，{words.gain}{range_text(self.award, tier=False)}"
        return f"由评价组根据{words.subject}的实际情况评定，最高{words.gain}{amount_text(self.award)}"


def judged_words(step: Step, say: Say) -> str:
    """The judged step, which bands and levels with a ranged award record too."""
    if step[0] == "judged_clamp":
        judged, end = step[1:]
        return (f"评定得分 {brief(judged)} 超出范围，按边界值 {brief(end)} 分计" if say.zh
                else f"the judged score {brief(judged)} is outside the range: {brief(end)}, its nearest end")  # fmt: skip
    judged, low, high = step[1:]
    return (f"评定得分 {brief(judged)}（范围 {brief(low)}~{brief(high)} 分）" if say.zh
            else f"judged score {brief(judged)} (range {brief(low)}–{brief(high)})")  # fmt: skip

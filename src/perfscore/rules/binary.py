"""达标 (binary): full marks when met, none otherwise."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ..criteria import Words
from .. import ast, data
from ..explain import Say
from ..expressions import Env
from ..numbers import ZERO, brief
from ..printer import Row, Writer, position
from ..schema import Shape, Value
from ..source import Span
from .common import Scorer, Step, judgement, with_raw

if TYPE_CHECKING:
    from ..data import Reader


#: How a target's sign reads in a sentence (≥90% → 达到90%).
_SIGNS = {">=": "达到", ">": "高于", "<=": "不高于", "<": "低于", "==": "为", "!=": "不为"}


@attrs.frozen
class Binary(ast.Rule):
    keyword: ClassVar[str] = "binary"

    span: Span = ast.span_field()

    @classmethod
    def parse(cls, children: list[Any], span: Span) -> Binary:
        return cls(span=span)

    def data_shape(self, title: str) -> Shape:
        return Value("yesno", f"{title}：是否达标（是/否）")

    def reachable(self, weight: Decimal) -> frozenset[Decimal]:
        return frozenset({ZERO, weight})

    def compile(self, weight: Decimal) -> tuple[Scorer, Reader | None]:
        def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
            met = judgement(own)
            return (weight if met else ZERO), (("binary", met, weight),)

        def raw(actual: Any, target: Any, env: Env, own: Any) -> Decimal:
            return weight if judgement(own) else ZERO

        return with_raw(score, raw), data.flag

    def explain(self, step: Step, say: Say) -> str:
        met, weight = step[1:]
        if say.zh:
            return f"达标，得 {brief(weight)} 分" if met else "未达标，不得分"
        return f"met: {brief(weight)} points" if met else "not met: no points"

    def canonical(self, w: Writer) -> list[Row]:
        return [(w.kw("binary"), position(self))]

    def criteria(self, indicator: ast.Indicator, words: Words) -> str:
        if words.target_text:
            return f"{words.target_text}得满分，否则不得分"
        if words.target:
            op = indicator.target.op if indicator.target is not None else None
            return f"{words.subject}{_SIGNS.get(op or '>=', '达到')}{words.target}得满分，否则不得分"
        return "达到目标得满分，否则不得分"

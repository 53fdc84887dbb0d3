"""清单 (checklist): items met, unmet or partly met, each worth its share of the weight (equal shares by default).

``清单 全有全无`` (all_or_nothing) declares that an item is met or not, never partly ("符合得权重分，不符合不得分"):
its data are yes/no, and the audit knows the few scores it can give (two items of 1.5: 0, 1.5 or 3).
"""

from __future__ import annotations

from decimal import Decimal
from operator import mul
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from .. import ast, data
from ..criteria import Words, circled
from ..explain import Say, rate_text
from ..expressions import Env
from ..numbers import CONTEXT, ONE, ZERO, brief
from ..printer import Row, Writer, format_share, item_text, position
from ..schema import Shape, Table, Value
from ..source import Span
from .common import Both, Builder, Scorer, Step, with_raw

if TYPE_CHECKING:
    from ..checker import IndicatorCheck
    from ..data import Reader


@attrs.frozen
class Checklist(ast.Rule):
    keyword: ClassVar[str] = "checklist"
    parts: ClassVar[dict[str, Builder]] = {"checklist_whole": lambda children, span: WHOLE}

    items: tuple[ast.Item, ...]
    #: Items are met or not, never partly (全有全无).
    whole: bool = False
    span: Span = ast.span_field()

    @classmethod
    def parse(cls, children: list[Any], span: Span) -> Checklist:
        whole = bool(children) and children[0] is WHOLE
        return cls(tuple(children[1:] if whole else children), whole, span=span)

    def reachable(self, weight: Decimal) -> frozenset[Decimal] | None:
        return subset_sums(self.items, weight) if self.whole else None

    def check(self, c: IndicatorCheck) -> None:
        c.checker.items(c.ind, self.items, "checklist", self.span)

    def data_shape(self, title: str) -> Shape:
        if self.whole:
            items = tuple((i.name, Value("yesno", f"{title}·{i.name}：是否符合（是/否）")) for i in self.items)
        else:
            items = tuple((i.name, Value("fulfilment", f"{title}·{i.name}：是否符合（是/否，或符合程度 0~100%）"))
                          for i in self.items)  # fmt: skip
        return Table(items, tuple(i.name for i in self.items), f"{title}：各项是否符合")

    def compile(self, weight: Decimal) -> tuple[Scorer, Reader | None]:
        names = tuple(i.name for i in self.items)
        shares = share_values(self.items) or [CONTEXT.divide(ONE, Decimal(len(self.items)))] * len(self.items)
        readers = tuple((data.whole_fulfilment if self.whole else data.fulfilment) for _ in self.items)

        def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
            met = own.judgement if type(own) is Both else own
            total = sum(map(mul, shares, met), ZERO)  # share × done, added in item order
            return weight * total, (("checklist", tuple(zip(names, shares, met)), total, weight),)

        def raw(actual: Any, target: Any, env: Env, own: Any) -> Decimal:
            return weight * sum(map(mul, shares, own.judgement if type(own) is Both else own), ZERO)

        return with_raw(score, raw), data.items_reader(names, readers)

    def explain(self, step: Step, say: Say) -> str:
        rows, total, weight = step[1:]
        items = [f"{name} {rate_text(share)} × {rate_text(done) if done not in (0, 1) else int(done)}"
                 for name, share, done in rows]  # fmt: skip
        joined = " + ".join(items)
        return (f"清单 {joined} = {rate_text(total)}，得分 = {brief(weight)} × {rate_text(total)}" if say.zh
                else f"checklist {joined} = {rate_text(total)}; score = {brief(weight)} × {rate_text(total)}")  # fmt: skip

    def canonical(self, w: Writer) -> list[Row]:
        rows = [(f"  {item_text(i, w.language)}", position(i)) for i in self.items]
        head = f"{w.kw('checklist')} {w.kw('all_or_nothing')}" if self.whole else w.kw("checklist")
        return [(f"{head} {{", position(self)), *rows, ("}", -1)]

    def criteria(self, indicator: ast.Indicator, words: Words) -> str:
        listed = "".join(
            f"{circled(k)}{i.name}" + (f"（{format_share(i.share)}）" if i.share is not None else "")
            for k, i in enumerate(self.items)
        )
        return f"{listed}，符合得相应权重分，不符合不得分"


#: Distinct scores past which a checklist's reachable set is not worth keeping (a dozen unequal items).
REACHABLE_MOST = 4096
#: The parsed 全有全无 marker.
WHOLE = "all_or_nothing"


def subset_sums(items: tuple[ast.Item, ...], scale: Decimal) -> frozenset[Decimal] | None:
    """What items met or not can add up to, each worth its share of ``scale``: a 全有全无 checklist's
    scores (scale: the weight), a 全有全无 completion's rates (scale 1). None past REACHABLE_MOST."""
    shares = share_values(items) or [CONTEXT.divide(ONE, Decimal(len(items)))] * len(items)
    sums = {ZERO}
    for share in shares:  # every subset's sum, while they stay few (equal shares: one per count)
        sums |= {CONTEXT.add(total, CONTEXT.multiply(scale, share)) for total in sums}
        if len(sums) > REACHABLE_MOST:
            return None
    return frozenset(sums)


def share_values(items: tuple[ast.Item, ...]) -> list[Decimal] | None:
    """Each item's share of the weight, or None when the items have none (equal shares)."""
    if not items or items[0].share is None:
        return None
    return [CONTEXT.divide(i.share.numerator, i.share.denominator) for i in items if i.share is not None]

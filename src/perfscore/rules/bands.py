"""分档 (bands): the first band whose condition the actual meets gives its award (fixed, or a range to judge in)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from .. import ast, data
from ..checker.report import award_value, pieces
from ..criteria import award_text as award_words
from ..criteria import condition_text
from ..explain import Say
from ..expressions import Env
from ..intervals import Cover
from ..messages import Message, msg
from ..numbers import ZERO, brief, plain
from ..printer import Row, Writer, award_text, format_condition, position
from ..criteria import Words
from ..schema import Shape, Value
from ..source import Span
from .common import (
    Builder,
    Scorer,
    Step,
    award_range,
    condition_numbers,
    condition_test,
    fixed_awards,
    is_range,
    judged_points,
    judged_score,
    judgement,
    read_judged,
)
from .judged import judged_words

if TYPE_CHECKING:
    from ..checker import IndicatorCheck
    from ..data import Reader


@attrs.frozen
class Band:
    condition: ast.Condition
    award: ast.Award
    span: Span = ast.span_field()


@attrs.frozen
class Bands(ast.Rule):
    keyword: ClassVar[str] = "bands"
    #: Builders of the grammar rules only this kind uses.
    parts: ClassVar[dict[str, Builder]] = {"band": lambda children, span: Band(children[0], children[1], span=span)}
    rescorable: ClassVar[bool] = True

    bands: tuple[Band, ...]
    span: Span = ast.span_field()

    @classmethod
    def parse(cls, children: list[Any], span: Span) -> Bands:
        return cls(tuple(children), span=span)

    def compares_actual(self) -> bool:
        # Bands on `when` conditions alone need no actual.
        return any(isinstance(b.condition, (ast.Compare, ast.Interval)) for b in self.bands)

    def literals(self) -> list[ast.Number]:
        return [n for band in self.bands for n in condition_numbers(band.condition)]

    def exprs(self) -> list[tuple[str, ast.Expr, ast.RuleExprRole]]:
        return [("where.rule.band-condition", b.condition.condition, "condition") for b in self.bands
                if isinstance(b.condition, ast.When)]  # fmt: skip

    def judged(self) -> bool:
        return any(is_range(b.award) for b in self.bands)

    def judgement_optional(self) -> bool:
        return self.judged()  # the judged score is needed only when a band awarding a range applies

    def check(self, c: IndicatorCheck) -> None:
        ind, code, checker, bands = c.ind, c.ind.code, c.checker, self.bands
        if not bands:
            checker.error("bands", self.span, msg("bands.empty", code=code), msg("bands.empty-hint"))
            return
        for band in bands:
            checker.award(ind, band.award, c.weight, msg("where.band", text=checker.text(band.condition.span)))
            numbers = condition_numbers(band.condition)
            if numbers:  # an interval's edges share a unit: look at the one written with it
                edge = next((n for n in numbers if n.unit), numbers[-1])
                checker.against(edge, c.actual_type, msg("where.band-of", text=checker.text(band.condition.span),
                                                         code=code), code, checker.types)  # fmt: skip
        if any(isinstance(b.condition, ast.When) for b in bands):
            if not isinstance(bands[-1].condition, ast.Otherwise):
                checker.error("bands", self.span, msg("bands.when-otherwise", code=code), msg("bands.when-otherwise-hint"))
            for band in bands[:-1]:
                if isinstance(band.condition, ast.Otherwise):
                    checker.error("bands", band.span, msg("bands.otherwise-not-last", noun=msg("word.band"),
                                                          of=msg("where.of-owner", owner=code)),
                                  msg("bands.otherwise-hint"))  # fmt: skip
            return
        pct = any(n.unit in ("%", "‰") for n in self.literals())
        entries = [(f"`{checker.text(b.condition.span)}`", b.condition, b.span) for b in bands]
        checker.coverage(entries, c.domain, code, "actual", "band", pct, self.span, checker.whole_actual(c.ind))

    def rewards(self, c: IndicatorCheck) -> tuple[ast.Direction | None, Message | None]:
        """Awards read left to right along the actual: rising means higher is better, falling lower."""
        if any(isinstance(b.condition, ast.When) for b in self.bands):
            return None, None
        domain = c.domain
        regions = [[r for r in (domain.meet(p) for p in pieces(band.condition)) if not r.empty] for band in self.bands]
        awards = [award_value(band.award, c.weight) for band in self.bands]
        values = [awards[k] for k in Cover(regions, domain).owners_in_order()]
        pairs = list(zip(values, values[1:]))
        hint = msg("bands.awards-hint")
        if all(a <= b for a, b in pairs) and any(a < b for a, b in pairs):
            return "higher", hint
        if all(a >= b for a, b in pairs) and any(a > b for a, b in pairs):
            return "lower", hint
        return None, hint

    def data_shape(self, title: str) -> Shape | None:
        ranged = "、".join(award_text(b.award, "zh") for b in self.bands if is_range(b.award))
        return Value("judged", f"{title}：评定得分（仅当适用的档次为区间时填写）", note=ranged) if ranged else None

    def reachable(self, weight: Decimal) -> frozenset[Decimal] | None:
        awards = fixed_awards((band.award for band in self.bands), weight)
        return None if awards is None else awards | {ZERO}  # an actual no band covers scores 0

    def compile(self, weight: Decimal) -> tuple[Scorer, Reader | None]:
        bands = [(condition_test(b.condition), *award_range(b.award, weight), judged_score(b.award, weight))
                 for b in self.bands]  # fmt: skip
        judged = self.judged()

        def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
            loc = (weight, actual, target)
            for index, (test, low, high, judge) in enumerate(bands):
                if test(actual, env, loc):
                    given = judgement(own) if judged else None
                    if given is not None:
                        given = judged_points(given, weight)
                    if low == high:
                        if given is not None and given != low:  # never drop a score silently
                            raise data.Bad(msg("data.band-fixed", band=index + 1, points=plain(low), given=plain(given)))
                        return low, (("band", index, actual, low),)
                    if given is None:
                        raise data.Bad(msg("data.band-range", band=index + 1, low=plain(low), high=plain(high)))
                    raw, steps = judge(actual, target, env, given)
                    return raw, (("band", index, actual, raw), *steps)
            raise data.Bad(msg("data.no-band", actual=str(actual)))

        return score, (read_judged if judged else None)

    def explain(self, step: Step, say: Say) -> str:
        if step[0] in ("judged", "judged_clamp"):
            return judged_words(step, say)
        index, actual, award = step[1:]
        w, show = say.words, say.show
        label = format_condition(self.bands[index].condition, say.language)
        if actual is None:  # bands on 当 (when) conditions alone read no actual
            return (f"符合第 {index + 1} 档（{label}），得 {brief(award)} 分" if say.zh
                    else f"band {index + 1} applies ({label}): {brief(award)} points")  # fmt: skip
        return (f"{w['actual']} {show(actual)}，符合第 {index + 1} 档（{label}），得 {brief(award)} 分" if say.zh
                else f"actual {show(actual)} falls in band {index + 1} ({label}): {brief(award)} points")  # fmt: skip

    def canonical(self, w: Writer) -> list[Row]:
        colon = "：" if w.language == "zh" else ": "
        rows = [(f"  {format_condition(b.condition, w.language)}{colon}{award_text(b.award, w.language)}", position(b))
                for b in self.bands]  # fmt: skip
        return [(f"{w.kw('bands')} {{", position(self)), *rows, ("}", -1)]

    def criteria(self, indicator: ast.Indicator, words: Words) -> str:
        text = "；".join(f"{condition_text(b.condition)}{award_words(b.award)}" for b in self.bands)
        first = self.bands[0].condition if self.bands else None
        if first is None or isinstance(first, (ast.When, ast.Otherwise)):
            return text  # conditions that name their own figures
        return f"{words.subject}{'为' if isinstance(first, ast.Interval) else ''}{text}"

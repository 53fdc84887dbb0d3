"""定性 (levels): the evaluator names a level; each level awards fixed points or a range to judge within."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from .. import ast, data
from ..explain import Say
from ..expressions import Env
from ..numbers import brief
from ..printer import Row, Writer, award_text, name_text, position
from ..criteria import award_text as award_words
from ..source import Span
from .common import (
    Builder,
    Scorer,
    Step,
    award_range,
    is_range,
    judged_score,
    judgement,
)
from .judged import judged_words

if TYPE_CHECKING:
    from ..checker import IndicatorCheck
    from ..data import Reader


@attrs.frozen
class Level:
    label: str
    award: ast.Award
    span: Span = ast.span_field()


@attrs.frozen
class Levels(ast.Rule):
    keyword: ClassVar[str] = "levels"
    #: Builders of the grammar rules only this kind uses.
    parts: ClassVar[dict[str, Builder]] = {"level": lambda children, span: Level(children[0], children[1], span=span)}

    levels: tuple[Level, ...]
    span: Span = ast.span_field()

    @classmethod
    def parse(cls, children: list[Any], span: Span) -> Levels:
        return cls(tuple(children), span=span)

    def judged(self) -> bool:
        return any(is_range(level.award) for level in self.levels)

    def check(self, c: IndicatorCheck) -> None:
        code, checker = c.ind.code, c.checker
        if not self.levels:
            checker.error("levels", self.span, f"the levels of {code} are empty", "e.g. `达成：100%`")
        checker.duplicates(((lv.label, lv.span) for lv in self.levels), "level", f" in {code}", "levels")
        for level in self.levels:
            checker.award(c.ind, level.award, c.weight, f"level {level.label}")

    def compile(self, weight: Decimal) -> tuple[Scorer, Reader | None]:
        labels = tuple(level.label for level in self.levels)
        awards = {level.label: award_range(level.award, weight) for level in self.levels}
        ranged = self.judged()
        read_score = data.number_reader("number")

        def read(value: Any) -> Any:
            if not ranged:
                return data.label(value, labels)
            if not isinstance(value, dict) or "level" not in value or "score" not in value:
                raise data.Bad("this indicator's levels are ranges: give {level = …, score = …}")
            return data.label(value["level"], labels), read_score(value["score"])

        def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
            own = judgement(own)
            chosen, judged = own if isinstance(own, tuple) else (own, None)
            low, high = awards[chosen]
            if judged is None:
                return low, (("level", chosen, low),)
            raw, steps = judged_score(low, high)(actual, target, env, judged)
            return raw, (("level", chosen, raw), *steps)

        return score, read

    def explain(self, step: Step, say: Say) -> str:
        if step[0] == "judged":
            return judged_words(step, say)
        label, award = step[1:]
        return f"定性为“{label}”，得 {brief(award)} 分" if say.zh else f"level '{label}': {brief(award)} points"

    def canonical(self, w: Writer) -> list[Row]:
        colon = "：" if w.language == "zh" else ": "
        rows = [(f"  {name_text(lv.label)}{colon}{award_text(lv.award, w.language)}", position(lv)) for lv in self.levels]
        return [(f"{w.kw('levels')} {{", position(self)), *rows, ("}", -1)]

    def criteria(self, indicator: ast.Indicator) -> str:
        return "；".join(f"{lv.label}{award_words(lv.award)}" for lv in self.levels)

"""定性 (levels): the evaluator names a level; each level awards fixed points or a range to judge within."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from .. import ast, data
from ..criteria import award_text as award_words
from ..explain import Say
from ..expressions import Env
from ..messages import msg
from ..numbers import brief
from ..printer import Row, Writer, award_text, name_text, position
from ..criteria import Words
from ..schema import Either, Shape, Table, Value
from ..source import Span
from .common import (
    Builder,
    Scorer,
    Step,
    award_range,
    fixed_awards,
    is_range,
    judged_score,
    judgement,
    read_judged,
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
            checker.error("levels", self.span, msg("levels.empty", code=code), msg("levels.empty-hint"))
        checker.duplicates(((lv.label, lv.span) for lv in self.levels), "level", msg("where.in-code", code=code),
                           "levels")  # fmt: skip
        for level in self.levels:
            checker.award(c.ind, level.award, c.weight, msg("where.level", label=level.label))

    def data_shape(self, title: str) -> Shape:
        labels = tuple(level.label for level in self.levels)
        chosen = Value("level", f"{title}：评定等级（{'、'.join(labels)}）", labels=labels)
        ranged = [level for level in self.levels if is_range(level.award)]
        if not ranged:
            return chosen
        note = "；".join(f"{level.label} {award_text(level.award, 'zh')}" for level in ranged)
        score = Value("judged", f"{title}：评定得分（仅区间等级填写）", note=note)
        fixed = tuple(level.label for level in self.levels if not is_range(level.award))
        both = Table((("level", chosen), ("score", score)), ("level",) if fixed else ("level", "score"),
                     f"{title}：评定等级与得分")  # fmt: skip
        return Either((both, Value("level", chosen.title, labels=fixed))) if fixed else both

    def reachable(self, weight: Decimal) -> frozenset[Decimal] | None:
        return fixed_awards((level.award for level in self.levels), weight)

    def compile(self, weight: Decimal) -> tuple[Scorer, Reader | None]:
        labels = tuple(level.label for level in self.levels)
        awards = {level.label: award_range(level.award, weight) for level in self.levels}
        judges = {level.label: judged_score(level.award, weight) for level in self.levels}
        ranges = {level.label for level in self.levels if is_range(level.award)}
        ranged = self.judged()

        def read(value: Any) -> Any:
            # A level awarding a range needs the judged score; a fixed one is named alone, bare or as {level = …}.
            if isinstance(value, dict) and "level" in value and set(value) <= {"level", "score"}:
                chosen = data.label(value["level"], labels)
                if "score" in value:
                    if chosen not in ranges:
                        raise data.Bad(msg("data.level-fixed", level=repr(chosen)))
                    return chosen, read_judged(value["score"])
            elif ranged and isinstance(value, dict):
                raise data.Bad(msg("data.level-table"))
            else:
                chosen = data.label(value, labels)
            if chosen in ranges:
                raise data.Bad(msg("data.level-range", level=repr(chosen)), ("score",))
            return chosen

        def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
            own = judgement(own)
            chosen, judged = own if isinstance(own, tuple) else (own, None)
            low, high = awards[chosen]
            if judged is None:
                return low, (("level", chosen, low),)
            raw, steps = judges[chosen](actual, target, env, judged)
            return raw, (("level", chosen, raw), *steps)

        return score, read

    def explain(self, step: Step, say: Say) -> str:
        if step[0] in ("judged", "judged_clamp"):
            return judged_words(step, say)
        label, award = step[1:]
        return f"定性为“{label}”，得 {brief(award)} 分" if say.zh else f"level '{label}': {brief(award)} points"

    def canonical(self, w: Writer) -> list[Row]:
        colon = "：" if w.language == "zh" else ": "
        rows = [(f"  {name_text(lv.label)}{colon}{award_text(lv.award, w.language)}", position(lv)) for lv in self.levels]
        return [(f"{w.kw('levels')} {{", position(self)), *rows, ("}", -1)]

    def criteria(self, indicator: ast.Indicator, words: Words) -> str:
        return "；".join(f"{lv.label}的，{award_words(lv.award)}" for lv in self.levels)

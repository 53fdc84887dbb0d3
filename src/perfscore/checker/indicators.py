"""The checks of one indicator: its clauses, its actual, its 评分标准 wording; its rule checks itself."""

from __future__ import annotations

import bisect
import heapq
import re
from collections import ChainMap
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from .. import ast, rules, tree
from ..intervals import ALL, NONNEG, ONE, UNIT, ZERO, Cover, Iv
from ..keywords import KEYWORDS
from ..messages import Message, keyword, msg
from ..rules.common import points
from ..source import Span
from .exprs import ExprChecks
from .facts import is_fact, words
from .refs import NO_TOTAL
from .report import (
    DIRECTION,
    EDGE,
    WORDS,
    Types,
    as_percent,
    can,
    clash,
    fmt,
    frac,
    is_bonus,
    num,
    pieces,
    wording_text,
)

# A number in the author's wording: ``9%``, ``1/2``, ``13500``; not one in a year (2020年) or a list mark.
_WORDING_NUMBER = re.compile(r"(?<![\d.A-Za-z])(\d+(?:\.\d+)?)(?:/(\d+(?:\.\d+)?))?([%％‰])?(?![\d年月日])")

_SCALE = {"%": 100, "％": 100, "‰": 1000}
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
#: Words of the sentences that state how points are given; numbers elsewhere describe the work.
_SCORING_WORDS = ("得", "扣", "减", "占", "权重", "满分", "计分", "加分")


def scoring_sentences(text: str) -> tuple[list[int], list[bool]]:
    """Where each sentence of ``text`` starts, and whether it says how points are given (one pass)."""
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    ends = starts[1:] + [len(text)]
    return starts, [any(word in text[a:b] for word in _SCORING_WORDS) for a, b in zip(starts, ends)]


def rule_numbers(ind: ast.Indicator, weight: Decimal) -> set[Decimal]:
    """Every number the rule, target and actual of an indicator state, plus what wording always may say."""
    known = {ZERO, ONE, weight, ind.weight.value}
    stack: list[Any] = [ind.target, ind.actual, ind.rule]
    while stack:
        node = stack.pop()
        if isinstance(node, tuple):
            stack.extend(node)
            continue
        if not attrs.has(type(node)):
            continue
        if isinstance(node, (ast.Number, ast.Amount)):
            known.add(node.value)
        elif isinstance(node, ast.Share):
            known.add(node.numerator / node.denominator)
            if not node.percent:  # `1/6` may be written as such
                known |= {node.numerator, node.denominator}
        elif isinstance(getattr(node, "items", None), tuple):  # a checklist or completion: "以上 4 项"
            known.add(Decimal(len(node.items)))
        stack.extend(getattr(node, field.name) for field in attrs.fields(type(node)) if field.name != "span")
    return known


@attrs.frozen
class IndicatorCheck:
    """What a rule's own checks see of its indicator: names typed and bounded, the actual's type and domain."""

    checker: IndicatorChecks
    ind: ast.Indicator
    weight: Decimal
    target: ast.Expr | None
    types: Types
    ranges: Mapping[str, Iv | None]
    actual_type: str | None
    domain: Iv


class IndicatorChecks(ExprChecks):
    """Each indicator, and the shared checks its rule calls (awards, items, coverage of conditions)."""

    units_of_inputs: dict[str, str | None] | None = None

    def indicator(self, ind: ast.Indicator) -> None:
        code, weight, rule = ind.code, self.weights[id(ind)], ind.rule
        self.clauses(ind)
        self.units(ind)
        target = ind.target.value if ind.target is not None else None
        has_actual = ind.actual is not None or tree.reads_own_actual(ind)
        base: dict[str, Message | None] = {
            "weight": None, "actual": None if has_actual else msg("blocked.no-actual", code=code),
            "target": None if target is not None else msg("blocked.no-target", code=code),
            NO_TOTAL: msg("blocked.total-late")}  # fmt: skip
        # The indicator's own names over the rubric's, not a copy of them: thousands of metrics stay linear.
        types: ChainMap[str, str | None] = ChainMap({"weight": "points"}, self.types)
        ranges: ChainMap[str, Iv | None] = ChainMap({"weight": Iv(weight, weight)}, self.ranges)
        if target is not None:
            where = msg("where.target", code=code)
            itself = {"actual": msg("blocked.target-actual"), "target": msg("blocked.target-itself")}
            self.names(target, where, {**base, **itself})
            types["target"], ranges["target"] = self.type_of(target, types, where), self.range_of(target, ranges, where)
            self.numeric(types["target"], target, where)
        itself = {"actual": msg("blocked.actual-itself")}
        types["actual"], ranges["actual"] = self.actual(ind, {**base, **itself}, types, ranges)
        at, domain = types["actual"], ranges["actual"] or ALL
        self.actual_types[code] = at
        self.bare_target(ind, target, at)
        if target is not None:
            self.against(target, at, msg("where.target-written", text=self.text(target.span), code=code), code, types)
        for what, expr, role in rule.exprs() if rule is not None else ():
            where = msg("where.of", what=msg(what), code=code)
            self.names(expr, where, base)
            t = self.type_of(expr, types, where)
            if role != "condition":
                self.numeric(t, expr, where)
            elif is_fact(t) and t != "bool":
                self.error("types", expr.span, msg("types.fact-not-condition", where=where, what=words(t),
                                                   text=self.text(expr.span)), self.not_a_condition(expr, str(t)))
            elif t not in ("bool", None):
                self.error("types", expr.span, msg("types.not-condition", where=where, text=self.text(expr.span)),
                           msg("types.not-condition-hint"))  # fmt: skip
            if role != "score":
                self.range_of(expr, ranges, where)
        if ind.criteria is not None:
            self.wording(ind, weight)
        self.parts(ind, weight, base, types, ranges)
        if rule is None:
            return
        context = IndicatorCheck(self, ind, weight, target, types, ranges, at, domain)
        rule.check(context)
        self.direction(context)

    def parts(self, ind: ast.Indicator, weight: Decimal, base: dict[str, Message | None], types: Types,
              ranges: Mapping[str, Iv | None]) -> None:  # fmt: skip
        """Each 加分/扣分 part: a name of its own (its data key), points above 0, its rule's own checks."""
        seen: set[str] = set()
        for part in ind.parts:
            where = msg("where.part", name=part.name, code=ind.code)
            if part.name in seen or part.name in ("actual", "score", "level"):
                self.error("clauses", part.span, msg("clauses.part-name", where=where), msg("clauses.part-name-hint"))
            seen.add(part.name)
            worth = weight
            if part.points is not None:
                worth = points(part.points, weight)
                if part.points.value <= 0:
                    self.error("bounds", part.points.span, msg("bounds.part-points", where=where,
                                                               text=self.text(part.points.span)))  # fmt: skip
            blocked = {**base, "actual": None if part.rule.compares_actual() else msg("blocked.part-no-actual", part=where),
                       "target": msg("blocked.part-no-target")}  # fmt: skip
            for what, expr, role in part.rule.exprs():
                self.names(expr, msg("where.of-part", what=msg(what), part=where), blocked)
                self.type_of(expr, types, msg("where.of-part", what=msg(what), part=where))
            kind = tree.part_actual_type(part.rule) if part.rule.compares_actual() else None
            part.rule.check(IndicatorCheck(self, ind, worth, None, types, ranges, kind, NONNEG))
        if ind.score_max is not None and ind.score_max != "uncapped" and ind.score_max.value <= 0:
            self.error("bounds", ind.score_max.span, msg("bounds.score-max", code=ind.code,
                                                         text=self.text(ind.score_max.span)))  # fmt: skip

    def clauses(self, ind: ast.Indicator) -> None:
        """One scoring rule, each clause once; redistributing needs someone to redistribute to."""
        if ind.rule is None:
            self.error("clauses", ind.span, msg("clauses.no-rule", code=ind.code, name=ind.name), rules.HINT)
        counts: dict[str, int] = {}
        for clause in ind.extra_clauses:
            counts[clause] = counts.get(clause, 0) + 1
            word = "if_not_applicable" if clause == "not_applicable" else clause
            words = tuple(w for r in rules.KEYWORDS for w in (r, KEYWORDS[r])) if clause == "rule" else (word, KEYWORDS[word])
            span = self.line_span(ind.span, words, counts[clause])
            if clause == "rule":
                self.error("clauses", span, msg("clauses.two-rules", code=ind.code), msg("clauses.keep-one-rule"))
            else:
                self.error("clauses", span, msg("clauses.twice", word=keyword(word), code=ind.code))
        if ind.not_applicable == "redistribute":
            parent = self.parent.get(id(ind))
            siblings = parent.children if parent else self.rubric.nodes
            if not [n for n in siblings if n is not ind and not is_bonus(n)]:
                self.error("clauses", self.line_span(ind.span, ("不适用时", "if_not_applicable"), 0),
                           msg("clauses.redistribute", code=ind.code), msg("clauses.redistribute-hint"))

    def units(self, ind: ast.Indicator) -> None:
        """A target and its actual count the same thing: 8 处 is not met by 7 个."""
        target = ind.target
        if target is None or target.unit is None:
            return
        if isinstance(target.value, ast.Number) and target.value.unit:
            self.error("types", target.span, msg("types.target-unit", code=ind.code, text=self.text(target.value.span),
                                                 unit=target.unit), msg("types.target-unit-hint", unit=target.unit))
            return
        if self.units_of_inputs is None:  # once per rubric, only when some target has a unit
            self.units_of_inputs = tree.input_units(self.rubric)
        actual = tree.actual_unit(ind, self.units_of_inputs)
        if actual is not None and actual != target.unit:
            written = self.text(target.span)
            fixed = written[: -len(target.unit)] + actual if written.endswith(target.unit) else written
            self.error("types", target.span, msg("types.units-differ", code=ind.code, unit=target.unit, actual=actual),
                       msg("types.units-differ-hint", fixed=fixed))

    def wording(self, ind: ast.Indicator, weight: Decimal) -> None:
        """The author's own 评分标准 must not state a number the rule does not use: the two would disagree."""
        known = rule_numbers(ind, weight)
        keyword = self.line_span(ind.span, ("评分标准", "criteria"), 0)
        line_end = self.source.text.find("\n", keyword.start)
        line = self.source.text[keyword.start : line_end if line_end >= 0 else len(self.source.text)]
        starts, scoring = scoring_sentences(line)
        uses: str | Message | None = None
        for match in _WORDING_NUMBER.finditer(line):
            if not scoring[bisect.bisect_right(starts, match.start()) - 1]:
                continue  # "上报指标数为 912296": a description, not the rule
            number, over, sign = match.group(1), match.group(2), match.group(3)
            if over is not None and Decimal(over) == 0:
                continue
            value = Decimal(number) / Decimal(over) if over else Decimal(number)
            scale = _SCALE.get(sign, 1)
            if value / scale in known or scale == 1 and value / 100 in known:  # 9 个百分点 = 9%
                continue
            start = keyword.start + match.start()
            column = keyword.column + match.start()
            span = Span(start, start + len(match.group(0)), keyword.line, column, keyword.line, column + len(match.group(0)))
            if uses is None:  # once per indicator: a rule may state thousands of numbers
                used = "、".join(wording_text(v) for v in heapq.nsmallest(8, known - {ZERO, ONE, weight}))
                uses = used or msg("word.none")
            self.warn("wording", span, msg("wording.number", code=ind.code, number=match.group(0)),
                      msg("wording.number-hint", uses=uses))  # fmt: skip

    def bare_target(self, ind: ast.Indicator, target: ast.Expr | None, actual: str | None) -> None:
        """目标 ≥ 95 beside bands in % (≥ 95%): the actual, typed by the target, is read as the number 91 and
        compared with 0.95, and "91%" is refused. A fraction (目标 0.95) compares rightly: only above 1."""
        if ind.actual is not None or actual != "number" or not isinstance(target, ast.Number) or target.unit \
                or abs(target.value) <= 1 or ind.rule is None:  # fmt: skip
            return
        rated = next((n for n in ind.rule.literals() if n.unit in ("%", "‰")), None)
        if rated is not None:
            value = num(target.value)
            self.error("types", target.span, msg("types.bare-target", code=ind.code, value=value,
                                                 edge=self.text(rated.span)),
                       msg("types.bare-target-hint", value=value))  # fmt: skip

    def numeric(self, t: str | None, expr: ast.Expr, where: Message) -> None:
        if t == "bool":
            self.error("types", expr.span, msg("types.condition-not-number", where=where, text=self.text(expr.span)))
        elif is_fact(t):
            self.error("types", expr.span, msg("types.fact-not-number", where=where, what=words(t),
                                               text=self.text(expr.span)), self.not_a_number(expr, str(t), self.types)[1])

    def actual(self, ind: ast.Indicator, blocked: Mapping[str, Message | None], types: Types,
               ranges: Mapping[str, Iv | None]) -> tuple[str | None, Iv | None]:  # fmt: skip
        """The actual's type and range; a completion's items are checked on the way."""
        actual = ind.actual
        if isinstance(actual, ast.ActualExpr):
            where = msg("where.actual", code=ind.code)
            self.names(actual.expr, where, blocked)
            t = self.type_of(actual.expr, types, where)
            self.numeric(t, actual.expr, where)
            return t, self.range_of(actual.expr, ranges, where)
        if isinstance(actual, ast.Completion):
            self.items(ind, actual.items, "completion", actual.span)
            for item in actual.items:
                if item.target is not None:
                    where = msg("where.item-target", name=item.name, code=ind.code)
                    self.names(item.target, where, blocked)
                    self.numeric(self.type_of(item.target, types, where), item.target, where)
                    r = self.range_of(item.target, ranges, where)
                    if r is not None and r.has(ZERO):
                        self.zero(item.target, r, msg("division.item-target", where=where, can=can(r)))
            return "rate", UNIT
        if actual is None and not tree.reads_own_actual(ind):
            return None, None
        t = tree.own_actual_type(ind)
        return t, (NONNEG if t in ("amount", "count") else ALL)

    def against(self, expr: ast.Expr, actual: str | None, what: Message, code: str, types: Types) -> None:
        """What the actual is compared with is in the actual's unit; a bare 90 against a rate is suspicious."""
        t = self.type_of(expr, types, None)
        if clash(actual, t):
            self.error("types", expr.span, msg("types.against", what=what, kind=WORDS[str(t)], code=code,
                                               actual=WORDS[str(actual)]), msg("types.against-hint"))  # fmt: skip
        elif actual == "rate" and isinstance(expr, ast.Number) and t == "number" and abs(expr.value) > 1:
            value = num(expr.value)
            self.warn("types", expr.span, msg("types.bare-rate", what=what, value=value, percent=as_percent(expr.value)),
                      msg("types.bare-rate-hint", value=value))  # fmt: skip

    def award(self, ind: ast.Indicator, award: ast.Award, weight: Decimal, what: Message) -> None:
        what = msg("where.of", what=what, code=ind.code)
        if isinstance(award, ast.AmountRange) and points(award.low, weight) > points(award.high, weight):
            self.error("bounds", award.span, msg("bounds.backward", what=what, text=self.text(award.span)),
                       msg("bounds.backward-hint"))  # fmt: skip
        for amount in [award] if isinstance(award, ast.Amount) else [award.low, award.high]:
            if points(amount, weight) > weight:  # a leaf scores at most its weight, in a bonus group too
                self.error("bounds", amount.span, msg("bounds.over-weight", what=what, text=self.text(amount.span),
                                                      weight=num(weight)), msg("bounds.over-weight-hint"))  # fmt: skip

    def items(self, ind: ast.Indicator, items: tuple[ast.Item, ...], kind: str, span: Span) -> None:
        """Items are named once; their shares are all given or all left out, and make exactly 100%."""
        code = ind.code
        if not items:
            self.error("shares", span, msg("shares.no-items", kind=msg(f"word.{kind}"), code=code))
            return
        self.duplicates(((i.name, i.span) for i in items), "item", msg("where.in-code", code=code))
        shared = [(i, i.share) for i in items if i.share is not None]
        if shared and len(shared) < len(items):
            lacking = next(i for i in items if i.share is None)
            self.error("shares", lacking.span, msg("shares.item-bare", name=lacking.name, code=code),
                       msg("shares.item-bare-hint"))  # fmt: skip
            return
        values = [self.share(share, msg("where.in-code", code=code)) for _, share in shared]
        total = sum((v for v in values if v is not None), Fraction(0))
        if shared and None not in values and total != 1:
            terms = " + ".join(f"{i.name} {self.text(share.span)}" for i, share in shared)
            gap = msg("word.missing", amount=frac(1 - total)) if total < 1 else \
                msg("word.too-many", amount=frac(total - 1))  # fmt: skip
            self.error("shares", span, msg("shares.items-sum", kind=msg(f"word.{kind}"), code=code, total=frac(total),
                                           terms=terms, gap=gap), msg("shares.items-sum-hint"))  # fmt: skip

    def share(self, share: ast.Share, where: Message) -> Fraction | None:
        if share.denominator == 0:
            self.error("division", share.span, msg("division.share", text=self.text(share.span), where=where))
            return None
        return Fraction(share.numerator) / Fraction(share.denominator)

    def whole_actual(self, ind: ast.Indicator) -> bool:
        """Whether the actual takes whole numbers only: a count read from the data, a count input itself, or a rank."""
        if isinstance(ind.actual, ast.ActualExpr):
            e = ind.actual.expr
            if isinstance(e, ast.Call) and e.func in ("rank", "peer_count"):  # 排名, 单位数: whole numbers from 1
                return True
            return isinstance(e, ast.Name) and e.name in self.inputs and self.inputs[e.name].type == "count"
        return tree.reads_own_actual(ind) and tree.own_actual_type(ind) == "count"

    def coverage(self, entries: list[tuple[str, ast.Condition, Span]], domain: Iv, owner: str | None, subject: str,
                 noun: str, pct: bool, span: Span, whole: bool = False) -> None:  # fmt: skip
        """Conditions on one number cover its domain once (first match wins): report gaps, overlaps, dead ends.

        A ``whole`` subject (a count) takes whole numbers only: a gap holding none, (0, 1), is no gap."""
        of = msg("where.of-owner", owner=owner) if owner else msg("where.nowhere")
        word, subject_word = msg(f"word.{noun}"), msg(f"word.{subject}")
        regions: list[list[Iv]] = []  # what each entry claims; an otherwise claims nothing here
        first_otherwise = next((k for k, (_, cond, _) in enumerate(entries) if isinstance(cond, ast.Otherwise)), None)
        for label, cond, where in entries:
            if isinstance(cond, ast.Interval) and pieces(cond)[0].empty:
                self.error(noun + "s", cond.span, msg("bands.interval-empty", noun=word, text=self.text(cond.span),
                                                      of=of), msg("bands.interval-empty-hint"))  # fmt: skip
            regions.append([] if isinstance(cond, ast.Otherwise) else
                           [p for p in (domain.meet(q) for q in pieces(cond)) if not p.empty])  # fmt: skip
        cover = Cover(regions, domain)
        for k, (label, cond, where) in enumerate(entries):
            if isinstance(cond, ast.Otherwise):
                if k < len(entries) - 1:
                    self.error(noun + "s", where, msg("bands.otherwise-not-last", noun=word, of=of),
                               msg("bands.otherwise-hint"))  # fmt: skip
                elif k > first_otherwise or not cover.uncovered(k):  # type: ignore[operator]
                    self.warn(noun + "s", cond.span, msg("bands.otherwise-unreached", noun=word, of=of))
                continue
            j = cover.first_overlap(k)
            if j is not None:
                common = next(m for a in regions[j] for b in regions[k] if not (m := a.meet(b)).empty)
                self.error(noun + "s", where, msg("bands.overlap", noun=word, of=of, subject=subject_word,
                                                  range=fmt(common, pct), first=entries[j][0], second=label),
                           msg("bands.overlap-hint", edge=EDGE[noun]))  # fmt: skip
        gaps = cover.uncovered(len(entries)) if first_otherwise is None else []
        gaps = [w for w in (gap.wholes() for gap in gaps) if not w.empty] if whole else gaps
        # Each gap is reported at the entry just above it (else just below): where the author adds the missing one.
        starts = sorted((p.lo, k) for k, pieces_k in enumerate(regions) for p in pieces_k)
        ends = sorted((p.hi, k) for k, pieces_k in enumerate(regions) for p in pieces_k)
        for gap in gaps:
            above = bisect.bisect_left(starts, (gap.hi, -1))
            below = bisect.bisect_right(ends, (gap.lo, len(entries))) - 1
            upper = starts[above][1] if above < len(starts) else None
            lower = ends[below][1] if below >= 0 else None
            nearest = upper if upper is not None else lower
            where = entries[nearest][2] if nearest is not None else span
            if lower is not None and upper is not None:
                message = msg("bands.gap-between", noun=word, of=of, subject=subject_word, range=fmt(gap, pct),
                              lower=entries[lower][0], upper=entries[upper][0])  # fmt: skip
            else:
                message = msg("bands.gap", noun=word, of=of, subject=subject_word, range=fmt(gap, pct))
            self.error(noun + "s", where, message,
                       msg("bands.gap-band-hint") if noun == "band" else msg("bands.gap-hint", noun=word))

    def direction(self, c: IndicatorCheck) -> None:
        """The rule rewards what the indicator's direction (declared, or implied by its target) calls better."""
        ind = c.ind
        assert ind.rule is not None
        wanted = tree.direction(ind)
        rewards, hint = ind.rule.rewards(c)
        if wanted is None or rewards is None or rewards == wanted:
            return
        if ind.direction is not None:
            span = self.line_span(ind.span, ("方向", "direction"), 0)
            message = msg("direction.declared", code=ind.code, wanted=DIRECTION[wanted],
                          rewards=msg(f"word.rewards-{rewards}"))  # fmt: skip
        else:
            span = ind.target.span if ind.target is not None else ind.span
            message = msg("direction.target", text=self.text(span), code=ind.code, wanted=DIRECTION[wanted],
                          rewards=msg(f"word.rewards-{rewards}"))  # fmt: skip
        self.error("direction", span, message, hint)


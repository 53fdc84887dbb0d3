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
from ..rules.common import points
from ..source import Span
from .exprs import ExprChecks
from .refs import NO_TOTAL
from .facts import is_fact, words
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
        base = {"weight": None, "actual": None if has_actual else f"{code} has no actual",
                "target": None if target is not None else f"{code} has no numeric target",
                NO_TOTAL: "the total is known only once every indicator is scored"}  # fmt: skip
        # The indicator's own names over the rubric's, not a copy of them: thousands of metrics stay linear.
        types: ChainMap[str, str | None] = ChainMap({"weight": "points"}, self.types)
        ranges: ChainMap[str, Iv | None] = ChainMap({"weight": Iv(weight, weight)}, self.ranges)
        if target is not None:
            where = f"the target of {code}"
            itself = {"actual": "a target cannot use the actual", "target": "a target cannot refer to itself"}
            self.names(target, where, {**base, **itself})
            types["target"], ranges["target"] = self.type_of(target, types, where), self.range_of(target, ranges, where)
            self.numeric(types["target"], target, where)
        itself = {"actual": "an actual cannot refer to itself"}
        types["actual"], ranges["actual"] = self.actual(ind, {**base, **itself}, types, ranges)
        at, domain = types["actual"], ranges["actual"] or ALL
        if target is not None:
            self.against(target, at, f"the target `{self.text(target.span)}` of {code}", types)
        for what, expr, role in rule.exprs() if rule is not None else ():
            where = f"{what} of {code}"
            self.names(expr, where, base)
            t = self.type_of(expr, types, where)
            if role != "condition":
                self.numeric(t, expr, where)
            elif is_fact(t) and t != "bool":
                self.error("types", expr.span, f"{where} is {words(t)}, not a condition: `{self.text(expr.span)}`",
                           self.not_a_condition(expr, str(t)))  # fmt: skip
            elif t not in ("bool", None):
                self.error("types", expr.span, f"{where} is a number, not a condition: `{self.text(expr.span)}`",
                           "compare it, e.g. `当 执行率 >= 90%`")  # fmt: skip
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

    def parts(self, ind: ast.Indicator, weight: Decimal, base: dict[str, str | None], types: Types,
              ranges: Mapping[str, Iv | None]) -> None:  # fmt: skip
        """Each 加分/扣分 part: a name of its own (its data key), points above 0, its rule's own checks."""
        seen: set[str] = set()
        for part in ind.parts:
            where = f"the part {part.name} of {ind.code}"
            if part.name in seen or part.name in ("actual", "score", "level"):
                self.error("clauses", part.span, f"{where}: its name is taken (each part's data is under its name, "
                           "beside actual, score and level)", "give each part a name of its own")  # fmt: skip
            seen.add(part.name)
            worth = weight
            if part.points is not None:
                worth = points(part.points, weight)
                if part.points.value <= 0:
                    self.error("bounds", part.points.span, f"{where} is worth {self.text(part.points.span)}: it must "
                               "be more than 0")  # fmt: skip
            blocked = {**base, "actual": None if part.rule.compares_actual() else f"{where} reads no actual",
                       "target": "a part has no target"}  # fmt: skip
            for what, expr, role in part.rule.exprs():
                self.names(expr, f"{what} of {where}", blocked)
                self.type_of(expr, types, f"{what} of {where}")
            kind = tree.part_actual_type(part.rule) if part.rule.compares_actual() else None
            part.rule.check(IndicatorCheck(self, ind, worth, None, types, ranges, kind, NONNEG))
        if ind.score_max is not None and ind.score_max != "uncapped" and ind.score_max.value <= 0:
            self.error("bounds", ind.score_max.span, f"the 得分上限 of {ind.code} is {self.text(ind.score_max.span)}: "
                       "it must be more than 0")  # fmt: skip

    def clauses(self, ind: ast.Indicator) -> None:
        """One scoring rule, each clause once; redistributing needs someone to redistribute to."""
        if ind.rule is None:
            self.error("clauses", ind.span, f"indicator {ind.code} ({ind.name}) has no scoring rule", rules.HINT)
        counts: dict[str, int] = {}
        for clause in ind.extra_clauses:
            counts[clause] = counts.get(clause, 0) + 1
            word = "if_not_applicable" if clause == "not_applicable" else clause
            words = tuple(w for r in rules.KEYWORDS for w in (r, KEYWORDS[r])) if clause == "rule" else (word, KEYWORDS[word])
            span = self.line_span(ind.span, words, counts[clause])
            if clause == "rule":
                self.error("clauses", span, f"indicator {ind.code} has more than one scoring rule", "keep one rule")
            else:
                self.error("clauses", span, f"clause {KEYWORDS[word]} ({word}) is written twice in {ind.code}")
        if ind.not_applicable == "redistribute":
            parent = self.parent.get(id(ind))
            siblings = parent.children if parent else self.rubric.nodes
            if not [n for n in siblings if n is not ind and not is_bonus(n)]:
                self.error("clauses", self.line_span(ind.span, ("不适用时", "if_not_applicable"), 0),
                           f"{ind.code} gives its weight to its siblings when not applicable, but has none",
                           "use 折算 (rescale) or 满分 (full)")  # fmt: skip

    def units(self, ind: ast.Indicator) -> None:
        """A target and its actual count the same thing: 8 处 is not met by 7 个."""
        target = ind.target
        if target is None or target.unit is None:
            return
        if isinstance(target.value, ast.Number) and target.value.unit:
            self.error("types", target.span, f"the target of {ind.code} is {self.text(target.value.span)}, which "
                       f"takes no unit: `{target.unit}` after it counts nothing", f"drop `{target.unit}`")  # fmt: skip
            return
        if self.units_of_inputs is None:  # once per rubric, only when some target has a unit
            self.units_of_inputs = tree.input_units(self.rubric)
        actual = tree.actual_unit(ind, self.units_of_inputs)
        if actual is not None and actual != target.unit:
            written = self.text(target.span)
            fixed = written[: -len(target.unit)] + actual if written.endswith(target.unit) else written
            self.error("types", target.span, f"the target of {ind.code} is in {target.unit}, but its actual in {actual}",
                       f"write both in one unit, e.g. `{fixed}`")

    def wording(self, ind: ast.Indicator, weight: Decimal) -> None:
        """The author's own 评分标准 must not state a number the rule does not use: the two would disagree."""
        known = rule_numbers(ind, weight)
        keyword = self.line_span(ind.span, ("评分标准", "criteria"), 0)
        line_end = self.source.text.find("\n", keyword.start)
        line = self.source.text[keyword.start : line_end if line_end >= 0 else len(self.source.text)]
        starts, scoring = scoring_sentences(line)
        uses = None
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
                uses = "、".join(wording_text(v) for v in heapq.nsmallest(8, known - {ZERO, ONE, weight})) or "none"
            self.warn("wording", span, f"the 评分标准 of {ind.code} says {match.group(0)}, a number its rule does not use",
                      f"correct the wording or the rule; the rule uses: {uses}")  # fmt: skip

    def numeric(self, t: str | None, expr: ast.Expr, where: str) -> None:
        if t == "bool":
            self.error("types", expr.span, f"{where} is a condition, not a number: `{self.text(expr.span)}`")
        elif is_fact(t):
            self.error("types", expr.span, f"{where} is {words(t)}, not a number: `{self.text(expr.span)}`",
                       self.not_a_number(expr, str(t), self.types)[1])  # fmt: skip

    def actual(self, ind: ast.Indicator, blocked: Mapping[str, str | None], types: Types,
               ranges: Mapping[str, Iv | None]) -> tuple[str | None, Iv | None]:  # fmt: skip
        """The actual's type and range; a completion's items are checked on the way."""
        actual = ind.actual
        if isinstance(actual, ast.ActualExpr):
            where = f"the actual of {ind.code}"
            self.names(actual.expr, where, blocked)
            t = self.type_of(actual.expr, types, where)
            self.numeric(t, actual.expr, where)
            return t, self.range_of(actual.expr, ranges, where)
        if isinstance(actual, ast.Completion):
            self.items(ind, actual.items, "completion", actual.span)
            for item in actual.items:
                if item.target is not None:
                    where = f"the target of item {item.name} in {ind.code}"
                    self.names(item.target, where, blocked)
                    self.numeric(self.type_of(item.target, types, where), item.target, where)
                    r = self.range_of(item.target, ranges, where)
                    if r is not None and r.has(ZERO):
                        self.zero(item.target, r, f"{where} {can(r)} 0, and the item's completion divides by it")
            return "rate", UNIT
        if actual is None and not tree.reads_own_actual(ind):
            return None, None
        t = tree.own_actual_type(ind)
        return t, (NONNEG if t in ("amount", "count") else ALL)

    def against(self, expr: ast.Expr, actual: str | None, what: str, types: Types) -> None:
        """What the actual is compared with is in the actual's unit; a bare 90 against a rate is suspicious."""
        t, code = self.type_of(expr, types, None), what.split()[-1]
        if clash(actual, t):
            self.error("types", expr.span, f"{what} is {WORDS[str(t)]}, but the actual of {code} is "
                       f"{WORDS[str(actual)]}", "write it in the actual's unit, or declare the actual's type: "
                       "`实际 比率`")  # fmt: skip
        elif actual == "rate" and isinstance(expr, ast.Number) and t == "number" and abs(expr.value) > 1:
            value = num(expr.value)
            self.warn("types", expr.span, f"{what} compares a percentage with {value}, which is {as_percent(expr.value)}",
                      f"write {value}% if a percentage is meant")  # fmt: skip

    def award(self, ind: ast.Indicator, award: ast.Award, weight: Decimal, what: str) -> None:
        if isinstance(award, ast.AmountRange) and points(award.low, weight) > points(award.high, weight):
            self.error("bounds", award.span, f"{what} of {ind.code} has a backward range `{self.text(award.span)}`",
                       "write the low end first: `8分~9分`")  # fmt: skip
        for amount in [award] if isinstance(award, ast.Amount) else [award.low, award.high]:
            if points(amount, weight) > weight and id(ind) not in self.in_bonus:
                self.error("bounds", amount.span, f"{what} of {ind.code} awards {self.text(amount.span)}, "
                           f"more than its weight {num(weight)}", "an award is at most the weight (100%)")  # fmt: skip

    def items(self, ind: ast.Indicator, items: tuple[ast.Item, ...], kind: str, span: Span) -> None:
        """Items are named once; their shares are all given or all left out, and make exactly 100%."""
        code = ind.code
        if not items:
            self.error("shares", span, f"the {kind} of {code} has no items")
            return
        self.duplicates(((i.name, i.span) for i in items), "item", f" in {code}")
        shared = [(i, i.share) for i in items if i.share is not None]
        if shared and len(shared) < len(items):
            lacking = next(i for i in items if i.share is None)
            self.error("shares", lacking.span, f"item {lacking.name} of {code} has no share, but other items do",
                       "give every item a share, or none (equal shares)")  # fmt: skip
            return
        values = [self.share(share, f" in {code}") for _, share in shared]
        total = sum((v for v in values if v is not None), Fraction(0))
        if shared and None not in values and total != 1:
            terms = " + ".join(f"{i.name} {self.text(share.span)}" for i, share in shared)
            gap = f"{frac(1 - total)} missing" if total < 1 else f"{frac(total - 1)} too many"
            self.error("shares", span, f"shares of the {kind} of {code} sum to {frac(total)}, not 100% ({terms}): "
                       f"{gap}", "shares are parts of the weight that add up to 100% (fractions like 1/6 are exact)")

    def share(self, share: ast.Share, where: str) -> Fraction | None:
        if share.denominator == 0:
            self.error("division", share.span, f"share {self.text(share.span)}{where} divides by 0")
            return None
        return Fraction(share.numerator) / Fraction(share.denominator)

    def whole_actual(self, ind: ast.Indicator) -> bool:
        """Whether the actual takes whole numbers only: a count read from the data, or a count input itself."""
        if isinstance(ind.actual, ast.ActualExpr):
            e = ind.actual.expr
            return isinstance(e, ast.Name) and e.name in self.inputs and self.inputs[e.name].type == "count"
        return tree.reads_own_actual(ind) and tree.own_actual_type(ind) == "count"

    def coverage(self, entries: list[tuple[str, ast.Condition, Span]], domain: Iv, owner: str | None, subject: str,
                 noun: str, pct: bool, span: Span, whole: bool = False) -> None:  # fmt: skip
        """Conditions on one number cover its domain once (first match wins): report gaps, overlaps, dead ends.

        A ``whole`` subject (a count) takes whole numbers only: a gap holding none, (0, 1), is no gap."""
        of = f" of {owner}" if owner else ""
        regions: list[list[Iv]] = []  # what each entry claims; an otherwise claims nothing here
        first_otherwise = next((k for k, (_, cond, _) in enumerate(entries) if isinstance(cond, ast.Otherwise)), None)
        for label, cond, where in entries:
            if isinstance(cond, ast.Interval) and pieces(cond)[0].empty:
                self.error(noun + "s", cond.span, f"{noun} `{self.text(cond.span)}`{of} is empty",
                           "write the lower edge first: `[90%, 95%)`")  # fmt: skip
            regions.append([] if isinstance(cond, ast.Otherwise) else
                           [p for p in (domain.meet(q) for q in pieces(cond)) if not p.empty])  # fmt: skip
        cover = Cover(regions, domain)
        for k, (label, cond, where) in enumerate(entries):
            if isinstance(cond, ast.Otherwise):
                if k < len(entries) - 1:
                    self.error(noun + "s", where, f"the otherwise {noun}{of} is not last: the {noun}s after it never "
                               "match", "move 否则 (otherwise) to the end")  # fmt: skip
                elif k > first_otherwise or not cover.uncovered(k):  # type: ignore[operator]
                    self.warn(noun + "s", cond.span, f"the otherwise {noun}{of} is never reached")
                continue
            j = cover.first_overlap(k)
            if j is not None:
                common = next(m for a in regions[j] for b in regions[k] if not (m := a.meet(b)).empty)
                self.error(noun + "s", where, f"{noun}s{of} overlap: {subject} in {fmt(common, pct)} matches both "
                           f"{entries[j][0]} and {label}", "make one of the edges open, e.g. " + EDGE[noun])  # fmt: skip
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
            between = " and ".join(str(entries[k][0]) for k in (lower, upper) if k is not None)
            nearest = upper if upper is not None else lower
            where = entries[nearest][2] if nearest is not None else span
            self.error(noun + "s", where, f"{noun}s{of} leave a gap: {subject} in {fmt(gap, pct)} matches no {noun}"
                       + (f" (between {between})" if lower is not None and upper is not None else ""),
                       f"add a {noun} for it" + (", or end with `否则：0分` (otherwise)" if noun == "band" else ""))

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
            message = f"{ind.code} is declared {DIRECTION[wanted]} but its rule rewards a {rewards} actual"
        else:
            span = ind.target.span if ind.target is not None else ind.span
            message = f"the target `{self.text(span)}` of {ind.code} means {DIRECTION[wanted]}, but its rule rewards " \
                      f"a {rewards} actual"  # fmt: skip
        self.error("direction", span, message, hint)


"""A deliberately naive tree-walking evaluator, to check the compiled one against.

It reads the AST directly on every call, recomputes everything, and shares no code
with perfscore's compiler or evaluator beyond the AST and the Decimal context.
It covers the rule kinds the property tests generate, and the tree as docs/semantics.md
states it: sum, min and product groups; bonus groups (children's scores, capped) and
penalty groups (each child's lost points, capped, subtracted); not applicable in its three
treatments (weights moved as exact fractions, innermost scope first); overrides; vetoes.
"""

from __future__ import annotations

import decimal
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from perfscore import ast
from perfscore.numbers import CONTEXT

ZERO, ONE = Decimal(0), Decimal(1)


def _rate(value: Any) -> Decimal:
    if isinstance(value, str) and value.endswith("%"):
        return Decimal(value[:-1]) / 100
    return Decimal(value)


def _met(value: Any) -> Decimal:
    if value is True:
        return ONE
    if value is False:
        return ZERO
    return _rate(value)


def _points(amount: ast.Amount, weight: Decimal) -> Decimal:
    return amount.value * weight if amount.unit == "share" else amount.value


def _holds(condition: ast.Condition, actual: Decimal) -> bool:
    if isinstance(condition, ast.Otherwise):
        return True
    if isinstance(condition, ast.Compare):
        bound = condition.value.value
        return {
            ">=": actual >= bound, ">": actual > bound, "<=": actual <= bound,
            "<": actual < bound, "==": actual == bound, "!=": actual != bound,
        }[condition.op]  # fmt: skip
    assert isinstance(condition, ast.Interval)
    low_ok = actual >= condition.low.value if condition.low_closed else actual > condition.low.value
    high_ok = actual <= condition.high.value if condition.high_closed else actual < condition.high.value
    return low_ok and high_ok


def _judged(value: Any, weight: Decimal) -> Decimal:
    """A judged score as the data gives it: "0.5分" or a number in points, "75%" a share of the weight."""
    if isinstance(value, str) and value.endswith("分"):
        return Decimal(value[:-1])
    if isinstance(value, str) and value.endswith("%"):
        return Decimal(value[:-1]) / 100 * weight
    return Decimal(value)


def ceiling(rule: ast.Rule, weight: Decimal) -> Decimal:
    """The most a rule awards against ``weight``: over-achievement only where the rule says so."""
    if isinstance(rule, ast.Proportional):
        if rule.uncapped:
            return Decimal("Infinity")
        return rule.cap_points if rule.cap_points is not None else weight * (rule.cap or ONE)
    if isinstance(rule, ast.PerOccurrence) and rule.max is not None:
        return _points(rule.max, weight)
    if isinstance(rule, ast.Judged) and isinstance(rule.award, ast.AmountRange):
        return _points(rule.award.high, weight)
    return weight


def leaf_score(node: ast.Indicator, weight: Decimal, value: Any) -> Decimal:
    """The unrounded, unclamped-by-the-caller score of one leaf's main rule."""
    target = node.target.value.value if node.target and isinstance(node.target.value, ast.Number) else None
    assert node.rule is not None
    return rule_score(node.rule, target, weight, value)


def rule_score(rule: ast.Rule, target: Decimal | None, weight: Decimal, value: Any) -> Decimal:
    """One rule's score against ``weight`` (an indicator's weight, or a part's points), unclamped."""
    if isinstance(rule, ast.Binary):
        return weight if value else ZERO
    if isinstance(rule, ast.Checklist):
        count = Decimal(len(rule.items))
        total = ZERO
        for item in rule.items:
            share = item.share.numerator / item.share.denominator if item.share else ONE / count
            total += share * _met(value[item.name])
        return weight * total
    if isinstance(rule, ast.Levels):
        level = next(lv for lv in rule.levels if lv.label == value)
        assert isinstance(level.award, ast.Amount)
        return _points(level.award, weight)
    if isinstance(rule, ast.PerOccurrence):
        most = _points(rule.max, weight) if rule.max is not None else weight
        return min(Decimal(value) * _points(rule.amount, weight), most)
    if isinstance(rule, ast.Judged):
        return _judged(value, weight)
    actual = _rate(value)
    if isinstance(rule, ast.Proportional):
        assert target is not None
        if rule.cutoff is not None and isinstance(rule.cutoff, ast.Number) and actual < rule.cutoff.value:
            return ZERO
        if rule.reverse and actual == 0:  # the best value there is: full marks, or the cap
            return rule.cap_points if rule.cap_points is not None else weight * (rule.cap or ONE)
        # weight × actual ÷ target, one rounding: 3 × 0.02% ÷ 6% is 0.01
        raw = weight * target / actual if rule.reverse else weight * actual / target
        if raw < 0:
            return ZERO
        if rule.uncapped:
            return raw
        return min(raw, rule.cap_points if rule.cap_points is not None else weight * (rule.cap or ONE))
    if isinstance(rule, ast.Deduct):
        limit = rule.limit.value if isinstance(rule.limit, ast.Number) else ZERO
        excess = {"above": actual - limit, "below": limit - actual, "beyond": abs(actual - limit)}[rule.side]
        if excess <= 0:
            return weight
        units = excess / rule.step.value
        mode = {"half_up": ROUND_HALF_UP, "up": ROUND_CEILING, "down": ROUND_FLOOR}.get(rule.partial)
        if mode is not None:
            units = units.quantize(ONE, rounding=mode)
        deduction = units * _points(rule.amount, weight)
        if rule.max is not None:
            deduction = min(deduction, _points(rule.max, weight))
        return max(weight - deduction, ZERO)
    if isinstance(rule, ast.Bands):
        band = next(b for b in rule.bands if _holds(b.condition, actual))
        assert isinstance(band.award, ast.Amount)
        return _points(band.award, weight)
    if isinstance(rule, ast.Linear):
        assert isinstance(rule.zero_at, ast.Number) and isinstance(rule.full_at, ast.Number)
        low, high = rule.zero_at.value, rule.full_at.value
        fraction = (actual - low) / (high - low)
        if ZERO <= fraction <= ONE:
            return weight * (actual - low) / (high - low)
        return weight * max(ZERO, min(fraction, ONE))
    raise NotImplementedError(type(rule).__name__)


class Nowhere(Exception):
    """Every leaf of a scope is not applicable: its weight has nowhere to go (the data is refused)."""


def _round(value: Fraction, places: int, mode: str) -> Decimal:
    """An exact non-negative rational rounded to ``places`` decimals, in integers (no Decimal division)."""
    scaled = value * 10**places
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    twice = 2 * rest
    up = {
        "down": False,
        "up": rest > 0,
        "half_up": twice >= scaled.denominator,
        "half_even": twice > scaled.denominator or (twice == scaled.denominator and whole % 2 == 1),
    }[mode]  # fmt: skip
    return Decimal(whole + up).scaleb(-places)


def _declared(node: ast.Node, parent: Fraction) -> Fraction:
    return Fraction(node.weight.value) * parent if node.weight.percent else Fraction(node.weight.value)


def _leaves(node: ast.Node) -> list[ast.Indicator]:
    if isinstance(node, ast.Indicator):
        return [node]
    return [leaf for child in node.children for leaf in _leaves(child)]


def _move(weights: dict[str, Fraction], lost: list[ast.Indicator], members: list[ast.Indicator], gone: set[str]) -> None:
    """Give the weight of ``lost`` to the members still standing, each in proportion to its weight."""
    amount = sum((weights[leaf.code] for leaf in lost), Fraction(0))
    for leaf in lost:
        weights[leaf.code] = Fraction(0)
    if not amount:
        return
    standing = [leaf.code for leaf in members if leaf.code not in gone]
    base = sum((weights[c] for c in standing), Fraction(0))
    if not base:
        raise Nowhere
    for c in standing:
        weights[c] += amount * weights[c] / base


def _settle(tree: ast.Node | None, top: list[ast.Node], weights: dict[str, Fraction], dropped: dict[str, str]) -> None:
    """Move the not-applicable weights of one tree (the main tree when ``tree`` is None): every group
    from the deepest up gives its redistributing children's weight to its other leaves, then the
    tree gives its rescaled leaves' weight to all its other leaves."""
    gone = {code for code, how in dropped.items() if how != "full"}
    roots = top if tree is None else [tree]
    groups: list[tuple[int, ast.Group]] = []
    stack: list[tuple[ast.Node, int]] = [(n, 1) for n in roots]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, ast.Group):
            groups.append((depth, node))
            stack.extend((c, depth + 1) for c in node.children)
    for _, group in sorted(groups, key=lambda g: -g[0]):
        lost = [c for c in group.children if isinstance(c, ast.Indicator) and dropped.get(c.code) == "redistribute"]
        _move(weights, lost, _leaves(group), gone)
    members = [leaf for n in roots for leaf in _leaves(n)]
    # a top-level leaf that redistributes has no parent group: its siblings are the whole tree
    rescaled = [leaf for leaf in members if dropped.get(leaf.code) == "rescale" or
                (dropped.get(leaf.code) == "redistribute" and any(leaf is n for n in roots))]  # fmt: skip
    _move(weights, rescaled, members, gone)


class Reference:
    """The reference result: every node's score and effective weight, the total and the grade cap."""

    def __init__(self, rubric: ast.Rubric, data: dict[str, Any]) -> None:
        self.rubric = rubric
        self.places, self.mode = rubric.rounding.places, rubric.rounding.mode
        self.dropped = {code: _indicator(rubric, code).not_applicable or "" for code in data.get("not_applicable", [])}
        self.overrides = {code: Decimal(str(o["score"])) for code, o in data.get("overrides", {}).items()}
        self.data = data
        self.declared: dict[str, Fraction] = {}
        self.kind: dict[str, str] = {}
        stack: list[tuple[ast.Node, Fraction, str]] = [(n, Fraction(rubric.total), "group") for n in rubric.nodes]
        while stack:
            node, parent, kind = stack.pop()
            self.declared[node.code] = w = _declared(node, parent)
            kind = node.kind if isinstance(node, ast.Group) and node.kind != "group" else kind
            self.kind[node.code] = kind
            if isinstance(node, ast.Group):
                stack.extend((child, w, kind) for child in node.children)
        # effective weights of the leaves: each tree (main, every bonus/penalty group) settled on its own
        self.weights = {leaf.code: self.declared[leaf.code] for n in rubric.nodes for leaf in _leaves(n)}
        main = [n for n in rubric.nodes if not (isinstance(n, ast.Group) and n.kind != "group")]
        _settle(None, main, self.weights, self.dropped)
        for n in rubric.nodes:
            if n not in main:
                _settle(n, [], self.weights, self.dropped)
        self.scores: dict[str, Decimal] = {}
        self.points: dict[str, Decimal] = {}  # effective weight as scores are rounded, where it changed
        self.total = ZERO
        with decimal.localcontext(CONTEXT):
            for node in rubric.nodes:
                score = self._score(node)
                self.total += -score if self.kind[node.code] == "penalty" else score
            maximum = rubric.maximum
            if maximum is None:
                caps = (n.weight.value for n in rubric.nodes if isinstance(n, ast.Group) and n.kind == "bonus")
                maximum = rubric.total + sum(caps, ZERO)
            self.total = min(max(self.total, ZERO), maximum)
            happened = [v for v in rubric.vetoes if v.name in data.get("vetoes", [])]
            if any(v.grade is None for v in happened):
                self.total = ZERO
            self.grade_caps = [v.grade for v in happened if v.grade is not None]

    def _effective(self, node: ast.Node) -> Fraction:
        if isinstance(node, ast.Indicator):
            return self.weights[node.code]
        if node.kind != "group":
            return self.declared[node.code]  # a bonus or penalty cap is never rescaled
        return sum((self._effective(c) for c in node.children), Fraction(0))

    def _point(self, node: ast.Node) -> Decimal:
        w = self._effective(node)
        return Decimal(node.weight.value if w == self.declared[node.code] else _round(w, self.places, self.mode))

    def _score(self, node: ast.Node) -> Decimal:
        if isinstance(node, ast.Indicator):
            score = self._leaf(node)
        elif node.kind == "penalty":
            lost = sum((self._point(c) - self._score(c) for c in node.children), ZERO)
            score = min(lost, node.weight.value)
        elif node.kind == "bonus":
            score = min(sum((self._score(c) for c in node.children), ZERO), node.weight.value)
        elif node.aggregate == "sum":
            score = sum((self._score(c) for c in node.children), ZERO)
        else:
            rates = [self._score(c) / self._point(c) for c in node.children if self._effective(c)]
            used = min(rates, default=ONE) if node.aggregate == "min" else ONE  # a capped child's rate may pass 1
            for rate in rates if node.aggregate == "product" else ():
                used *= rate
            weight = self._effective(node)
            score = (Decimal(weight.numerator) / weight.denominator * used).quantize(
                Decimal(1).scaleb(-self.places), rounding=_DECIMAL_MODES[self.mode])
        self.scores[node.code] = score
        return score

    def _leaf(self, node: ast.Indicator) -> Decimal:
        declared, weight = self.declared[node.code], self.weights[node.code]
        how = self.dropped.get(node.code)
        if how is not None and how != "full":
            return ZERO
        if how == "full":
            return _round(weight, self.places, self.mode)
        w = Decimal(declared.numerator) / declared.denominator
        assert node.rule is not None
        value = self.data[node.code]
        if node.parts:  # the main rule's data beside the parts': level or actual
            value = value["level" if isinstance(node.rule, ast.Levels) else "actual"]
        raw = min(max(leaf_score(node, w, value), ZERO), ceiling(node.rule, w))
        if node.parts:
            for part in node.parts:
                points = _points(part.points, w) if part.points is not None else w
                got = rule_score(part.rule, None, points, self.data[node.code][part.name])
                got = min(max(got, ZERO), ceiling(part.rule, points))
                raw += got if part.sign == "add" else -got
            if node.score_max == "uncapped":
                top = Decimal("Infinity")
            else:
                top = ceiling(node.rule, w) if node.score_max is None else _points(node.score_max, w)
            raw = min(max(raw, ZERO), top)
        computed = _round(Fraction(raw) * weight / declared, self.places, self.mode)
        return self.overrides.get(node.code, computed)


_DECIMAL_MODES = {"half_up": ROUND_HALF_UP, "half_even": decimal.ROUND_HALF_EVEN, "down": ROUND_FLOOR, "up": ROUND_CEILING}


def _indicator(rubric: ast.Rubric, code: str) -> ast.Indicator:
    return next(leaf for n in rubric.nodes for leaf in _leaves(n) if leaf.code == code)


def total(rubric: ast.Rubric, data: dict[str, Any]) -> tuple[Decimal, dict[str, Decimal]]:
    """The total and every node's score (leaves rounded once, from the exact scaled value)."""
    ref = Reference(rubric, data)
    return ref.total, ref.scores

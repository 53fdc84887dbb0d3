"""Compile a checked AST into a plan of closures: all lookups and dispatch happen here, once.

A leaf's scorer returns ``(raw score, steps)``. Steps are plain tuples
``(kind, ...numbers)`` — cheap to record on every evaluation — and are
turned into words only when someone reads the explanation (explain.py).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from . import ast, data, tree
from .expressions import Env, Fn, Local, compile_expr, names_in
from .numbers import CONTEXT, ONE, ROUNDING_MODES, ZERO, plain

Step = tuple[Any, ...]
Scorer = Callable[[Decimal | None, Decimal | None, Env, Any], tuple[Decimal, tuple[Step, ...]]]
ActualFn = Callable[[Env, Any, Local], tuple[Decimal | None, tuple[Step, ...]]]
Test = Callable[[Any, Env, Local], bool]

_PARTIAL = {"half_up": ROUND_HALF_UP, "up": ROUND_CEILING, "down": ROUND_FLOOR}


@attrs.frozen
class NodePlan:
    """One node of the tree, flattened: children are indices into ``Plan.nodes``."""

    index: int
    node: ast.Node
    code: str
    name: str
    level: int
    kind: str  # "group", "bonus", "penalty", "indicator"
    weight: Decimal
    parent: int | None
    children: tuple[int, ...] = ()
    aggregate: str = "sum"
    # leaves only
    actual: ActualFn | None = None
    target: Fn | None = None
    scorer: Scorer | None = None
    reader: data.Reader | None = None  # how the data under the indicator's code is read
    uses: tuple[str, ...] = ()  # inputs and surveys the actual and rule read, for explanations
    formulas: tuple[ast.MetricDecl, ...] = ()  # metrics behind the actual, in computing order
    in_bonus: bool = False
    ceiling: Decimal = ZERO  # the most a leaf can score: its weight, or more when over-achievement is rewarded
    optional: bool = False  # its data may be absent: a judged score needed only when a ranged band applies


@attrs.frozen
class SurveyPlan:
    """A survey with its option weights worked out once."""

    survey: ast.Survey
    name: str
    weights: tuple[Decimal, ...]
    quantum: Decimal | None  # answer shares are rounded half up to this, when the survey says so
    read: data.Reader

    @classmethod
    def of(cls, survey: ast.Survey) -> SurveyPlan:
        weights = tuple(CONTEXT.divide(o.share.numerator, o.share.denominator) for o in survey.options)
        places = survey.share_places
        quantum = Decimal(1).scaleb(-(places + 2)) if places is not None else None  # places of a percent
        return cls(survey, survey.name, weights, quantum, data.survey_reader(survey))

    def questions(self, counts: tuple[tuple[Decimal, ...], ...]) -> list[Decimal]:
        """Each question's satisfaction: Σ share(option) × weight(option); runs in the exact context."""
        out = []
        quantum, weights = self.quantum, self.weights
        for answers in counts:
            answered = sum(answers, ZERO)
            if quantum is None:
                out.append(sum([count / answered * weight for count, weight in zip(answers, weights)], ZERO))
            else:
                out.append(sum([(count / answered).quantize(quantum, rounding=ROUND_HALF_UP) * weight
                                for count, weight in zip(answers, weights)], ZERO))  # fmt: skip
        return out

    def value(self, counts: tuple[tuple[Decimal, ...], ...]) -> Decimal:
        """The survey's satisfaction: the mean over its questions."""
        return sum(self.questions(counts), ZERO) / len(counts)


@attrs.frozen
class Plan:
    rubric: ast.Rubric
    nodes: tuple[NodePlan, ...]
    roots: tuple[int, ...]
    inputs: tuple[tuple[str, data.Reader, tuple[str, ...]], ...]  # name, reader, indicators using it
    metrics: tuple[tuple[str, Fn, ast.MetricDecl], ...]  # in dependency order
    surveys: tuple[SurveyPlan, ...]
    by_code: dict[str, int]
    maximum: Decimal
    places: int
    mode: str
    quantum: Decimal
    rounding_mode: str  # the decimal module's constant for `mode`
    grades: tuple[tuple[str, Test], ...] = ()
    #: Leaves whose data sits under their code: (index, code, reader).
    readers: tuple[tuple[int, str, data.Reader], ...] = ()
    #: Every top-level data key the plan understands (unknown keys are reported as warnings).
    keys: frozenset[str] = frozenset()

    def grade_of(self, total: Decimal, at_most: str | None = None) -> str | None:
        """The grade whose condition the total meets; a veto may cap it at a lower grade."""
        labels = [label for label, _ in self.grades]
        found = next((label for label, test in self.grades if test(total, {}, ())), None)
        if found is not None and at_most in labels and labels.index(found) < labels.index(at_most):
            return at_most
        return found

    def __reduce__(self) -> tuple[Callable[[ast.Rubric], Plan], tuple[ast.Rubric]]:
        # The plan is closures, which do not pickle; its checked AST does, and builds the same plan.
        return (_rebuild, (self.rubric,))


def _rebuild(rubric: ast.Rubric) -> Plan:
    from decimal import localcontext

    with localcontext(CONTEXT):
        return build(rubric)


def build(rubric: ast.Rubric) -> Plan:
    """The evaluable plan of a rubric that passed its checks."""
    weights = tree.resolved_weights(rubric)
    nodes: list[NodePlan] = []
    roots: list[int] = []
    # Iterative pre-order walk: parents get their index before their children.
    stack: list[tuple[ast.Node, int | None, int, bool]] = [(n, None, 1, False) for n in reversed(rubric.nodes)]
    children_of: dict[int, list[int]] = {}
    while stack:
        node, parent, level, in_bonus = stack.pop()
        index = len(nodes)
        if parent is None:
            roots.append(index)
        else:
            children_of[parent].append(index)
        weight = weights[id(node)]
        if isinstance(node, ast.Group):
            children_of[index] = []
            nodes.append(NodePlan(index, node, node.code, node.name, level, node.kind, weight, parent,
                                  aggregate=node.aggregate, in_bonus=in_bonus))  # fmt: skip
            nested_bonus = in_bonus or node.kind != "group"
            stack.extend((child, index, level + 1, nested_bonus) for child in reversed(node.children))
        else:
            nodes.append(_leaf(rubric, node, index, level, weight, parent, in_bonus))
    ordered = _metric_order(rubric.metrics)
    rank = {m.name: k for k, m in enumerate(ordered)}
    metric_names = {m.name: m for m in rubric.metrics}
    for k, n in enumerate(nodes):
        behind = _inputs_behind(n.uses, metric_names)
        nodes[k] = attrs.evolve(
            n,
            children=tuple(children_of.get(n.index, ())),
            uses=tuple(name for name in behind if name not in metric_names),
            formulas=tuple(sorted((metric_names[x] for x in behind if x in metric_names), key=lambda m: rank[m.name])),
        )
    using: dict[str, dict[str, None]] = {i.name: {} for i in rubric.inputs}  # ordered sets: linear in the nodes
    for n in nodes:
        for name in n.uses:
            if name in using:
                using[name][n.code] = None
    inputs = tuple(
        (i.name, data.number_reader(i.type, i.domain), tuple(using[i.name])) for i in rubric.inputs
    )
    return Plan(
        rubric=rubric,
        nodes=tuple(nodes),
        roots=tuple(roots),
        inputs=inputs,
        metrics=tuple((m.name, compile_expr(m.expr), m) for m in ordered),
        surveys=tuple(SurveyPlan.of(s) for s in rubric.surveys),
        by_code={n.code: n.index for n in nodes},
        maximum=tree.maximum(rubric),
        places=rubric.rounding.places,
        mode=rubric.rounding.mode,
        quantum=Decimal(1).scaleb(-rubric.rounding.places),
        rounding_mode=ROUNDING_MODES[rubric.rounding.mode],
        grades=tuple((g.label, _condition(g.condition)) for g in rubric.grades),
        readers=tuple((n.index, n.code, n.reader) for n in nodes if n.reader is not None),
        keys=frozenset(
            [i.name for i in rubric.inputs] + [s.name for s in rubric.surveys] + list(data.RESERVED)
            + [n.code for n in nodes if n.reader is not None]
        ),
    )


def _inputs_behind(names: tuple[str, ...], metrics: dict[str, ast.MetricDecl]) -> list[str]:
    """The names read directly and through metrics, in first-use order."""
    seen: dict[str, None] = {}  # an ordered set: a metric of 10,000 inputs stays linear
    stack = list(reversed(names))
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen[name] = None
        if name in metrics:
            stack.extend(reversed(names_in(metrics[name].expr)))
    return list(seen)


def _metric_order(metrics: tuple[ast.MetricDecl, ...]) -> list[ast.MetricDecl]:
    """Metrics in an order where each comes after the metrics it reads (the checker refuses cycles)."""
    by_name = {m.name: m for m in metrics}
    done: dict[str, None] = {}
    for metric in metrics:
        stack = [(metric, False)]
        while stack:
            current, expanded = stack.pop()
            if current.name in done:
                continue
            if expanded:
                done[current.name] = None
                continue
            stack.append((current, True))
            stack.extend((by_name[n], False) for n in names_in(current.expr) if n in by_name and n not in done)
    return [by_name[name] for name in done]


# ------------------------------------------------------------------ leaves


def _leaf(
    rubric: ast.Rubric, node: ast.Indicator, index: int, level: int, weight: Decimal, parent: int | None,
    in_bonus: bool,
) -> NodePlan:  # fmt: skip
    rule = node.rule
    assert rule is not None, "the checker requires a rule"
    target = node.target.value if node.target is not None else None
    target_fn = compile_expr(target) if target is not None else None
    actual_fn, actual_reader, uses = _actual(node)
    scorer, rule_reader = _rule(rule, weight, in_bonus)
    # Bands with a range among fixed awards need the judged score only when a ranged band applies.
    optional = isinstance(rule, ast.Bands) and rule_reader is not None
    reader = _combine_readers(actual_reader, rule_reader, optional)
    if reader is not None and not _judged_rule(rule):
        reader = _not_judged(reader, type(rule).__name__.lower())
    uses += tuple(n for n in names_in(target) if n not in uses)
    for expr in _rule_exprs(rule):
        uses += tuple(n for n in names_in(expr) if n not in uses and n not in ("weight", "actual", "target"))
    ceiling = weight * rule.cap if isinstance(rule, ast.Proportional) and rule.cap is not None else weight
    return NodePlan(index, node, node.code, node.name, level, "indicator", weight, parent,
                    actual=actual_fn, target=target_fn, scorer=scorer, reader=reader, uses=uses,
                    in_bonus=in_bonus, ceiling=ceiling, optional=optional and actual_reader is None)  # fmt: skip


def _judged_rule(rule: ast.Rule) -> bool:
    """Whether the data may carry the evaluator's score for this rule (a range to judge within)."""
    match rule:
        case ast.Judged():
            return True
        case ast.Bands(bands=bands):
            return any(isinstance(b.award, ast.AmountRange) for b in bands)
        case ast.Levels(levels=levels):
            return any(isinstance(level.award, ast.AmountRange) for level in levels)
    return False


def _not_judged(read: data.Reader, rule: str) -> data.Reader:
    """A reader that, failing on {…, score = …}, says the score has no place here (never ignores it)."""

    def read_unjudged(value: Any) -> Any:
        try:
            return read(value)
        except data.Bad:
            if isinstance(value, dict) and "score" in value:
                raise data.Bad(f"a score is given, but this indicator is not judged: its rule ({rule}) computes "
                               "the score; give only what the rule reads") from None  # fmt: skip
            raise

    return read_unjudged


def _rule_exprs(rule: ast.Rule) -> list[ast.Expr]:
    match rule:
        case ast.Proportional(cutoff=cutoff):
            return [cutoff] if cutoff is not None else []
        case ast.Deduct(limit=limit):
            return [limit] if limit is not None else []
        case ast.Linear(zero_at=z, full_at=f):
            return [z, f]
        case ast.Formula(expr=expr):
            return [expr]
        case ast.Bands(bands=bands):
            return [b.condition.condition for b in bands if isinstance(b.condition, ast.When)]
    return []


@attrs.frozen
class Both:
    """An indicator's data holding both its actual and the evaluator's judgement."""

    actual: Any
    judgement: Any


# The data under an indicator's code holds either the actual, the rule's judgement
# (items, a level, met or not, a score), or both as {actual = …, score = …}.
def _combine_readers(actual: data.Reader | None, rule: data.Reader | None, optional: bool = False) -> data.Reader | None:
    """``optional``: the judgement may be left out (the actual alone, bare or as {actual = …})."""
    if actual is None or rule is None:
        return actual or rule

    def read(value: Any) -> Both:
        if optional and not isinstance(value, dict):
            return Both(actual(value), None)
        if not isinstance(value, dict) or "actual" not in value:
            raise data.Bad("expected a table {actual = …, score = …}")
        rest = {k: v for k, v in value.items() if k != "actual"}
        if optional and not rest:
            return Both(actual(value["actual"]), None)
        return Both(actual(value["actual"]), rule(rest["score"] if "score" in rest else rest))

    return read


def _actual(node: ast.Indicator) -> tuple[ActualFn | None, data.Reader | None, tuple[str, ...]]:
    actual = node.actual
    if isinstance(actual, ast.ActualExpr):
        fn = compile_expr(actual.expr)
        return (lambda env, own, loc: (fn(env, loc), ())), None, tuple(names_in(actual.expr))
    if isinstance(actual, ast.Completion):
        return _completion(actual.items)
    if tree.reads_own_actual(node):
        return _own_actual, data.number_reader(tree.own_actual_type(node)), ()
    return None, None, ()


def _own_actual(env: Env, own: Any, loc: Local) -> tuple[Decimal, tuple[Step, ...]]:
    return (own.actual if type(own) is Both else own), ()


def _share_values(items: tuple[ast.Item, ...]) -> list[Decimal] | None:
    if not items or items[0].share is None:
        return None
    return [CONTEXT.divide(i.share.numerator, i.share.denominator) for i in items if i.share is not None]


def _completion(items: tuple[ast.Item, ...]) -> tuple[ActualFn, data.Reader, tuple[str, ...]]:
    names = tuple(i.name for i in items)
    targets = [compile_expr(i.target) if i.target is not None else None for i in items]
    readers = tuple(
        data.number_reader(tree.target_type(ast.Target(value=i.target))) if i.target is not None else data.fulfilment
        for i in items
    )
    shares = _share_values(items)
    count = Decimal(len(items))
    rated = [i.target is not None and tree.target_type(ast.Target(value=i.target)) == "rate" for i in items]
    uses = tuple(n for i in items for n in names_in(i.target))

    def actual(env: Env, own: Any, loc: Local) -> tuple[Decimal, tuple[Step, ...]]:
        values = own.actual if type(own) is Both else own
        rows = []
        total = ZERO
        for k, (name, target_fn) in enumerate(zip(names, targets)):
            value = values[k]
            if target_fn is None:
                done = value
                target = None
            else:
                target = target_fn(env, loc)
                done = min(value / target, ONE)
            rows.append((name, value, target, done, rated[k]))
            total += done * shares[k] if shares is not None else done
        rate = total if shares is not None else total / count
        return rate, (("completion", tuple(rows), rate, shares is not None),)

    return actual, (lambda value: data.items(value, names, readers)), uses


def _points(amount: ast.Amount, weight: Decimal) -> Decimal:
    return amount.value * weight if amount.unit == "share" else amount.value


def _rule(rule: ast.Rule, weight: Decimal, in_bonus: bool) -> tuple[Scorer, data.Reader | None]:
    match rule:
        case ast.Proportional():
            return _proportional(rule, weight), None
        case ast.Deduct():
            return _deduct(rule, weight), None
        case ast.Bands():
            return _bands(rule, weight)
        case ast.Checklist(items=items):
            return _checklist(items, weight)
        case ast.Levels():
            return _levels(rule, weight)
        case ast.Binary():
            return _binary(weight), data.flag
        case ast.Formula(expr=expr):
            return _formula(expr, weight), None
        case ast.Linear(zero_at=zero_at, full_at=full_at):
            return _linear(compile_expr(zero_at), compile_expr(full_at), weight), None
        case ast.Judged(award=award):
            low, high = _award_range(award, weight)
            return _judged(low, high), data.number_reader("number")
    raise TypeError(f"not a rule: {rule!r}")  # pragma: no cover


def _proportional(rule: ast.Proportional, weight: Decimal) -> Scorer:
    cutoff = compile_expr(rule.cutoff) if rule.cutoff is not None else None
    cap = rule.cap if rule.cap is not None else ONE
    reverse = rule.reverse

    def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
        if cutoff is not None:
            threshold = cutoff(env, (weight, actual, target))
            if actual < threshold:
                return ZERO, (("cutoff", actual, threshold),)
        ratio = target / actual if reverse else actual / target
        if ratio < ZERO or ratio > cap:
            used = ZERO if ratio < ZERO else cap
            points = weight * used
        else:  # multiply before dividing: one rounding, of the true quotient, so 3 × 1/3 is exactly 1,
            used = ratio  # not 0.999…9 (which 舍去 floors to 0.99); weight × actual is exact in 60 digits
            points = weight * target / actual if reverse else weight * actual / target
        return points, (("ratio", actual, target, ratio, used, reverse, weight),)

    return score


def _deduct(rule: ast.Deduct, weight: Decimal) -> Scorer:
    limit = compile_expr(rule.limit) if rule.limit is not None else (lambda env, loc: ZERO)
    step = rule.step.value
    per_unit = _points(rule.amount, weight)
    most = _points(rule.max, weight) if rule.max is not None else None
    side = rule.side
    rounding = _PARTIAL.get(rule.partial)

    def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
        bound = limit(env, (weight, actual, target))
        if side == "above":
            excess = actual - bound
        elif side == "below":
            excess = bound - actual
        else:
            excess = abs(actual - bound)
        if excess <= ZERO:
            return weight, (("within", side, actual, bound),)
        units = exact = excess / step
        if rounding is not None:
            units = exact.quantize(ONE, rounding=rounding)
        deduction = units * per_unit
        capped = most is not None and deduction > most
        if capped:
            deduction = most
        raw = weight - deduction
        if raw < ZERO:
            raw = ZERO
        return raw, (("deduct", side, actual, bound, excess, step, exact, units, per_unit, deduction, capped, weight),)

    return score


def _condition(condition: ast.Condition) -> Test:
    """A band or grade condition as a predicate over the actual (or the total)."""
    match condition:
        case ast.Compare(op=op, value=ast.Number(value=bound)):
            test = data.COMPARISONS[op]
            return lambda actual, env, loc: test(actual, bound)
        case ast.Interval(low=low, high=high, low_closed=lc, high_closed=hc):
            lo, hi = low.value, high.value
            return lambda a, env, loc: (a >= lo if lc else a > lo) and (a <= hi if hc else a < hi)
        case ast.When(condition=expr):
            fn = compile_expr(expr)
            return lambda actual, env, loc: bool(fn(env, loc))
    return lambda actual, env, loc: True


def _award_range(award: ast.Award, weight: Decimal) -> tuple[Decimal, Decimal]:
    if isinstance(award, ast.AmountRange):
        return _points(award.low, weight), _points(award.high, weight)
    points = _points(award, weight)
    return points, points


def _judged(low: Decimal, high: Decimal) -> Scorer:
    def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
        judged = own.judgement if type(own) is Both else own
        if not low <= judged <= high:
            raise data.Bad(f"the judged score {judged} is outside the declared range {low}~{high}")
        return judged, (("judged", judged, low, high),)

    return score


def _bands(rule: ast.Bands, weight: Decimal) -> tuple[Scorer, data.Reader | None]:
    bands = [(_condition(b.condition), *_award_range(b.award, weight)) for b in rule.bands]
    judged = any(isinstance(b.award, ast.AmountRange) for b in rule.bands)

    def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
        loc = (weight, actual, target)
        for index, (test, low, high) in enumerate(bands):
            if test(actual, env, loc):
                judgement = (own.judgement if type(own) is Both else own) if judged else None
                if low == high:
                    if judgement is not None and judgement != low:  # never drop a score silently
                        raise data.Bad(f"band {index + 1} applies, which awards a fixed {plain(low)} points: the judged "
                                       f"score {plain(judgement)} cannot apply (give a score only where a band "
                                       "awards a range)")  # fmt: skip
                    return low, (("band", index, actual, low),)
                if judgement is None:
                    raise data.Bad(f"band {index + 1} applies, whose award is a range {plain(low)}~{plain(high)} "
                                   "points: give the judged score")  # fmt: skip
                raw, steps = _judged(low, high)(actual, target, env, judgement)
                return raw, (("band", index, actual, raw), *steps)
        raise data.Bad(f"no band matches the actual {actual}")

    return score, (data.number_reader("number") if judged else None)


def _checklist(items: tuple[ast.Item, ...], weight: Decimal) -> tuple[Scorer, data.Reader]:
    names = tuple(i.name for i in items)
    shares = _share_values(items) or [CONTEXT.divide(ONE, Decimal(len(items)))] * len(items)
    pairs = list(zip(names, shares))
    readers = tuple(data.fulfilment for _ in items)

    def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
        met = own.judgement if type(own) is Both else own
        total = ZERO
        rows = []
        for (name, share), done in zip(pairs, met):
            total += share * done
            rows.append((name, share, done))
        return weight * total, (("checklist", tuple(rows), total, weight),)

    return score, (lambda value: data.items(value, names, readers))


def _levels(rule: ast.Levels, weight: Decimal) -> tuple[Scorer, data.Reader]:
    labels = tuple(level.label for level in rule.levels)
    awards = {level.label: _award_range(level.award, weight) for level in rule.levels}
    ranged = any(isinstance(level.award, ast.AmountRange) for level in rule.levels)

    def read(value: Any) -> Any:
        if not ranged:
            return data.label(value, labels)
        if not isinstance(value, dict) or "level" not in value or "score" not in value:
            raise data.Bad("this indicator's levels are ranges: give {level = …, score = …}")
        return data.label(value["level"], labels), data.number_reader("number")(value["score"])

    def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
        own = own.judgement if type(own) is Both else own
        chosen, judged = own if isinstance(own, tuple) else (own, None)
        low, high = awards[chosen]
        if judged is None:
            return low, (("level", chosen, low),)
        raw, steps = _judged(low, high)(actual, target, env, judged)
        return raw, (("level", chosen, raw), *steps)

    return score, read


def _binary(weight: Decimal) -> Scorer:
    def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
        met = own.judgement if type(own) is Both else own
        return (weight if met else ZERO), (("binary", met, weight),)

    return score


def _formula(expr: ast.Expr, weight: Decimal) -> Scorer:
    fn = compile_expr(expr)

    def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
        value = fn(env, (weight, actual, target))
        return value, (("formula", value),)

    return score


def _linear(zero_at: Fn, full_at: Fn, weight: Decimal) -> Scorer:
    def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
        loc = (weight, actual, target)
        low, high = zero_at(env, loc), full_at(env, loc)
        fraction = (actual - low) / (high - low)
        used = ZERO if fraction < ZERO else (ONE if fraction > ONE else fraction)
        # Within the line, multiply before dividing (one rounding of the true value, as _proportional).
        points = weight * (actual - low) / (high - low) if ZERO <= fraction <= ONE else weight * used
        return points, (("linear", actual, low, high, fraction, used, weight),)

    return score

"""Compile a checked AST into a plan of closures: all lookups and dispatch happen here, once.

A leaf's scorer returns ``(raw score, steps)``. Steps are plain tuples
``(kind, ...numbers)`` — cheap to record on every evaluation — and are
turned into words only when someone reads the explanation (explain.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from itertools import chain, repeat
from operator import mul, truediv
from typing import Any

import attrs

from . import ast, data, facts, peers, tree
from .expressions import Env, Fn, Local, compile_expr, names_in
from .messages import msg
from .numbers import CONTEXT, ONE, ROUNDING_MODES, ZERO
from .rules.checklist import share_values
from .rules.common import CLAMP_JUDGED, Both, Scorer, Step, Test, condition_test, points

ActualFn = Callable[[Env, Any, Local], tuple[Decimal | None, tuple[Step, ...]]]
#: A leaf scored in one call: (env, own data) -> (actual, target, score clamped to [0, ceiling]).
Run = Callable[[Env, Any], tuple[Any, Any, Decimal]]
#: One node as the evaluator runs it (Plan.program).
Instruction = tuple[int, Run | None, tuple[int, ...] | None, tuple[Decimal, Decimal] | None]


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
    #: A leaf's scoring fused into one closure: (env, own data) -> (actual, target, score clamped to its
    #: bounds), without the steps (explanations derive them again, through score_leaf). Built from the
    #: fields above whenever the node is made, so a plan rewritten with attrs.evolve stays consistent.
    run: Run | None = attrs.field(init=False, eq=False, repr=False, default=None)

    def __attrs_post_init__(self) -> None:
        if self.scorer is not None:
            object.__setattr__(self, "run", _fused(self))


@attrs.frozen
class SurveyPlan:
    """A survey with its option weights worked out once."""

    survey: ast.Survey
    name: str
    weights: tuple[Decimal | None, ...]  # None: an option excluded from the base
    quantum: Decimal | None  # answer shares are rounded half up to this, when the survey says so
    read: data.Reader
    question_weights: tuple[Decimal, ...] | None = None  # None: the mean over the questions
    channels: tuple[Decimal, ...] = ()  # each channel's weight
    #: (position, weight) of each option counted in the base.
    counted: tuple[tuple[int, Decimal], ...] = attrs.field(init=False, eq=False, repr=False, default=())

    #: Whether an option is excluded from the base (不计入).
    excluded: bool = attrs.field(init=False, eq=False, repr=False, default=False)
    question_names: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False, default=())
    #: (2 × 10^(places + 2), each option's weight × 10^E as an int, −(places + 2 + E)) when whole answer counts
    #: may be shared out and weighed in integers (:meth:`_whole_sums`), else None.
    whole_shares: tuple[int, tuple[int, ...], int] | None = attrs.field(init=False, eq=False, repr=False, default=None)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "counted", tuple((k, w) for k, w in enumerate(self.weights) if w is not None))
        object.__setattr__(self, "excluded", None in self.weights)
        object.__setattr__(self, "question_names", tuple(q.name for q in self.survey.questions))
        places = self.survey.share_places
        if self.quantum is None or places is None or places > 8 or self.excluded:
            return
        shift = 0  # E: the most places of any weight
        for weight in self.weights:
            exponent = weight.as_tuple().exponent if weight is not None else 0
            if not isinstance(exponent, int) or exponent > 0:
                return
            shift = max(shift, -exponent)
        # Why integers give what the Decimal arithmetic gives, value and digits: a share c ÷ a that is no tie
        # is at least 1 ÷ 2a of a unit of its places from one (a, a question's answers, is under 10^50: counts
        # under 10^40), more than the 60-digit quotient's error while places ≤ 8, so both round the same way, to
        # n units of 10^-(places + 2), n ≤ 10^(places + 2); and while every product n × weight and every sum
        # of them is under 10^60, as the bound below makes them, the Decimal arithmetic is exact, and its
        # digits are the integers' at the exponent −(places + 2 + E).
        scale = 10 ** (places + 2)
        weights = tuple(int(w.scaleb(shift)) for w in self.weights if w is not None)
        if len(self.survey.questions) * scale * sum(weights) < 10**60:
            object.__setattr__(self, "whole_shares", (2 * scale, weights, -(places + 2 + shift)))

    @classmethod
    def of(cls, survey: ast.Survey) -> SurveyPlan:
        # An excluded option (不了解 不计入) weighs nothing and its answers leave the base.
        weights = tuple(_share(o.share) if o.share is not None else None for o in survey.options)
        places = survey.share_places
        quantum = Decimal(1).scaleb(-(places + 2)) if places is not None else None  # places of a percent
        question_weights = tuple(_share(q.weight) for q in survey.questions if q.weight is not None)
        channels = tuple(_share(c.share) for c in survey.channels)
        return cls(survey, survey.name, weights, quantum, data.survey_reader(survey),
                   question_weights or None, channels)  # fmt: skip

    def questions(self, counts: Any) -> list[Decimal]:
        """Each question's satisfaction: Σ share(option) × weight(option), the share of the counted answers,
        or the rate given for it; runs in the exact context."""
        out = []
        quantum, counted = self.quantum, self.counted
        for answers in counts:
            if isinstance(answers, Decimal):  # given as a rate
                out.append(answers)
                continue
            if self.excluded:
                pairs = [(answers[k], weight) for k, weight in counted]
                answered = sum([count for count, _ in pairs], ZERO)
                if quantum is None:
                    out.append(sum([count / answered * weight for count, weight in pairs], ZERO))
                else:
                    out.append(sum([(count / answered).quantize(quantum, ROUND_HALF_UP) * weight
                                    for count, weight in pairs], ZERO))  # fmt: skip
                continue
            out += self._counted(answers)
        return out

    def _counted(self, flat: Sequence[Decimal | int]) -> list[Decimal]:
        """Each question's satisfaction from its answer counts, every option counted, the questions one after
        another in ``flat``: share = count ÷ answered, rounded when the survey says so, × the option's weight,
        summed in option order — as a few pipelines of C calls over all the questions at once."""
        width = len(self.weights)
        starts = range(0, len(flat), width)
        answered = [sum(flat[k : k + width], ZERO) for k in starts]
        shares = map(truediv, flat, chain.from_iterable(map(repeat, answered, repeat(width))))
        if self.quantum is not None:
            shares = map(Decimal.quantize, shares, repeat(self.quantum), repeat(ROUND_HALF_UP))
        products = list(map(mul, shares, self.weights * len(starts)))
        return [sum(products[k : k + width], ZERO) for k in starts]

    @staticmethod
    def _whole_sums(rows: list[list[int]], twice_scale: int, weights: tuple[int, ...]) -> list[int]:
        """:meth:`_counted` of whole counts below 10^40 (data.plain_rows) in integers (:attr:`whole_shares`):
        each share × scale rounded half up, ⌊(2 × count × scale + answered) ÷ (2 × answered)⌋, times the
        option's integer weight, summed per question."""
        out = []
        for row in rows:
            answered = sum(row)
            twice = 2 * answered
            weighed = 0
            for count, weight in zip(row, weights):
                weighed += (count * twice_scale + answered) // twice * weight
            out.append(weighed)
        return out

    def read_plainly(self, value: Any) -> tuple[tuple[tuple[int, ...], ...], Decimal] | None:
        """(answer counts, satisfaction) of a survey without channels or excluded options given as most data
        give it (data.plain_rows), in one pass: the arithmetic of :meth:`questions` and :meth:`combined`,
        in the same order, over all questions at once. None for any other data or survey: ``read`` and
        :meth:`value` take it, and word every problem."""
        if self.channels or self.excluded:
            return None
        rows = data.plain_rows(value, self.question_names, len(self.weights))
        if rows is None:
            return None
        counts = tuple(map(tuple, rows))
        if self.whole_shares is None:
            return counts, self._over_questions(self._counted(list(chain.from_iterable(rows))))
        twice_scale, weights, places = self.whole_shares
        sums = self._whole_sums(rows, twice_scale, weights)
        if self.question_weights is None:  # the mean: the exact sum of the questions', over their number
            return counts, Decimal(sum(sums)).scaleb(places) / len(sums)
        return counts, self._over_questions([Decimal(weighed).scaleb(places) for weighed in sums])

    def combined(self, counts: Any) -> Decimal:
        """One channel's (or a channel-less survey's) satisfaction: questions averaged, or weighted."""
        if isinstance(counts, Decimal):
            return counts
        return self._over_questions(self.questions(counts))

    def _over_questions(self, values: list[Decimal]) -> Decimal:
        if self.question_weights is None:
            return sum(values, ZERO) / len(values)
        return sum([v * w for v, w in zip(values, self.question_weights)], ZERO)

    def channel_values(self, reading: Any) -> list[Decimal]:
        """Each channel's satisfaction (a survey with channels)."""
        return [self.combined(one) for one in reading]

    def value(self, reading: Any) -> Decimal:
        """The survey's satisfaction: the mean (or weighted sum) over its questions; with channels, the
        channels' satisfactions combined by their weights; or the rate given for the whole survey."""
        if isinstance(reading, Decimal) or not self.channels:
            return self.combined(reading)
        return sum([v * w for v, w in zip(self.channel_values(reading), self.channels)], ZERO)


def _share(share: ast.Share) -> Decimal:
    return CONTEXT.divide(share.numerator, share.denominator)


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
    minimum: Decimal
    places: int
    mode: str
    quantum: Decimal
    rounding_mode: str  # the decimal module's constant for `mode`
    grades: tuple[tuple[str, Test], ...] = ()
    #: Vetoes decided by a condition (当 …), in declaration order, with the condition compiled.
    veto_tests: tuple[tuple[ast.Veto, Fn], ...] = ()
    #: Leaves whose data sits under their code: (index, code, reader, the reader that words its failures).
    readers: tuple[tuple[int, str, data.Reader, data.Reader], ...] = ()
    #: Every top-level data key the plan understands (unknown keys are reported as warnings).
    keys: frozenset[str] = frozenset()
    #: The leaves reading each input, survey and metric, directly or through metrics: a name only
    #: not-applicable leaves read need not be given.
    readers_of: dict[str, frozenset[int]] = attrs.field(factory=dict)
    #: The order nodes are scored in: each after the nodes it reads (its children, what it refers to).
    order: tuple[int, ...] = ()
    #: The figures of each referenced node to put in the env once it is scored: (key, what).
    published: dict[int, tuple[tuple[str, str], ...]] = attrs.field(factory=dict)
    #: Who reads each referenced node (codes; "" for a grade or a veto), for not-applicable problems.
    referrers: dict[int, tuple[tuple[str, str], ...]] = attrs.field(factory=dict)
    #: The peer figures the rubric reads (排名, 最优值 …), read from the data's ``peers`` (perfscore.peers).
    peers: peers.Spec | None = None
    #: The checker's type of each name and of each indicator's actual, by code (``rate`` …): how an explanation
    #: shows a value (checker.Checked). Empty for a plan built without a check: the values' look decides.
    kinds: Mapping[str, str | None] = attrs.field(factory=dict, eq=False, repr=False)
    #: ``order`` as the evaluator runs it: (index, the leaf's run or None, a plain sum group's children or
    #: None, a leaf's finite ceiling and that ceiling rounded, or None); derived from the nodes whenever the
    #: plan is made.
    program: tuple[Instruction, ...] = attrs.field(init=False, eq=False, repr=False, default=())
    #: Where each node is in ``program``.
    program_at: dict[int, int] = attrs.field(init=False, eq=False, repr=False, factory=dict)
    #: 0 at the rubric's places: the score of every leaf that scores nothing, one number shared by all results.
    rounded_zero: Decimal = attrs.field(init=False, eq=False, repr=False, default=ZERO)

    #: Every node's declared weight, by index.
    weights: tuple[Decimal, ...] = attrs.field(init=False, eq=False, repr=False, default=())
    #: The top-level nodes, each with whether it is a penalty group (its score is subtracted).
    signed_roots: tuple[tuple[int, bool], ...] = attrs.field(init=False, eq=False, repr=False, default=())
    #: The grades' labels, in order.
    labels: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False, default=())

    def __attrs_post_init__(self) -> None:
        nodes = self.nodes
        # A plain sum of scores already rounded to the rubric's places is exact at those places (and so needs no
        # rounding of its own) while no sum can reach the context's 60 digits: every score is within its node's
        # ceiling or weight, so the sum of all of them bounds any one sum.
        bound = sum((n.ceiling if n.scorer is not None else abs(n.weight) for n in nodes), ZERO)
        exact = bound.is_finite() and bound.adjusted() < _EXACT_SUMS
        object.__setattr__(self, "program", tuple((i, nodes[i].run, _plain_sum(nodes[i]) if exact else None,
                                                   _full_marks(nodes[i], self.quantum, self.rounding_mode))
                                                  for i in self.order))  # fmt: skip
        object.__setattr__(self, "program_at", {index: at for at, index in enumerate(self.order)})
        object.__setattr__(self, "rounded_zero", ZERO.quantize(self.quantum, self.rounding_mode))
        object.__setattr__(self, "weights", tuple(n.weight for n in nodes))
        object.__setattr__(self, "signed_roots", tuple((i, nodes[i].kind == "penalty") for i in self.roots))
        object.__setattr__(self, "labels", tuple(label for label, _ in self.grades))

    def grade_of(self, total: Decimal, env: Env, fired: tuple[ast.Veto, ...] = ()) -> tuple[str | None, int | None]:
        """The grade and the index of the grade whose condition matched first (on the total, or 当 … on any
        figure); a veto that fired may set it (评为, the first such) or cap it (等级最高, the lowest cap)."""
        rated = next((v.grade for v in fired if v.kind == "rated"), None) if fired else None
        if rated is not None:
            return rated, None
        labels = self.labels
        for found, (_, test) in enumerate(self.grades):
            if test(total, env, ()):
                break
        else:
            return None, None
        if not fired:
            return labels[found], found
        caps = [labels.index(v.grade) for v in fired if v.kind == "grade_at_most" and v.grade in labels]
        return labels[max([found, *caps])], found

    def __reduce__(self) -> tuple[Callable[[ast.Rubric, dict[str, str | None]], Plan],
                                  tuple[ast.Rubric, dict[str, str | None]]]:  # fmt: skip
        # The plan is closures, which do not pickle; its checked AST and types do, and build the same plan.
        return (_rebuild, (self.rubric, dict(self.kinds)))


def _rebuild(rubric: ast.Rubric, kinds: dict[str, str | None] | None = None) -> Plan:
    from decimal import localcontext

    with localcontext(CONTEXT):
        return build(rubric, kinds)


def build(rubric: ast.Rubric, kinds: Mapping[str, str | None] | None = None) -> Plan:
    """The evaluable plan of a rubric that passed its checks (``kinds``: the types they found)."""
    clamping = CLAMP_JUDGED.set(rubric.judged_outside == "clamp")  # the rules' judged scorers read it
    labelling = facts.LABELS.set(facts.labels_of(rubric))  # the expression compiler reads it
    try:
        return _build(rubric, kinds or {})
    finally:
        facts.LABELS.reset(labelling)
        CLAMP_JUDGED.reset(clamping)


def _build(rubric: ast.Rubric, kinds: Mapping[str, str | None]) -> Plan:
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
            scope = peers.SCOPE.set(node.code)  # 排名(实际) in it compares its own actual
            try:
                nodes.append(_leaf(rubric, node, index, level, weight, parent, in_bonus))
            finally:
                peers.SCOPE.reset(scope)
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
    needing = facts.needs_values(rubric)
    inputs = tuple(
        (i.name, facts.reader(i, needing.get(i.name, ())) if i.fact else data.number_reader(i.type, i.domain, i.upper),  # type: ignore[arg-type]
         tuple(using[i.name]))
        for i in rubric.inputs
    )  # fmt: skip
    readers_of: dict[str, set[int]] = {}
    for n in nodes:
        if n.scorer is not None:
            for name in (*n.uses, *(m.name for m in n.formulas)):
                readers_of.setdefault(name, set()).add(n.index)
    for name in _inputs_behind(tuple(x for e in result_exprs(rubric) for x in names_in(e)), metric_names):
        readers_of.setdefault(name, set()).add(-1)  # grades and vetoes read it whatever is not applicable
    order, published, referrers = _reference_order(rubric, nodes)
    spec = peers.spec_of(rubric)
    return Plan(
        rubric=rubric,
        nodes=tuple(nodes),
        roots=tuple(roots),
        inputs=inputs,
        metrics=tuple((m.name, compile_expr(m.expr), m) for m in ordered),
        surveys=tuple(SurveyPlan.of(s) for s in rubric.surveys),
        by_code={n.code: n.index for n in nodes},
        maximum=tree.maximum(rubric),
        minimum=tree.minimum(rubric),
        places=rubric.rounding.places,
        mode=rubric.rounding.mode,
        quantum=Decimal(1).scaleb(-rubric.rounding.places),
        rounding_mode=ROUNDING_MODES[rubric.rounding.mode],
        grades=tuple((g.label, condition_test(g.condition)) for g in rubric.grades),
        veto_tests=tuple((v, compile_expr(v.when)) for v in rubric.vetoes if v.when is not None),
        readers=tuple((n.index, n.code, _unworded(n.reader), n.reader) for n in nodes if n.reader is not None),
        keys=frozenset(
            [i.name for i in rubric.inputs] + [s.name for s in rubric.surveys] + list(data.RESERVED)
            + [n.code for n in nodes if n.reader is not None] + (list(peers.DATA_KEYS) if spec is not None else [])
        ),
        readers_of={name: frozenset(leaves) for name, leaves in readers_of.items()},
        order=order,
        published=published,
        referrers=referrers,
        peers=spec,
        kinds=kinds,
    )


def _full_marks(node: NodePlan, quantum: Decimal, rounding: str) -> tuple[Decimal, Decimal] | None:
    """A leaf's ceiling and that ceiling rounded: full marks, the commonest score, one number shared by all results."""
    if node.run is None or not node.ceiling.is_finite():
        return None
    return node.ceiling, node.ceiling.quantize(quantum, rounding)


#: Sums of scores below 10^this stay exact in the context (60 digits) at any rubric's places (at most 10).
_EXACT_SUMS = 45


def _plain_sum(node: NodePlan) -> tuple[int, ...] | None:
    """A group scored as the sum of its children's scores, nothing more: its children; else None."""
    if node.scorer is None and node.kind == "group" and node.aggregate == "sum":
        return node.children
    return None


def result_exprs(rubric: ast.Rubric) -> list[ast.Expr]:
    """The expressions read once the total is known: grade and veto conditions."""
    return [g.condition.condition for g in rubric.grades if isinstance(g.condition, ast.When)] + [
        v.when for v in rubric.vetoes if v.when is not None]  # fmt: skip


def _reference_order(
    rubric: ast.Rubric, nodes: list[NodePlan]
) -> tuple[tuple[int, ...], dict[int, tuple[tuple[str, str], ...]], dict[int, tuple[tuple[str, str], ...]]]:
    """The scoring order (each node after its children and the nodes it refers to; the checker refused cycles),
    the figures to publish per referenced node, and who reads each."""
    by_code: dict[str, int] = {}
    for n in nodes:
        by_code.setdefault(n.code, n.index)
    deps: dict[int, list[int]] = {}
    published: dict[int, dict[str, str]] = {}
    referrers: dict[int, dict[tuple[str, str], None]] = {}

    def note(refs: list[ast.Ref], reader: str) -> list[int]:
        found = []
        for ref in refs:
            if ref.code is None or ref.code not in by_code:
                continue
            index = by_code[ref.code]
            published.setdefault(index, {})[ref.key] = ref.what
            referrers.setdefault(index, {})[(reader, ref.what)] = None
            found.append(index)
        return found

    for n in nodes:
        if isinstance(n.node, ast.Indicator):
            refs = tree.refs_in(tree.indicator_exprs(n.node))
            if refs:
                deps[n.index] = note(refs, n.code)
    note(tree.refs_in(result_exprs(rubric)), "")
    if not deps:  # children before parents: the reverse of pre-order
        order = tuple(range(len(nodes) - 1, -1, -1))
    else:
        done: dict[int, None] = {}
        entered: set[int] = set()  # a cycle (the checker refuses them) cannot loop forever
        for start in range(len(nodes)):
            stack = [(start, False)]
            while stack:
                index, expanded = stack.pop()
                if index in done:
                    continue
                if expanded:
                    done[index] = None
                    continue
                if index in entered:
                    continue
                entered.add(index)
                stack.append((index, True))
                after = [*nodes[index].children, *deps.get(index, ())]
                stack.extend((d, False) for d in reversed(after) if d not in done)
        order = tuple(done)
    return (order, {i: tuple(keys.items()) for i, keys in published.items()},
            {i: tuple(readers) for i, readers in referrers.items()})  # fmt: skip


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
    target_fn = (_Constant(target.value) if isinstance(target, ast.Number) else compile_expr(target)) if target is not None else None
    actual_fn, actual_reader, uses = _actual(node)
    scorer, rule_reader = rule.compile(weight)
    optional = rule.judgement_optional()
    reader = _combine_readers(actual_reader, rule_reader, optional)
    if reader is not None and not rule.judged():
        reader = _not_judged(reader, type(rule).__name__.lower())
    uses += tuple(n for n in names_in(target) if n not in uses)
    for _, expr, _ in [e for r in (rule, *(p.rule for p in node.parts)) for e in r.exprs()]:
        uses += tuple(n for n in names_in(expr) if n not in uses and n not in ast.RULE_NAMES)
    if node.parts:
        optional = False
        actual_fn, scorer, reader = _with_parts(node, weight, actual_fn, scorer, reader, rule.ceiling(weight),
                                                actual_reader is not None and rule_reader is not None)  # fmt: skip
    ceiling = node.ceiling(rule, weight)
    return NodePlan(index, node, node.code, node.name, level, "indicator", weight, parent,
                    actual=actual_fn, target=target_fn, scorer=scorer, reader=reader, uses=uses,
                    in_bonus=in_bonus, ceiling=ceiling, optional=optional and actual_reader is None)  # fmt: skip


class _Constant:
    """A target written as a number: its closure, keeping the number for the fused run."""

    __slots__ = ("value",)

    def __init__(self, value: Decimal) -> None:
        self.value = value

    def __call__(self, env: Env, loc: Local) -> Decimal:
        return self.value


class _ExprActual:
    """An actual computed by an expression (实际 = …): its ActualFn, keeping the expression's closure."""

    __slots__ = ("fn",)

    def __init__(self, fn: Fn) -> None:
        self.fn = fn

    def __call__(self, env: Env, own: Any, loc: Local) -> tuple[Decimal | None, tuple[Step, ...]]:
        return self.fn(env, loc), ()


def _fused(node: NodePlan) -> Run:
    """A leaf's target, actual, rule and bounds in one closure, as evaluate.score_leaf computes them (in
    the same order: the target may read the weight; the actual, the weight and the target), without
    the steps. Specialised for the common shapes: a constant target, the actual read from the data."""
    weight, target_fn, actual_fn, scorer, ceiling = node.weight, node.target, node.actual, node.scorer, node.ceiling
    assert scorer is not None
    constant = target_fn.value if type(target_fn) is _Constant else None
    first = (weight, None, None)

    quick = getattr(scorer, "raw", None)  # the score without the steps, when the rule gives it (rules.common.with_raw)
    if actual_fn is _own_actual and (target_fn is None or constant is not None) and quick is not None:

        # Each run clamps to [0, ceiling] with `ZERO < raw`: a rule's arithmetic can give Decimal('-0')
        # (0 × −1), equal to 0 but printed -0.00; every score at or below 0 is ZERO (as evaluate._bounded).
        def run_own_quick(env: Env, own: Any) -> tuple[Any, Any, Decimal]:
            actual = own.actual if type(own) is Both else own
            raw = quick(actual, constant, env, own)
            return actual, constant, (raw if ZERO < raw <= ceiling else ZERO if raw <= ZERO else ceiling)

        return run_own_quick

    if actual_fn is _own_actual and (target_fn is None or constant is not None):

        def run_own(env: Env, own: Any) -> tuple[Any, Any, Decimal]:
            actual = own.actual if type(own) is Both else own
            raw = scorer(actual, constant, env, own)[0]
            return actual, constant, (raw if ZERO < raw <= ceiling else ZERO if raw <= ZERO else ceiling)

        return run_own

    if actual_fn is None and target_fn is None and quick is not None:

        def run_quick(env: Env, own: Any) -> tuple[Any, Any, Decimal]:
            raw = quick(None, None, env, own)
            return None, None, (raw if ZERO < raw <= ceiling else ZERO if raw <= ZERO else ceiling)

        return run_quick

    if actual_fn is None and target_fn is None:

        def run_judged(env: Env, own: Any) -> tuple[Any, Any, Decimal]:
            raw = scorer(None, None, env, own)[0]
            return None, None, (raw if ZERO < raw <= ceiling else ZERO if raw <= ZERO else ceiling)

        return run_judged

    expr = actual_fn.fn if type(actual_fn) is _ExprActual else None
    rate = actual_fn.rate if type(actual_fn) is _CompletionActual else None
    if (expr is not None or rate is not None) and (target_fn is None or constant is not None) and quick is not None:
        # The commonest computed leaf: a metric or a completion rate against a constant target, a rule
        # giving its score alone. What the actual reads of its place (weight, target) is the same every time.
        place = (weight, None, constant)
        if expr is not None:

            def run_expr_quick(env: Env, own: Any) -> tuple[Any, Any, Decimal]:
                actual = expr(env, place)
                raw = quick(actual, constant, env, own)
                return actual, constant, (raw if ZERO < raw <= ceiling else ZERO if raw <= ZERO else ceiling)

            return run_expr_quick

        completion = rate
        assert completion is not None

        def run_rate_quick(env: Env, own: Any) -> tuple[Any, Any, Decimal]:
            actual = completion(env, own, place)
            raw = quick(actual, constant, env, own)
            return actual, constant, (raw if ZERO < raw <= ceiling else ZERO if raw <= ZERO else ceiling)

        return run_rate_quick

    def run(env: Env, own: Any) -> tuple[Any, Any, Decimal]:
        goal = target_fn(env, first) if target_fn is not None else None
        if expr is not None:
            actual = expr(env, (weight, None, goal))
        elif rate is not None:
            actual = rate(env, own, (weight, None, goal))
        elif actual_fn is not None:
            actual = actual_fn(env, own, (weight, None, goal))[0]
        else:
            actual = None
        raw = quick(actual, goal, env, own) if quick is not None else scorer(actual, goal, env, own)[0]
        return actual, goal, (raw if ZERO < raw <= ceiling else ZERO if raw <= ZERO else ceiling)

    return run


@attrs.frozen
class WithParts:
    """An indicator's data when it has further scoring parts: the main rule's, and each part's (None: reads none)."""

    main: Any
    parts: tuple[Any, ...]


#: Keys of the data under an indicator's code that hold the main rule's data, when the indicator has parts.
_MAIN_KEYS = ("actual", "score")


def _with_parts(
    node: ast.Indicator, weight: Decimal, actual_fn: ActualFn | None, main: Scorer, main_reader: data.Reader | None,
    main_ceiling: Decimal, combined: bool,
) -> tuple[ActualFn | None, Scorer, data.Reader | None]:  # fmt: skip
    """The main rule and its 加分/扣分 parts as one scorer: main (clamped to its own bounds) ± each part (clamped
    to its own), the sum clamped by the evaluator to [0, 得分上限 or the main rule's ceiling]."""
    compiled = []
    for part in node.parts:
        worth = points(part.points, weight) if part.points is not None else weight
        scorer, reader = part.rule.compile(worth)
        reads = part.rule.compares_actual()
        if reads:
            own_reader = data.number_reader(tree.part_actual_type(part.rule))
            reader = _combine_readers(own_reader, reader, part.rule.judgement_optional())
        compiled.append((part.sign, part.name, scorer, reader, part.rule.ceiling(worth), reads))
    names = tuple(p.name for p in node.parts)
    count = len(names)

    def split(own: Any) -> tuple[Any, tuple[Any, ...]]:
        return (own.main, own.parts) if type(own) is WithParts else (own, (None,) * count)

    def score(actual: Any, target: Any, env: Env, own: Any) -> tuple[Decimal, tuple[Step, ...]]:
        main_own, parts_own = split(own)
        raw, steps = main(actual, target, env, main_own)
        base = ZERO if raw < ZERO else (main_ceiling if raw > main_ceiling else raw)
        if base != raw:
            steps = (*steps, ("clamp", raw, ZERO, main_ceiling))
        total, rows = base, []
        for k, (sign, name, part_score, _, most, reads) in enumerate(compiled):
            given = parts_own[k]
            part_actual = (given.actual if type(given) is Both else given) if reads else None
            try:
                part_raw, part_steps = part_score(part_actual, None, env, given)
            except data.Bad as exc:
                raise data.Bad(msg("data.part-bad", name=repr(name), why=exc.text), (name, *exc.at)) from None
            earned = ZERO if part_raw < ZERO else (most if part_raw > most else part_raw)
            steps = (*steps, *(("part_step", k, step) for step in part_steps))
            total = total + earned if sign == "add" else total - earned
            rows.append((sign, name, earned))
        return total, (*steps, ("parts", base, tuple(rows), total))

    readers = [(name, reader) for (_, name, _, reader, _, _) in compiled]
    if all(reader is None for _, reader in readers):
        return actual_fn, score, main_reader

    def read(value: Any) -> WithParts:
        if not isinstance(value, dict):
            raise data.Bad(msg("data.parts-table", names="、".join(repr(n) for n, r in readers if r is not None)))
        parts: list[Any] = []
        for name, reader in readers:
            if reader is None:
                parts.append(None)
            elif name not in value:
                raise data.Bad(msg("data.part-missing", name=repr(name)))
            else:
                try:
                    parts.append(reader(value[name]))
                except data.Bad as exc:
                    raise data.Bad(msg("data.part-bad", name=repr(name), why=exc.text), (name, *exc.at)) from None
        rest = {k: v for k, v in value.items() if k not in names}
        if main_reader is None:
            if rest:
                raise data.Bad(msg("data.parts-unknown", unknown="、".join(map(repr, rest)), names="、".join(map(repr, names))))
            return WithParts(None, tuple(parts))
        if not rest:
            raise data.Bad(msg("data.main-missing"))
        if len(rest) == 1 and next(iter(rest)) in _MAIN_KEYS and not combined:
            return WithParts(main_reader(next(iter(rest.values()))), tuple(parts))
        return WithParts(main_reader(rest), tuple(parts))

    def actual(env: Env, own: Any, loc: Local) -> tuple[Decimal | None, tuple[Step, ...]]:
        return actual_fn(env, split(own)[0], loc)  # type: ignore[misc]

    return (actual if actual_fn is not None else None), score, read


def _not_judged(read: data.Reader, rule: str) -> data.Reader:
    """A reader that, failing on {…, score = …}, says the score has no place here (never ignores it)."""
    return _NotJudged(read, rule)


def _unworded(read: data.Reader) -> data.Reader:
    """The reader the evaluator calls first: without the wrapper that words failures."""
    return read.read if isinstance(read, _NotJudged) else read


class _NotJudged:
    """The reader of a leaf whose rule computes its score; the evaluator calls ``read`` and, only when it
    fails, this reader again for the failure's words."""

    __slots__ = ("read", "rule")

    def __init__(self, read: data.Reader, rule: str) -> None:
        self.read, self.rule = read, rule

    def __call__(self, value: Any) -> Any:
        try:
            return self.read(value)
        except data.Bad:
            if isinstance(value, dict) and "score" in value:
                raise data.Bad(msg("data.not-judged", rule=str(self.rule))) from None
            raise


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
            raise data.Bad(msg("data.actual-score-table"))
        rest = {k: v for k, v in value.items() if k != "actual"}
        if optional and not rest:
            return Both(actual(value["actual"]), None)
        return Both(actual(value["actual"]), rule(rest["score"] if "score" in rest else rest))

    return read


def _actual(node: ast.Indicator) -> tuple[ActualFn | None, data.Reader | None, tuple[str, ...]]:
    actual = node.actual
    if isinstance(actual, ast.ActualExpr):
        return _ExprActual(compile_expr(actual.expr)), None, tuple(names_in(actual.expr))
    if isinstance(actual, ast.Completion):
        return _completion(actual.items, actual.whole)
    if tree.reads_own_actual(node):
        return _own_actual, data.number_reader(tree.own_actual_type(node)), ()
    return None, None, ()


def _own_actual(env: Env, own: Any, loc: Local) -> tuple[Decimal, tuple[Step, ...]]:
    return (own.actual if type(own) is Both else own), ()


def _completion(items: tuple[ast.Item, ...], whole: bool = False) -> tuple[ActualFn, data.Reader, tuple[str, ...]]:
    names = tuple(i.name for i in items)
    targets = [compile_expr(i.target) if i.target is not None else None for i in items]
    judged = data.whole_fulfilment if whole else data.fulfilment  # 全有全无: done or not, never in part
    readers = tuple(
        data.number_reader(tree.target_type(ast.Target(value=i.target))) if i.target is not None else judged
        for i in items
    )
    shares = share_values(items)
    count = Decimal(len(items))
    rated = [i.target is not None and tree.target_type(ast.Target(value=i.target)) == "rate" for i in items]
    uses = tuple(n for i in items for n in names_in(i.target))

    def actual(env: Env, own: Any, loc: Local) -> tuple[Decimal, tuple[Step, ...]]:
        """The completion rate with its rows, for explanations."""
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

    # The same rate without the rows, for the fused run: a target written as a number taken as it is.
    goals = [i.target.value if isinstance(i.target, ast.Number) else fn for i, fn in zip(items, targets)]
    weighted = tuple(zip(goals, shares if shares is not None else [None] * len(items)))

    if shares is None and all(goal is None or isinstance(goal, Decimal) for goal in goals):
        # The commonest case: every target a number and the items averaged; `done if done <= ONE` keeps
        # what min(done, ONE) keeps, digits included.
        def rate(env: Env, own: Any, loc: Local) -> Decimal:
            total = ZERO
            for value, goal in zip(own.actual if type(own) is Both else own, goals):
                total += value if goal is None else (done if (done := value / goal) <= ONE else ONE)
            return total / count

    else:

        def rate(env: Env, own: Any, loc: Local) -> Decimal:
            values = own.actual if type(own) is Both else own
            total = ZERO
            for value, (goal, share) in zip(values, weighted):
                if goal is None:
                    done = value
                else:
                    done = min(value / (goal if isinstance(goal, Decimal) else goal(env, loc)), ONE)
                total += done if share is None else done * share
            return total if shares is not None else total / count

    return _CompletionActual(actual, rate), data.items_reader(names, readers), uses


class _CompletionActual:
    """A completion rate over items (实际 完成率 {…}): its ActualFn, keeping the rate alone for the fused run."""

    __slots__ = ("full", "rate")

    def __init__(self, full: ActualFn, rate: Callable[[Env, Any, Local], Decimal]) -> None:
        self.full, self.rate = full, rate

    def __call__(self, env: Env, own: Any, loc: Local) -> tuple[Decimal | None, tuple[Step, ...]]:
        return self.full(env, own, loc)

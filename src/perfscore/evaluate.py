"""Run a compiled plan on one set of data: validate everything first, then score in one pass."""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from . import ast, data
from .compiler import NodePlan, Plan
from .errors import DataError, DataProblem, EvaluationError
from .expressions import Env
from .numbers import CONTEXT, ONE, ZERO, round_to, shown
from .printer import format_expr
from .result import Override, Result
from .suggest import Suggester


def evaluate(plan: Plan, values: Mapping[str, Any]) -> Result:
    """Score ``values`` (never modified) against ``plan``; all data problems are reported at once."""
    # All arithmetic, reading included, runs in perfscore's context, never the caller's.
    with decimal.localcontext(CONTEXT):
        return _evaluate(plan, values)


def _evaluate(plan: Plan, values: Mapping[str, Any]) -> Result:
    if not isinstance(values, Mapping):
        raise DataError([DataProblem(f"evaluation data must be a mapping of name → value, not {type(values).__name__}")])
    problems: list[DataProblem] = []
    warnings: list[str] = []
    env: Env = {}
    answers: dict[str, Any] = {}
    for name, read, users in plan.inputs:
        if name not in values:
            problems.append(DataProblem("missing", input=name, indicator="、".join(users) or None))
            continue
        try:
            env[name] = read(values[name])
        except data.Bad as exc:
            problems.append(DataProblem(str(exc), input=name, indicator="、".join(users) or None))
    for survey in plan.surveys:
        if survey.name not in values:
            problems.append(DataProblem("missing answer counts", input=survey.name))
            continue
        try:
            answers[survey.name] = counts = survey.read(values[survey.name])
            env[survey.name] = survey.value(counts)
        except data.Bad as exc:
            problems.append(DataProblem(str(exc), input=survey.name))

    not_applicable = _not_applicable(plan, values, problems)
    overrides = _overrides(plan, values, problems)
    vetoes = _vetoes(plan, values, problems)

    nodes = plan.nodes
    own: list[Any] = [None] * len(nodes)
    for index, code, read in plan.readers:
        if code not in values:
            if index not in not_applicable:
                problems.append(DataProblem("missing", input=code, indicator=code))
            continue
        try:
            own[index] = read(values[code])
        except data.Bad as exc:
            if index not in not_applicable:
                problems.append(DataProblem(str(exc), input=code, indicator=code))

    known = plan.keys
    suggester = Suggester()
    for key in values:
        if key not in known:
            close = suggester.closest(str(key), known, cutoff=0.5)
            warnings.append(f"unknown input {shown(key)} ignored" + (f"; did you mean {close!r}?" if close else ""))
    if problems:
        raise DataError(problems)

    return _score(plan, env, own, not_applicable, overrides, vetoes, warnings, answers)


def _not_applicable(plan: Plan, values: Mapping[str, Any], problems: list[DataProblem]) -> set[int]:
    listed = data.reserved(values, data.NOT_APPLICABLE)
    if listed is None:
        return set()
    if isinstance(listed, str) or not isinstance(listed, (list, tuple)):
        problems.append(DataProblem("must be a list of indicator codes", input="not_applicable"))
        return set()
    found = set()
    for code in listed:
        index = plan.by_code.get(str(code))
        node = plan.nodes[index].node if index is not None else None
        if index is None or not isinstance(node, ast.Indicator):
            problems.append(DataProblem(f"{shown(code)} is not an indicator of this rubric", input="not_applicable"))
        elif node.not_applicable is None:
            problems.append(DataProblem("the rubric does not say how to treat it when not applicable "
                                        "(add 不适用时 满分/折算/分配给同级)", input="not_applicable", indicator=code))  # fmt: skip
        else:
            found.add(index)
    return found


def _overrides(plan: Plan, values: Mapping[str, Any], problems: list[DataProblem]) -> dict[int, tuple[Decimal, str]]:
    table = data.reserved(values, data.OVERRIDES)
    if table is None:
        return {}
    if not isinstance(table, Mapping):
        problems.append(DataProblem("must be a table code → {score, reason}", input="overrides"))
        return {}
    found = {}
    for code, entry in table.items():
        index = plan.by_code.get(code)
        if index is None or plan.nodes[index].kind != "indicator":
            problems.append(DataProblem(f"{shown(code)} is not an indicator of this rubric", input="overrides"))
            continue
        weight = plan.nodes[index].weight
        if not isinstance(entry, Mapping) or "score" not in entry:
            problems.append(DataProblem("an override needs {score = …, reason = \"…\"}", input="overrides", indicator=code))
            continue
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            problems.append(DataProblem("an override needs a reason", input="overrides", indicator=code))
            continue
        try:
            score = data.number_reader("number")(entry["score"])
        except data.Bad as exc:
            problems.append(DataProblem(str(exc), input="overrides", indicator=code))
            continue
        if not ZERO <= score <= weight:
            problems.append(DataProblem(f"override score {score} is outside [0, {weight}]", input="overrides", indicator=code))
            continue
        found[index] = (score, reason.strip())
    return found


def _vetoes(plan: Plan, values: Mapping[str, Any], problems: list[DataProblem]) -> list[ast.Veto]:
    listed = data.reserved(values, data.VETOES)
    if listed is None:
        return []
    declared = {v.name: v for v in plan.rubric.vetoes}
    if isinstance(listed, str) or not isinstance(listed, (list, tuple)):
        problems.append(DataProblem("must be a list of the veto items that happened", input="vetoes"))
        return []
    happened = []
    for name in listed:
        if name in declared:
            happened.append(declared[name])
        else:
            problems.append(DataProblem(f"{shown(name)} is not a declared veto item", input="vetoes"))
    return happened


def _score(
    plan: Plan,
    env: Env,
    own: list[Any],
    not_applicable: set[int],
    overrides: dict[int, tuple[Decimal, str]],
    vetoes: list[ast.Veto],
    warnings: list[str],
    answers: dict[str, Any],
) -> Result:
    for name, fn, metric in plan.metrics:
        try:
            env[name] = fn(env, ())
        except decimal.DecimalException as exc:
            what = "divides by zero" if _by_zero(exc) else "gives a number too large to keep exact (over 60 digits)"
            raise EvaluationError(f"metric {name} = {format_expr(metric.expr)} {what}") from None
    nodes = plan.nodes
    count = len(nodes)
    scores: list[Decimal] = [ZERO] * count
    raws: list[Decimal] = [ZERO] * count
    actuals: list[Decimal | None] = [None] * count
    targets: list[Decimal | None] = [None] * count
    weights = [n.weight for n in nodes]
    if not_applicable:
        weights = _effective_weights(plan, not_applicable)
    applied: dict[int, Override] = {}
    quantum, rounding = plan.quantum, plan.rounding_mode
    # Children come after their parent in pre-order, so a reverse pass scores leaves before groups.
    for index in range(count - 1, -1, -1):
        node = nodes[index]
        weight = weights[index]
        if node.scorer is None:
            raws[index], scores[index], _ = _group(node, weight, scores, weights, quantum, rounding)
            continue
        if index in not_applicable:
            raws[index] = scores[index] = node.weight if node.node.not_applicable == "full" else ZERO  # type: ignore[union-attr]
            continue
        actual, target, raw, _ = score_leaf(node, weight, env, own[index])
        score = raw.quantize(quantum, rounding=rounding)
        if index in overrides:
            new, reason = overrides[index]
            applied[index] = Override(computed=score, score=new, reason=reason)
            score = new
        actuals[index], targets[index], raws[index], scores[index] = actual, target, raw, score
    total = ZERO
    for index in plan.roots:
        kind = nodes[index].kind
        total += -scores[index] if kind == "penalty" else scores[index]
    maximum = plan.maximum
    total = ZERO if total < ZERO else (maximum if total > maximum else total)
    grade_cap: str | None = None
    for veto in vetoes:
        if veto.grade is None:
            total = ZERO
        else:
            grade_cap = veto.grade
    # Results keep numbers in tuples and no explanation steps: steps are derived again on
    # demand (explain_steps), so a batch of results stays light for the garbage collector.
    return Result(plan, total, tuple(scores), tuple(raws), tuple(weights), tuple(actuals), tuple(targets),
                  tuple(own), applied, env, vetoes, grade_cap, warnings, answers, not_applicable)  # fmt: skip


def score_leaf(node: NodePlan, weight: Decimal, env: Env, own: Any) -> tuple[Any, Any, Decimal, tuple[Any, ...]]:
    """(actual, target, score clamped to its bounds before rounding, steps) of one leaf."""
    try:
        # The target may read the weight; the actual, the weight and the target (never the reverse).
        target = node.target(env, (node.weight, None, None)) if node.target is not None else None
        actual, actual_steps = node.actual(env, own, (node.weight, None, target)) if node.actual is not None else (None, ())
        raw, rule_steps = node.scorer(actual, target, env, own)  # type: ignore[misc]
    except decimal.DecimalException as exc:
        raise EvaluationError(_zero_division_message(node, exc), indicator=node.code) from None
    except data.Bad as exc:
        raise DataError([DataProblem(str(exc), input=node.code, indicator=node.code)]) from None
    clamped, rule_steps = _bounded(node, weight, raw, rule_steps)
    return actual, target, clamped, actual_steps + rule_steps


def _bounded(node: NodePlan, weight: Decimal, raw: Decimal, steps: tuple[Any, ...]) -> tuple[Decimal, tuple[Any, ...]]:
    """The raw score scaled to the effective weight and clamped to [0, ceiling]."""
    ceiling = node.ceiling
    if weight != node.weight:  # not-applicable siblings: scale by the effective weight
        raw = raw * weight / node.weight
        ceiling = ceiling * weight / node.weight
    clamped = ZERO if raw < ZERO else (ceiling if raw > ceiling else raw)
    if clamped != raw:
        steps = (*steps, ("clamp", raw, ZERO, ceiling))
    return clamped, steps


def rescore(result: Result, code: str, actual: Decimal) -> Decimal:
    """The score a leaf's rule gives for another actual, all else as evaluated, rounded as the rubric says.

    Used to check a published score against the published actual (``perfscore.audit``).
    """
    plan = result._plan
    index = plan.by_code[code]
    node = plan.nodes[index]
    if node.scorer is None:
        raise ValueError(f"{code} is a group")
    with decimal.localcontext(CONTEXT):
        env, own = result.inputs, result._own[index]
        try:
            target = node.target(env, (node.weight, None, None)) if node.target is not None else None
            raw = node.scorer(actual, target, env, own)[0]
        except decimal.DecimalException as exc:
            raise EvaluationError(_zero_division_message(node, exc), indicator=node.code) from None
        clamped = _bounded(node, result._weights[index], raw, ())[0]
        return round_to(clamped, plan.places, plan.mode)


def explain_steps(result: Result, index: int) -> tuple[tuple[Any, ...], ...]:
    """The steps behind one node's score, derived again from what the result kept."""
    plan = result._plan
    node = plan.nodes[index]
    weights = result._weights
    with decimal.localcontext(CONTEXT):
        if node.scorer is None:
            scores = list(result._scores)
            return _group(node, weights[index], scores, list(weights), plan.quantum, plan.rounding_mode)[2]
        if not result.applicable(index):
            return (("not_applicable", node.node.not_applicable),)  # type: ignore[union-attr]
        steps = score_leaf(node, weights[index], result.inputs, result._own[index])[3]
    override = result.overrides.get(index)
    if override is not None:
        steps = (*steps, ("override", override.computed, override.score, override.reason))
    return steps


def _group(
    node: NodePlan, weight: Decimal, scores: list[Decimal], weights: list[Decimal], quantum: Decimal, rounding: str
) -> tuple[Decimal, Decimal, tuple[Any, ...]]:
    children = node.children
    if node.kind == "penalty":
        lost = sum((weights[c] - scores[c] for c in children), ZERO)
        capped = min(lost, weight)
        return capped, capped, (("penalty", lost, weight),)
    if node.aggregate == "sum" or not children:
        total = sum([scores[c] for c in children], ZERO)
        if node.kind == "bonus" and total > weight:
            return total, weight, (("bonus_cap", total, weight),)
        return total, total, ()
    rates = [scores[c] / weights[c] for c in children]
    if node.aggregate == "min":
        used = min(rates)
    else:
        used = ONE
        for rate in rates:
            used *= rate
    raw = weight * used
    return raw, raw.quantize(quantum, rounding=rounding), (("aggregate", node.aggregate, used, weight),)


def _effective_weights(plan: Plan, dropped: set[int]) -> list[Decimal]:
    """Scale weights when indicators are not applicable: the rest of the tree, or the siblings."""
    weights = [n.weight for n in plan.nodes]
    # scope (None: the whole tree, else a parent index) -> dropped weight
    scopes: dict[int | None, Decimal] = {}
    for index in dropped:
        node = plan.nodes[index]
        treatment = node.node.not_applicable  # type: ignore[union-attr]
        if treatment == "full":
            continue
        scope = node.parent if treatment == "redistribute" else None
        scopes[scope] = scopes.get(scope, ZERO) + node.weight
        weights[index] = ZERO
    for scope, lost in scopes.items():
        if scope is None:
            members = [n.index for n in plan.nodes if n.kind == "indicator" and not n.in_bonus]
            whole = plan.rubric.total
        else:
            members = _leaves_under(plan, scope)
            whole = plan.nodes[scope].weight
        factor = whole / (whole - lost)
        for leaf in members:
            if leaf not in dropped:
                weights[leaf] = weights[leaf] * factor
    # Groups weigh what their children weigh.
    for n in reversed(plan.nodes):
        if n.kind == "group" and n.children:
            weights[n.index] = sum((weights[c] for c in n.children), ZERO)
    return weights


def _leaves_under(plan: Plan, index: int) -> list[int]:
    out, stack = [], list(plan.nodes[index].children)
    while stack:
        i = stack.pop()
        if plan.nodes[i].kind == "indicator":
            out.append(i)
        stack.extend(plan.nodes[i].children)
    return out


def _by_zero(exc: decimal.DecimalException) -> bool:
    """x / 0 and 0 / 0; any other trapped condition is a result beyond the 60-digit context."""
    return isinstance(exc, (decimal.DivisionByZero, decimal.DivisionUndefined))


def _zero_division_message(node: Any, exc: decimal.DecimalException) -> str:
    indicator: ast.Indicator = node.node
    parts = []
    if isinstance(indicator.actual, ast.ActualExpr):
        parts.append(f"actual = {format_expr(indicator.actual.expr)}")
    if indicator.target is not None and indicator.target.value is not None:
        parts.append(f"target {format_expr(indicator.target.value)}")
    rule = type(indicator.rule).__name__.lower()
    what = "division by zero" if _by_zero(exc) else "a number too large to keep exact (over 60 digits)"
    return f"{what} while scoring ({rule}; {'; '.join(parts) or 'rule arithmetic'})"

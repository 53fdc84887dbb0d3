"""Run a compiled plan on one set of data: validate everything first, then score in one pass."""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from . import ast, data, peers
from .compiler import Instruction, NodePlan, Plan, Run
from .errors import DataError, DataProblem, EvaluationError
from .expressions import Env
from .keywords import KEYWORDS
from .messages import Joined, Language, Message, Term, msg
from .numbers import CONTEXT, ONE, ZERO, plain, shown
from .printer import format_expr
from .result import Override, Result
from .rules.common import judged_points, read_judged
from .rules.common import points as points_of
from .suggest import Suggester


def evaluate(plan: Plan, values: Mapping[str, Any], language: Language = "en") -> Result:
    """Score ``values`` (never modified) against ``plan``; all data problems are reported at once. The result's
    warnings are worded in ``language``."""
    # All arithmetic, reading included, runs in perfscore's context, never the caller's.
    with decimal.localcontext(CONTEXT):
        return _evaluate(plan, values, language)


def _evaluate(plan: Plan, values: Mapping[str, Any], language: Language = "en") -> Result:
    if not isinstance(values, Mapping):
        raise DataError([DataProblem(msg("data.not-a-mapping", kind=type(values).__name__), code="data.shape",
                                     expected=msg("data.shape.mapping"))])  # fmt: skip
    # From here on only the private copy is read: the caller's mapping is never asked for a key.
    values = data.snapshot(values)
    problems: list[DataProblem] = []
    warnings: list[str] = []
    env: Env = {}
    answers: dict[str, Any] = {}
    lookalikes = data.Lookalikes(values)
    # Most data give none of the reserved keys (not_applicable, overrides, vetoes): one test skips all three.
    unreserved = values.keys().isdisjoint(data.RESERVED)
    not_applicable: set[int] = set() if unreserved else _not_applicable(plan, values, problems)
    unread = _unread(plan, not_applicable)
    for name, read, users in plan.inputs:
        if name not in values and name in unread:
            continue
        if name not in values:
            problems.append(DataProblem(lookalikes.missing_text(name), input=name, indicator="、".join(users) or None,
                                        code="data.missing", expected=_input_shape(plan, name)))  # fmt: skip
            continue
        try:
            env[name] = read(values[name])
        except data.Bad as exc:
            problems.append(DataProblem(exc.text, input=name, indicator="、".join(users) or None,
                                        expected=_input_shape(plan, name)))  # fmt: skip
    for survey in plan.surveys:
        if survey.name not in values and survey.name in unread:
            continue
        if survey.name not in values:
            found = lookalikes.found(survey.name)
            missing = msg("data.missing-answers") if found is None else \
                msg("data.missing-answers-lookalike", why=data._lookalike(survey.name, found))  # fmt: skip
            problems.append(DataProblem(missing, input=survey.name, code="data.missing",
                                        expected=msg("data.shape.answers")))  # fmt: skip
            continue
        given = values[survey.name]
        plainly = survey.read_plainly(given)
        if plainly is not None:
            answers[survey.name], env[survey.name] = plainly
            continue
        try:
            answers[survey.name] = counts = survey.read(given)
            env[survey.name] = survey.value(counts)
        except data.Bad as exc:
            problems.append(DataProblem(exc.text, input=survey.name))

    scaling = _rescaling(plan, not_applicable, problems)
    if not_applicable:
        _unreadable(plan, not_applicable, problems)
    overrides = {} if unreserved else _overrides(plan, values, problems, not_applicable, scaling)
    vetoes = [] if unreserved else _vetoes(plan, values, problems)

    nodes = plan.nodes
    own: list[Any] = [None] * len(nodes)
    for index, code, read, careful in plan.readers:
        if code not in values:
            if index in not_applicable:
                continue
            if not nodes[index].optional:
                problems.append(DataProblem(lookalikes.missing_text(code), input=code, indicator=code, code="data.missing",
                                            expected=_node_shape(nodes[index].node)))  # fmt: skip
            continue
        if index in not_applicable:  # read nowhere: say so rather than drop it silently
            warnings.append(msg("warn.not-applicable-data", code=code).render(language))
            continue
        try:
            own[index] = read(values[code])
        except data.Bad as exc:  # read again by the reader that words the failure for this rule
            bad = _failure(careful, values[code], exc)
            problems.append(DataProblem(bad.text, input=code, indicator=code, path=(code, *bad.at) if bad.at else ()))

    if plan.peers is not None:  # 排名, 最优值 …: given as data, or by the first pass over a population
        plan.peers.read(values, env, unread, problems)
    known = plan.keys
    unknown: list[tuple[str | None, Message]] = []  # the name each unknown key is close to, and the warning
    if not known.issuperset(values):
        suggester = Suggester()
        for key in values:
            if key in known:
                continue
            if key in peers.DATA_KEYS:  # known to perfscore, but this rubric reads no peer figure
                unknown.append((None, msg("warn.peers-unread", key=shown(key))))
            elif key in plan.by_code:
                unknown.append((None, node_key(plan, key)))
            else:
                close = suggester.closest(str(key), known, cutoff=0.5)
                unknown.append((close, msg("warn.unknown-input-close", key=shown(key), close=repr(close)) if close
                                else msg("warn.unknown-input", key=shown(key))))  # fmt: skip
        warnings += [m.render(language) for _, m in unknown]
    if problems:
        # A key close to a name that is missing is most likely that name mistyped (执行额 for 执行数): said beside it.
        # (Not where the missing problem names its look-alike already: 预算数 with an invisible space.)
        absent = {p.input for p in problems if p.code == "data.missing"
                   and not (isinstance(p.text, Message) and p.text.key == "data.missing-lookalike")}  # fmt: skip
        extra = [DataProblem(m, code="data.unknown-key", severity="warning") for close, m in unknown
                 if close is not None and close in absent]  # fmt: skip
        raise DataError([*problems, *extra])

    return _score(plan, env, own, not_applicable, scaling, overrides, vetoes, warnings, answers)


def _failure(careful: data.Reader, value: Any, exc: data.Bad) -> data.Bad:
    try:
        careful(value)
    except data.Bad as worded:
        return worded
    return exc  # pragma: no cover - readers are deterministic: the careful one fails too


def _node_shape(node: ast.Node) -> Message | None:
    """What the data under an indicator's code holds, for a message saying it is missing (cold path)."""
    from . import schema

    shape = schema.indicator(node) if isinstance(node, ast.Indicator) and node.rule is not None else None
    return None if shape is None else data.shape_text(shape)


def _input_shape(plan: Plan, name: str) -> Message | None:
    decl = next((i for i in plan.rubric.inputs if i.name == name), None)
    return None if decl is None else msg(f"data.shape.{decl.type}")


def _unreadable(plan: Plan, dropped: set[int], problems: list[DataProblem]) -> None:
    """A not-applicable indicator has no actual, and no score unless it scores in full: refused where it is read."""
    for index in sorted(dropped & plan.referrers.keys()):
        node = plan.nodes[index]
        full = node.node.not_applicable == "full"  # type: ignore[union-attr]
        for reader, what in plan.referrers[index]:
            if reader and plan.by_code[reader] in dropped or full and what != "actual":
                continue
            message = msg("data.na.read", reader=reader, what=msg(f"data.na.{what}")) if reader else \
                msg("data.na.read-by-result", what=msg(f"data.na.{what}"))  # fmt: skip
            problems.append(DataProblem(message, input="not_applicable", indicator=node.code, code="data.not-applicable",
                                        path=("not_applicable",)))  # fmt: skip


def _unread(plan: Plan, dropped: set[int]) -> set[str]:
    """Inputs, surveys and metrics that only not-applicable leaves read: their data need not be given."""
    if not dropped:
        return set()
    return {name for name, leaves in plan.readers_of.items() if leaves <= dropped}


def _not_applicable(plan: Plan, values: Mapping[str, Any], problems: list[DataProblem]) -> set[int]:
    listed = data.reserved(values, data.NOT_APPLICABLE, problems)
    if listed is None:
        return set()
    if not isinstance(listed, list):
        problems.append(DataProblem(msg("data.na.list", value=shown(listed)), input="not_applicable",
                                    code="data.not-applicable", expected=msg("data.shape.codes")))  # fmt: skip
        return set()
    found = set()
    for code in listed:
        if not isinstance(code, str):
            problems.append(DataProblem(msg("data.na.entry", value=shown(code)), input="not_applicable",
                                        code="data.not-applicable", expected=msg("data.shape.code")))  # fmt: skip
            continue
        index = plan.by_code.get(code)
        node = plan.nodes[index].node if index is not None else None
        if index is None or not isinstance(node, ast.Indicator):
            problems.append(DataProblem(_not_an_indicator(plan, code), input="not_applicable",
                                        code="data.not-applicable"))  # fmt: skip
        elif node.not_applicable is None:
            problems.append(DataProblem(msg("data.na.no-clause"), input="not_applicable", indicator=code,
                                        code="data.not-applicable"))  # fmt: skip
        else:
            found.add(index)
    return found


def node_key(plan: Plan, key: str) -> Message:
    """Why a data key or a column naming a node the data do not give is not read: a group is scored from its
    indicators, a leaf's actual is computed by the rubric (实际 = 执行率)."""
    node = plan.nodes[plan.by_code[key]]
    return msg("warn.group-key" if node.kind != "indicator" else "warn.computed-key", key=shown(key), name=node.name)


def _not_an_indicator(plan: Plan, code: object) -> Message:
    """Why a code in not_applicable or overrides names no indicator: a group's (given per indicator), or none
    the rubric has (with the closest indicator's code)."""
    index = plan.by_code.get(code) if isinstance(code, str) else None
    if index is not None:
        node = plan.nodes[index]
        return msg("data.a-group", code=shown(code), name=node.name)
    leaves = [n.code for n in plan.nodes if n.kind == "indicator"]
    close = Suggester().closest(str(code), leaves, cutoff=0.5)
    return msg("data.not-an-indicator-close", code=shown(code), close=repr(close)) if close else \
        msg("data.not-an-indicator", code=shown(code))  # fmt: skip


_OVERRIDE_KEYS = ("score", "reason")


def _overrides(
    plan: Plan, values: Mapping[str, Any], problems: list[DataProblem], not_applicable: set[int],
    scaling: Scaling | None,
) -> dict[int, tuple[Decimal, str]]:  # fmt: skip
    table = data.reserved(values, data.OVERRIDES, problems)
    if table is None:
        return {}
    if not isinstance(table, dict):
        problems.append(DataProblem(msg("data.overrides.table", value=shown(table)), input="overrides",
                                    code="data.overrides", expected=msg("data.shape.overrides")))  # fmt: skip
        return {}
    found = {}
    for code, entry in table.items():
        index = plan.by_code.get(code)
        if index is None or plan.nodes[index].kind != "indicator":
            problems.append(DataProblem(_not_an_indicator(plan, code), input="overrides",
                                        code="data.overrides", path=("overrides", code)))  # fmt: skip
            continue
        if not isinstance(entry, dict) or "score" not in entry:
            problems.append(DataProblem(msg("data.overrides.entry", value=shown(entry)), input="overrides",
                                        indicator=code, code="data.overrides", path=("overrides", code),
                                        expected=msg("data.shape.override")))  # fmt: skip
            continue
        extra = [key for key in entry if key not in _OVERRIDE_KEYS]
        if extra:
            problems.append(DataProblem(msg("data.overrides.extra", keys="、".join(map(shown, extra))), input="overrides",
                                        indicator=code, code="data.overrides", path=("overrides", code),
                                        expected=msg("data.shape.override")))  # fmt: skip
            continue
        if index in not_applicable:
            problems.append(DataProblem(msg("data.overrides.not-applicable"), input="overrides", indicator=code,
                                        code="data.overrides", path=("overrides", code)))  # fmt: skip
            continue
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            problems.append(DataProblem(msg("data.overrides.reason"), input="overrides", indicator=code,
                                        code="data.overrides", path=("overrides", code, "reason")))  # fmt: skip
            continue
        # In effective points: an indicator that took a not-applicable sibling's weight can score more.
        most = plan.nodes[index].weight if scaling is None else scaling.points[index]
        try:  # points (4, "4分") or a share of the weight ("75%")
            score = judged_points(read_judged(entry["score"]), most)
        except data.Bad as exc:
            problems.append(DataProblem(exc.text, input="overrides", indicator=code, code="data.overrides",
                                        path=("overrides", code, "score")))  # fmt: skip
            continue
        if not ZERO <= score <= most:
            problems.append(DataProblem(msg("data.overrides.range", score=str(score), most=plain(most)),
                                        input="overrides", indicator=code, code="data.overrides",
                                        path=("overrides", code, "score")))  # fmt: skip
            continue
        found[index] = (score, reason.strip())
    return found


def _vetoes(plan: Plan, values: Mapping[str, Any], problems: list[DataProblem]) -> list[ast.Veto]:
    listed = data.reserved(values, data.VETOES, problems)
    if listed is None:
        return []
    declared = {v.name: v for v in plan.rubric.vetoes}
    if not isinstance(listed, list):
        problems.append(DataProblem(msg("data.vetoes.list", value=shown(listed)), input="vetoes", code="data.vetoes",
                                    expected=msg("data.shape.vetoes")))  # fmt: skip
        return []
    happened = []
    for name in listed:
        if not isinstance(name, str):
            problems.append(DataProblem(msg("data.vetoes.entry", value=shown(name)), input="vetoes", code="data.vetoes"))
        elif name in declared and declared[name].when is not None:
            problems.append(DataProblem(msg("data.vetoes.conditional", name=shown(name),
                                            condition=format_expr(declared[name].when)),  # type: ignore[arg-type]
                                        input="vetoes",
                                        code="data.vetoes"))  # fmt: skip
        elif name in declared:
            happened.append(declared[name])
        else:
            problems.append(DataProblem(msg("data.vetoes.unknown", name=shown(name)), input="vetoes", code="data.vetoes"))
    return happened


def _score(
    plan: Plan,
    env: Env,
    own: list[Any],
    not_applicable: set[int],
    scaling: Scaling | None,
    overrides: dict[int, tuple[Decimal, str]],
    vetoes: list[ast.Veto],
    warnings: list[str],
    answers: dict[str, Any],
) -> Result:
    for name, fn, metric in plan.metrics:
        if name in plan.readers_of and plan.readers_of[name] <= not_applicable:
            continue  # read only by not-applicable leaves: its inputs may be absent
        try:
            env[name] = fn(env, ())
        except decimal.DecimalException as exc:
            what = msg("eval.divides-by-zero" if _by_zero(exc) else "eval.too-large")
            raise EvaluationError(msg("eval.metric", name=name, expr=format_expr(metric.expr), what=what)) from None
    nodes = plan.nodes
    count = len(nodes)
    scores: list[Decimal] = [ZERO] * count
    raws: list[Decimal] = [ZERO] * count
    actuals: list[Decimal | None] = [None] * count
    targets: list[Decimal | None] = [None] * count
    weights = plan.weights if scaling is None else tuple(scaling.weights)  # read only: the result shares it
    applied: dict[int, Override] = {}
    # quantize(quantum, rounding) positionally throughout: C decimal's keyword parsing costs more than the rounding.
    quantum, rounding = plan.quantum, plan.rounding_mode
    # Each node after its children and after the nodes it refers to (plan.order); a leaf through its fused
    # run, which gives what score_leaf gives without the steps.
    if not not_applicable and scaling is None:
        computed: dict[int, Decimal] = {}  # an overridden leaf's raw score, which its result keeps
        program = plan.program if not overrides else _overridden(plan, overrides, applied, computed)
        _score_plainly(plan, program, env, own, weights, scores, raws, actuals, targets)
        for index, raw in computed.items():
            raws[index] = scores[index] if raw == scores[index] else raw
    else:
        _score_all(plan, env, own, weights, scores, raws, actuals, targets, not_applicable, scaling, overrides, applied)
    total = ZERO
    for index, penalty in plan.signed_roots:
        total += -scores[index] if penalty else scores[index]
    maximum, minimum = plan.maximum, plan.minimum
    total = minimum if total < minimum else (maximum if total > maximum else total)
    total = total.quantize(quantum, rounding)  # a clamped total too
    env["total"] = before = total  # before the vetoes: what a veto's condition reads
    fired = _fired(plan, env, vetoes)
    if fired:
        taken = sum((points_of(v.amount, plan.rubric.total) for v in fired if v.amount is not None), ZERO)
        if taken:
            total = max(total - taken, min(minimum, ZERO)).quantize(quantum, rounding)
        if any(v.kind == "zero" for v in fired):
            total = ZERO.quantize(quantum, rounding)
    env["total"] = total  # after them: what the grades read
    grading = (*plan.grade_of(total, env, fired), before)
    # Results keep numbers in tuples and no explanation steps: steps are derived again on
    # demand (explain_steps), so a batch of results stays light for the garbage collector.
    return Result(plan, total, tuple(scores), tuple(raws), weights, tuple(actuals), tuple(targets),
                  tuple(own), applied, env, list(fired), grading, warnings, answers, not_applicable,
                  scaling=scaling, derive=explain_steps)  # fmt: skip


def _overridden(
    plan: Plan, overrides: dict[int, tuple[Decimal, str]], applied: dict[int, Override], computed: dict[int, Decimal],
) -> list[Instruction]:  # fmt: skip
    """``plan.program`` with each overridden leaf's run giving the override instead, once it has recorded what
    it replaces (in ``applied``, and its raw score in ``computed``): the plain loop then scores overrides
    without a check of its own."""
    program = list(plan.program)
    quantum, rounding = plan.quantum, plan.rounding_mode
    for index, (new, reason) in overrides.items():
        at = plan.program_at[index]
        _, run, summed, full = program[at]
        assert run is not None  # overrides name indicators (_overrides), and every indicator has a run

        def overriding(env: Env, own: Any, index: int = index, run: Run = run, new: Decimal = new,
                       reason: str = reason) -> tuple[Any, Any, Decimal]:  # fmt: skip
            actual, target, raw = run(env, own)
            applied[index] = Override(computed=raw.quantize(quantum, rounding), score=new.quantize(quantum, rounding),
                                      reason=reason)  # fmt: skip
            computed[index] = raw
            return actual, target, new

        program[at] = (index, overriding, summed, full)
    return program


def _score_plainly(
    plan: Plan, program: Sequence[Instruction], env: Env, own: list[Any], weights: Sequence[Decimal],
    scores: list[Decimal], raws: list[Decimal], actuals: list[Any], targets: list[Any],
) -> None:  # fmt: skip
    """Every node scored when nothing is not applicable or rescaled (most data): the loop of :func:`_score_all`
    without the checks for those (``program`` gives the overrides, :func:`_overridden`)."""
    nodes, published = plan.nodes, plan.published
    quantum, rounding = plan.quantum, plan.rounding_mode
    zero = plan.rounded_zero
    index = -1
    try:
        for index, run, summed, full in program:
            # A result keeps one number where the raw score equals the rounded one, and shares the plan's
            # for no marks and full marks: results are what a population holds (a thousand units' scores),
            # and each number kept costs its memory. (A leaf's run gives the ZERO object for no marks.)
            if run is not None:
                actual, targets[index], raw = run(env, own[index])
                actuals[index] = actual
                if raw is ZERO:
                    raws[index], scores[index] = ZERO, zero
                elif full is not None and raw == full[0]:
                    raws[index], scores[index] = full  # the ceiling, and it rounded (舍去 can round 1.2 to 1)
                else:
                    score = raw.quantize(quantum, rounding)
                    raws[index], scores[index] = score if score == raw else raw, score
            elif summed is not None:  # exact at the rubric's places already (Plan.program)
                raws[index] = scores[index] = sum(map(scores.__getitem__, summed), ZERO)
            else:
                raw, score, _ = _group(nodes[index], weights[index], scores, weights, quantum, rounding)
                score = score.quantize(quantum, rounding)
                raws[index], scores[index] = score if score == raw else raw, score
            if published and index in published:  # 得分(B21) and the like, for the nodes scored after it
                _publish(env, published[index], scores[index], weights[index], actuals[index])
    except (decimal.DecimalException, data.Bad):
        if index >= 0 and nodes[index].run is not None:
            score_leaf(nodes[index], env, own[index])  # raises the error, worded for the indicator
        raise


def _score_all(
    plan: Plan, env: Env, own: list[Any], weights: Sequence[Decimal], scores: list[Decimal], raws: list[Decimal],
    actuals: list[Any], targets: list[Any], not_applicable: set[int], scaling: Scaling | None,
    overrides: dict[int, tuple[Decimal, str]], applied: dict[int, Override],
) -> None:  # fmt: skip
    """Every node scored, each leaf not applicable, overridden or rescaled as the data say."""
    nodes, published = plan.nodes, plan.published
    quantum, rounding = plan.quantum, plan.rounding_mode
    points = weights if scaling is None else list(scaling.points)
    factors = {} if scaling is None else scaling.factors
    zero = plan.rounded_zero
    for index, run, summed, full in plan.program:
        if run is not None and index not in not_applicable:
            try:
                actual, target, raw = run(env, own[index])
            except (decimal.DecimalException, data.Bad):
                score_leaf(nodes[index], env, own[index])  # raises the error, worded for the indicator
                raise  # pragma: no cover - score_leaf fails the same way
            if factors and index in factors:
                raw, score = _scaled(raw, factors[index], quantum, rounding)
            else:
                score = raw  # rounded below
            if index in overrides:
                new, reason = overrides[index]
                applied[index] = Override(computed=score.quantize(quantum, rounding),
                                          score=new.quantize(quantum, rounding), reason=reason)  # fmt: skip
                score = new
            actuals[index], targets[index] = actual, target
        elif summed is not None:
            raw = score = sum(map(scores.__getitem__, summed), ZERO)
        elif run is None:
            raw, score, _ = _group(nodes[index], weights[index], scores, points, quantum, rounding)
        else:  # not applicable
            node = nodes[index]
            raw = score = ZERO
            if node.node.not_applicable == "full":  # type: ignore[union-attr]
                raw, score = _scaled(node.weight, factors.get(index), quantum, rounding)
        # The one place a score is stored: a cap, an override or a penalty's loss is shown as the rubric
        # rounds, like any computed score (to_dict never mixes "4" and "3.00").
        # As in _score_plainly: a plain sum is exact, and no marks and full marks are the plan's numbers.
        if summed is not None:
            rounded = score
        elif score is ZERO:
            rounded = zero
        elif full is not None and score == full[0]:
            rounded = full[1]
        else:
            rounded = score.quantize(quantum, rounding)
        raws[index], scores[index] = rounded if rounded == raw else raw, rounded  # one number kept where they agree
        if index in published:  # 得分(B21) and the like, for the nodes scored after it
            _publish(env, published[index], scores[index], weights[index], actuals[index])

def _fired(plan: Plan, env: Env, listed: list[ast.Veto]) -> tuple[ast.Veto, ...]:
    """The vetoes that apply, in declaration order: those the data lists, and those whose condition holds."""
    if not listed and not plan.veto_tests:
        return ()
    holds: set[int] = set()
    for veto, test in plan.veto_tests:
        try:
            if test(env, ()):
                holds.add(id(veto))
        except decimal.DecimalException as exc:
            what = msg("eval.divides-by-zero" if _by_zero(exc) else "eval.too-large")
            raise EvaluationError(msg("eval.veto", name=veto.name, condition=format_expr(veto.when),  # type: ignore[arg-type]
                                      what=what)) from None
    given = {id(v) for v in listed}
    return tuple(v for v in plan.rubric.vetoes if id(v) in holds or id(v) in given)


def _publish(env: Env, keys: tuple[tuple[str, str], ...], score: Decimal, weight: Decimal, actual: Any) -> None:
    for key, what in keys:
        env[key] = score if what == "score" else (score / weight if what == "rate" else actual)


def score_leaf(node: NodePlan, env: Env, own: Any) -> tuple[Any, Any, Decimal, tuple[Any, ...]]:
    """(actual, target, score clamped to its bounds before rounding, steps) of one leaf, at its declared weight."""
    try:
        # The target may read the weight; the actual, the weight and the target (never the reverse).
        target = node.target(env, (node.weight, None, None)) if node.target is not None else None
        actual, actual_steps = node.actual(env, own, (node.weight, None, target)) if node.actual is not None else (None, ())
        raw, rule_steps = node.scorer(actual, target, env, own)  # type: ignore[misc]
    except decimal.DecimalException as exc:
        raise EvaluationError(_zero_division_message(node, exc), indicator=node.code) from None
    except data.Bad as exc:
        path = (node.code, *exc.at) if exc.at else ()
        raise DataError([DataProblem(exc.text, input=node.code, indicator=node.code, path=path)]) from None
    clamped, rule_steps = _bounded(node, raw, rule_steps)
    return actual, target, clamped, actual_steps + rule_steps


def _bounded(node: NodePlan, raw: Decimal, steps: tuple[Any, ...]) -> tuple[Decimal, tuple[Any, ...]]:
    """The raw score clamped to [0, ceiling]."""
    ceiling = node.ceiling
    # `<=`: a rule's arithmetic can give Decimal('-0') (0 × −1, 0 ÷ a negative number), equal to 0 but
    # printed -0.00; every score at or below 0 is ZERO.
    clamped = ZERO if raw <= ZERO else (ceiling if raw > ceiling else raw)
    if clamped != raw:
        steps = (*steps, ("clamp", raw, ZERO, ceiling))
    return clamped, steps


def _scaled(clamped: Decimal, factor: Fraction | None, quantum: Decimal, rounding: str) -> tuple[Decimal, Decimal]:
    """(raw, rounded score) of a leaf: scaled by the factor not-applicable indicators gave it, exactly.

    The scaled score is a rational (20 × 100/70); rounding it exactly is what keeps a full-marks
    leaf at 100 rather than 99.99 under 舍去, whatever the factor.
    """
    if factor is None:
        return clamped, clamped.quantize(quantum, rounding)
    exact = Fraction(clamped) * factor
    return _decimal(exact), _round_exact(exact, quantum, rounding)


def _decimal(value: Fraction) -> Decimal:
    """A rational as a Decimal: exact when it terminates within the context, else rounded once."""
    return Decimal(value.numerator) / Decimal(value.denominator)


#: Stand-ins for a remainder r/d in (0, 1): below, at and above one half. Each rounds, in every
#: mode, exactly as the remainder it stands for.
_BELOW, _HALF, _ABOVE = Decimal("0.25"), Decimal("0.5"), Decimal("0.75")


def _round_exact(value: Fraction, quantum: Decimal, rounding: str) -> Decimal:
    """A rational rounded to ``quantum`` as Decimal.quantize would round its exact value."""
    places = -quantum.as_tuple().exponent  # type: ignore[operator]
    scaled = value * 10**places
    whole, rest = divmod(scaled.numerator, scaled.denominator)  # floor, 0 ≤ rest < denominator
    twice = 2 * rest
    tail = ZERO if rest == 0 else (_BELOW if twice < scaled.denominator else _HALF if twice == scaled.denominator else _ABOVE)
    return ((Decimal(whole) + tail).scaleb(-places)).quantize(quantum, rounding)


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
        clamped = _bounded(node, raw, ())[0]
        scaling: Scaling | None = result._scaling
        factor = scaling.factors.get(index) if scaling is not None else None
        return _scaled(clamped, factor, plan.quantum, plan.rounding_mode)[1]


def explain_steps(result: Result, index: int) -> tuple[tuple[Any, ...], ...]:
    """The steps behind one node's score, derived again from what the result kept."""
    plan = result._plan
    node = plan.nodes[index]
    weights = result._weights
    scaling: Scaling | None = result._scaling
    with decimal.localcontext(CONTEXT):
        if node.scorer is None:
            points = list(weights) if scaling is None else list(scaling.points)
            return _group(node, weights[index], list(result._scores), points, plan.quantum, plan.rounding_mode)[2]
        factor = scaling.factors.get(index) if scaling is not None else None
        if not result.applicable(index):
            steps: tuple[tuple[Any, ...], ...] = (("not_applicable", node.node.not_applicable),)  # type: ignore[union-attr]
            if factor is not None:
                steps += (("rescaled", node.weight, weights[index], node.weight, result._raws[index]),)
            return steps
        clamped, steps = score_leaf(node, result.inputs, result._own[index])[2:]
        if factor is not None:
            steps += (("rescaled", node.weight, weights[index], clamped, result._raws[index]),)
    override = result.overrides.get(index)
    if override is not None:
        steps = (*steps, ("override", override.computed, override.score, override.reason))
    return steps


def _group(
    node: NodePlan, weight: Decimal, scores: list[Decimal], points: Sequence[Decimal], quantum: Decimal, rounding: str
) -> tuple[Decimal, Decimal, tuple[Any, ...]]:
    """A group's (raw, score, steps); ``points`` is each child's weight as its score is rounded."""
    children = node.children
    if node.kind == "penalty":
        lost = sum((points[c] - scores[c] for c in children), ZERO)
        capped = min(lost, weight)
        return capped, capped, (("penalty", lost, weight),)
    if node.aggregate == "sum" or not children:
        total = sum([scores[c] for c in children], ZERO)
        if node.kind == "bonus" and total > weight:
            return total, weight, (("bonus_cap", total, weight),)
        return total, total, ()
    # A child without weight (it gave its weight away, not applicable) has no rate to take part.
    rates = [scores[c] / points[c] for c in children if points[c]]
    if node.aggregate == "min":
        used = min(rates, default=ONE)
    elif node.aggregate == "highest":  # 取高者 / 二选一: the better of the alternatives, at the group's weight
        used = max(rates, default=ONE)
    else:
        used = ONE
        for rate in rates:
            used *= rate
    raw = weight * used
    return raw, raw.quantize(quantum, rounding), (("aggregate", node.aggregate, used, weight),)


# ------------------------------------------------------------------ not applicable


@attrs.frozen
class Scaling:
    """Weights after not-applicable indicators gave theirs away (docs/semantics.md, "not applicable")."""

    #: Every node's effective weight: a leaf's scaled exactly, a group's the sum of its children's.
    weights: tuple[Decimal, ...]
    #: The same rounded as scores are, where it changed: what a penalty child can lose and what a
    #: child's rate divides by, so a full-marks leaf keeps a rate of exactly 1.
    points: tuple[Decimal, ...]
    #: Effective ÷ declared weight of every leaf whose weight changed and still scores.
    factors: dict[int, Fraction]


def _rescaling(plan: Plan, dropped: set[int], problems: list[DataProblem]) -> Scaling | None:
    """Where the weight of each not-applicable indicator goes, computed in rationals.

    折算 (rescale) gives it to every other leaf of its tree — the main tree, or the bonus or penalty
    group it sits in (the two never feed each other); 分配给同级 (redistribute) to the other leaves
    of its parent; 满分 keeps it and scores it in full. Each receiving leaf grows in proportion to
    its weight. Scopes are settled innermost first, so a group keeps its weight within the tree;
    a scope with no leaf left to receive is a DataError naming it.
    """
    if not dropped:
        return None
    nodes = plan.nodes
    given: dict[int | None, list[int]] = {}  # scope (a group, or None for the main tree) -> leaves it takes from
    gone: set[int] = set()
    for index in sorted(dropped):
        node = nodes[index]
        treatment = node.node.not_applicable  # type: ignore[union-attr]
        if treatment == "full":
            continue
        parent = node.parent
        scope = parent if treatment == "redistribute" and parent is not None else _tree_of(plan, index)
        given.setdefault(scope, []).append(index)
        gone.add(index)
    exact: list[Fraction] = [Fraction(n.weight) for n in nodes]
    main = [n.index for n in nodes if n.kind == "indicator" and not n.in_bonus]
    for scope in sorted(given, key=lambda s: 0 if s is None else nodes[s].level, reverse=True):
        members = _leaves_under(plan, scope) if scope is not None else main
        lost = sum((exact[i] for i in given[scope]), Fraction(0))
        for i in given[scope]:
            exact[i] = Fraction(0)
        receivers = [i for i in members if i not in gone]
        receiving = sum((exact[i] for i in receivers), Fraction(0))
        if not lost:
            continue
        if not receiving:
            problems.append(_nowhere(plan, scope, sorted(i for i in members if i in gone)))
            continue
        factor = (receiving + lost) / receiving
        for i in receivers:
            exact[i] *= factor
    for n in reversed(nodes):  # groups weigh what their children weigh; bonus and penalty caps stay
        if n.kind == "group" and n.children:
            exact[n.index] = sum((exact[c] for c in n.children), Fraction(0))
    weights = [n.weight for n in nodes]
    points = list(weights)
    factors: dict[int, Fraction] = {}
    quantum, rounding = plan.quantum, plan.rounding_mode
    for n in nodes:
        i = n.index
        if exact[i] != n.weight:
            weights[i] = _decimal(exact[i])
            points[i] = _round_exact(exact[i], quantum, rounding)
            if n.scorer is not None and i not in gone:
                factors[i] = exact[i] / Fraction(n.weight)
    return Scaling(tuple(weights), tuple(points), factors)


def _tree_of(plan: Plan, index: int) -> int | None:
    """The outermost bonus or penalty group above a node, or None for the main tree."""
    tree = None
    parent = plan.nodes[index].parent
    while parent is not None:
        if plan.nodes[parent].kind != "group":
            tree = parent
        parent = plan.nodes[parent].parent
    return tree




def _nowhere(plan: Plan, scope: int | None, codes: list[int]) -> DataProblem:
    """The weight of a scope whose every leaf is not applicable has nowhere to go."""
    names = [plan.nodes[i].code for i in codes]
    if len(names) > 8:
        listing = msg("data.na.many", first=", ".join(names[:6]), last=names[-1], count=len(names))
    elif len(names) > 1:
        listing = msg("data.na.some", first=", ".join(names[:-1]), last=names[-1])
    else:
        listing = msg("data.na.one", code=names[0])
    if scope is None:
        where = msg("data.na.rubric-points", total=plain(plan.rubric.total))
        code = None
    else:
        group = plan.nodes[scope]
        where = msg("data.na.group-weight", kind=msg(f"data.na.kind.{group.kind}"), code=group.code,
                    weight=plain(group.weight))  # fmt: skip
        code = group.code
    return DataProblem(msg("data.na.nowhere", listing=listing, where=where), input="not_applicable", indicator=code,
                       code="data.not-applicable")  # fmt: skip


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


def _zero_division_message(node: Any, exc: decimal.DecimalException) -> Message:
    indicator: ast.Indicator = node.node
    parts: list[Message] = []
    if isinstance(indicator.actual, ast.ActualExpr):
        parts.append(msg("eval.part-actual", expr=format_expr(indicator.actual.expr)))
    if indicator.target is not None and indicator.target.value is not None:
        parts.append(msg("eval.part-target", expr=format_expr(indicator.target.value)))
    keyword = getattr(indicator.rule, "keyword", "")
    rule = Term(KEYWORDS.get(keyword, keyword), type(indicator.rule).__name__.lower())
    what = msg("eval.division-by-zero" if _by_zero(exc) else "eval.number-too-large")
    return msg("eval.scoring", what=what, rule=rule, parts=Joined(tuple(parts)) if parts else msg("eval.rule-arithmetic"))

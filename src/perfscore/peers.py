"""Peer figures: a unit's rank, the best value, the peer mean and median, its percentile among the units scored with it.

A rubric reads them as functions in any expression — ``排名(实际)``, ``最优值(执行率)``, ``平均值(实际, 地区类别)``
(the second argument: within the units of the same category). Scored as a population, they are computed in a
first pass over every unit (:class:`Probe` evaluates each unit without the scores that read peer figures, keeping
the figures compared), then given to each unit's evaluation as data under ``peers``; a single unit is scored
with them only when its data gives them (docs/language.md, "Peer figures").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from . import ast, data, tree
from .errors import DataProblem
from .keywords import PEER_FUNCTIONS
from .messages import Message, Term, msg
from .numbers import CONTEXT, ONE, ZERO, plain

if TYPE_CHECKING:
    from .compiler import Plan
    from .result import Result
    from .rubric import Rubric

#: The data keys the figures are given under, in either language.
DATA_KEYS = ("peers", "同类比较")
#: Each figure's key in the data: ``peers.B21 = {count = 40, rank = 3, best = "98.5%", mean = …, median = …}``.
FIELDS = {"rank": "rank", "peer_count": "count", "best": "best", "peer_mean": "mean", "peer_median": "median"}
#: The indicator whose expressions are being compiled: a bare ``实际`` in ``排名(实际)`` is its actual.
SCOPE: ContextVar[str | None] = ContextVar("peer_scope", default=None)


@attrs.frozen
class Group:
    """The figure compared (an indicator's actual, by its code; or an input, metric or survey, by its name) and
    the category column within which it is compared (None: among every unit)."""

    subject: str
    category: str | None = None
    actual: bool = False  # the subject is an indicator's code: its actual is compared

    @property
    def text(self) -> str:
        subject = f"@{self.subject}" if self.actual else self.subject
        return subject if self.category is None else f"{subject}|{self.category}"


def is_peer(expr: object) -> bool:
    return isinstance(expr, ast.Call) and expr.func in PEER_FUNCTIONS


def group_of(call: ast.Call, scope: str | None = None) -> Group | None:
    """What a peer function compares; None when it is not something it can compare (the checker says why)."""
    args = call.args
    if not 1 <= len(args) <= 2 or (len(args) == 2 and not isinstance(args[1], ast.Name)):
        return None
    category = args[1].name if len(args) == 2 and isinstance(args[1], ast.Name) else None
    match args[0]:
        case ast.Name(name="actual"):
            own = scope if scope is not None else SCOPE.get()
            return Group(own, category, True) if own is not None else None
        case ast.Ref(what="actual", code=str(code)):
            return Group(code, category, True)
        case ast.Name(name=name):
            return Group(name, category)
    return None


def key(func: str, group: Group) -> str:
    """Where the evaluator keeps a peer figure: ``rank[B21]``, ``peer_mean[执行率|地区类别]``."""
    return f"{func}[{group.text}]"


_KEY = re.compile(r"^([a-z_]+)\[(@?)([^|\]]+)(?:\|([^\]]+))?\]$")


def parse_key(name: str) -> tuple[str, Group] | None:
    found = _KEY.match(name) if name.endswith("]") else None
    if found is None or found.group(1) not in PEER_FUNCTIONS:
        return None
    return found.group(1), Group(found.group(3), found.group(4), found.group(2) == "@")


def keys_of(call: ast.Call) -> list[str]:
    """The env keys a peer function reads: its figure (a percentile: and the rank), the number of units and the
    category (explanations state them)."""
    group = group_of(call)
    if group is None:
        return []
    category = [group.category] if group.category is not None else []
    rank = [key("rank", group)] if call.func == "percentile" else []
    return [key(call.func, group), *rank, key("peer_count", group), *category]


def calls_in(exprs: Iterable[ast.Expr | None]) -> Iterator[ast.Call]:
    """The peer functions in the expressions, in the order they are written."""
    for node in tree.subexprs(*(e for e in exprs if e is not None)):
        if isinstance(node, ast.Call) and is_peer(node):
            yield node


def worded(expr: ast.Expr) -> ast.Expr:
    """The expression with each peer function as a published 评分标准 words it (``最优值(实际)`` → 参评单位最优值,
    ``平均值(实际, 地区类别)`` → 同一地区类别单位平均值, ``排名(执行率)`` → 执行率排名), for the generated wording."""
    match expr:
        case ast.Call(func=func, args=args) if func in PEER_FUNCTIONS:
            subject = args[0] if args else None
            what = ""  # the indicator's own actual: 参评单位最优值
            if isinstance(subject, ast.Name) and subject.name != "actual":
                what = subject.name
            elif isinstance(subject, ast.Ref):
                what = f"{subject.code}实际值"
            among = f"同一{args[1].name}单位" if len(args) == 2 and isinstance(args[1], ast.Name) else "参评单位"
            words = {"rank": f"{what}排名", "peer_count": f"{among}数", "best": f"{among}{what}最优值",
                     "peer_mean": f"{among}{what}平均值", "peer_median": f"{among}{what}中位数",
                     "percentile": f"{what}排名百分位"}  # fmt: skip
            return ast.Name(words[func], span=expr.span)
        case ast.BinOp():
            return attrs.evolve(expr, left=worded(expr.left), right=worded(expr.right))
        case ast.Neg() | ast.Not():
            return attrs.evolve(expr, operand=worded(expr.operand))
        case ast.Call(args=args):
            return attrs.evolve(expr, args=tuple(worded(a) for a in args))
        case ast.Conditional():
            return attrs.evolve(expr, condition=worded(expr.condition), then=worded(expr.then),
                                otherwise=worded(expr.otherwise))  # fmt: skip
    return expr


# ------------------------------------------------------------------ what a rubric compares


@attrs.frozen
class Spec:
    """The peer figures a rubric reads: each group with the functions used on it, how its values read."""

    groups: tuple[Group, ...]
    needs: Mapping[Group, frozenset[str]]
    lower: frozenset[str]  # subjects where lower is better (an indicator with 方向 越低越好 or 目标 ≤ …)
    rates: frozenset[str]  # subjects whose values are rates
    codes: frozenset[str]  # subjects that are indicators' actuals

    def read(self, values: Mapping[str, Any], env: dict[str, Any], unread: set[str],
             problems: list[DataProblem]) -> None:  # fmt: skip
        """The figures given in the data (``peers``) into the env; those an applicable node reads are required."""
        table = data.reserved(values, DATA_KEYS, problems)
        if type(table) is Figures:  # worked out by the first pass: ready as they are
            env.update(table.env)
            for group in self.groups:
                if key("peer_count", group) not in table.env and not all(key(f, group) in unread for f in self.needs[group]):
                    problems.append(self.problem(group, self.missing(group)))
            return
        if table is not None and not isinstance(table, dict):
            problems.append(DataProblem(msg("data.peers-table", value=repr(table)), input="peers", code="data.peers",
                                        path=("peers",)))  # fmt: skip
            return
        for group in self.groups:
            funcs = self.needs[group]
            if all(key(f, group) in unread for f in funcs):
                continue
            entry = _entry(table, group)
            if entry is None:
                problems.append(self.problem(group, self.missing(group)))
                continue
            try:
                self._read_group(group, funcs, entry, env)
            except data.Bad as exc:
                problems.append(self.problem(group, msg("data.peers-figure", path=_path(group), why=exc.text)))

    def problem(self, group: Group, text: Message) -> DataProblem:
        path = ("peers", group.subject, *((group.category,) if group.category is not None else ()))
        return DataProblem(text, input="peers", indicator=group.subject if group.subject in self.codes else None,
                           code="data.peers", path=path)  # fmt: skip

    def _read_group(self, group: Group, funcs: frozenset[str], entry: Mapping[str, Any], env: dict[str, Any]) -> None:
        wanted = {"peer_count"} | set(funcs) | ({"rank"} if "percentile" in funcs else set())
        wanted.discard("percentile")
        lacking = [FIELDS[f] for f in sorted(wanted) if FIELDS[f] not in entry]
        if lacking:
            raise data.Bad(msg("data.peers-lacking", fields=tuple(lacking)))
        whole = _WHOLE
        count = whole(entry["count"])
        if count < 1:
            raise data.Bad(msg("data.peers-count", count=plain(count)))
        env[key("peer_count", group)] = count
        figure = data.number_reader("rate" if group.subject in self.rates else "number")
        for func in wanted - {"peer_count"}:
            value = whole(entry["rank"]) if func == "rank" else figure(entry[FIELDS[func]])
            if func == "rank" and not ONE <= value <= count:
                raise data.Bad(msg("data.peers-rank", rank=plain(value), count=plain(count)))
            env[key(func, group)] = value
        if "percentile" in funcs:
            rank = env[key("rank", group)]
            env[key("percentile", group)] = ONE if count == ONE else (count - rank) / (count - ONE)

    def missing(self, group: Group) -> Message:
        code = group.subject
        actual = group.subject in self.codes
        subject = Term(f"{code} 的实际值", f"{code}'s actual") if actual else Term(code, code)
        within = Term(f"（在同一{group.category}内）", f" within its {group.category}") if group.category else Term("", "")
        names = [PEER_FUNCTIONS[f] for f in sorted(self.needs[group])]
        english = (", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]) + (
            " compare" if len(names) > 1 else " compares")
        fields = ["count = …"] + [f"{FIELDS[f]} = …" for f in sorted(self.needs[group] | (
            {"rank"} if "percentile" in self.needs[group] else set())) if f in FIELDS and f != "peer_count"]  # fmt: skip
        shape = f"peers.{_path(group)} = {{{', '.join(dict.fromkeys(fields))}}}"
        return msg("data.peers-missing", funcs=Term("、".join(names), english), subject=subject, within=within,
                   shape=shape)  # fmt: skip


_WHOLE = data.number_reader("count")


class Figures:
    """One unit's figures as the first pass of a population worked them out, keyed as the env keeps them: given
    under ``peers`` by the population only (figures written as data are a table, read and checked)."""

    __slots__ = ("env",)

    def __init__(self, env: dict[str, Decimal]) -> None:
        self.env = env

    def __reduce__(self) -> tuple[type[Figures], tuple[dict[str, Decimal]]]:
        return (Figures, (self.env,))


def _path(group: Group) -> str:
    return group.subject if group.category is None else f"{group.subject}.{group.category}"


def _entry(table: Mapping[str, Any] | None, group: Group) -> Mapping[str, Any] | None:
    entry = table.get(group.subject) if table is not None else None
    if isinstance(entry, dict) and group.category is not None:
        entry = entry.get(group.category)
    return entry if isinstance(entry, dict) else None


def spec_of(rubric: ast.Rubric) -> Spec | None:
    """The peer figures the rubric reads, or None when it reads none."""
    found: dict[Group, set[str]] = {}
    indicators: dict[str, ast.Indicator] = {}
    stack: list[ast.Node] = list(rubric.nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Group):
            stack += node.children
            continue
        indicators[node.code] = node
        for call in calls_in(tree.indicator_exprs(node)):
            group = group_of(call, node.code)
            if group is not None:
                found.setdefault(group, set()).add(call.func)
    conditions = [g.condition.condition for g in rubric.grades if isinstance(g.condition, ast.When)]
    for call in calls_in([*conditions, *(v.when for v in rubric.vetoes)]):
        group = group_of(call)
        if group is not None:
            found.setdefault(group, set()).add(call.func)
    if not found:
        return None
    subjects = {g.subject for g in found}
    actuals = {g.subject for g in found if g.actual and g.subject in indicators}
    lower = {s for s in actuals if tree.direction(indicators[s]) == "lower"}
    rates = {i.name for i in rubric.inputs if i.type == "rate"} | {s.name for s in rubric.surveys}
    # A metric that divides (执行率 = 执行数 / 预算数) reads as a rate, and an actual that is one, or divides.
    rates |= {m.name for m in rubric.metrics if _divides(m.expr)}
    for s in actuals:
        actual = indicators[s].actual
        if isinstance(actual, ast.ActualExpr):
            expr = actual.expr
            if _divides(expr) or isinstance(expr, ast.Name) and expr.name in rates:
                rates.add(s)
        elif tree.own_actual_type(indicators[s]) == "rate":
            rates.add(s)
    codes = frozenset(g.subject for g in found if g.actual)
    groups = tuple(sorted(found, key=lambda g: (g.subject, g.category or "")))
    return Spec(groups, {g: frozenset(found[g]) for g in groups}, frozenset(lower), frozenset(rates & subjects), codes)


def _divides(expr: ast.Expr) -> bool:
    return isinstance(expr, ast.BinOp) and expr.op == "/"


# ------------------------------------------------------------------ the first pass


def _nothing(actual: Any, target: Any, env: Any, own: Any) -> tuple[Decimal, tuple[Any, ...]]:
    return ZERO, ()


def _no_actual(env: Any, own: Any, loc: Any) -> tuple[Decimal | None, tuple[Any, ...]]:
    return None, ()


def _never(*args: Any) -> bool:
    return False


def _reads_peers(names: Iterable[str]) -> bool:
    return any(parse_key(n) is not None for n in names)


def probe_plan(plan: Plan) -> Plan:
    """The plan the first pass runs: the same data read and checked, the same actuals, inputs and metrics, but
    no score that reads a peer figure (they score 0) and no grade or veto condition that reads one."""
    from .expressions import names_in

    nodes = []
    for n in plan.nodes:
        if n.scorer is not None and _reads_peers(n.uses):
            ind = n.node
            assert isinstance(ind, ast.Indicator)
            actual = n.actual
            if isinstance(ind.actual, ast.ActualExpr) and any(True for _ in calls_in([ind.actual.expr])):
                actual = _no_actual
            target = n.target
            if ind.target is not None and any(True for _ in calls_in([ind.target.value])):
                target = None
            n = attrs.evolve(n, scorer=_nothing, actual=actual, target=target)
        nodes.append(n)
    grades = tuple((label, _never if isinstance(g.condition, ast.When) and _reads_peers(names_in(g.condition.condition))
                    else test) for (label, test), g in zip(plan.grades, plan.rubric.grades))  # fmt: skip
    vetoes = tuple((v, test) for v, test in plan.veto_tests if not _reads_peers(names_in(v.when)))
    return attrs.evolve(plan, nodes=tuple(nodes), grades=grades, veto_tests=vetoes, peers=None)


class Probe:
    """A rubric as the first pass of a population scores it (:func:`probe_plan`); pickles as its rubric."""

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric
        self._plan = probe_plan(rubric._plan)
        self._language = rubric._language  # the refusals of a run say it as the rubric would

    def evaluate(self, values: Mapping[str, Any]) -> Result:
        from .evaluate import evaluate

        return evaluate(self._plan, values)

    def __reduce__(self) -> tuple[type[Probe], tuple[Rubric]]:
        return (Probe, (self.rubric,))


#: One unit's figures as the first pass found them: (value, category label) per group, None where it has none.
Observed = tuple[Any, ...]  # (value, category label) per group, flat: a few pointers per unit


def pairs(observed: Observed) -> Iterator[tuple[Decimal | None, Any]]:
    """(value, category label) of each group, in the order of ``Spec.groups``."""
    return zip(observed[0::2], observed[1::2])


def observe(spec: Spec, plan: Plan, result: Result) -> Observed:
    """What the first pass keeps of a unit: each compared figure and its category."""
    env = result.inputs
    out: list[Any] = []
    for group in spec.groups:
        index = plan.by_code.get(group.subject) if group.subject in spec.codes else None
        value = result._actuals[index] if index is not None else env.get(group.subject)
        label = env.get(group.category) if group.category is not None else None
        out += (value if isinstance(value, Decimal) else None, label)
    return tuple(out)


class Statistics:
    """Every unit's compared figures, by group and category: sorted values, their mean and median."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self._values: list[dict[Any, list[Decimal]]] = [{} for _ in spec.groups]
        self._mean: list[dict[Any, Decimal]] = []
        self._median: list[dict[Any, Decimal]] = []
        #: Each group's env keys, for the figures the rubric reads of it (the count always; a percentile's rank).
        self._keys: list[dict[str, str]] = []
        for group in spec.groups:
            funcs = spec.needs[group] | {"peer_count"} | ({"rank"} if "percentile" in spec.needs[group] else set())
            self._keys.append({f: key(f, group) for f in funcs})

    def add(self, observed: Observed) -> None:
        for k in range(len(self._values)):
            value = observed[2 * k]
            if value is not None:
                self._values[k].setdefault(observed[2 * k + 1], []).append(value)

    def add_value(self, group: int, value: Decimal, label: Any, times: int = 1) -> None:
        """``times`` units with ``value`` in ``label`` for one group (a combine of counts, as Dask gathers them)."""
        self._values[group].setdefault(label, []).extend([value] * times)

    def finish(self) -> None:
        """Sort each category's values and compute its mean and median (exact context)."""
        for by in self._values:
            for values in by.values():
                values.sort()
            self._mean.append({label: CONTEXT.divide(sum(v, ZERO), Decimal(len(v))) for label, v in by.items()})
            self._median.append({label: _median(v) for label, v in by.items()})

    def figures(self, observed: Observed) -> Figures:
        """A unit's figures, ready for its evaluation (what the rubric reads of each group, and the count)."""
        env: dict[str, Decimal] = {}
        for k, group in enumerate(self.spec.groups):
            value = observed[2 * k]
            if value is None:
                continue
            label = observed[2 * k + 1]
            values = self._values[k][label]
            lower = group.subject in self.spec.lower
            count = len(values)
            keys = self._keys[k]
            env[keys["peer_count"]] = Decimal(count)
            if "rank" in keys:
                better = bisect.bisect_left(values, value) if lower else count - bisect.bisect_right(values, value)
                env[keys["rank"]] = rank = Decimal(better + 1)
                if "percentile" in keys:
                    env[keys["percentile"]] = ONE if count == 1 else CONTEXT.divide(count - rank, Decimal(count - 1))
            if "best" in keys:
                env[keys["best"]] = values[0] if lower else values[-1]
            if "peer_mean" in keys:
                env[keys["peer_mean"]] = self._mean[k][label]
            if "peer_median" in keys:
                env[keys["peer_median"]] = self._median[k][label]
        return Figures(env)


def _median(values: list[Decimal]) -> Decimal:
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return CONTEXT.divide(CONTEXT.add(values[middle - 1], values[middle]), Decimal(2))

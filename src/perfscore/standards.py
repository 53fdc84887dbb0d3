"""Standard indicators (标准指标): ``引用 预算执行率`` fills an indicator from the bundled library.

The library is rubric text (``library/standard.perf``) parsed with the normal parser, never code: each
of its indicators gives a definition, a target, an actual (a metric over raw amounts), a direction, a
rule and its 评分标准. An indicator that writes ``引用 NAME`` gets every clause it does not write
itself; the inputs and metrics the spliced clauses use are added unless the rubric declares a name of
its own (an input 预算执行率 given directly replaces the formula). Spliced clauses carry the span of
the ``引用`` line, so anything the checker says about them points there.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any, TypeVar

import attrs

from . import ast
from .errors import Diagnostic, Fix
from .messages import msg
from .parser import parse
from .source import NO_SPAN, Source, Span
from .suggest import Suggester

LIBRARY_FILE = "standard.perf"
#: Clauses an indicator takes from its standard when it does not write them.
_CLAUSES = ("definition", "target", "actual", "direction", "rule", "not_applicable", "score_max")

T = TypeVar("T")

#: English names of the standard indicators, for rubrics in English keywords (``standard budget_execution_rate``).
ENGLISH: dict[str, str] = {
    "budget_execution_rate": "预算执行率",
    "budget_completion_rate": "预算完成率",
    "budget_adjustment_rate": "预算调整率",
    "payment_progress_rate": "支付进度率",
    "carryover_rate": "结转结余率",
    "carryover_change_rate": "结转结余变动率",
    "three_public_expenses_change_rate": "三公经费变动率",
    "public_expenses_control_rate": "公用经费控制率",
    "staff_control_rate": "在职人员控制率",
    "government_procurement_rate": "政府采购执行率",
    "fixed_asset_utilization_rate": "固定资产利用率",
    "key_expenditure_rate": "重点支出安排率",
    "fund_arrival_rate": "资金到位率",
    "fund_arrival_timeliness_rate": "资金到位及时率",
}


def library_text() -> str:
    return resources.files("perfscore").joinpath("library", LIBRARY_FILE).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def library() -> ast.Rubric:
    """The parsed library (a valid rubric of its own: the tests check and score it)."""
    return parse(library_text(), f"perfscore/library/{LIBRARY_FILE}")


def standards() -> dict[str, ast.Indicator]:
    """Every standard indicator by name, in library order."""
    return {node.name: node for node in ast.walk(library().nodes) if isinstance(node, ast.Indicator)}


def _respan(value: T, span: Span) -> T:
    """``value`` with every span replaced by ``span`` (library positions mean nothing in the rubric)."""
    if isinstance(value, tuple):
        return tuple(_respan(v, span) for v in value)  # type: ignore[return-value]
    if not attrs.has(type(value)):
        return value
    changes: dict[str, Any] = {}
    for field in attrs.fields(type(value)):  # type: ignore[arg-type]
        if not field.init:
            continue
        old = getattr(value, field.name)
        new = span if field.name == "span" else _respan(old, span)
        if new is not old:
            changes[field.name] = new
    return attrs.evolve(value, **changes) if changes else value  # type: ignore[misc]


def _replace_name(value: T, name: str, expr: ast.Expr) -> T:
    """``value`` with every ``Name(name)`` in it replaced by ``expr``."""
    if isinstance(value, ast.Name):
        return expr if value.name == name else value  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(_replace_name(v, name, expr) for v in value)  # type: ignore[return-value]
    if not attrs.has(type(value)):
        return value
    changes: dict[str, Any] = {}
    for field in attrs.fields(type(value)):  # type: ignore[arg-type]
        old = getattr(value, field.name)
        new = old if field.name == "span" or not field.init else _replace_name(old, name, expr)
        if new is not old:
            changes[field.name] = new
    return attrs.evolve(value, **changes) if changes else value  # type: ignore[misc]


def _names(expr: object) -> set[str]:
    """The names an expression (or a node holding expressions) reads."""
    found: set[str] = set()
    stack = [expr]
    while stack:
        value = stack.pop()
        if isinstance(value, ast.Name):
            found.add(value.name)
        elif isinstance(value, tuple):
            stack.extend(value)
        elif attrs.has(type(value)):
            stack.extend(getattr(value, f.name) for f in attrs.fields(type(value)) if f.name != "span")  # type: ignore[arg-type]
    return found


def expand(rubric: ast.Rubric, source: Source) -> tuple[ast.Rubric, list[Diagnostic]]:
    """The rubric with every ``引用`` filled in, and an error for each unknown standard name."""
    if not any(isinstance(n, ast.Indicator) and n.standard is not None for n in ast.walk(rubric.nodes)):
        return rubric, []
    known = standards()
    problems: list[Diagnostic] = []
    used: set[str] = set()
    suggester = Suggester()

    def fill(node: ast.Indicator) -> ast.Indicator:
        ref = node.standard
        assert ref is not None
        base = known.get(ENGLISH.get(ref.name, ref.name))
        if base is None:
            close = suggester.closest(ref.name, [*known, *ENGLISH])
            hint = msg("unknown-standard.did-you-mean", name=close) if close else \
                msg("unknown-standard.known", names="、".join(known))  # fmt: skip
            written = source.text[ref.span.start : ref.span.end]
            keyword = "standard" if written.startswith("standard") else "引用"
            fix = Fix(ref.span, f"{keyword} {close}") if close else None
            problems.append(Diagnostic("error", msg("unknown-standard.unknown", name=ref.name), ref.span, source,
                                       hint, "unknown-standard", fix))  # fmt: skip
            return node
        changes: dict[str, Any] = {}
        for clause in _CLAUSES:
            if getattr(node, clause) is None and getattr(base, clause) is not None:
                changes[clause] = _respan(getattr(base, clause), ref.span)
        # The library's wording states its formula, target and rule: kept only while all three are the library's.
        if node.criteria is None and node.rule is None and node.target is None and node.actual is None \
                and base.criteria is not None:  # fmt: skip
            changes["criteria"] = base.criteria
        if not node.parts and base.parts:
            changes["parts"] = _respan(base.parts, ref.span)
        # A library rule reads the limit as `target`: the indicator's own target, written out, so that the
        # generated 评分标准 says ≤10%, not ≤target.
        target = changes.get("target", node.target)
        if "rule" in changes and target is not None and target.value is not None:
            changes["rule"] = _replace_name(changes["rule"], "target", _respan(target.value, ref.span))
        used.update(_names(tuple(changes.values())))
        return attrs.evolve(node, **changes)

    nodes = _map_indicators(rubric.nodes, fill)
    declared = {i.name for i in rubric.inputs} | {m.name for m in rubric.metrics} | {s.name for s in rubric.surveys}
    lib = library()
    metrics = {m.name: m for m in lib.metrics}
    added_metrics: list[ast.MetricDecl] = []
    pending = sorted(used)
    while pending:  # metrics the spliced clauses read, and the metrics those read
        name = pending.pop()
        metric = metrics.get(name)
        if metric is None or name in declared or metric in added_metrics:
            continue
        added_metrics.append(metric)
        more = _names(metric.expr)
        used |= more
        pending.extend(sorted(more))
    inputs = tuple(_respan(i, NO_SPAN) for i in lib.inputs
                   if i.name in used and i.name not in declared)  # fmt: skip
    order = [m.name for m in lib.metrics]
    added = tuple(_respan(m, NO_SPAN) for m in sorted(added_metrics, key=lambda m: order.index(m.name)))
    tree = attrs.evolve(rubric, nodes=nodes, inputs=rubric.inputs + inputs, metrics=rubric.metrics + added)
    return tree, problems


def _map_indicators(nodes: tuple[ast.Node, ...], fill: Any) -> tuple[ast.Node, ...]:
    """The tree with each indicator that has ``引用`` replaced by ``fill(indicator)`` (iterative: deep trees)."""
    # Post-order over an explicit stack: a group is rebuilt once its children are.
    out: dict[int, ast.Node] = {}
    stack: list[tuple[ast.Node, bool]] = [(n, False) for n in reversed(nodes)]
    while stack:
        node, done = stack.pop()
        if isinstance(node, ast.Indicator):
            out[id(node)] = fill(node) if node.standard is not None else node
        elif done:
            children = tuple(out[id(c)] for c in node.children)
            out[id(node)] = node if all(a is b for a, b in zip(children, node.children)) else \
                attrs.evolve(node, children=children)  # fmt: skip
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(node.children))
    return tuple(out[id(n)] for n in nodes)

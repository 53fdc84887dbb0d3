"""Facts derived from the AST that both the checker and the compiler need."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal

from . import ast


def resolved_weights(rubric: ast.Rubric) -> dict[int, Decimal]:
    """Each node's weight in points, keyed by ``id(node)``.

    A weight written as a percentage is a share of the parent's points (of the
    rubric total at the top level). Iterative, so very deep trees are fine.
    """
    weights: dict[int, Decimal] = {}
    stack: list[tuple[ast.Node, Decimal]] = [(node, rubric.total) for node in rubric.nodes]
    while stack:
        node, parent_points = stack.pop()
        points = node.weight.value * parent_points if node.weight.percent else node.weight.value
        weights[id(node)] = points
        if isinstance(node, ast.Group):
            stack.extend((child, points) for child in node.children)
    return weights


def target_type(target: ast.Target | None) -> ast.ValueType:
    """The type an indicator's own actual takes when the rubric does not say."""
    if target is not None and isinstance(target.value, ast.Number) and target.value.unit in ("%", "‰"):
        return "rate"
    return "number"


def reads_own_actual(indicator: ast.Indicator) -> bool:
    """True when the indicator's actual comes from the data under its code."""
    if isinstance(indicator.actual, (ast.ActualInput, ast.Completion)):
        return True
    return indicator.actual is None and indicator.rule is not None and indicator.rule.compares_actual()


def own_actual_type(indicator: ast.Indicator) -> ast.ValueType:
    """The declared type of an actual read from data; else the target's, else the rule's literals'."""
    if isinstance(indicator.actual, ast.ActualInput):
        return indicator.actual.type
    if isinstance(indicator.actual, ast.Completion):
        return "rate"
    if indicator.target is not None and indicator.target.value is not None:
        return target_type(indicator.target)
    if indicator.rule is not None and indicator.rule.actual_type() is not None:
        return indicator.rule.actual_type()  # type: ignore[return-value]
    literals = indicator.rule.literals() if indicator.rule is not None else []
    return "rate" if any(n.unit in ("%", "‰") for n in literals) else "number"


def input_units(rubric: ast.Rubric) -> dict[str, str | None]:
    """Each input's declared unit (``输入 人均成本 金额 元/人``), for what a target or actual counts in."""
    return {decl.name: decl.unit for decl in rubric.inputs if decl.unit}


def actual_unit(indicator: ast.Indicator, units: Mapping[str, str | None]) -> str | None:
    """What the actual counts: declared on it (``实际 数量 处``) or on the one input it names.

    ``units`` maps input names to their declared units.
    """
    actual = indicator.actual
    if isinstance(actual, ast.ActualInput):
        return actual.unit
    if isinstance(actual, ast.ActualExpr) and isinstance(actual.expr, ast.Name):
        return units.get(actual.expr.name)
    return None


def target_unit(indicator: ast.Indicator, units: Mapping[str, str | None]) -> str | None:
    """The target's own unit (``目标 ≥ 8 处``), else the actual's: both measure the same thing."""
    target = indicator.target
    if target is None or target.value is None:
        return None
    return target.unit or actual_unit(indicator, units)


def direction(indicator: ast.Indicator) -> ast.Direction | None:
    """Declared direction, else implied by the target (``≥`` higher, ``≤`` lower)."""
    if indicator.direction is not None:
        return indicator.direction
    if indicator.target is not None and indicator.target.op in (">=", ">"):
        return "higher"
    if indicator.target is not None and indicator.target.op in ("<=", "<"):
        return "lower"
    return None


def minimum(rubric: ast.Rubric) -> Decimal:
    """The lowest total: ``最低分`` when declared (penalties may take the total below 0), else 0."""
    return rubric.minimum if rubric.minimum is not None else Decimal(0)


def maximum(rubric: ast.Rubric) -> Decimal:
    """The highest total: ``最高分`` when declared, else the total plus every top-level bonus cap."""
    if rubric.maximum is not None:
        return rubric.maximum
    caps = [n.weight.value for n in rubric.nodes if isinstance(n, ast.Group) and n.kind == "bonus"]
    return rubric.total + sum(caps, Decimal(0))


def part_actual_type(rule: ast.Rule) -> ast.ValueType:
    """The type of a part's actual (its data, under its name): the rule's own, else its literals'."""
    own = rule.actual_type()
    if own is not None:
        return own
    return "rate" if any(n.unit in ("%", "‰") for n in rule.literals()) else "number"


def indicator_exprs(indicator: ast.Indicator) -> list[ast.Expr]:
    """Every expression an indicator computes with: target, actual, items' targets, its rule's and its parts'."""
    out: list[ast.Expr] = []
    if indicator.target is not None and indicator.target.value is not None:
        out.append(indicator.target.value)
    if isinstance(indicator.actual, ast.ActualExpr):
        out.append(indicator.actual.expr)
    elif isinstance(indicator.actual, ast.Completion):
        out += [i.target for i in indicator.actual.items if i.target is not None]
    for rule in (indicator.rule, *(p.rule for p in indicator.parts)):
        out += [expr for _, expr, _ in rule.exprs()] if rule is not None else []
    return out


def subexprs(*exprs: ast.Expr) -> Iterator[ast.Expr]:
    """Every node of the expressions, each before its operands, in the order they are written (iterative:
    deep expressions are fine). The one walk the checker, references, peer figures and list aggregates use."""
    stack: list[ast.Expr] = list(reversed(exprs))
    while stack:
        node = stack.pop()
        yield node
        match node:
            case ast.BinOp(left=left, right=right):
                stack += [right, left]
            case ast.Neg(operand=operand) | ast.Not(operand=operand):
                stack.append(operand)
            case ast.Call(args=args):
                stack += reversed(args)
            case ast.Conditional(condition=c, then=t, otherwise=o):
                stack += [o, t, c]


def refs_in(exprs: list[ast.Expr]) -> list[ast.Ref]:
    """The references (得分(B21), 总分) in expressions, in order."""
    return [node for node in subexprs(*exprs) if isinstance(node, ast.Ref)]

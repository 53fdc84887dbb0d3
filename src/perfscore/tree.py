"""Facts derived from the AST that both the checker and the compiler need."""

from __future__ import annotations

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


NUMERIC_RULES = (ast.Proportional, ast.Deduct, ast.Bands, ast.Linear)


def reads_own_actual(indicator: ast.Indicator) -> bool:
    """True when the indicator's actual comes from the data under its code."""
    if isinstance(indicator.actual, (ast.ActualInput, ast.Completion)):
        return True
    if indicator.actual is not None or not isinstance(indicator.rule, NUMERIC_RULES):
        return False
    if isinstance(indicator.rule, ast.Bands):  # bands on `when` conditions alone need no actual
        return any(isinstance(b.condition, (ast.Compare, ast.Interval)) for b in indicator.rule.bands)
    return True


def own_actual_type(indicator: ast.Indicator) -> ast.ValueType:
    """The declared type of an actual read from data; else the target's, else the rule's literals'."""
    if isinstance(indicator.actual, ast.ActualInput):
        return indicator.actual.type
    if isinstance(indicator.actual, ast.Completion):
        return "rate"
    if indicator.target is not None and indicator.target.value is not None:
        return target_type(indicator.target)
    return "rate" if any(n.unit in ("%", "‰") for n in _rule_literals(indicator.rule)) else "number"


def _rule_literals(rule: ast.Rule | None) -> list[ast.Number]:
    """The numbers a rule compares the actual with (limits, steps, band edges, bounds)."""
    match rule:
        case ast.Deduct(step=step, limit=limit):
            return [step] + ([limit] if isinstance(limit, ast.Number) else [])
        case ast.Linear(zero_at=zero_at, full_at=full_at):
            return [n for n in (zero_at, full_at) if isinstance(n, ast.Number)]
        case ast.Proportional(cutoff=cutoff):
            return [cutoff] if isinstance(cutoff, ast.Number) else []
        case ast.Bands(bands=bands):
            found: list[ast.Number] = []
            for band in bands:
                if isinstance(band.condition, ast.Compare):
                    found.append(band.condition.value)
                elif isinstance(band.condition, ast.Interval):
                    found += [band.condition.low, band.condition.high]
            return found
    return []


def direction(indicator: ast.Indicator) -> ast.Direction | None:
    """Declared direction, else implied by the target (``≥`` higher, ``≤`` lower)."""
    if indicator.direction is not None:
        return indicator.direction
    if indicator.target is not None and indicator.target.op in (">=", ">"):
        return "higher"
    if indicator.target is not None and indicator.target.op in ("<=", "<"):
        return "lower"
    return None


def maximum(rubric: ast.Rubric) -> Decimal:
    """The highest total: ``最高分`` when declared, else the total plus every top-level bonus cap."""
    if rubric.maximum is not None:
        return rubric.maximum
    caps = [n.weight.value for n in rubric.nodes if isinstance(n, ast.Group) and n.kind == "bonus"]
    return rubric.total + sum(caps, Decimal(0))

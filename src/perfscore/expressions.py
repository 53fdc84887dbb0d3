"""Compile expression nodes to closures: dispatch once at build time, never while scoring."""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from . import ast, facts, peers
from .facts import LABELS
from .keywords import PEER_FUNCTIONS
from .numbers import ROUNDING_MODES, ZERO

#: ``env`` maps inputs, metrics and surveys to values; ``loc`` holds an
#: indicator's (weight, actual, target) for formulas.
Env = dict[str, Any]
Local = tuple[Any, ...]
Fn = Callable[[Env, Local], Any]

LOCAL_SLOTS = {"weight": 0, "actual": 1, "target": 2}

#: The operators as the operator module's functions: one C call each, no Python frame.
_ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}


def compile_expr(expr: ast.Expr) -> Fn:
    """A closure computing ``expr``; the caller runs it inside the exact decimal context."""
    match expr:
        case ast.Number(value=value):
            return lambda env, loc: value
        case ast.Name(name=name) if name in LOCAL_SLOTS:
            slot = LOCAL_SLOTS[name]
            return lambda env, loc: loc[slot]
        case ast.Name(name=name) if name in LABELS.get():
            return lambda env, loc: name  # an option compared with an options input (建设状态 == 已完工)
        case ast.Name(name=name):
            return lambda env, loc: env[name]
        case ast.BinOp(op="and", left=left, right=right):
            f, g = compile_expr(left), compile_expr(right)
            return lambda env, loc: f(env, loc) and g(env, loc)
        case ast.BinOp(op="or", left=left, right=right):
            f, g = compile_expr(left), compile_expr(right)
            return lambda env, loc: f(env, loc) or g(env, loc)
        case ast.BinOp(op=op, left=left, right=right):
            return _binary(_ARITH[op], compile_expr(left), compile_expr(right), left, right)
        case ast.Neg(operand=operand):
            f = compile_expr(operand)
            return lambda env, loc: -f(env, loc)
        case ast.Not(operand=operand):
            f = compile_expr(operand)
            return lambda env, loc: not f(env, loc)
        case ast.Call(func=func) if func in PEER_FUNCTIONS:  # 排名(实际): a figure of the population, in the env
            key = peers.keys_of(expr)[0]
            return lambda env, loc: env[key]
        case ast.Call(func=func, args=[ast.BinOp(op=op, left=left, right=right)]) if func in facts.ON_YESNO \
                and op in _COMPARE:  # fmt: skip
            return facts.elementwise(func, _ARITH[op], compile_expr(left), compile_expr(right))
        case ast.Call(func=func, args=args):
            return _call(func, [compile_expr(a) for a in args])
        case ast.Ref(key=key):  # the evaluator puts the figure in the env once its node is scored
            return lambda env, loc: env[key]
        case ast.Conditional(condition=condition, then=then, otherwise=otherwise):
            c, t, o = compile_expr(condition), compile_expr(then), compile_expr(otherwise)
            return lambda env, loc: t(env, loc) if c(env, loc) else o(env, loc)
    raise TypeError(f"not an expression: {expr!r}")  # pragma: no cover - the parser makes no others


_COMPARE = (">=", "<=", ">", "<", "==", "!=")


def _binary(op: Callable[[Any, Any], Any], f: Fn, g: Fn, left: ast.Expr, right: ast.Expr) -> Fn:
    """``op`` over two operands; an operand that is an input or a metric (a name in the env) or a number is
    read in place, without a call of its own (a metric such as 决算数 / 预算数 is one closure)."""
    a, b = _env_name(left), _env_name(right)
    n = right.value if isinstance(right, ast.Number) else None
    if a is not None and b is not None:
        return lambda env, loc: op(env[a], env[b])
    if a is not None and n is not None:
        return lambda env, loc: op(env[a], n)
    if a is not None:
        return lambda env, loc: op(env[a], g(env, loc))
    if b is not None:
        return lambda env, loc: op(f(env, loc), env[b])
    if n is not None:
        return lambda env, loc: op(f(env, loc), n)
    return lambda env, loc: op(f(env, loc), g(env, loc))


def _env_name(expr: ast.Expr) -> str | None:
    """The name, when compile_expr reads ``expr`` from the env (a name, not a local slot nor an option label)."""
    if isinstance(expr, ast.Name) and expr.name not in LOCAL_SLOTS and expr.name not in LABELS.get():
        return expr.name
    return None


def _call(func: str, args: list[Fn]) -> Fn:
    over = facts.AGGREGATE_NAMES.get(func)
    if over is not None and (over not in ("max", "min") or len(args) == 1):
        (of,) = args
        fold = facts.aggregate(over)
        return lambda env, loc: fold(of(env, loc))  # 全部(站点达标), 平均(抽查站点), max(得分): the checker saw a list
    if func == "min":
        return lambda env, loc: min(a(env, loc) for a in args)
    if func == "max":
        return lambda env, loc: max(a(env, loc) for a in args)
    if func == "abs":
        (f,) = args
        return lambda env, loc: abs(f(env, loc))
    if func == "round":
        f = args[0]
        places = args[1] if len(args) > 1 else (lambda env, loc: ZERO)
        mode = ROUNDING_MODES["half_up"]
        return lambda env, loc: f(env, loc).quantize(Decimal(1).scaleb(-int(places(env, loc))), rounding=mode)
    raise ValueError(f"unknown function {func!r}")  # the checker reports it first


def names_in(expr: ast.Expr | None) -> list[str]:
    """Names an expression reads, in first-use order; a reference reads its key (``score(B21)``)."""
    found: dict[str, None] = {}  # an ordered set: `min(a1, …, a50000)` stays linear
    stack: list[Any] = [expr] if expr is not None else []
    while stack:
        node = stack.pop()
        match node:
            case ast.Name(name=name):
                found.setdefault(name)
            case ast.Ref(key=key):
                found.setdefault(key)
            case ast.BinOp(left=left, right=right):
                stack += [right, left]
            case ast.Neg(operand=operand) | ast.Not(operand=operand):
                stack.append(operand)
            case ast.Call(func=func) if func in PEER_FUNCTIONS:  # its figure and the number of units compared
                for key in peers.keys_of(node):
                    found.setdefault(key)
            case ast.Call(args=args):
                stack += reversed(args)
            case ast.Conditional(condition=c, then=t, otherwise=o):
                stack += [o, t, c]
    return list(found)

"""The checks of expressions: names declared, types that fit, and the range each can take (division by 0)."""

from __future__ import annotations

import difflib
from collections import ChainMap
from collections.abc import Mapping, MutableMapping
from decimal import ROUND_HALF_UP
from typing import cast

from .. import ast
from ..errors import Fix
from ..intervals import ALL, ONE, ZERO, Iv, add, hull, inv, mul, neg, ray
from ..keywords import KEYWORDS, PEER_FUNCTIONS
from ..messages import Message, Term, msg
from ..parser import MAX_PLACES
from ..source import Span
from .peers import PeerChecks
from .refs import RefChecks
from .facts import UNHANDLED, FactChecks, is_fact, words
from .report import (
    ARITY,
    CMP,
    FLIP,
    LOCAL_HINTS,
    NEGATE,
    TYPED,
    WORDS,
    Types,
    can,
    clash,
    conjuncts,
    join,
    literal_type,
    subexprs,
)


def guarded(expr: ast.Expr) -> str:
    """The key of an expression a 如果 narrowed (its structure: spans are not part of its repr)."""
    return "≡" + repr(expr)


def products(expr: ast.Expr) -> list[ast.Expr]:
    """The factors of a product: `weight × target` → [weight, target] (one factor if not a product)."""
    out, stack = [], [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.BinOp) and node.op == "*":
            stack += [node.right, node.left]
        else:
            out.append(node)
    return out


def ratio_shape(left: ast.Expr, right: ast.Expr) -> tuple[ast.Expr, str] | None:
    """The factor of ``left`` that bounds ``left / right``: X in `k × X / max(…, X, …)` (X's share of the largest),
    or min(…, D, …) in `k × min(…, D, …) / D`; None for any other quotient."""
    factors = products(left)
    if isinstance(right, ast.Call) and right.func == "max":
        return next(((f, "max") for f in factors if f in right.args), None)
    return next(((f, "min") for f in factors if isinstance(f, ast.Call) and f.func == "min" and right in f.args), None)


def mul_all(ranges: list[Iv]) -> Iv:
    out = ranges[0]
    for r in ranges[1:]:
        out = mul(out, r)
    return out


class ExprChecks(RefChecks, PeerChecks, FactChecks):
    """Names, types and ranges of expressions."""

    expr_guards = 0  # how many 如果 conditions narrowed an expression (not a name)

    def names(self, expr: ast.Expr, where: Message, blocked: Mapping[str, Message | None]) -> None:
        """Names are declared or usable locals (``blocked`` says why a local is not); functions exist and fit."""
        inside: set[int] = set()  # what a misspelt reference holds is not a name to report again
        inside |= self.option_operands(expr)  # `建设状态 == 已竣工`: checked against the options with the types
        for node in subexprs(expr):
            if isinstance(node, ast.Call) and self.aggregate_call(node, where):
                continue
            if isinstance(node, ast.Name) and self.is_label(node.name):
                continue  # an option, its comparison checked with the types
            if id(node) in inside:
                continue
            if isinstance(node, ast.Ref):
                self.reference(node, where, blocked)
            elif isinstance(node, ast.Call) and node.func in ast.REF_FUNCTIONS:
                self.bad_reference_call(node, where)
                inside.update(id(a) for a in subexprs(node) if a is not node)
            elif isinstance(node, ast.Call) and node.func in PEER_FUNCTIONS:
                self.peer_call(node, where)
                inside.update(id(a) for a in subexprs(node) if a is not node)
            elif isinstance(node, ast.Call) and node.func not in ARITY:
                close = difflib.get_close_matches(node.func, list(ARITY), 1)
                name = Span(node.span.start, node.span.start + len(node.func), node.span.line, node.span.column,
                            node.span.line, node.span.column + len(node.func))  # fmt: skip
                self.error("unknown-name", node.span, msg("unknown-name.function", func=node.func, where=where),
                           msg("unknown-name.function-did-you-mean", func=close[0]) if close else
                           msg("unknown-name.functions"), Fix(name, close[0]) if close else None)  # fmt: skip
            elif isinstance(node, ast.Call):
                low, high = ARITY[node.func]
                places = node.args[1] if node.func == "round" and len(node.args) == 2 else None
                if not low <= len(node.args) <= high:
                    wanted = msg("functions.at-least", low=low) if high > 2 else \
                        (msg("functions.either", low=low, high=high) if low != high else msg("functions.exactly", low=low))
                    plural = Term("", "" if low == high == 1 else "s")
                    self.error("functions", node.span, msg("functions.arity", func=node.func, wanted=wanted,
                                                           plural=plural, given=len(node.args), where=where))
                elif places is not None and not (isinstance(places, ast.Number) and places.unit == ""
                                                 and places.value == places.value.to_integral_value()
                                                 and 0 <= places.value <= MAX_PLACES):  # fmt: skip
                    self.error("functions", places.span, msg("functions.round-places", where=where, most=MAX_PLACES))
            elif isinstance(node, ast.Name) and node.name not in self.known:
                if node.name in blocked:
                    reason = blocked[node.name]
                    if reason is not None:
                        fix = LOCAL_HINTS.get(node.name) if reason.key in ("blocked.no-actual", "blocked.no-target") \
                            else None  # fmt: skip
                        self.error("unknown-name", node.span, msg("unknown-name.blocked", where=where, name=node.name,
                                                                  reason=reason), fix)  # fmt: skip
                    continue
                best = None
                if self.suggester.affordable(len(self.known) + len(blocked)):  # else not even the sort
                    usable = sorted(self.known | {k for k, v in blocked.items() if v is None})
                    best = self.suggester.closest(node.name, usable)
                if node.name in self.node_codes:  # an indicator's code, not an input
                    fix = msg("unknown-name.code", code=node.name)
                else:
                    fix = msg("unknown-name.did-you-mean", name=best) if best else \
                        msg("unknown-name.declare", name=node.name)  # fmt: skip
                self.error("unknown-name", node.span, msg("unknown-name.name", name=node.name, where=where), fix,
                           Fix(node.span, best) if best else None)  # fmt: skip

    def type_of(self, expr: ast.Expr, env: Types, where: Message | None) -> str | None:
        """rate, amount, count, number, points or bool (None: unknown); mixing is reported when ``where`` is given."""

        def bad(message: Message, hint: Message | None = None) -> None:
            if where is not None:
                self.error("types", expr.span, msg("types.in", problem=message, where=where, text=self.text(expr.span)),
                           hint)  # fmt: skip

        def numeric(*types: str | None) -> bool:
            odd = next((t for t in types if is_fact(t)), None)
            if odd is not None:
                bad(*self.not_a_number(expr, odd, env))
            return odd is None

        fact = self.fact_type(expr, env, where)
        if fact is not UNHANDLED:
            return fact  # type: ignore[no-any-return]
        match expr:
            case ast.Number():
                return literal_type(expr)
            case ast.Name(name=name):
                return env.get(name)
            case ast.Ref():
                return self.ref_type(expr)
            case ast.Call(func=func) if func in PEER_FUNCTIONS:
                return self.peer_type(expr, env)
            case ast.Neg(operand=operand):
                t = self.type_of(operand, env, where)
                return t if numeric(t) else None
            case ast.Not(operand=operand) | ast.BinOp(op="and" | "or", left=operand):
                operands = [operand, expr.right] if isinstance(expr, ast.BinOp) else [operand]
                odd = next((t for o in operands if (t := self.type_of(o, env, where)) not in ("bool", None)), None)
                if is_fact(odd):  # a list, an option, a date
                    bad(msg("types.used-as-condition", what=words(odd)), self.not_a_condition(operands[0], str(odd)))
                elif odd is not None:
                    bad(msg("types.number-as-condition"), msg("types.compare-hint"))
                return "bool"
            case ast.BinOp(op=op, left=left, right=right):
                a, b = self.type_of(left, env, where), self.type_of(right, env, where)
                if (fact := self.fact_binop(expr, a, b, env, where)) is not UNHANDLED:
                    return fact  # type: ignore[no-any-return]
                if not numeric(a, b):
                    return "bool" if op in CMP else None
                if op in CMP + ("+", "-") and clash(a, b):
                    bad(msg({"+": "types.plus", "-": "types.minus"}.get(op, "types.compared"), a=WORDS[str(a)],
                            b=WORDS[str(b)]))  # fmt: skip
                if op in CMP:
                    return "bool"
                if op in ("+", "-"):
                    return join(a, b)
                if op == "*":  # a literal scales the other; a percentage is a share of it (上半年 × 40% is a number)
                    if a == "number" and isinstance(left, ast.Number):
                        return b
                    if b == "number" and isinstance(right, ast.Number):
                        return a
                    if "rate" in (a, b):
                        return b if a == "rate" else a
                    return b if a == "number" else (a if b == "number" else None)
                if a == b and a in TYPED:  # amount / amount is a rate
                    return "rate"
                return a if b in ("number", "rate") else ("number" if a in ("number", "amount", "count") else None)
            case ast.Call(func=func, args=args):
                types = [self.type_of(arg, env, where) for arg in args]
                if not args or not numeric(*types):
                    return None
                joined = types[0]
                for t in types[1:] if func in ("min", "max") else ():
                    if clash(joined, t):
                        bad(msg("types.in-function", a=WORDS[str(joined)], b=WORDS[str(t)], func=func))
                    joined = join(joined, t)
                return joined
            case ast.Conditional(condition=cond, then=then, otherwise=otherwise):
                odd = self.type_of(cond, env, where)
                if is_fact(odd) and odd != "bool":
                    bad(msg("types.used-as-condition", what=words(odd)), self.not_a_condition(cond, str(odd)))
                elif odd not in ("bool", None):
                    bad(msg("types.number-as-condition"), msg("types.compare-if-hint"))
                return join(self.type_of(then, env, where), self.type_of(otherwise, env, where))
        return None  # pragma: no cover - the parser makes no other expressions

    def range_of(self, expr: ast.Expr, env: Mapping[str, Iv | None], where: Message | None) -> Iv | None:
        """The values an expression can take (None: unknown, or not a number); denominators that can be 0 are
        reported when ``where`` is given."""
        fact = self.fact_range(expr, env)
        if fact is not UNHANDLED:
            return fact  # type: ignore[no-any-return]
        match expr:
            case ast.Number(value=value):
                return Iv(value, value)
            case ast.Name(name=name):
                return env.get(name)
            case ast.Ref():
                return self.ref_range(expr)
            case ast.Call(func=func) if func in PEER_FUNCTIONS:
                return self.peer_range(expr, env)
            case ast.Neg(operand=operand):
                r = self.range_of(operand, env, where)
                return None if r is None else neg(r)
            case ast.Not(operand=operand):
                self.range_of(operand, env, where)
            case ast.BinOp(op=op, left=left, right=right):
                shape = ratio_shape(left, right) if op == "/" else None
                if shape is None:
                    a = self.range_of(left, env, where)
                else:  # each factor ranged once (a range per factor, not per product: nesting stays linear)
                    factors = [(f, self.range_of(f, env, where)) for f in products(left)]
                    known = [r for _, r in factors if r is not None]
                    a = mul_all(known) if len(known) == len(factors) else None
                b = self.range_of(right, env, where)
                if self.expr_guards and op == "/" and not isinstance(right, (ast.Name, ast.Number)):
                    b = env.get(guarded(right), b)  # a denominator a 如果 around it narrowed
                if shape is not None and b is not None and not b.has(ZERO):
                    bounded = self.ratio(shape, factors, b)
                    if bounded is not None:
                        return bounded
                if op == "/" and b is not None and b.has(ZERO):
                    if where is not None and f"≠{right.name if isinstance(right, ast.Name) else guarded(right)}" not in env:
                        self.zero(right, b, msg("division.by-zero", where=where) if isinstance(right, ast.Number) else
                                  msg("division.by-name", where=where, text=self.text(right.span), can=can(b)))
                    return None
                if a is None or b is None or op not in ("+", "-", "*", "/"):
                    return None
                if op in ("-", "/"):
                    b = neg(b) if op == "-" else inv(b)
                return add(a, b) if op in ("+", "-") else mul(a, b)
            case ast.Call(func=func, args=args):
                ranges = [self.range_of(arg, env, where) for arg in args]
                known = [r for r in ranges if r is not None]
                if not args or len(known) < len(ranges) or func not in ARITY:
                    return None
                a = known[0]
                if func == "abs":
                    top = max((-a.lo, a.lo_in), (a.hi, a.hi_in))
                    return a if a.lo >= 0 else (neg(a) if a.hi <= 0 else Iv(ZERO, top[0], True, top[1]))
                if func == "round":  # rounding half up is monotone: round the ends
                    places = args[1].value if len(args) > 1 and isinstance(args[1], ast.Number) else ZERO
                    q = ONE.scaleb(-int(places))
                    lo, hi = (e if e.is_infinite() else e.quantize(q, ROUND_HALF_UP) for e in (a.lo, a.hi))
                    return Iv(lo, hi, lo.is_finite(), hi.is_finite())
                pick = min if func == "min" else max
                lo_end, hi_end = pick((r.lo, not r.lo_in) for r in known), pick((r.hi, r.hi_in) for r in known)
                return Iv(lo_end[0], hi_end[0], not lo_end[1], hi_end[1])
            case ast.Conditional(condition=cond, then=then, otherwise=otherwise):
                self.range_of(cond, env, where)
                branches = [self.range_of(b, narrowed, where) for b, holds in ((then, True), (otherwise, False))
                            if (narrowed := self.narrow(cond, env, holds)) is not None]  # fmt: skip
                known = [r for r in branches if r is not None]
                return hull(*known) if known and len(known) == len(branches) else None
        return None

    def narrow(self, cond: ast.Expr, env: Mapping[str, Iv | None], holds: bool) -> Mapping[str, Iv | None] | None:
        """Inside a branch of ``如果 cond``, names compared with constants are narrowed (None: unreachable)."""
        new: dict[str, Iv | None] = {}
        # where 如果 A 且 B holds, A and B both do; where 如果 A 或 B fails, both A and B fail
        for fact in conjuncts(cond, "and" if holds else "or"):
            if not (isinstance(fact, ast.BinOp) and fact.op in CMP):
                continue
            if isinstance(fact.left, ast.Name):
                name, op, other = fact.left.name, fact.op, fact.right
            elif isinstance(fact.right, ast.Name):
                name, op, other = fact.right.name, FLIP[fact.op], fact.left
            elif not isinstance(fact.left, ast.Number):  # an expression: `如果 上年 - 本年 > 0 则 … ÷ (上年 - 本年)`
                name, op, other, subject = guarded(fact.left), fact.op, fact.right, fact.left
            elif not isinstance(fact.right, ast.Number):
                name, op, other, subject = guarded(fact.right), FLIP[fact.op], fact.left, fact.right
            else:
                continue
            bound, current = self.range_of(other, env, None), new.get(name, env.get(name))
            if current is None and name.startswith("≡"):
                current = self.range_of(subject, env, None)
                self.expr_guards += 1  # denominators are looked up only once some 如果 narrowed an expression
            if bound is None or current is None or bound.lo != bound.hi:
                continue
            op = op if holds else NEGATE[op]
            pieces = [p for p in (current.meet(r) for r in ray(op, bound.lo)) if not p.empty]
            if not pieces:
                return None
            new[name] = hull(*pieces)
            if op == "!=" and bound.lo == 0:
                new[f"≠{name}"] = ALL
        # Not a copy: narrowing stays O(1) however many names there are. ChainMap writes only to `new`.
        return ChainMap(new, cast("MutableMapping[str, Iv | None]", env))

    def ratio(self, shape: tuple[ast.Expr, str], factors: list[tuple[ast.Expr, Iv | None]], denominator: Iv) \
            -> Iv | None:  # fmt: skip
        """A quotient bounded by what it divides (see ``ratio_shape``): the shared part's share is in [0, 1]."""
        shared, kind = shape
        r = next(r for f, r in factors if f is shared)
        if r is None:
            return None
        if kind == "max":  # X / max(…, X, …) with X ≥ 0 and the max > 0
            if r.lo < 0:
                return None
            unit = Iv(ZERO, ONE, r.lo <= 0, True)
        else:  # min(…, D, …) / D with the min ≥ 0 (every argument is) and D > 0
            if r.lo < 0 or denominator.lo < 0:
                return None
            unit = Iv(ZERO, ONE)
        rest = [r for f, r in factors if f is not shared]
        return None if None in rest else mul_all([unit, *(r for r in rest if r is not None)])

    def zero(self, expr: ast.Expr, r: Iv, message: Message) -> None:
        """A denominator that can be 0, with the fix where there is one: declare the input positive."""
        hint, fix = None, None
        if isinstance(expr, ast.Name) and expr.name in self.inputs and r.lo != r.hi:
            decl = self.inputs[expr.name]
            declaration = f"输入 {decl.name} {KEYWORDS[decl.type]}{' ' + (decl.unit or '')}".rstrip() + " > 0"
            hint = msg("division.declare-positive", declaration=declaration)
            written = self.source.text[decl.span.start : decl.span.end]
            if "\n" not in written and "#" not in written:  # the declaration rewritten, as the hint shows it
                fix = Fix(decl.span, declaration)
        elif isinstance(expr, ast.Name):
            hint = msg("division.name-hint", name=expr.name)
        elif not isinstance(expr, ast.Number):
            hint = msg("division.guard")
        self.error("division", expr.span, message, hint, fix)

    # ---- indicators


"""Reporting for the checks: diagnostics with spans, the wording of numbers and ranges, small facts of the AST."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from typing import TypeGuard

from .. import ast, tree
from ..errors import Diagnostic, Fix
from ..intervals import ALL, INF, Iv, ray
from ..messages import Message, msg
from ..rules.common import points
from ..source import Source, Span
from ..suggest import Suggester
from ..tree import subexprs as subexprs  # the checker's modules take it from here

LOCAL_HINTS = {"actual": msg("unknown-name.local-actual"), "target": msg("unknown-name.local-target")}
ARITY = {"min": (2, 1 << 30), "max": (2, 1 << 30), "abs": (1, 1), "round": (1, 2)}
WORDS = {t: msg(f"word.{t}") for t in ("rate", "amount", "count", "number", "points")}
TYPED = ("rate", "amount", "count", "points")
DIRECTION = {"higher": msg("word.higher"), "lower": msg("word.lower")}
RESERVED = ("overrides", "调整", "not_applicable", "不适用", "vetoes", *ast.RULE_NAMES, *ast.TOTAL_NAMES)
CMP = (">=", ">", "<=", "<", "==", "!=")
FLIP = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "==": "==", "!=": "!="}
NEGATE = {">=": "<", ">": "<=", "<=": ">", "<": ">=", "==": "!=", "!=": "=="}
EDGE = {"band": "`[90%, 95%)`", "grade": "`良 [80, 90)`"}

Types = Mapping[str, "str | None"]
#: Where a problem is, when the message needs no place.
NOWHERE = msg("where.nowhere")


#: Past this many significant digits a number is a quotient the checker computed (x / 3), not one a rubric
#: wrote: it is shown to six digits and "…", not to the context's sixty.
_LONG = 20
_SHORTENED = Context(prec=6, rounding=ROUND_HALF_UP)


def num(x: Decimal) -> str:
    if x.is_infinite():
        return "inf" if x > 0 else "-inf"
    if x.is_zero():
        return "0"
    if len(x.as_tuple().digits) > _LONG:
        return format(_SHORTENED.plus(x).normalize(_SHORTENED), "f") + "…"
    return format(x.normalize(), "f")


def as_percent(x: Decimal) -> str:
    return num(x * 100) + "%"


def can(r: Iv) -> Message:
    return msg("division.is" if r.lo == r.hi == 0 else "division.can-be")


def fmt(iv: Iv, pct: bool) -> str | Message:
    """``[0.85, 0.9) (85% to 90%)``: the exact edges, and in words when the rubric wrote percentages."""
    text = f"{'[' if iv.lo_in else '('}{num(iv.lo)}, {num(iv.hi)}{']' if iv.hi_in else ')'}"
    if not pct:
        return text
    if iv.lo == -INF and iv.hi == INF:
        words = msg("word.any-value")
    elif iv.lo == -INF:
        words = msg("word.at-most" if iv.hi_in else "word.below", value=as_percent(iv.hi))
    elif iv.hi == INF:
        words = msg("word.at-least" if iv.lo_in else "word.above", value=as_percent(iv.lo))
    else:
        words = msg("word.exactly", value=as_percent(iv.lo)) if iv.lo == iv.hi else \
            msg("word.from-to", low=as_percent(iv.lo), high=as_percent(iv.hi))  # fmt: skip
    return msg("word.interval", interval=text, words=words)


def frac(f: Fraction) -> str:
    """A share as a percentage when it has one exactly, else as a fraction: ``95%``, ``7/6``."""
    d = f.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return as_percent(Decimal(f.numerator) / Decimal(f.denominator)) if d == 1 else f"{f.numerator}/{f.denominator}"


# ------------------------------------------------------------------ small facts


def conjuncts(expr: ast.Expr, op: str = "and") -> list[ast.Expr]:
    """The parts of ``A 且 B 且 …`` (with op "or": of ``A 或 B 或 …``, each of which fails when the whole does)."""
    if isinstance(expr, ast.BinOp) and expr.op == op:
        return conjuncts(expr.left, op) + conjuncts(expr.right, op)
    return [expr]


def literal_type(n: ast.Number) -> str:
    return {"%": "rate", "‰": "rate", "分": "points"}.get(n.unit, "number")


def clash(a: str | None, b: str | None) -> bool:
    """Percentages and points mix with nothing but plain numbers; amounts and counts mix."""
    return a in TYPED and b in TYPED and a != b and {a, b} != {"amount", "count"}


def join(a: str | None, b: str | None) -> str | None:
    if a == b or b == "number":
        return a
    return b if a == "number" else None


def pieces(cond: ast.Condition) -> list[Iv]:
    if isinstance(cond, ast.Compare):
        return ray(cond.op, cond.value.value)
    if isinstance(cond, ast.Interval):
        return [Iv(cond.low.value, cond.high.value, cond.low_closed, cond.high_closed)]
    return [ALL]


def award_value(award: ast.Award, weight: Decimal) -> Decimal:
    """A fixed award's points, or a range's middle: where its band sits when reading the rewards."""
    if isinstance(award, ast.Amount):
        return points(award, weight)
    return (points(award.low, weight) + points(award.high, weight)) / 2


def is_bonus(node: ast.Node) -> TypeGuard[ast.Group]:
    """Bonus and penalty groups stand outside the weights."""
    return isinstance(node, ast.Group) and node.kind != "group"


def wording_text(value: Decimal) -> str:
    return as_percent(value) if abs(value) < 1 else num(value)



#: What the grammar ignores between words (its %ignore), and what may end a keyword at the start of a statement.
_BLANKS = " \t\u3000\ufeff"
_KEYWORD_ENDS = ("", "{", *_BLANKS)
#: Where a statement may start: after a line break, `;` or `；` (the grammar's _NL) or a block's `{`, outside strings
#: and comments; strings and comments are matched whole so that the breaks inside them are skipped.
_STATEMENT_BREAK = re.compile(r'"[^"\n]*"|“[^”\n]*”|「[^」\n]*」|#[^\n]*|([\r\n;；{])')


class Reporter:
    """What every check shares: the rubric, what is known of its names, and the diagnostics found."""

    def __init__(self, rubric: ast.Rubric, source: Source) -> None:
        self.rubric, self.source, self.found = rubric, source, list[Diagnostic]()
        self.nodes = ast.walk(rubric.nodes)
        self.node_codes = frozenset(n.code for n in self.nodes)
        self.weights = tree.resolved_weights(rubric)
        self.parent: dict[int, ast.Group] = {}
        for group in (n for n in self.nodes if isinstance(n, ast.Group)):
            for child in group.children:
                self.parent[id(child)] = group
        self.inputs = {i.name: i for i in rubric.inputs}
        self.metrics = {m.name: m for m in rubric.metrics}
        self.known = set(self.inputs) | set(self.metrics) | {s.name for s in rubric.surveys}
        self.ranges: dict[str, Iv | None] = {}  # what each name can be; "≠x": x is known not to be 0
        self.types: dict[str, str | None] = {}
        self.actual_types: dict[str, str | None] = {}  # each indicator's actual (rate, amount …), by its code
        self.suggester = Suggester()  # bounded: thousands of unknown names stay fast
        self.line_spans: dict[tuple[int, int, tuple[str, ...]], list[Span]] = {}

    def error(self, code: str, span: Span, message: Message, hint: Message | None = None, fix: Fix | None = None) \
            -> None:  # fmt: skip
        self.found.append(Diagnostic("error", message, span, self.source, hint, code, fix))

    def warn(self, code: str, span: Span, message: Message, hint: Message | None = None) -> None:
        self.found.append(Diagnostic("warning", message, span, self.source, hint, code))

    def text(self, span: Span) -> str:
        return " ".join(self.source.text[span.start : span.end].split())

    def line_span(self, within: Span, words: tuple[str, ...], nth: int) -> Span:
        """The ``nth`` line in ``within`` starting with one of the keywords: for clauses the AST keeps no node of."""
        key = (within.start, within.end, words)
        if key not in self.line_spans:  # found once: an indicator may repeat a clause 20,000 times
            self.line_spans[key] = list(self.keyword_lines(within, words))
        found = self.line_spans[key]
        return found[nth] if nth < len(found) else within

    def keyword_lines(self, within: Span, words: tuple[str, ...]) -> Iterator[Span]:
        """Every statement in ``within`` that starts with one of the keywords (``总分 10；最高分 13`` holds two).

        A parsed rubric has each clause and setting at a statement start, so ``line_span`` finds them all."""
        text, segment = self.source.text, within.start
        line, line_start = within.line, within.start - within.column + 1
        for found in _STATEMENT_BREAK.finditer(text, within.start, within.end):
            if found.group(1) is None:
                continue
            yield from self._keyword_at(segment, found.start(), line, line_start, words)
            segment = found.end()
            if found.group(1) == "\n":
                line, line_start = line + 1, segment
        yield from self._keyword_at(segment, within.end, line, line_start, words)

    def _keyword_at(self, start: int, end: int, line: int, line_start: int, words: tuple[str, ...]) -> Iterator[Span]:
        body = self.source.text[start:end].lstrip(_BLANKS)
        word = next((w for w in words if body.startswith(w) and body[len(w) : len(w) + 1] in _KEYWORD_ENDS), None)
        if word is not None:
            at = end - len(body)
            column = at - line_start + 1
            yield Span(at, at + len(word), line, column, line, column + len(word))

    def duplicates(self, pairs: Iterable[tuple[str, Span]], what: str, where: Message = NOWHERE,
                   code: str = "duplicate-name") -> None:  # fmt: skip
        """``what`` is the word's key (``name``, ``option`` …); ``where`` is a ``where.in-*`` message."""
        seen: dict[str, Span] = {}
        for key, span in pairs:
            if key in seen:
                self.error(code, span, msg("duplicate-name.twice", what=msg(f"word.{what}"), key=key, where=where,
                                           line=seen[key].line))  # fmt: skip
            seen.setdefault(key, span)


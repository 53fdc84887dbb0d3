"""Parse rubric text into the AST: Lark parse tree first, then a structural transform."""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation
from importlib import resources
from itertools import repeat
from pathlib import Path
from typing import Any, Literal, cast

import attrs
import lark
from lark import Token
from lark.exceptions import UnexpectedEOF, UnexpectedInput, UnexpectedToken

from . import ast, rules, syntax
from .errors import ArgumentError, Diagnostic, ParseError, language_argument
from .keywords import PEER_FUNCTIONS, canonical, canonical_function
from .limits import DEFAULT_LIMITS, MAX_NESTING, Limits, limits_argument, paused_gc
from .messages import Language, Message, msg
from .numbers import exact
from .source import NO_SPAN, Source, Span

GRAMMAR_FILE = "perfscore.lark"


def grammar_text() -> str:
    """The grammar, from inside the installed package or from the repository's `grammar/`."""
    packaged = resources.files("perfscore").joinpath("grammar", GRAMMAR_FILE)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    # Editable installs and source checkouts: src/perfscore/ -> ../../grammar/
    return (Path(__file__).resolve().parents[2] / "grammar" / GRAMMAR_FILE).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _lark() -> lark.Lark:
    from .parser_tables import (
        load,  # only here: `python -m perfscore.parser_tables` runs it as __main__
    )

    return load(grammar_text())


_OPENERS = "{(（"
_BRACKET = re.compile(r"[{}()（）]")
_QUOTE_OR_COMMENT = re.compile(r'["“「#]')
_CLOSING = {'"': '"', "“": "”", "「": "」"}
#: Operators as the limit counts them; 如果 … 则 … 否则 is one (a 1 MiB chain of them is refused here, before parsing).
_OPERATOR = re.compile(r"[-+−－*/×÷<>=≥≤≠≧≦]|\b(?:and|or|not|if)\b|[且或非]|如果")
_LONE_CR = re.compile(r"\r(?!\n)")
def _raise(name: str) -> Message:
    return msg("limits.raise", name=name)


def _limit_error(source: Source, message: Message, span: Span, hint: Message) -> ParseError:
    return ParseError([Diagnostic("error", message, span, source, hint, "limits")])


def _code_of(line: str) -> str:
    """A line with its quoted text and comment blanked out (same length), in one pass.

    Quoted text ends on its line, as the grammar's STRING does. A regex for it rescans the rest of the
    line from every unclosed quote (40,000 `“` took 5 s); here each kind of quote remembers where its
    next closing mark is, so no character is looked at twice.
    """
    out: list[str] = []
    closing: dict[str, int] = {}  # quote -> offset of its next closing mark after the last look, -1: none
    done = 0
    while (found := _QUOTE_OR_COMMENT.search(line, done)) is not None:
        at, quote = found.start(), found.group()
        if quote == "#":
            out += [line[done:at], " " * (len(line) - at)]
            return "".join(out)
        end = closing.get(quote)
        if end is None or -1 < end <= at:
            end = closing[quote] = line.find(_CLOSING[quote], at + 1)
        if end < 0:  # unclosed: not text (the parser says so), and neither is any later one of its kind
            out.append(line[done : at + 1])
            done = at + 1
            continue
        out += [line[done:at], " " * (end + 1 - at)]
        done = end + 1
    out.append(line[done:])
    return "".join(out)


def _check_limits(source: Source, limits: Limits) -> None:
    """Refuse text beyond the limits, with a position, before any parsing; linear in the text."""
    text = source.text
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_bytes:
        raise _limit_error(source, msg("limits.bytes", size=f"{size:,}", limit=f"{limits.max_bytes:,}"),
                           NO_SPAN, _raise("max_bytes"))  # fmt: skip
    depth, offset = 0, 0
    for number, line in enumerate(_LONE_CR.sub("\n", text).split("\n"), 1):
        code = _code_of(line)
        operators = list(_OPERATOR.finditer(code))
        if len(operators) > limits.max_operators:
            column = operators[limits.max_operators].start() + 1
            span = Span.point(offset + column - 1, number, column)
            message = msg("limits.operators", limit=limits.max_operators)
            raise _limit_error(source, message, span, msg("limits.operators-hint"))
        for bracket in _BRACKET.finditer(code):
            if bracket.group() not in _OPENERS:
                depth = max(depth - 1, 0)
                continue
            depth += 1
            if depth > limits.max_depth:
                column = bracket.start() + 1
                message = msg("limits.depth", limit=limits.max_depth)
                hint = msg("limits.depth-hint")
                raise _limit_error(source, message, Span.point(offset + column - 1, number, column), hint)
        offset += len(line) + 1


@exact  # `30%` → 0.3 exactly, whatever the caller's decimal context
def parse(text: str, name: str = "<rubric>", limits: Limits = DEFAULT_LIMITS, *,
          language: Language | None = None) -> ast.Rubric:  # fmt: skip
    """Parse rubric text into an AST; syntax errors (all of them) and exceeded limits raise :class:`ParseError`,
    worded in ``language`` (default: the rubric's own)."""
    language, limits = language_argument(language), limits_argument(limits)
    if not isinstance(text, str):
        raise ArgumentError(msg("api.parse-text", kind=type(text).__name__))
    try:
        rubric, errors, _ = parse_partial(text, name, limits)
    except ParseError as exc:
        raise exc.in_language(language) from None
    if errors or rubric is None:
        raise ParseError(errors, language)
    return rubric


@exact
def parse_partial(text: str, name: str = "<rubric>", limits: Limits = DEFAULT_LIMITS
                  ) -> tuple[ast.Rubric | None, list[Diagnostic], list[tuple[int, int]]]:  # fmt: skip
    """Parse as much as parses: the AST of the text with each erroneous statement blanked (None when
    nothing is left to build), every syntax error in order, and the regions blanked.

    Exceeded limits still raise :class:`ParseError` at once: past them nothing is parsed.
    """
    source = Source(name, text)
    if not text.strip():
        raise ParseError([Diagnostic("error", msg("syntax.empty"), NO_SPAN, source, msg("syntax.empty-hint"), "syntax")])
    _check_limits(source, limits)
    # Statements end at a newline; make sure the last one has one. A lone \r (old Mac files) ends a
    # line too: made a \n, of the same length, so that lark counts lines as editors and errors do.
    padded = syntax.normalize(_LONE_CR.sub("\n", text))
    padded = padded if padded.endswith("\n") else padded + "\n"
    parser = _lark()

    def attempt(current: str) -> ast.Rubric:
        return cast(ast.Rubric, _ToAst().transform(parser.parse(current)))

    def describe(exc: Exception, current: str) -> Diagnostic | None:
        if isinstance(exc, UnexpectedInput):
            return syntax.diagnostic(exc, source, parser.get_terminal)
        if isinstance(exc, _LiteralError):
            return Diagnostic("error", exc.message, exc.span, source, exc.hint, exc.code)
        return None

    def offset_of(exc: Exception) -> int:
        if isinstance(exc, _LiteralError):
            return exc.span.start
        if isinstance(exc, UnexpectedEOF) or isinstance(exc, UnexpectedToken) and exc.token.type == "$END":
            return -1
        return getattr(exc, "pos_in_stream", 0) or 0

    with paused_gc():
        rubric, errors, blanked = syntax.recover(padded, attempt, describe, offset_of)
    errors.sort(key=lambda d: (d.span.start, d.span.end))
    if rubric is not None:
        nodes = len(ast.walk(rubric.nodes))
        if nodes > limits.max_nodes:
            raise _limit_error(source, msg("limits.nodes", nodes=f"{nodes:,}", limit=f"{limits.max_nodes:,}"),
                               NO_SPAN, _raise("max_nodes"))  # fmt: skip
    return rubric, errors, blanked


# ------------------------------------------------------------------ tree -> AST


class _LiteralError(Exception):
    def __init__(self, message: Message, span: Span, hint: Message | None = None, code: str = "syntax") -> None:
        self.message, self.span, self.hint, self.code = message, span, hint, code


def _span(meta: Any) -> Span:
    if getattr(meta, "empty", True):
        return ast.NO_SPAN
    return Span(meta.start_pos, meta.end_pos, meta.line, meta.column, meta.end_line, meta.end_column)


def _tspan(token: Token) -> Span:
    return Span(
        token.start_pos or 0,
        token.end_pos or 0,
        token.line or 1,
        token.column or 1,
        token.end_line or 1,
        token.end_column or 1,
    )


#: Digits a rubric number may have before and after its decimal point. Every rubric number is then
#: a multiple of 10^-20 below 10^20, so sums of weights and bands are exact in the 60-digit context.
LITERAL_DIGITS = 20


def _decimal(token: Token) -> Decimal:
    text = str(token)
    whole, _, fraction = text.partition(".")
    if len(whole.lstrip("0")) > LITERAL_DIGITS or len(fraction.rstrip("0")) > LITERAL_DIGITS:
        raise _LiteralError(msg("syntax.long-number", number=_shown_number(text), digits=LITERAL_DIGITS),
                            _tspan(token), msg("syntax.long-number-hint"))  # fmt: skip
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the NUMBER regex admits only digits
        raise _LiteralError(msg("syntax.not-a-number", token=str(token)), _tspan(token)) from None


#: Most decimal places a rounding may keep (rubric numbers have at most LITERAL_DIGITS after the point).
MAX_PLACES = LITERAL_DIGITS


def _places(token: Token) -> int:
    """Rounding places: a whole number from 0 to MAX_PLACES."""
    text = str(token)
    if "." in text or len(text.lstrip("0")) > 2 or int(text) > MAX_PLACES:
        raise _LiteralError(msg("syntax.places", most=MAX_PLACES, number=_shown_number(text)),
                            _tspan(token), msg("syntax.places-hint"))  # fmt: skip
    return int(text)


def _shown_number(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:10]}…{text[-6:]} ({len(text)} digits)"


def _string(token: Token) -> str:
    return str(token)[1:-1]


_CLAUSES = ("definition", "criteria", "target", "actual", "direction", "not_applicable")


#: Parse-tree rules that are a level of the AST: nodes of the tree and of expressions (an `atom`, a pair of
#: parentheses, adds none).
_NESTING_RULES = frozenset({
    "group", "bonus_group", "penalty_group", "indicator",
    "conditional", "or_op", "and_op", "not_op", "compare", "binop", "neg", "call", "name_ref",
    "plain_number", "percent_number", "permille_number", "points_number",
})  # fmt: skip
_TOO_DEEP = msg("limits.nesting", limit=MAX_NESTING)


@attrs.frozen
class _Domain:
    """An input's domain as parsed: one or two ends; ``name`` where it is written between them."""

    ends: tuple[ast.Compare, ...]
    name_span: Span = ast.NO_SPAN
    name: str | None = None


class _Unit(str):
    """A target's unit, told apart from the expression before it; ``start`` is its offset."""

    start: int


class _ToAst:
    """Structural only: builds nodes, leaves every semantic check to the checker.

    Each method takes a parse-tree node's meta and its children, already transformed. ``transform``
    walks the tree with a stack of its own, not recursion (lark's Transformer recurses: a 500-deep
    如果 chain or a 600-deep group nest would be a RecursionError), and measures the nesting on the way.
    """

    def transform(self, root: lark.Tree[Token]) -> Any:
        values: list[Any] = []  # finished subtrees, in order
        depths: list[int] = []  # how many levels of the AST each value holds
        stack: list[tuple[lark.Tree[Token], bool]] = [(root, False)]
        Tree, builders = lark.Tree, rules.BUILDERS
        while stack:
            node, expanded = stack.pop()
            subtrees = [c for c in node.children if isinstance(c, Tree)]
            if subtrees and not expanded:
                stack.append((node, True))
                stack.extend(zip(reversed(subtrees), repeat(False)))
                continue
            below, children = 0, node.children
            if subtrees:  # their values are the last ones made, in order; tokens stay as they are
                count = len(subtrees)
                done, below = iter(values[-count:]), max(depths[-count:])
                del values[-count:], depths[-count:]
                children = [next(done) if isinstance(c, Tree) else c for c in node.children]
            depth = below + (node.data in _NESTING_RULES)
            if depth > MAX_NESTING:
                raise _LiteralError(_TOO_DEEP, _span(node.meta), msg("limits.nesting-hint"), "limits")
            method = getattr(self, node.data, None)
            if method is not None:
                values.append(method(node.meta, children))
            elif (build := builders.get(node.data)) is not None:
                values.append(build(children, _span(node.meta)))
            else:
                values.append(Tree(node.data, children, node.meta))
            depths.append(depth)
        return values[0]

    # ---- atoms
    def code(self, meta: Any, children: list[Token]) -> str:
        return str(children[0])

    def name(self, meta: Any, children: list[Token]) -> str:
        token = children[0]
        return _string(token) if token.type == "STRING" else str(token)

    def text(self, meta: Any, children: list[Token]) -> str:
        return _string(children[0])

    def unit(self, meta: Any, children: list[Token]) -> str:
        return self.name(meta, children) if len(children) == 1 else "/".join(map(str, children[::2]))

    def number(self, meta: Any, children: list[Token]) -> Decimal:
        return _decimal(children[0])

    def plain_number(self, meta: Any, children: list[Token]) -> ast.Number:
        return ast.Number(_decimal(children[0]), "", span=_span(meta))

    def percent_number(self, meta: Any, children: list[Token]) -> ast.Number:
        return ast.Number(_decimal(children[0]) / 100, "%", span=_span(meta))

    def permille_number(self, meta: Any, children: list[Token]) -> ast.Number:
        return ast.Number(_decimal(children[0]) / 1000, "‰", span=_span(meta))

    def points_number(self, meta: Any, children: list[Token]) -> ast.Number:
        return ast.Number(_decimal(children[0]), "分", span=_span(meta))

    def signed_number(self, meta: Any, children: list[Any]) -> ast.Number:
        number: ast.Number = children[-1]
        if len(children) == 2 and str(children[0]) in "-−－":
            number = ast.Number(-number.value, number.unit)
        return ast.Number(number.value, number.unit, span=_span(meta))

    # ---- expressions
    def name_ref(self, meta: Any, children: list[Token]) -> ast.Name | ast.Ref:
        name = str(children[0])
        if name in ast.TOTAL_NAMES:  # 总分 in an expression is the rubric's total
            return ast.Ref("total", None, span=_span(meta))
        return ast.Name(name, span=_span(meta))

    def binop(self, meta: Any, children: list[Any]) -> ast.BinOp:
        left, op, right = children
        return ast.BinOp(_OPS[str(op)], left, right, span=_span(meta))

    def compare(self, meta: Any, children: list[Any]) -> ast.BinOp:
        left, op, right = children
        return ast.BinOp(_OPS[str(op)], left, right, span=_span(meta))

    def member(self, meta: Any, children: list[Any]) -> ast.Expr:
        # `建设状态 属于 {已完工, 在建}` is `建设状态 == 已完工 或 建设状态 == 在建` (printed so).
        subject, *options = (c for c in children if not isinstance(c, Token))
        span = _span(meta)
        out: ast.Expr = ast.BinOp("==", subject, options[0], span=span)
        for option in options[1:]:
            out = ast.BinOp("or", out, ast.BinOp("==", subject, option, span=span), span=span)
        return out

    def and_op(self, meta: Any, children: list[Any]) -> ast.BinOp:
        return ast.BinOp("and", children[0], children[1], span=_span(meta))

    def or_op(self, meta: Any, children: list[Any]) -> ast.BinOp:
        return ast.BinOp("or", children[0], children[1], span=_span(meta))

    def not_op(self, meta: Any, children: list[Any]) -> ast.Not:
        return ast.Not(children[0], span=_span(meta))

    def neg(self, meta: Any, children: list[Any]) -> ast.Expr:
        op, operand = children
        if str(op) == "+":
            return operand  # type: ignore[no-any-return]
        return ast.Neg(operand, span=_span(meta))

    def call(self, meta: Any, children: list[Any]) -> ast.Call | ast.Ref:
        args = tuple(c for c in children[1:] if not isinstance(c, Token))
        func = canonical_function(str(children[0]), len(args))  # 平均 is mean (printed back in Chinese)
        if func in ast.REF_FUNCTIONS and len(args) == 1 and isinstance(args[0], ast.Name):
            # 得分(B21): a figure of the tree (anything else under that name is the checker's to refuse)
            return ast.Ref(ast.REF_FUNCTIONS[func], args[0].name, span=_span(meta))
        if func in PEER_FUNCTIONS and args and isinstance(args[0], ast.Name) and args[0].name == "实际":
            # 排名(实际): the indicator's own actual among the units (a bare 实际 is no name elsewhere)
            args = (ast.Name("actual", span=args[0].span), *args[1:])
        return ast.Call(func, args, span=_span(meta))

    def atom(self, meta: Any, children: list[Any]) -> Any:
        # `( expr )`: drop the parentheses, keep the inner node.
        return next(c for c in children if not isinstance(c, Token))

    def conditional(self, meta: Any, children: list[Any]) -> ast.Conditional:
        return ast.Conditional(children[0], children[1], children[2], span=_span(meta))

    # ---- amounts, shares, conditions
    def amount_points(self, meta: Any, children: list[Any]) -> ast.Amount:
        return ast.Amount(children[0], "points", span=_span(meta))

    def amount_share(self, meta: Any, children: list[Any]) -> ast.Amount:
        return ast.Amount(children[0] / 100, "share", span=_span(meta))

    def award(self, meta: Any, children: list[Any]) -> ast.Amount:
        return children[0]  # type: ignore[no-any-return]

    def award_range(self, meta: Any, children: list[Any]) -> ast.AmountRange:
        (low, low_edge), (high, high_edge) = _range_ends(children, ast.Amount)
        # An award's unmarked end is included (8分~9分 admits 8 and 9).
        return ast.AmountRange(low, high, low_edge is not False, high_edge is not False, span=_span(meta))

    def edge_closed(self, meta: Any, children: list[Any]) -> bool:
        return True

    def edge_open(self, meta: Any, children: list[Any]) -> bool:
        return False

    def cond_range(self, meta: Any, children: list[Any]) -> ast.Interval:
        (low, low_edge), (high, high_edge) = _range_ends(children, ast.Number)
        # 上组限不在内: `60%-80%` is [60%, 80%); one end marked decides the other (`90-95%（含）` is (90%, 95%]).
        if low_edge is None and high_edge is None:
            low_edge, high_edge = True, False
        elif low_edge is None:
            low_edge = not high_edge
        elif high_edge is None:
            high_edge = not low_edge
        return ast.Interval(low, high, bool(low_edge), bool(high_edge), span=_span(meta))

    def share(self, meta: Any, children: list[Any]) -> ast.Share:
        return ast.Share(children[0], Decimal(100), True, span=_span(meta))

    def share_fraction(self, meta: Any, children: list[Any]) -> ast.Share:
        return ast.Share(children[0], children[2], False, span=_span(meta))

    def cond_compare(self, meta: Any, children: list[Any]) -> ast.Compare:
        return ast.Compare(_OPS[str(children[0])], children[1], span=_span(meta))

    def cond_interval(self, meta: Any, children: list[Any]) -> ast.Interval:
        opening, low, high, closing = children
        return ast.Interval(low, high, str(opening) in "[【［", str(closing) in "]】］", span=_span(meta))

    def cond_when(self, meta: Any, children: list[Any]) -> ast.When:
        return ast.When(children[0], span=_span(meta))

    def cond_otherwise(self, meta: Any, children: list[Any]) -> ast.Otherwise:
        return ast.Otherwise(span=_span(meta))

    def condition(self, meta: Any, children: list[Any]) -> Any:  # pragma: no cover - always aliased
        return children[0]

    # ---- settings and declarations
    def title(self, meta: Any, children: list[Any]) -> tuple[str, Any, Span]:
        return ("title", children[0], _span(meta))

    def total(self, meta: Any, children: list[Any]) -> tuple[str, Any, Span]:
        return ("total", children[0], _span(meta))

    def maximum(self, meta: Any, children: list[Any]) -> tuple[str, Any, Span]:
        return ("maximum", children[0], _span(meta))

    def minimum(self, meta: Any, children: list[Any]) -> tuple[str, Any, Span]:
        number: ast.Number = children[0]
        if number.unit not in ("", "分"):  # a total is points: -5% of what?
            raise _LiteralError(msg("syntax.minimum-points"), number.span, msg("syntax.minimum-points-hint"))
        return ("minimum", number.value, _span(meta))

    def rounding(self, meta: Any, children: list[Any]) -> tuple[str, Any, Span]:
        places = children[0]
        mode = children[1] if len(children) > 1 else "half_up"
        rounding = ast.Rounding(_places(places), cast(ast.RoundingMode, mode), span=_span(meta))
        return ("rounding", rounding, _span(meta))

    def judged_outside(self, meta: Any, children: list[Token]) -> tuple[str, Any, Span]:
        return ("judged_outside", canonical(str(children[-1])), _span(meta))

    def roll_up(self, meta: Any, children: list[Any]) -> tuple[str, ast.RollUp, Span]:
        column, *rest = (c for c in children if not (isinstance(c, Token) and c.type != "IDENT"))
        own = next((c[1] for c in rest if isinstance(c, tuple)), None)
        subordinates = next(c for c in rest if isinstance(c, ast.Share))
        return ("roll_up", ast.RollUp(str(column), own, subordinates, span=_span(meta)), _span(meta))

    def roll_own(self, meta: Any, children: list[Any]) -> tuple[str, ast.Share]:
        return ("own", next(c for c in children if isinstance(c, ast.Share)))

    def rounding_mode(self, meta: Any, children: list[Token]) -> str:
        return canonical(str(children[0]))

    def value_type(self, meta: Any, children: list[Token]) -> str:
        return canonical(str(children[0]))

    def domain_ray(self, meta: Any, children: list[Any]) -> _Domain:
        return _Domain((ast.Compare(_OPS[str(children[0])], children[1], span=_span(meta)),))

    def domain_interval(self, meta: Any, children: list[Any]) -> _Domain:
        opening, low, high, closing = children
        span = _span(meta)
        return _Domain((ast.Compare(">=" if str(opening) in "[【［" else ">", low, span=span),
                        ast.Compare("<=" if str(closing) in "]】］" else "<", high, span=span)))  # fmt: skip

    def domain_between(self, meta: Any, children: list[Any]) -> _Domain:
        low, first, name, second, high = children
        ops, span = (_OPS[str(first)], _OPS[str(second)]), _span(meta)
        if ops[0] in ("<", "<=") and ops[1] in ("<", "<="):  # 0 ≤ x ≤ 100
            ends = (ast.Compare(">" if ops[0] == "<" else ">=", low, span=span), ast.Compare(ops[1], high, span=span))
        elif ops[0] in (">", ">=") and ops[1] in (">", ">="):  # 100 ≥ x ≥ 0
            ends = (ast.Compare(ops[1], high, span=span), ast.Compare("<" if ops[0] == ">" else "<=", low, span=span))
        else:
            raise _LiteralError(msg("syntax.domain-ways", name=str(name), first=str(first), second=str(second)), span,
                                msg("syntax.domain-ways-hint", name=str(name)))  # fmt: skip
        return _Domain(ends, _tspan(name), str(name))

    def input_decl(self, meta: Any, children: list[Any]) -> ast.InputDecl:
        name, type_, *rest = children
        unit = next((r for r in rest if isinstance(r, str)), None)
        domain = next((r for r in rest if isinstance(r, _Domain)), _Domain(()))
        if domain.name is not None and domain.name != str(name):
            raise _LiteralError(msg("syntax.domain-name", name=str(name), other=domain.name), domain.name_span,
                                msg("syntax.domain-name-hint", name=str(name)))  # fmt: skip
        ends = domain.ends
        return ast.InputDecl(str(name), type_, unit, ends[0] if ends else None, ends[1] if len(ends) > 1 else None,
                             span=_span(meta))  # fmt: skip

    def input_fact(self, meta: Any, children: list[Any]) -> ast.InputDecl:
        name, (type_, options, element) = children
        return ast.InputDecl(str(name), type_, options=options, element=element, span=_span(meta))

    def fact_yesno(self, meta: Any, children: list[Any]) -> tuple[str, tuple[str, ...], None]:
        return ("yesno", (), None)

    def fact_options(self, meta: Any, children: list[Any]) -> tuple[str, tuple[str, ...], None]:
        return ("options", tuple(c for c in children if isinstance(c, str)), None)

    def fact_date(self, meta: Any, children: list[Any]) -> tuple[str, tuple[str, ...], None]:
        return ("date", (), None)

    def fact_list(self, meta: Any, children: list[Any]) -> tuple[str, tuple[str, ...], str]:
        return ("list", (), children[0])

    def fact_list_yesno(self, meta: Any, children: list[Any]) -> tuple[str, tuple[str, ...], str]:
        return ("list", (), "yesno")

    def metric_decl(self, meta: Any, children: list[Any]) -> ast.MetricDecl:
        return ast.MetricDecl(str(children[0]), children[-1], span=_span(meta))

    def option(self, meta: Any, children: list[Any]) -> ast.SurveyOption:
        return ast.SurveyOption(children[0], children[1], span=_span(meta))

    def option_excluded(self, meta: Any, children: list[Any]) -> ast.SurveyOption:
        return ast.SurveyOption(children[0], None, span=_span(meta))

    def options(self, meta: Any, children: list[Any]) -> tuple[str, list[Any]]:
        return ("options", children)

    def question_weight(self, meta: Any, children: list[Any]) -> tuple[str, ast.Share]:
        return ("weight", children[0])

    def question(self, meta: Any, children: list[Any]) -> ast.Question:
        weight = next((c[1] for c in children[1:] if isinstance(c, tuple)), None)
        text = next((c for c in children[1:] if isinstance(c, str)), None)
        return ast.Question(children[0], text, weight, span=_span(meta))

    def channel(self, meta: Any, children: list[Any]) -> ast.Channel:
        return ast.Channel(children[0], children[1], span=_span(meta))

    def channels(self, meta: Any, children: list[Any]) -> tuple[str, list[Any]]:
        return ("channels", children)

    def share_rounding(self, meta: Any, children: list[Token]) -> tuple[str, int]:
        return ("share_places", _places(children[0]))

    def survey(self, meta: Any, children: list[Any]) -> ast.Survey:
        name, *lines = children
        options = [o for line in lines if isinstance(line, tuple) and line[0] == "options" for o in line[1]]
        places = next((line[1] for line in lines if isinstance(line, tuple) and line[0] == "share_places"), None)
        questions = [q for q in lines if isinstance(q, ast.Question)]
        channels = [c for line in lines if isinstance(line, tuple) and line[0] == "channels" for c in line[1]]
        return ast.Survey(name, tuple(options), tuple(questions), places, tuple(channels), span=_span(meta))

    def grade(self, meta: Any, children: list[Any]) -> ast.Grade:
        return ast.Grade(children[0], children[1], span=_span(meta))

    def grades(self, meta: Any, children: list[Any]) -> tuple[str, Any, Span]:
        return ("grades", tuple(children), _span(meta))

    def veto_zero(self, meta: Any, children: list[Any]) -> dict[str, Any]:
        return {}

    def veto_grade(self, meta: Any, children: list[Any]) -> dict[str, Any]:
        return {"grade": children[0]}

    def veto_rated(self, meta: Any, children: list[Any]) -> dict[str, Any]:
        return {"grade": children[0], "effect": "rated"}

    def veto_deduct(self, meta: Any, children: list[Any]) -> dict[str, Any]:
        return {"amount": children[0], "effect": "deduct"}

    def veto_when(self, meta: Any, children: list[Any]) -> tuple[str, Any]:
        return ("when", children[0])

    def veto(self, meta: Any, children: list[Any]) -> ast.Veto:
        name, effect, *rest = children
        when = next((r[1] for r in rest if isinstance(r, tuple)), None)
        text = next((r for r in rest if isinstance(r, str)), None)
        return ast.Veto(name, text=text, when=when, span=_span(meta), **effect)

    # ---- tree
    def weight_points(self, meta: Any, children: list[Any]) -> ast.Weight:
        return ast.Weight(children[0], False, span=_span(meta))

    def weight_percent(self, meta: Any, children: list[Any]) -> ast.Weight:
        return ast.Weight(children[0] / 100, True, span=_span(meta))

    def aggregate(self, meta: Any, children: list[Token]) -> tuple[str, str]:
        return ("aggregate", canonical(str(children[1])))

    def group(self, meta: Any, children: list[Any]) -> ast.Group:
        code, name, weight, *rest = children
        aggregate = "sum"
        if rest and isinstance(rest[0], tuple):
            aggregate = rest.pop(0)[1]
        return ast.Group(code, name, weight, tuple(rest), "group", cast(ast.Aggregate, aggregate), span=_span(meta))

    def _capped_group(self, meta: Any, children: list[Any], kind: ast.GroupKind) -> ast.Group:
        code, name, cap, *rest = children
        weight = ast.Weight(cap, False, span=_span(meta))
        return ast.Group(code, name, weight, tuple(rest), kind, "sum", span=_span(meta))

    def bonus_group(self, meta: Any, children: list[Any]) -> ast.Group:
        return self._capped_group(meta, children, "bonus")

    def penalty_group(self, meta: Any, children: list[Any]) -> ast.Group:
        if not isinstance(children[2], tuple):  # 最多 N; 不封顶 arrives as ("uncapped", True)
            return self._capped_group(meta, children, "penalty")
        # 不封顶: it can take all its children can lose, so its cap is their points together.
        code, name, _, *rest = children
        cap = sum((c.weight.value for c in rest if not c.weight.percent), Decimal(0))
        weight = ast.Weight(cap, False, span=_span(meta))
        return ast.Group(code, name, weight, tuple(rest), "penalty", "sum", uncapped=True, span=_span(meta))

    def definition(self, meta: Any, children: list[Any]) -> tuple[str, Any]:
        return ("definition", children[0])

    def criteria(self, meta: Any, children: list[Any]) -> tuple[str, Any]:
        return ("criteria", children[0])

    def target_value(self, meta: Any, children: list[Any]) -> tuple[str, Any]:
        unit = children.pop() if isinstance(children[-1], _Unit) else None
        value = children[-1]
        if unit is not None and isinstance(value, ast.Number) and value.unit == "分" and value.span.end == unit.start:
            # 79分钟: the lexer took 分 for points; written together, 分 is the unit's first character.
            value, unit = ast.Number(value.value, "", span=value.span), _Unit("分" + unit)
        op = _OPS[str(children[0])] if len(children) == 2 else None
        return ("target", ast.Target(op, value, None, span=_span(meta), unit=unit and str(unit)))

    def measure_unit(self, meta: Any, children: list[Token]) -> _Unit:
        unit = _Unit(self.name(meta, children))
        unit.start = meta.start_pos
        return unit

    def target_text(self, meta: Any, children: list[Any]) -> tuple[str, Any]:
        return ("target", ast.Target(None, None, children[0], span=_span(meta)))

    def actual_expr(self, meta: Any, children: list[Any]) -> tuple[str, Any]:
        return ("actual", ast.ActualExpr(children[0], span=_span(meta)))

    def actual_input(self, meta: Any, children: list[Any]) -> tuple[str, Any]:
        unit = children[1] if len(children) > 1 else None
        return ("actual", ast.ActualInput(children[0], span=_span(meta), unit=unit))

    def actual_completion(self, meta: Any, children: list[Any]) -> tuple[str, Any]:
        whole = bool(children) and children[0] == "all_or_nothing"  # 全有全无, as a checklist writes it
        items = tuple(children[1:] if whole else children)
        return ("actual", ast.Completion(items, span=_span(meta), whole=whole))

    def direction(self, meta: Any, children: list[Token]) -> tuple[str, Any]:
        return ("direction", canonical(str(children[-1])))

    def not_applicable(self, meta: Any, children: list[Token]) -> tuple[str, Any]:
        return ("not_applicable", canonical(str(children[-1])))

    def part_add(self, meta: Any, children: list[Any]) -> tuple[str, Any]:
        return ("part", self._part("add", meta, children))

    def part_subtract(self, meta: Any, children: list[Any]) -> tuple[str, Any]:
        return ("part", self._part("subtract", meta, children))

    def _part(self, sign: Literal["add", "subtract"], meta: Any, children: list[Any]) -> ast.Part:
        name, *rest = children
        points = rest[0] if len(rest) == 2 else None
        return ast.Part(sign, name, rest[-1], points, span=_span(meta))

    def standard(self, meta: Any, children: list[Any]) -> tuple[str, Any]:
        return ("standard", ast.StandardRef(children[0], span=_span(meta)))

    def score_max(self, meta: Any, children: list[Any]) -> tuple[str, Any]:
        return ("score_max", children[0])

    def score_uncapped(self, meta: Any, children: list[Any]) -> tuple[str, Any]:
        return ("score_max", "uncapped")

    def indicator(self, meta: Any, children: list[Any]) -> ast.Indicator:
        code, name, weight, *clauses = children
        fields: dict[str, Any] = {}
        extra: list[str] = []
        parts: list[ast.Part] = []
        for clause in clauses:
            key, value = ("rule", clause) if isinstance(clause, ast.Rule) else clause
            if key == "part":
                parts.append(cast(ast.Part, value))
                continue
            if key in fields:
                extra.append(key)
            else:
                fields[key] = value
        if parts:
            fields["parts"] = tuple(parts)
        return ast.Indicator(code, name, weight, extra_clauses=tuple(extra), span=_span(meta), **fields)

    # ---- rules: each kind builds its own nodes (perfscore.rules); items serve checklists and completion
    def item_target(self, meta: Any, children: list[Any]) -> tuple[str, Any]:
        return ("target", children[0])

    def item(self, meta: Any, children: list[Any]) -> ast.Item:
        name, *rest = children
        share = next((r for r in rest if isinstance(r, ast.Share)), None)
        target = next((r[1] for r in rest if isinstance(r, tuple)), None)
        text = next((r for r in rest if isinstance(r, str)), None)
        return ast.Item(name, share, target, text, span=_span(meta))

    # ---- the whole file
    def start(self, meta: Any, children: list[Any]) -> ast.Rubric:
        fields: dict[str, Any] = {}
        repeated: list[tuple[str, Span]] = []
        lists: dict[str, list[Any]] = {"inputs": [], "metrics": [], "surveys": [], "vetoes": [], "nodes": []}
        kinds = {
            ast.InputDecl: "inputs", ast.MetricDecl: "metrics", ast.Survey: "surveys",
            ast.Veto: "vetoes", ast.Group: "nodes", ast.Indicator: "nodes",
        }  # fmt: skip
        for child in children:
            if isinstance(child, tuple):
                key, value, span = child
                if key in fields:
                    repeated.append((key, span))
                else:
                    fields[key] = value
            else:
                lists[kinds[type(child)]].append(child)
        fields.update({key: tuple(values) for key, values in lists.items()})
        return ast.Rubric(
            **fields,
            repeated=tuple(repeated),
            span=_span(meta),
        )


def _range_ends(children: list[Any], kind: type) -> list[tuple[Any, bool | None]]:
    """The two ends of ``low [edge] ~ high [edge]``, each with its mark (None when unmarked)."""
    ends: list[tuple[Any, bool | None]] = []
    for child in children:
        if isinstance(child, kind):
            ends.append((child, None))
        elif isinstance(child, bool):
            ends[-1] = (ends[-1][0], child)
    return ends


_OPS = {
    "+": "+", "-": "-", "−": "-", "－": "-",
    "*": "*", "×": "*", "/": "/", "÷": "/",
    ">=": ">=", "≥": ">=", "≧": ">=", "<=": "<=", "≤": "<=", "≦": "<=",
    ">": ">", "<": "<", "==": "==", "!=": "!=", "≠": "!=",
}  # fmt: skip

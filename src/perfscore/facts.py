"""Typed facts beyond numbers: yes/no, labels from a declared set, dates, and lists.

One place for what a fact is at run time: how the data gives it (readers), what it is while scoring
(``bool``, ``str``, :class:`Day`, ``tuple``), the aggregates over lists, and how a value reads in an
explanation. The checker's side is :mod:`perfscore.checker.facts`.
"""

from __future__ import annotations

import datetime
import re
from contextvars import ContextVar
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from . import ast, tree
from .data import Bad, number_reader, yes_or_no
from .keywords import AGGREGATES
from .messages import Joined, Message, msg
from .numbers import ZERO, brief, shown
from .suggest import Suggester

def read_yesno(value: Any) -> bool:
    """A 是否 input: a yes or a no as :func:`data.yes_or_no` reads one (是/否, √/×, 符合/不符合, 有/无, true/false),
    or 1/0."""
    if type(value) is int and value in (0, 1):
        return value == 1
    met = yes_or_no(value)
    if met is None:
        raise Bad(msg("data.not-yes-or-no", value=shown(value)))
    return met


def options_reader(labels: tuple[str, ...]) -> Callable[[Any], str]:
    """A label: one of the declared ``labels`` exactly (blanks around it ignored)."""
    allowed = frozenset(labels)
    listing = "、".join(labels)

    def read(value: Any) -> str:
        text = value.strip() if isinstance(value, str) else None
        if text is not None and text in allowed:
            return text
        close = Suggester().closest(text, labels, cutoff=0.3) if text else None
        if close:
            raise Bad(msg("data.not-an-option-close", value=shown(value), options=listing, close=repr(close)))
        raise Bad(msg("data.not-an-option", value=shown(value), options=listing))

    return read


class Day(datetime.date):
    """A date whose difference is a number of days (a Decimal): 报送日期 − 截止日期 = 5."""

    __slots__ = ()

    def __sub__(self, other: Any) -> Any:
        if isinstance(other, datetime.date):
            return Decimal(self.toordinal() - other.toordinal())
        return self.shifted(-other)

    def __add__(self, other: Any) -> Day:
        return self.shifted(other)

    __radd__ = __add__

    def shifted(self, days: Decimal) -> Day:
        """This date moved by a whole number of days."""
        if not isinstance(days, Decimal) or days != days.to_integral_value():
            raise Bad(msg("data.date-whole-days", days=shown(days)))
        try:
            return Day.fromordinal(self.toordinal() + int(days))
        except (OverflowError, ValueError):
            raise Bad(msg("data.date-overflow", date=self.isoformat(), days=brief(days))) from None


_DATE = re.compile(r"(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)")


def read_date(value: Any) -> Day:
    """A date: a TOML date, a ``datetime.date``, or text ``2021-03-31``, ``2021/3/31``, ``2021年3月31日``."""
    if isinstance(value, datetime.datetime):  # a spreadsheet's date cell: midnight of that day
        if value.time() != datetime.time(0) or value.tzinfo is not None:
            raise Bad(msg("data.date-time", value=shown(value)))
        return Day(value.year, value.month, value.day)
    if isinstance(value, datetime.date):
        return Day(value.year, value.month, value.day)
    match = _DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise Bad(msg("data.not-a-date", value=shown(value)))
    year, month, day = (int(g) for g in match.groups() if g is not None)
    try:
        return Day(year, month, day)
    except ValueError:
        raise Bad(msg("data.not-a-day", value=shown(value))) from None


_SEPARATORS = re.compile(r"[、,，;；]")


def list_reader(element: Callable[[Any], Any], needs_values: tuple[str, ...] = ()) -> Callable[[Any], tuple[Any, ...]]:
    """A list: a JSON/TOML array, each element read by ``element``. ``needs_values`` names the aggregates that
    read it and need at least one value (平均/最大/最小 of none is undefined): an empty list is refused then."""

    def read(value: Any) -> tuple[Any, ...]:
        if isinstance(value, str):  # a spreadsheet cell: the values separated by 、 or commas
            value = [part for part in _SEPARATORS.split(value.strip()) if part.strip()]
        if isinstance(value, (bytes, Mapping)) or not isinstance(value, (list, tuple)):
            raise Bad(msg("data.not-a-list", value=shown(value)))
        if not value and needs_values:
            raise Bad(msg("data.empty-list", needs="、".join(needs_values)))
        out: list[Any] = []
        problems: list[Message] = []
        for k, one in enumerate(value):
            try:
                out.append(element(one))
            except Exception as exc:  # noqa: BLE001 - the element readers raise their own Bad
                if len(problems) < 5:
                    problems.append(msg("data.element", number=k + 1, why=exc.text if isinstance(exc, Bad) else str(exc)))
        if problems:
            raise Bad(msg("data.joined", parts=Joined(tuple(problems))))
        return tuple(out)

    return read


#: The options of the rubric being compiled: a bare name among them is the option itself (建设状态 == 已完工).
#: Set by the compiler around a build, read by the expression compiler.
LABELS: ContextVar[frozenset[str]] = ContextVar("LABELS", default=frozenset())


def labels_of(rubric: ast.Rubric) -> frozenset[str]:
    """Every option of the rubric's 选项 inputs that is not also a declared name (the checker refuses those)."""
    names = {i.name for i in rubric.inputs} | {m.name for m in rubric.metrics} | {s.name for s in rubric.surveys}
    return frozenset(o for i in rubric.inputs for o in i.options if o not in names)


def reader(decl: ast.InputDecl, needs_values: tuple[str, ...] = ()) -> Callable[[Any], Any]:
    """How the data gives a fact input."""
    if decl.type == "yesno":
        return read_yesno
    if decl.type == "options":
        return options_reader(decl.options)
    if decl.type == "date":
        return read_date
    element = read_yesno if decl.element == "yesno" else number_reader(decl.element or "number")
    return list_reader(element, needs_values)


def needs_values(rubric: ast.Rubric) -> dict[str, tuple[str, ...]]:
    """The list inputs given to 平均/最大/最小, with how each is written there: an empty one is refused."""
    exprs: list[ast.Expr] = [m.expr for m in rubric.metrics]
    for node in ast.walk(rubric.nodes):
        if isinstance(node, ast.Indicator):
            exprs += expressions_of(node)
    found: dict[str, dict[str, None]] = {}
    for expr in tree.subexprs(*exprs):
        match expr:
            case ast.Call(func=func, args=[ast.Name(name=name)]) if AGGREGATE_NAMES.get(func) in NEED_VALUES:
                found.setdefault(name, {})[f"{AGGREGATES[func]}({name})"] = None
            case ast.Call(func="share", args=[ast.BinOp(left=left, right=right)]):  # 占比(站点得分率 >= 90%)
                for side in (left, right):
                    if isinstance(side, ast.Name):
                        found.setdefault(side.name, {})[f"{AGGREGATES['share']}({side.name} …)"] = None
    return {name: tuple(calls) for name, calls in found.items()}


def expressions_of(node: ast.Indicator) -> list[ast.Expr]:
    """Every expression an indicator holds: target, actual, completion items, its rules' and parts' expressions."""
    out: list[ast.Expr] = []
    if node.target is not None and node.target.value is not None:
        out.append(node.target.value)
    if isinstance(node.actual, ast.ActualExpr):
        out.append(node.actual.expr)
    elif isinstance(node.actual, ast.Completion):
        out += [i.target for i in node.actual.items if i.target is not None]
    for rule in (node.rule, *(p.rule for p in node.parts)):
        if rule is not None:
            out += [expr for _, expr, _ in rule.exprs()]
    return out


# ------------------------------------------------------------------ aggregates over lists

#: Canonical names (the parser reads 平均 as mean): the aggregate each is.
AGGREGATE_NAMES: dict[str, str] = {k: k for k in AGGREGATES}
#: Aggregates of a list of yes/no, and of a list of numbers.
ON_YESNO = ("all", "any", "count", "share")
ON_NUMBERS = ("count", "sum", "mean", "max", "min")
#: Aggregates that need at least one value.
NEED_VALUES = ("mean", "max", "min", "share")


def aggregate(func: str) -> Callable[[tuple[Any, ...]], Any]:
    """The aggregate ``func`` (canonical) over a list; ``count`` of yes/no counts the yes, of numbers the values."""
    match func:
        case "all":
            return lambda xs: all(xs)
        case "any":
            return lambda xs: any(xs)
        case "count":
            return lambda xs: Decimal(sum(1 for x in xs if x is not False))
        case "share":  # the share of yes: 达标站点比例
            return lambda xs: Decimal(sum(1 for x in xs if x)) / len(xs)
        case "sum":
            return lambda xs: sum(xs, ZERO)
        case "mean":
            return lambda xs: sum(xs, ZERO) / len(xs)
        case "max":
            return lambda xs: max(xs)
        case "min":
            return lambda xs: min(xs)
    raise ValueError(f"unknown aggregate {func!r}")  # the checker reports it first


def aggregates_of(node: ast.Indicator, values: Mapping[str, Any], zh: bool = True) -> list[tuple[str, Any]]:
    """Each aggregate over a list input that the indicator's expressions take, as written, with its value."""
    found: dict[str, Any] = {}
    stack = expressions_of(node)
    while stack:
        expr = stack.pop()
        match expr:
            case ast.Call(func=func, args=[ast.Name(name=name)]) if func in AGGREGATE_NAMES and \
                    isinstance(values.get(name), tuple):  # fmt: skip
                key = f"{AGGREGATES[func] if zh else func}({name})"
                if key not in found and (values[name] or AGGREGATE_NAMES[func] not in NEED_VALUES):
                    found[key] = aggregate(AGGREGATE_NAMES[func])(values[name])
            case ast.Call(func=func, args=[ast.BinOp(op=op, left=left, right=right) as each]) if func in ON_YESNO \
                    and any(isinstance(s, ast.Name) and isinstance(values.get(s.name), tuple) for s in (left, right)):
                from .expressions import compile_expr  # noqa: PLC0415 - it compiles with this module's aggregates
                from .printer import format_expr  # noqa: PLC0415

                key = f"{AGGREGATES[func] if zh else func}({format_expr(each, 'zh' if zh else 'en')})"
                if key not in found:
                    try:
                        found[key] = compile_expr(expr)(dict(values), ())
                    except Exception:  # noqa: BLE001 - an explanation never fails: a value it needs is not kept
                        pass
            case ast.Call(args=args):
                stack += reversed(args)
            case ast.BinOp(left=left, right=right):
                stack += [right, left]
            case ast.Neg(operand=operand) | ast.Not(operand=operand):
                stack.append(operand)
            case ast.Conditional(condition=c, then=t, otherwise=o):
                stack += [o, t, c]
    return list(found.items())


def elementwise(func: str, test: Callable[[Any, Any], Any], left: Callable[..., Any], right: Callable[..., Any]) \
        -> Callable[..., Any]:  # fmt: skip
    """全部(站点得分率 >= 90%): each element of the list (on either side) compared with the value, then aggregated."""
    fold = aggregate(func)

    def run(env: Any, loc: Any) -> Any:
        a, b = left(env, loc), right(env, loc)
        if isinstance(a, tuple):
            return fold(tuple(bool(test(x, b)) for x in a))
        if isinstance(b, tuple):
            return fold(tuple(bool(test(a, y)) for y in b))
        return fold((bool(test(a, b)),))  # a comparison of numbers: the checker refuses it as a list first

    return run


# ------------------------------------------------------------------ words


def fact_text(value: Any, zh: bool, number: Callable[[Decimal], str] = brief) -> str | None:
    """A fact's value as an explanation shows it (None: not a fact but a number); ``number`` shows a list's numbers."""
    if isinstance(value, bool):
        return ("是" if value else "否") if zh else ("yes" if value else "no")
    if isinstance(value, datetime.date):
        return f"{value.year}年{value.month}月{value.day}日" if zh else value.isoformat()
    if isinstance(value, str):
        return value
    if isinstance(value, tuple):
        shown_ = [fact_text(v, zh) or number(v) for v in value[:20]]
        more = "，…" if len(value) > 20 else ""
        return ("[" + "，".join(shown_) + more + "]") if zh else ("[" + ", ".join(shown_) + more.replace("，", ", ") + "]")
    return None

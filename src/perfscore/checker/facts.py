"""The checks of typed facts (perfscore.facts): yes/no, options, dates and lists, each used as what it is.

Types are words, like the numbers' ones: ``bool`` (a yes/no, or any condition), ``label`` (an option of a
``选项 {…}`` input, or one written bare in a comparison), ``date``, and ``list:<element>`` for a list.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import ast
from ..facts import AGGREGATE_NAMES, ON_NUMBERS, ON_YESNO
from ..intervals import ALL, NONNEG, UNIT, Iv
from ..keywords import AGGREGATES
from ..errors import Fix
from ..messages import Message, msg
from .report import CMP, WORDS, Reporter, Types, clash, subexprs

#: Types that are not numbers: arithmetic on them is an error.
FACTS = ("bool", "label", "date")
FACT_WORDS = {t: msg(f"word.{t}") for t in FACTS}
#: The aggregates only lists have (max/min with one argument are aggregates too).
LIST_ONLY = ("all", "any", "count", "share", "sum", "mean")


class Unhandled:
    """Not a construct of facts: the number checks take it."""


UNHANDLED: Any = Unhandled()


def is_fact(t: str | None) -> bool:
    return t in FACTS or (t is not None and t.startswith("list:"))


def words(t: str | None) -> Message:
    if t is not None and t.startswith("list:"):
        return msg("word.list")
    return FACT_WORDS.get(str(t)) or WORDS.get(str(t), msg("word.value"))


class FactChecks(Reporter):
    """Declarations of facts, and expressions that use them."""

    def type_of(self, expr: ast.Expr, env: Types, where: Message | None) -> str | None:
        raise NotImplementedError  # ExprChecks: the types of every expression

    def fact_declarations(self) -> None:
        """Each fact input's type; options are distinct, and none is also a declared name (it would be ambiguous)."""
        self.labels: dict[str, list[str]] = {}  # an option → the inputs declaring it
        for decl in self.rubric.inputs:
            if not decl.fact:
                continue
            t = {"yesno": "bool", "options": "label", "date": "date"}.get(decl.type)
            if decl.type == "list":
                t = "list:" + ("bool" if decl.element == "yesno" else str(decl.element))
            self.types.setdefault(decl.name, t)
            self.ranges.setdefault(decl.name, None)
            if decl.type != "options":
                continue
            if not decl.options:
                self.error("types", decl.span, msg("types.no-options", name=decl.name), msg("types.no-options-hint"))
            self.duplicates(((o, decl.span) for o in decl.options), "option", msg("where.in-input", name=decl.name))
            for option in dict.fromkeys(decl.options):
                if option in self.known:
                    self.error("duplicate-name", decl.span, msg("duplicate-name.option", option=option, name=decl.name),
                               msg("duplicate-name.option-hint"))  # fmt: skip
                self.labels.setdefault(option, []).append(decl.name)

    # ---- names

    def is_label(self, name: str) -> bool:
        """A bare option, written in a comparison with an options input (`建设状态 == 已完工`)."""
        return name in getattr(self, "labels", {}) and name not in self.known

    def is_aggregate(self, node: ast.Call) -> bool:
        """全部(x), 平均(x), …; max(x) and 最小(x) only of a list input (min(a, b) is the function of numbers)."""
        canon = AGGREGATE_NAMES.get(node.func)
        if canon in LIST_ONLY:
            return True
        return canon is not None and len(node.args) == 1 and isinstance(arg := node.args[0], ast.Name) \
            and arg.name in self.inputs and self.inputs[arg.name].type == "list"  # fmt: skip

    def option_operands(self, expr: ast.Expr) -> set[int]:
        """The bare names compared (==, ≠) with an options input: options, right or wrong, not unknown names."""
        if not getattr(self, "labels", None):  # no options declared (set once, by fact_declarations)
            return set()
        out: set[int] = set()
        for node in subexprs(expr):
            if isinstance(node, ast.BinOp) and node.op in ("==", "!="):
                for side, other in ((node.left, node.right), (node.right, node.left)):
                    if isinstance(side, ast.Name) and side.name in self.inputs and self.inputs[side.name].type == \
                            "options" and isinstance(other, ast.Name) and other.name not in self.known:  # fmt: skip
                        out.add(id(other))
        return out

    def aggregate_call(self, node: ast.Call, where: Message) -> bool:
        """Whether ``node`` aggregates a list; its number of arguments is checked here."""
        if not self.is_aggregate(node):
            return False
        if len(node.args) != 1:
            word = AGGREGATES[node.func]
            self.error("functions", node.span, msg("functions.aggregate-arity", func=word, given=len(node.args),
                                                   where=where), msg("functions.aggregate-hint", func=word))  # fmt: skip
        return True

    # ---- types

    def fact_type(self, expr: ast.Expr, env: Types, where: Message | None) -> Any:
        """The type of an expression over facts, with its misuses reported; UNHANDLED for one over numbers only."""
        match expr:
            case ast.Name(name=name) if name not in env and self.is_label(name):
                return "label"
            case ast.Call(func=func) if self.is_aggregate(expr):
                return self.aggregate_type(expr, AGGREGATE_NAMES[func], env, where)
        return UNHANDLED

    def fact_binop(self, expr: ast.BinOp, a: str | None, b: str | None, env: Types, where: Message | None) -> Any:
        """A comparison or a sum with a fact on either side (its operands typed once, by the caller)."""
        if not (is_fact(a) or is_fact(b)) or expr.op not in CMP + ("+", "-"):
            return UNHANDLED
        if expr.op in CMP:
            return self.fact_compare(expr, a, b, env, where)
        if "date" in (a, b):
            return self.date_arithmetic(expr, a, b, where)
        return UNHANDLED

    def fact_bad(self, expr: ast.Expr, where: Message | None, message: Message, hint: Message | None = None) -> None:
        if where is not None:
            self.error("types", expr.span, msg("types.in", problem=message, where=where, text=self.text(expr.span)),
                       hint)  # fmt: skip

    def elementwise(self, arg: ast.Expr) -> tuple[ast.Name, ast.Expr] | None:
        """(the list, the value) of `站点得分率 >= 90%` inside 全部/任一/计数/占比: each element compared."""
        if not (isinstance(arg, ast.BinOp) and arg.op in CMP):
            return None
        for side, other in ((arg.left, arg.right), (arg.right, arg.left)):
            if isinstance(side, ast.Name) and side.name in self.inputs and self.inputs[side.name].type == "list" \
                    and self.inputs[side.name].element != "yesno":  # fmt: skip
                return side, other
        return None

    def aggregate_type(self, expr: ast.Call, canon: str, env: Types, where: Message | None) -> str | None:
        arg = expr.args[0] if expr.args else None
        each = self.elementwise(arg) if arg is not None and canon in ON_YESNO else None
        if each is not None:  # 全部(站点得分率 >= 90%): every element against one value
            listed, value = each
            element, vt = str(self.inputs[listed.name].element), self.type_of(value, env, where)
            if is_fact(vt) or clash(element, vt):
                self.fact_bad(arg, where, msg("types.element-compared", name=listed.name,  # type: ignore[arg-type]
                                              element=words(element), other=words(vt)))
            return "bool" if canon in ("all", "any") else ("rate" if canon == "share" else "count")
        t = self.type_of(arg, env, where) if arg is not None else None
        if arg is None or t is None:
            return None
        if not isinstance(arg, ast.Name) or not t.startswith("list:"):
            self.fact_bad(expr, where, msg("types.aggregate-not-list", func=AGGREGATES[canon], what=words(t)),
                          msg("types.aggregate-not-list-hint"))  # fmt: skip
            return None
        element = t.split(":", 1)[1]
        fits = ON_YESNO if element == "bool" else ON_NUMBERS
        if canon not in fits:
            usable = "、".join(AGGREGATES[f] for f in fits)
            self.fact_bad(expr, where, msg("types.aggregate-misfit-yesno" if element == "bool" else
                                           "types.aggregate-misfit-numbers", func=AGGREGATES[canon], name=arg.name),
                          msg("types.use", usable=usable))  # fmt: skip
            return None
        if canon in ("all", "any"):
            return "bool"
        if canon == "share":
            return "rate"
        return "count" if canon == "count" else element

    def fact_compare(self, expr: ast.BinOp, a: str | None, b: str | None, env: Types, where: Message | None) -> str:
        left, right = expr.left, expr.right
        if a == b == "bool" and expr.op in ("==", "!="):
            return "bool"
        if "label" in (a, b):
            self.label_compare(expr, a, b, where)
            return "bool"
        if a == b == "date":
            return "bool"
        fact = a if is_fact(a) else b
        other = b if fact is a else a
        hint = None
        if fact == "bool":
            name = left if a == "bool" else right
            hint = msg("types.yesno-compare-hint", name=self.text(name.span))
        elif fact is not None and fact.startswith("list:"):
            hint = msg("types.list-compare-hint")
        elif fact == "date":
            hint = msg("types.date-compare-hint")
        self.fact_bad(expr, where, msg("types.fact-compared", a=words(fact), b=words(other)), hint)
        return "bool"

    def label_compare(self, expr: ast.BinOp, a: str | None, b: str | None, where: Message | None) -> None:
        """`建设状态 == 已完工`: an options input with one of its options, by == or ≠."""
        pair = (expr.left, expr.right)
        subject = next((s for s in pair if isinstance(s, ast.Name) and s.name in self.inputs
                        and self.inputs[s.name].type == "options"), None)  # fmt: skip
        other = next((s for s in pair if s is not subject), None)
        if expr.op in ("==", "!=") and subject is not None and isinstance(other, ast.Name) \
                and other.name not in self.known:  # fmt: skip
            declared = self.inputs[subject.name].options
            if other.name not in declared:
                self.not_an_option(other, subject.name, declared, where)
            return
        if a != b:
            self.fact_bad(expr, where, msg("types.option-compared", what=words(b if a == "label" else a)),
                          msg("types.option-compared-hint"))  # fmt: skip
            return
        if expr.op not in ("==", "!="):
            self.fact_bad(expr, where, msg("types.options-no-order"), msg("types.options-no-order-hint"))
            return
        sides = [s for s in (expr.left, expr.right) if isinstance(s, ast.Name)]
        inputs = [s for s in sides if s.name in self.inputs]
        bare = [s for s in sides if s.name not in self.inputs]
        if not inputs:
            self.fact_bad(expr, where, msg("types.two-options"), msg("types.two-options-hint"))
            return
        declared = self.inputs[inputs[0].name].options
        for other in inputs[1:]:
            if set(self.inputs[other.name].options) != set(declared):
                self.fact_bad(expr, where, msg("types.different-options", a=inputs[0].name, b=other.name))
        for option in bare:
            if option.name not in declared:
                self.not_an_option(option, inputs[0].name, declared, where)

    def not_an_option(self, option: ast.Name, name: str, declared: tuple[str, ...], where: Message | None) -> None:
        if where is None:
            return
        close = self.suggester.closest(option.name, declared, cutoff=0.3)
        options = "、".join(declared)
        fix = msg("unknown-name.did-you-mean", name=close) if close else msg("types.options-are", name=name,
                                                                             options=options)  # fmt: skip
        self.error("types", option.span, msg("types.not-an-option", option=option.name, name=name, options=options,
                                             where=where), fix, Fix(option.span, close) if close else None)  # fmt: skip

    def date_arithmetic(self, expr: ast.BinOp, a: str | None, b: str | None, where: Message | None) -> str | None:
        """date − date is days (a number); date ± days is a date; nothing else mixes with a date."""
        if expr.op == "-" and a == b == "date":
            return "number"
        days = b if a == "date" else a
        literal = expr.right if a == "date" else expr.left
        if isinstance(literal, ast.Number) and literal.unit == "" and literal.value != literal.value.to_integral_value():
            self.fact_bad(expr, where, msg("types.date-whole-days", text=self.text(literal.span)))
            return None
        if days in ("number", "count") and (a == "date" or expr.op == "+"):
            return "date"
        if days is None:
            return None
        self.fact_bad(expr, where, msg("types.date-plus" if expr.op == "+" else "types.date-minus", what=words(days)),
                      msg("types.date-arithmetic-hint"))  # fmt: skip
        return None

    def not_a_number(self, expr: ast.Expr, t: str, env: Types) -> tuple[Message, Message]:
        """The message and hint for a fact used as a number (arithmetic, a function of numbers)."""
        named = next((o for o in (expr, *_operands(expr)) if isinstance(o, ast.Name) and env.get(o.name) == t), None)
        name = self.text(named.span) if named is not None else None
        if t == "bool" and (name is None or name not in self.inputs):
            return msg("types.condition-as-number"), msg("types.condition-as-number-hint")
        if t == "bool":
            return msg("types.yesno-as-number", name=name), msg("types.yesno-as-number-hint", name=name)
        if t == "label" or (named is None and t == "label"):
            return msg("types.fact-as-number", what=words(t)), msg("types.option-compared-hint")
        if t == "date":
            return msg("types.date-as-number"), msg("types.date-as-number-hint")
        return (msg("types.list-as-number", name=name) if name else msg("types.a-list-as-number"),
                msg("types.list-as-number-hint", name=name or "抽查站点"))  # fmt: skip

    def not_a_condition(self, expr: ast.Expr, t: str) -> Message:
        """The hint for a fact (not a yes/no) used as a condition."""
        name = self.text(expr.span)
        if t == "list:bool":
            return msg("types.yesno-list-condition-hint", name=name)
        if t.startswith("list:"):
            return msg("types.list-condition-hint", name=name)
        if t == "label":
            return msg("types.option-condition-hint", name=name)
        return msg("types.date-condition-hint")

    # ---- ranges

    def fact_range(self, expr: ast.Expr, env: Mapping[str, Iv | None]) -> Any:
        """The range of an aggregate (a count is ≥ 0 and may be 0) or a difference of dates; UNHANDLED otherwise."""
        match expr:
            case ast.Call(func=func, args=[ast.Name(name=name)]) if AGGREGATE_NAMES.get(func) is not None \
                    and name in self.inputs and self.inputs[name].type == "list":  # fmt: skip
                canon, element = AGGREGATE_NAMES[func], self.inputs[name].element
                if canon in ("all", "any"):
                    return None
                if canon == "share":
                    return UNIT
                nonneg = canon == "count" or element in ("amount", "count")
                return NONNEG if nonneg else ALL
            case ast.Call(func=func, args=[arg]) if func in ("count", "share") and self.elementwise(arg) is not None:
                return NONNEG if func == "count" else UNIT
            case ast.BinOp(op="-", left=ast.Name(name=a), right=ast.Name(name=b)) if \
                    self.types.get(a) == self.types.get(b) == "date":  # fmt: skip
                return ALL
        return UNHANDLED


def _operands(expr: ast.Expr) -> tuple[ast.Expr, ...]:
    match expr:
        case ast.BinOp(left=left, right=right):
            return (left, right)
        case ast.Neg(operand=operand) | ast.Not(operand=operand):
            return (operand,)
        case ast.Call(args=args):
            return args
    return ()

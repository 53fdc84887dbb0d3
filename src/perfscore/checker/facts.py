"""The checks of typed facts (perfscore.facts): yes/no, options, dates and lists, each used as what it is.

Types are words, like the numbers' ones: ``bool`` (a yes/no, or any condition), ``label`` (an option of a
``选项 {…}`` input, or one written bare in a comparison), ``date``, and ``list:<element>`` for a list.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import ast
from ..facts import AGGREGATE_NAMES, ON_NUMBERS, ON_YESNO
from ..keywords import AGGREGATES
from ..intervals import ALL, NONNEG, UNIT, Iv
from .report import CMP, WORDS, Reporter, Types, clash, subexprs

#: Types that are not numbers: arithmetic on them is an error.
FACTS = ("bool", "label", "date")
FACT_WORDS = {"bool": "a yes/no", "label": "an option", "date": "a date"}
#: The aggregates only lists have (max/min with one argument are aggregates too).
LIST_ONLY = ("all", "any", "count", "share", "sum", "mean")


class Unhandled:
    """Not a construct of facts: the number checks take it."""


UNHANDLED: Any = Unhandled()


def is_fact(t: str | None) -> bool:
    return t in FACTS or (t is not None and t.startswith("list:"))


def words(t: str | None) -> str:
    if t is not None and t.startswith("list:"):
        return "a list"
    return FACT_WORDS.get(str(t)) or WORDS.get(str(t), "a value")


class FactChecks(Reporter):
    """Declarations of facts, and expressions that use them."""

    def type_of(self, expr: ast.Expr, env: Types, where: str | None) -> str | None:
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
                self.error("types", decl.span, f"input {decl.name} declares no options", "e.g. `选项 {已完工, 在建}`")
            self.duplicates(((o, decl.span) for o in decl.options), "option", f" in input {decl.name}")
            for option in dict.fromkeys(decl.options):
                if option in self.known:
                    self.error("duplicate-name", decl.span, f"option {option} of input {decl.name} is also a declared "
                               "name: a comparison with it would be ambiguous", "rename the option or the name")  # fmt: skip
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

    def aggregate_call(self, node: ast.Call, where: str) -> bool:
        """Whether ``node`` aggregates a list; its number of arguments is checked here."""
        if not self.is_aggregate(node):
            return False
        if len(node.args) != 1:
            word = AGGREGATES[node.func]
            self.error("functions", node.span, f"{word}() takes one list, not {len(node.args)} arguments, "
                       f"in {where}", f"e.g. {word}(抽查站点)")  # fmt: skip
        return True

    # ---- types

    def fact_type(self, expr: ast.Expr, env: Types, where: str | None) -> Any:
        """The type of an expression over facts, with its misuses reported; UNHANDLED for one over numbers only."""
        match expr:
            case ast.Name(name=name) if name not in env and self.is_label(name):
                return "label"
            case ast.Call(func=func) if self.is_aggregate(expr):
                return self.aggregate_type(expr, AGGREGATE_NAMES[func], env, where)
        return UNHANDLED

    def fact_binop(self, expr: ast.BinOp, a: str | None, b: str | None, env: Types, where: str | None) -> Any:
        """A comparison or a sum with a fact on either side (its operands typed once, by the caller)."""
        if not (is_fact(a) or is_fact(b)) or expr.op not in CMP + ("+", "-"):
            return UNHANDLED
        if expr.op in CMP:
            return self.fact_compare(expr, a, b, env, where)
        if "date" in (a, b):
            return self.date_arithmetic(expr, a, b, where)
        return UNHANDLED

    def fact_bad(self, expr: ast.Expr, where: str | None, message: str, hint: str | None = None) -> None:
        if where is not None:
            self.error("types", expr.span, f"{message} in {where}: `{self.text(expr.span)}`", hint)

    def elementwise(self, arg: ast.Expr) -> tuple[ast.Name, ast.Expr] | None:
        """(the list, the value) of `站点得分率 >= 90%` inside 全部/任一/计数/占比: each element compared."""
        if not (isinstance(arg, ast.BinOp) and arg.op in CMP):
            return None
        for side, other in ((arg.left, arg.right), (arg.right, arg.left)):
            if isinstance(side, ast.Name) and side.name in self.inputs and self.inputs[side.name].type == "list" \
                    and self.inputs[side.name].element != "yesno":  # fmt: skip
                return side, other
        return None

    def aggregate_type(self, expr: ast.Call, canon: str, env: Types, where: str | None) -> str | None:
        arg = expr.args[0] if expr.args else None
        each = self.elementwise(arg) if arg is not None and canon in ON_YESNO else None
        if each is not None:  # 全部(站点得分率 >= 90%): every element against one value
            listed, value = each
            element, vt = str(self.inputs[listed.name].element), self.type_of(value, env, where)
            if is_fact(vt) or clash(element, vt):
                self.fact_bad(arg, where, f"each element of {listed.name} ({words(element)}) compared with {words(vt)}")  # type: ignore[arg-type]
            return "bool" if canon in ("all", "any") else ("rate" if canon == "share" else "count")
        t = self.type_of(arg, env, where) if arg is not None else None
        if arg is None or t is None:
            return None
        if not isinstance(arg, ast.Name) or not t.startswith("list:"):
            self.fact_bad(expr, where, f"{AGGREGATES[canon]}() aggregates a list, but its argument is {words(t)}",
                          "give it a list input, declared e.g. `输入 抽查站点 列表 数值`, or compare each of its "
                          "elements: `全部(抽查站点 >= 90%)`")  # fmt: skip
            return None
        element = t.split(":", 1)[1]
        fits = ON_YESNO if element == "bool" else ON_NUMBERS
        if canon not in fits:
            usable = "、".join(AGGREGATES[f] for f in fits)
            self.fact_bad(expr, where, f"{AGGREGATES[canon]}() does not apply to {arg.name}, a list of "
                          f"{'yes/no' if element == 'bool' else 'numbers'}", f"use {usable}")  # fmt: skip
            return None
        if canon in ("all", "any"):
            return "bool"
        if canon == "share":
            return "rate"
        return "count" if canon == "count" else element

    def fact_compare(self, expr: ast.BinOp, a: str | None, b: str | None, env: Types, where: str | None) -> str:
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
            hint = f"use it as a condition: `如果 {self.text(name.span)} 则 …`, or `非 {self.text(name.span)}` for no"
        elif fact is not None and fact.startswith("list:"):
            hint = "aggregate it first, e.g. `平均(抽查站点) >= 90%` or `全部(站点达标)`"
        elif fact == "date":
            hint = "compare two dates (`报送日期 <= 截止日期`), or their difference in days (`报送日期 - 截止日期 > 5`)"
        self.fact_bad(expr, where, f"{words(fact)} compared with {words(other)}", hint)
        return "bool"

    def label_compare(self, expr: ast.BinOp, a: str | None, b: str | None, where: str | None) -> None:
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
            self.fact_bad(expr, where, f"an option compared with {words(b if a == 'label' else a)}",
                          "compare an options input with one of its options: `建设状态 == 已完工`")  # fmt: skip
            return
        if expr.op not in ("==", "!="):
            self.fact_bad(expr, where, "options have no order: compare them with == or ≠",
                          "for several options, write `建设状态 属于 {已完工, 在建}`")  # fmt: skip
            return
        sides = [s for s in (expr.left, expr.right) if isinstance(s, ast.Name)]
        inputs = [s for s in sides if s.name in self.inputs]
        bare = [s for s in sides if s.name not in self.inputs]
        if not inputs:
            self.fact_bad(expr, where, "two options compared with each other",
                          "compare an options input with an option: `建设状态 == 已完工`")  # fmt: skip
            return
        declared = self.inputs[inputs[0].name].options
        for other in inputs[1:]:
            if set(self.inputs[other.name].options) != set(declared):
                self.fact_bad(expr, where, f"{inputs[0].name} and {other.name} have different options")
        for option in bare:
            if option.name not in declared:
                self.not_an_option(option, inputs[0].name, declared, where)

    def not_an_option(self, option: ast.Name, name: str, declared: tuple[str, ...], where: str | None) -> None:
        if where is None:
            return
        close = self.suggester.closest(option.name, declared, cutoff=0.3)
        fix = f"did you mean {close}?" if close else f"the options of {name} are {'、'.join(declared)}"
        self.error("types", option.span, f"{option.name} is not an option of {name} ({'、'.join(declared)}) in {where}",
                   fix)

    def date_arithmetic(self, expr: ast.BinOp, a: str | None, b: str | None, where: str | None) -> str | None:
        """date − date is days (a number); date ± days is a date; nothing else mixes with a date."""
        if expr.op == "-" and a == b == "date":
            return "number"
        days = b if a == "date" else a
        literal = expr.right if a == "date" else expr.left
        if isinstance(literal, ast.Number) and literal.unit == "" and literal.value != literal.value.to_integral_value():
            self.fact_bad(expr, where, f"a date moves by whole days, not {self.text(literal.span)}")
            return None
        if days in ("number", "count") and (a == "date" or expr.op == "+"):
            return "date"
        if days is None:
            return None
        self.fact_bad(expr, where, f"a date {'plus' if expr.op == '+' else 'minus'} {words(days)}",
                      "subtract two dates for the days between them (`报送日期 - 截止日期`), or add whole days "
                      "(`截止日期 + 15`)")  # fmt: skip
        return None

    def not_a_number(self, expr: ast.Expr, t: str, env: Types) -> tuple[str, str]:
        """The message and hint for a fact used as a number (arithmetic, a function of numbers)."""
        named = next((o for o in (expr, *_operands(expr)) if isinstance(o, ast.Name) and env.get(o.name) == t), None)
        name = self.text(named.span) if named is not None else None
        if t == "bool" and (name is None or name not in self.inputs):
            return "a condition used as a number", "compare a number instead, or use 如果 … 则 … 否则 …"
        if t == "bool":
            return (f"{name}, a yes/no (是否), used as a number",
                    f"use it as a condition: `如果 {name} 则 100% 否则 0`, or `当 {name}：100%` in 分档; "
                    "to count several, declare a 列表 是否 and use 计数(…)")  # fmt: skip
        if t == "label" or (named is None and t == "label"):
            return f"{words(t)} used as a number", "compare an options input with one of its options: `建设状态 == 已完工`"
        if t == "date":
            return "a date used as a number", "subtract two dates for the days between them: `报送日期 - 截止日期`"
        return (f"{name or 'a list'}, a list, used as a number",
                f"aggregate it, e.g. 平均({name or '抽查站点'}), 求和(…), 计数(…), 最大(…), 最小(…)")  # fmt: skip

    def not_a_condition(self, expr: ast.Expr, t: str) -> str:
        """The hint for a fact (not a yes/no) used as a condition."""
        name = self.text(expr.span)
        if t == "list:bool":
            return f"aggregate it: `全部({name})` (every one yes) or `任一({name})` (at least one)"
        if t.startswith("list:"):
            return f"aggregate and compare it, e.g. `平均({name}) >= 90%`"
        if t == "label":
            return f"compare it with an option: `{name} == …`"
        return "compare it, e.g. `报送日期 <= 截止日期`"

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

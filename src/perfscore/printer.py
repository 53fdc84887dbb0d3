"""The canonical printer: an AST back to rubric text that parses to an equal AST."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from . import ast
from .keywords import KEYWORDS
from .numbers import CONTEXT, plain

Language = Literal["zh", "en"]

_IDENT = re.compile(r"(?!\d)[\w·]+")
_RESERVED = frozenset(KEYWORDS) | frozenset(KEYWORDS.values())
_PRECEDENCE = {"or": 1, "and": 2, "not": 3, "cmp": 4, "+": 5, "-": 5, "*": 6, "/": 6, "neg": 7, "atom": 8}
_SYMBOLS = {">=": "≥", "<=": "≤", "==": "==", "!=": "≠", ">": ">", "<": "<", "*": "×", "/": "/", "+": "+", "-": "-"}
_ASCII = {">=": ">=", "<=": "<=", "==": "==", "!=": "!=", ">": ">", "<": "<", "*": "*", "/": "/", "+": "+", "-": "-"}


def _kw(word: str, language: Language) -> str:
    return KEYWORDS[word] if language == "zh" else word


def _name(name: str) -> str:
    """A name bare when the lexer reads it back as one name, quoted otherwise."""
    if _IDENT.fullmatch(name) and name not in _RESERVED:
        return name
    for left, right in (('"', '"'), ("“", "”"), ("「", "」")):
        if left not in name and right not in name and "\n" not in name:
            return f"{left}{name}{right}"
    raise ValueError(f"name cannot be printed: {name!r}")


def _text(text: str) -> str:
    for left, right in (('"', '"'), ("“", "”"), ("「", "」")):
        if left not in text and right not in text and "\n" not in text:
            return f"{left}{text}{right}"
    raise ValueError(f"text cannot be printed: {text!r}")


def _digits(value: Decimal) -> str:
    return plain(value)


def format_number(number: ast.Number) -> str:
    value = number.value
    if number.unit == "%":
        return _digits(CONTEXT.multiply(value, Decimal(100))) + "%"
    if number.unit == "‰":
        return _digits(CONTEXT.multiply(value, Decimal(1000))) + "‰"
    return _digits(value) + ("分" if number.unit == "分" else "")


def _signed(number: ast.Number) -> str:
    if number.value < 0:
        return "-" + format_number(ast.Number(-number.value, number.unit))
    return format_number(number)


def format_expr(expr: ast.Expr, language: Language = "zh") -> str:
    """An expression with the fewest parentheses that keep its shape."""
    return _expr(expr, language)[0]


def _expr(expr: ast.Expr, language: Language) -> tuple[str, int]:
    symbols = _SYMBOLS if language == "zh" else _ASCII
    match expr:
        case ast.Number():
            if expr.value < 0:
                return "-" + format_number(ast.Number(-expr.value, expr.unit)), _PRECEDENCE["neg"]
            return format_number(expr), _PRECEDENCE["atom"]
        case ast.Name(name=name):
            return name, _PRECEDENCE["atom"]
        case ast.Call(func=func, args=args):
            return f"{func}({', '.join(format_expr(a, language) for a in args)})", _PRECEDENCE["atom"]
        case ast.Neg(operand=operand):
            inner, level = _expr(operand, language)
            return "-" + (inner if level >= _PRECEDENCE["neg"] else f"({inner})"), _PRECEDENCE["neg"]
        case ast.Not(operand=operand):
            inner, level = _expr(operand, language)
            return f"{_kw('not', language)} " + (inner if level >= _PRECEDENCE["not"] else f"({inner})"), _PRECEDENCE["not"]
        case ast.Conditional(condition=c, then=t, otherwise=o):
            parts = [format_expr(c, language), format_expr(t, language), format_expr(o, language)]
            text = f"{_kw('if', language)} {parts[0]} {_kw('then', language)} {parts[1]} {_kw('else', language)} {parts[2]}"
            return text, 0
        case ast.BinOp(op=op, left=left, right=right):
            if op in ("and", "or"):
                level, word = _PRECEDENCE[op], _kw(op, language)
            elif op in _PRECEDENCE:
                level, word = _PRECEDENCE[op], symbols[op]
            else:
                level, word = _PRECEDENCE["cmp"], symbols[op]
            lhs, lhs_level = _expr(left, language)
            rhs, rhs_level = _expr(right, language)
            # Comparisons do not chain; everything else is left-associative.
            if lhs_level < level or (level == _PRECEDENCE["cmp"] and lhs_level == level):
                lhs = f"({lhs})"
            if rhs_level <= level:
                rhs = f"({rhs})"
            return f"{lhs} {word} {rhs}", level
    raise TypeError(f"not an expression: {expr!r}")  # pragma: no cover


def _amount(amount: ast.Amount) -> str:
    if amount.unit == "share":
        return _digits(CONTEXT.multiply(amount.value, Decimal(100))) + "%"
    return _digits(amount.value) + "分"


def _award(award: ast.Award) -> str:
    if isinstance(award, ast.AmountRange):
        return f"{_amount(award.low)}~{_amount(award.high)}"
    return _amount(award)


def _share(share: ast.Share) -> str:
    if share.percent:
        return _digits(share.numerator) + "%"
    return f"{_digits(share.numerator)}/{_digits(share.denominator)}"


def format_condition(condition: ast.Condition, language: Language = "zh") -> str:
    symbols = _SYMBOLS if language == "zh" else _ASCII
    match condition:
        case ast.Compare(op=op, value=value):
            return f"{symbols[op]} {_signed(value)}"
        case ast.Interval(low=low, high=high, low_closed=lc, high_closed=hc):
            return f"{'[' if lc else '('}{_signed(low)}, {_signed(high)}{']' if hc else ')'}"
        case ast.When(condition=expr):
            return f"{_kw('when', language)} {format_expr(expr, language)}"
    return _kw("otherwise", language)


def _item(item: ast.Item, language: Language) -> str:
    parts = [_name(item.name)]
    if item.share is not None:
        parts.append(_share(item.share))
    if item.target is not None:
        parts += [_kw("target", language), format_expr(item.target, language)]
    if item.text is not None:
        parts.append(_text(item.text))
    return " ".join(parts)


Row = tuple[str, int]  # a line of text, and the source offset of what it prints (-1: none)


def _at(node: object) -> int:
    span = getattr(node, "span", ast.NO_SPAN)
    return int(span.start) if span != ast.NO_SPAN else -1


_COMMENT = re.compile(r'"[^"\n]*"|“[^”\n]*”|「[^」\n]*」|(#[^\n]*)')


def comments_of(text: str) -> list[tuple[int, str]]:
    """Every ``#`` comment of a source with its offset (a ``#`` inside quotes is text)."""
    return [(m.start(1), m.group(1).rstrip()) for m in _COMMENT.finditer(text) if m.group(1)]


class _Writer:
    def __init__(self, language: Language, comments: list[tuple[int, str]]) -> None:
        self.language = language
        self.lines: list[str] = []
        self.comments = comments
        self.next = 0  # the first comment not yet written

    def kw(self, word: str) -> str:
        return _kw(word, self.language)

    def flush(self, depth: int, before: int) -> None:
        """Write the comments that stood before source offset ``before``, above the next line."""
        while self.next < len(self.comments) and self.comments[self.next][0] < before:
            self.paragraph(depth)
            self.lines.append("  " * depth + self.comments[self.next][1])
            self.next += 1

    def paragraph(self, depth: int) -> None:
        """A blank line before each top-level block or comment, as authors space their files."""
        if depth == 0 and self.lines and self.lines[-1] and not self.lines[-1].startswith("#"):
            self.lines.append("")

    def line(self, depth: int, text: str, at: int = -1) -> None:
        if at >= 0:
            self.flush(depth, at)
        if text.endswith("{"):
            self.paragraph(depth)
        self.lines.append("  " * depth + text)

    def block(self, depth: int, head: str, rows: list[Row], at: int = -1) -> None:
        self.line(depth, head + " {", at)
        for text, row_at in rows:
            self.line(depth + 1, text, row_at)
        self.line(depth, "}")


def format_rubric(rubric: ast.Rubric, language: Language = "zh", source: str | None = None) -> str:
    """The canonical text of a rubric, in Chinese or English keywords.

    With the ``source`` it was parsed from, its comments are kept: each is written
    above the first statement that followed it.
    """
    comments = comments_of(source) if source is not None else []
    w = _Writer(language, comments)
    colon = "：" if language == "zh" else ": "
    header = re.match(r"(\s*(#[^\n]*)?\n)*", source or "")
    w.flush(0, header.end() if header else 0)  # the file's opening comments stay on top
    if w.lines:
        w.lines.append("")
    if rubric.title is not None:
        w.line(0, f"{w.kw('rubric')} {_text(rubric.title)}")
    w.line(0, f"{w.kw('total')} {_digits(rubric.total)}")
    if rubric.maximum is not None:
        w.line(0, f"{w.kw('maximum')} {_digits(rubric.maximum)}")
    # Rounding is always written out: a reader should not need to know the default.
    w.line(0, f"{w.kw('rounding')} {rubric.rounding.places} {w.kw('places')} {w.kw(rubric.rounding.mode)}")
    if rubric.grades:
        grades = [(f"{_name(g.label)} {format_condition(g.condition, language)}", _at(g)) for g in rubric.grades]
        w.block(0, w.kw("grades"), grades, grades[0][1])
    for k, veto in enumerate(rubric.vetoes):
        if k == 0:
            w.paragraph(0)
        effect = w.kw("zero") if veto.grade is None else f"{w.kw('grade_at_most')} {_name(veto.grade)}"
        text = f" {_text(veto.text)}" if veto.text is not None else ""
        w.line(0, f"{w.kw('veto')} {_name(veto.name)} {effect}{text}", _at(veto))
    for k, decl in enumerate(rubric.inputs):
        w.flush(0, _at(decl))
        if k == 0:
            w.paragraph(0)
        parts = [w.kw("input"), decl.name, w.kw(decl.type)]
        if decl.unit is not None:
            parts.append(_name(decl.unit))
        if decl.domain is not None:
            parts.append(format_condition(decl.domain, language))
        w.line(0, " ".join(parts), _at(decl))
    for k, metric in enumerate(rubric.metrics):
        w.flush(0, _at(metric))
        if k == 0:
            w.paragraph(0)
        w.line(0, f"{w.kw('metric')} {metric.name} = {format_expr(metric.expr, language)}", _at(metric))
    for survey in rubric.surveys:
        comma = "，" if language == "zh" else ", "
        options = comma.join(f"{_name(o.label)} {_share(o.share)}" for o in survey.options)
        rows: list[Row] = [(f"{w.kw('options')} {options}", _at(survey.options[0]) if survey.options else -1)]
        if survey.share_places is not None:
            rows.append((f"{w.kw('share_rounding')} {survey.share_places} {w.kw('places')}", -1))
        for q in survey.questions:
            text = f" {_text(q.text)}" if q.text is not None else ""
            rows.append((f"{w.kw('question')} {_name(q.name)}{text}", _at(q)))
        w.block(0, f"{w.kw('survey')} {_name(survey.name)}", rows, _at(survey))
    # Groups open and close around their children: an explicit stack, no recursion.
    stack: list[tuple[ast.Node | None, int]] = [(n, 0) for n in reversed(rubric.nodes)]
    while stack:
        node, depth = stack.pop()
        if node is None:
            w.line(depth, "}")
        elif isinstance(node, ast.Group):
            w.line(depth, _group_head(node, w) + " {", _at(node))
            stack.append((None, depth))
            stack.extend((child, depth + 1) for child in reversed(node.children))
        else:
            _indicator(node, depth, w, colon)
    w.flush(0, len(source or "") + 1)
    return "\n".join(w.lines) + "\n"


def _weight(weight: ast.Weight) -> str:
    if weight.percent:
        return _digits(CONTEXT.multiply(weight.value, Decimal(100))) + "%"
    return _digits(weight.value)


def _group_head(group: ast.Group, w: _Writer) -> str:
    head = f"{_name(group.code)} {_name(group.name)}"
    if group.kind != "group":
        return f"{w.kw(group.kind)} {head} {w.kw('max')} {_digits(group.weight.value)}"
    text = f"{w.kw('group')} {head} {_weight(group.weight)}"
    if group.aggregate != "sum":
        text += f" {w.kw('aggregate')} {w.kw(group.aggregate)}"
    return text


def _indicator(node: ast.Indicator, depth: int, w: _Writer, colon: str) -> None:
    language = w.language
    rows: list[Row] = []
    if node.definition is not None:
        rows.append((f"{w.kw('definition')} {_text(node.definition)}", -1))
    if node.target is not None:
        target = node.target
        if target.text is not None:
            rows.append((f"{w.kw('target')} {_text(target.text)}", _at(target)))
        elif target.value is not None:
            op = f"{(_SYMBOLS if language == 'zh' else _ASCII)[target.op]} " if target.op else ""
            rows.append((f"{w.kw('target')} {op}{format_expr(target.value, language)}", _at(target)))
    actual = node.actual
    if isinstance(actual, ast.ActualExpr):
        rows.append((f"{w.kw('actual')} = {format_expr(actual.expr, language)}", _at(actual)))
    elif isinstance(actual, ast.ActualInput):
        rows.append((f"{w.kw('actual')} {w.kw(actual.type)}", _at(actual)))
    elif isinstance(actual, ast.Completion):
        rows.append((f"{w.kw('actual')} {w.kw('completion')} {{", _at(actual)))
        rows += [(f"  {_item(i, language)}", _at(i)) for i in actual.items]
        rows.append(("}", -1))
    if node.direction is not None:
        rows.append((f"{w.kw('direction')} {w.kw(node.direction)}", -1))
    if node.criteria is not None:
        rows.append((f"{w.kw('criteria')} {_text(node.criteria)}", -1))
    if node.rule is not None:
        rows += _rule(node.rule, w, colon)
    if node.not_applicable is not None:
        rows.append((f"{w.kw('if_not_applicable')} {w.kw(node.not_applicable)}", -1))
    head = f"{w.kw('indicator')} {_name(node.code)} {_name(node.name)} {_weight(node.weight)}"
    w.block(depth, head, rows, _at(node))


def _rule(rule: ast.Rule, w: _Writer, colon: str) -> list[Row]:
    at = _at(rule)
    language = w.language
    match rule:
        case ast.Proportional(reverse=reverse, cutoff=cutoff, cap=cap):
            parts = [w.kw("proportional")]
            if reverse:
                parts.append(w.kw("reverse"))
            if cutoff is not None:
                parts += [w.kw("cutoff"), format_expr(cutoff, language)]
            if cap is not None:
                parts += [w.kw("cap"), _digits(CONTEXT.multiply(cap, Decimal(100))) + "%"]
            return [(" ".join(parts), at)]
        case ast.Deduct(amount=amount, step=step, side=side, limit=limit, partial=partial, max=most):
            parts = [w.kw("deduct"), _amount(amount), w.kw("per"), format_number(step)]
            if limit is not None:
                parts += [w.kw(side), format_expr(limit, language)]
            if partial != "prorata":
                parts += [w.kw("partial"), w.kw(partial)]
            if most is not None:
                parts += [w.kw("max"), _amount(most)]
            return [(" ".join(parts), at)]
        case ast.Bands(bands=bands):
            rows = [(f"  {format_condition(b.condition, language)}{colon}{_award(b.award)}", _at(b)) for b in bands]
            return [(f"{w.kw('bands')} {{", at), *rows, ("}", -1)]
        case ast.Checklist(items=items):
            return [(f"{w.kw('checklist')} {{", at), *((f"  {_item(i, language)}", _at(i)) for i in items), ("}", -1)]
        case ast.Levels(levels=levels):
            rows = [(f"  {_name(lv.label)}{colon}{_award(lv.award)}", _at(lv)) for lv in levels]
            return [(f"{w.kw('levels')} {{", at), *rows, ("}", -1)]
        case ast.Binary():
            return [(w.kw("binary"), at)]
        case ast.Formula(expr=expr):
            return [(f"{w.kw('formula')} {format_expr(expr, language)}", at)]
        case ast.Linear(zero_at=zero_at, full_at=full_at):
            text = f"{w.kw('linear')} {w.kw('from')} {format_expr(zero_at, language)} {w.kw('to')} "
            return [(text + format_expr(full_at, language), at)]
        case ast.Judged(award=award):
            return [(f"{w.kw('judged')} {_award(award)}", at)]
    raise TypeError(f"not a rule: {rule!r}")  # pragma: no cover

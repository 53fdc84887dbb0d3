"""The canonical printer: an AST back to rubric text that parses to an equal AST."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from . import ast
from .keywords import KEYWORDS, PEER_FUNCTIONS, function_word
from .numbers import CONTEXT, plain
from .parser import grammar_text

Language = Literal["zh", "en"]

_IDENT = re.compile(r"(?!\d)[\w·]+")
#: Words a bare name must not be: every keyword in both languages, and every other word the
#: grammar spells out (``至`` between the ends of a range). Quoting them is always safe.
_RESERVED = (
    frozenset(KEYWORDS)
    | frozenset(KEYWORDS.values())
    | frozenset(w for w in re.findall(r'"([^"\n]+)"', grammar_text()) if _IDENT.fullmatch(w))
)
#: The three quote forms; a quoted text ends at its closing mark, so only that one must be absent.
_QUOTES = (('"', '"'), ("“", "”"), ("「", "」"))


def _kw(word: str, language: Language) -> str:
    return KEYWORDS[word] if language == "zh" else word


def name_text(name: str) -> str:
    """A name bare when the lexer reads it back as one name, quoted otherwise."""
    if _IDENT.fullmatch(name) and name not in _RESERVED:
        return name
    return quoted(name)


_UNIT_WORD = re.compile(r"[^\W\d_]+(/[^\W\d_]+)?")


def unit_text(unit: str, after_value: bool = False) -> str:
    """A unit bare where the lexer reads it back whole (``元/人``), quoted otherwise.

    After a target's value the unit yields to any keyword it starts with (``分钟`` would read as 分),
    so there it stays bare only when no word the grammar spells out is a prefix of it.
    """
    parts = unit.split("/")
    if after_value:
        bare = _UNIT_WORD.fullmatch(unit) is not None and not any(unit.startswith(w) for w in _RESERVED)
    else:
        bare = len(parts) <= 2 and all(_IDENT.fullmatch(p) and p not in _RESERVED for p in parts)
    return unit if bare else quoted(unit)


def _ident(name: str) -> str:
    """Codes, inputs and metrics are bare names only; in their place a keyword reads as a name."""
    if not _IDENT.fullmatch(name):
        raise ValueError(f"not a name that can stand unquoted: {name!r}")
    return name


def quoted(text: str) -> str:
    """Straight quotes when possible, else “…” or 「…」, whichever closing mark the text lacks."""
    if "\n" not in text:
        for left, right in _QUOTES:
            if right not in text:
                return f"{left}{text}{right}"
    raise ValueError(f"text cannot be printed on one line between quotes: {text!r}")


def _digits(value: Decimal) -> str:
    """Exact digits, never an exponent: ``Decimal('1E+2')`` prints ``100``, ``2.50`` prints ``2.5``."""
    return plain(value)


def scaled(value: Decimal, scale: int) -> str:
    """A stored fraction written back in the unit it was read in (0.95 -> ``95``)."""
    return plain(CONTEXT.multiply(value, Decimal(scale)))


def _points(value: Decimal, language: Language) -> str:
    return _digits(value) + ("分" if language == "zh" else " points")


def format_number(number: ast.Number, language: Language = "zh") -> str:
    """A literal as it was written: the value 0.95 with unit ``%`` is ``95%``."""
    if number.unit == "%":
        return scaled(number.value, 100) + "%"
    if number.unit == "‰":
        return scaled(number.value, 1000) + "‰"
    if number.unit == "分":
        return _points(number.value, language)
    return _digits(number.value)


def _signed(number: ast.Number, language: Language) -> str:
    """Band edges and domains may be negative: the sign goes before the unit's number."""
    if number.value < 0:
        return "-" + format_number(ast.Number(-number.value, number.unit), language)
    return format_number(number, language)


# Binding strength: a subexpression binding less than its place needs parentheses.
_CONDITIONAL, _OR, _AND, _NOT, _CMP, _ADD, _MUL, _NEG, _ATOM = range(9)
_LEVELS = {"or": _OR, "and": _AND, "+": _ADD, "-": _ADD, "*": _MUL, "/": _MUL}
_SYMBOLS = {">=": "≥", "<=": "≤", "==": "==", "!=": "≠", ">": ">", "<": "<", "*": "×", "/": "/", "+": "+", "-": "-"}
_ASCII = {op: op for op in _SYMBOLS}


def _symbol(op: str, language: Language) -> str:
    return (_SYMBOLS if language == "zh" else _ASCII)[op]


def format_expr(expr: ast.Expr, language: Language = "zh") -> str:
    """An expression with the fewest parentheses that keep its shape (explanations quote it)."""
    return _expr(expr, language)[0]


#: How a reference reads in each language: 得分(B21), 得分率(B21), 实际(B21), 总分.
_REF_WORDS = {"zh": {"score": "得分", "rate": "得分率", "actual": "实际", "total": "总分"},
              "en": {"score": "score", "rate": "rate", "actual": "actual", "total": "total"}}  # fmt: skip


def ref_text(what: str, code: str | None, language: Language = "zh") -> str:
    word = _REF_WORDS[language][what]
    return word if code is None else f"{word}({_ident(code)})"


def _operands(expr: ast.Expr) -> tuple[ast.Expr, ...]:
    match expr:
        case ast.BinOp(left=left, right=right):
            return (left, right)
        case ast.Neg(operand=operand) | ast.Not(operand=operand):
            return (operand,)
        case ast.Call(args=args):
            return args
        case ast.Conditional(condition=c, then=t, otherwise=o):
            return (c, t, o)
    return ()


def _expr(expr: ast.Expr, language: Language) -> tuple[str, int]:
    """The text and how tightly it binds; operands first, from a stack of its own (no recursion)."""
    done: dict[int, tuple[str, int]] = {}  # id(node) -> its text and level
    stack: list[tuple[ast.Expr, bool]] = [(expr, False)]
    while stack:
        node, ready = stack.pop()
        operands = _operands(node)
        if operands and not ready:
            stack.append((node, True))
            stack.extend((o, False) for o in operands)
            continue
        done[id(node)] = _one(node, [done[id(o)] for o in operands], language)
    return done[id(expr)]


def _one(expr: ast.Expr, operands: list[tuple[str, int]], language: Language) -> tuple[str, int]:
    """One expression node, its operands already printed."""
    match expr:
        case ast.Number(value=value):
            return _signed(expr, language), (_NEG if value < 0 else _ATOM)
        case ast.Name(name=name):
            return name, _ATOM  # only a bare name parses in an expression
        case ast.Call(func=func, args=args):
            texts = [text for text, _ in operands]
            if func in PEER_FUNCTIONS and language == "zh" and args and args[0] == ast.Name("actual"):
                texts[0] = "实际"  # 排名(实际): the indicator's own actual, as the author writes it
            return f"{function_word(func, len(args), language)}({', '.join(texts)})", _ATOM
        case ast.Ref(what=what, code=code):
            return ref_text(what, code, language), _ATOM
        case ast.Neg():
            inner, level = operands[0]
            return "-" + (inner if level >= _NEG else f"({inner})"), _NEG
        case ast.Not():
            inner, level = operands[0]
            return f"{_kw('not', language)} " + (inner if level >= _NOT else f"({inner})"), _NOT
        case ast.Conditional():
            words = [_kw(w, language) for w in ("if", "then", "else")]
            parts = [text for text, _ in operands]
            return f"{words[0]} {parts[0]} {words[1]} {parts[1]} {words[2]} {parts[2]}", _CONDITIONAL
        case ast.BinOp(op=op):
            level = _LEVELS.get(op, _CMP)
            word = _kw(op, language) if op in ("and", "or") else _symbol(op, language)
            (lhs, lhs_level), (rhs, rhs_level) = operands
            # Left-associative, so an equal right operand keeps its parentheses; comparisons do not chain.
            if lhs_level < level or (level == _CMP and lhs_level == _CMP):
                lhs = f"({lhs})"
            if rhs_level <= level:
                rhs = f"({rhs})"
            return f"{lhs} {word} {rhs}", level
    raise TypeError(f"not an expression: {expr!r}")  # pragma: no cover


def amount_text(amount: ast.Amount, language: Language) -> str:
    if amount.unit == "share":
        return scaled(amount.value, 100) + "%"
    return _points(amount.value, language)


def award_text(award: ast.Award, language: Language) -> str:
    if isinstance(award, ast.AmountRange):
        between = "~" if language == "zh" else " ~ "
        low, high = amount_text(award.low, language), amount_text(award.high, language)
        open_end = "（不含）" if language == "zh" else " (excl)"
        return (low + ("" if award.low_closed else open_end) + between + high
                + ("" if award.high_closed else open_end))  # fmt: skip
    return amount_text(award, language)


def veto_effect_text(veto: ast.Veto, language: Language = "zh") -> str:
    """总分为零, 等级最高 良, 评为 不合格, 扣 10分: a veto's effect as written."""
    kind = veto.kind
    if kind == "zero":
        return _kw("zero", language)
    if kind == "deduct":
        assert veto.amount is not None
        return f"{_kw('deduct', language)} {amount_text(veto.amount, language)}"
    return f"{_kw(kind, language)} {name_text(veto.grade or '')}"


def format_share(share: ast.Share) -> str:
    """A share as written: ``35%`` or the exact fraction ``1/6``."""
    """``35%`` is kept as 35/100 and ``1/6`` as 1/6: both print as read."""
    if share.percent:
        return _digits(share.numerator) + "%"
    return f"{_digits(share.numerator)}/{_digits(share.denominator)}"


def format_condition(condition: ast.Condition, language: Language = "zh") -> str:
    """A band or grade condition, as its line begins (explanations quote it)."""
    match condition:
        case ast.Compare(op=op, value=value):
            return f"{_symbol(op, language)} {_signed(value, language)}"
        case ast.Interval(low=low, high=high, low_closed=lc, high_closed=hc):
            return f"{'[' if lc else '('}{_signed(low, language)}, {_signed(high, language)}{']' if hc else ')'}"
        case ast.When(condition=expr):
            return f"{_kw('when', language)} {format_expr(expr, language)}"
    return _kw("otherwise", language)


def item_text(item: ast.Item, language: Language) -> str:
    parts = [name_text(item.name)]
    if item.share is not None:
        parts.append(format_share(item.share))
    if item.target is not None:
        parts += [_kw("target", language), format_expr(item.target, language)]
    if item.text is not None:
        parts.append(quoted(item.text))
    return " ".join(parts)


Row = tuple[str, int]  # a line of text, and the source offset of what it prints (-1: none)


def position(node: object) -> int:
    span = getattr(node, "span", ast.NO_SPAN)
    return int(span.start) if span != ast.NO_SPAN else -1


_COMMENT = re.compile(r'"[^"\n]*"|“[^”\n]*”|「[^」\n]*」|(#[^\n]*)')


def comments_of(text: str) -> list[tuple[int, str]]:
    """Every ``#`` comment of a source with its offset (a ``#`` inside quotes is text)."""
    return [(m.start(1), m.group(1).rstrip()) for m in _COMMENT.finditer(text) if m.group(1)]


class Writer:
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

    Settings, grades, vetoes, inputs, metrics, surveys, then the tree. With the
    ``source`` it was parsed from, its comments are kept: each is written above
    the first statement that followed it.
    """
    comments = comments_of(source) if source is not None else []
    w = Writer(language, comments)
    header = re.match(r"(\s*(#[^\n]*)?\n)*", source or "")
    w.flush(0, header.end() if header else 0)  # the file's opening comments stay on top
    if w.lines:
        w.lines.append("")
    if rubric.title is not None:
        w.line(0, f"{w.kw('rubric')} {quoted(rubric.title)}")
    w.line(0, f"{w.kw('total')} {_digits(rubric.total)}")
    if rubric.maximum is not None:
        w.line(0, f"{w.kw('maximum')} {_digits(rubric.maximum)}")
    if rubric.minimum is not None:
        w.line(0, f"{w.kw('minimum')} {'-' if rubric.minimum < 0 else ''}{_digits(abs(rubric.minimum))}")
    # Rounding is always written out: a reader should not need to know the default.
    w.line(0, f"{w.kw('rounding')} {rubric.rounding.places} {w.kw('places')} {w.kw(rubric.rounding.mode)}")
    if rubric.judged_outside != "refuse":
        w.line(0, f"{w.kw('judged_outside')} {w.kw(rubric.judged_outside)}")
    if rubric.roll_up is not None:
        up = rubric.roll_up
        own = f" {w.kw('own')} {format_share(up.own)}" if up.own is not None else ""
        w.line(0, f"{w.kw('roll_up')} {_ident(up.column)}{own} {w.kw('subordinates')} {format_share(up.subordinates)}")
    if rubric.grades:
        grades = [(f"{name_text(g.label)} {format_condition(g.condition, language)}", position(g)) for g in rubric.grades]
        w.block(0, w.kw("grades"), grades, grades[0][1])
    for k, veto in enumerate(rubric.vetoes):
        if k == 0:
            w.paragraph(0)
        effect = veto_effect_text(veto, language)
        when = f" {w.kw('when')} {format_expr(veto.when, language)}" if veto.when is not None else ""
        text = f" {quoted(veto.text)}" if veto.text is not None else ""
        w.line(0, f"{w.kw('veto')} {name_text(veto.name)} {effect}{when}{text}", position(veto))
    for k, decl in enumerate(rubric.inputs):
        w.flush(0, position(decl))
        if k == 0:
            w.paragraph(0)
        parts = [w.kw("input"), _ident(decl.name), *_input_type(decl, w)]
        if decl.unit is not None:
            parts.append(unit_text(decl.unit))
        if decl.domain is not None and decl.upper is not None:
            parts.append(format_condition(ast.Interval(decl.domain.value, decl.upper.value, decl.domain.op == ">=",
                                                       decl.upper.op == "<="), language))  # fmt: skip
        elif decl.domain is not None:
            parts.append(format_condition(decl.domain, language))
        w.line(0, " ".join(parts), position(decl))
    for k, metric in enumerate(rubric.metrics):
        w.flush(0, position(metric))
        if k == 0:
            w.paragraph(0)
        w.line(0, f"{w.kw('metric')} {_ident(metric.name)} = {format_expr(metric.expr, language)}", position(metric))
    for survey in rubric.surveys:
        w.block(0, f"{w.kw('survey')} {name_text(survey.name)}", _survey(survey, w), position(survey))
    # Groups open and close around their children: an explicit stack, no recursion.
    stack: list[tuple[ast.Node | None, int]] = [(n, 0) for n in reversed(rubric.nodes)]
    while stack:
        node, depth = stack.pop()
        if node is None:
            w.line(depth, "}")
        elif isinstance(node, ast.Group):
            w.line(depth, _group_head(node, w) + " {", position(node))
            stack.append((None, depth))
            stack.extend((child, depth + 1) for child in reversed(node.children))
        elif node.standard is not None and len(rows := _indicator(node, w)) == 1:  # as the brief form reads
            w.flush(depth, position(node))
            w.paragraph(depth)
            w.line(depth, f"{_indicator_head(node, w)} {{ {rows[0][0]} }}", position(node))
        else:
            w.block(depth, _indicator_head(node, w), _indicator(node, w), position(node))
    w.flush(0, len(source or "") + 1)
    return "\n".join(w.lines) + "\n"


def _input_type(decl: ast.InputDecl, w: Writer) -> list[str]:
    """The type of an input: a number's, or a fact's (选项 {…}, 列表 数值)."""
    if decl.type == "options":
        comma = "，" if w.language == "zh" else ", "
        return [w.kw("options"), "{" + comma.join(name_text(o) for o in decl.options) + "}"]
    if decl.type == "list":
        return [w.kw("list"), w.kw(str(decl.element))]
    return [w.kw(decl.type)]


def _survey(survey: ast.Survey, w: Writer) -> list[Row]:
    rows: list[Row] = []
    if survey.options:  # a survey may have no options line at all
        comma = "，" if w.language == "zh" else ", "
        options = comma.join(f"{name_text(o.label)} {format_share(o.share) if o.share else w.kw('excluded')}"
                             for o in survey.options)  # fmt: skip
        rows.append((f"{w.kw('options')} {options}", position(survey.options[0])))
    if survey.share_places is not None:
        rows.append((f"{w.kw('share_rounding')} {survey.share_places} {w.kw('places')}", -1))
    for q in survey.questions:
        text = f" {quoted(q.text)}" if q.text is not None else ""
        weight = f" {w.kw('weight')} {format_share(q.weight)}" if q.weight is not None else ""
        rows.append((f"{w.kw('question')} {name_text(q.name)}{text}{weight}", position(q)))
    if survey.channels:
        comma = "，" if w.language == "zh" else ", "
        channels = comma.join(f"{name_text(c.name)} {format_share(c.share)}" for c in survey.channels)
        rows.append((f"{w.kw('channels')} {channels}", position(survey.channels[0])))
    return rows


def _weight(weight: ast.Weight) -> str:
    if weight.percent:
        return scaled(weight.value, 100) + "%"
    return _digits(weight.value)


def _group_head(group: ast.Group, w: Writer) -> str:
    head = f"{_ident(group.code)} {name_text(group.name)}"
    if group.uncapped:
        return f"{w.kw(group.kind)} {head} {w.kw('uncapped')}"
    if group.kind != "group":
        return f"{w.kw(group.kind)} {head} {w.kw('max')} {_digits(group.weight.value)}"
    text = f"{w.kw('group')} {head} {_weight(group.weight)}"
    if group.aggregate != "sum":
        text += f" {w.kw('aggregate')} {w.kw(group.aggregate)}"
    return text


def _indicator_head(node: ast.Indicator, w: Writer) -> str:
    return f"{w.kw('indicator')} {_ident(node.code)} {name_text(node.name)} {_weight(node.weight)}"


def _indicator(node: ast.Indicator, w: Writer) -> list[Row]:
    """The clauses in canonical order, then any written twice again (the checker reports those)."""
    language = w.language
    clauses: dict[str, list[Row]] = {}
    if node.standard is not None:
        clauses["standard"] = [(f"{w.kw('standard')} {name_text(node.standard.name)}", position(node.standard))]
    if node.definition is not None:
        clauses["definition"] = [(f"{w.kw('definition')} {quoted(node.definition)}", -1)]
    target = node.target
    if target is not None and target.text is not None:
        clauses["target"] = [(f"{w.kw('target')} {quoted(target.text)}", position(target))]
    elif target is not None and target.value is not None:
        op = f"{_symbol(target.op, language)} " if target.op else ""
        unit = f" {unit_text(target.unit, after_value=True)}" if target.unit else ""
        value = format_expr(target.value, language)
        clauses["target"] = [(f"{w.kw('target')} {op}{value}{unit}", position(target))]
    actual = node.actual
    if isinstance(actual, ast.ActualExpr):
        clauses["actual"] = [(f"{w.kw('actual')} = {format_expr(actual.expr, language)}", position(actual))]
    elif isinstance(actual, ast.ActualInput):
        unit = f" {unit_text(actual.unit)}" if actual.unit else ""
        clauses["actual"] = [(f"{w.kw('actual')} {w.kw(actual.type)}{unit}", position(actual))]
    elif isinstance(actual, ast.Completion):
        items = [(f"  {item_text(i, language)}", position(i)) for i in actual.items]
        head = f"{w.kw('actual')} {w.kw('completion')}" + (f" {w.kw('all_or_nothing')}" if actual.whole else "")
        clauses["actual"] = [(f"{head} {{", position(actual)), *items, ("}", -1)]
    if node.direction is not None:
        clauses["direction"] = [(f"{w.kw('direction')} {w.kw(node.direction)}", -1)]
    if node.criteria is not None:
        clauses["criteria"] = [(f"{w.kw('criteria')} {quoted(node.criteria)}", -1)]
    if node.rule is not None:
        clauses["rule"] = node.rule.canonical(w)
    for k, part in enumerate(node.parts):
        head = f"{w.kw(part.sign)} {name_text(part.name)}"
        if part.points is not None:
            head += f" {amount_text(part.points, language)}"
        (first, at), *more = part.rule.canonical(w)
        clauses[f"part{k}"] = [(f"{head} {first}", position(part)), *more]
    if node.score_max is not None:
        most = w.kw("uncapped") if node.score_max == "uncapped" else amount_text(node.score_max, language)
        clauses["score_max"] = [(f"{w.kw('score_max')} {most}", -1)]
    if node.not_applicable is not None:
        clauses["not_applicable"] = [(f"{w.kw('if_not_applicable')} {w.kw(node.not_applicable)}", -1)]
    rows = [row for rows in clauses.values() for row in rows]
    for key in node.extra_clauses:
        rows += [(text, -1) for text, _ in clauses.get(key, [])]
    return rows

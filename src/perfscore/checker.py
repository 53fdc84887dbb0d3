"""Static checks: every problem in a rubric, reported at once, before any data is seen.

The evaluator trusts what passes here (weights add up, names exist, bands leave no
gap, nothing divides by zero), so scoring never fails on a mistake in the rubric.
Walks over the node tree are iterative (trees may be 10,000 levels deep); walks
over expressions recurse, as the parser does.
"""

from __future__ import annotations

import bisect
import difflib
import heapq
import re
from collections import ChainMap
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from fractions import Fraction
from typing import Any, TypeGuard, cast

import attrs

from . import ast, tree
from .errors import CheckError, Diagnostic
from .intervals import (
    ALL,
    INF,
    NONNEG,
    ONE,
    UNIT,
    ZERO,
    Cover,
    Iv,
    add,
    hull,
    inv,
    mul,
    neg,
    ray,
)
from .keywords import KEYWORDS
from .limits import paused_gc
from .parser import MAX_PLACES
from .source import Source, Span
from .suggest import Suggester

RULES = ("proportional", "deduct", "bands", "checklist", "levels", "binary", "formula", "linear", "judged")
RULE_HINT = "add one of: " + ", ".join(f"{KEYWORDS[r]} ({r})" for r in RULES)
LOCAL_HINTS = {"actual": "add `实际 比率` (given in the data) or `实际 = 表达式` (computed)", "target": "add e.g. `目标 100%`"}
ARITY = {"min": (2, 1 << 30), "max": (2, 1 << 30), "abs": (1, 1), "round": (1, 2)}
WORDS = {"rate": "a percentage", "amount": "an amount", "count": "a count", "number": "a number", "points": "points"}
TYPED = ("rate", "amount", "count", "points")
DIRECTION = {"higher": "higher-is-better (越高越好)", "lower": "lower-is-better (越低越好)"}
RESERVED = ("overrides", "调整", "not_applicable", "不适用", "vetoes", *ast.RULE_NAMES)
CMP = (">=", ">", "<=", "<", "==", "!=")
FLIP = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "==": "==", "!=": "!="}
NEGATE = {">=": "<", ">": "<=", "<=": ">", "<": ">=", "==": "!=", "!=": "=="}
EDGE = {"band": "`[90%, 95%)`", "grade": "`良 [80, 90)`"}

Types = Mapping[str, "str | None"]


def check(rubric: ast.Rubric, source: Source) -> list[Diagnostic]:
    """Every error and warning in the rubric, sorted by position."""
    checker = _Checker(rubric, source)
    with localcontext(Context(prec=60, Emax=999_999, Emin=-999_999, traps=[])), paused_gc():  # bounds never raise
        checker.run()
    return sorted(checker.found, key=lambda d: (d.span.line, d.span.column))


def check_or_raise(rubric: ast.Rubric, source: Source) -> list[Diagnostic]:
    """The warnings of a rubric without errors; raise :class:`CheckError` with everything otherwise."""
    found = check(rubric, source)
    if any(d.severity == "error" for d in found):
        raise CheckError(found)
    return found


def _num(x: Decimal) -> str:
    if x.is_infinite():
        return "inf" if x > 0 else "-inf"
    return "0" if x.is_zero() else format(x.normalize(), "f")


def _pct(x: Decimal) -> str:
    return _num(x * 100) + "%"


def _can(r: Iv) -> str:
    return "is" if r.lo == r.hi == 0 else "can be"


def _fmt(iv: Iv, pct: bool) -> str:
    """``[0.85, 0.9) (85% to 90%)``: the exact edges, and in words when the rubric wrote percentages."""
    text = f"{'[' if iv.lo_in else '('}{_num(iv.lo)}, {_num(iv.hi)}{']' if iv.hi_in else ')'}"
    if not pct:
        return text
    if iv.lo == -INF and iv.hi == INF:
        words = "any value"
    elif iv.lo == -INF:
        words = f"{_pct(iv.hi)} or less" if iv.hi_in else f"below {_pct(iv.hi)}"
    elif iv.hi == INF:
        words = f"{_pct(iv.lo)} or more" if iv.lo_in else f"above {_pct(iv.lo)}"
    else:
        words = f"exactly {_pct(iv.lo)}" if iv.lo == iv.hi else f"{_pct(iv.lo)} to {_pct(iv.hi)}"
    return f"{text} ({words})"


def _frac(f: Fraction) -> str:
    """A share as a percentage when it has one exactly, else as a fraction: ``95%``, ``7/6``."""
    d = f.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return _pct(Decimal(f.numerator) / Decimal(f.denominator)) if d == 1 else f"{f.numerator}/{f.denominator}"


# ------------------------------------------------------------------ small facts


def _subexprs(expr: ast.Expr) -> Iterator[ast.Expr]:
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.BinOp):
            stack += [node.right, node.left]
        elif isinstance(node, (ast.Neg, ast.Not)):
            stack.append(node.operand)
        elif isinstance(node, ast.Call):
            stack += reversed(node.args)
        elif isinstance(node, ast.Conditional):
            stack += [node.otherwise, node.then, node.condition]


def _conjuncts(expr: ast.Expr) -> list[ast.Expr]:
    if isinstance(expr, ast.BinOp) and expr.op == "and":
        return _conjuncts(expr.left) + _conjuncts(expr.right)
    return [expr]


def _literal_type(n: ast.Number) -> str:
    return {"%": "rate", "‰": "rate", "分": "points"}.get(n.unit, "number")


def _clash(a: str | None, b: str | None) -> bool:
    """Percentages and points mix with nothing but plain numbers; amounts and counts mix."""
    return a in TYPED and b in TYPED and a != b and {a, b} != {"amount", "count"}


def _join(a: str | None, b: str | None) -> str | None:
    if a == b or b == "number":
        return a
    return b if a == "number" else None


def _pieces(cond: ast.Condition) -> list[Iv]:
    if isinstance(cond, ast.Compare):
        return ray(cond.op, cond.value.value)
    if isinstance(cond, ast.Interval):
        return [Iv(cond.low.value, cond.high.value, cond.low_closed, cond.high_closed)]
    return [ALL]


def _numbers(cond: ast.Condition) -> list[ast.Number]:
    if isinstance(cond, ast.Compare):
        return [cond.value]
    return [cond.low, cond.high] if isinstance(cond, ast.Interval) else []


def _points(amount: ast.Amount, weight: Decimal) -> Decimal:
    return amount.value * weight if amount.unit == "share" else amount.value


def _award_value(award: ast.Award, weight: Decimal) -> Decimal:
    if isinstance(award, ast.Amount):
        return _points(award, weight)
    return (_points(award.low, weight) + _points(award.high, weight)) / 2


def _is_bonus(node: ast.Node) -> TypeGuard[ast.Group]:
    """Bonus and penalty groups stand outside the weights."""
    return isinstance(node, ast.Group) and node.kind != "group"


# A number in the author's wording: ``9%``, ``1/2``, ``13500``; not one in a year (2020年) or a list mark.
_WORDING_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?:/(\d+(?:\.\d+)?))?([%％‰])?(?![\d年月日])")

_SCALE = {"%": 100, "％": 100, "‰": 1000}
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
#: Words of the sentences that state how points are given; numbers elsewhere describe the work.
_SCORING_WORDS = ("得", "扣", "减", "占", "权重", "满分", "计分", "加分")


def _scoring_sentences(text: str) -> tuple[list[int], list[bool]]:
    """Where each sentence of ``text`` starts, and whether it says how points are given (one pass)."""
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    ends = starts[1:] + [len(text)]
    return starts, [any(word in text[a:b] for word in _SCORING_WORDS) for a, b in zip(starts, ends)]


def _rule_numbers(ind: ast.Indicator, weight: Decimal) -> set[Decimal]:
    """Every number the rule, target and actual of an indicator state, plus what wording always may say."""
    known = {ZERO, ONE, weight, ind.weight.value}
    stack: list[Any] = [ind.target, ind.actual, ind.rule]
    while stack:
        node = stack.pop()
        if isinstance(node, tuple):
            stack.extend(node)
            continue
        if not attrs.has(type(node)):
            continue
        if isinstance(node, (ast.Number, ast.Amount)):
            known.add(node.value)
        elif isinstance(node, ast.Share):
            known.add(node.numerator / node.denominator)
            if not node.percent:  # `1/6` may be written as such
                known |= {node.numerator, node.denominator}
        elif isinstance(node, (ast.Checklist, ast.Completion)):
            known.add(Decimal(len(node.items)))
        stack.extend(getattr(node, field.name) for field in attrs.fields(type(node)) if field.name != "span")
    return known


def _wording_text(value: Decimal) -> str:
    return _pct(value) if abs(value) < 1 else _num(value)


# ------------------------------------------------------------------ the checker


class _Checker:
    """Collects diagnostics; one method per check."""

    def __init__(self, rubric: ast.Rubric, source: Source) -> None:
        self.rubric, self.source, self.found = rubric, source, list[Diagnostic]()
        self.nodes = ast.walk(rubric.nodes)
        self.weights = tree.resolved_weights(rubric)
        self.parent: dict[int, ast.Group] = {}
        self.in_bonus: set[int] = set()  # nodes under a bonus group may award more than their weight
        for group in (n for n in self.nodes if isinstance(n, ast.Group)):
            for child in group.children:
                self.parent[id(child)] = group
                if group.kind == "bonus" or id(group) in self.in_bonus:
                    self.in_bonus.add(id(child))
        self.inputs = {i.name: i for i in rubric.inputs}
        self.metrics = {m.name: m for m in rubric.metrics}
        self.known = set(self.inputs) | set(self.metrics) | {s.name for s in rubric.surveys}
        self.ranges: dict[str, Iv | None] = {}  # what each name can be; "≠x": x is known not to be 0
        self.types: dict[str, str | None] = {}
        self.suggester = Suggester()  # bounded: thousands of unknown names stay fast
        self.line_spans: dict[tuple[int, int, tuple[str, ...]], list[Span]] = {}

    def error(self, code: str, span: Span, message: str, hint: str | None = None) -> None:
        self.found.append(Diagnostic("error", message, span, self.source, hint, code))

    def warn(self, code: str, span: Span, message: str, hint: str | None = None) -> None:
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
        offset = within.start
        for k, line in enumerate(self.source.text[within.start : within.end].split("\n")):
            body = line.lstrip(" \t\u3000")
            word = next((w for w in words if body.startswith(w) and body[len(w) : len(w) + 1] in ("", " ", "{")), None)
            if word is not None:
                start, column = offset + len(line) - len(body), (within.column if k == 0 else 1) + len(line) - len(body)
                yield Span(start, start + len(word), within.line + k, column, within.line + k, column + len(word))
            offset += len(line) + 1

    def duplicates(self, pairs: Iterable[tuple[str, Span]], what: str, where: str = "", code: str = "duplicate-name") \
            -> None:  # fmt: skip
        seen: dict[str, Span] = {}
        for key, span in pairs:
            if key in seen:
                self.error(code, span, f"{what} {key} appears twice{where} (first at line {seen[key].line})")
            seen.setdefault(key, span)

    def run(self) -> None:
        self.settings()
        self.declarations()
        self.surveys()
        self.metric_order()
        self.tree_weights()
        self.grades()
        for node in self.nodes:
            if isinstance(node, ast.Indicator):
                self.indicator(node)

    # ---- settings, declarations, metrics, surveys

    def settings(self) -> None:
        for name, span in self.rubric.repeated:
            word = KEYWORDS.get(name, "评价")
            self.error("settings", span, f"setting {word} ({name}) is written twice", "keep one")
        total, maximum, whole = self.rubric.total, self.rubric.maximum, Span(0, len(self.source.text), 1, 1, 1, 1)
        if total <= 0:
            self.error("settings", self.line_span(whole, ("总分", "total"), 0), "the total must be more than 0")
        if maximum is None:
            return
        span = self.line_span(whole, ("最高分", "maximum"), 0)
        reachable = total + sum((n.weight.value for n in self.rubric.nodes if _is_bonus(n) and n.kind == "bonus"), ZERO)
        if maximum < total:
            self.error("settings", span, f"the maximum {_num(maximum)} is below the total {_num(total)}",
                       "the maximum is the total plus the bonus caps; leave it out to use that")  # fmt: skip
        elif maximum > reachable:
            self.warn("settings", span, f"the maximum {_num(maximum)} can never be reached: "
                      f"the total plus bonus caps is {_num(reachable)}")  # fmt: skip

    def declarations(self) -> None:
        """Names share one namespace with each other and with the data's keys (codes, reserved words)."""
        decls = [("input", i.name, i.span) for i in self.rubric.inputs] + [
            ("metric", m.name, m.span) for m in self.rubric.metrics] + [
            ("survey", s.name, s.span) for s in self.rubric.surveys]  # fmt: skip
        decls.sort(key=lambda d: d[2].start)
        self.duplicates(((name, span) for _, name, span in decls), "name")
        self.duplicates(((v.name, v.span) for v in self.rubric.vetoes), "veto")
        codes: dict[str, Span] = {}
        for node in self.nodes:
            codes.setdefault(node.code, node.span)
        for kind, name, span in decls:
            if name in RESERVED:
                self.error("duplicate-name", span, f"{kind} {name} uses a reserved name", "choose another name")
            elif name in codes:
                self.error("duplicate-name", span, f"{kind} {name} has the same name as the code of the node at "
                           f"line {codes[name].line}", "data keys would clash: rename one of them")  # fmt: skip
        for decl in self.rubric.inputs:
            domain = decl.domain
            if domain is not None and _clash(decl.type, _literal_type(domain.value)):
                self.error("types", domain.span, f"the domain of input {decl.name} is "
                           f"{WORDS[_literal_type(domain.value)]}, but {decl.name} is {WORDS[decl.type]}")  # fmt: skip
            default = NONNEG if decl.type in ("amount", "count") else ALL
            pieces = ray(domain.op, domain.value.value) if domain is not None else [default]
            self.ranges.setdefault(decl.name, hull(*pieces))
            if domain is not None and domain.op == "!=" and domain.value.value == 0:
                self.ranges[f"≠{decl.name}"] = ALL
            self.types.setdefault(decl.name, decl.type)

    def metric_order(self) -> None:
        """Type and bound each metric after the metrics it reads; a cycle is an error."""
        deps = {m.name: [e.name for e in _subexprs(m.expr) if isinstance(e, ast.Name) and e.name in self.metrics]
                for m in self.rubric.metrics}  # fmt: skip
        state: dict[str, int] = {}  # 1 being visited, 2 done
        order: list[str] = []
        for metric in self.rubric.metrics:
            if metric.name in state:
                continue
            state[metric.name], path, stack = 1, [metric.name], [iter(deps[metric.name])]
            while stack:
                nxt = next(stack[-1], None)
                if nxt is None:
                    stack.pop()
                    state[path[-1]] = 2
                    order.append(path.pop())
                elif state.get(nxt) == 1:
                    cycle = " → ".join(path[path.index(nxt) :] + [nxt])
                    self.error("cycle", self.metrics[nxt].span, f"metric {nxt} depends on itself: {cycle}",
                               "a metric cannot use itself, directly or through other metrics")  # fmt: skip
                elif nxt not in state:
                    state[nxt] = 1
                    path.append(nxt)
                    stack.append(iter(deps[nxt]))
        blocked = dict.fromkeys(ast.RULE_NAMES, "metrics are computed outside any indicator")
        for name in order:
            metric, where = self.metrics[name], f"metric {name}"
            self.names(metric.expr, where, blocked)
            self.types[name] = self.type_of(metric.expr, self.types, where)
            self.ranges[name] = self.range_of(metric.expr, self.ranges, where)

    def surveys(self) -> None:
        for survey in self.rubric.surveys:
            where = f" in survey {survey.name}"
            if not survey.options or not survey.questions:
                self.error("shares", survey.span, f"survey {survey.name} needs options and questions",
                           "e.g. `选项 满意 100%，一般 60%，不满意 0%` and `题目 总体`")  # fmt: skip
            self.duplicates(((o.label, o.span) for o in survey.options), "option", where)
            self.duplicates(((q.name, q.span) for q in survey.questions), "question", where)
            values = [self.share(o.share, where) for o in survey.options]
            for option, value in zip(survey.options, values):
                if value is not None and value > 1:
                    self.error("shares", option.share.span, f"option {option.label}{where} is worth "
                               f"{self.text(option.share.span)}, more than 100%")  # fmt: skip
            known = [Decimal(v.numerator) / Decimal(v.denominator) for v in values if v is not None]
            self.types[survey.name] = "rate"
            self.ranges[survey.name] = Iv(min(known), max(known)) if known else None

    def share(self, share: ast.Share, where: str) -> Fraction | None:
        if share.denominator == 0:
            self.error("division", share.span, f"share {self.text(share.span)}{where} divides by 0")
            return None
        return Fraction(share.numerator) / Fraction(share.denominator)

    # ---- the tree and the grades

    def tree_weights(self) -> None:
        """Children's points add up to their parent's exactly; children of bonus and penalty groups are free."""
        self.duplicates(((n.code, n.span) for n in self.nodes), "code", code="duplicate-code")
        for node in self.nodes:
            if node.weight.value <= 0:
                what = f"the cap of {node.kind} group" if _is_bonus(node) else "the weight of"
                self.error("weights", node.weight.span, f"{what} {node.code} must be more than 0",
                           "write the points it is worth, e.g. `3` or `3分`")  # fmt: skip
            if isinstance(node, ast.Group) and node.kind == "group":
                self.sum_weights(node)
        self.sum_weights(None)

    def sum_weights(self, group: ast.Group | None) -> None:
        counted = [n for n in (group.children if group else self.rubric.nodes) if not _is_bonus(n)]
        if group is None:
            expected, whose, wanted = self.rubric.total, "the top-level nodes", f"the total {_num(self.rubric.total)}"
        else:
            expected, whose = self.weights[id(group)], f"the children of {group.code} ({group.name})"
            wanted = _num(expected)
        if not counted:
            where = f"group {group.code} ({group.name})" if group else "the rubric"
            self.error("weights", group.span if group else self.rubric.span, f"{where} has no indicators")
            return
        total = sum((self.weights[id(n)] for n in counted), ZERO)
        if total != expected:
            terms = " + ".join(f"{n.code} {_num(self.weights[id(n)])}" for n in counted[:12])
            terms += " + …" if len(counted) > 12 else ""
            gap = f"{_num(expected - total)} missing" if total < expected else f"{_num(total - expected)} too many"
            message = f"weights of {whose} sum to {_num(total)}, not {wanted} ({terms}): {gap}"
            shares = [n for n in counted if n.weight.percent]
            hint = "change a weight to add up"
            if shares:  # `30%` is a share of the parent, not 30 points: a common slip
                n = shares[0]
                hint = (f"{n.code}'s weight {_num(n.weight.value * 100)}% is a share of its parent "
                        f"({_num(self.weights[id(n)])} points); write {_num(n.weight.value * 100)} for points")
            self.error("weights", group.span if group else counted[0].span, message, hint)

    def grades(self) -> None:
        grades, labels = self.rubric.grades, [g.label for g in self.rubric.grades]
        self.duplicates(((g.label, g.span) for g in grades), "grade", code="grades")
        for veto in self.rubric.vetoes:
            if veto.grade is not None and veto.grade not in labels:
                close = difflib.get_close_matches(veto.grade, labels, 1)
                hint = f"did you mean {close[0]}?" if close else "declared grades: " + (", ".join(labels) or "none")
                self.error("grades", veto.span, f"veto {veto.name} caps the grade at {veto.grade}, "
                           "which is not a declared grade", hint)  # fmt: skip
        for grade in grades:
            cond = grade.condition
            if isinstance(cond, ast.When):
                self.error("grades", cond.span, f"grade {grade.label} uses a free condition; grades compare the total",
                           "write e.g. `优 ≥ 90` or `良 [80, 90)`")  # fmt: skip
                return
            if any(_literal_type(n) == "rate" for n in _numbers(cond)):
                self.error("types", cond.span, f"grade {grade.label} compares the total (points) with a percentage: "
                           f"`{self.text(cond.span)}`", "write the points, e.g. `≥ 90`")  # fmt: skip
        entries = [(g.label, g.condition, g.span) for g in grades]
        if entries:
            self.coverage(entries, Iv(ZERO, tree.maximum(self.rubric)), None, "total", "grade", False, grades[0].span)

    def coverage(self, entries: list[tuple[str, ast.Condition, Span]], domain: Iv, owner: str | None, subject: str,
                 noun: str, pct: bool, span: Span) -> None:  # fmt: skip
        """Conditions on one number cover its domain once (first match wins): report gaps, overlaps, dead ends."""
        of = f" of {owner}" if owner else ""
        regions: list[list[Iv]] = []  # what each entry claims; an otherwise claims nothing here
        first_otherwise = next((k for k, (_, cond, _) in enumerate(entries) if isinstance(cond, ast.Otherwise)), None)
        for label, cond, where in entries:
            if isinstance(cond, ast.Interval) and _pieces(cond)[0].empty:
                self.error(noun + "s", cond.span, f"{noun} `{self.text(cond.span)}`{of} is empty",
                           "write the lower edge first: `[90%, 95%)`")  # fmt: skip
            regions.append([] if isinstance(cond, ast.Otherwise) else
                           [p for p in (domain.meet(q) for q in _pieces(cond)) if not p.empty])  # fmt: skip
        cover = Cover(regions, domain)
        for k, (label, cond, where) in enumerate(entries):
            if isinstance(cond, ast.Otherwise):
                if k < len(entries) - 1:
                    self.error(noun + "s", where, f"the otherwise {noun}{of} is not last: the {noun}s after it never "
                               "match", "move 否则 (otherwise) to the end")  # fmt: skip
                elif k > first_otherwise or not cover.uncovered(k):  # type: ignore[operator]
                    self.warn(noun + "s", cond.span, f"the otherwise {noun}{of} is never reached")
                continue
            j = cover.first_overlap(k)
            if j is not None:
                common = next(m for a in regions[j] for b in regions[k] if not (m := a.meet(b)).empty)
                self.error(noun + "s", where, f"{noun}s{of} overlap: {subject} in {_fmt(common, pct)} matches both "
                           f"{entries[j][0]} and {label}", "make one of the edges open, e.g. " + EDGE[noun])  # fmt: skip
        gaps = cover.uncovered(len(entries)) if first_otherwise is None else []
        for gap in gaps:
            self.error(noun + "s", span, f"{noun}s{of} leave a gap: {subject} in {_fmt(gap, pct)} matches no {noun}",
                       f"add a {noun} for it" + (", or end with `否则：0分` (otherwise)" if noun == "band" else ""))

    # ---- expressions: names, types, ranges

    def names(self, expr: ast.Expr, where: str, blocked: Mapping[str, str | None]) -> None:
        """Names are declared or usable locals (``blocked`` says why a local is not); functions exist and fit."""
        for node in _subexprs(expr):
            if isinstance(node, ast.Call) and node.func not in ARITY:
                close = difflib.get_close_matches(node.func, list(ARITY), 1)
                self.error("unknown-name", node.span, f"unknown function {node.func}() in {where}",
                           f"did you mean {close[0]}()?" if close else "functions: min, max, abs, round")  # fmt: skip
            elif isinstance(node, ast.Call):
                low, high = ARITY[node.func]
                places = node.args[1] if node.func == "round" and len(node.args) == 2 else None
                if not low <= len(node.args) <= high:
                    wanted = f"at least {low}" if high > 2 else (f"{low} or {high}" if low != high else str(low))
                    self.error("functions", node.span, f"{node.func}() takes {wanted} argument"
                               f"{'' if wanted == '1' else 's'}, not {len(node.args)}, in {where}")  # fmt: skip
                elif places is not None and not (isinstance(places, ast.Number) and places.unit == ""
                                                 and places.value == places.value.to_integral_value()
                                                 and 0 <= places.value <= MAX_PLACES):  # fmt: skip
                    self.error("functions", places.span, f"round() in {where} needs a whole number of places "
                               f"from 0 to {MAX_PLACES}, like 2")  # fmt: skip
            elif isinstance(node, ast.Name) and node.name not in self.known:
                if node.name in blocked:
                    reason = blocked[node.name]
                    if reason is not None:
                        fix = LOCAL_HINTS.get(node.name) if " has no " in reason else None
                        self.error("unknown-name", node.span, f"{where} uses {node.name}, but {reason}", fix)
                    continue
                best = None
                if self.suggester.affordable(len(self.known) + len(blocked)):  # else not even the sort
                    usable = sorted(self.known | {k for k, v in blocked.items() if v is None})
                    best = self.suggester.closest(node.name, usable)
                fix = f"did you mean {best}?" if best else f"declare it, e.g. `输入 {node.name} 金额`"
                self.error("unknown-name", node.span, f"unknown name {node.name} in {where}", fix)

    def type_of(self, expr: ast.Expr, env: Types, where: str | None) -> str | None:
        """rate, amount, count, number, points or bool (None: unknown); mixing is reported when ``where`` is given."""

        def bad(message: str, hint: str | None = None) -> None:
            if where is not None:
                self.error("types", expr.span, f"{message} in {where}: `{self.text(expr.span)}`", hint)

        def numeric(*types: str | None) -> bool:
            if "bool" in types:
                bad("a condition used as a number", "compare a number instead, or use 如果 … 则 … 否则 …")
            return "bool" not in types

        match expr:
            case ast.Number():
                return _literal_type(expr)
            case ast.Name(name=name):
                return env.get(name)
            case ast.Neg(operand=operand):
                t = self.type_of(operand, env, where)
                return t if numeric(t) else None
            case ast.Not(operand=operand) | ast.BinOp(op="and" | "or", left=operand):
                operands = [operand, expr.right] if isinstance(expr, ast.BinOp) else [operand]
                if any(self.type_of(o, env, where) not in ("bool", None) for o in operands):
                    bad("a number used as a condition", "compare it, e.g. `执行率 >= 90%`")
                return "bool"
            case ast.BinOp(op=op, left=left, right=right):
                a, b = self.type_of(left, env, where), self.type_of(right, env, where)
                if not numeric(a, b):
                    return "bool" if op in CMP else None
                if op in CMP + ("+", "-") and _clash(a, b):
                    bad(f"{WORDS[str(a)]} {dict({'+': 'plus', '-': 'minus'}).get(op, 'compared with')} {WORDS[str(b)]}")
                if op in CMP:
                    return "bool"
                if op in ("+", "-"):
                    return _join(a, b)
                if op == "*":
                    return b if a in ("number", "rate") else (a if b in ("number", "rate") else None)
                if a == b and a in TYPED:  # amount / amount is a rate
                    return "rate"
                return a if b in ("number", "rate") else ("number" if a in ("number", "amount", "count") else None)
            case ast.Call(func=func, args=args):
                types = [self.type_of(arg, env, where) for arg in args]
                if not args or not numeric(*types):
                    return None
                joined = types[0]
                for t in types[1:] if func in ("min", "max") else ():
                    if _clash(joined, t):
                        bad(f"{WORDS[str(joined)]} and {WORDS[str(t)]} in {func}()")
                    joined = _join(joined, t)
                return joined
            case ast.Conditional(condition=cond, then=then, otherwise=otherwise):
                if self.type_of(cond, env, where) not in ("bool", None):
                    bad("a number used as a condition", "compare it, e.g. `如果 执行率 >= 90% 则 …`")
                return _join(self.type_of(then, env, where), self.type_of(otherwise, env, where))
        return None  # pragma: no cover - the parser makes no other expressions

    def range_of(self, expr: ast.Expr, env: Mapping[str, Iv | None], where: str | None) -> Iv | None:
        """The values an expression can take (None: unknown, or not a number); denominators that can be 0 are
        reported when ``where`` is given."""
        match expr:
            case ast.Number(value=value):
                return Iv(value, value)
            case ast.Name(name=name):
                return env.get(name)
            case ast.Neg(operand=operand):
                r = self.range_of(operand, env, where)
                return None if r is None else neg(r)
            case ast.Not(operand=operand):
                self.range_of(operand, env, where)
            case ast.BinOp(op=op, left=left, right=right):
                a, b = self.range_of(left, env, where), self.range_of(right, env, where)
                if op == "/" and b is not None and b.has(ZERO):
                    if where is not None and not (isinstance(right, ast.Name) and f"≠{right.name}" in env):
                        said = "0" if isinstance(right, ast.Number) else f"{self.text(right.span)}, which {_can(b)} 0"
                        self.zero(right, b, f"{where} divides by {said}")
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
        for fact in _conjuncts(cond) if holds else [cond]:
            if not (isinstance(fact, ast.BinOp) and fact.op in CMP):
                continue
            if isinstance(fact.left, ast.Name):
                name, op, other = fact.left.name, fact.op, fact.right
            elif isinstance(fact.right, ast.Name):
                name, op, other = fact.right.name, FLIP[fact.op], fact.left
            else:
                continue
            bound, current = self.range_of(other, env, None), new.get(name, env.get(name))
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

    def zero(self, expr: ast.Expr, r: Iv, message: str) -> None:
        """A denominator that can be 0, with the fix where there is one: declare the input positive."""
        hint = None
        if isinstance(expr, ast.Name) and expr.name in self.inputs and r.lo != r.hi:
            decl = self.inputs[expr.name]
            hint = f"declare the input positive: `输入 {decl.name} {KEYWORDS[decl.type]}{' ' + (decl.unit or '')}"
            hint = hint.rstrip() + " > 0`"
        elif isinstance(expr, ast.Name):
            hint = f"make sure {expr.name} cannot be 0, or guard it: `如果 {expr.name} == 0 则 0 否则 …`"
        elif not isinstance(expr, ast.Number):
            hint = "guard the division: `如果 分母 > 0 则 … 否则 …`"
        self.error("division", expr.span, message, hint)

    # ---- indicators

    def indicator(self, ind: ast.Indicator) -> None:
        code, weight, rule = ind.code, self.weights[id(ind)], ind.rule
        self.clauses(ind)
        target = ind.target.value if ind.target is not None else None
        has_actual = ind.actual is not None or tree.reads_own_actual(ind)
        base = {"weight": None, "actual": None if has_actual else f"{code} has no actual",
                "target": None if target is not None else f"{code} has no numeric target"}  # fmt: skip
        # The indicator's own names over the rubric's, not a copy of them: thousands of metrics stay linear.
        types: ChainMap[str, str | None] = ChainMap({"weight": "points"}, self.types)
        ranges: ChainMap[str, Iv | None] = ChainMap({"weight": Iv(weight, weight)}, self.ranges)
        if target is not None:
            where = f"the target of {code}"
            itself = {"actual": "a target cannot use the actual", "target": "a target cannot refer to itself"}
            self.names(target, where, {**base, **itself})
            types["target"], ranges["target"] = self.type_of(target, types, where), self.range_of(target, ranges, where)
            self.numeric(types["target"], target, where)
        itself = {"actual": "an actual cannot refer to itself"}
        types["actual"], ranges["actual"] = self.actual(ind, {**base, **itself}, types, ranges)
        at, domain = types["actual"], ranges["actual"] or ALL
        if target is not None:
            self.against(target, at, f"the target `{self.text(target.span)}` of {code}", types)
        for where, expr in self.rule_exprs(ind):
            self.names(expr, where, base)
            t = self.type_of(expr, types, where)
            if not where.startswith("a band"):
                self.numeric(t, expr, where)
            elif t not in ("bool", None):
                self.error("types", expr.span, f"{where} is a number, not a condition: `{self.text(expr.span)}`",
                           "compare it, e.g. `当 执行率 >= 90%`")  # fmt: skip
            if not where.startswith("the formula"):
                self.range_of(expr, ranges, where)
        if ind.criteria is not None:
            self.wording(ind, weight)
        match rule:
            case None:
                return
            case ast.Proportional():
                self.proportional(ind, rule, target, ranges, types)
            case ast.Deduct():
                for amount, what in ((rule.amount, "deduction"), (rule.max, "maximum deduction"), (rule.step, "step")):
                    if amount is not None and amount.value <= 0:
                        self.error("bounds", amount.span, f"the {what} of {code} is {self.text(amount.span)}: "
                                   "it must be more than 0")  # fmt: skip
                self.against(rule.step, at, f"the step `{self.text(rule.step.span)}` of {code}", types)
                if rule.limit is not None:
                    self.against(rule.limit, at, f"the limit `{self.text(rule.limit.span)}` of {code}", types)
            case ast.Bands():
                self.bands(ind, rule, weight, at, domain)
            case ast.Checklist(items=items):
                self.items(ind, items, "checklist", rule.span)
            case ast.Levels(levels=levels):
                if not levels:
                    self.error("levels", rule.span, f"the levels of {code} are empty", "e.g. `达成：100%`")
                self.duplicates(((lv.label, lv.span) for lv in levels), "level", f" in {code}", "levels")
                for level in levels:
                    self.award(ind, level.award, weight, f"level {level.label}")
            case ast.Judged(award=award):
                self.award(ind, award, weight, "the judged score")
            case ast.Formula(expr=expr):
                self.formula(ind, expr, weight, types, ranges)
            case ast.Linear(zero_at=zero_at, full_at=full_at):
                for end in (zero_at, full_at):
                    self.against(end, at, f"the linear bound `{self.text(end.span)}` of {code}", types)
                low, high = self.range_of(zero_at, ranges, None), self.range_of(full_at, ranges, None)
                if low is not None and high is not None and add(high, neg(low)).has(ZERO):
                    same = low.lo == low.hi == high.lo == high.hi
                    ends = "starts and ends" if same else "can start and end"
                    message = f"the linear rule of {code} {ends} at the same value"
                    (self.error if same else self.warn)("division", rule.span, message, "e.g. `线性 从 60% 到 100%`")
        self.direction(ind, rule, weight, domain)

    def clauses(self, ind: ast.Indicator) -> None:
        """One scoring rule, each clause once; redistributing needs someone to redistribute to."""
        if ind.rule is None:
            self.error("clauses", ind.span, f"indicator {ind.code} ({ind.name}) has no scoring rule", RULE_HINT)
        counts: dict[str, int] = {}
        for clause in ind.extra_clauses:
            counts[clause] = counts.get(clause, 0) + 1
            word = "if_not_applicable" if clause == "not_applicable" else clause
            words = tuple(w for r in RULES for w in (r, KEYWORDS[r])) if clause == "rule" else (word, KEYWORDS[word])
            span = self.line_span(ind.span, words, counts[clause])
            if clause == "rule":
                self.error("clauses", span, f"indicator {ind.code} has more than one scoring rule", "keep one rule")
            else:
                self.error("clauses", span, f"clause {KEYWORDS[word]} ({word}) is written twice in {ind.code}")
        if ind.not_applicable == "redistribute":
            parent = self.parent.get(id(ind))
            siblings = parent.children if parent else self.rubric.nodes
            if not [n for n in siblings if n is not ind and not _is_bonus(n)]:
                self.error("clauses", self.line_span(ind.span, ("不适用时", "if_not_applicable"), 0),
                           f"{ind.code} gives its weight to its siblings when not applicable, but has none",
                           "use 折算 (rescale) or 满分 (full)")  # fmt: skip

    def wording(self, ind: ast.Indicator, weight: Decimal) -> None:
        """The author's own 评分标准 must not state a number the rule does not use: the two would disagree."""
        known = _rule_numbers(ind, weight)
        keyword = self.line_span(ind.span, ("评分标准", "criteria"), 0)
        line_end = self.source.text.find("\n", keyword.start)
        line = self.source.text[keyword.start : line_end if line_end >= 0 else len(self.source.text)]
        starts, scoring = _scoring_sentences(line)
        uses = None
        for match in _WORDING_NUMBER.finditer(line):
            if not scoring[bisect.bisect_right(starts, match.start()) - 1]:
                continue  # "上报指标数为 912296": a description, not the rule
            number, over, sign = match.group(1), match.group(2), match.group(3)
            if over is not None and Decimal(over) == 0:
                continue
            value = Decimal(number) / Decimal(over) if over else Decimal(number)
            scale = _SCALE.get(sign, 1)
            if value / scale in known or scale == 1 and value / 100 in known:  # 9 个百分点 = 9%
                continue
            start = keyword.start + match.start()
            column = keyword.column + match.start()
            span = Span(start, start + len(match.group(0)), keyword.line, column, keyword.line, column + len(match.group(0)))
            if uses is None:  # once per indicator: a rule may state thousands of numbers
                uses = "、".join(_wording_text(v) for v in heapq.nsmallest(8, known - {ZERO, ONE, weight})) or "none"
            self.warn("wording", span, f"the 评分标准 of {ind.code} says {match.group(0)}, a number its rule does not use",
                      f"correct the wording or the rule; the rule uses: {uses}")  # fmt: skip

    def numeric(self, t: str | None, expr: ast.Expr, where: str) -> None:
        if t == "bool":
            self.error("types", expr.span, f"{where} is a condition, not a number: `{self.text(expr.span)}`")

    def actual(self, ind: ast.Indicator, blocked: Mapping[str, str | None], types: Types,
               ranges: Mapping[str, Iv | None]) -> tuple[str | None, Iv | None]:  # fmt: skip
        """The actual's type and range; a completion's items are checked on the way."""
        actual = ind.actual
        if isinstance(actual, ast.ActualExpr):
            where = f"the actual of {ind.code}"
            self.names(actual.expr, where, blocked)
            t = self.type_of(actual.expr, types, where)
            self.numeric(t, actual.expr, where)
            return t, self.range_of(actual.expr, ranges, where)
        if isinstance(actual, ast.Completion):
            self.items(ind, actual.items, "completion", actual.span)
            for item in actual.items:
                if item.target is not None:
                    where = f"the target of item {item.name} in {ind.code}"
                    self.names(item.target, where, blocked)
                    self.numeric(self.type_of(item.target, types, where), item.target, where)
                    r = self.range_of(item.target, ranges, where)
                    if r is not None and r.has(ZERO):
                        self.zero(item.target, r, f"{where} {_can(r)} 0, and the item's completion divides by it")
            return "rate", UNIT
        if actual is None and not tree.reads_own_actual(ind):
            return None, None
        t = tree.own_actual_type(ind)
        return t, (NONNEG if t in ("amount", "count") else ALL)

    def rule_exprs(self, ind: ast.Indicator) -> list[tuple[str, ast.Expr]]:
        code = ind.code
        match ind.rule:
            case ast.Proportional(cutoff=cutoff) if cutoff is not None:
                return [(f"the cutoff of {code}", cutoff)]
            case ast.Deduct(limit=limit) if limit is not None:
                return [(f"the deduction limit of {code}", limit)]
            case ast.Linear(zero_at=zero_at, full_at=full_at):
                return [(f"the linear rule of {code}", zero_at), (f"the linear rule of {code}", full_at)]
            case ast.Formula(expr=expr):
                return [(f"the formula of {code}", expr)]
            case ast.Bands(bands=bands):
                return [(f"a band condition of {code}", b.condition.condition) for b in bands
                        if isinstance(b.condition, ast.When)]  # fmt: skip
        return []

    def against(self, expr: ast.Expr, actual: str | None, what: str, types: Types) -> None:
        """What the actual is compared with is in the actual's unit; a bare 90 against a rate is suspicious."""
        t, code = self.type_of(expr, types, None), what.split()[-1]
        if _clash(actual, t):
            self.error("types", expr.span, f"{what} is {WORDS[str(t)]}, but the actual of {code} is "
                       f"{WORDS[str(actual)]}", "write it in the actual's unit, or declare the actual's type: "
                       "`实际 比率`")  # fmt: skip
        elif actual == "rate" and isinstance(expr, ast.Number) and t == "number" and abs(expr.value) > 1:
            value = _num(expr.value)
            self.warn("types", expr.span, f"{what} compares a percentage with {value}, which is {_pct(expr.value)}",
                      f"write {value}% if a percentage is meant")  # fmt: skip

    def award(self, ind: ast.Indicator, award: ast.Award, weight: Decimal, what: str) -> None:
        if isinstance(award, ast.AmountRange) and _points(award.low, weight) > _points(award.high, weight):
            self.error("bounds", award.span, f"{what} of {ind.code} has a backward range `{self.text(award.span)}`",
                       "write the low end first: `8分~9分`")  # fmt: skip
        for amount in [award] if isinstance(award, ast.Amount) else [award.low, award.high]:
            if _points(amount, weight) > weight and id(ind) not in self.in_bonus:
                self.error("bounds", amount.span, f"{what} of {ind.code} awards {self.text(amount.span)}, "
                           f"more than its weight {_num(weight)}", "an award is at most the weight (100%)")  # fmt: skip

    def items(self, ind: ast.Indicator, items: tuple[ast.Item, ...], kind: str, span: Span) -> None:
        """Items are named once; their shares are all given or all left out, and make exactly 100%."""
        code = ind.code
        if not items:
            self.error("shares", span, f"the {kind} of {code} has no items")
            return
        self.duplicates(((i.name, i.span) for i in items), "item", f" in {code}")
        shared = [(i, i.share) for i in items if i.share is not None]
        if shared and len(shared) < len(items):
            lacking = next(i for i in items if i.share is None)
            self.error("shares", lacking.span, f"item {lacking.name} of {code} has no share, but other items do",
                       "give every item a share, or none (equal shares)")  # fmt: skip
            return
        values = [self.share(share, f" in {code}") for _, share in shared]
        total = sum((v for v in values if v is not None), Fraction(0))
        if shared and None not in values and total != 1:
            terms = " + ".join(f"{i.name} {self.text(share.span)}" for i, share in shared)
            gap = f"{_frac(1 - total)} missing" if total < 1 else f"{_frac(total - 1)} too many"
            self.error("shares", span, f"shares of the {kind} of {code} sum to {_frac(total)}, not 100% ({terms}): "
                       f"{gap}", "shares are parts of the weight that add up to 100% (fractions like 1/6 are exact)")

    def proportional(self, ind: ast.Indicator, rule: ast.Proportional, target: ast.Expr | None,
                     ranges: Mapping[str, Iv | None], types: Types) -> None:  # fmt: skip
        code = ind.code
        if rule.cap is not None and rule.cap < 1:
            self.error("bounds", rule.span, f"the cap {_pct(rule.cap)} of {code} is below 100%",
                       "a cap rewards over-achievement: 封顶 120%")  # fmt: skip
        if rule.cutoff is not None:
            what = f"the cutoff `{self.text(rule.cutoff.span)}` of {code}"
            self.against(rule.cutoff, types.get("actual"), what, types)
        if target is None:
            self.error("clauses", ind.target.span if ind.target else rule.span,
                       f"the proportional rule of {code} needs a numeric target", "e.g. `目标 100%` or `目标 ≥ 90%`")
            return
        low, actual = ranges.get("target"), ranges.get("actual")
        if not rule.reverse and low is not None and low.has(ZERO):
            self.zero(target, low, f"the target of {code} {_can(low)} 0, and the proportional rule divides by it")
        # An actual given in the data has no declared domain: a 0 there is reported when scoring.
        if rule.reverse and isinstance(ind.actual, (ast.ActualExpr, ast.Completion)) and actual and actual.has(ZERO):
            message = f"the actual of {code} {_can(actual)} 0, and the reverse proportional rule divides by it"
            if isinstance(ind.actual, ast.ActualExpr):
                self.zero(ind.actual.expr, actual, message)
            else:
                self.error("division", ind.actual.span, message, "a completion rate can be 0: drop 反向 (reverse)")

    def bands(self, ind: ast.Indicator, rule: ast.Bands, weight: Decimal, at: str | None, domain: Iv) -> None:
        code, bands = ind.code, rule.bands
        if not bands:
            self.error("bands", rule.span, f"the bands of {code} are empty", "e.g. `≥ 95%：100%` then `否则：0%`")
            return
        for band in bands:
            self.award(ind, band.award, weight, f"band `{self.text(band.condition.span)}`")
            numbers = _numbers(band.condition)
            if numbers:  # an interval's edges share a unit: look at the one written with it
                edge = next((n for n in numbers if n.unit), numbers[-1])
                self.against(edge, at, f"band `{self.text(band.condition.span)}` of {code}", self.types)
        if any(isinstance(b.condition, ast.When) for b in bands):
            if not isinstance(bands[-1].condition, ast.Otherwise):
                self.error("bands", rule.span, f"the bands of {code} use 当 (when) conditions and must end with an "
                           "otherwise band", "add `否则：0分` as the last band")  # fmt: skip
            for band in bands[:-1]:
                if isinstance(band.condition, ast.Otherwise):
                    self.error("bands", band.span, f"the otherwise band of {code} is not last: the bands after it "
                               "never match", "move 否则 (otherwise) to the end")  # fmt: skip
            return
        pct = any(_literal_type(n) == "rate" for b in bands for n in _numbers(b.condition))
        entries = [(f"`{self.text(b.condition.span)}`", b.condition, b.span) for b in bands]
        self.coverage(entries, domain, code, "actual", "band", pct, rule.span)

    def formula(self, ind: ast.Indicator, expr: ast.Expr, weight: Decimal, types: Types,
                ranges: Mapping[str, Iv | None]) -> None:  # fmt: skip
        t = self.type_of(expr, types, None)
        if t in ("rate", "amount", "count"):
            self.warn("types", expr.span, f"the formula of {ind.code} gives {WORDS[t]}, not points",
                      "multiply by weight, e.g. `weight * actual / target`")  # fmt: skip
        r = self.range_of(expr, ranges, f"the formula of {ind.code}")
        if r is not None and (r.lo < 0 or r.hi > weight):
            self.warn("bounds", expr.span, f"the formula of {ind.code} can give {_fmt(r, False)}, outside [0, "
                      f"{_num(weight)}]: such scores will be clamped")  # fmt: skip

    # ---- direction

    def direction(self, ind: ast.Indicator, rule: ast.Rule, weight: Decimal, domain: Iv) -> None:
        """The rule rewards what the indicator's direction (declared, or implied by its target) calls better."""
        wanted, rewards, hint = tree.direction(ind), None, None
        match rule:
            case ast.Proportional(reverse=reverse):
                rewards, hint = ("lower" if reverse else "higher"), "按比例 反向 (reverse) rewards a lower actual"
            case ast.Deduct(side=side) if side != "beyond":
                rewards = "lower" if side == "above" else "higher"
                hint = "扣 … 超过 (above) deducts for a high actual, 扣 … 低于 (below) for a low one"
            case ast.Linear(zero_at=ast.Number(value=z), full_at=ast.Number(value=f)) if z != f:
                rewards, hint = ("higher" if f > z else "lower"), "swap 从 (from) and 到 (to)"
            case ast.Bands(bands=bands) if not any(isinstance(b.condition, ast.When) for b in bands):
                rewards, hint = self.band_direction(bands, weight, domain), "check the bands' awards"
        if wanted is None or rewards is None or rewards == wanted:
            return
        if ind.direction is not None:
            span = self.line_span(ind.span, ("方向", "direction"), 0)
            message = f"{ind.code} is declared {DIRECTION[wanted]} but its rule rewards a {rewards} actual"
        else:
            span = ind.target.span if ind.target is not None else ind.span
            message = f"the target `{self.text(span)}` of {ind.code} means {DIRECTION[wanted]}, but its rule rewards " \
                      f"a {rewards} actual"  # fmt: skip
        self.error("direction", span, message, hint)

    def band_direction(self, bands: tuple[ast.Band, ...], weight: Decimal, domain: Iv) -> str | None:
        """Awards read left to right along the actual: rising means higher is better, falling lower."""
        regions = [[r for r in (domain.meet(p) for p in _pieces(band.condition)) if not r.empty] for band in bands]
        awards = [_award_value(band.award, weight) for band in bands]
        values = [awards[k] for k in Cover(regions, domain).owners_in_order()]
        pairs = list(zip(values, values[1:]))
        if all(a <= b for a, b in pairs) and any(a < b for a, b in pairs):
            return "higher"
        if all(a >= b for a, b in pairs) and any(a > b for a, b in pairs):
            return "lower"
        return None

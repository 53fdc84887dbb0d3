"""Static checks: every problem in a rubric, reported at once, before any data is seen.

The evaluator trusts what passes here (weights add up, names exist, bands leave no
gap, nothing divides by zero), so scoring never fails on a mistake in the rubric.
Walks over the node tree are iterative (trees may be 10,000 levels deep); walks
over expressions recurse, as the parser does.
"""


from __future__ import annotations

import difflib
from decimal import Context, Decimal, localcontext
from fractions import Fraction

import attrs

from .. import ast, tree
from ..errors import CheckError, Diagnostic
from ..intervals import ALL, NONNEG, ZERO, Iv, hull, ray
from ..keywords import KEYWORDS
from ..limits import paused_gc
from ..messages import Language, Message, keyword, msg
from ..rules.common import condition_numbers
from ..printer import format_share
from ..source import Source, Span
from .indicators import IndicatorCheck as IndicatorCheck
from .indicators import IndicatorChecks
from .refs import NO_REFS, NO_TOTAL
from .report import RESERVED, WORDS, clash, frac, is_bonus, literal_type, num, subexprs


def check(rubric: ast.Rubric, source: Source, language: Language | None = None) -> list[Diagnostic]:
    """Every error and warning in the rubric, sorted by position; worded in ``language`` (default: the rubric's)."""
    return _sorted(_run(rubric, source), language)


@attrs.frozen
class Checked:
    """A rubric without errors: its warnings, and the types the checker found — of each input, metric and
    survey by its name, of each indicator's actual by its code (``rate``, ``amount`` …; None: unknown) —
    which an explanation shows values as (80%, not 0.8)."""

    warnings: list[Diagnostic]
    kinds: dict[str, str | None]


def check_or_raise(rubric: ast.Rubric, source: Source, language: Language | None = None) -> Checked:
    """The warnings of a rubric without errors; raise :class:`CheckError` with everything otherwise."""
    checker = _run(rubric, source)
    found = _sorted(checker, language)
    if any(d.severity == "error" for d in found):
        raise CheckError(found)
    return Checked(found, {**checker.types, **checker.actual_types})


def _run(rubric: ast.Rubric, source: Source) -> _Checker:
    checker = _Checker(rubric, source)
    with localcontext(Context(prec=60, Emax=999_999, Emin=-999_999, traps=[])), paused_gc():  # bounds never raise
        checker.run()
    return checker


def _sorted(checker: _Checker, language: Language | None) -> list[Diagnostic]:
    return sorted((d.in_language(language) for d in checker.found), key=lambda d: (d.span.line, d.span.column))


class _Checker(IndicatorChecks):
    """The rubric as a whole: settings, declarations, metrics, surveys, the tree's weights, the grades."""

    def run(self) -> None:
        self.settings()
        self.declarations()
        self.surveys()
        self.metric_order()
        self.tree_weights()
        self.grades()
        self.ref_cycles()
        for node in self.nodes:
            if isinstance(node, ast.Indicator):
                self.peer_scope = node.code  # 排名(实际) in it compares its own actual
                self.indicator(node)
        self.peer_scope = None

    # ---- settings, declarations, metrics, surveys

    def roll_up(self) -> None:
        """上级得分: the two shares make 100%; the column names the superior, it is no input."""
        up = self.rubric.roll_up
        if up is None:
            return
        own = Fraction(up.own.numerator) / Fraction(up.own.denominator) if up.own is not None else Fraction(0)
        total = own + Fraction(up.subordinates.numerator) / Fraction(up.subordinates.denominator)
        if total != 1:
            self.error("shares", up.span, msg("shares.roll-up", own=format_share(up.own) if up.own else "0%",
                                              subordinates=format_share(up.subordinates), sum=frac(total)),
                       msg("shares.roll-up-hint"))  # fmt: skip
        if any(i.name == up.column for i in self.rubric.inputs):
            self.error("settings", up.span, msg("settings.roll-up-input", column=up.column),
                       msg("settings.roll-up-input-hint", column=up.column))  # fmt: skip

    def settings(self) -> None:
        for name, span in self.rubric.repeated:
            self.error("settings", span, msg("settings.twice", word=keyword(name if name in KEYWORDS else "rubric")),
                       msg("settings.keep-one"))  # fmt: skip
        self.roll_up()
        total, maximum, whole = self.rubric.total, self.rubric.maximum, Span(0, len(self.source.text), 1, 1, 1, 1)
        if total <= 0:
            self.error("settings", self.line_span(whole, ("总分", "total"), 0), msg("settings.total"))
        self.lowest(whole)
        if maximum is None:
            return
        span = self.line_span(whole, ("最高分", "maximum"), 0)
        reachable = total + sum((n.weight.value for n in self.rubric.nodes if is_bonus(n) and n.kind == "bonus"), ZERO)
        reachable += self.above_weights()
        if maximum < total:
            self.error("settings", span, msg("settings.maximum-below", maximum=num(maximum), total=num(total)),
                       msg("settings.maximum-below-hint"))  # fmt: skip
        elif maximum > reachable:
            what = msg("word.bonus-caps-above" if self.above_weights() else "word.bonus-caps")
            self.warn("settings", span, msg("settings.maximum-unreachable", maximum=num(maximum), what=what,
                                            reachable=num(reachable)))  # fmt: skip

    def lowest(self, whole: Span) -> None:
        """最低分 lets penalties take the total below 0: it is below 0, and something can take points."""
        minimum = self.rubric.minimum
        if minimum is None:
            return
        span = self.line_span(whole, ("最低分", "minimum"), 0)
        if minimum > 0:
            self.error("settings", span, msg("settings.minimum-above", minimum=num(minimum)),
                       msg("settings.minimum-above-hint"))
            return
        penalties = any(isinstance(n, ast.Group) and n.kind == "penalty" for n in self.rubric.nodes)
        if not penalties and not any(v.kind == "deduct" for v in self.rubric.vetoes):
            # 0 is reached (every indicator scoring nothing) but changes nothing; below 0 is never reached
            said = msg("settings.minimum-zero") if minimum == 0 else msg("settings.minimum-unreachable", minimum=num(minimum))
            self.warn("settings", span, said, msg("settings.minimum-unreachable-hint"))

    def above_weights(self) -> Decimal:
        """What the main tree's indicators can award above their weights (按比例 封顶 120%, 得分上限 6分)."""
        extra, stack = ZERO, [n for n in self.rubric.nodes if not is_bonus(n)]  # bonus groups have caps of their own
        while stack:
            node = stack.pop()
            if isinstance(node, ast.Group):
                stack.extend(c for c in node.children if not is_bonus(c))
            elif node.rule is not None:
                weight = self.weights[id(node)]
                extra += max(node.ceiling(node.rule, weight) - weight, ZERO)
        return extra

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
                self.error("duplicate-name", span, msg("duplicate-name.reserved", kind=msg(f"word.{kind}"), name=name),
                           msg("duplicate-name.reserved-hint"))  # fmt: skip
            elif name in codes:
                self.error("duplicate-name", span, msg("duplicate-name.code", kind=msg(f"word.{kind}"), name=name,
                                                       line=codes[name].line), msg("duplicate-name.code-hint"))  # fmt: skip
        self.fact_declarations()
        for decl in self.rubric.inputs:
            if decl.fact:
                continue
            domain, upper = decl.domain, decl.upper
            for end in (domain, upper):
                if end is not None and clash(decl.type, literal_type(end.value)):
                    self.error("types", end.span, msg("types.domain", name=decl.name,
                                                      domain=WORDS[literal_type(end.value)], type=WORDS[decl.type]))
                    break
            default = NONNEG if decl.type in ("amount", "count") else ALL
            pieces = ray(domain.op, domain.value.value) if domain is not None else [default]
            bounded = hull(*pieces)
            if upper is not None:
                bounded = bounded.meet(hull(*ray(upper.op, upper.value.value)))
                if bounded.empty:
                    self.error("bounds", upper.span, msg("bounds.domain-empty", name=decl.name),
                               msg("bounds.domain-empty-hint"))  # fmt: skip
            self.ranges.setdefault(decl.name, bounded)
            if domain is not None and domain.op == "!=" and domain.value.value == 0:
                self.ranges[f"≠{decl.name}"] = ALL
            self.types.setdefault(decl.name, decl.type)

    def metric_order(self) -> None:
        """Type and bound each metric after the metrics it reads; a cycle is an error."""
        deps = {m.name: [e.name for e in subexprs(m.expr) if isinstance(e, ast.Name) and e.name in self.metrics]
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
                    self.error("cycle", self.metrics[nxt].span, msg("cycle.metric", name=nxt, cycle=cycle),
                               msg("cycle.metric-hint"))  # fmt: skip
                elif nxt not in state:
                    state[nxt] = 1
                    path.append(nxt)
                    stack.append(iter(deps[nxt]))
        blocked: dict[str, Message | None] = dict.fromkeys(ast.RULE_NAMES, msg("blocked.metric-outside"))
        blocked[NO_REFS] = blocked[NO_TOTAL] = msg("blocked.metric-before")
        for name in order:
            metric, where = self.metrics[name], msg("where.metric", name=name)
            self.names(metric.expr, where, blocked)
            self.types[name] = self.type_of(metric.expr, self.types, where)
            self.ranges[name] = self.range_of(metric.expr, self.ranges, where)

    def surveys(self) -> None:
        for survey in self.rubric.surveys:
            where = msg("where.in-survey", name=survey.name)
            if not survey.options or not survey.questions:
                self.error("shares", survey.span, msg("shares.survey-empty", name=survey.name),
                           msg("shares.survey-empty-hint"))  # fmt: skip
            self.duplicates(((o.label, o.span) for o in survey.options), "option", where)
            self.duplicates(((q.name, q.span) for q in survey.questions), "question", where)
            counted = [(o, o.share) for o in survey.options if o.share is not None]
            if survey.options and not counted:
                self.error("shares", survey.options[0].span, msg("shares.all-excluded", where=where),
                           msg("shares.all-excluded-hint"))  # fmt: skip
            values = [self.share(share, where) for _, share in counted]
            for (option, share), value in zip(counted, values):
                if value is not None and value > 1:
                    self.error("shares", share.span, msg("shares.option-over", label=option.label, where=where,
                                                         text=self.text(share.span)))  # fmt: skip
            weighted = [q for q in survey.questions if q.weight is not None]
            if weighted and len(weighted) < len(survey.questions):
                bare = next(q for q in survey.questions if q.weight is None)
                self.error("shares", bare.span, msg("shares.question-bare", name=bare.name, where=where),
                           msg("shares.question-bare-hint"))  # fmt: skip
            elif weighted:
                self.parts_sum([(q.name, q.weight, q.span) for q in weighted], "question-weights", where)
            self.duplicates(((c.name, c.span) for c in survey.channels), "channel", where)
            self.parts_sum([(c.name, c.share, c.span) for c in survey.channels], "channel-weights", where)
            known = [Decimal(v.numerator) / Decimal(v.denominator) for v in values if v is not None]
            self.types[survey.name] = "rate"
            self.ranges[survey.name] = Iv(min(known), max(known)) if known else None

    def parts_sum(self, parts: list[tuple[str, ast.Share | None, Span]], what: str, where: Message) -> None:
        """Question or channel weights: each above 0, together exactly 100%."""
        if not parts:
            return
        total = Fraction(0)
        for name, share, at in parts:
            value = self.share(share, where) if share is not None else None
            if value is None:
                return
            if value <= 0:
                self.error("shares", at, msg("shares.part-zero", name=name, where=where,
                                             text=self.text(share.span)))  # type: ignore[union-attr]
            total += value
        if total != 1:
            terms = " + ".join(f"{name} {self.text(share.span)}" for name, share, _ in parts[:12])  # type: ignore[union-attr]
            self.error("shares", parts[0][2], msg("shares.parts-sum", what=msg(f"word.{what}"), where=where,
                                                  total=frac(total), terms=terms), msg("shares.add-up"))  # fmt: skip

    # ---- the tree and the grades

    def tree_weights(self) -> None:
        """Children's points add up to their parent's exactly; children of bonus and penalty groups are free."""
        self.duplicates(((n.code, n.span) for n in self.nodes), "code", code="duplicate-code")
        for node in self.nodes:
            if isinstance(node, ast.Group) and node.uncapped and not node.children:
                self.error("weights", node.span, msg("weights.empty", where=msg("where.group", code=node.code,
                                                                                 name=node.name)))  # fmt: skip
            elif node.weight.value <= 0:
                what = msg("where.cap-of", kind=msg(f"word.{node.kind}"), code=node.code) if is_bonus(node) else \
                    msg("where.weight-of", code=node.code)  # fmt: skip
                self.error("weights", node.weight.span, msg("weights.not-positive", what=what),
                           msg("weights.not-positive-hint"))  # fmt: skip
            if isinstance(node, ast.Group) and node.kind == "group":
                self.sum_weights(node)
            if isinstance(node, ast.Group) and node.uncapped:
                for child in node.children:
                    if child.weight.percent:  # a share of what? the group's cap is the children's points
                        self.error("weights", child.weight.span, msg("weights.uncapped-share", code=child.code,
                                                                     group=node.code), msg("weights.uncapped-share-hint"))
        self.sum_weights(None)

    def sum_weights(self, group: ast.Group | None) -> None:
        counted = [n for n in (group.children if group else self.rubric.nodes) if not is_bonus(n)]
        if group is None:
            expected, whose = self.rubric.total, msg("where.top-level")
            wanted: str | Message = msg("where.the-total", total=num(self.rubric.total))
        else:
            expected, whose = self.weights[id(group)], msg("where.children", code=group.code, name=group.name)
            wanted = num(expected)
        if not counted:
            where = msg("where.group", code=group.code, name=group.name) if group else msg("where.rubric")
            self.error("weights", group.span if group else self.rubric.span, msg("weights.empty", where=where))
            return
        total = sum((self.weights[id(n)] for n in counted), ZERO)
        if total != expected:
            terms = " + ".join(f"{n.code} {num(self.weights[id(n)])}" for n in counted[:12])
            terms += " + …" if len(counted) > 12 else ""
            gap = msg("weights.missing", amount=num(expected - total)) if total < expected else \
                msg("weights.too-many", amount=num(total - expected))  # fmt: skip
            message = msg("weights.sum", whose=whose, total=num(total), wanted=wanted, terms=terms, gap=gap)
            shares = [n for n in counted if n.weight.percent]
            hint = msg("weights.sum-hint")
            if group is not None and group.aggregate == "highest" and all(self.weights[id(n)] == expected for n in counted):
                # 二选一 written as each alternative at the group's full weight: the group scores weight × the best rate
                hint = msg("weights.highest-hint", share=num(Decimal(100) / len(counted)))
            elif shares:  # `30%` is a share of the parent, not 30 points: a common slip
                n = shares[0]
                hint = msg("weights.share-hint", code=n.code, percent=num(n.weight.value * 100),
                           points=num(self.weights[id(n)]))  # fmt: skip
            self.error("weights", group.span if group else counted[0].span, message, hint)

    def grades(self) -> None:
        grades, labels = self.rubric.grades, [g.label for g in self.rubric.grades]
        self.duplicates(((g.label, g.span) for g in grades), "grade", code="grades")
        for veto in self.rubric.vetoes:
            self.veto(veto, labels)
        free = [g for g in grades if isinstance(g.condition, ast.When)]
        for grade in grades:
            cond = grade.condition
            if isinstance(cond, ast.When):
                self.result_condition(cond.condition, msg("where.grade-condition", label=grade.label))
                continue
            if any(literal_type(n) == "rate" for n in condition_numbers(cond)):
                self.error("types", cond.span, msg("types.grade-percent", label=grade.label, text=self.text(cond.span)),
                           msg("types.grade-percent-hint"))  # fmt: skip
        unfinished = bool(free) and not isinstance(grades[-1].condition, ast.Otherwise)
        if unfinished:
            self.error("grades", free[0].span, msg("grades.unfinished", label=free[0].label),
                       msg("grades.unfinished-hint", label="不合格" if "不合格" not in labels else "其他"))
        # Conditions on the total cover [0, maximum]; grades decided by 当 stand before them (first match wins).
        entries: list[tuple[str, ast.Condition, Span]] = [
            (g.label, g.condition, g.span) for g in grades if not isinstance(g.condition, ast.When)]
        if entries and not unfinished:
            lowest = min(tree.minimum(self.rubric), ZERO)
            self.coverage(entries, Iv(lowest, tree.maximum(self.rubric)), None, "total", "grade", False, grades[0].span)

    def veto(self, veto: ast.Veto, labels: list[str]) -> None:
        """A veto caps the grade at a declared grade, takes points above 0, and is decided by a condition."""
        if veto.kind == "grade_at_most" and veto.grade not in labels:
            close = difflib.get_close_matches(veto.grade or "", labels, 1)
            hint = msg("grades.did-you-mean", label=close[0]) if close else \
                msg("grades.declared", labels=tuple(labels) or msg("word.none"))  # fmt: skip
            self.error("grades", veto.span, msg("grades.veto-grade", name=veto.name, grade=veto.grade), hint)
        if veto.amount is not None and veto.amount.value <= 0:
            self.error("bounds", veto.amount.span, msg("bounds.veto-amount", name=veto.name,
                                                       text=self.text(veto.amount.span)), msg("bounds.veto-amount-hint"))
        if veto.when is not None:
            self.result_condition(veto.when, msg("where.veto-condition", name=veto.name))

    def result_condition(self, expr: ast.Expr, where: Message) -> None:
        """A condition read once every node is scored (a grade's, a veto's): any input, metric, reference or 总分."""
        blocked: dict[str, Message | None] = dict.fromkeys(ast.RULE_NAMES, msg("blocked.whole-rubric"))
        self.names(expr, where, blocked)
        t = self.type_of(expr, self.types, where)
        if t not in ("bool", None):
            self.error("types", expr.span, msg("types.result-not-condition", where=where, text=self.text(expr.span)),
                       msg("types.result-not-condition-hint"))  # fmt: skip
        self.range_of(expr, self.ranges, where)

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

from .. import ast, tree
from ..errors import CheckError, Diagnostic
from ..intervals import ALL, NONNEG, ZERO, Iv, hull, ray
from ..keywords import KEYWORDS
from ..limits import paused_gc
from ..rules.common import condition_numbers
from ..source import Source, Span
from .indicators import IndicatorCheck as IndicatorCheck
from .indicators import IndicatorChecks
from .refs import NO_REFS, NO_TOTAL
from .report import RESERVED, WORDS, clash, frac, is_bonus, literal_type, num, subexprs


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
        reachable = total + sum((n.weight.value for n in self.rubric.nodes if is_bonus(n) and n.kind == "bonus"), ZERO)
        reachable += self.above_weights()
        if maximum < total:
            self.error("settings", span, f"the maximum {num(maximum)} is below the total {num(total)}",
                       "the maximum is the total plus the bonus caps; leave it out to use that")  # fmt: skip
        elif maximum > reachable:
            what = "bonus caps and what capped rules award above their weights" if self.above_weights() else "bonus caps"
            self.warn("settings", span, f"the maximum {num(maximum)} can never be reached: "
                      f"the total plus {what} is {num(reachable)}")  # fmt: skip

    def above_weights(self) -> Decimal:
        """What the main tree's indicators can award above their weights (按比例 封顶 120%): rule ceilings."""
        extra, stack = ZERO, [n for n in self.rubric.nodes if not is_bonus(n)]  # bonus groups have caps of their own
        while stack:
            node = stack.pop()
            if isinstance(node, ast.Group):
                stack.extend(c for c in node.children if not is_bonus(c))
            elif node.rule is not None:
                weight = self.weights[id(node)]
                extra += max(node.rule.ceiling(weight) - weight, ZERO)
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
                self.error("duplicate-name", span, f"{kind} {name} uses a reserved name", "choose another name")
            elif name in codes:
                self.error("duplicate-name", span, f"{kind} {name} has the same name as the code of the node at "
                           f"line {codes[name].line}", "data keys would clash: rename one of them")  # fmt: skip
        self.fact_declarations()
        for decl in self.rubric.inputs:
            if decl.fact:
                continue
            domain, upper = decl.domain, decl.upper
            for end in (domain, upper):
                if end is not None and clash(decl.type, literal_type(end.value)):
                    self.error("types", end.span, f"the domain of input {decl.name} is "
                               f"{WORDS[literal_type(end.value)]}, but {decl.name} is {WORDS[decl.type]}")  # fmt: skip
                    break
            default = NONNEG if decl.type in ("amount", "count") else ALL
            pieces = ray(domain.op, domain.value.value) if domain is not None else [default]
            bounded = hull(*pieces)
            if upper is not None:
                bounded = bounded.meet(hull(*ray(upper.op, upper.value.value)))
                if bounded.empty:
                    self.error("bounds", upper.span, f"the domain of input {decl.name} holds no value: its low end "
                               "is above its high end", "write the lower end first, e.g. `[0, 100%]`")  # fmt: skip
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
                    self.error("cycle", self.metrics[nxt].span, f"metric {nxt} depends on itself: {cycle}",
                               "a metric cannot use itself, directly or through other metrics")  # fmt: skip
                elif nxt not in state:
                    state[nxt] = 1
                    path.append(nxt)
                    stack.append(iter(deps[nxt]))
        blocked = dict.fromkeys(ast.RULE_NAMES, "metrics are computed outside any indicator")
        blocked[NO_REFS] = blocked[NO_TOTAL] = "metrics are computed before any indicator is scored: use it in " \
            "the indicator's formula or condition"  # fmt: skip
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
            counted = [(o, o.share) for o in survey.options if o.share is not None]
            if survey.options and not counted:
                self.error("shares", survey.options[0].span, f"every option{where} is excluded (不计入): "
                           "nothing is left to count", "give the counted options their weights, e.g. `满意 100%`")
            values = [self.share(share, where) for _, share in counted]
            for (option, share), value in zip(counted, values):
                if value is not None and value > 1:
                    self.error("shares", share.span, f"option {option.label}{where} is worth "
                               f"{self.text(share.span)}, more than 100%")  # fmt: skip
            weighted = [q for q in survey.questions if q.weight is not None]
            if weighted and len(weighted) < len(survey.questions):
                bare = next(q for q in survey.questions if q.weight is None)
                self.error("shares", bare.span, f"question {bare.name}{where} has no weight, but other questions do",
                           "weigh every question (权重 30%), or none to take their mean")  # fmt: skip
            elif weighted:
                self.parts_sum([(q.name, q.weight, q.span) for q in weighted], "question weights", where)
            self.duplicates(((c.name, c.span) for c in survey.channels), "channel", where)
            self.parts_sum([(c.name, c.share, c.span) for c in survey.channels], "channel weights", where)
            known = [Decimal(v.numerator) / Decimal(v.denominator) for v in values if v is not None]
            self.types[survey.name] = "rate"
            self.ranges[survey.name] = Iv(min(known), max(known)) if known else None

    def parts_sum(self, parts: list[tuple[str, ast.Share | None, Span]], what: str, where: str) -> None:
        """Question or channel weights: each above 0, together exactly 100%."""
        if not parts:
            return
        total = Fraction(0)
        for name, share, at in parts:
            value = self.share(share, where) if share is not None else None
            if value is None:
                return
            if value <= 0:
                self.error("shares", at, f"{name}{where} weighs {self.text(share.span)}: it must be more than 0")  # type: ignore[union-attr]
            total += value
        if total != 1:
            terms = " + ".join(f"{name} {self.text(share.span)}" for name, share, _ in parts[:12])  # type: ignore[union-attr]
            self.error("shares", parts[0][2], f"the {what}{where} sum to {frac(total)}, not 100% ({terms})",
                       "make them add up to 100%")

    # ---- the tree and the grades

    def tree_weights(self) -> None:
        """Children's points add up to their parent's exactly; children of bonus and penalty groups are free."""
        self.duplicates(((n.code, n.span) for n in self.nodes), "code", code="duplicate-code")
        for node in self.nodes:
            if node.weight.value <= 0:
                what = f"the cap of {node.kind} group" if is_bonus(node) else "the weight of"
                self.error("weights", node.weight.span, f"{what} {node.code} must be more than 0",
                           "write the points it is worth, e.g. `3` or `3分`")  # fmt: skip
            if isinstance(node, ast.Group) and node.kind == "group":
                self.sum_weights(node)
        self.sum_weights(None)

    def sum_weights(self, group: ast.Group | None) -> None:
        counted = [n for n in (group.children if group else self.rubric.nodes) if not is_bonus(n)]
        if group is None:
            expected, whose, wanted = self.rubric.total, "the top-level nodes", f"the total {num(self.rubric.total)}"
        else:
            expected, whose = self.weights[id(group)], f"the children of {group.code} ({group.name})"
            wanted = num(expected)
        if not counted:
            where = f"group {group.code} ({group.name})" if group else "the rubric"
            self.error("weights", group.span if group else self.rubric.span, f"{where} has no indicators")
            return
        total = sum((self.weights[id(n)] for n in counted), ZERO)
        if total != expected:
            terms = " + ".join(f"{n.code} {num(self.weights[id(n)])}" for n in counted[:12])
            terms += " + …" if len(counted) > 12 else ""
            gap = f"{num(expected - total)} missing" if total < expected else f"{num(total - expected)} too many"
            message = f"weights of {whose} sum to {num(total)}, not {wanted} ({terms}): {gap}"
            shares = [n for n in counted if n.weight.percent]
            hint = "change a weight to add up"
            if shares:  # `30%` is a share of the parent, not 30 points: a common slip
                n = shares[0]
                hint = (f"{n.code}'s weight {num(n.weight.value * 100)}% is a share of its parent "
                        f"({num(self.weights[id(n)])} points); write {num(n.weight.value * 100)} for points")
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
                self.result_condition(cond.condition, f"the condition of grade {grade.label}")
                continue
            if any(literal_type(n) == "rate" for n in condition_numbers(cond)):
                self.error("types", cond.span, f"grade {grade.label} compares the total (points) with a percentage: "
                           f"`{self.text(cond.span)}`", "write the points, e.g. `≥ 90`")  # fmt: skip
        unfinished = bool(free) and not isinstance(grades[-1].condition, ast.Otherwise)
        if unfinished:
            self.error("grades", free[0].span, f"grade {free[0].label} is decided by a condition (当 …), so the grades "
                       "need a last 否则 (otherwise) grade: a unit matching no condition would have no grade",
                       f"end with e.g. `{'不合格' if '不合格' not in labels else '其他'} 否则`")  # fmt: skip
        # Conditions on the total cover [0, maximum]; grades decided by 当 stand before them (first match wins).
        entries: list[tuple[str, ast.Condition, Span]] = [
            (g.label, g.condition, g.span) for g in grades if not isinstance(g.condition, ast.When)]
        if entries and not unfinished:
            self.coverage(entries, Iv(ZERO, tree.maximum(self.rubric)), None, "total", "grade", False, grades[0].span)

    def veto(self, veto: ast.Veto, labels: list[str]) -> None:
        """A veto caps the grade at a declared grade, takes points above 0, and is decided by a condition."""
        if veto.kind == "grade_at_most" and veto.grade not in labels:
            close = difflib.get_close_matches(veto.grade or "", labels, 1)
            hint = f"did you mean {close[0]}?" if close else "declared grades: " + (", ".join(labels) or "none")
            self.error("grades", veto.span, f"veto {veto.name} caps the grade at {veto.grade}, "
                       "which is not a declared grade", hint)  # fmt: skip
        if veto.amount is not None and veto.amount.value <= 0:
            self.error("bounds", veto.amount.span, f"veto {veto.name} takes {self.text(veto.amount.span)}: it must be "
                       "more than 0", "e.g. `扣 10分`")  # fmt: skip
        if veto.when is not None:
            self.result_condition(veto.when, f"the condition of veto {veto.name}")

    def result_condition(self, expr: ast.Expr, where: str) -> None:
        """A condition read once every node is scored (a grade's, a veto's): any input, metric, reference or 总分."""
        blocked = dict.fromkeys(ast.RULE_NAMES, "it is decided for the whole rubric, outside any indicator")
        self.names(expr, where, blocked)
        t = self.type_of(expr, self.types, where)
        if t not in ("bool", None):
            self.error("types", expr.span, f"{where} is a number, not a condition: `{self.text(expr.span)}`",
                       "compare it, e.g. `当 得分率(C1) < 80%`")  # fmt: skip
        self.range_of(expr, self.ranges, where)

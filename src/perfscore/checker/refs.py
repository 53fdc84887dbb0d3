"""The checks of references across the tree: 得分(B21), 得分率(B21), 实际(B21), 得分(B) and 总分.

A reference names a node that exists (else "did you mean"), asks a leaf for its actual only when it has
one, and never closes a cycle: the evaluator scores what a node reads before the node (docs/semantics.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property

from .. import ast, tree
from ..errors import Fix
from ..intervals import ALL, NONNEG, UNIT, ZERO, Iv
from ..messages import Message, msg
from ..source import Span
from .report import Reporter, Types

#: Keys of ``blocked`` (see ExprChecks.names) that say why a place may not read the total or another node.
NO_TOTAL = "总分"
NO_REFS = "得分()"
#: The words of each reference, as the author wrote them, for messages.
REF_WORDS = {"score": "得分", "rate": "得分率", "actual": "实际", "total": "总分"}
REF_HINT = msg("references.call-hint")


class RefChecks(Reporter):
    """References: the node exists and has the figure; its type and range; no cycle through references."""

    @cached_property
    def actuals(self) -> dict[int, tuple[str | None, Iv | None]]:
        """Each referenced indicator's actual type and range, worked out once."""
        return {}

    # The expression checks (ExprChecks) type and bound what references read.
    def type_of(self, expr: ast.Expr, env: Types, where: Message | None) -> str | None:
        raise NotImplementedError

    def range_of(self, expr: ast.Expr, env: Mapping[str, Iv | None], where: Message | None) -> Iv | None:
        raise NotImplementedError

    @cached_property
    def codes(self) -> dict[str, ast.Node]:
        found: dict[str, ast.Node] = {}
        for node in self.nodes:
            found.setdefault(node.code, node)
        return found

    def reference(self, ref: ast.Ref, where: Message, blocked: Mapping[str, Message | None]) -> None:
        if ref.what == "total":
            reason = blocked.get(NO_TOTAL)
            if reason is not None:
                self.error("references", ref.span, msg("references.total", where=where, reason=reason),
                           msg("references.total-hint"))  # fmt: skip
            return
        shown = self.text(ref.span) or f"{REF_WORDS[ref.what]}({ref.code})"  # as written: 得分(B1) or score(B1)
        word = shown.split("(")[0].strip()
        reason = blocked.get(NO_REFS)
        if reason is not None:
            self.error("references", ref.span, msg("references.blocked", where=where, shown=shown, reason=reason))
            return
        node = self.codes.get(ref.code or "")
        if node is None:
            best = None
            if self.suggester.affordable(len(self.codes)):
                best = self.suggester.closest(ref.code or "", sorted(self.codes), cutoff=0.5)  # codes are short: A3 ~ A1
            self.error("unknown-name", ref.span, msg("unknown-name.ref-code", code=ref.code, shown=shown, where=where),
                       msg("unknown-name.ref-did-you-mean", word=word, code=best) if best else
                       msg("unknown-name.ref-any"), Fix(ref.span, f"{word}({best})") if best else None)  # fmt: skip
        elif ref.what == "actual" and isinstance(node, ast.Group):
            self.error("references", ref.span, msg("references.group-actual", where=where, shown=shown, code=ref.code),
                       msg("references.group-actual-hint", code=ref.code))  # fmt: skip
        elif ref.what == "actual" and isinstance(node, ast.Indicator) and node.actual is None \
                and not tree.reads_own_actual(node):  # fmt: skip
            self.error("references", ref.span, msg("references.no-actual", where=where, shown=shown, code=ref.code),
                       msg("references.no-actual-hint", code=ref.code))  # fmt: skip

    def bad_reference_call(self, call: ast.Call, where: Message) -> None:
        """得分(…) with anything but one code in it."""
        self.error("references", call.span, msg("references.call", func=call.func, text=self.text(call.span),
                                                where=where), REF_HINT)  # fmt: skip

    # ---- what a reference can be

    def ref_type(self, ref: ast.Ref) -> str | None:
        if ref.what in ("score", "total"):
            return "points"
        if ref.what == "rate":
            return "rate"
        node = self.codes.get(ref.code or "")
        return self.leaf_actual(node)[0] if isinstance(node, ast.Indicator) else None

    def ref_range(self, ref: ast.Ref) -> Iv | None:
        if ref.what == "total":
            return Iv(min(tree.minimum(self.rubric), ZERO), tree.maximum(self.rubric))
        node = self.codes.get(ref.code or "")
        if node is None:
            return None
        if ref.what == "actual":
            return self.leaf_actual(node)[1] if isinstance(node, ast.Indicator) else None
        weight = self.weights[id(node)]
        most = weight
        if isinstance(node, ast.Indicator):
            if node.rule is None:
                return None
            most = node.ceiling(node.rule, weight)
        if ref.what == "score":
            return Iv(ZERO, most, True, most.is_finite())
        return UNIT if most == weight else (NONNEG if not most.is_finite() else Iv(ZERO, most / weight))

    def leaf_actual(self, ind: ast.Node | None) -> tuple[str | None, Iv | None]:
        """An indicator's actual type and range, for 实际(code) read elsewhere (quietly: its own checks report)."""
        if not isinstance(ind, ast.Indicator):
            return None, None
        key = id(ind)
        known = self.actuals
        if key in known:
            return known[key]
        known[key] = (None, None)  # while it is worked out: 实际(B1) in B1's own actual stays unknown
        actual = ind.actual
        if isinstance(actual, ast.ActualExpr):
            found = (self.type_of(actual.expr, self.types, None), self.range_of(actual.expr, self.ranges, None))
        elif isinstance(actual, ast.Completion):
            found = ("rate", UNIT)
        elif tree.reads_own_actual(ind):
            t = tree.own_actual_type(ind)
            found = (t, NONNEG if t in ("amount", "count") else ALL)
        else:
            found = (None, None)
        known[key] = found
        return found

    # ---- cycles

    def ref_cycles(self) -> None:
        """No node reads, through references and the groups holding it, its own score: each cycle named once."""
        edges: dict[int, list[tuple[ast.Node, Span | None]]] = {}
        any_ref = False
        for node in self.nodes:
            if isinstance(node, ast.Group):
                edges[id(node)] = [(child, None) for child in node.children]
                continue
            out: dict[int, tuple[ast.Node, Span | None]] = {}  # one edge per node read: a cycle is named once
            for ref in tree.refs_in(tree.indicator_exprs(node)):
                target = self.codes.get(ref.code or "") if ref.code is not None else None
                if target is not None and not (ref.what == "actual" and isinstance(target, ast.Group)):
                    out.setdefault(id(target), (target, ref.span))
                    any_ref = True
            edges[id(node)] = list(out.values())
        if not any_ref:
            return
        state: dict[int, int] = {}  # 1 on the path, 2 done
        for start in self.nodes:
            if id(start) in state:
                continue
            path: list[tuple[ast.Node, Span | None]] = [(start, None)]
            state[id(start)] = 1
            stack = [iter(edges[id(start)])]
            while stack:
                nxt = next(stack[-1], None)
                if nxt is None:
                    stack.pop()
                    state[id(path.pop()[0])] = 2
                    continue
                node, span = nxt
                if state.get(id(node)) == 1:
                    self.cycle(path, node, span)
                elif id(node) not in state:
                    state[id(node)] = 1
                    path.append((node, span))
                    stack.append(iter(edges[id(node)]))

    def cycle(self, path: list[tuple[ast.Node, Span | None]], back: ast.Node, span: Span | None) -> None:
        at = next(k for k, (node, _) in enumerate(path) if node is back)
        members = [node for node, _ in path[at:]]
        spans = [s for _, s in path[at + 1 :]] + [span]
        # The caret goes under the first reference of the cycle; reading a group that holds you is no reference.
        k = next(k for k, s in enumerate(spans) if s is not None)
        ring = members[k:] + members[:k]
        names = " → ".join(n.code for n in [*ring, ring[0]])
        first = ring[0]
        holder = any(s is None for s in spans)
        self.error("cycle", spans[k], msg("cycle.score", code=first.code, cycle=names),  # type: ignore[arg-type]
                   msg("cycle.score-hint-group" if holder else "cycle.score-hint"))


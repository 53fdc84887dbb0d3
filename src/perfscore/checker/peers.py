"""The checks of peer figures: 排名(实际), 最优值(执行率), 平均值(实际, 地区类别) compare one figure the first pass
can compute for every unit (an indicator's actual, an input, a metric, a survey), within a category input."""

from __future__ import annotations

from collections.abc import Mapping

from .. import ast, peers
from ..intervals import INF, UNIT, Iv
from ..keywords import PEER_FUNCTIONS
from ..messages import Message, msg
from ..numbers import ONE
from .report import Reporter, Types

#: The functions, as the hints list them.
LISTED = "排名, 单位数, 最优值, 平均值, 中位数, 百分位 (rank, peer_count, best, peer_mean, peer_median, percentile)"


class PeerChecks(Reporter):
    """What a peer function compares, where it may be read, and the type and range of what it gives."""

    #: The indicator whose expressions are being checked (a bare 实际 is its actual); None outside indicators.
    peer_scope: str | None = None

    def peer_call(self, call: ast.Call, where: Message) -> None:
        word = self.text(call.span).split("(")[0].strip() or PEER_FUNCTIONS[call.func]
        example = f"{word}(实际)"
        if where.key == "where.metric":
            self.error("peers", call.span, msg("peers.in-metric", where=where, word=word),
                       msg("peers.in-metric-hint", word=word))  # fmt: skip
            return
        args = call.args
        if not 1 <= len(args) <= 2:
            self.error("peers", call.span, msg("peers.arity", word=word, given=len(args), where=where),
                       msg("peers.arity-hint", word=word))  # fmt: skip
            return
        subject = args[0]
        match subject:
            case ast.Name(name="actual"):
                if self.peer_scope is None:
                    self.error("peers", subject.span, msg("peers.no-indicator", word=word, where=where),
                               msg("peers.no-indicator-hint", word=word))  # fmt: skip
                else:
                    self.nested(call, self.peer_scope, where, word)
            case ast.Ref(what="actual", code=code):
                self.reference(subject, where, {})
                self.nested(call, str(code), where, word)
            case ast.Ref():
                shown = self.text(subject.span)
                self.error("peers", subject.span, msg("peers.not-a-figure", word=word, shown=shown, where=where),
                           msg("peers.not-a-figure-hint"))  # fmt: skip
            case ast.Name(name=name) if name in self.known:
                t = self.types.get(name)
                if t not in ("rate", "amount", "count", "number"):
                    self.error("peers", subject.span, msg("peers.not-a-number", word=word, name=name, where=where),
                               msg("peers.not-a-number-hint"))  # fmt: skip
            case ast.Name(name=name):
                best = self.suggester.closest(name, sorted(self.known)) if self.known else None
                self.error("unknown-name", subject.span, msg("unknown-name.peer", name=name, word=word, where=where),
                           msg("unknown-name.did-you-mean", name=best) if best else
                           msg("unknown-name.peer-declare", name=name, example=example))  # fmt: skip
            case _:
                self.error("peers", subject.span, msg("peers.expression", word=word, text=self.text(subject.span),
                                                      where=where),
                           msg("peers.expression-hint", word=word, text=self.text(subject.span)))  # fmt: skip
        if len(args) == 2:
            self.category(args[1], where, word)

    def category(self, arg: ast.Expr, where: Message, word: str) -> None:
        name = arg.name if isinstance(arg, ast.Name) else None
        decl = self.inputs.get(name) if name is not None else None
        if decl is not None and decl.type == "options":
            return
        shown = self.text(arg.span)
        key = "peers.category-options" if decl is not None else "peers.category-undeclared"
        self.error("peers", arg.span, msg(key, shown=shown, word=word, where=where),
                   msg("peers.category-hint", name=name or "地区类别"))

    def nested(self, call: ast.Call, code: str, where: Message, word: str) -> None:
        """The actual compared must not itself be a peer figure: the first pass computes it before any is known."""
        node = next((n for n in self.nodes if n.code == code), None)
        if isinstance(node, ast.Indicator) and isinstance(node.actual, ast.ActualExpr) \
                and any(True for _ in peers.calls_in([node.actual.expr])):  # fmt: skip
            self.error("peers", call.args[0].span, msg("peers.nested", word=word, where=where, code=code),
                       msg("peers.nested-hint", code=code, word=word))  # fmt: skip

    def peer_type(self, call: ast.Call, env: Types) -> str | None:
        if call.func in ("rank", "peer_count"):
            return "count"
        if call.func == "percentile":
            return "rate"
        subject = call.args[0] if call.args else None
        if isinstance(subject, ast.Name):
            return env.get(subject.name)
        if isinstance(subject, ast.Ref):
            return self.type_of(subject, env, None)
        return None

    def peer_range(self, call: ast.Call, env: Mapping[str, Iv | None]) -> Iv | None:
        if call.func in ("rank", "peer_count"):
            return Iv(ONE, INF, True, False)
        if call.func == "percentile":
            return UNIT
        subject = call.args[0] if call.args else None
        if isinstance(subject, ast.Name):
            return env.get(subject.name)
        if isinstance(subject, ast.Ref):
            return self.range_of(subject, env, None)
        return None

    # Provided by the other checks.
    def reference(self, ref: ast.Ref, where: Message, blocked: Mapping[str, Message | None]) -> None:
        raise NotImplementedError

    def type_of(self, expr: ast.Expr, env: Types, where: Message | None) -> str | None:
        raise NotImplementedError

    def range_of(self, expr: ast.Expr, env: Mapping[str, Iv | None], where: Message | None) -> Iv | None:
        raise NotImplementedError

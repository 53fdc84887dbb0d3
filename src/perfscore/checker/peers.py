"""The checks of peer figures: 排名(实际), 最优值(执行率), 平均值(实际, 地区类别) compare one figure the first pass
can compute for every unit (an indicator's actual, an input, a metric, a survey), within a category input."""

from __future__ import annotations

from collections.abc import Mapping

from .. import ast, peers
from ..intervals import INF, UNIT, Iv
from ..keywords import PEER_FUNCTIONS
from ..numbers import ONE
from .report import Reporter, Types

#: The functions, as the hints list them.
LISTED = "排名, 单位数, 最优值, 平均值, 中位数, 百分位 (rank, peer_count, best, peer_mean, peer_median, percentile)"


class PeerChecks(Reporter):
    """What a peer function compares, where it may be read, and the type and range of what it gives."""

    #: The indicator whose expressions are being checked (a bare 实际 is its actual); None outside indicators.
    peer_scope: str | None = None

    def peer_call(self, call: ast.Call, where: str) -> None:
        word = self.text(call.span).split("(")[0].strip() or PEER_FUNCTIONS[call.func]
        example = f"{word}(实际)"
        if where.startswith("metric "):
            self.error("peers", call.span, f"{where} uses {word}(), a figure of the units compared, but metrics are "
                       "computed for each unit before the units are compared",
                       f"use it in the indicator instead: `实际 = {word}(…)` or `目标 ≥ {word}(…)`")  # fmt: skip
            return
        args = call.args
        if not 1 <= len(args) <= 2:
            self.error("peers", call.span, f"{word}() takes the figure compared and, optionally, the category within "
                       f"which it is compared, not {len(args)} arguments, in {where}",
                       f"e.g. `{example}` or `{word}(实际, 地区类别)`")  # fmt: skip
            return
        subject = args[0]
        match subject:
            case ast.Name(name="actual"):
                if self.peer_scope is None:
                    self.error("peers", subject.span, f"{word}(实际) in {where} has no indicator to take the actual of",
                               f"name the indicator: `{word}(实际(B21))`")  # fmt: skip
                else:
                    self.nested(call, self.peer_scope, where, word)
            case ast.Ref(what="actual", code=code):
                self.reference(subject, where, {})
                self.nested(call, str(code), where, word)
            case ast.Ref():
                shown = self.text(subject.span)
                self.error("peers", subject.span, f"{word}() compares an actual, an input or a metric, not {shown}, "
                           f"in {where}",
                           "rank by the total is the population's own ranking (population.ranks(), the 排名 column); "
                           "compare an indicator's actual with 实际(B21)")  # fmt: skip
            case ast.Name(name=name) if name in self.known:
                t = self.types.get(name)
                if t not in ("rate", "amount", "count", "number"):
                    self.error("peers", subject.span, f"{word}() compares numbers, and {name} is not one, in {where}",
                               "compare a rate, an amount, a count or a number")  # fmt: skip
            case ast.Name(name=name):
                best = self.suggester.closest(name, sorted(self.known)) if self.known else None
                self.error("unknown-name", subject.span, f"unknown name {name} in {word}() in {where}",
                           f"did you mean {best}?" if best else f"declare it, e.g. `输入 {name} 比率`, or compare the "
                           "actual: `" + example + "`")  # fmt: skip
            case _:
                self.error("peers", subject.span, f"{word}() compares one figure, not the expression "
                           f"`{self.text(subject.span)}`, in {where}",
                           f"name it as a metric: `计算 比值 = {self.text(subject.span)}` and write `{word}(比值)`")  # fmt: skip
        if len(args) == 2:
            self.category(args[1], where, word)

    def category(self, arg: ast.Expr, where: str, word: str) -> None:
        name = arg.name if isinstance(arg, ast.Name) else None
        decl = self.inputs.get(name) if name is not None else None
        if decl is not None and decl.type == "options":
            return
        shown = self.text(arg.span)
        if decl is not None:
            message = f"the category {shown} of {word}() in {where} is not an input with options"
        else:
            message = f"the category {shown} of {word}() in {where} is not a declared input"
        self.error("peers", arg.span, message, f"declare it with its categories: `输入 {name or '地区类别'} 选项 {{市直, 县区}}`")

    def nested(self, call: ast.Call, code: str, where: str, word: str) -> None:
        """The actual compared must not itself be a peer figure: the first pass computes it before any is known."""
        node = next((n for n in self.nodes if n.code == code), None)
        if isinstance(node, ast.Indicator) and isinstance(node.actual, ast.ActualExpr) \
                and any(True for _ in peers.calls_in([node.actual.expr])):  # fmt: skip
            self.error("peers", call.args[0].span, f"{word}() in {where} compares the actual of {code}, which is a "
                       "peer figure itself: the units are compared once, on figures known for each unit",
                       f"compare what {code}'s actual compares, e.g. `{word}(执行率)`")  # fmt: skip

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
    def reference(self, ref: ast.Ref, where: str, blocked: Mapping[str, str | None]) -> None:
        raise NotImplementedError

    def type_of(self, expr: ast.Expr, env: Types, where: str | None) -> str | None:
        raise NotImplementedError

    def range_of(self, expr: ast.Expr, env: Mapping[str, Iv | None], where: str | None) -> Iv | None:
        raise NotImplementedError

"""The rows of the official 打分表, built once and written by every output format.

Only leaves get rows; group cells (一级/二级指标) carry a row span so every
writer can merge them. Numbers stay ``Decimal``; only the writers format them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from .. import ast
from ..explain import actual_text as measured
from ..explain import verdict_lines
from ..numbers import CONTEXT, brief, percent, plain, round_to
from ..criteria import criteria_text
from ..tree import actual_unit, input_units, target_unit

if TYPE_CHECKING:
    from ..compiler import NodePlan, Plan
    from ..result import NodeResult, Result
    from ..rubric import Rubric

#: Column headers, in the order of the official table.
HEADERS = ("一级指标", "二级指标", "三级指标", "权重", "指标解释", "目标值", "评分标准", "业绩值", "得分", "得分率")
_OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "!=": "≠"}


@attrs.frozen
class Row:
    """One indicator's line. ``span1``/``span2``: rows the group cell covers here (0: merged above)."""

    code: str
    level1: str
    level2: str
    level3: str
    weight: Decimal
    definition: str
    target: str
    criteria: str
    actual: str
    score: Decimal | None
    rate: Decimal | None
    span1: int = 1
    span2: int = 1

    def cells(self, places: int) -> tuple[str, ...]:
        """The row as display texts (得分 to ``places``, 得分率 as a percentage with 2 places)."""
        score = "" if self.score is None else f"{round_to(self.score, places):f}"
        rate = "" if self.rate is None else percent(self.rate, 2)
        return (self.level1, self.level2, self.level3, brief(self.weight), self.definition, self.target,
                self.criteria, self.actual, score, rate)  # fmt: skip


@attrs.frozen
class Table:
    """The whole 打分表: rows, the 合计 line and the grade; no score when built from a rubric alone."""

    title: str
    rows: tuple[Row, ...]
    total_weight: Decimal
    total_score: Decimal | None
    grade: str | None
    places: int
    #: Beside the grade: the grade condition that matched (当 …) and each veto that fired, with why.
    verdicts: tuple[str, ...] = ()

    @property
    def total_rate(self) -> Decimal | None:
        if self.total_score is None or self.total_weight == 0:
            return None
        return CONTEXT.divide(self.total_score, self.total_weight)

    def totals(self) -> tuple[str, ...]:
        """The 合计 line as display texts, aligned with ``HEADERS``."""
        score = "" if self.total_score is None else f"{round_to(self.total_score, self.places):f}"
        rate = "" if self.total_rate is None else percent(self.total_rate, 2)
        return ("合计", "", "", brief(self.total_weight), "", "", "", "", score, rate)


def _group_text(plan: NodePlan, result: NodeResult | None, places: int, mode: str) -> str:
    """A group's cell: its weight, and once scored its subtotal (``A 履职效能（30分，得分26.52）``)."""
    if result is None:
        return f"{plan.code} {plan.name}（{plain(plan.weight)}）"
    score = round_to(result.score, places, mode)
    return f"{plan.code} {plan.name}（{brief(result.weight)}分，得分{score:f}）"


def _with_unit(text: str, unit: str | None) -> str:
    return f"{text} {unit}" if text and unit else text


def target_text(indicator: ast.Indicator, unit: str | None = None) -> str:
    """目标值 as the tables print it: the text (``合理``) or the value with its sign and unit (``≥8 处``)."""
    target = indicator.target
    if target is None:
        return ""
    if target.text is not None:
        return target.text
    if target.value is None:
        return ""
    from ..printer import format_expr

    return _with_unit((_OPS.get(target.op, "") if target.op else "") + format_expr(target.value), unit)


def _checklist_summary(rows: tuple[tuple[str, Decimal, Decimal], ...]) -> str:
    met = sum(1 for _, _, done in rows if done == 1)
    unmet = sum(1 for _, _, done in rows if done == 0)
    partly = len(rows) - met - unmet
    if met == len(rows):
        return "全部符合"
    parts = [f"{label}{n}项" for label, n in (("符合", met), ("部分符合", partly), ("不符合", unmet)) if n]
    return "，".join(parts) + f"（共{len(rows)}项）"


def actual_text(node: NodeResult, unit: str | None = None) -> str:
    """业绩值: a rate as a percentage (2 places), a number plainly with its unit (``7 处``), else the
    judged level or checklist."""
    if not node.applicable:
        return "不适用"
    indicator = node.node
    if not isinstance(indicator, ast.Indicator):
        return ""
    if node.actual is not None:
        return _with_unit(measured(node), unit)
    for step in node.raw_steps:
        kind: Any = step[0]
        if kind == "level":
            return str(step[1])
        if kind == "checklist":
            return _checklist_summary(step[1])
        if kind == "binary":
            return "达标" if step[1] else "未达标"
    return ""


def _build(plan: Plan, title: str | None, lookup: Any, total: Decimal | None, grade: str | None) -> Table:
    """Rows for every leaf in document order; ``lookup(code)`` gives its NodeResult or None."""
    nodes = plan.nodes
    leaves = [p for p in nodes if p.kind == "indicator"]

    def chain(p: NodePlan) -> list[int]:
        out: list[int] = []
        parent = p.parent
        while parent is not None:
            out.append(parent)
            parent = nodes[parent].parent
        return out[::-1]

    chains = {p.index: chain(p) for p in leaves}
    counts: dict[tuple[int, int], int] = {}
    for p in leaves:
        for depth, ancestor in enumerate(chains[p.index][:2]):
            counts[(depth, ancestor)] = counts.get((depth, ancestor), 0) + 1
    seen: set[tuple[int, int]] = set()
    units = input_units(plan.rubric)
    rows: list[Row] = []
    for p in leaves:
        texts, spans = ["", ""], [1, 1]
        for depth, ancestor in enumerate(chains[p.index][:2]):
            key = (depth, ancestor)
            texts[depth] = _group_text(nodes[ancestor], lookup(nodes[ancestor].code), plan.places, plan.mode)
            spans[depth] = 0 if key in seen else counts[key]
            seen.add(key)
        # A leaf sits in the column of its own level: under a level-1 group it is a 二级指标.
        leaf, depth = f"{p.code} {p.name}", len(chains[p.index])
        if depth < 2:
            texts[depth], spans[depth], leaf = leaf, 1, ""
        indicator = p.node
        assert isinstance(indicator, ast.Indicator)
        result: NodeResult | None = lookup(p.code)
        rows.append(Row(
            code=p.code, level1=texts[0], level2=texts[1], level3=leaf,
            weight=p.weight if result is None else result.weight,
            definition=indicator.definition or "", target=target_text(indicator, target_unit(indicator, units)),
            criteria=indicator.criteria or criteria_text(indicator, p.weight, units),  # checked against the rule
            actual="" if result is None else actual_text(result, actual_unit(indicator, units)),
            score=None if result is None else round_to(result.score, plan.places, plan.mode),
            rate=None if result is None else result.rate,
            span1=spans[0], span2=spans[1],
        ))  # fmt: skip
    rounded = None if total is None else round_to(total, plan.places, plan.mode)
    return Table(title or "", tuple(rows), plan.rubric.total, rounded, grade, plan.places)


def score_table(result: Result) -> Table:
    """The 打分表 of one evaluation: every leaf with its 业绩值, 得分 and 得分率."""
    table = _build(result._plan, result.title, result.__getitem__, result.total, result.grade)
    return attrs.evolve(table, verdicts=tuple(verdict_lines(result)))


def score_table_for_rubric(rubric: Rubric) -> Table:
    """The blank 打分表 of a rubric (no data): 业绩值, 得分 and 得分率 left empty, for publishing."""
    return _build(rubric._plan, rubric.title, lambda code: None, None, None)

"""What an evaluation returns: the total, the grade and every node's score with its explanation."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import attrs

from . import ast
from .errors import ArgumentError, MissingExtraError, UnknownCodeError, language_argument
from .explain import render_node, render_result
from .messages import msg
from .numbers import CONTEXT, ZERO, exact

if TYPE_CHECKING:
    from .compiler import Plan


Language = Literal["zh", "en"]
#: Derives the steps behind node ``index`` of a result, on demand.
Derive = Callable[["Result", int], tuple[tuple[Any, ...], ...]]


@attrs.frozen
class Override:
    """A score replaced by the evaluator's decision, with the computed one kept."""

    computed: Decimal
    score: Decimal
    reason: str

    @property
    def difference(self) -> Decimal:
        return self.score - self.computed


@attrs.frozen
class Step:
    """One step of a node's arithmetic: ``kind`` names it, ``values`` holds its numbers.

    The id (``B21/band/0``) is stable across evaluations, so tools can refer to it.
    """

    id: str
    kind: str
    values: tuple[Any, ...]


@attrs.frozen
class Explanation:
    """The structured explanation of one node; ``str()`` renders it in Chinese."""

    code: str
    name: str
    steps: tuple[Step, ...]
    result: NodeResult = attrs.field(repr=False, eq=False)

    @exact
    def text(self, language: Language = "zh") -> str:
        return render_node(self.result, language_argument(language) or "zh")

    def __str__(self) -> str:
        return self.text("zh")


@attrs.frozen
class NodeResult:
    """A node's outcome. ``rate`` is score ÷ weight (得分率)."""

    code: str
    name: str
    level: int
    kind: str
    weight: Decimal
    score: Decimal
    raw: Decimal
    actual: Decimal | None
    target: Decimal | None
    children: tuple[str, ...]
    override: Override | None
    applicable: bool
    node: ast.Node = attrs.field(repr=False, eq=False)
    uses: tuple[tuple[str, Any], ...] = attrs.field(repr=False, default=())
    raw_steps: tuple[tuple[Any, ...], ...] = attrs.field(repr=False, default=())
    formulas: tuple[tuple[ast.MetricDecl, Any], ...] = attrs.field(repr=False, default=())
    #: The rubric's types of names and actuals (Plan.kinds): how the explanation shows each value.
    kinds: Mapping[str, str | None] = attrs.field(repr=False, eq=False, factory=dict)

    @property
    def rate(self) -> Decimal | None:
        if self.weight == ZERO:
            return None
        return CONTEXT.divide(self.score, self.weight)

    @property
    def explanation(self) -> Explanation:
        steps = tuple(Step(_step_id(self.code, s), s[0], s[1:]) for s in self.raw_steps)
        return Explanation(self.code, self.name, steps, self)


def _step_id(code: str, step: tuple[Any, ...]) -> str:
    if step[0] == "band":
        return f"{code}/band/{step[1]}"
    return f"{code}/{step[0]}"


class Result:
    """One evaluation. ``result["B24"]`` gives a node; ``total`` and ``grade`` the outcome."""

    __slots__ = ("_plan", "total", "_scores", "_raws", "_weights", "_actuals", "_targets", "_own", "_dropped",
                 "overrides", "inputs", "vetoes", "_grading", "warnings", "_answers", "_scaling", "_derive")  # fmt: skip

    def __init__(
        self,
        plan: Plan,
        total: Decimal,
        scores: tuple[Decimal, ...],
        raws: tuple[Decimal, ...],
        weights: tuple[Decimal, ...],
        actuals: tuple[Decimal | None, ...],
        targets: tuple[Decimal | None, ...],
        own: tuple[Any, ...],
        overrides: dict[int, Override],
        inputs: dict[str, Any],
        vetoes: list[ast.Veto],
        grading: tuple[str | None, int | None, Decimal],
        warnings: list[str],
        answers: dict[str, Any],
        dropped: set[int],
        scaling: Any = None,  # evaluate.Scaling: weights after not-applicable indicators, to explain again
        *,
        derive: Derive,
    ) -> None:
        self._plan = plan
        #: The evaluator's own way to derive a node's steps again (the result does not import it).
        self._derive = derive
        self.total = total
        self._scores, self._raws, self._weights = scores, raws, weights
        self._actuals, self._targets = actuals, targets
        #: What each leaf read from the data under its code, kept to explain it later.
        self._own = own
        self._dropped = dropped
        self._scaling = scaling
        self.overrides = overrides
        #: Inputs, metrics and survey values as used (exact).
        self.inputs = inputs
        #: The vetoes that applied: listed in the data, or decided by their condition (declaration order).
        self.vetoes = tuple(vetoes)
        #: The grade, the index of the grade whose condition matched (None: set by a veto, or no grades), and
        #: the total before any veto took points or zeroed it.
        self._grading = grading
        self.warnings = tuple(warnings)
        self._answers = answers

    @property
    def title(self) -> str | None:
        return self._plan.rubric.title

    @property
    def maximum(self) -> Decimal:
        return self._plan.maximum

    @property
    def minimum(self) -> Decimal:
        """The lowest total: 0, or the rubric's 最低分 where penalties may take it below 0."""
        return self._plan.minimum

    @property
    def rate(self) -> Decimal:
        """得分率 of the whole: total ÷ maximum."""
        return CONTEXT.divide(self.total, self._plan.maximum)

    @property
    def grade(self) -> str | None:
        return self._grading[0]

    @exact
    def survey(self, name: str) -> dict[str, Decimal]:
        """Satisfaction per question of a survey (exact), e.g. ``{"整体支出": Decimal("0.9074"), …}``; per channel
        for a survey with channels (``{"电话回访": Decimal("0.9"), …}``); empty when the data gave the survey's rate."""
        plan = next((s for s in self._plan.surveys if s.name == name), None)
        if plan is None:
            names = "、".join(s.name for s in self._plan.surveys) or msg("api.no-surveys")
            raise ArgumentError(msg("api.survey", name=repr(name), names=names))
        reading = self._answers[name]
        if isinstance(reading, Decimal):
            return {}
        if plan.channels:
            return dict(zip([c.name for c in plan.survey.channels], plan.channel_values(reading)))
        questions = [q.name for q in plan.survey.questions]
        return dict(zip(questions, plan.questions(reading)))

    @property
    def scores(self) -> dict[str, Decimal]:
        """Every node's score by code, in document order: what a table of many units needs, without building
        each node's result (``result[code]`` derives its explanation too)."""
        return dict(zip([n.code for n in self._plan.nodes], self._scores))

    def __getitem__(self, code: str) -> NodeResult:
        if not isinstance(code, str):  # result[0]: a node is named by its code
            raise ArgumentError(msg("api.code", function="result[…]", kind=type(code).__name__))
        index = self._plan.by_code.get(code)
        if index is None:
            raise UnknownCodeError(code, list(self._plan.by_code))
        return self._node(index)

    def __contains__(self, code: object) -> bool:
        return code in self._plan.by_code

    def __iter__(self) -> Iterator[NodeResult]:
        """Every node in document order (groups before their children)."""
        return (self._node(i) for i in range(len(self._plan.nodes)))

    def __len__(self) -> int:
        return len(self._plan.nodes)

    def _node(self, index: int) -> NodeResult:
        plan = self._plan.nodes[index]
        nodes = self._plan.nodes
        applicable = self.applicable(index)
        uses = tuple((name, self.inputs[name]) for name in plan.uses if name in self.inputs) if applicable else ()
        return NodeResult(
            code=plan.code,
            name=plan.name,
            level=plan.level,
            kind=plan.kind,
            weight=self._weights[index],
            score=self._scores[index],
            raw=self._raws[index],
            actual=self._actuals[index],
            target=self._targets[index],
            children=tuple(nodes[c].code for c in plan.children),
            override=self.overrides.get(index),
            applicable=applicable,
            node=plan.node,
            uses=uses,
            raw_steps=self._derive(self, index),
            formulas=tuple((m, self.inputs.get(m.name)) for m in plan.formulas) if applicable else (),
            kinds=self._plan.kinds,
        )

    def applicable(self, index: int) -> bool:
        """False for an indicator the data declared not applicable (不适用)."""
        return index not in self._dropped

    @exact
    def explain(self, code: str | None = None, language: Language = "zh") -> str:
        """The step-by-step arithmetic of one node, or of the whole rubric."""
        language = language_argument(language) or "zh"
        if code is not None:
            return render_node(self[code], language)
        return render_result(self, language)

    @exact
    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe, exact dict: every Decimal becomes its string."""
        return {
            "title": self.title,
            "total": str(self.total),
            "maximum": str(self.maximum),
            "grade": self.grade,
            "vetoes": [v.name for v in self.vetoes],
            "warnings": list(self.warnings),
            "nodes": [_node_dict(n) for n in self],
        }

    @exact
    def to_records(self) -> list[dict[str, Any]]:
        """One flat dict per node in document order, numbers exact (``Decimal``); no pandas needed.

        Keys: code, parent, level, kind, name, weight, actual, target, score, rate, applicable, override_reason.
        """
        parents = {child: node.code for node in self for child in node.children}
        return [
            {
                "code": node.code,
                "parent": parents.get(node.code),
                "level": node.level,
                "kind": node.kind,
                "name": node.name,
                "weight": node.weight,
                "actual": node.actual,
                "target": node.target,
                "score": node.score,
                "rate": node.rate,
                "applicable": node.applicable,
                "override_reason": None if node.override is None else node.override.reason,
            }
            for node in self
        ]

    @exact
    def to_frame(self, *, exact: bool = True) -> Any:
        """The records as a pandas DataFrame indexed by code (``pip install perfscore[pandas]``).

        ``exact=True`` keeps ``Decimal`` cells (object columns); ``exact=False`` gives float columns
        for plotting and statistics. Scores themselves were computed exactly either way.
        """
        pandas = pandas_module("Result.to_frame")
        frame = pandas.DataFrame.from_records(self.to_records(), index="code")
        if not exact:
            for column in ("weight", "actual", "target", "score", "rate"):
                frame[column] = pandas.to_numeric(frame[column].map(_to_float), errors="coerce")
        return frame

    @exact
    def _repr_html_(self) -> str:
        from .render.notebook import result_html

        return result_html(self)

    def __repr__(self) -> str:
        return f"<Result {self.title or ''} total={self.total} grade={self.grade}>"

    def _detach(self) -> tuple[Any, ...]:
        """Everything but the plan: what a worker process sends back (the plan would be rebuilt per result)."""
        return tuple(getattr(self, name) for name in Result.__slots__ if name != "_plan")

    @classmethod
    def _attach(cls, plan: Plan, state: tuple[Any, ...]) -> Result:
        """A detached result joined again to the plan it was scored with."""
        result = cls.__new__(cls)
        result._plan = plan
        for name, value in zip((n for n in Result.__slots__ if n != "_plan"), state):
            object.__setattr__(result, name, value)
        return result


def pandas_module(what: str) -> Any:
    """pandas, imported by name (it is optional, and its stubs are a separate package)."""
    try:
        return importlib.import_module("pandas")
    except ImportError:
        raise MissingExtraError(msg("extra.pandas", what=what)) from None


def _to_float(value: Any) -> float | None:
    """For display frames only: a Decimal (or None) as float."""
    return None if value is None else float(value)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _node_dict(node: NodeResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": node.code,
        "name": node.name,
        "level": node.level,
        "kind": node.kind,
        "weight": str(node.weight),
        "score": str(node.score),
        "rate": None if node.rate is None else str(node.rate),
        "actual": _plain(node.actual),
        "target": _plain(node.target),
        "applicable": node.applicable,
        "steps": [{"id": s.id, "kind": s.kind, "values": _plain(s.values)} for s in node.explanation.steps],
    }
    if node.override is not None:
        out["override"] = {
            "computed": str(node.override.computed),
            "score": str(node.override.score),
            "reason": node.override.reason,
        }
    return out

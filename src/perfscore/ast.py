"""The rubric AST: immutable, typed nodes that keep their source span.

Spans are ignored by equality, so a parsed rubric equals the same rubric
parsed again from its canonical printing. Numbers are ``Decimal``; a
percentage literal ``95%`` is stored as its value ``0.95`` with the unit
that tells how it was written.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Union

import attrs

from .source import NO_SPAN as NO_SPAN
from .source import Span

if TYPE_CHECKING:
    from .checker import IndicatorCheck
    from .criteria import Words
    from .data import Reader
    from .explain import Say
    from .messages import Message
    from .printer import Row, Writer
    from .rules.common import Builder, Scorer
    from .schema import Shape


def span_field() -> Span:
    """A node's span: not part of its value (equality, repr), always given by keyword."""
    return attrs.field(default=NO_SPAN, eq=False, kw_only=True, repr=False)


_span = span_field


# ------------------------------------------------------------------ expressions

#: How a number literal was written: ``3``, ``95%``, ``5.5‰`` or ``3分``.
NumberUnit = Literal["", "%", "‰", "分"]


@attrs.frozen
class Number:
    value: Decimal
    unit: NumberUnit = ""
    span: Span = _span()


@attrs.frozen
class Name:
    name: str
    span: Span = _span()


@attrs.frozen
class BinOp:
    """Arithmetic or comparison: ``+ - * /``, ``< <= > >= == !=``, ``and or``."""

    op: str
    left: Expr
    right: Expr
    span: Span = _span()


@attrs.frozen
class Neg:
    operand: Expr
    span: Span = _span()


@attrs.frozen
class Not:
    operand: Expr
    span: Span = _span()


@attrs.frozen
class Call:
    """A built-in function: ``min``, ``max``, ``abs``, ``round``."""

    func: str
    args: tuple[Expr, ...]
    span: Span = _span()


@attrs.frozen
class Conditional:
    condition: Expr
    then: Expr
    otherwise: Expr
    span: Span = _span()


@attrs.frozen
class Ref:
    """A figure of the tree: another node's score ``得分(B21)``, score rate ``得分率(B21)``, actual ``实际(B21)``,
    or the total ``总分`` (``code`` None). The evaluator computes what it reads first (``key`` in the env)."""

    what: RefKind
    code: str | None = None
    span: Span = _span()

    @property
    def key(self) -> str:
        return ref_key(self.what, self.code)


RefKind = Literal["score", "rate", "actual", "total"]
#: Function names of references in either language (``实际(B21)``), and the names of the total.
REF_FUNCTIONS: dict[str, RefKind] = {"score": "score", "得分": "score", "rate": "rate", "得分率": "rate",
                                     "actual": "actual", "实际": "actual"}  # fmt: skip
TOTAL_NAMES: tuple[str, ...] = ("total", "总分")


def ref_key(what: RefKind, code: str | None) -> str:
    """Where the evaluator keeps a referenced figure: ``score(B21)``, ``total`` (no input name has parentheses)."""
    return "total" if code is None else f"{what}({code})"


def parse_ref_key(key: str) -> tuple[RefKind, str | None] | None:
    """``score(B21)`` → ("score", "B21"); ``total`` → ("total", None); None for any other name."""
    if key == "total":
        return ("total", None)
    what, paren, rest = key.partition("(")
    if paren and rest.endswith(")") and what in ("score", "rate", "actual"):
        return (what, rest[:-1])  # type: ignore[return-value]
    return None


Expr = Union[Number, Name, BinOp, Neg, Not, Call, Conditional, Ref]

FUNCTIONS: tuple[str, ...] = ("min", "max", "abs", "round")
#: Names a formula may use besides inputs and metrics.
RULE_NAMES: tuple[str, ...] = ("weight", "actual", "target")


# ------------------------------------------------------------------ amounts and conditions


@attrs.frozen
class Amount:
    """Points (``3分``) or a share of the node's weight (``20%``)."""

    value: Decimal
    unit: Literal["points", "share"]
    span: Span = _span()


@attrs.frozen
class AmountRange:
    """A range the evaluator chooses a score within (``8分~9分``, ``80%~100%``)."""

    low: Amount
    high: Amount
    #: An end written （不含）/(excl) is open: a judged score may not take it (``60%~80%（不含）``).
    low_closed: bool = True
    high_closed: bool = True
    span: Span = _span()


Award = Union[Amount, AmountRange]
#: What a judged score outside its range becomes: refused (the default), or moved onto the nearest end.
JudgedOutside = Literal["refuse", "clamp"]


@attrs.frozen
class Compare:
    """``≥ 95%``: the actual compared with a number."""

    op: str
    value: Number
    span: Span = _span()


@attrs.frozen
class Interval:
    """``[90%, 95%)``: explicit inclusive/exclusive edges."""

    low: Number
    high: Number
    low_closed: bool
    high_closed: bool
    span: Span = _span()


@attrs.frozen
class When:
    """A free condition over inputs (bands on two inputs)."""

    condition: Expr
    span: Span = _span()


@attrs.frozen
class Otherwise:
    span: Span = _span()


Condition = Union[Compare, Interval, When, Otherwise]


# ------------------------------------------------------------------ shares and items


@attrs.frozen
class Share:
    """A share of the weight: ``35%`` or ``1/6`` (kept as a fraction)."""

    numerator: Decimal
    denominator: Decimal = Decimal(1)
    percent: bool = True
    span: Span = _span()


@attrs.frozen
class Item:
    """A checklist or completion item, judged met/unmet/partly or measured."""

    name: str
    share: Share | None = None
    target: Expr | None = None
    text: str | None = None
    span: Span = _span()


# ------------------------------------------------------------------ scoring rules


class Rule:
    """A scoring rule. Each kind is one module of :mod:`perfscore.rules`: its node (a subclass) with
    what every stage needs from it, so the parser, checker, compiler, explanations, printer, 评分标准
    wording and audit call these methods and name no kind. The defaults suit a rule that reads no
    actual and no expression; a kind overrides what it has.
    """

    __slots__ = ()
    #: The grammar rule, and the canonical (English) keyword of the kind.
    keyword: ClassVar[str]
    #: Whether the score follows from the actual alone, so the audit can rescore a published actual.
    rescorable: ClassVar[bool] = False
    #: Builders of the grammar rules only this kind uses (a 按比例 option, one band), by grammar rule name.
    parts: ClassVar[dict[str, Builder]] = {}
    span: Span

    @classmethod
    def parse(cls, children: list[Any], span: Span) -> Rule:
        """The node, from its grammar rule's transformed children."""
        raise NotImplementedError

    # ---- facts the checker and the compiler share

    def compares_actual(self) -> bool:
        """Whether the rule scores an actual, read from the data under the code when none is declared."""
        return False

    def actual_type(self) -> ValueType | None:
        """The type of an actual read from the data when neither the indicator nor its target says."""
        return None

    def literals(self) -> list[Number]:
        """The numbers the actual is compared with: their units tell an undeclared actual's type."""
        return []

    def exprs(self) -> list[tuple[str, Expr, RuleExprRole]]:
        """Expressions over inputs, with what to call them in messages (a key of perfscore.messages) and what they
        must be."""
        return []

    def judged(self) -> bool:
        """Whether the data may carry the evaluator's score (a range to judge within)."""
        return False

    def judgement_optional(self) -> bool:
        """Whether the judgement may be left out: needed only for some outcomes (a band awarding a range)."""
        return False

    def ceiling(self, weight: Decimal) -> Decimal:
        """The most the rule can award (over-achievement may be rewarded above the weight)."""
        return weight

    def reachable(self, weight: Decimal) -> frozenset[Decimal] | None:
        """Every score the rule can give for some data, when they are few (a yes/no rule: 0 or the weight);
        None when it can give any score in a range. The audit reports a published score outside them."""
        return None

    def reachable_from(self, weight: Decimal, actuals: frozenset[Decimal], target: Target | None) -> frozenset[Decimal] | None:
        """The scores it gives when the actual can take only ``actuals`` (a completion of items met or not);
        None when the rule does not say (the audit then leaves the score alone)."""
        return None

    def data_shape(self, title: str) -> Shape | None:
        """What its reader takes under the code besides an actual (items, a level, met or not, a score), for
        ``Rubric.schema()`` and the data template; ``title`` names the indicator. None: the rule reads nothing."""
        return None

    # ---- stages

    def check(self, c: IndicatorCheck) -> None:
        """Report the rule's own problems (the indicator's clauses and expressions are checked already)."""

    def rewards(self, c: IndicatorCheck) -> tuple[Direction | None, Message | None]:
        """Which actual the rule rewards (higher or lower), and a hint if that contradicts the indicator."""
        return None, None

    def compile(self, weight: Decimal) -> tuple[Scorer, Reader | None]:
        """A scorer for an indicator of ``weight`` points, and how the data under its code is read."""
        raise NotImplementedError

    def explain(self, step: tuple[Any, ...], say: Say) -> str:
        """One recorded step of the scorer in words."""
        raise NotImplementedError

    def canonical(self, w: Writer) -> list[Row]:
        """The rule as the canonical printer writes it."""
        raise NotImplementedError

    def criteria(self, indicator: Indicator, words: Words) -> str:
        """The 评分标准 in the standard wording of published tables; ``words`` names what is measured."""
        raise NotImplementedError


#: What a rule's expression must be: a number, a condition, or a score (its range is the rule's to check).
RuleExprRole = Literal["number", "condition", "score"]


# ------------------------------------------------------------------ indicator clauses


@attrs.frozen
class Target:
    """``target ≥ 95%`` (a value, maybe an expression) or ``target "合理"``."""

    op: str | None = None
    value: Expr | None = None
    text: str | None = None
    span: Span = _span()
    #: What the value counts (``目标 ≥ 8 处``): shown in the 目标值 column, checked against the actual's.
    unit: str | None = None


ValueType = Literal["rate", "amount", "count", "number"]


@attrs.frozen
class ActualInput:
    """The actual is given in the data under the indicator's code."""

    type: ValueType
    span: Span = _span()
    #: What it counts (``实际 数量 处``), shown in the 业绩值 column.
    unit: str | None = None


@attrs.frozen
class ActualExpr:
    expr: Expr
    span: Span = _span()


@attrs.frozen
class Completion:
    """The actual is the completion rate aggregated over items."""

    items: tuple[Item, ...]
    span: Span = _span()
    #: 全有全无: each item without a target is done or not, never in part (its rate moves in steps).
    whole: bool = False


Actual = Union[ActualInput, ActualExpr, Completion]

@attrs.frozen
class Part:
    """A further scoring part of an indicator (加分/扣分): its own rule, scored against its own points
    (``None``: the indicator's weight), added to or deducted from the main rule's score."""

    sign: Literal["add", "subtract"]
    name: str
    rule: Rule
    points: Amount | None = None
    span: Span = _span()


@attrs.frozen
class StandardRef:
    """``引用 预算执行率``: the indicator takes what it does not write from a standard indicator."""

    name: str
    span: Span = _span()


Direction = Literal["higher", "lower"]
NotApplicable = Literal["full", "rescale", "redistribute"]


@attrs.frozen
class Weight:
    """Points, or a percentage of the parent's weight."""

    value: Decimal
    percent: bool = False
    span: Span = _span()


@attrs.frozen
class Indicator:
    code: str
    name: str
    weight: Weight
    rule: Rule | None = None
    definition: str | None = None
    criteria: str | None = None
    target: Target | None = None
    actual: Actual | None = None
    direction: Direction | None = None
    not_applicable: NotApplicable | None = None
    #: Further scoring parts (加分/扣分), each with its own rule and cap.
    parts: tuple[Part, ...] = ()
    #: 得分上限: the most the indicator scores with its parts (points or a share of the weight); "uncapped"
    #: for none; None: the main rule's ceiling (the weight, unless the rule rewards more).
    score_max: Amount | Literal["uncapped"] | None = None
    #: 引用: the standard indicator the clauses not written come from (filled in before checking).
    standard: StandardRef | None = None
    #: Clauses written more than once or rules beyond the first, kept for the checker.
    extra_clauses: tuple[str, ...] = ()
    span: Span = _span()

    def ceiling(self, rule: Rule, weight: Decimal) -> Decimal:
        """The most the indicator scores at ``weight`` with ``rule`` (its own): its 得分上限, parts included,
        else the rule's ceiling (parts never lift an indicator above it undeclared)."""
        if self.score_max is None:
            return rule.ceiling(weight)
        if self.score_max == "uncapped":
            return Decimal("Infinity")
        return self.score_max.value * weight if self.score_max.unit == "share" else self.score_max.value


Aggregate = Literal["sum", "min", "product", "highest"]
GroupKind = Literal["group", "bonus", "penalty"]


@attrs.frozen
class Group:
    code: str
    name: str
    weight: Weight
    children: tuple[Node, ...]
    kind: GroupKind = "group"
    aggregate: Aggregate = "sum"
    #: A penalty group written 不封顶: its weight is what its children can lose together.
    uncapped: bool = False
    span: Span = _span()


Node = Union[Group, Indicator]


# ------------------------------------------------------------------ rubric-level declarations


#: Inputs that are facts, not numbers (perfscore.facts): yes/no, one of declared options, a date, a list.
FactType = Literal["yesno", "options", "date", "list"]
InputType = Union[ValueType, FactType]
#: What a list holds: numbers of a type, or yes/no.
ElementType = Union[ValueType, Literal["yesno"]]


@attrs.frozen
class InputDecl:
    name: str
    type: InputType
    unit: str | None = None
    domain: Compare | None = None
    #: The upper end of a two-sided domain (``[0, 100%]``: domain ``>= 0``, upper ``<= 100%``).
    upper: Compare | None = None
    #: The declared set of an `选项 {…}` input, in order.
    options: tuple[str, ...] = ()
    #: What a `列表` input holds.
    element: ElementType | None = None
    span: Span = _span()

    @property
    def fact(self) -> bool:
        """Whether the input is a fact (yes/no, an option, a date, a list), not a number."""
        return self.type in ("yesno", "options", "date", "list")


@attrs.frozen
class MetricDecl:
    name: str
    expr: Expr
    span: Span = _span()


@attrs.frozen
class SurveyOption:
    label: str
    share: Share | None  # None: excluded from the base (不了解 不计入)
    span: Span = _span()

    @property
    def excluded(self) -> bool:
        return self.share is None


@attrs.frozen
class Question:
    name: str
    text: str | None = None
    weight: Share | None = None  # 权重 30%: questions weighted instead of averaged
    span: Span = _span()


@attrs.frozen
class Channel:
    """A channel of a survey (电话回访 60%): each answers every question; the channels combine by weight."""

    name: str
    share: Share
    span: Span = _span()


@attrs.frozen
class Survey:
    """Options with weights; answer counts per question come with the data."""

    name: str
    options: tuple[SurveyOption, ...]
    questions: tuple[Question, ...]
    #: Answer shares are rounded half up to this many places of a percent before weighting.
    share_places: int | None = None
    channels: tuple[Channel, ...] = ()
    span: Span = _span()


@attrs.frozen
class Grade:
    label: str
    condition: Condition
    span: Span = _span()


VetoEffect = Literal["zero", "grade_at_most", "rated", "deduct"]


@attrs.frozen
class Veto:
    """一票否决: when the data says it happened, or when its condition holds, its effect applies: the total
    becomes zero (总分为零), the grade is capped (等级最高 良) or set (评为 不合格), or points are taken (扣 10分)."""

    name: str
    grade: str | None = None  # 等级最高 / 评为: the grade; None for the others
    text: str | None = None
    #: 当 …: decided by this condition on inputs and results; None: listed in the data when it happened.
    when: Expr | None = None
    #: What it does; "zero" or "grade_at_most" follow from ``grade`` when not given.
    effect: VetoEffect | None = None
    #: 扣 N分 / 扣 N%: points taken from the total (a share is of the rubric's total).
    amount: Amount | None = None
    span: Span = _span()

    @property
    def kind(self) -> VetoEffect:
        if self.effect is not None:
            return self.effect
        return "zero" if self.grade is None else "grade_at_most"


RoundingMode = Literal["half_up", "half_even", "down", "up"]


@attrs.frozen
class Rounding:
    places: int = 2
    mode: RoundingMode = "half_up"
    span: Span = _span()


@attrs.frozen
class RollUp:
    """上级得分 所属地市 本级 70% 下级平均 30%: a unit's score with subordinates, in a population, is its own share
    of its total plus the subordinates' share of the mean of theirs (rolled up the same way, bottom first)."""

    column: str
    own: Share | None
    subordinates: Share
    span: Span = _span()


@attrs.frozen
class Rubric:
    title: str | None = None
    total: Decimal = Decimal(100)
    maximum: Decimal | None = None
    #: The lowest total (最低分 -20), below 0 only where declared; None: 0.
    minimum: Decimal | None = None
    rounding: Rounding = Rounding()
    #: 评定越界 取边界/拒绝: what a judged score outside its range becomes.
    judged_outside: JudgedOutside = "refuse"
    #: 上级得分 …: how a unit's score rolls up from its subordinate units' (None: it does not).
    roll_up: RollUp | None = None
    inputs: tuple[InputDecl, ...] = ()
    metrics: tuple[MetricDecl, ...] = ()
    surveys: tuple[Survey, ...] = ()
    grades: tuple[Grade, ...] = ()
    vetoes: tuple[Veto, ...] = ()
    nodes: tuple[Node, ...] = ()
    #: Settings written more than once, kept for the checker (name, span).
    repeated: tuple[tuple[str, Span], ...] = attrs.field(default=(), eq=False)
    span: Span = _span()


def walk(nodes: tuple[Node, ...]) -> list[Node]:
    """Every node of a tree in document order (iterative: deep trees are fine)."""
    out: list[Node] = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        out.append(node)
        if isinstance(node, Group):
            stack.extend(reversed(node.children))
    return out


# The rule kinds live in perfscore.rules (a kind per module); imported last, as they build on the nodes above.
# isort: off
from .rules import (
    Band as Band,
    Bands as Bands,
    Binary as Binary,
    Checklist as Checklist,
    Deduct as Deduct,
    Formula as Formula,
    Judged as Judged,
    Level as Level,
    Levels as Levels,
    Linear as Linear,
    Partial as Partial,
    PerOccurrence as PerOccurrence,
    Proportional as Proportional,
    Side as Side,
)
# isort: on

"""Audit a published evaluation: every figure a report prints, checked against the rubric, the data and itself.

A report publishes, per node, a weight, an actual (业绩值), a score and a 得分率, plus subtotals,
a total and a grade, and often the numerators and denominators of the rates it quotes. Each of
these can be checked: against the rule applied to the report's own actual, against the score the
data gives, against the report's other figures. A published figure is consistent with any value
that rounds to it at the precision it was printed with.
"""

from __future__ import annotations

import csv
import decimal
import difflib
import io
import json
import os
import tomllib
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs

from . import ast, tree
from .errors import ArgumentError, DataError, DataProblem
from .evaluate import rescore
from .explain import actual_is_rate
from .messages import Language, Message, Term, msg
from .files import DATA_MAX_BYTES, REPORTED, data_refusal, decode, problems_in, read_file, toml_problem
from .numbers import (
    CONTEXT,
    MAX_DIGITS,
    ONE,
    ZERO,
    NotANumber,
    exact,
    is_missing,
    parse_rate,
    percent,
    plain,
    round_to,
    shown,
    to_decimal,
)
from .parser import MAX_PLACES
from .rules.checklist import subset_sums
from .render.escape import csv_row, visible

if TYPE_CHECKING:
    from .result import NodeResult, Result
    from .rubric import Rubric

Severity = Literal["error", "warning", "note"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "note")
FIELDS = ("weight", "target", "actual", "score", "rate", "label", "where")
#: Chinese column names an auditor may use instead (as the published tables head them).
ALIASES = {"权重": "weight", "分值": "weight", "目标值": "target", "指标值": "target", "业绩值": "actual",
           "实际完成值": "actual", "得分": "score", "得分率": "rate", "出处": "where", "来源": "where", "编号": "label",
           "总分": "total", "总得分": "total", "等级": "grade", "评价等级": "grade", "总得分率": "rate"}  # fmt: skip
TOP_KEYS = ("title", "total", "grade", "rate", "where", "ratios")
TOTAL_CODES = ("total", "合计", "总分")


# ---------------------------------------------------------------- published figures


@attrs.frozen
class Figure:
    """One figure as printed: its text, its value (a rate as a fraction) and the decimals it was printed with."""

    text: str
    value: Decimal | None
    places: int | None
    percent: bool = False
    where: str = ""

    def shown(self) -> str:
        return f"{self.text}（{self.where}）" if self.where else self.text


def printed(raw: Any) -> str:
    """A reported value as text, whatever it is (str() of a 5,000-digit int raises; of a list, unbounded)."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bool) or raw is None:
        return str(raw)
    if isinstance(raw, int):
        return str(Decimal(raw))
    if isinstance(raw, (float, Decimal)):
        return str(raw)
    return shown(raw)


def figure(raw: Any, where: str = "") -> Figure:
    """Read a printed figure: ``"86.44%"``, ``"2.59"``, ``3``, ``"1,234.5"``, ``"合理"``."""
    if isinstance(raw, bool) or is_missing(raw):
        return Figure(printed(raw), None, None, where=where)
    if isinstance(raw, (int, float, Decimal)) or not isinstance(raw, str):  # numbers, numpy scalars, anything
        try:
            value = to_decimal(raw)
        except NotANumber:  # NaN, infinities, absurd magnitudes, lists: kept as text, compared with nothing
            return Figure(printed(raw), None, None, where=where)
        return Figure(printed(raw), value, max(-value.as_tuple().exponent, 0), where=where)  # type: ignore[operator]
    text = raw.strip()
    body = text.replace(",", "").replace("，", "").replace(" ", "")
    scale, sign = 0, False
    if body.endswith(("%", "％")):
        body, scale, sign = body[:-1], 2, True
    elif body.endswith("‰"):
        body, scale, sign = body[:-1], 3, True
    elif body.endswith("分"):
        body = body[:-1]
    try:
        number = to_decimal(body)
    except NotANumber:
        return Figure(text, None, None, where=where)
    places = max(-number.as_tuple().exponent, 0) + scale  # type: ignore[operator]
    return Figure(text, number.scaleb(-scale), places, sign, where)


@attrs.frozen
class Ratio:
    """A rate printed with its numerator and denominator (budget tables, 附件 data)."""

    name: str
    kind: str
    numerator: Figure
    denominator: Figure
    rate: Figure
    where: str = ""


@attrs.frozen
class Reported:
    """Everything a report published: figures per code (each possibly quoted in several places)."""

    nodes: Mapping[str, Mapping[str, tuple[Figure, ...]]]
    top: Mapping[str, tuple[Figure, ...]]
    ratios: tuple[Ratio, ...] = ()
    duplicates: tuple[str, ...] = ()
    title: str | None = None


def _quotes(value: Any, where: str) -> tuple[Figure, ...]:
    """A figure, or a list of ``{value, where}`` when the report quotes it in several places."""
    if isinstance(value, list):
        out = []
        for item in value:
            if isinstance(item, Mapping):
                out.append(figure(item.get("value"), printed(item.get("where", where))))
            else:
                out.append(figure(item, where))
        return tuple(out)
    if is_missing(value) or isinstance(value, str) and not value.strip():
        return ()
    return (figure(value, where),)


def _fields(table: Mapping[str, Any], owner: str, problems: list[DataProblem]) -> dict[str, tuple[Figure, ...]]:
    named = {ALIASES.get(k, k): v for k, v in table.items()}
    where = printed(named.get("where", ""))
    out = {}
    for key, value in named.items():
        if key == "where":
            continue
        if key not in FIELDS:
            close = difflib.get_close_matches(key, FIELDS, 1)
            unknown = (msg("audit.unknown-field-close", key=repr(key), close=close[0]) if close
                       else msg("audit.unknown-field", key=repr(key), fields=FIELDS))  # fmt: skip
            problems.append(DataProblem(unknown, input=owner))
            continue
        quotes = _quotes(value, where)
        if quotes:
            out[key] = quotes
    return out


@problems_in(REPORTED)
def reported_from_mapping(document: Mapping[str, Any], duplicates: tuple[str, ...] = ()) -> Reported:
    """Build :class:`Reported` from the TOML/JSON layout: top-level figures, a table per code, ``[[ratios]]``."""
    problems: list[DataProblem] = []
    top: dict[str, Any] = {}
    nodes: dict[str, dict[str, tuple[Figure, ...]]] = {}
    ratios: list[Ratio] = []
    for key, value in document.items():
        key = ALIASES.get(key, key)
        if key == "ratios":
            if not isinstance(value, list):  # ratios = "x" was ignored, silently
                problems.append(DataProblem(msg("audit.ratios-list", value=shown(value)), input="ratios"))
            for k, entry in enumerate(value if isinstance(value, list) else []):
                ratios.append(_ratio(entry, k, problems))
        elif isinstance(value, Mapping):
            nodes[str(key)] = _fields(value, str(key), problems)
        elif key in TOP_KEYS:
            top[key] = value
        else:
            problems.append(DataProblem(msg("audit.neither", key=repr(key), names=TOP_KEYS), input=str(key)))
    if problems:
        raise DataError(problems)
    title = top.pop("title", None)
    where = printed(top.pop("where", ""))
    figures = {k: _quotes(v, where) for k, v in top.items()}
    return Reported(nodes, {k: v for k, v in figures.items() if v}, tuple(ratios), duplicates,
                    None if title is None else printed(title))  # fmt: skip


def _ratio(entry: Any, k: int, problems: list[DataProblem]) -> Ratio:
    if not isinstance(entry, Mapping) or not {"numerator", "denominator", "rate"} <= set(entry):
        problems.append(DataProblem(msg("audit.ratio-fields", k=k)))
        return Ratio("", "", Figure("", None, None), Figure("", None, None), Figure("", None, None))
    where = printed(entry.get("where", ""))
    return Ratio(printed(entry.get("name", f"ratio {k + 1}")), printed(entry.get("kind", "")),
                 figure(entry["numerator"], where), figure(entry["denominator"], where),
                 figure(entry["rate"], where), where)  # fmt: skip


@problems_in(REPORTED)
def read_reported(path: str | os.PathLike[str], max_bytes: int = DATA_MAX_BYTES) -> Reported:
    """Read published figures from TOML, JSON or CSV (one row per code; ``合计`` for the total).

    The file is read as every perfscore file is (:mod:`perfscore.files`): a regular file of at most
    ``max_bytes`` (1 MiB by default), UTF-8 text.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise ArgumentError(msg("api.path", function="read_reported()", kind=type(path).__name__))
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in (".toml", ".json", ".csv"):
        raise DataError([DataProblem(msg("audit.format", file=file, suffix=suffix or msg("audit.no-extension")))])
    refuse = data_refusal(file)
    text = decode(read_file(file, REPORTED, max_bytes, refuse), REPORTED, refuse)
    try:
        if suffix == ".toml":
            return reported_from_mapping(tomllib.loads(text, parse_float=Decimal))
        if suffix == ".json":
            seen: list[str] = []

            def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
                keys = [k for k, _ in items]
                seen.extend(k for k in set(keys) if keys.count(k) > 1)
                return dict(items)

            document = json.loads(text, parse_float=Decimal, object_pairs_hook=pairs)
            if not isinstance(document, dict):
                raise DataError([DataProblem(msg("audit.top-level", file=file))])
            return reported_from_mapping(document, tuple(sorted(set(seen))))
    except tomllib.TOMLDecodeError as exc:
        raise DataError([toml_problem(file, text, exc)]) from None
    except json.JSONDecodeError as exc:
        raise DataError([DataProblem(msg("data.file.json", file=file, line=exc.lineno, column=exc.colno, why=exc.msg))]) from None
    except RecursionError:  # [[[[… a thousand deep: the readers recurse
        raise DataError([DataProblem(msg("audit.deep", file=file))]) from None
    except ValueError as exc:  # int() of a number thousands of digits long
        why = msg("data.file.long-number") if "integer string conversion" in str(exc) else str(exc)
        raise DataError([DataProblem(msg("data.file.invalid", file=file, format=suffix[1:].upper(), why=why))]) from None
    return _from_csv(text, file)


def _from_csv(text: str, file: Path) -> Reported:
    try:
        rows = list(csv.DictReader(text.splitlines()))
    except csv.Error as exc:  # a NUL byte, a cell over the csv module's 128 KiB
        raise DataError([DataProblem(msg("data.file.invalid", file=file, format="CSV", why=exc))]) from None
    if not rows or "code" not in (rows[0].keys() | {ALIASES.get(k, k) for k in rows[0]}):
        raise DataError([DataProblem(msg("audit.code-column", file=file))])
    document: dict[str, Any] = {}
    duplicates = []
    for row in rows:
        named = {ALIASES.get(k.strip(), k.strip()): (v or "").strip() for k, v in row.items() if k}
        code = named.pop("code", "")
        if not code:
            continue
        if code in TOTAL_CODES:
            document.update({"total": named.get("score") or named.get("total", ""), "grade": named.get("grade", ""),
                             "rate": named.get("rate", "")})  # fmt: skip
            continue
        if code in document:
            duplicates.append(code)
        document[code] = {k: v for k, v in named.items() if v and k in FIELDS}
    return reported_from_mapping({k: v for k, v in document.items() if v != ""}, tuple(duplicates))


# ---------------------------------------------------------------- findings


@attrs.frozen
class Finding:
    """One inconsistency: what was published, what was expected, the difference and why, in plain words.

    Its ``key`` is a stable code (``finding.score-data`` …, docs/diagnostics.md); ``reason`` words it in
    ``language`` (the rubric's: Chinese for Chinese keywords; English when None).
    """

    severity: Severity
    code: str  # a node code, "total", or a ratio's name
    kind: str  # weight, actual, score, rate, subtotal, total, grade, bounds, quoted, ratio, plausibility, …
    text: Message
    published: str | None = None
    expected: str | None = None
    difference: str | None = None
    where: str | None = None
    language: Language | None = None

    @property
    def key(self) -> str:
        return self.text.key

    @property
    def reason(self) -> str:
        return self.text.render(self.language or "en")

    def in_language(self, language: Language | None) -> Finding:
        return self if language is None or language == self.language else attrs.evolve(self, language=language)

    def to_dict(self, language: Language | None = None) -> dict[str, str | None]:
        """JSON-safe: the stable ``key``, the node ``code`` (or ``total``, a ratio's name), the figures, the reason."""
        shown = self.in_language(language)
        return {"key": self.key, "severity": self.severity, "code": self.code, "kind": self.kind,
                "reason": shown.reason, "published": self.published, "expected": self.expected,
                "difference": self.difference, "where": self.where}  # fmt: skip


def _threshold(value: object) -> Decimal:
    """A threshold as a caller may give it (``1.5``, ``"150%"``), through the one number reader."""
    try:
        number = parse_rate(value)
    except NotANumber as exc:
        raise ArgumentError(msg("api.audit-number", why=exc.text)) from None
    if number <= ZERO:
        raise ArgumentError(msg("api.audit-threshold", value=plain(number)))
    return number


def _places_setting(value: object) -> int:
    if type(value) is not int or not 0 <= value <= MAX_PLACES:
        raise ArgumentError(msg("api.audit-places", most=MAX_PLACES, value=shown(value)))
    return value


def _optional_places(value: object) -> int | None:
    return None if value is None else _places_setting(value)


@attrs.frozen
class AuditSettings:
    """Thresholds of the plausibility checks; tolerances of the rest come from the printed precision."""

    #: An execution rate (执行率) above this is flagged: money spent beyond the budget.
    execution_rate_max: Decimal = attrs.field(default=Decimal(1), converter=_threshold)
    #: Above this it is implausible rather than unusual (seed 004 prints 902.84%).
    execution_rate_implausible: Decimal = attrs.field(default=Decimal(2), converter=_threshold)
    #: Below this an execution rate is noted: most of the budget left unspent.
    execution_rate_min: Decimal = attrs.field(default=Decimal("0.5"), converter=_threshold)
    #: An actual at or above this multiple of a higher-is-better target suggests the target was set too low.
    target_ratio: Decimal = attrs.field(default=Decimal("1.5"), converter=_threshold)
    #: Scores printed as ``3`` are read as ``3.00`` when the rubric keeps 2 places (trailing zeros are dropped).
    score_places: int | None = attrs.field(default=None, converter=_optional_places)
    #: Rates are compared to at least 0.01% (4 places of a fraction).
    rate_places: int = attrs.field(default=4, converter=_places_setting)


class AuditReport:
    """The findings of one audit, grouped by node (worst first) and sorted by severity; iterable."""

    __slots__ = ("findings", "language", "result", "reported")

    def __init__(self, findings: list[Finding], result: Result, reported: Reported, order: Mapping[str, int],
                 language: Language = "en") -> None:  # fmt: skip
        rank = {s: k for k, s in enumerate(SEVERITIES)}
        worst: dict[str, int] = {}
        for f in findings:
            worst[f.code] = min(worst.get(f.code, 9), rank[f.severity])
        position = {code: k for k, code in enumerate(order)}
        self.findings = tuple(sorted(findings, key=lambda f: (worst[f.code], position.get(f.code, len(position)),
                                                                f.code, rank[f.severity])))  # fmt: skip
        self.result = result
        self.reported = reported
        #: The language its findings and its renderings (render/audit.py) are worded in.
        self.language = language

    def in_language(self, language: Language) -> AuditReport:
        """The same findings worded in ``language``, in the same order."""
        again = AuditReport([], self.result, self.reported, {}, language)
        again.findings = tuple(f.in_language(language) for f in self.findings)
        return again

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def of(self, code: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.code == code)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def notes(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "note")

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.reported.title or self.result.title, "counts": self.counts(),
                "recomputed": {"total": str(self.result.total), "grade": self.result.grade},
                "findings": [f.to_dict() for f in self.findings]}  # fmt: skip

    def __repr__(self) -> str:
        counts = self.counts()
        return f"<AuditReport {counts['error']} errors, {counts['warning']} warnings, {counts['note']} notes>"


# ---------------------------------------------------------------- the audit


#: Comparing published figures (up to 40 digits, up to 40 places) exactly.
_WIDE = decimal.Context(prec=200, rounding=decimal.ROUND_HALF_UP,
                        traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow])  # fmt: skip


def _listed(values: list[str]) -> Term:
    """Figures listed in a finding, the first 12 and … for more (given 13 at most): 0、5、10 in Chinese, 0, 5, 10 in
    English (the finding's expected value holds the Chinese)."""
    more = "…" if len(values) > 12 else ""
    return Term("、".join(values[:12]) + more, ", ".join(values[:12]) + more)


def _half_unit(places: int) -> Decimal:
    return Decimal(5).scaleb(-(places + 1))


def _agree(first: Figure, other: Figure) -> bool:
    """Two prints of one figure agree to the places of the coarser: ``160`` and ``160.4`` do, ``85%`` and ``58%`` not."""
    return (first.value is not None and other.value is not None
            and abs(first.value - other.value) <= _half_unit(min(first.places or 0, other.places or 0)))


def _checked(quotes: tuple[Figure, ...]) -> Figure | None:
    """The print of a figure checked against the computation: the first, or a later one agreeing with it that prints
    more places (``160`` in a table and ``160.4`` in the text: the text says more, and may be wrong where the table
    is not). Prints that disagree are reported by ``quoted``; the first is then checked, as written."""
    if not quotes:
        return None
    best = quotes[0]
    for other in quotes[1:]:
        if (other.places or 0) > (best.places or 0) and _agree(quotes[0], other):
            best = other
    return best


class _Auditor:
    def __init__(self, result: Result, reported: Reported, settings: AuditSettings, language: Language) -> None:
        self.result, self.reported, self.settings, self.language = result, reported, settings, language
        self.plan = result._plan
        self.score_places = settings.score_places if settings.score_places is not None else self.plan.places
        self.found: list[Finding] = []
        #: The most each node can score: its weight, more where over-achievement is rewarded below it.
        self.ceilings = [n.ceiling if n.scorer is not None else n.weight for n in self.plan.nodes]
        for n in reversed(self.plan.nodes):
            if n.kind == "group" and n.aggregate == "sum" and n.children:
                self.ceilings[n.index] = max(n.weight, sum((self.ceilings[c] for c in n.children), ZERO))

    def add(self, severity: Severity, code: str, kind: str, reason: Message, published: Figure | None = None,
            expected: str | None = None, difference: str | None = None) -> None:  # fmt: skip
        self.found.append(Finding(severity, code, kind, reason, None if published is None else published.text,
                                  expected, difference, None if published is None else published.where or None,
                                  self.language))  # fmt: skip

    # ---- comparing at printed precision

    def places(self, fig: Figure, kind: str) -> int:
        """Decimals to compare at: as printed, but at least the rubric's for scores and 0.01% for 得分率."""
        least = {"score": self.score_places, "rate": self.settings.rate_places}.get(kind, 0)
        return min(max(fig.places or 0, least), MAX_DIGITS)  # no table prints 40 decimals

    def agrees(self, fig: Figure, expected: Decimal, kind: str) -> bool:
        assert fig.value is not None
        return abs(fig.value - expected) <= _half_unit(self.places(fig, kind))

    def show(self, value: Decimal, fig: Figure | None, kind: str = "") -> str:
        """An expected value shown like the published one, two more decimals than printed."""
        places = (self.places(fig, kind) if fig is not None else self.score_places) + 2
        if fig is not None and fig.percent:
            return plain(round_to(value * 100, max(places - 2, 2))) + "%"
        return plain(round_to(value, max(places, 2)))

    def diff(self, fig: Figure, expected: Decimal) -> str:
        assert fig.value is not None
        delta = CONTEXT.subtract(fig.value, expected)
        sign = "+" if delta > 0 else ""
        if fig.percent:
            points = f"{sign}{plain(round_to(delta * 100, max((fig.places or 2), 2)))}"
            return msg("finding.percentage-points", delta=points).render(self.language)
        return f"{sign}{plain(round_to(delta, max((fig.places or 0) + 2, self.score_places + 2)))}"

    # ---- the checks

    def run(self) -> None:
        by_code = self.plan.by_code
        for code in self.reported.nodes:
            if code not in by_code:
                alike = [c for c in by_code if len(c) == len(code)] or list(by_code)  # A3 is more like A2 than A
                close = difflib.get_close_matches(code, alike, 1, cutoff=0.5)
                self.add("error", code, "unknown-code", msg("finding.unknown-code-close", code=code, close=close[0])
                         if close else msg("finding.unknown-code", code=code))  # fmt: skip
        for code in self.reported.duplicates:
            self.add("error", code, "duplicate", msg("finding.duplicate", code=code))
        for node in reversed(list(self.result)):  # children first: a subtotal names the children behind it
            figures = self.reported.nodes.get(node.code)
            if isinstance(node.node, ast.Indicator):  # the data's sanity, published or not
                self.plausible(node, node.node, _checked((figures or {}).get("actual", ())))
            if figures is None:
                if node.kind == "indicator":
                    self.add("warning", node.code, "missing", msg("finding.missing", code=node.code, name=node.name))
                continue
            self.quoted(node.code, figures)
            self.numeric(node.code, figures)
            self.labels(node, figures.get("label", ()))
            self.node(node, {k: fig for k, v in figures.items() if (fig := _checked(v)) is not None})
        self.quoted("total", self.reported.top)
        self.numeric("total", self.reported.top)
        self.total()
        for ratio in self.reported.ratios:
            self.ratio(ratio)

    def numeric(self, code: str, figures: Mapping[str, tuple[Figure, ...]]) -> None:
        """A weight, score, rate or total that is not a number is compared with nothing: say so, never skip it."""
        for kind in ("weight", "score", "rate", "total"):
            for fig in figures.get(kind, ()):
                if fig.value is None and fig.text.strip():
                    field = msg(f"finding.field.{kind}")
                    self.add("warning", code, "unreadable", msg("finding.unreadable-total", field=field) if code == "total"
                             else msg("finding.unreadable", field=field, code=code), fig)  # fmt: skip

    def labels(self, node: NodeResult, labels: tuple[Figure, ...]) -> None:
        """A node printed under another code (``label``): a duplicate when that code is another node's."""
        for label in labels:
            if label.text == node.code:
                continue
            taken = label.text in self.result
            said = msg("finding.label-taken", code=node.code, name=node.name, label=label.text,
                       other=self.result[label.text].name) if taken else \
                msg("finding.label", code=node.code, name=node.name, label=label.text)  # fmt: skip
            self.add("error" if taken else "warning", node.code, "duplicate", said, label, node.code)

    def quoted(self, code: str, figures: Mapping[str, tuple[Figure, ...]]) -> None:
        """The same figure printed with different values in different places."""
        for field, quotes in figures.items():
            if field == "label":
                continue  # a code printed differently is a duplicate, see ``labels``
            first = quotes[0]
            for other in quotes[1:]:
                if not _agree(first, other) and other.text != first.text:
                    self.add("error", code, "quoted", msg("finding.quoted", field=msg(f"finding.field.{field}"), code=code,
                             first=first.shown(), other=other.shown()), other, first.text)  # fmt: skip

    def node(self, node: NodeResult, figures: Mapping[str, Figure]) -> None:
        code, indicator = node.code, node.node
        weight = figures.get("weight")
        declared = self.plan.nodes[self.plan.by_code[code]].weight
        if weight is not None and weight.value is not None and weight.value != declared:
            self.add("error", code, "weight", msg("finding.weight", code=code, published=weight.text,
                     declared=plain(declared)), weight, plain(declared), plain(weight.value - declared))  # fmt: skip
        score = figures.get("score")
        score_ok = score is not None and score.value is not None
        if score_ok:
            assert score is not None and score.value is not None
            ceiling = self.ceilings[self.plan.by_code[code]]
            if score.value < 0 or score.value > ceiling:
                self.add("error", code, "bounds", msg("finding.score-bounds", code=code, weight=plain(node.weight)),
                         score, expected=f"0–{plain(node.weight)}")  # fmt: skip
        rate = figures.get("rate")
        if rate is not None and rate.value is not None and score_ok and node.weight:
            assert score is not None and score.value is not None
            expected = CONTEXT.divide(score.value, node.weight)
            unrounded = CONTEXT.divide(node.raw, node.weight)
            if not self.agrees(rate, expected, "rate") and self.agrees(rate, unrounded, "rate"):
                self.add("note", code, "rate", msg("finding.rate-unrounded", raw=plain(round_to(node.raw, 4)),
                         weight=plain(node.weight), score=score.text), rate,
                         self.show(expected, rate, "rate"), self.diff(rate, expected))  # fmt: skip
            elif not self.agrees(rate, expected, "rate"):
                self.add("error", code, "rate", msg("finding.rate", score=score.text, weight=plain(node.weight)), rate,
                         self.show(expected, rate, "rate"), self.diff(rate, expected))  # fmt: skip
        if isinstance(indicator, ast.Indicator):
            self.leaf(node, indicator, figures)
        else:
            self.group(node, score)

    def leaf(self, node: NodeResult, indicator: ast.Indicator, figures: Mapping[str, Figure]) -> None:
        code = node.code
        actual, score = figures.get("actual"), figures.get("score")
        rescored: Decimal | None = None
        self.reachable(node, indicator, score, figures.get("rate"))
        self.reachable_actual(node, indicator, actual)
        printed = actual is not None and actual.value is not None and node.actual is not None and \
            self.agrees(actual, node.actual, "actual")  # the data's actual, rounded for print  # fmt: skip
        if actual is not None and actual.value is not None and node.actual is not None:
            if not printed:
                places = self.places(actual, "actual")
                truncated = node.actual.quantize(Decimal(1).scaleb(-places), rounding="ROUND_DOWN")
                printed = truncated == actual.value  # the data's actual still, truncated (a warning of its own)
                if printed:
                    self.add("warning", code, "actual", msg("finding.actual-truncated", code=code,
                             expected=self.show(node.actual, actual)), actual, self.show(node.actual, actual),
                             self.diff(actual, node.actual))  # fmt: skip
                else:
                    self.add("error", code, "actual", msg("finding.actual", code=code, expected=self.show(node.actual, actual),
                             published=actual.text), actual, self.show(node.actual, actual),
                             self.diff(actual, node.actual))  # fmt: skip
        if actual is not None and actual.value is not None and indicator.rule is not None and indicator.rule.rescorable \
                and node.applicable:  # fmt: skip
            rescored = rescore(self.result, code, actual.value)
            follows_data = printed and node.override is None and score is not None and score.value is not None and \
                self.agrees(score, node.score, "score")  # rounding the actual for print may cross a band edge  # fmt: skip
            if score is not None and score.value is not None and not self.agrees(score, rescored, "score") \
                    and not follows_data:  # fmt: skip
                overridden = node.override is not None and self.agrees(score, node.score, "score")
                said = msg("finding.score-rule-overridden", rescored=plain(rescored), actual=actual.text, score=score.text,
                           why=node.override.reason) if overridden and node.override is not None else \
                    msg("finding.score-rule", rescored=plain(rescored), actual=actual.text, score=score.text)  # fmt: skip
                self.add("note" if overridden else "error", code, "score", said, score, plain(rescored),
                         self.diff(score, rescored))  # fmt: skip
        if score is not None and score.value is not None and not self.agrees(score, node.score, "score") \
                and (rescored is None or rescored != node.score):  # fmt: skip
            said = msg("finding.score-data-overridden", code=code, score=str(node.score), why=node.override.reason,
                       published=score.text) if node.override is not None else \
                msg("finding.score-data", code=code, score=str(node.score), published=score.text)  # fmt: skip
            self.add("error", code, "score", said, score, str(node.score), self.diff(score, node.score))

    def reachable(self, node: NodeResult, indicator: ast.Indicator, score: Figure | None, rate: Figure | None) -> None:
        """A published score or 得分率 that the rule cannot give for any data (an all-or-nothing checklist's
        2.25 of 3). Only where the score is the rule's alone: no 加分/扣分 parts, applicable, not overridden."""
        declared = self.plan.nodes[self.plan.by_code[node.code]].weight
        if indicator.rule is None or indicator.parts or not node.applicable or node.override is not None \
                or node.weight != declared:  # fmt: skip
            return
        scores = indicator.rule.reachable(declared)
        done = completion_rates(indicator)
        if scores is None and done is not None:  # a rate of items met or not takes few values: so do its scores
            scores = indicator.rule.reachable_from(declared, done, indicator.target)
        if scores is None:
            return
        ordered = sorted(scores)
        if score is not None and score.value is not None and not any(self.agrees(score, v, "score") for v in ordered):
            listed = _listed([plain(round_to(v, self.score_places)) for v in ordered[:13]])
            self.add("error", node.code, "unreachable", msg("finding.unreachable-score", code=node.code,
                     published=score.text, listed=listed), score, listed.zh)  # fmt: skip
        elif rate is not None and rate.value is not None and declared and \
                not any(self.agrees(rate, CONTEXT.divide(v, declared), "rate") for v in ordered):  # fmt: skip
            rates = _listed([percent(CONTEXT.divide(v, declared), 2) for v in ordered[:13]])
            self.add("error", node.code, "unreachable", msg("finding.unreachable-rate", code=node.code,
                     published=rate.text, listed=rates), rate, rates.zh)  # fmt: skip

    def reachable_actual(self, node: NodeResult, indicator: ast.Indicator, actual: Figure | None) -> None:
        """A published completion rate its items, each met or not (全有全无), cannot average: six items never
        make 90%."""
        rates = completion_rates(indicator)
        if rates is None or actual is None or actual.value is None or not node.applicable:
            return
        ordered = sorted(rates)
        if not any(self.agrees(actual, r, "actual") for r in ordered):
            listed = _listed([percent(r, 2) for r in ordered[:13]])
            count = len(indicator.actual.items) if isinstance(indicator.actual, ast.Completion) else 0
            self.add("error", node.code, "unreachable", msg("finding.unreachable-actual", code=node.code,
                     published=actual.text, count=count, listed=listed), actual, listed.zh)  # fmt: skip

    def plausible(self, node: NodeResult, indicator: ast.Indicator, actual: Figure | None) -> None:
        code = node.code
        value = node.actual if node.actual is not None else actual.value if actual is not None else None
        if value is not None and "执行率" in node.name:
            self.execution(code, msg("finding.what-execution", code=code, name=node.name), value, actual)
        for step in node.raw_steps:  # completion items each have a target of their own
            if step[0] == "completion":
                for name, done, target, _, rated in step[1]:
                    self.low_target(code, msg("finding.what-item", name=name, code=code), done, target, rated, None)
        if tree.direction(indicator) != "lower":
            self.low_target(code, msg("finding.what-actual", code=code), value, node.target, actual_is_rate(node), actual)

    def low_target(self, code: str, what: Message, value: Decimal | None, target: Decimal | None, rated: bool,
                   fig: Figure | None) -> None:  # fmt: skip
        if value is None or target is None or target <= 0 or value < target * self.settings.target_ratio:
            return
        shown = percent(target, 2) if rated else plain(target)
        self.add("note", code, "target", msg("finding.low-target", what=what, share=percent(value / target, 0),
                 target=shown), fig)  # fmt: skip

    def execution(self, code: str, what: Message | str, rate: Decimal, fig: Figure | None) -> None:
        s = self.settings
        if rate > s.execution_rate_implausible:
            self.add("error", code, "plausibility", msg("finding.execution-implausible", what=what, rate=percent(rate, 2),
                     times=plain(round_to(rate, 1))), fig)  # fmt: skip
        elif rate > s.execution_rate_max:
            self.add("warning", code, "plausibility", msg("finding.execution-over", what=what, rate=percent(rate, 2)), fig)
        elif rate < s.execution_rate_min:
            self.add("note", code, "plausibility", msg("finding.execution-under", what=what, rate=percent(rate, 2)), fig)

    def published_sum(self, codes: tuple[str, ...], lost: frozenset[str] = frozenset()) -> tuple[Decimal, str] | None:
        """The sum of the published scores of ``codes`` (those in ``lost`` subtracted: penalty groups) and how it
        reads (``3 + 10.99``), if all were published."""
        total, text = ZERO, ""
        for code in codes:
            score = _checked(self.reported.nodes.get(code, {}).get("score", ()))
            if score is None or score.value is None:
                return None
            sign = code in lost
            total += -score.value if sign else score.value
            text += (" − " if sign else " + " if text else "") + score.text
        return (total, text) if codes else None

    def because(self, code: str | None) -> Message | str:
        """`` (because of B22, C21)``: the indicators under a node (or the whole) whose scores were found wrong."""
        nodes = self.plan.nodes
        stack = list(nodes[self.plan.by_code[code]].children if code is not None else self.plan.roots)
        leaves = []
        while stack:
            index = stack.pop()
            stack.extend(nodes[index].children)
            if nodes[index].scorer is not None:
                leaves.append(index)
        wrong = {f.code for f in self.found if f.kind == "score" and f.severity == "error"}
        causes = [nodes[i].code for i in sorted(leaves) if nodes[i].code in wrong]
        return msg("finding.because", codes=tuple(causes)) if causes else ""

    def group(self, node: NodeResult, score: Figure | None) -> None:
        code = node.code
        if score is None or score.value is None:
            return
        adds_up = node.kind == "group" and self.plan.nodes[self.plan.by_code[code]].aggregate == "sum"
        summed = self.published_sum(node.children) if adds_up else None
        if summed is not None and not self.agrees(score, summed[0], "score"):
            self.add("error", code, "subtotal", msg("finding.subtotal-sum", code=code, terms=summed[1],
                     sum=plain(summed[0])), score, plain(summed[0]), self.diff(score, summed[0]))  # fmt: skip
        if not self.agrees(score, node.score, "score"):  # and what the data give, as for the total
            self.add("warning", code, "subtotal", msg("finding.subtotal-data", code=code, score=str(node.score),
                     because=self.because(node.code)), score, str(node.score), self.diff(score, node.score))  # fmt: skip

    def total(self) -> None:
        top, result = self.reported.top, self.result
        total = _checked(top.get("total", ()))
        level1 = [n for n in result if n.level == 1]
        if total is not None and total.value is not None:
            penalties = frozenset(n.code for n in level1 if n.kind == "penalty")
            summed = None if result.vetoes else self.published_sum(tuple(n.code for n in level1), penalties)
            if summed is not None:
                lowest = result.minimum
                added = min(max(summed[0], lowest), result.maximum)  # the total is clamped to [最低分 or 0, 总分]
                capped = msg("finding.capped", maximum=plain(result.maximum)) if added != summed[0] else ""
                if not self.agrees(total, added, "score"):
                    self.add("error", "total", "total", msg("finding.total-sum", terms=summed[1], sum=plain(summed[0]),
                             capped=capped), total, plain(added), self.diff(total, added))  # fmt: skip
            if not self.agrees(total, result.total, "score"):
                self.add("warning", "total", "total", msg("finding.total-data", total=str(result.total),
                         because=self.because(None)), total, str(result.total), self.diff(total, result.total))  # fmt: skip
            if total.value > result.maximum or total.value < result.minimum:
                self.add("error", "total", "bounds", msg("finding.total-bounds", minimum=plain(result.minimum),
                         maximum=plain(result.maximum)), total)  # fmt: skip
        rate = _checked(top.get("rate", ()))
        if rate is not None and rate.value is not None and total is not None and total.value is not None:
            expected = CONTEXT.divide(total.value, result.maximum)
            if not self.agrees(rate, expected, "rate"):
                self.add("error", "total", "rate", msg("finding.total-rate", total=total.text,
                         maximum=plain(result.maximum)), rate, self.show(expected, rate, "rate"), self.diff(rate, expected))  # fmt: skip
        grade = _checked(top.get("grade", ()))
        if grade is None:
            return
        if total is not None and total.value is not None:
            own = self.plan.grade_of(total.value, {**result.inputs, "total": total.value})[0]
            if own is not None and own != grade.text:
                self.add("error", "total", "grade", msg("finding.grade-bands", total=total.text, own=own,
                         published=grade.text), grade, own)  # fmt: skip
        if result.grade is not None and result.grade != grade.text:
            self.add("error", "total", "grade", msg("finding.grade-data", total=str(result.total), grade=result.grade,
                     published=grade.text), grade, result.grade)  # fmt: skip

    def ratio(self, ratio: Ratio) -> None:
        num, den, rate = ratio.numerator, ratio.denominator, ratio.rate
        name = ratio.name
        if num.value is None or den.value is None or rate.value is None:
            self.add("error", name, "ratio", msg("finding.ratio-numbers", name=name), rate)
            return
        if den.value == 0:
            self.add("error", name, "ratio", msg("finding.ratio-zero", name=name), den)
            return
        expected = CONTEXT.divide(num.value, den.value)
        # at the places printed, as an actual is (a budget table's 92.6% for 92.56% is right), not at a 得分率's 0.01%
        if not self.agrees(rate, expected, "ratio"):
            places = self.places(rate, "ratio")
            truncated = expected.quantize(Decimal(1).scaleb(-places), rounding="ROUND_DOWN") == rate.value
            said = msg("finding.ratio-truncated" if truncated else "finding.ratio", name=name, numerator=num.text,
                       denominator=den.text, expected=self.show(expected, rate, "ratio"))
            self.add("warning" if truncated else "error", name, "ratio", said, rate, self.show(expected, rate, "ratio"),
                     self.diff(rate, expected))  # fmt: skip
        if "执行率" in f"{ratio.kind}{name}":
            self.execution(name, name, expected, rate)


@exact
def audit(rubric: Rubric, data: Mapping[str, Any] | str | os.PathLike[str],
          reported: Reported | Mapping[str, Any] | str | os.PathLike[str],
          settings: AuditSettings | None = None, *, language: Language | None = None) -> AuditReport:  # fmt: skip
    """Check every figure a report published against the rubric, the data and the report itself.

    The findings (and the data's problems) are worded in ``language``, by default the rubric's (Chinese for
    Chinese keywords); ``report.in_language("en")`` words them again."""
    from .rubric import Rubric

    if not isinstance(rubric, Rubric):
        raise ArgumentError(msg("api.rubric", function="perfscore.audit()", kind=type(rubric).__name__))
    if isinstance(reported, (str, os.PathLike)):
        reported = read_reported(reported)
    elif isinstance(reported, Mapping):
        reported = reported_from_mapping(reported)
    elif not isinstance(reported, Reported):
        raise ArgumentError(msg("api.reported", kind=type(reported).__name__))
    if settings is not None and not isinstance(settings, AuditSettings):
        raise ArgumentError(msg("api.audit-settings", kind=type(settings).__name__))
    result = rubric.evaluate(data, language=language)  # refuses a language= other than zh or en
    language = language or rubric.language
    auditor = _Auditor(result, reported, settings or AuditSettings(), language)
    with decimal.localcontext(_WIDE):  # 40-digit figures at 40 places stay exact
        auditor.run()
    order = [n.code for n in result._plan.nodes] + ["total"] + [r.name for r in reported.ratios]
    return AuditReport(auditor.found, result, reported, {code: k for k, code in enumerate(order)}, language)


@exact
def template(rubric: Rubric, format: Literal["toml", "csv"] = "toml") -> str:  # noqa: A002 - as on the CLI
    """A reported-figures file to fill in from a published table: every code, every field, empty.

    ``csv`` opens in Excel: one row per node with its name, and a 合计 row for the total and grade.
    """
    if format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["code", "name", "weight", "target", "actual", "score", "rate", "grade", "where"])
        for plan in rubric._plan.nodes:
            writer.writerow(csv_row([plan.code, plan.name, "", "", "", "", "", "", ""]))  # a name is never a formula
        writer.writerow(["合计", "", "", "", "", "", "", "", ""])
        return buffer.getvalue()
    language = rubric.language  # the comments in the rubric's words; the keys are the reader's, in English

    def say(key: str, **args: object) -> str:
        return "# " + msg(f"template.{key}", **args).render(language)

    lines = [f"{say('head')} {visible(rubric.title or '')}".rstrip(), say("copy"), say("twice"),
             "", 'total = ""', 'grade = ""', 'rate = ""', 'where = ""', ""]  # fmt: skip
    for plan in rubric._plan.nodes:
        lines.append(f'["{plan.code}"]  ' + say("node", name=visible(plan.name), weight=plain(plan.weight)))
        fields = ("weight", "score", "rate") if plan.kind != "indicator" else ("weight", "target", "actual", "score", "rate")
        lines += [f'{field} = ""' for field in fields] + ['where = ""', ""]
    lines += [say("ratios"), "# [[ratios]]", '# name = "基本支出执行率"', '# kind = "执行率"', '# numerator = ""',
              '# denominator = ""', '# rate = ""', '# where = ""']  # fmt: skip
    return "\n".join(lines) + "\n"


def completion_rates(indicator: ast.Indicator) -> frozenset[Decimal] | None:
    """The rates a 全有全无 completion of judged items can take (None: any rate, or too many to list)."""
    actual = indicator.actual
    if not isinstance(actual, ast.Completion) or not actual.whole or any(i.target is not None for i in actual.items):
        return None
    return subset_sums(actual.items, ONE)

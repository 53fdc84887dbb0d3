"""The compiled rubric: parse and check once, evaluate many times."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING, Any

from . import ast, files, standards
from .compiler import Plan, build
from .data import read_data
from .errors import (
    ArgumentError,
    CheckError,
    DataError,
    Diagnostic,
    EvaluationError,
    ParseError,
    language_argument,
)
from .limits import DEFAULT_LIMITS, Limits, limits_argument, paused_gc
from .messages import Language, Message, language_of, msg
from .numbers import CONTEXT, exact
from .parser import parse_partial
from .source import NO_SPAN, Source

if TYPE_CHECKING:  # populations (tables, sqlite3, processes) are imported by the methods that score them
    from . import population
    from .result import Result
    from .population import Population


#: perfscore.evaluate, imported when a rubric first scores: checking and printing never need it.
_evaluator: Callable[..., Result] | None = None


def _load_evaluator() -> Callable[..., Result]:
    global _evaluator
    from .evaluate import evaluate

    _evaluator = evaluate
    return evaluate


class Rubric:
    """A checked, compiled rubric. ``evaluate`` does no parsing or name resolution."""

    __slots__ = ("_language", "_plan", "_words", "ast", "source", "warnings")

    def __init__(self, tree: ast.Rubric, source: Source, warnings: list[Diagnostic],
                 language: Language | None = None, kinds: Mapping[str, str | None] | None = None) -> None:  # fmt: skip
        self.ast = tree
        self.source = source
        #: The language chosen at compile(language=…), if any: its messages, data problems included, use it.
        self._language = language
        #: The language its messages use: the chosen one, else its keywords' — found once, not per evaluation
        #: (finding it reads the whole text: it cost a same-work evaluation of the example a third of its time).
        self._words: Language = language or language_of(source.text)
        #: Checker warnings (e.g. a formula that will be clamped); errors never get this far.
        self.warnings = tuple(warnings)
        with paused_gc():  # thousands of closures over a large syntax tree: rescanning it made compiling superlinear
            self._plan: Plan = build(tree, kinds or {})  # in perfscore's decimal context: compile() wears @exact

    @property
    def language(self) -> Language:
        """The language of its messages: the one chosen at compile, else its keywords' (``zh`` or ``en``)."""
        return self._words

    @property
    def title(self) -> str | None:
        return self.ast.title

    @property
    def total(self) -> Decimal:
        return self.ast.total

    @property
    def maximum(self) -> Decimal:
        return self._plan.maximum

    @property
    def codes(self) -> tuple[str, ...]:
        """Every node's code in document order."""
        return tuple(n.code for n in self._plan.nodes)

    @property
    def inputs(self) -> tuple[str, ...]:
        """The names the data must give: declared inputs, surveys and indicators read from data."""
        names = [i.name for i in self.ast.inputs] + [s.name for s in self.ast.surveys]
        return tuple(names + [n.code for n in self._plan.nodes if n.reader is not None])

    def evaluate(self, data: Mapping[str, Any] | str | os.PathLike[str], *, language: Language | None = None) -> Result:
        """Score one set of data: a mapping, or a path to a TOML/JSON file. Its problems (DataError,
        EvaluationError) are worded in ``language``, by default the rubric's (:attr:`language`)."""
        try:
            if isinstance(data, (str, os.PathLike)):
                data = read_data(data)
            return (_evaluator or _load_evaluator())(self._plan, data, language_argument(language) or self._words)
        except (DataError, EvaluationError) as exc:
            raise exc.in_language(language_argument(language) or self._words) from None

    @exact
    def schema(self) -> dict[str, Any]:
        """A JSON Schema (2020-12) for one unit's data: every input with its type, unit and domain, each survey,
        what each indicator's code holds (items, a level and its score, an actual), and the reserved keys
        (不适用, 调整, 一票否决). Plain JSON values: ``json.dumps(rubric.schema(), ensure_ascii=False)``."""
        from .schema import json_schema

        return json_schema(self)

    @exact
    def evaluate_many(self, units: Any, *, id: str | None = None, by: str | Sequence[str] = (), workers: int = 1,
                      sheet: str | None = None) -> Population:  # fmt: skip
        """Score many units: a table file (CSV, xlsx), a DataFrame or an iterable of mappings.

        A bad row never stops the run: its problems are in ``problems`` with the row as the spreadsheet
        shows it, the unit (``id`` names the column holding it; else a column named 编号, 单位名称, 项目名称 …)
        and the column. ``by`` keeps category columns for ranking within them; ``workers`` scores in that
        many processes, with the same results. ``sheet`` chooses the sheet of a workbook (else the first with
        data, or, when that has none of the rubric's columns, the sheet that has the most of them).
        """
        from . import population

        categories = (by,) if isinstance(by, str) else tuple(by)
        jobs, problems = population.prepare(self, units, id, categories, sheet, workers)
        units_scored = list(population.run(self, jobs, workers))
        row_problems = [p for u in units_scored for p in u.problems]
        if not units_scored:
            row_problems.append(population.no_units(self._language))
        return population.Population(self, units_scored, [*problems, *row_problems])

    def stream(self, units: Any, *, id: str | None = None, by: str | Sequence[str] = (), workers: int = 1,
               sheet: str | None = None) -> Iterator[population.Unit]:  # fmt: skip
        """The units of :meth:`evaluate_many` one at a time, holding none (for file-to-file runs of any size);
        the table's own problems (unknown columns) come first, as a unit without a row."""
        from . import population

        categories = (by,) if isinstance(by, str) else tuple(by)
        jobs, problems = population.prepare(self, units, id, categories, sheet, workers)
        if problems:
            yield population.Unit("", 0, None, tuple(problems))
        with localcontext(CONTEXT):
            yield from population.run(self, jobs, workers)

    @exact
    def _repr_html_(self) -> str:
        from .render.notebook import rubric_html

        return rubric_html(self)

    def __repr__(self) -> str:
        leaves = sum(1 for n in self._plan.nodes if n.kind == "indicator")
        return f"<Rubric {self.title or self.source.name!r}: {leaves} indicators, total {self.total}>"


@exact
def compile(text: str | bytes, name: str = "<rubric>", limits: Limits = DEFAULT_LIMITS, *,
            language: Language | None = None) -> Rubric:  # fmt: skip
    """Parse, check and compile rubric text; every problem is reported at once.

    Bytes (an upload, as received) are decoded as :func:`load` decodes a file: UTF-8, a clear
    error for anything else. Messages are in ``language`` (``"zh"`` or ``"en"``); by default in the
    rubric's own: Chinese for a rubric written with Chinese keywords, English for one in English.
    """
    language, limits = language_argument(language), limits_argument(limits)
    from .checker import check, check_or_raise

    if isinstance(text, (bytes, bytearray)):
        if len(text) > limits.max_bytes:
            raise _refusal(Source(name, ""), msg("limits.bytes", size=f"{len(text):,}", limit=f"{limits.max_bytes:,}"),
                           msg("limits.raise", name="max_bytes"), language)  # fmt: skip
        text = decode(bytes(text), lambda message, hint: _refusal(Source(name, ""), message, hint, language))
    elif not isinstance(text, str):
        raise ArgumentError(msg("api.compile-text", kind=type(text).__name__))

    source = Source(name, text)
    try:
        tree, syntax_errors, blanked = parse_partial(text, name, limits)
    except ParseError as exc:  # the limits, the empty rubric: in the language asked for
        raise exc.in_language(language) from None
    unknown: list[Diagnostic] = []
    if tree is not None:  # 引用: standard indicators filled in before anything is checked
        tree, unknown = standards.expand(tree, source)
    if syntax_errors:  # and the check errors of what did parse: every problem in one run
        beside = _outside_unknown(_checks_beside(tree, source, blanked), tree, unknown)
        raise ParseError(sorted(syntax_errors + unknown + beside, key=_position), language)
    assert tree is not None
    if unknown:  # with the check errors of every other indicator
        raise CheckError(sorted(unknown + _outside_unknown(check(tree, source), tree, unknown), key=_position),
                         language)  # fmt: skip
    try:
        checked = check_or_raise(tree, source)
    except CheckError as exc:
        raise exc.in_language(language) from None
    return Rubric(tree, source, [w.in_language(language) for w in checked.warnings], language, checked.kinds)




#: Checks that judge the whole tree (weights summing to the total, the settings, the grades against
#: the total): with statements blanked out, what they would say is about the blanks.
_WHOLE_TREE_CHECKS = frozenset({"weights", "settings", "grades"})


def _checks_beside(tree: ast.Rubric | None, source: Source, blanked: list[tuple[int, int]]) -> list[Diagnostic]:
    """The check errors of a rubric parsed with its erroneous statements blanked, less those the blanks
    may cause: a whole-tree check, anything in an indicator that lost a line (its rule, its target),
    or a name unknown that a blanked statement may have declared."""
    from .checker import check

    if tree is None:
        return []
    hidden = "\n".join(source.text[start:end] for start, end in blanked)
    damaged = [(node.span.start, node.span.end) for node in ast.walk(tree.nodes) if isinstance(node, ast.Indicator)
               and any(node.span.start <= start < node.span.end for start, _ in blanked)]  # fmt: skip
    kept = []
    for found in check(tree, source):
        if found.severity != "error" or found.code in _WHOLE_TREE_CHECKS:
            continue
        if any(start <= found.span.start < end for start, end in damaged):
            continue
        if found.code == "unknown-name" and source.text[found.span.start : found.span.end] in hidden:
            continue
        kept.append(found)
    return kept


def _outside_unknown(found: list[Diagnostic], tree: ast.Rubric | None, unknown: list[Diagnostic]) -> list[Diagnostic]:
    """``found`` less what it says about indicators whose standard is unknown (they lack a rule, a target …)."""
    if not unknown or tree is None:
        return found
    spans = [(n.span.start, n.span.end) for n in ast.walk(tree.nodes) if isinstance(n, ast.Indicator)
             and n.standard is not None and any(d.span == n.standard.span for d in unknown)]  # fmt: skip
    return [d for d in found if not any(a <= d.span.start < b for a, b in spans)]


def _position(diagnostic: Diagnostic) -> tuple[int, int]:
    return diagnostic.span.start, diagnostic.span.end


@exact
def load(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS, *, language: Language | None = None) -> Rubric:
    """Compile a rubric file: UTF-8 text (a BOM is fine); anything else gets an error that says what it is.

    Messages are in ``language``, by default the rubric's own (see :func:`compile`)."""
    language, limits = language_argument(language), limits_argument(limits)
    try:
        text = read_source(path, limits)
    except ParseError as exc:
        raise exc.in_language(language) from None
    return compile(text, str(path), limits, language=language)


def read_source(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> str:
    """A rubric file's text, read and decoded as :func:`load` reads it (``perfscore fmt`` reads it so too)."""
    source = Source(str(path), "")
    raw = files.read_file(path, files.RUBRIC, limits.max_bytes, lambda message, hint: _refusal(source, message, hint))
    return decode(raw, lambda message, hint: _refusal(source, message, hint))


def _refusal(source: Source, message: Message | str, hint: Message | str | None = None,
             language: Language | None = None) -> ParseError:  # fmt: skip
    """A whole-file problem: no line to point at."""
    text = message if isinstance(message, Message) else msg("file.refused", message=message)
    advice = hint if isinstance(hint, Message) or hint is None else msg("file.refused", message=hint)  # str: a caller's
    return ParseError([Diagnostic("error", text, NO_SPAN, source, advice, "file")], language)


def decode(raw: bytes, refuse: Callable[[Message, Message | None], Exception]) -> str:
    """Rubric bytes as text: UTF-8 with or without BOM; a clear refusal for binary files, GBK and UTF-16."""
    return files.decode(raw, files.RUBRIC, refuse)

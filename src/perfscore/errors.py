"""The exception hierarchy and diagnostics: every failure a caller can meet.

Only these types escape the public API. Each carries structured fields for
tools and a readable ``str()`` for people.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any, Literal

import attrs

from .messages import Language, Message, language_of, msg
from .source import Source, Span

Severity = Literal["error", "warning"]


@attrs.frozen
class Fix:
    """A machine-applicable repair: put ``replacement`` where ``span`` is (an editor's quick fix)."""

    span: Span
    replacement: str

    def apply(self, text: str) -> str:
        return text[: self.span.start] + self.replacement + text[self.span.end :]

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.span.start, "end": self.span.end, "line": self.span.line, "column": self.span.column,
                "end_line": self.span.end_line, "end_column": self.span.end_column, "replacement": self.replacement}  # fmt: skip


@attrs.frozen
class Diagnostic:
    """One problem found in a rubric, located by a span of its source.

    Its message and hint are entries of the catalogue (perfscore.messages), worded in ``language`` when
    shown; None (the default) words them in the rubric's own language: Chinese for Chinese keywords.
    """

    severity: Severity
    text: Message
    span: Span
    source: Source = attrs.field(repr=False)
    hint_text: Message | None = None
    code: str = "check"
    #: The repair the hint describes, when it is a plain edit of the text.
    fix: Fix | None = None
    language: Language | None = None

    @property
    def shown_in(self) -> Language:
        """The language the message is worded in: the one chosen, or the rubric's own."""
        return self.language or language_of(self.source.text)

    @property
    def key(self) -> str:
        """The message's key in the catalogue (``weights.sum``): finer than ``code``, as stable."""
        return self.text.key

    @property
    def message(self) -> str:
        return self.text.render(self.shown_in)

    @property
    def hint(self) -> str | None:
        return None if self.hint_text is None else self.hint_text.render(self.shown_in)

    def in_language(self, language: Language | None) -> Diagnostic:
        """The same diagnostic worded in ``language`` (None: the rubric's own)."""
        return self if language == self.language else attrs.evolve(self, language=language)

    def to_dict(self, language: Language | None = None) -> dict[str, Any]:
        """JSON-safe, without the source text: for a web service to return and an editor to underline."""
        shown = self.in_language(language or self.language)
        span = self.span
        return {"code": self.code, "key": self.key, "severity": self.severity, "message": shown.message,
                "hint": shown.hint, "file": self.source.name, "line": span.line, "column": span.column,
                "end_line": span.end_line, "end_column": span.end_column, "start": span.start, "end": span.end,
                "fix": None if self.fix is None else self.fix.to_dict()}  # fmt: skip

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def format(self, language: Language | None = None) -> str:
        """``file:line:col: error: message``, the line with a caret under the span, and the hint."""
        lang = language or self.shown_in
        head = msg("show.head", file=self.source.name, line=self.span.line, column=self.span.column,
                   severity=msg(f"show.{self.severity}"), message=self.text).render(lang)  # fmt: skip
        # A whole-file problem (unreadable, empty, too big) has no line worth showing.
        parts = [head] if self.source.blank else [head, self.source.excerpt(self.span)]
        if self.hint_text is not None:
            parts.append(msg("show.hint", hint=self.hint_text).render(lang))
        return "\n".join(parts)

    def __str__(self) -> str:
        return self.format()


class PerfscoreError(Exception):
    """Root of every error perfscore raises."""


class WordedError(PerfscoreError):
    """An error whose one message is an entry of the catalogue: ``str()`` words it in ``language`` (None:
    English), :meth:`format` in either. The command line words it in its own language (docs/cli.md)."""

    def __init__(self, text: Message | str, language: Language | None = None) -> None:
        self.text, self.language = text, language
        super().__init__(text)

    @property
    def key(self) -> str | None:
        """The message's key in the catalogue (``output.failed``), None for a text built elsewhere."""
        return self.text.key if isinstance(self.text, Message) else None

    def format(self, language: Language | None = None) -> str:
        lang = language or self.language or "en"
        return self.text if isinstance(self.text, str) else self.text.render(lang)

    def in_language(self, language: Language | None) -> WordedError:
        """The same error worded in ``language`` (None: as it is)."""
        if language is None or language == self.language:
            return self
        again = copy.copy(self)
        again.language = language
        return again

    def __str__(self) -> str:
        return self.format()


class ArgumentError(WordedError, TypeError):
    """A perfscore function was given the wrong kind of argument (also a TypeError, as Python raises); worded
    in English unless the language was chosen (``compile(language=…)``)."""


def language_argument(language: object) -> Language | None:
    """A ``language=`` argument as given: ``"zh"``, ``"en"`` or None (the default); anything else is refused."""
    if language is None or language in ("zh", "en"):
        return language
    raise ArgumentError(msg("api.language", language=repr(language)))


class FontError(WordedError):
    """No font with Chinese characters for a chart or a PDF, or the font given cannot be used: the message says
    how to get one."""


class MissingExtraError(WordedError):
    """An optional part of perfscore needs a package that is not installed; the message says which extra to install."""


class RubricError(PerfscoreError):
    """A rubric could not be parsed or failed its static checks.

    ``str()`` words every diagnostic in the rubric's language, or in ``language`` when one was chosen;
    :meth:`format` words them in any.
    """

    def __init__(self, diagnostics: Sequence[Diagnostic], language: Language | None = None) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(d.in_language(language) for d in diagnostics) \
            if language is not None else tuple(diagnostics)  # fmt: skip
        super().__init__(self.format())

    def format(self, language: Language | None = None) -> str:
        errors = [d for d in self.diagnostics if d.severity == "error"]
        lang = language or (self.diagnostics[0].shown_in if self.diagnostics else "en")
        body = "\n".join(d.format(lang) for d in self.diagnostics)
        return msg("show.rubric-errors", count=len(errors)).render(lang) + "\n" + body

    def in_language(self, language: Language | None) -> RubricError:
        """The same error, its diagnostics worded in ``language``."""
        return type(self)(self.diagnostics, language)

    def __reduce__(self) -> tuple[type, tuple[tuple[Diagnostic, ...]]]:
        return (type(self), (self.diagnostics,))


class ParseError(RubricError):
    """The rubric text is not valid syntax."""


class CheckError(RubricError):
    """The rubric parsed but its static checks found errors."""


@attrs.frozen
class DataProblem:
    """One problem with evaluation data: what (a stable ``code``, ``data.missing`` …), where (the ``path`` of
    keys into the data, the indicator and the input), and the shape ``expected`` there when one is known.

    Its message is worded in ``language`` when shown; None words it in English. Rubric.evaluate (and
    DataError raised through it) sets the rubric's language: Chinese for a rubric with Chinese keywords.
    """

    text: Message | str
    input: str | None = None
    indicator: str | None = None
    code: str = "data.invalid"
    severity: Severity = "error"
    #: Keys into the data leading to the problem: ``("B21",)``, ``("overrides", "A1")``; () for the input's own key.
    path: tuple[str | int, ...] = ()
    #: What the data should hold there (``{level, score}``, a number …), when the problem is its shape.
    expected: Message | str | None = None
    language: Language | None = None

    @property
    def key(self) -> str:
        return self.text.key if isinstance(self.text, Message) else self.code

    @property
    def message(self) -> str:
        return self._render(self.text, self.language or "en")

    @staticmethod
    def _render(text: Message | str | None, language: Language) -> str:
        return "" if text is None else text if isinstance(text, str) else text.render(language)

    def in_language(self, language: Language | None) -> DataProblem:
        return self if language is None or language == self.language else attrs.evolve(self, language=language)

    def format(self, language: Language | None = None) -> str:
        """``indicator / input: message`` (and what is expected there), in ``language``."""
        lang = language or self.language or "en"
        where = " / ".join(x for x in (self.indicator, self.input) if x)
        text = self._render(self.text, lang)
        if self.expected is not None and self.code == "data.missing":
            text = msg("data.expected", message=text, expected=self.expected).render(lang)
        return f"{where}: {text}" if where else text

    def to_dict(self, language: Language | None = None) -> dict[str, Any]:
        """JSON-safe: for a web service to return and a form to highlight the field."""
        lang = language or self.language or "en"
        return {"code": self.code, "severity": self.severity, "message": self._render(self.text, lang),
                "path": list(self.path or ((self.input,) if self.input else ())), "indicator": self.indicator, "input": self.input,
                "expected": None if self.expected is None else self._render(self.expected, lang)}  # fmt: skip

    def __str__(self) -> str:
        return self.format()


class DataError(PerfscoreError):
    """The evaluation data is missing, mistyped or out of its domain."""

    def __init__(self, problems: Sequence[DataProblem], language: Language | None = None,
                 subject: Message | None = None) -> None:  # fmt: skip
        self.problems: tuple[DataProblem, ...] = tuple(p.in_language(language) for p in problems)
        self.subject = subject  # the file the problems are in, when it is not the evaluation data
        super().__init__(self.format())

    def format(self, language: Language | None = None) -> str:
        lang = language or (self.problems[0].language if self.problems else None) or "en"
        lines = "\n".join(f"  - {p.format(lang)}" for p in self.problems)
        count = len(self.problems)
        header = msg("show.data-problems", count=count) if self.subject is None else \
            msg("show.problems-in", count=count, subject=self.subject)  # fmt: skip
        return header.render(lang) + "\n" + lines

    def in_language(self, language: Language | None) -> DataError:
        return self if language is None else DataError(self.problems, language, self.subject)

    def __reduce__(self) -> tuple[type, tuple[tuple[DataProblem, ...], None, Message | None]]:
        return (type(self), (self.problems, None, self.subject))


class EvaluationError(PerfscoreError):
    """Evaluation failed at run time (e.g. a denominator of zero); worded in ``language`` (None: English;
    Rubric.evaluate sets the rubric's)."""

    def __init__(self, message: Message | str, indicator: str | None = None, language: Language | None = None) -> None:
        self.text, self.indicator, self.language = message, indicator, language
        super().__init__(self.format())

    @property
    def message(self) -> str:
        return self.text if isinstance(self.text, str) else self.text.render(self.language or "en")

    def format(self, language: Language | None = None) -> str:
        lang = language or self.language or "en"
        text = self.text if isinstance(self.text, str) else self.text.render(lang)
        return f"{self.indicator}: {text}" if self.indicator else text

    def in_language(self, language: Language | None) -> EvaluationError:
        return self if language is None else type(self)(self.text, self.indicator, language)

    def __reduce__(self) -> tuple[type, tuple[Message | str, str | None, Language | None]]:
        return (type(self), (self.text, self.indicator, self.language))


class UnknownCodeError(PerfscoreError, KeyError):
    """A node code that the rubric does not have (also a KeyError, as mappings raise)."""

    def __init__(self, code: str, known: Sequence[str] = (), suggestion: str | None = None) -> None:
        import difflib

        if suggestion is None:
            close = difflib.get_close_matches(code, list(known), n=1, cutoff=0.5)
            suggestion = close[0] if close else None
        self.code = code
        #: The closest code the rubric has, if any is close.
        self.suggestion = suggestion
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        super().__init__(f"no node {code!r} in this rubric{hint}")

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[type, tuple[str, tuple[str, ...], str | None]]:
        return (type(self), (self.code, (), self.suggestion))

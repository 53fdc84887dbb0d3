"""Source text and spans: where in a rubric file a node or a problem sits."""

from __future__ import annotations

import functools
import re

import attrs


@attrs.frozen
class Span:
    """A region of a source: offsets (end exclusive) and 1-based line/column."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, offset: int, line: int, column: int) -> Span:
        return cls(offset, offset + 1, line, column, line, column + 1)


NO_SPAN = Span(0, 0, 1, 1, 1, 1)


@attrs.frozen
class Source:
    """A named rubric text; errors are formatted against it."""

    name: str
    text: str

    def line_text(self, line: int) -> str:
        lines = _lines(self.text)
        return lines[line - 1] if 0 < line <= len(lines) else ""

    @property
    def blank(self) -> bool:
        """Whether the text is empty or only blanks (a whole-file problem has no line worth showing)."""
        return _blank(self.text)

    def excerpt(self, span: Span) -> str:
        """The span's first line with a caret line under the span."""
        line = self.line_text(span.line)
        start = max(span.column - 1, 0)
        if span.end_line == span.line:
            width = max(span.end_column - span.column, 1)
        else:
            width = max(len(line) - start, 1)
        # Han characters and full-width punctuation take two terminal columns.
        pad = sum(_cell_width(c) for c in line[:start])
        marks = sum(_cell_width(c) for c in line[start : start + width]) or 1
        return f"    {line}\n    {' ' * pad}{'^' * marks}"


def _cell_width(char: str) -> int:
    import unicodedata

    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


#: Line breaks as the parser counts them: only these (not form feeds, U+2028…, which
#: ``str.splitlines`` would also split on and so show the wrong line under an error).
LINE_BREAK = re.compile(r"\r\n|\r|\n")


@functools.lru_cache(maxsize=8)
def _lines(text: str) -> tuple[str, ...]:
    """The lines of a text, split once however many diagnostics it gets (formatting stays linear)."""
    return tuple(LINE_BREAK.split(text))


@functools.lru_cache(maxsize=8)
def _blank(text: str) -> bool:
    return not text.strip()

"""Source text and spans: where in a rubric file a node or a problem sits."""

from __future__ import annotations

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
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""

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

"""Source text and spans: where in a rubric file a node or a problem sits."""

from __future__ import annotations

import functools
import re
import unicodedata

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
        """The span's first line with a caret line under the span; a long line only around the span."""
        line = self.line_text(span.line)
        start = max(span.column - 1, 0)
        if span.end_line == span.line:
            width = max(span.end_column - span.column, 1)
        else:
            width = max(len(line) - start, 1)
        if len(line) > EXCERPT_WIDTH:  # else thousands of problems on a 1 MiB line print it thousands of times
            line, start, width = _window(line, start, width)
        # Han characters and full-width punctuation take two terminal columns.
        pad = sum(_cell_width(c) for c in line[:start])
        marks = sum(_cell_width(c) for c in line[start : start + width]) or 1
        return f"    {line}\n    {' ' * pad}{'^' * marks}"


#: Longest line an excerpt shows whole; a longer one shows the span and some context either side.
EXCERPT_WIDTH = 160
_CONTEXT = 40


def _window(line: str, start: int, width: int) -> tuple[str, int, int]:
    """Part of a long line around ``line[start : start + width]``, cut ends marked ``…``; the new start and width."""
    width = min(width, EXCERPT_WIDTH - 2 * _CONTEXT)
    first, last = max(start - _CONTEXT, 0), min(start + width + _CONTEXT, len(line))
    head, tail = ("…" if first > 0 else ""), ("…" if last < len(line) else "")
    return head + line[first:last] + tail, start - first + len(head), width


@functools.lru_cache(maxsize=4096)  # a long line's characters repeat: one look-up each
def _cell_width(char: str) -> int:
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

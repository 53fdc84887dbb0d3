"""The compiled rubric: parse and check once, evaluate many times."""

from __future__ import annotations

import os
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import ast
from .compiler import Plan, build
from .data import read_data
from .errors import Diagnostic, ParseError
from .evaluate import evaluate
from .parser import parse
from .result import Result
from .source import NO_SPAN, Source


class Rubric:
    """A checked, compiled rubric. ``evaluate`` does no parsing or name resolution."""

    __slots__ = ("ast", "source", "warnings", "_plan")

    def __init__(self, tree: ast.Rubric, source: Source, warnings: list[Diagnostic]) -> None:
        self.ast = tree
        self.source = source
        #: Checker warnings (e.g. a formula that will be clamped); errors never get this far.
        self.warnings = tuple(warnings)
        self._plan: Plan = build(tree)

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

    def evaluate(self, data: Mapping[str, Any] | str | os.PathLike[str]) -> Result:
        """Score one set of data: a mapping, or a path to a TOML/JSON file."""
        if isinstance(data, (str, os.PathLike)):
            data = read_data(data)
        return evaluate(self._plan, data)

    def _repr_html_(self) -> str:
        from .render.notebook import rubric_html

        return rubric_html(self)

    def __repr__(self) -> str:
        leaves = sum(1 for n in self._plan.nodes if n.kind == "indicator")
        return f"<Rubric {self.title or self.source.name!r}: {leaves} indicators, total {self.total}>"


def compile(text: str, name: str = "<rubric>") -> Rubric:  # noqa: A001 - the verb users expect
    """Parse, check and compile rubric text; every problem is reported at once."""
    from .checker import check_or_raise

    tree = parse(text, name)
    warnings = check_or_raise(tree, Source(name, text))
    return Rubric(tree, Source(name, text), warnings)


def load(path: str | os.PathLike[str]) -> Rubric:
    """Compile a rubric file (UTF-8; a BOM is fine)."""
    file = Path(path)
    source = Source(str(path), "")
    try:
        raw = file.read_bytes()
    except OSError as exc:
        message = f"cannot read rubric file: {exc.strerror or exc}"
        raise ParseError([Diagnostic("error", message, NO_SPAN, source, code="file")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = "re-encode the file as UTF-8 (files saved by Chinese Windows editors are often GBK)"
        message = f"the file is not UTF-8 text (byte {exc.start})"
        raise ParseError([Diagnostic("error", message, NO_SPAN, source, hint, "file")]) from None
    return compile(text, str(path))

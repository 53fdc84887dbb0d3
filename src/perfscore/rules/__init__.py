"""The scoring rule kinds, one module each; see ``docs/adding-a-rule.md`` for how a kind is added.

A kind's module holds its AST node: a subclass of :class:`perfscore.ast.Rule` with a method per
stage, and the builders of the grammar rules only it uses. This module lists the kinds; the stages
reach a kind through its node, never by name.
"""

from __future__ import annotations

from .. import ast
from ..messages import keyword, msg
from .bands import Band as Band
from .bands import Bands as Bands
from .binary import Binary as Binary
from .checklist import Checklist as Checklist
from .common import Builder
from .deduct import Deduct as Deduct
from .deduct import Partial as Partial
from .deduct import Side as Side
from .formula import Formula as Formula
from .judged import Judged as Judged
from .levels import Level as Level
from .levels import Levels as Levels
from .linear import Linear as Linear
from .per_occurrence import PerOccurrence as PerOccurrence
from .proportional import Proportional as Proportional

#: Every kind, in the order the docs and hints list them.
KINDS: tuple[type[ast.Rule], ...] = (
    Proportional, Deduct, Bands, Checklist, Levels, Binary, Formula, Linear, Judged, PerOccurrence,
)  # fmt: skip
#: The canonical keyword of each kind.
KEYWORDS: tuple[str, ...] = tuple(kind.keyword for kind in KINDS)
#: What to say when an indicator has no rule.
HINT = msg("clauses.no-rule-hint", rules=tuple(keyword(k) for k in KEYWORDS))

#: The parser's builders for every grammar rule a kind owns: the kind itself and its parts.
BUILDERS: dict[str, Builder] = {
    **{kind.keyword: kind.parse for kind in KINDS},
    **{name: build for kind in KINDS for name, build in kind.parts.items()},
}

"""Bounds on what a rubric may demand of the parser, so uploaded text can never exhaust time or memory."""

from __future__ import annotations

import attrs


@attrs.frozen
class Limits:
    """Limits checked before (size, nesting, expression length) and after (node count) parsing.

    The defaults sit far above any real rubric — the Shuozhou rubric is 20 KB with 51 nodes
    nested 3 deep — and far below what would take the parser seconds or the stack down.
    Raise them for generated rubrics: ``perfscore.compile(text, limits=Limits(max_bytes=…))``.
    """

    #: Size of the rubric text in bytes (UTF-8). Compiling is linear, about 4 s per MiB (``bench/scaling.py``).
    max_bytes: int = 1024 * 1024
    #: Deepest nesting of groups, blocks and parentheses.
    max_depth: int = 100
    #: Most operators in one statement (an expression is a tree as deep as its terms).
    max_operators: int = 200
    #: Most groups and indicators in one rubric.
    max_nodes: int = 20_000


DEFAULT_LIMITS = Limits()

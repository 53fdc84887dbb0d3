"""Bounds on what a rubric may demand of the parser, so uploaded text can never exhaust time or memory."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

import attrs

from .errors import ArgumentError
from .messages import msg

#: Deepest nesting a caller may allow (``Limits.max_depth``, braces and parentheses), and the deepest any
#: rubric may have: groups, indicators and expressions (operators and calls) inside one another. Everything
#: else is linear and may be raised at will, but a few walks recurse (pickling the tree, ~4 frames a level;
#: checking, compiling, evaluating and printing an expression, ~2 a level) and Python stops at 1,000 frames.
#: MAX_NESTING admits a flat sum of the 200 operators Limits allows by default; at these caps the deepest
#: rubric admitted checks, compiles, evaluates, prints, explains and pickles with 100 frames of the
#: caller's stack already in use (tests/test_limits_linear.py).
MAX_DEPTH = 100
MAX_NESTING = 256


def _count(instance: Limits, attribute: attrs.Attribute[int], value: object) -> None:
    """Every limit is a whole number of at least 1: 0 or −1 would refuse every rubric, in puzzling words."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ArgumentError(msg("api.limit", name=attribute.name, value=repr(value)))


def _at_most_max_depth(instance: Limits, attribute: attrs.Attribute[int], value: int) -> None:
    _count(instance, attribute, value)
    if value > MAX_DEPTH:
        raise ArgumentError(msg("api.max-depth", value=value, most=MAX_DEPTH))


@attrs.frozen
class Limits:
    """Limits checked before (size, nesting, expression length) and after (node count) parsing.

    The defaults sit far above any real rubric — the Shuozhou rubric is 20 KB with 51 nodes
    nested 3 deep — and far below what would take the parser seconds or the stack down.
    Raise them for generated rubrics: ``perfscore.compile(text, limits=Limits(max_bytes=…))``;
    every check is linear in the text (``bench/limits.py``). Only ``max_depth`` has a ceiling,
    :data:`MAX_DEPTH`.
    """

    #: Size of the rubric text in bytes (UTF-8): 256 KiB, thirteen times the Shuozhou rubric. Compiling
    #: is linear but costs up to 4 s per MiB of densely packed worst-case text, most of it lark's parsing
    #: (``bench/limits.py --size 1024``); at this default every worst case checks in well under 2 s.
    max_bytes: int = attrs.field(default=256 * 1024, validator=_count)
    #: Deepest nesting of groups, blocks and parentheses; at most :data:`MAX_DEPTH`.
    max_depth: int = attrs.field(default=MAX_DEPTH, validator=_at_most_max_depth)
    #: Most operators in one statement (an expression is a tree as deep as its terms; nesting deeper
    #: than :data:`MAX_NESTING` is refused whatever this says).
    max_operators: int = attrs.field(default=200, validator=_count)
    #: Most groups and indicators in one rubric.
    max_nodes: int = attrs.field(default=20_000, validator=_count)


DEFAULT_LIMITS = Limits()


def limits_argument(limits: object) -> Limits:
    """A ``limits=`` argument as given; anything but a Limits is refused (not an AttributeError on its use)."""
    if not isinstance(limits, Limits):
        raise ArgumentError(msg("api.limits", kind=type(limits).__name__))
    return limits


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Parsing and checking allocate hundreds of thousands of small acyclic objects (tokens, trees, AST
    nodes), and the cyclic collector rescans them all again and again: more than half the time of a
    1 MiB rubric. Reference counting frees them regardless; the collector is restored as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

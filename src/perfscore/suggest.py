"""'Did you mean …?' within a fixed budget, so a file full of unknown names stays linear.

Each suggestion compares one word against every candidate; a rubric or data file with thousands
of unknown names against thousands of known ones would take minutes. A :class:`Suggester` does at
most ``budget`` comparisons in all; past that, messages simply carry no suggestion.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection

#: Comparisons one check or one evaluation may spend on suggestions: a difflib comparison costs about
#: 10 µs, so this is well under a second at worst.
BUDGET = 40_000
#: Words longer than this get no suggestion: no name is that long.
LONGEST = 100


class Suggester:
    """The closest candidate to a word, while the budget lasts."""

    __slots__ = ("left",)

    def __init__(self, budget: int = BUDGET) -> None:
        self.left = budget

    def affordable(self, count: int) -> bool:
        """Whether comparing against ``count`` candidates is still within the budget."""
        return count <= self.left

    def closest(self, word: str, candidates: Collection[str], cutoff: float = 0.6) -> str | None:
        """The closest candidate at or above ``cutoff`` similarity, or None (also once the budget is spent)."""
        if len(word) > LONGEST:
            return None
        if len(candidates) > self.left:
            self.left = 0
            return None
        self.left -= len(candidates)
        close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
        return close[0] if close else None

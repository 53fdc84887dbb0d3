"""Exact intervals of Decimals with open or closed ends: what the checker reasons with.

Band gaps and overlaps, grade coverage, and whether a denominator or a formula can
reach a value are all questions about sets of numbers; these are those sets.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

ZERO, ONE, INF = Decimal(0), Decimal(1), Decimal("Infinity")


class Iv(NamedTuple):
    """The numbers between two ends, each open or closed; infinite ends are Decimal infinities, never closed."""

    lo: Decimal
    hi: Decimal
    lo_in: bool = True
    hi_in: bool = True

    @property
    def empty(self) -> bool:
        return self.lo > self.hi or (self.lo == self.hi and not (self.lo_in and self.hi_in))

    def has(self, x: Decimal) -> bool:
        return (self.lo < x or (self.lo == x and self.lo_in)) and (x < self.hi or (x == self.hi and self.hi_in))

    def meet(self, other: Iv) -> Iv:
        lo, lo_open = max((self.lo, not self.lo_in), (other.lo, not other.lo_in))
        hi, hi_in = min((self.hi, self.hi_in), (other.hi, other.hi_in))
        return Iv(lo, hi, not lo_open, hi_in)


ALL, NONNEG, UNIT = Iv(-INF, INF, False, False), Iv(ZERO, INF, True, False), Iv(ZERO, ONE)


def lowest(*ends: tuple[Decimal, bool]) -> tuple[Decimal, bool]:
    """The least end; on a tie the closed one (it is attained)."""
    value, open_ = min((v, not c) for v, c in ends)
    return value, not open_


def between(lo: tuple[Decimal, bool], hi: tuple[Decimal, bool]) -> Iv:
    return Iv(lo[0], hi[0], lo[1], hi[1])


def ray(op: str, x: Decimal) -> list[Iv]:
    """The numbers that satisfy ``… op x``."""
    if op == "!=":
        return [Iv(-INF, x, False, False), Iv(x, INF, False, False)]
    if op == "==":
        return [Iv(x, x)]
    return [Iv(x, INF, op == ">=", False) if op[0] == ">" else Iv(-INF, x, False, op == "<=")]


def minus(rest: list[Iv], pieces: list[Iv]) -> list[Iv]:
    """What is left of ``rest`` once ``pieces`` are taken out."""
    for b in pieces:
        cut = (Iv(-INF, b.lo, False, not b.lo_in), Iv(b.hi, INF, not b.hi_in, False))
        rest = [p for a in rest for p in (a.meet(cut[0]), a.meet(cut[1])) if not p.empty]
    return rest


def hull(*ivs: Iv) -> Iv:
    return between(lowest(*((i.lo, i.lo_in) for i in ivs)), max((i.hi, i.hi_in) for i in ivs))


def neg(a: Iv) -> Iv:
    return Iv(-a.hi, -a.lo, a.hi_in, a.lo_in)


def add(a: Iv, b: Iv) -> Iv:
    return Iv(a.lo + b.lo, a.hi + b.hi, a.lo_in and b.lo_in, a.hi_in and b.hi_in)


def mul(a: Iv, b: Iv) -> Iv:
    def times(x: Decimal, xc: bool, y: Decimal, yc: bool) -> tuple[Decimal, bool]:
        if x == 0 or y == 0:  # 0 × ∞ counts as 0: the hull of the corners stays right
            return ZERO, (x == 0 and xc) or (y == 0 and yc)
        return x * y, xc and yc

    ends = [times(*x, *y) for x in ((a.lo, a.lo_in), (a.hi, a.hi_in)) for y in ((b.lo, b.lo_in), (b.hi, b.hi_in))]
    return between(lowest(*ends), max(ends))


def inv(b: Iv) -> Iv:
    """1 / b, for an interval without 0."""
    if b.hi <= 0:
        return neg(inv(neg(b)))
    hi, lo = (ZERO if x.is_infinite() else (INF if x == 0 else ONE / x) for x in (b.lo, b.hi))
    return Iv(lo, hi, b.hi_in, b.lo_in and b.lo != 0)

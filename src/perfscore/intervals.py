"""Exact intervals of Decimals with open or closed ends: what the checker reasons with.

Band gaps and overlaps, grade coverage, and whether a denominator or a formula can
reach a value are all questions about sets of numbers; these are those sets.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
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

    def wholes(self) -> Iv:
        """The interval narrowed to the whole numbers within, ends closed: (2, 3] → [3, 3]; (0, 1) → empty."""
        lo, hi = self.lo, self.hi
        if lo.is_finite():
            lo = lo.to_integral_value(rounding=ROUND_CEILING) + (1 if lo == lo.to_integral_value() and not self.lo_in else 0)
        if hi.is_finite():
            hi = hi.to_integral_value(rounding=ROUND_FLOOR) - (1 if hi == hi.to_integral_value() and not self.hi_in else 0)
        return Iv(lo, hi, lo.is_finite(), hi.is_finite())

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


class Cover:
    """Regions laid on the number line in order, each taking what no earlier one took (first match wins).

    ``regions[k]`` is the k-th band's or grade's pieces. The line is cut at every edge into cells
    (points and the open gaps between them), and each cell is owned by the first region that covers it.
    Building is n·log n (a sort, then painting with a skip list so no cell is painted twice); the
    questions below are linear or, for overlaps, constant each after an n·log n table. Pairwise
    comparison was quadratic: 20,000 bands took minutes.
    """

    def __init__(self, regions: list[list[Iv]], domain: Iv) -> None:
        edges = {e for piece in (*(p for r in regions for p in r), domain) for e in (piece.lo, piece.hi)}
        values = sorted(e for e in edges if e.is_finite())
        self.cells: list[Iv] = []  # cell 2i: the gap before values[i]; 2i + 1: values[i] itself
        for before, value in zip([-INF, *values], values):
            self.cells += [Iv(before, value, False, False), Iv(value, value)]
        self.cells.append(Iv(values[-1] if values else -INF, INF, False, False))
        self._index = {v: i for i, v in enumerate(values)}
        self.ranges = [[self._range(p) for p in region] for region in regions]
        self.domain = self._range(domain)
        self.owner = [-1] * len(self.cells)
        skip = list(range(len(self.cells) + 1))  # skip[c]: the first cell from c on that may be unpainted
        for k, ranges in enumerate(self.ranges):
            for start, end in ranges:
                c = self._unpainted(skip, start)
                while c <= end:
                    self.owner[c], skip[c] = k, c + 1
                    c = self._unpainted(skip, c + 1)
        self._table: list[list[int]] | None = None

    def _range(self, piece: Iv) -> tuple[int, int]:
        """The first and last cell of a non-empty piece."""
        lo, hi = piece.lo, piece.hi
        start = 0 if lo == -INF else 2 * self._index[lo] + (1 if piece.lo_in else 2)
        end = len(self.cells) - 1 if hi == INF else 2 * self._index[hi] + (1 if piece.hi_in else 0)
        return start, end

    @staticmethod
    def _unpainted(skip: list[int], c: int) -> int:
        root = c
        while skip[root] != root:
            root = skip[root]
        while skip[c] != root:  # path compression: the next look is one step
            skip[c], c = root, skip[c]
        return root

    def first_overlap(self, k: int) -> int | None:
        """The first region before ``k`` that shares a number with region ``k``, if any."""
        if self._table is None:  # row j: the least owner of the 2^j cells from each cell on
            self._table = [[len(self.ranges) if o < 0 else o for o in self.owner]]
            while 1 << len(self._table) <= len(self.owner):
                prev, half = self._table[-1], 1 << (len(self._table) - 1)
                self._table.append(list(map(min, prev, prev[half:])))
        first = k
        for start, end in self.ranges[k]:
            j = (end - start + 1).bit_length() - 1
            first = min(first, self._table[j][start], self._table[j][end - (1 << j) + 1])
        return first if first < k else None

    def uncovered(self, before: int) -> list[Iv]:
        """What of the domain no region before ``before`` covers, as maximal intervals in order."""
        out: list[Iv] = []
        start = None
        low, high = self.domain
        for c in range(low, high + 2):
            free = c <= high and not 0 <= self.owner[c] < before
            if free and start is None:
                start = c
            elif not free and start is not None:
                first, last = self.cells[start], self.cells[c - 1]
                out.append(Iv(first.lo, last.hi, first.lo_in, last.hi_in))
                start = None
        return out

    def owners_in_order(self) -> list[int]:
        """The owning region of each covered cell, left to right."""
        return [o for o in self.owner if o >= 0]

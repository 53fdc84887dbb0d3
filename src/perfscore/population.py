"""Scoring a population: many units against one rubric, every bad row reported, the rest scored.

``Rubric.evaluate_many`` takes a table (CSV, xlsx, a DataFrame: see :mod:`perfscore.tables`) or any
iterable of mappings. It never stops at a bad row: each row's problems are kept with its row number
as the spreadsheet shows it, the unit's id and the column, and the other rows are scored.
``Rubric.stream`` yields the same units one at a time, holding none, for file-to-file runs of any size.
"""

from __future__ import annotations

import difflib
import itertools
import os
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs

from . import peers
from .errors import ArgumentError, DataError, DataProblem, EvaluationError
from . import ast
from .messages import Language, Message, msg, quoted, show
from .numbers import CONTEXT, exact, percent, plain
from .result import Result
from .suggest import Suggester
from .tables import EMPTY, Column, CsvText, RawRows, Row, Table, _place, read_table, row_data, sheet_names

if TYPE_CHECKING:
    from .rubric import Rubric

#: Columns taken as the unit's id when the caller names none, in this order.
ID_COLUMNS = ("id", "ID", "编号", "单位编号", "项目编号", "单位", "单位名称", "项目名称", "部门", "部门名称", "名称")
CHUNK = 256  # units per task sent to a worker process
T = TypeVar("T")


@attrs.frozen
class RowProblem:
    """One problem of one row: where it is (row as the spreadsheet shows it, unit, column) and what."""

    row: int | None
    unit: str | None
    column: str | None
    message: str
    severity: str = "error"
    #: The workbook's sheet the row is on (None for CSV, a DataFrame or mappings).
    sheet: str | None = None
    #: The language of ``message`` (the rubric's, for problems found scoring the row), which the place is
    #: worded in too; None: English.
    language: Language | None = attrs.field(default=None, eq=False)

    def __str__(self) -> str:
        lang = self.language or "en"
        where = [msg("row.sheet", sheet=self.sheet)] if self.sheet else []
        where += [msg("row.row", row=self.row)] if self.row is not None else []
        where += [msg("row.unit", unit=self.unit)] if self.unit else []
        where += [msg("row.column", column=self.column)] if self.column else []
        shown = ("，" if lang == "zh" else ", ").join(w.render(lang) for w in where) or msg("row.table").render(lang)
        return msg("row.problem", where=shown, message=self.message).render(lang)


#: What a table with a header and no row below it gets (a warning: nothing was wrong, nothing was scored).
NO_UNITS = RowProblem(None, None, None, msg("population.no-units").render("en"), "warning")


def no_units(language: Language | None) -> RowProblem:
    """:data:`NO_UNITS` worded in ``language`` (None: English)."""
    return RowProblem(None, None, None, msg("population.no-units").render(language or "en"), "warning",
                      language=language)  # fmt: skip


@attrs.frozen
class RolledUp:
    """A unit's score rolled up from its subordinates' (上级得分): ``total`` is None when it cannot be (``reason``)."""

    id: str
    total: Decimal | None
    own: Decimal | None  # its own total (None: no row of its own, or its row has errors)
    mean: Decimal | None  # the mean of its subordinates' rolled-up scores
    subordinates: tuple[str, ...]  # those in the mean, in input order
    own_share: Decimal
    share: Decimal  # the subordinates' share
    reason: Message | None = None  # why there is no total, worded when explained
    grade: str | None = None

    def explain(self, language: str = "zh") -> str:
        """``甲市：本级 85 分 × 70% + 下级 3 个单位平均 80 分 × 30% = 83.5 分``."""
        zh = language == "zh"
        if self.total is None:
            why = self.reason.render("zh" if zh else "en") if self.reason is not None else ""
            return f"{self.id}{'：' if zh else ': '}{why}"
        count, mean = len(self.subordinates), plain(self.mean) if self.mean is not None else ""
        parts = []
        if self.own_share and self.own is not None:
            parts.append(f"本级 {plain(self.own)} 分 × {percent(self.own_share)}" if zh
                         else f"own {plain(self.own)} × {percent(self.own_share)}")  # fmt: skip
        below = f"下级 {count} 个单位平均 {mean} 分" if zh else f"the mean of {count} subordinate units {mean}"
        parts.append(below + (f" × {percent(self.share)}" if self.own_share else ""))
        head = f"{self.id}{'：' if zh else ': '}"
        return head + " + ".join(parts) + f" = {plain(self.total)}" + (" 分" if zh else " points")


def roll_up(population: Population, up: ast.RollUp) -> dict[str, RolledUp]:
    """Every superior's rolled-up score (see :meth:`Population.roll_ups`), deepest first; a cycle is refused."""
    named = {superior_of(u.id, u.categories.get(up.column)) for u in population.units} - {None}
    tally = RollUp(population.rubric, up, cast("set[str]", named), with_ids=True)
    for unit in population.units:
        tally.add(unit.id, unit.total, unit.categories.get(up.column))
    return tally.finish()


def superior_of(unit: str, named: Any) -> str | None:
    """The superior a unit's cell names (None: none, or the unit itself)."""
    text = _cell_text(named) if named is not None else ""
    return text if text.strip() and text != unit else None


@attrs.define
class _Subordinates:
    """What one superior's roll-up needs of its subordinates, as they are added."""

    count: int = 0  # every unit naming it, scored or not
    sum: Decimal = Decimal(0)  # the totals of those scored that are no superiors themselves
    scored: int = 0
    superiors: list[str] = attrs.Factory(list)  # those that are superiors too: their roll-ups count
    ids: list[str] = attrs.Factory(list)  # with_ids: every subordinate that may count, in input order


class RollUp:
    """上级得分 from units added one at a time, in input order, once the superiors (every name the roll-up's column
    gives) are known: a subordinate's total goes into its superior's sum at once, so what is held grows with the
    superiors, not with the units (a streamed run of a million units keeps a few numbers per superior). With
    ``with_ids``, each roll-up also lists the subordinates in its mean (the population in memory has them)."""

    def __init__(self, rubric: Rubric, up: ast.RollUp, superiors: set[str], with_ids: bool = False) -> None:
        self._rubric, self._up, self._superiors, self._with_ids = rubric, up, superiors, with_ids
        self._below: dict[str, _Subordinates] = {}
        self._parent: dict[str, str] = {}  # a superior's own superior, from its first row
        self._own: dict[str, Decimal] = {}  # a superior's own total
        self._rows: set[str] = set()  # the superiors that have a row

    def add(self, unit: str, total: Decimal | None, named: Any) -> None:
        superior = superior_of(unit, named)
        if unit in self._superiors:
            first = unit not in self._rows
            self._rows.add(unit)
            if total is not None:
                self._own.setdefault(unit, total)
            if superior is None or not first or unit in self._parent:
                return
            self._parent[unit] = superior
            below = self._below.setdefault(superior, _Subordinates())
            below.count += 1
            below.superiors.append(unit)
        elif superior is not None:
            below = self._below.setdefault(superior, _Subordinates())
            below.count += 1
            if total is not None:
                below.sum += total
                below.scored += 1
        else:
            return
        if self._with_ids and (total is not None or unit in self._superiors):
            below.ids.append(unit)

    def finish(self) -> dict[str, RolledUp]:
        """Every superior's roll-up, in the order superiors are first named; a circle of superiors is refused."""
        plan, up, below = self._rubric._plan, self._up, self._below
        own_share = CONTEXT.divide(up.own.numerator, up.own.denominator) if up.own is not None else Decimal(0)
        share = CONTEXT.divide(up.subordinates.numerator, up.subordinates.denominator)
        grading = not any(isinstance(g.condition, ast.When) for g in plan.rubric.grades)
        done: dict[str, RolledUp] = {}
        with localcontext(CONTEXT):
            for start in below:
                stack, entered = [(start, False)], set()
                while stack:
                    name, ready = stack.pop()
                    if name in done:
                        continue
                    if not ready:
                        if name in entered:
                            cycle = " → ".join([name, *_chain(self._parent, name)])
                            circle = msg("roll-up.circle", column=up.column, cycle=cycle)
                            raise DataError([DataProblem(circle, input=up.column, code="data.roll-up.circle")],
                                            self._rubric._language)  # fmt: skip
                        entered.add(name)
                        stack.append((name, True))
                        stack += [(child, False) for child in below[name].superiors if child in below and child not in done]
                        continue
                    done[name] = self._rolled(name, below[name], done, own_share, share, grading)
        return {name: done[name] for name in below}

    def _rolled(self, name: str, below: _Subordinates, done: Mapping[str, RolledUp], own_share: Decimal,
                share: Decimal, grading: bool) -> RolledUp:  # fmt: skip
        plan = self._rubric._plan
        rolled = {c: done[c].total if c in done else self._own.get(c) for c in below.superiors}
        values = [v for v in rolled.values() if v is not None]
        scored = below.scored + len(values)
        mean = (below.sum + sum(values, Decimal(0))) / Decimal(scored) if scored else None
        counted = tuple(c for c in below.ids if c not in rolled or rolled[c] is not None)
        mine = self._own.get(name)
        reason = None
        if mean is None:
            reason = msg("roll-up.none-scored", count=below.count)
        elif own_share and mine is None:
            reason = msg("roll-up.no-own-row-errors" if name in self._rows else "roll-up.no-own-row",
                         share=plain(own_share * 100))  # fmt: skip
        total: Decimal | None = None
        if reason is None and mean is not None:
            exact = own_share * mine + share * mean if own_share and mine is not None else share * mean
            total = exact.quantize(plan.quantum, rounding=plan.rounding_mode)
        grade = plan.grade_of(total, {"total": total})[0] if total is not None and grading else None
        return RolledUp(name, total, mine, mean, counted, own_share, share, reason, grade)


def _chain(superior: Mapping[str, str], start: str) -> list[str]:
    out: list[str] = []
    name = superior.get(start)
    while name is not None and name != start and len(out) < 20:
        out.append(name)
        name = superior.get(name)
    return [*out, start]


@attrs.frozen
class Unit:
    """One scored unit (``result`` is None when its row has errors; ``problems`` says why)."""

    id: str
    row: int
    result: Result | None
    problems: tuple[RowProblem, ...] = ()
    #: The row's values of the category columns (``by``), e.g. ``{"地区类别": "县区"}``.
    categories: Mapping[str, Any] = attrs.field(factory=dict)

    @property
    def total(self) -> Decimal | None:
        return self.result.total if self.result is not None else None

    @property
    def grade(self) -> str | None:
        return self.result.grade if self.result is not None else None


def in_rank_order(records: Iterable[dict[str, Any]], by: str | None = None) -> list[dict[str, Any]]:
    """Records (Population.to_records) as every ranked output lists them: by rank, ties by id; with ``by``,
    each category together (by its name) and ranked within it."""
    return sorted(records, key=lambda r: (str(r.get(by, "")) if by else "", r["排名"], r["id"]))


class Population:
    """Every unit of one run, in input order; ``problems`` holds the table's and every row's problems."""

    def __init__(self, rubric: Rubric, units: Sequence[Unit], problems: Sequence[RowProblem]) -> None:
        self.rubric = rubric
        self.units = tuple(units)
        self.problems = tuple(problems)
        self._by_id: dict[str, Unit] = {}
        for unit in self.units:  # a unit repeated in a later row is refused: the first row is the unit
            self._by_id.setdefault(unit.id, unit)

    def __iter__(self) -> Iterator[Unit]:
        return iter(self.units)

    def __len__(self) -> int:
        return len(self.units)

    def __getitem__(self, unit: str) -> Unit:
        found = self._by_id.get(unit)
        if found is None:
            close = difflib.get_close_matches(unit, list(self._by_id), 1)
            if close:
                raise ArgumentError(msg("population.no-unit-close", unit=quoted(unit), close=quoted(close[0])),
                                    self.rubric._language)  # fmt: skip
            raise ArgumentError(msg("population.no-unit", unit=quoted(unit)), self.rubric._language)
        return found

    @property
    def scored(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if u.result is not None)

    @property
    def errors(self) -> tuple[RowProblem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    def ranks(self, by: str | None = None) -> dict[str, int]:
        """Each scored unit's rank by total, highest first; ties share a rank (1, 1, 3). ``by`` ranks within
        each category of that column."""
        if by is not None and self.units and not any(by in u.categories for u in self.units):
            raise ArgumentError(msg("population.no-category", by=quoted(by)), self.rubric._language)
        groups: dict[Any, list[Unit]] = {}
        for unit in self.scored:
            groups.setdefault(unit.categories.get(by) if by else None, []).append(unit)
        ranks: dict[str, int] = {}
        for members in groups.values():
            ordered = sorted(members, key=lambda u: u.total, reverse=True)  # type: ignore[arg-type, return-value]
            for position, unit in enumerate(ordered, start=1):
                previous = ordered[position - 2] if position > 1 else None
                same = previous is not None and previous.total == unit.total
                ranks[unit.id] = ranks[previous.id] if same and previous is not None else position
        return ranks

    @exact
    def roll_ups(self) -> dict[str, RolledUp]:
        """上级得分: the score of every unit that has subordinates, rolled up from theirs (docs/language.md,
        "Roll-ups"), bottom first: its own share of its total plus the subordinates' share of the mean of their
        rolled-up scores. A unit named as a superior but without a row of its own is rolled up from its
        subordinates alone when the rubric gives no share to its own score; a subordinate whose row has errors is
        left out of the mean. Keyed by the superior's id, in the order the superiors are first named."""
        up = self.rubric.ast.roll_up
        if up is None:
            raise ArgumentError(msg("population.no-roll-up"), self.rubric._language)
        return roll_up(self, up)

    @exact
    def to_records(self, by: str | None = None) -> list[dict[str, Any]]:
        """One row per scored unit: id, categories, 总分, 等级, 排名, each node's score (exact Decimals); with a
        roll-up (上级得分), a 上级得分 column beside 排名: a superior's rolled-up score, None for the others. With ``by``,
        排名 is within the unit's category, and 总排名 beside it among all units."""
        ranks = self.ranks(by)
        overall = self.ranks() if by is not None else None
        rolled = {name: r.total for name, r in self.roll_ups().items()} if self.rubric.ast.roll_up else None
        records = []
        for unit in self.scored:
            assert unit.result is not None
            record: dict[str, Any] = {"id": unit.id, **unit.categories, "总分": unit.result.total,
                                      "等级": unit.result.grade, "排名": ranks[unit.id]}  # fmt: skip
            if overall is not None:
                record["总排名"] = overall[unit.id]
            if rolled is not None:
                record["上级得分"] = rolled.get(unit.id)
            record.update(unit.result.scores)
            records.append(record)
        return records

    @exact
    def to_frame(self, exact: bool = True, by: str | None = None) -> Any:
        """The records as a pandas DataFrame (exact Decimals, or floats with ``exact=False``)."""
        from .result import pandas_module

        pandas = pandas_module("Population.to_frame")
        records = self.to_records(by)
        if not exact:
            records = [{k: float(v) if isinstance(v, Decimal) else v for k, v in r.items()} for r in records]
        return pandas.DataFrame.from_records(records, index="id") if records else pandas.DataFrame()

    @exact
    def summary(self) -> dict[str, Any]:
        """Count and share per grade; mean, min and max of the total and of each group's subtotal. A mean is
        rounded as the rubric rounds scores, a share as a percentage with as many places (四舍五入 unless
        the rubric says otherwise): ready to show, as every score is."""
        scored = self.scored
        grades: dict[str, int] = {}
        for unit in scored:
            grades[unit.grade or ""] = grades.get(unit.grade or "", 0) + 1
        count = len(scored)
        plan = self.rubric._plan
        quantum, rounding = plan.quantum, plan.rounding_mode
        rate_quantum = quantum.scaleb(-2)  # 2 places of a score, 2 places of a percentage: 0.4237 = 42.37%
        by_grade = {g: {"count": n, "share": CONTEXT.divide(Decimal(n), Decimal(count)).quantize(rate_quantum, rounding)}
                    for g, n in grades.items()}  # fmt: skip
        groups = [n.code for n in plan.nodes if n.scorer is None]
        figures: dict[str, dict[str, Decimal]] = {}
        results = [u.result for u in scored if u.result is not None]
        for code in ["总分", *groups]:
            values = [r.total if code == "总分" else r[code].score for r in results]
            if values:
                mean = CONTEXT.divide(sum(values, Decimal(0)), Decimal(len(values))).quantize(quantum, rounding)
                figures[code] = {"mean": mean,
                                 "min": min(values), "max": max(values)}  # fmt: skip
        return {"units": len(self.units), "scored": count, "with_errors": len(self.units) - count,
                "grades": by_grade, "figures": figures}  # fmt: skip

    def to_xlsx(self, path: str | os.PathLike[str], by: str | None = None, sheets: bool = False) -> None:
        """The workbook of ``perfscore score … -o 结果.xlsx`` (perfscore[xlsx]): 汇总 (ranked, within ``by``), 问题,
        and with ``sheets`` one 打分表 sheet per unit."""
        from .render.population import write_population_xlsx

        write_population_xlsx(self, path, by, sheets=sheets)

    def chart(self, kind: str = "totals", *, unit: str | None = None, font: str | os.PathLike[str] | None = None) -> Any:
        """A chart as a matplotlib Figure (perfscore[charts]): ``totals`` (总分分布, the grade bands shaded),
        ``grades`` (各等级单位数), ``groups`` (一级指标平均得分率), ``unit`` (``unit=`` against the average).
        ``font``: a font file or family with Chinese characters (else PERFSCORE_FONT, else one installed)."""
        from .render.charts import chart

        return chart(self, kind, unit=unit, font=font)

    def __repr__(self) -> str:
        return f"<Population: {len(self.units)} units, {len(self.scored)} scored, {len(self.errors)} errors>"


# ------------------------------------------------------------------ the run


@attrs.frozen
class _Job:
    """One unit to score: its row, id, categories and data (all plain values, so it pickles)."""

    row: int
    id: str
    categories: dict[str, Any]
    data: dict[str, Any]
    columns: dict[str, str]  # data key → header as written, to name the column of a problem
    problems: tuple[RowProblem, ...] = ()
    #: Keys no column gives: reported once for the table, so not again for each row.
    lacking: frozenset[str] = frozenset()
    sheet: str | None = None
    #: A table's row as read (data built where it is scored, so a worker process does that work): the cells,
    #: with the table's columns and the columns left out (one object per table, pickled once per chunk).
    cells: tuple[Any, ...] | None = None
    layout: tuple[tuple[Column, ...], frozenset[int]] | None = None
    #: The unit's peer figures from the first pass (perfscore.peers), given to its evaluation as ``peers``.
    peers: peers.Figures | None = None


def prepare(rubric: Rubric, units: Any, id: str | None, by: Sequence[str], sheet: str | None = None,
            workers: int = 1) -> tuple[Iterator[_Job], list[RowProblem]]:  # fmt: skip
    """The jobs of a run and the table's own problems (unknown columns), checked once, not per row. A rubric that
    reads peer figures (排名, 最优值 …) gets them here: a first pass over every unit (in ``workers`` processes)."""
    for name in ([id] if id is not None else []) + list(by):  # a column is named by its header
        if not isinstance(name, str):
            raise ArgumentError(msg("api.column", kind=type(name).__name__))
    if sheet is not None and not isinstance(sheet, str):
        raise ArgumentError(msg("api.sheet", kind=type(sheet).__name__))
    spec = rubric._plan.peers
    up = rubric.ast.roll_up
    if up is not None and up.column not in by:  # 上级得分: the superior's column is kept beside the unit, not data
        by = (*by, up.column)
    if spec is None:
        return _prepare(rubric, units, id, by, sheet)
    if not isinstance(units, (str, os.PathLike, Sequence, Mapping)) and not _is_frame(units):
        units = list(units) if isinstance(units, Iterable) else units  # read twice: once for the peer figures
    return _with_peers(rubric, spec, units, id, by, sheet, workers)


def _with_peers(rubric: Rubric, spec: peers.Spec, units: Any, id: str | None, by: Sequence[str], sheet: str | None,
                workers: int) -> tuple[Iterator[_Job], list[RowProblem]]:  # fmt: skip
    """Two passes: every unit's compared figures first (a unit whose row has errors is no peer: its problems are
    kept and reported by the second pass), then the jobs again, each with its figures as ``peers`` data. What is
    held between the passes is the figures compared, a few numbers per unit, never a result."""
    jobs, problems = _prepare(rubric, units, id, by, sheet)
    probe = peers.Probe(rubric)
    statistics = peers.Statistics(spec)
    seen = [first_pass(spec, probe, unit, statistics) for unit in run(cast("Rubric", probe), jobs, workers)]
    statistics.finish()
    again, _ = _prepare(rubric, units, id, by, sheet)
    return (with_figures(job, first, statistics) for job, first in zip(again, seen)), problems


def first_pass(spec: peers.Spec, probe: peers.Probe, unit: Unit, statistics: peers.Statistics) \
        -> peers.Observed | tuple[RowProblem, ...]:  # fmt: skip
    """One unit of the first pass: its figures, counted among the peers, or its problems (it is no peer)."""
    if unit.result is None:
        return unit.problems
    observed = peers.observe(spec, probe._plan, unit.result)
    statistics.add(observed)
    return observed


def with_figures(job: _Job, first: peers.Observed | tuple[RowProblem, ...], statistics: peers.Statistics) -> _Job:
    """A job of the second pass: with its peer figures, or with the problems the first pass found (reported,
    not scored again: a row that could not be read is the same row both times)."""
    if first and isinstance(first[0], RowProblem):
        return job if job.problems else attrs.evolve(job, problems=first)
    return attrs.evolve(job, peers=statistics.figures(first))


def _prepare(rubric: Rubric, units: Any, id: str | None, by: Sequence[str], sheet: str | None = None) \
        -> tuple[Iterator[_Job], list[RowProblem]]:  # fmt: skip
    found: list[RowProblem] = []
    if isinstance(units, (str, os.PathLike)) or _is_frame(units):
        try:
            table = read_table(units, sheet=sheet)
        except DataError as exc:  # read before the rubric was asked: worded now in its language
            raise exc.in_language(rubric.language) from None
        if sheet is None and table.sheet is not None and not _knows_any(rubric, table):
            table, found = _sheet_with_units(rubric, units, table)
        units = table
    elif sheet is not None:
        raise ArgumentError(msg("population.sheet-not-file"), rubric._language)
    if isinstance(units, Table):
        jobs, problems = _table_jobs(rubric, units, id, by)
        return jobs, [*found, *problems]
    if isinstance(units, Mapping):
        raise ArgumentError(msg("population.one-unit"), rubric._language)
    if not isinstance(units, Iterable):
        raise ArgumentError(msg("population.not-units", kind=type(units).__name__), rubric._language)
    return _mapping_jobs(units, id, by, rubric._plan.keys, rubric.language), []


def _is_frame(value: Any) -> bool:
    return hasattr(value, "columns") and (hasattr(value, "itertuples") or hasattr(value, "iter_rows"))


def _table_jobs(rubric: Rubric, table: Table, id: str | None, by: Sequence[str]) -> tuple[Iterator[_Job], list[RowProblem]]:
    from .evaluate import node_key  # (the evaluator is loaded when first used, as Rubric.evaluate loads it)

    table = _named_codes(rubric, table)
    keys = {c.key: k for k, c in enumerate(table.columns)}
    id_column = id if id is not None else next((name for name in ID_COLUMNS if name in keys), None)
    for name in ([id] if id is not None else []) + list(by):
        if name not in keys:
            close = difflib.get_close_matches(name, list(keys), 1)
            where = _place(table, None)
            text = msg("row.no-such-column-close", name=quoted(name), where=where, close=quoted(close[0])) if close \
                else msg("row.no-such-column", name=quoted(name), where=where)  # fmt: skip
            raise DataError([DataProblem(text, code="data.no-column")], rubric.language)
    known = rubric._plan.keys
    problems: list[RowProblem] = []
    # A category column the rubric reads (输入 地区类别 选项 {…}, for 排名(实际, 地区类别)) stays in the data too.
    skip = {keys[name] for name in [id_column, *(b for b in by if b not in known)] if name is not None}
    names = {n.code: n.name for n in rubric._plan.nodes}
    suggest, candidates = Suggester(), sorted(known)
    for k, column in enumerate(table.columns):
        if k in skip or column.path[0] in known:
            continue
        code = column.path[0].split(" ", 1)[0]
        language = rubric.language
        if code in names and code in known:  # `A2 别的名字`: the code, with a name that is not the indicator's
            unknown = msg("row.unknown-column-named", code=code, name=repr(names[code]), code_only=repr(code),
                          both=repr(code + " " + names[code]))  # fmt: skip
        elif column.path[0] in names:  # a group, or a leaf whose actual the rubric computes: not data
            unknown = node_key(rubric._plan, column.path[0])
        else:
            similar = suggest.closest(column.path[0], candidates)
            unknown = msg("row.unknown-column-close", close=repr(similar)) if similar else msg("row.unknown-column")
        problems.append(RowProblem(None, None, column.header, unknown.render(language), "warning", table.sheet,
                                   language))  # fmt: skip
        skip.add(k)
    columns = {c.key: c.header for c in table.columns}
    for c in table.columns:  # a problem names the top-level key: find the column for it too
        columns.setdefault(c.path[0], c.header)
    given = {c.path[0] for k, c in enumerate(table.columns) if k not in skip}
    unused = [c.path[0] for k, c in enumerate(table.columns) if k in skip and k not in (keys.get(id_column or ""),)]
    absent = [name for name in _required(rubric) if name not in given]
    for name in absent:  # once for the table, not once per row
        named = next((u for u in unused if u.split(" ", 1)[0] == name), None) or suggest.closest(name, unused, 0.5)
        absent_text = msg("row.no-column-close", close=repr(named)) if named else msg("row.no-column")
        problems.append(RowProblem(None, None, name, absent_text.render(rubric.language), sheet=table.sheet,
                                   language=rubric.language))  # fmt: skip
    rows = _TableRows(keys[id_column] if id_column is not None else None, id_column,
                      tuple((name, keys[name]) for name in by), columns, frozenset(absent),
                      (table.columns, frozenset(skip)), table.sheet, rubric.language)  # fmt: skip
    return _TableJobs(table, rows), problems


@attrs.frozen
class _TableRows:
    """How a table's rows become jobs: all but refusing a unit given twice, which needs the rows before it (so
    a worker process that reads rows from their text does this, and the reading process the check)."""

    id_index: int | None
    id_column: str | None
    by: tuple[tuple[str, int], ...]
    columns: dict[str, str]
    lacking: frozenset[str]  # keys no column gives: reported once for the table, not again for each row
    layout: tuple[tuple[Column, ...], frozenset[int]]
    sheet: str | None
    language: Language

    def job(self, row: Row) -> _Job:
        unit = _cell_text(row.cells[self.id_index]) if self.id_index is not None else f"第{row.number}行"
        categories = {name: row.cells[k] for name, k in self.by}
        if row.problems:  # cells that could not be read: the row is reported, not scored
            headers = self.layout[0]
            unreadable = tuple(RowProblem(row.number, unit, None if k is None else headers[k].header, show(why, self.language),
                                          sheet=self.sheet, language=self.language)
                               for k, why in row.problems)  # fmt: skip
            return _Job(row.number, unit, categories, {}, self.columns, unreadable, sheet=self.sheet)
        return _Job(row.number, unit, categories, {}, self.columns, lacking=self.lacking, sheet=self.sheet,
                    cells=row.cells, layout=self.layout)  # fmt: skip

    def twice(self, row: int, unit: str, earlier: int) -> RowProblem:
        return RowProblem(row, unit, self.id_column, msg("row.twice", unit=unit, earlier=earlier).render(self.language),
                          sheet=self.sheet, language=self.language)  # fmt: skip


class _TableJobs:
    """The jobs of a table's rows, in order, a unit given twice refused in its later rows; for a CSV file, its
    records' text can go to worker processes instead (:meth:`raw`)."""

    def __init__(self, table: Table, rows: _TableRows) -> None:
        self._table, self.rows = table, rows
        self._jobs: Iterator[_Job] | None = None

    def __iter__(self) -> Iterator[_Job]:
        return self

    def __next__(self) -> _Job:
        if self._jobs is None:
            self._jobs = self._read()
        return next(self._jobs)

    def _read(self) -> Iterator[_Job]:
        seen, rows = _Seen(), self.rows
        for row in self._table.rows():
            job = rows.job(row)
            earlier = seen.first(job.id, job.row)
            if earlier is not None:
                yield _Job(job.row, job.id, job.categories, {}, rows.columns, (rows.twice(job.row, job.id, earlier),),
                           sheet=rows.sheet)  # fmt: skip
                continue
            yield job

    def raw(self) -> tuple[CsvText, Iterator[RawRows]] | None:
        """The records' text in chunks (a CSV file not yet read), else None."""
        return self._table.raw_chunks(CHUNK) if self._jobs is None else None


class _Seen:
    """The units read so far, each with its row, to refuse a unit given twice: a dict while the table is small,
    a temporary SQLite table past ``LIMIT`` units, so a file of a million rows does not hold a million ids."""

    LIMIT = 50_000

    def __init__(self) -> None:
        self._rows: dict[str, int] = {}
        self._db: sqlite3.Connection | None = None

    def first(self, unit: str, row: int) -> int | None:
        """The row that gave ``unit`` before, or None (and ``row`` is remembered as its row)."""
        if self._db is None:
            earlier = self._rows.setdefault(unit, row)
            if len(self._rows) > self.LIMIT:
                self._spill()
            return earlier if earlier != row else None
        found = self._db.execute("SELECT row FROM seen WHERE id = ?", (unit,)).fetchone()
        if found is not None:
            return int(found[0])
        self._db.execute("INSERT INTO seen VALUES (?, ?)", (unit, row))
        return None

    def _spill(self) -> None:
        self._db = sqlite3.connect("")  # "": a private on-disk database, deleted when closed
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("CREATE TABLE seen (id TEXT PRIMARY KEY, row INTEGER) WITHOUT ROWID")
        self._db.executemany("INSERT INTO seen VALUES (?, ?)", self._rows.items())
        self._rows = {}

    def __del__(self) -> None:
        if self._db is not None:
            self._db.close()


def _knows_any(rubric: Rubric, table: Table) -> bool:
    known = rubric._plan.keys
    return any(c.path[0] in known for c in _named_codes(rubric, table).columns)


def _sheet_with_units(rubric: Rubric, path: Any, first: Table) -> tuple[Table, list[RowProblem]]:
    """A workbook whose first sheet with data has none of the rubric's columns (a cover, a note): the sheet
    that has the most of them, said in a warning; else the first sheet, whose columns are then reported."""
    known = rubric._plan.keys
    best, most = first, 0
    for name in sheet_names(path):
        if name == first.sheet:
            continue
        try:
            table = read_table(path, sheet=name)
        except DataError:  # an empty sheet
            continue
        count = sum(c.path[0] in known for c in _named_codes(rubric, table).columns)
        if count > most:
            best, most = table, count
    if best is first:
        return first, []
    chosen = msg("row.other-sheet", first=str(first.sheet), best=str(best.sheet)).render(rubric.language)
    return best, [RowProblem(None, None, None, chosen, "warning", best.sheet, rubric.language)]


def _named_codes(rubric: Rubric, table: Table) -> Table:
    """Headers that name an indicator by code and name (``B24 政府采购执行率``, as the data template writes them)
    read as the code: the name must be the indicator's own, so a stray header is not taken for one."""
    names = {n.code: unicodedata.normalize("NFKC", n.name).strip() for n in rubric._plan.nodes}
    renamed, changed = [], False
    for column in table.columns:
        code, _, name = column.path[0].partition(" ")
        if name and code in names and name.strip() == names[code]:
            column = attrs.evolve(column, path=(code, *column.path[1:]))
            changed = True
        renamed.append(column)
    return table.with_columns(renamed) if changed else table


def _required(rubric: Rubric) -> list[str]:
    """The data keys every unit must give: inputs, surveys, and indicators whose data is not optional."""
    plan = rubric._plan
    names = [name for name, _, _ in plan.inputs] + [s.name for s in plan.surveys]
    return names + [n.code for n in plan.nodes if n.reader is not None and not n.optional]


def _cell_text(value: Any) -> str:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))  # an id typed as a number: 1001, not 1001.0
    return "" if value is EMPTY else str(value)


def _mapping_jobs(units: Iterable[Any], id: str | None, by: Sequence[str], known: frozenset[str],
                  language: Language = "en") -> Iterator[_Job]:  # fmt: skip
    seen = _Seen()  # a unit named twice is refused in its later rows, as in a table
    for number, values in enumerate(units, start=1):
        if not isinstance(values, Mapping):
            text = msg("row.not-a-mapping", kind=type(values).__name__).render(language)
            yield _Job(number, f"#{number}", {}, {}, {}, (RowProblem(number, None, None, text, language=language),))
            continue
        unit = str(values[id]) if id is not None and id in values else f"#{number}"
        categories = {name: values.get(name) for name in by}
        earlier = seen.first(unit, number)
        if earlier is not None:
            text = msg("row.twice", unit=unit, earlier=earlier).render(language)
            yield _Job(number, unit, categories, {}, {}, (RowProblem(number, unit, id, text, language=language),))
            continue
        # A plain dict without an id or category key to leave out is taken as it is (evaluate copies what it
        # reads, and a dict pickles for a worker); anything else becomes one.
        if type(values) is dict and id is None and not by:
            data = cast("dict[str, Any]", values)
        else:
            data = {k: v for k, v in values.items() if k != id and (k not in by or k in known)}
        yield _Job(number, unit, categories, data, {})


def score(rubric: Rubric, job: _Job) -> Unit:
    """One job scored: its result, or its problems (perfscore errors only; nothing else is caught)."""
    if job.problems:
        return Unit(job.id, job.row, None, job.problems, job.categories)
    try:
        data = job.data if job.layout is None or job.cells is None else row_data(*job.layout, job.cells)
        if job.peers is not None:
            data = {**data, "peers": job.peers}
        result = rubric.evaluate(data)
    except DataError as exc:
        problems = tuple(RowProblem(job.row, job.id, _column(job, p), p.message, sheet=job.sheet, language=p.language)
                         for p in exc.problems
                         if (p.input or p.indicator) not in job.lacking or p.key != "data.missing")  # fmt: skip
        return Unit(job.id, job.row, None, problems, job.categories)
    except EvaluationError as exc:
        column = job.columns.get(exc.indicator or "", exc.indicator)
        return Unit(job.id, job.row, None, (RowProblem(job.row, job.id, column, str(exc), sheet=job.sheet,
                                                       language=exc.language),),
                    job.categories)  # fmt: skip
    warnings = tuple(RowProblem(job.row, job.id, None, w, "warning", job.sheet, rubric.language) for w in result.warnings)
    return Unit(job.id, job.row, result, warnings, job.categories)


def _column(job: _Job, problem: DataProblem) -> str | None:
    """The column of a problem: of the part of the value it is about (``C12.score``) where the table has one."""
    if len(problem.path) > 1 and all(isinstance(p, str) for p in problem.path):
        part = job.columns.get(".".join(map(str, problem.path)))
        if part is not None:
            return part
    key = problem.input or problem.indicator
    if key is None:
        return None
    return job.columns.get(key, key)


def run(rubric: Rubric, jobs: Iterator[_Job], workers: int) -> Iterator[Unit]:
    """The units in input order, scored here or in ``workers`` processes (the same results either way)."""
    _check_workers(workers, rubric._language)
    if workers == 1:
        yield from (score(rubric, job) for job in jobs)
        return
    plan = rubric._plan
    # Results come back without their plan and are joined to it here.
    for unit, state in _pooled(rubric, _chunked(jobs), workers, _score_chunk):
        yield unit if state is None else attrs.evolve(unit, result=Result._attach(plan, state))


@attrs.frozen
class Scored:
    """A unit as a table of results holds it: its id, row, problems and categories, and its total, grade and
    every node's score in document order (None and "" when its row has errors). Small and cheap to send between
    processes: no explanation, no plan, and the scores as one text of digits (``"2,1.35,…"``), formatted where
    the unit is scored, since that is all a CSV or JSON Lines output needs of them."""

    id: str
    row: int
    problems: tuple[RowProblem, ...]
    categories: Mapping[str, Any]
    total: Decimal | None
    grade: str | None
    #: The scores as their digits joined by commas (a Decimal pickles through its text, one object each: dozens
    #: per unit made the main process the bottleneck of a run in worker processes).
    score_text: str = ""

    @property
    def scores(self) -> tuple[Decimal, ...]:
        return tuple(map(Decimal, self.score_text.split(","))) if self.score_text else ()

    @classmethod
    def of(cls, unit: Unit) -> Scored:
        result = unit.result
        if result is None:
            return cls(unit.id, unit.row, unit.problems, unit.categories, None, None)
        return cls(unit.id, unit.row, unit.problems, unit.categories, result.total, result.grade,
                   ",".join(map(str, result.scores.values())))  # fmt: skip


def run_scored(rubric: Rubric, jobs: Iterator[_Job], workers: int) -> Iterator[Scored]:
    """:func:`run` for a table of results (CSV, JSON Lines): each unit reduced to :class:`Scored` where it is
    scored, so a worker returns a few numbers per unit, not a whole result. From a CSV file, the workers read
    the records too: this process only finds where they end, and refuses a unit given twice."""
    _check_workers(workers, rubric._language)
    if workers == 1:
        yield from (Scored.of(score(rubric, job)) for job in jobs)
        return
    raw = jobs.raw() if isinstance(jobs, _TableJobs) else None
    if raw is None:
        yield from _pooled(rubric, _chunked(jobs), workers, _score_chunk_compact)
        return
    assert isinstance(jobs, _TableJobs)
    text, chunks = raw
    rows, seen = jobs.rows, _Seen()
    for unit in _pooled(rubric, ((rows, text, chunk) for chunk in chunks), workers, _score_raw_chunk):
        earlier = seen.first(unit.id, unit.row)
        if earlier is None:
            yield unit
        else:  # as the rows read here have it: the later row reported, not scored
            yield Scored(unit.id, unit.row, (rows.twice(unit.row, unit.id, earlier),), unit.categories, None, None)


def _check_workers(workers: object, language: Language | None = None) -> None:
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ArgumentError(msg("population.workers", workers=repr(workers)), language)


def _chunked(jobs: Iterator[_Job]) -> Iterator[list[_Job]]:
    return iter(lambda: list(itertools.islice(jobs, CHUNK)), [])


def _pooled(rubric: Rubric, chunks: Iterator[Any], workers: int, task: Callable[[Any], list[T]]) -> Iterator[T]:
    """``task`` over ``chunks`` in ``workers`` processes, the outcomes in input order. The rubric goes to each
    worker once; a bounded window of chunks is in flight, so memory is bounded by the chunk size."""
    with ProcessPoolExecutor(workers, initializer=_worker_start, initargs=(rubric,)) as pool:
        pending = [pool.submit(task, chunk) for chunk in itertools.islice(chunks, workers * 2)]
        while pending:
            done = pending.pop(0).result()
            following = next(chunks, None)
            if following is not None:
                pending.append(pool.submit(task, following))
            yield from done


_WORKER_RUBRIC: list[Rubric] = []


def _worker_start(rubric: Rubric) -> None:
    _WORKER_RUBRIC[:] = [rubric]


def _score_chunk(chunk: list[_Job]) -> list[tuple[Unit, tuple[Any, ...] | None]]:
    out = []
    for job in chunk:
        unit = score(_WORKER_RUBRIC[0], job)
        out.append((attrs.evolve(unit, result=None), unit.result._detach() if unit.result is not None else None))
    return out


def _score_chunk_compact(chunk: list[_Job]) -> list[Scored]:
    with localcontext(CONTEXT):
        return [Scored.of(score(_WORKER_RUBRIC[0], job)) for job in chunk]


def _score_raw_chunk(task: tuple[_TableRows, CsvText, RawRows]) -> list[Scored]:
    rows, text, chunk = task
    with localcontext(CONTEXT):
        return [Scored.of(score(_WORKER_RUBRIC[0], rows.job(row))) for row in text.parse(chunk)]

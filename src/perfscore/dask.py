"""Scoring a population on a Dask cluster (``perfscore[dask]``): a Dask DataFrame of units in, a Dask DataFrame
of results out, the same rows and values as ``rubric.evaluate_many(frame).to_frame()`` in one process.

Two passes over the units. The first is a distributed aggregate of what scoring a row needs to know about
the others: each partition's length (so a problem names the row as the whole table numbers it), the ids
given more than once (a unit is one row: the first is scored, the later ones reported), and, where a rubric
scores units against their peers, the peer figures (:func:`peer_statistics`, the seam for that). The second
scores every partition where it lies, the rubric sent to each worker once, and ranks the totals from a
reduction of the distinct totals per category (ties share a rank: 1, 1, 3), so the ranks are those of the
whole population, not of a partition.

    from dask.distributed import Client
    import dask.dataframe as dd
    import perfscore, perfscore.dask

    client = Client("tcp://scheduler:8786")          # a real cluster; Client() starts a local one
    units = dd.read_csv("项目/*.csv", dtype=str)      # or dd.from_pandas(frame, npartitions=8)
    scored = perfscore.dask.evaluate(perfscore.load("rubric.perf"), units)
    results, problems = scored.compute()             # a pandas DataFrame and every RowProblem
"""

from __future__ import annotations

import importlib
import operator
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING, Any, cast

import attrs

from . import peers, population
from .errors import ArgumentError, PerfscoreError
from .numbers import CONTEXT
from .population import ID_COLUMNS, RowProblem, Unit, _cell_text, prepare, score
from .result import pandas_module
from .tables import Column, Row, Table, read_table

if TYPE_CHECKING:
    from .rubric import Rubric

#: The columns of the problems frame, as :class:`~perfscore.population.RowProblem` names them.
PROBLEM_COLUMNS = ("sheet", "row", "unit", "column", "severity", "message")
_KEY = "\0rank"  # a partition's hidden column: (category, exact total)


def _dask() -> tuple[Any, Any]:
    try:
        return importlib.import_module("dask"), importlib.import_module("dask.dataframe")
    except ImportError:
        raise PerfscoreError("scoring on Dask needs dask: pip install 'perfscore[dask]'") from None


@attrs.frozen
class Evaluated:
    """The lazy outcome of :func:`evaluate`: ``results`` (one row per scored unit, indexed by id: the categories,
    总分, 等级, 排名 and every node's score) and ``problems`` (one row per problem, the table's first), both
    Dask DataFrames. ``compute()`` computes both in one pass over the cluster."""

    results: Any
    problems: Any

    def compute(self, **options: Any) -> tuple[Any, list[RowProblem]]:
        """The results as a pandas DataFrame and the problems as RowProblems, scored once."""
        dask, _ = _dask()
        results, problems = dask.compute(self.results, self.problems, **options)
        results = _as_in_process(results)
        found = [RowProblem(None if row is None else int(row), unit, column, message, severity, sheet)
                 for sheet, row, unit, column, severity, message in problems.itertuples(index=False, name=None)]
        return results, found


#: Per partition, what the first pass found of each row (by row number): its compared figures, or its problems.
Seen = dict[int, "peers.Observed | tuple[RowProblem, ...]"]


def peer_statistics(rubric: Rubric, frame: Any, id: str | None, categories: tuple[str, ...], offsets: Sequence[int],
                    first: Mapping[str, int]) -> tuple[peers.Statistics, list[Seen]] | None:  # fmt: skip
    """The figures about all units that scoring one unit needs (排名, 最优值, 平均值, 中位数 …: perfscore.peers),
    before any unit is scored: each partition runs the first pass where it lies (the rubric's probe, sent once)
    and returns a few numbers per row; the values are gathered, sorted per category here, and the statistics
    go to every partition once. None for a rubric without peer figures."""
    spec = rubric._plan.peers
    if spec is None:
        return None
    dask, _ = _dask()
    probe = dask.delayed(peers.Probe(rubric))
    seen: list[Seen] = list(dask.compute(*[dask.delayed(_observe_partition)(probe, part, id, categories, offset, first)
                                           for part, offset in zip(frame.to_delayed(), offsets)]))  # fmt: skip
    statistics = peers.Statistics(spec)
    for part in seen:
        for found in part.values():
            if not (found and isinstance(found[0], RowProblem)):
                statistics.add(found)  # type: ignore[arg-type]
    statistics.finish()
    return statistics, seen


def _observe_partition(probe: peers.Probe, part: Any, id: str | None, categories: tuple[str, ...], offset: int,
                       first: Mapping[str, int]) -> Seen:  # fmt: skip
    spec = probe.rubric._plan.peers
    assert spec is not None
    with localcontext(CONTEXT):
        table = _shifted(read_table(part), offset)
        units = _units(cast("Rubric", probe), table, id, categories, _id_column(part, id), first)
        return {u.row: peers.observe(spec, probe._plan, u.result) if u.result is not None else u.problems
                for u in units}  # fmt: skip


def evaluate(rubric: Rubric, frame: Any, *, id: str | None = None, by: str | None = None,
             exact: bool = True) -> Evaluated:  # fmt: skip
    """Score a Dask DataFrame of units (one row per unit, the columns of ``perfscore template --data``).

    ``id`` names the column holding each unit (else 编号, 单位名称, 项目名称 …), ``by`` a category column, kept
    and ranked within; ``exact=False`` gives floats instead of Decimals. Rows are numbered as in one table
    (the header is row 1), whatever the partitions. The first pass (lengths, repeated ids, peer figures) is
    computed now; the scoring is lazy, in the returned :class:`Evaluated`.
    """
    dask, dd = _dask()
    pandas = pandas_module("perfscore.dask.evaluate")
    if not isinstance(frame, dd.DataFrame):
        raise ArgumentError(f"perfscore.dask.evaluate takes a Dask DataFrame, not {type(frame).__name__}; for a "
                            "pandas DataFrame or a file use rubric.evaluate_many")  # fmt: skip
    categories = () if by is None else (by,)
    empty = frame._meta  # the columns, no rows: the table's own problems are found once, here
    _, table_problems = prepare(rubric, empty, id, categories)
    id_column = _id_column(empty, id)
    # ---- pass 1: a distributed aggregate of what each row's scoring needs to know about the others
    lengths_part = frame.map_partitions(len, meta=(None, "int64"))
    ids = frame.map_partitions(_ids, id_column, meta=(None, "object"))
    lengths, counts = dask.compute(lengths_part, ids.value_counts(split_out=1))  # a tree reduction, no shuffle
    lengths = [int(n) for n in lengths]
    offsets = [sum(lengths[:k]) for k in range(len(lengths))]
    repeated = [str(unit) for unit, n in counts.items() if n > 1]
    first: dict[str, int] = {}
    if repeated:  # rare: where each repeated unit is first (the row that is scored)
        located = dask.compute([dask.delayed(_first_rows)(part, id_column, offset, repeated)
                                for part, offset in zip(frame.to_delayed(), offsets)])[0]  # fmt: skip
        for found in located:
            for unit, row in found.items():
                first[unit] = min(row, first.get(unit, row))
    figures = peer_statistics(rubric, frame, id, categories, offsets, first)
    statistics = dask.delayed(figures[0]) if figures is not None else None  # one key, sent to each worker once
    # ---- pass 2: every partition scored where it is; the ranks from the distinct totals of the whole population
    shared = dask.delayed(rubric)  # one key: the rubric goes to each worker once, not with every task
    scored = [dask.delayed(_score_partition)(shared, part, id, categories, offset, first, exact, statistics,
                                             figures[1][k] if figures is not None else None)
              for k, (part, offset) in enumerate(zip(frame.to_delayed(), offsets))]  # fmt: skip
    totals = dask.delayed(_count_totals)([dask.delayed(operator.itemgetter(1))(s) for s in scored])
    meta = _results_meta(rubric, frame, categories, pandas)
    parts = [dask.delayed(_ranked)(dask.delayed(operator.itemgetter(0))(s), totals, meta) for s in scored]
    with dask.config.set({"dataframe.convert-string": False}):  # Decimals stay Decimals, not pyarrow text
        results = dd.from_delayed(parts, meta=meta, verify_meta=False)
    extra = [] if sum(lengths) else [RowProblem(None, None, None, "no units: the table has its header but no row "
                                                "below it", "warning")]  # fmt: skip
    head = dask.delayed(_problems_frame)([*table_problems, *extra])
    problem_parts = [head, *(dask.delayed(operator.itemgetter(2))(s) for s in scored)]
    with dask.config.set({"dataframe.convert-string": False}):
        problems = dd.from_delayed(problem_parts, meta=_problems_frame([]), verify_meta=False)
    return Evaluated(results, problems)


def _id_column(empty: Any, id: str | None) -> str | None:
    keys = [Column.of(c).key for c in empty.columns]
    return id if id is not None else next((name for name in ID_COLUMNS if name in keys), None)


def _ids(part: Any, id_column: str | None) -> Any:
    """The units' ids in a partition, written as the scoring reads them (1001, not 1001.0)."""
    pandas = pandas_module("perfscore.dask")
    if id_column is None:
        return pandas.Series([], dtype=object)
    table = read_table(part)
    k = [c.key for c in table.columns].index(id_column)
    return pandas.Series([_cell_text(row.cells[k]) for row in table.rows()], dtype=object)


def _first_rows(part: Any, id_column: str, offset: int, repeated: Sequence[str]) -> dict[str, int]:
    wanted, found = set(repeated), dict[str, int]()
    table = _shifted(read_table(part), offset)
    k = [c.key for c in table.columns].index(id_column)
    for row in table.rows():
        unit = _cell_text(row.cells[k])
        if unit in wanted:
            found.setdefault(unit, row.number)
    return found


def _shifted(table: Table, offset: int) -> Table:
    """A partition's table with its rows numbered as in the whole table."""
    rows = [Row(row.number + offset, row.cells, row.problems) for row in table.rows()]
    return Table(table.name, table.columns, rows, table.sheet)


def _score_partition(rubric: Rubric, part: Any, id: str | None, categories: tuple[str, ...], offset: int,
                     first: Mapping[str, int], exact: bool, statistics: peers.Statistics | None = None,
                     seen: Seen | None = None) -> tuple[Any, Counter[Any], Any]:  # fmt: skip
    """One partition scored: its records (no ranks yet), the count of each (category, total), its problems; with
    peer figures, each row's from the first pass."""
    pandas = pandas_module("perfscore.dask")
    with localcontext(CONTEXT):
        table = _shifted(read_table(part), offset)
        id_column = _id_column(part, id)
        figures = (statistics, seen) if statistics is not None and seen is not None else None
        units = list(_units(rubric, table, id, categories, id_column, first, figures))
        records, totals = [], Counter[Any]()
        for unit in units:
            if unit.result is None:
                continue
            record: dict[str, Any] = {"id": unit.id, **unit.categories, "总分": unit.result.total,
                                      "等级": unit.result.grade}  # fmt: skip
            record.update(unit.result.scores)
            if not exact:
                record = {k: float(v) if isinstance(v, Decimal) else v for k, v in record.items()}
            key = (unit.categories.get(categories[0]) if categories else None, unit.result.total)
            record[_KEY] = key  # the exact category and total, to rank by; dropped once ranked
            records.append(record)
            totals[key] += 1
        problems = _problems_frame([p for u in units for p in u.problems])
    return pandas.DataFrame.from_records(records) if records else None, totals, problems


def _units(rubric: Rubric, table: Table, id: str | None, categories: tuple[str, ...], id_column: str | None,
           first: Mapping[str, int], figures: tuple[peers.Statistics, Seen] | None = None) -> Iterator[Unit]:  # fmt: skip
    """The partition's units in row order: a unit whose first row is elsewhere reported, the rest scored as
    :meth:`Rubric.evaluate_many` scores them."""
    keys = [c.key for c in table.columns]
    rows = list(table.rows())
    later: dict[int, Unit] = {}
    if id_column is not None and first:
        k = keys.index(id_column)
        for row in rows:
            unit = _cell_text(row.cells[k])
            if unit in first and first[unit] != row.number:
                problem = RowProblem(row.number, unit, id_column, f"the unit {unit} is in row {first[unit]} already: "
                                     "each unit is one row (this row is not scored)", sheet=table.sheet)  # fmt: skip
                later[row.number] = Unit(unit, row.number, None, (problem,),
                                         {name: row.cells[keys.index(name)] for name in categories})  # fmt: skip
    kept = Table(table.name, table.columns, [r for r in rows if r.number not in later], table.sheet)
    # The table's own problems are reported once, not per partition; peer figures come from the whole population.
    jobs, _ = population._prepare(rubric, kept, id, categories)
    if figures is not None:
        statistics, seen = figures
        jobs = (population.with_figures(job, seen[job.row], statistics) for job in jobs)
    scored = (score(rubric, job) for job in jobs)
    following = next(scored, None)
    for row in rows:
        if row.number in later:
            yield later[row.number]
        elif following is not None and following.row == row.number:
            yield following
            following = next(scored, None)
    assert following is None


def _count_totals(counts: Sequence[Counter[Any]]) -> dict[Any, dict[Decimal, int]]:
    """The rank of each total within its category, highest first; ties share a rank (1, 1, 3)."""
    merged: dict[Any, Counter[Decimal]] = {}
    for part in counts:
        for (category, total), n in part.items():
            merged.setdefault(category, Counter())[total] += n
    ranks: dict[Any, dict[Decimal, int]] = {}
    for category, totals in merged.items():
        above, found = 0, {}
        for total in sorted(totals, reverse=True):
            found[total] = above + 1
            above += totals[total]
        ranks[category] = found
    return ranks


def _ranked(records: Any, ranks: Mapping[Any, Mapping[Decimal, int]], meta: Any) -> Any:
    """A partition's records with their ranks, the columns in the order of ``Population.to_frame``."""
    if records is None:
        return meta
    with localcontext(CONTEXT):
        found = [ranks[category][total] for category, total in records.pop(_KEY)]
    records.insert(list(records.columns).index("等级") + 1, "排名", found)
    return records.set_index("id")


def _results_meta(rubric: Rubric, frame: Any, categories: tuple[str, ...], pandas: Any) -> Any:
    columns: dict[str, Any] = {}
    for name in categories:
        columns[name] = pandas.Series([], dtype="str" if _is_text(frame._meta[name].dtype) else object)
    columns["总分"] = pandas.Series([], dtype=object)
    columns["等级"] = pandas.Series([], dtype="str" if rubric.ast.grades else object)
    columns["排名"] = pandas.Series([], dtype="int64")
    for code in rubric.codes:
        columns[code] = pandas.Series([], dtype=object)
    return pandas.DataFrame(columns, index=pandas.Index([], dtype="str", name="id"))


def _as_in_process(results: Any) -> Any:
    """Text columns as pandas itself makes them (``str``): Dask turns them into pyarrow strings on the way."""
    text = {name: "str" for name, dtype in results.dtypes.items() if _is_text(dtype)}
    results = results.astype(text) if text else results
    if _is_text(results.index.dtype):
        results.index = results.index.astype("str")
    return results


def _is_text(dtype: Any) -> bool:
    return str(dtype) in ("str", "string", "string[pyarrow]", "string[python]")


def _problems_frame(problems: Sequence[RowProblem]) -> Any:
    pandas = pandas_module("perfscore.dask")
    rows = [(p.sheet, p.row, p.unit, p.column, p.severity, p.message) for p in problems]
    return pandas.DataFrame.from_records(rows, columns=list(PROBLEM_COLUMNS)).astype(object)

"""Scoring a population on a Dask cluster (``perfscore[dask]``): a Dask DataFrame of units in, a Dask DataFrame
of results out, the same rows and values as ``rubric.evaluate_many(frame).to_frame()`` in one process.

First a distributed aggregate of what scoring a row needs to know about the others: each partition's
length (so a problem names the row as the whole table numbers it) and the ids given more than once (a unit
is one row: the first is scored, the later ones reported). Where the rubric scores units against their peers
(排名, 最优值, 平均值, 中位数, 百分位 …), each partition then probes its units for the figures compared
(:mod:`perfscore.peers`), the counts of each value are combined into the statistics of the whole population,
and these go to every partition. Every partition is scored where it lies, the rubric sent to each worker
once, and the totals are ranked from a reduction of the distinct totals per category (ties share a rank:
1, 1, 3), so ranks and peer figures are those of the whole population, not of a partition.

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
from .errors import ArgumentError, MissingExtraError
from .messages import Language, msg
from .numbers import CONTEXT
from .population import ID_COLUMNS, NO_UNITS, RowProblem, Unit, _cell_text, score
from .render.population import tie_ranks
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
        raise MissingExtraError(msg("extra.dask")) from None


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
        raise ArgumentError(msg("api.dask-frame", kind=type(frame).__name__), rubric._language)
    categories = () if by is None else (by,)
    empty = frame._meta  # the columns, no rows: the table's own problems are found once, here
    _, table_problems = population._prepare(rubric, empty, id, categories)
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
    # ---- then every partition scored where it is, with the peer figures of the whole population if the rubric
    # reads any; the ranks from the distinct totals of the whole population
    shared = dask.delayed(rubric)  # one key: the rubric goes to each worker once, not with every task
    parts = list(zip(frame.to_delayed(), offsets))
    if rubric._plan.peers is None:
        figures: list[Any] = [None] * len(parts)
    else:
        probe = dask.delayed(peers.Probe(rubric))  # one key too: built once, sent to each worker once
        probed = [dask.delayed(_probe_partition)(probe, part, id, categories, offset, first) for part, offset in parts]
        statistics = dask.delayed(peer_statistics)(shared, [dask.delayed(operator.itemgetter(0))(p) for p in probed])
        figures = [(dask.delayed(operator.itemgetter(1))(p), statistics) for p in probed]
    scored = [dask.delayed(_score_partition)(shared, part, id, categories, offset, first, peer, exact)
              for (part, offset), peer in zip(parts, figures)]  # fmt: skip
    totals = dask.delayed(_count_totals)([dask.delayed(operator.itemgetter(1))(s) for s in scored])
    meta = _results_meta(rubric, frame, categories, pandas)
    ranked = [dask.delayed(_ranked)(dask.delayed(operator.itemgetter(0))(s), totals, meta) for s in scored]
    with dask.config.set({"dataframe.convert-string": False}):  # Decimals stay Decimals, not pyarrow text
        results = dd.from_delayed(ranked, meta=meta, verify_meta=False)
    extra = [] if sum(lengths) else [NO_UNITS]
    head = dask.delayed(_problems_frame)([*table_problems, *extra])
    problem_parts = [head, *(dask.delayed(operator.itemgetter(2))(s) for s in scored)]
    with dask.config.set({"dataframe.convert-string": False}):
        problems = dd.from_delayed(problem_parts, meta=_problems_frame([]), verify_meta=False)
    return Evaluated(results, problems)


def _id_column(empty: Any, id: str | None) -> str | None:
    """The column naming each unit, as evaluate_many chooses it (``empty``: a DataFrame or a Table)."""
    keys = [c.key if isinstance(c, Column) else Column.of(c).key for c in empty.columns]
    return id if id is not None else next((name for name in ID_COLUMNS if name in keys), None)


def _ids(part: Any, id_column: str | None) -> Any:
    """The units' ids in a partition, written as the scoring reads them (1001, not 1001.0)."""
    pandas = pandas_module("perfscore.dask")
    if id_column is None:
        return pandas.Series([], dtype=object)
    return pandas.Series([unit for _, unit in _id_cells(part, id_column)], dtype=object)


def _first_rows(part: Any, id_column: str, offset: int, repeated: Sequence[str]) -> dict[str, int]:
    wanted, found = set(repeated), dict[str, int]()
    for number, unit in _id_cells(part, id_column):
        if unit in wanted:
            found.setdefault(unit, number + offset)
    return found


def _id_cells(part: Any, id_column: str) -> Iterator[tuple[int, str]]:
    """Each row's number in the partition and its unit, reading only the id column (and the first, which tells
    a 填写说明 row: skipped, but counted, as when the whole table is read)."""
    headers = list(part.columns)
    keys = [Column.of(h).key for h in headers]
    wanted = list(dict.fromkeys([headers[0], headers[keys.index(id_column)]]))
    table = read_table(part[wanted])
    k = [c.key for c in table.columns].index(id_column)
    for row in table.rows():
        yield row.number, _cell_text(row.cells[k])


def _shifted(table: Table, offset: int) -> Table:
    """A partition's table with its rows numbered as in the whole table."""
    rows = [Row(row.number + offset, row.cells, row.problems) for row in table.rows()]
    return Table(table.name, table.columns, rows, table.sheet)


#: A partition's peer input: what its probe saw of each unit (the figures compared, or the row's problems) and
#: the statistics of the whole population.
PeerInput = tuple[list["peers.Observed | tuple[RowProblem, ...]"], "peers.Statistics"]


def _probe_partition(probe: peers.Probe, part: Any, id: str | None, categories: tuple[str, ...], offset: int,
                     first: Mapping[str, int]) -> tuple[list[Counter[tuple[Any, str]]], list[Any]]:  # fmt: skip
    """The first pass of a rubric with peer figures, on one partition: each unit's compared figures (a row with
    errors is no peer: its problems are kept) and, per group, the count of each (category, value)."""
    rubric = probe.rubric
    spec = rubric._plan.peers
    assert spec is not None
    with localcontext(CONTEXT):
        table = _shifted(read_table(part), offset)
        _, kept = _split(table, id, categories, first, rubric.language)
        jobs, _ = population._prepare(rubric, kept, id, categories)
        seen: list[Any] = []
        counts: list[Counter[tuple[Any, str]]] = [Counter() for _ in spec.groups]
        for job in jobs:
            unit = score(cast("Rubric", probe), job)
            if unit.result is None:
                seen.append(unit.problems)
                continue
            observed = peers.observe(spec, probe._plan, unit.result)
            seen.append(observed)
            for k, (value, label) in enumerate(peers.pairs(observed)):
                if value is not None:
                    counts[k][(label, str(value))] += 1  # the value as written: 0.90 stays 0.90
    return counts, seen


def peer_statistics(rubric: Rubric, counts: Sequence[Sequence[Counter[tuple[Any, str]]]]) -> peers.Statistics:
    """The peer figures of the whole population from the partitions' counts: a combine of a few numbers per
    distinct value, then the statistics every unit's figures are read from (rank, best, mean, median …)."""
    spec = rubric._plan.peers
    assert spec is not None
    statistics = peers.Statistics(spec)
    with localcontext(CONTEXT):
        for k in range(len(spec.groups)):
            merged: Counter[tuple[Any, str]] = Counter()
            for part in counts:
                merged.update(part[k])
            for (label, text), n in merged.items():
                statistics.add_value(k, Decimal(text), label, n)
        statistics.finish()
    return statistics


def _score_partition(rubric: Rubric, part: Any, id: str | None, categories: tuple[str, ...], offset: int,
                     first: Mapping[str, int], peer: PeerInput | None, exact: bool) -> tuple[Any, Counter[Any], Any]:  # fmt: skip
    """One partition scored: its records (no ranks yet), the count of each (category, total), its problems."""
    pandas = pandas_module("perfscore.dask")
    with localcontext(CONTEXT):
        table = _shifted(read_table(part), offset)
        units = list(_units(rubric, table, id, categories, first, peer))
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


def _split(table: Table, id: str | None, categories: tuple[str, ...], first: Mapping[str, int],
           language: Language = "en") -> tuple[dict[int, Unit], Table]:  # fmt: skip
    """The rows of units whose first row is elsewhere (reported, not scored), and the table of the others."""
    keys = [c.key for c in table.columns]
    id_column = _id_column(table, id)
    rows = list(table.rows())
    later: dict[int, Unit] = {}
    if id_column is not None and first:
        k = keys.index(id_column)
        for row in rows:
            unit = _cell_text(row.cells[k])
            if unit in first and first[unit] != row.number:
                problem = RowProblem(row.number, unit, id_column, msg("row.twice", unit=unit, earlier=first[unit])
                                     .render(language), sheet=table.sheet, language=language)  # fmt: skip
                later[row.number] = Unit(unit, row.number, None, (problem,),
                                         {name: row.cells[keys.index(name)] for name in categories})  # fmt: skip
    return later, Table(table.name, table.columns, [r for r in rows if r.number not in later], table.sheet)


def _units(rubric: Rubric, table: Table, id: str | None, categories: tuple[str, ...], first: Mapping[str, int],
           peer: PeerInput | None) -> Iterator[Unit]:  # fmt: skip
    """The partition's units in row order: a unit whose first row is elsewhere reported, the rest scored as
    :meth:`Rubric.evaluate_many` scores them (with their peer figures, when the rubric reads any)."""
    later, kept = _split(table, id, categories, first, rubric.language)
    jobs, _ = population._prepare(rubric, kept, id, categories)  # the table's problems are reported once, not here
    if peer is not None:
        seen, statistics = peer
        jobs = (population.with_figures(job, found, statistics) for job, found in zip(jobs, seen))
    scored = (score(rubric, job) for job in jobs)
    following = next(scored, None)
    for row in table.rows():
        if row.number in later:
            yield later[row.number]
        elif following is not None and following.row == row.number:
            yield following
            following = next(scored, None)
    assert following is None


def _count_totals(counts: Sequence[Counter[Any]]) -> tuple[dict[Any, dict[Decimal, int]], dict[Decimal, int]]:
    """The rank of each total within its category, and among all units; highest first, ties share a rank (1, 1, 3)."""
    merged: dict[Any, Counter[Decimal]] = {}
    everyone: Counter[Decimal] = Counter()
    for part in counts:
        for (category, total), n in part.items():
            merged.setdefault(category, Counter())[total] += n
            everyone[total] += n
    return tie_ranks(merged), tie_ranks({None: everyone}).get(None, {})


def _ranked(records: Any, ranks: tuple[Mapping[Any, Mapping[Decimal, int]], Mapping[Decimal, int]], meta: Any) -> Any:
    """A partition's records with their ranks, the columns in the order of ``Population.to_frame``."""
    if records is None:
        return meta
    within, overall = ranks
    keys = records.pop(_KEY)
    with localcontext(CONTEXT):
        found = [within[category][total] for category, total in keys]
    at = list(records.columns).index("等级") + 1
    records.insert(at, "排名", found)
    if "总排名" in meta.columns:  # ranked within a category: the rank among all units beside it
        records.insert(at + 1, "总排名", [overall[total] for _, total in keys])
    return records.set_index("id")


def _results_meta(rubric: Rubric, frame: Any, categories: tuple[str, ...], pandas: Any) -> Any:
    columns: dict[str, Any] = {}
    headers = {Column.of(h).key: h for h in frame._meta.columns}  # by= names the key: 地区类别 for 地区类别（县/市）
    for name in categories:
        text = _is_text(frame._meta[headers.get(name, name)].dtype)
        columns[name] = pandas.Series([], dtype="str" if text else object)
    columns["总分"] = pandas.Series([], dtype=object)
    columns["等级"] = pandas.Series([], dtype="str" if rubric.ast.grades else object)
    columns["排名"] = pandas.Series([], dtype="int64")
    if categories:
        columns["总排名"] = pandas.Series([], dtype="int64")
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

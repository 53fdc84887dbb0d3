"""Scoring on Dask: 10,000 generated units on a real LocalCluster (two worker processes) give the very results
and problems of ``evaluate_many`` in one process; ranks and repeated units are those of the whole table."""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import dask.dataframe as dd
import pandas
import pytest
from distributed import Client, LocalCluster

import perfscore
import perfscore.dask
from perfscore.schema import ID_HEADER, columns
from perfscore.templates import files

#: The judged points of each level of the mof-project template's qualitative indicators (weight 10).
LEVEL_POINTS = {"达成年度指标": (80, 100), "部分达成": (60, 79), "未达成": (0, 59)}


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as connected:  # fmt: skip
        yield connected


@pytest.fixture(scope="module")
def rubric() -> perfscore.Rubric:
    return perfscore.compile(files("mof-project")["rubric.perf"], "mof-project.perf", language="en")


def _units(rubric: perfscore.Rubric, count: int, seed: int = 11) -> pandas.DataFrame:
    """``count`` projects with every column of the data template, two of them bad (see the test)."""
    rng = random.Random(seed)
    found = columns(rubric)
    rows: list[list[Any]] = []
    for k in range(count):
        row: list[Any] = [f"项目{k:05d}", rng.choice(["县区", "市直"])]
        for column in found:
            kind = column.value.kind
            if column.header.endswith(".score"):
                low, high = LEVEL_POINTS[row[-1]]
                row.append(str(Decimal(rng.randint(low, high)) / 10))
            elif kind == "level":
                row.append(rng.choice(column.value.labels))
            elif kind == "rate":
                row.append(f"{rng.randint(6000, 10000) / 100}%")
            else:
                row.append(str(rng.randint(50, 1000)))
        rows.append(row)
    rows[7][3] = "二百"  # 执行数 in row 9 (the header is row 1)
    rows[count - 3][0] = "项目00003"  # the unit of row 5 again, in the last partition
    return pandas.DataFrame(rows, columns=[ID_HEADER, "地区类别", *(c.header for c in found)])


def test_ten_thousand_units_as_in_one_process(client: Client, rubric: perfscore.Rubric) -> None:
    frame = _units(rubric, 10_000)
    population = rubric.evaluate_many(frame, by="地区类别")
    scored = perfscore.dask.evaluate(rubric, dd.from_pandas(frame, npartitions=8), by="地区类别")
    results, problems = scored.compute()
    pandas.testing.assert_frame_equal(results, population.to_frame(by="地区类别"))
    assert problems == list(population.problems) == [
        perfscore.RowProblem(9, "项目00007", "执行数（万元）", "'二百' is not a number"),
        perfscore.RowProblem(9999, "项目00003", "单位名称", ("the unit 项目00003 is in row 5 already: each unit is one "
                                                        "row (this row is not scored)")),
    ]  # fmt: skip
    assert len(results) == 9_998 and isinstance(results["总分"].iloc[0], Decimal)
    assert list(results.columns[:4]) == ["地区类别", "总分", "等级", "排名"]
    assert sorted(results.groupby("地区类别")["排名"].min()) == [1, 1]  # ranked within each category


def test_ranks_across_partitions_share_ties(client: Client) -> None:
    """Totals 100, 94, 94, 50, one unit per partition: ranks 1, 2, 2, 4 (a tie shares, the next skips)."""
    rubric = perfscore.compile('总分 100\n评价等级 {\n  优 ≥ 90\n  差 < 90\n}\n指标 A1 完成率 100 {\n  目标 100%\n  按比例\n}\n', language="en")
    frame = pandas.DataFrame({"编号": ["甲", "乙", "丙", "丁"], "A1": ["100%", "94%", "94%", "50%"]})
    scored = perfscore.dask.evaluate(rubric, dd.from_pandas(frame, npartitions=4), exact=False)
    results, problems = scored.compute()
    assert scored.results.npartitions == 4 and problems == []
    assert results["排名"].to_dict() == {"甲": 1, "乙": 2, "丙": 2, "丁": 4}
    assert results["总分"].to_list() == [100.0, 94.0, 94.0, 50.0]
    pandas.testing.assert_frame_equal(results, rubric.evaluate_many(frame).to_frame(exact=False))


def test_a_table_problem_is_reported_once(client: Client, rubric: perfscore.Rubric) -> None:
    """A column every row lacks is one problem for the table, not one per partition or row."""
    frame = _units(rubric, 40).drop(columns=["S11 服务对象满意度（%）"])
    results, problems = perfscore.dask.evaluate(rubric, dd.from_pandas(frame, npartitions=4)).compute()
    assert len(results) == 0
    assert [str(p) for p in problems] == [
        "column 地区类别: a column the rubric does not know, ignored",
        "column S11: no column gives it: every row lacks it",
        "row 9, unit 项目00007, column 执行数（万元）: '二百' is not a number",
        ("row 39, unit 项目00003, column 单位名称: the unit 项目00003 is in row 5 already: each unit is one row (this row "
         "is not scored)"),
    ]  # fmt: skip
    assert [p.severity for p in problems] == ["warning", "error", "error", "error"]


def test_only_dask_frames(rubric: perfscore.Rubric) -> None:
    with pytest.raises(perfscore.ArgumentError, match="takes a Dask DataFrame, not DataFrame; for a pandas DataFrame"):
        perfscore.dask.evaluate(rubric, pandas.DataFrame({"编号": ["甲"]}))


def test_peer_figures_are_those_of_the_whole_population(client: Client) -> None:
    """The six units of tests/test_peers.py, two per partition: rank, best, mean, median within 地区类别 and
    percentile from the distributed aggregate give the scores computed there by hand."""
    from tests.test_peers import ROWS, RUBRIC, SCORES

    rubric = perfscore.compile(RUBRIC, "peers.perf")
    frame = pandas.DataFrame([(u, c, str(e), "100", str(t)) for u, c, e, t in ROWS],
                             columns=["单位", "地区类别", "执行数", "预算数", "用时"])  # fmt: skip
    results, problems = perfscore.dask.evaluate(rubric, dd.from_pandas(frame, npartitions=3)).compute()
    assert problems == []
    assert {unit: (str(row["总分"]), [str(row[c]) for c in ("A1", "A2", "A3", "A4", "A5")])
            for unit, row in results.iterrows()} == SCORES  # fmt: skip
    assert results["排名"].to_dict() == {"甲": 1, "乙": 5, "丙": 4, "丁": 1, "戊": 6, "己": 3}


def test_peer_figures_on_many_units_as_in_one_process(client: Client) -> None:
    """3,000 units in 6 partitions, one bad row (no peer: reported, left out of the figures), a unit given twice."""
    from tests.test_peers import RUBRIC

    rubric = perfscore.compile(RUBRIC, "peers.perf")
    rng = random.Random(5)
    rows = [(f"单位{k:04d}", rng.choice(["市直", "县区"]), str(rng.randint(600, 1000) / 10), "100", str(rng.randint(5, 40)))
            for k in range(3_000)]  # fmt: skip
    rows[1234] = (rows[1234][0], "县区", "九十", "100", "12")
    rows[2999] = ("单位0007", *rows[2999][1:])
    frame = pandas.DataFrame(rows, columns=["单位", "地区类别", "执行数", "预算数", "用时"])
    population = rubric.evaluate_many(frame, by="地区类别")
    results, problems = perfscore.dask.evaluate(rubric, dd.from_pandas(frame, npartitions=6), by="地区类别").compute()
    pandas.testing.assert_frame_equal(results, population.to_frame(by="地区类别"))
    assert problems == list(population.problems)
    assert [(p.row, p.unit, p.column) for p in problems] == [(1236, "单位1234", "执行数"), (3001, "单位0007", "单位")]


def test_without_dask_the_extra_is_named(rubric: perfscore.Rubric, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(__import__("sys").modules, "dask", None)
    with pytest.raises(perfscore.PerfscoreError, match=r"scoring on Dask needs dask: pip install 'perfscore\[dask\]'"):
        perfscore.dask.evaluate(rubric, None)

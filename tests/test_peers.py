"""Peer figures (排名, 最优值, 平均值, 中位数, 百分位, 单位数): scored over a population of six units by hand."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest

import perfscore
from perfscore.cli import main
from perfscore.messages import Language
from perfscore.printer import format_rubric

RUBRIC = """\
评价 "同类比较示例"
输入 执行数 金额 > 0
输入 预算数 金额 > 0
输入 用时 数量
输入 地区类别 选项 {市直, 县区}
计算 执行率 = 执行数 / 预算数

指标 A1 执行率排名 20 {
  评分标准 "第1名得满分，每后退一名扣0.5分"
  实际 = 排名(执行率)
  扣 0.5分 每 1 超过 1
}
指标 A2 对标最优 20 {
  评分标准 "实际值/最优值×权重"
  实际 = 执行率
  目标 最优值(实际)
  按比例
}
指标 A3 对标平均 20 {
  评分标准 "高于平均值得满分，低于的按比例"
  实际 = 执行率
  目标 ≥ 平均值(实际)
  按比例
}
指标 A4 同类中位数 20 {
  实际 = 执行率
  目标 ≥ 中位数(实际, 地区类别)
  按比例
}
指标 A5 办理时限 20 {
  实际 = 用时
  方向 越低越好
  分档 {
    当 百分位(实际) >= 80%：100%
    当 百分位(实际) >= 50%：60%
    当 百分位(实际) >= 30%：30%
    否则：0分
  }
}
"""

#: (unit, 地区类别, 执行数 of a 预算数 of 100, 用时 in days).
ROWS = [("甲", "市直", 95, 10), ("乙", "市直", 80, 20), ("丙", "县区", 90, 15), ("丁", "县区", 95, 10),
        ("戊", "县区", 70, 30), ("己", "市直", 88, 12)]  # fmt: skip

# By hand. 执行率: 甲 95%, 乙 80%, 丙 90%, 丁 95%, 戊 70%, 己 88%.
#   排名 (ties share the better rank): 甲 1, 丁 1, 丙 3, 己 4, 乙 5, 戊 6 → A1 = 20 − 0.5 × (rank − 1).
#   最优值 95% → A2 = 20 × 执行率 / 95%: 丙 18.947 → 18.95, 己 18.526 → 18.53, 乙 16.842 → 16.84, 戊 14.737 → 14.74.
#   平均值 5.18 / 6 = 86.333…% → A3: at or above it 20; 乙 20 × 0.8 / 0.86333 = 18.53, 戊 20 × 0.7 / 0.86333 = 16.22.
#   中位数 within 地区类别: 市直 {95, 80, 88} → 88%, 县区 {90, 95, 70} → 90% → A4: 乙 20 × 80/88 = 18.18,
#   戊 20 × 70/90 = 15.56, the rest 20.
#   用时, lower is better: 甲 10, 丁 10 → rank 1; 己 12 → 3; 丙 15 → 4; 乙 20 → 5; 戊 30 → 6.
#   百分位 = (6 − rank) / 5: 100%, 100%, 60%, 40%, 20%, 0% → A5 bands: 20, 20, 12, 6, 0, 0.
SCORES = {
    "甲": ("100.00", ["20.00", "20.00", "20.00", "20.00", "20.00"]),
    "乙": ("71.55", ["18.00", "16.84", "18.53", "18.18", "0.00"]),
    "丙": ("83.95", ["19.00", "18.95", "20.00", "20.00", "6.00"]),
    "丁": ("100.00", ["20.00", "20.00", "20.00", "20.00", "20.00"]),
    "戊": ("64.02", ["17.50", "14.74", "16.22", "15.56", "0.00"]),
    "己": ("89.03", ["18.50", "18.53", "20.00", "20.00", "12.00"]),
}


@pytest.fixture(scope="module")
def rubric() -> perfscore.Rubric:
    return perfscore.compile(RUBRIC, "peers.perf", language="en")


def _units() -> list[dict[str, object]]:
    return [{"单位": u, "地区类别": c, "执行数": e, "预算数": 100, "用时": t} for u, c, e, t in ROWS]


def _scores(population: perfscore.Population) -> dict[str, tuple[str, list[str]]]:
    out = {}
    for unit in population:
        assert unit.result is not None, unit.problems
        out[unit.id] = (str(unit.result.total), [str(s) for s in unit.result.scores.values()])
    return out


def test_each_phrasing_scores_as_computed_by_hand(rubric: perfscore.Rubric) -> None:
    """Rank, best, mean, median within a category and percentile (lower is better), over six units."""
    population = rubric.evaluate_many(_units(), id="单位")
    assert population.problems == ()
    assert _scores(population) == SCORES


def test_workers_give_identical_results(rubric: perfscore.Rubric) -> None:
    """The first pass and the scores in two processes: the same figures, the same scores."""
    population = rubric.evaluate_many(_units(), id="单位", workers=2)
    assert _scores(population) == SCORES
    assert population["丙"].result is not None
    assert population["丙"].result.explain("A5") == rubric.evaluate_many(_units(), id="单位")["丙"].result.explain("A5")  # type: ignore[union-attr]


def test_explanations_state_the_peer_figures(rubric: perfscore.Rubric) -> None:
    population = rubric.evaluate_many(_units(), id="单位")
    third = population["丙"].result
    assert third is not None
    assert third.explain("A1") == ("A1 执行率排名：同类比较（执行率）：第 3 名，共 6 个单位，实际 3 超过 1 2，每 1 一个单位，"
                                   "共 2 个单位，扣 2 × 0.5 = 1 分，得分 = max(20 − 1, 0)，得分 19 分")  # fmt: skip
    assert "同类比较（实际）：共 6 个单位；最优值 95%" in third.explain("A2")
    assert "同类比较（实际）：共 6 个单位；平均值 86.33%" in third.explain("A3")
    assert "同类比较（实际）：第 4 名，共 6 个单位；百分位 40%" in third.explain("A5")
    fifth = population["戊"].result
    assert fifth is not None
    assert "同类比较（实际，地区类别 县区）：共 3 个单位；中位数 90%" in fifth.explain("A4")
    assert "peers (实际(A4)" not in fifth.explain("A4", language="en")
    assert "peers (actual, 地区类别 县区): 3 units; median 90%" in fifth.explain("A4", language="en")
    assert "peers (执行率): rank 6 of 6 units" in fifth.explain("A1", language="en")


def test_one_unit_alone_is_refused_without_its_figures(rubric: perfscore.Rubric) -> None:
    with pytest.raises(perfscore.DataError) as info:
        rubric.evaluate({"地区类别": "县区", "执行数": 90, "预算数": 100, "用时": 15})
    messages = [str(p) for p in info.value.problems]
    assert messages[0] == ("A2 / peers: 最优值 compares A2's actual with the units scored with it: score the units "
                           "together (evaluate_many, or perfscore score on a table of units), or give the figures as "
                           "data: peers.A2 = {count = …, best = …}")  # fmt: skip
    assert any("peers.A4.地区类别 = {count = …, median = …}" in m for m in messages)
    assert any("peers.A5 = {count = …, rank = …}" in m for m in messages)  # a percentile is worked out from the rank
    assert any(m.startswith("peers: 排名 compares 执行率") for m in messages)
    assert len(messages) == 5
    chinese = info.value.problems[0].format("zh")
    assert chinese == ("A2 / peers: 最优值要把A2 的实际值与一同评分的单位比较：请把这些单位一起评分（evaluate_many，或用 "
                       "perfscore score 对单位表评分），或在数据中给出：peers.A2 = {count = …, best = …}")  # fmt: skip
    assert info.value.problems[0].to_dict()["path"] == ["peers", "A2"]


FIGURES = {  # 丙's figures, as a data file gives them
    "执行率": {"count": 6, "rank": 3},
    "A2": {"count": 6, "best": "95%"},
    "A3": {"count": 6, "mean": "86.3333%"},
    "A4": {"地区类别": {"count": 3, "median": "90%"}},
    "A5": {"count": 6, "rank": 4},
}


def test_one_unit_scores_with_its_figures_given_as_data(rubric: perfscore.Rubric) -> None:
    result = rubric.evaluate({"地区类别": "县区", "执行数": 90, "预算数": 100, "用时": 15, "peers": FIGURES})
    assert str(result.total) == SCORES["丙"][0]
    assert [str(s) for s in result.scores.values()] == SCORES["丙"][1]
    alias = rubric.evaluate({"地区类别": "县区", "执行数": 90, "预算数": 100, "用时": 15, "同类比较": FIGURES})
    assert alias.total == result.total
    assert result.warnings == alias.warnings == ()


@pytest.mark.parametrize(("key", "language", "warning"), [
    ("peers", "en", "'peers' ignored: this rubric reads no peer figures (排名, 最优值 …)"),
    ("同类比较", "zh", "'同类比较' 不予采用：本评分办法不读同类比较数据（排名、最优值等）"),
])  # fmt: skip
def test_peer_figures_for_a_rubric_that_reads_none_are_said_to_be_unread(key: str, language: Language,
                                                                         warning: str) -> None:  # fmt: skip
    # not "unknown input … did you mean 'vetoes'?": the key is perfscore's, only this rubric has no use for it
    rubric = perfscore.compile("总分 10\n指标 A1 甲 10 {\n 达标\n}\n")
    result = rubric.evaluate({"A1": True, key: FIGURES}, language=language)
    assert (result.total, result.warnings) == (Decimal(10), (warning,))


@pytest.mark.parametrize(("figures", "message"), [
    ({"count": 6, "rank": 7}, "peers.A5: rank 7 is not between 1 and the count 6"),
    ({"count": 0, "rank": 1}, "peers.A5: count must be at least 1, not 0"),
    ({"count": 6}, "peers.A5: missing rank"),
    ({"count": 6, "rank": 1.5}, "peers.A5: a count must be a whole number, not 1.5"),
])  # fmt: skip
def test_figures_given_by_hand_are_checked(rubric: perfscore.Rubric, figures: dict[str, object], message: str) -> None:
    data = {"地区类别": "县区", "执行数": 90, "预算数": 100, "用时": 15, "peers": {**FIGURES, "A5": figures}}
    with pytest.raises(perfscore.DataError) as info:
        rubric.evaluate(data)
    assert [p.message for p in info.value.problems] == [message]


def test_one_unit_is_first_with_the_best_value_and_percentile_100() -> None:
    rubric = perfscore.compile("总分 10\n输入 x 数值\n指标 A1 甲 10 {\n  实际 = x\n  分档 {\n    当 百分位(实际) >= 50%：100%\n"
                               "    否则：0分\n  }\n}\n", language="en")  # fmt: skip
    (unit,) = rubric.evaluate_many([{"x": 3}])
    assert unit.result is not None and unit.result.total == Decimal("10.00")
    assert "第 1 名，共 1 个单位；百分位 100%" in unit.result.explain("A1")


def test_a_bad_row_is_no_peer_and_is_reported_once(rubric: perfscore.Rubric) -> None:
    units = _units() + [{"单位": "庚", "地区类别": "县区", "执行数": 99, "预算数": 0, "用时": 1}]
    population = rubric.evaluate_many(units, id="单位")
    assert [(p.unit, p.column, p.message) for p in population.problems] == [
        ("庚", "预算数", "0 is outside the declared domain > 0")]
    assert _scores(perfscore.Population(rubric, population.scored, [])) == SCORES


def test_the_category_column_can_also_rank_the_results(rubric: perfscore.Rubric) -> None:
    """by= 地区类别 keeps the column the rubric reads in each unit's data."""
    population = rubric.evaluate_many(_units(), id="单位", by="地区类别")
    assert _scores(population) == SCORES
    assert population.ranks(by="地区类别") == {"甲": 1, "乙": 3, "丙": 2, "丁": 1, "戊": 3, "己": 2}


def test_a_one_shot_iterator_is_read_twice_safely(rubric: perfscore.Rubric) -> None:
    population = rubric.evaluate_many(iter(_units()), id="单位")
    assert _scores(population) == SCORES


def _csv(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["单位名称", "地区类别", "执行数", "预算数", "用时"])
        writer.writerows([u, c, e, 100, t] for u, c, e, t in ROWS)
    return path


def test_a_file_is_read_twice_and_streamed(rubric: perfscore.Rubric, tmp_path: Path) -> None:
    units = _csv(tmp_path / "units.csv")
    streamed = {u.id: str(u.total) for u in rubric.stream(units, workers=2)}
    assert streamed == {unit: total for unit, (total, _) in SCORES.items()}


def test_the_cli_scores_a_table_file_to_file(tmp_path: Path) -> None:
    (tmp_path / "r.perf").write_text(RUBRIC, "utf-8")
    units = _csv(tmp_path / "units.csv")
    out = tmp_path / "结果.jsonl"
    assert main(["score", str(tmp_path / "r.perf"), str(units), "-o", str(out), "--workers", "2"]) == 0
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert {r["id"]: (r["总分"], r["排名"]) for r in rows} == {
        "甲": ("100.00", 1), "乙": ("71.55", 5), "丙": ("83.95", 4), "丁": ("100.00", 1), "戊": ("64.02", 6),
        "己": ("89.03", 3)}  # fmt: skip


def test_printed_canonically_in_both_languages(rubric: perfscore.Rubric) -> None:
    chinese, english = format_rubric(rubric.ast), format_rubric(rubric.ast, "en")
    assert "  实际 = 排名(执行率)\n" in chinese and "  目标 ≥ 中位数(实际, 地区类别)\n" in chinese
    assert "    当 百分位(实际) ≥ 80%：100%\n" in chinese
    assert "  actual = rank(执行率)\n" in english and "  target >= peer_median(actual, 地区类别)\n" in english
    assert "  target best(actual)\n" in english and "peer_mean(actual)" in english
    for text in (chinese, english):
        again = perfscore.compile(text, "again.perf", language="en")
        assert again.ast == rubric.ast
        assert format_rubric(again.ast) == chinese


BASE = "总分 10\n输入 执行数 金额 > 0\n输入 预算数 金额 > 0\n输入 地区 数值\n输入 类别 选项 {甲类, 乙类}\n计算 执行率 = 执行数 / 预算数\n"


@pytest.mark.parametrize(("text", "line", "column", "message", "hint"), [
    ("计算 名次 = 排名(执行率)\n指标 A1 甲 10 {\n  实际 = 名次\n  扣 0.5分 每 1 超过 1\n}\n", 7, 9,
     ("metric 名次 uses 排名(), a figure of the units compared, but metrics are computed for each unit before the units "
     "are compared"), "use it in the indicator instead: `实际 = 排名(…)` or `目标 ≥ 排名(…)`"),
    (("指标 A1 甲 5 {\n  实际 = 执行率\n  目标 100%\n  按比例\n}\n指标 A2 乙 5 {\n  实际 = 排名(得分(A1))\n"
     "  扣 0.5分 每 1 超过 1\n}\n"), 13, 11,
     "排名() compares an actual, an input or a metric, not 得分(A1), in the actual of A2",
     ("rank by the total is the population's own ranking (population.ranks(), the 排名 column); compare an "
     "indicator's actual with 实际(B21)")),
    ("指标 A1 甲 10 {\n  实际 = 排名(执行数 / 预算数)\n  扣 0.5分 每 1 超过 1\n}\n", 8, 11,
     "排名() compares one figure, not the expression `执行数 / 预算数`, in the actual of A1",
     "name it as a metric: `计算 比值 = 执行数 / 预算数` and write `排名(比值)`"),
    ("指标 A1 甲 10 {\n  实际 = 执行率\n  目标 ≥ 平均值(实际, 地区)\n  按比例\n}\n", 9, 16,
     "the category 地区 of 平均值() in the target of A1 is not an input with options",
     "declare it with its categories: `输入 地区 选项 {市直, 县区}`"),
    ("指标 A1 甲 10 {\n  实际 = 执行率\n  目标 100%\n  按比例\n}\n评价等级 {\n  优 当 排名(实际) <= 3\n  差 否则\n}\n", 13, 10,
     "排名(实际) in the condition of grade 优 has no indicator to take the actual of",
     "name the indicator: `排名(实际(B21))`"),
    (("指标 A1 甲 5 {\n  实际 = 排名(执行率)\n  扣 0.5分 每 1 超过 1\n}\n指标 A2 乙 5 {\n  实际 = 排名(实际(A1))\n"
     "  扣 0.5分 每 1 超过 1\n}\n"), 12, 11,
     ("排名() in the actual of A2 compares the actual of A1, which is a peer figure itself: the units are compared "
     "once, on figures known for each unit"), "compare what A1's actual compares, e.g. `排名(执行率)`"),
    ("指标 A1 甲 10 {\n  实际 = 排名(执行率, 类别, 类别)\n  扣 0.5分 每 1 超过 1\n}\n", 8, 8,
     ("排名() takes the figure compared and, optionally, the category within which it is compared, not 3 arguments, "
     "in the actual of A1"), "e.g. `排名(实际)` or `排名(实际, 地区类别)`"),
    ("指标 A1 甲 10 {\n  实际 = 排名(类别)\n  扣 0.5分 每 1 超过 1\n}\n", 8, 11,
     "排名() compares numbers, and 类别 is not one, in the actual of A1", "compare a rate, an amount, a count or a number"),
    ("指标 A1 甲 10 {\n  实际 = 排名(执行律)\n  扣 0.5分 每 1 超过 1\n}\n", 8, 11,
     "unknown name 执行律 in 排名() in the actual of A1", "did you mean 执行率?"),
])  # fmt: skip
def test_misuse_is_a_check_error_at_its_caret(text: str, line: int, column: int, message: str, hint: str) -> None:
    with pytest.raises(perfscore.RubricError) as info:
        perfscore.compile(BASE + text, "r.perf", language="en")
    (found,) = info.value.diagnostics
    assert (found.span.line, found.span.column, found.message, found.hint) == (line, column, message, hint)
    assert found.code in ("peers", "unknown-name")


def test_a_rank_is_a_count_and_a_percentile_a_rate() -> None:
    """The checker types peer figures: a rank compared with a percentage is refused."""
    with pytest.raises(perfscore.RubricError) as info:
        perfscore.compile(BASE + "指标 A1 甲 10 {\n  实际 = 执行率\n  分档 {\n    当 排名(实际) <= 10%：100%\n    否则：0分\n  }\n}\n", language="en")
    assert info.value.diagnostics[0].code == "types"


def test_the_json_schema_describes_the_figures(rubric: perfscore.Rubric) -> None:
    """peers is optional (evaluate_many computes it); given, each compared figure needs what the rubric reads."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = rubric.schema()
    alone = {"地区类别": "县区", "执行数": 90, "预算数": 100, "用时": 15}
    jsonschema.validate(alone, schema)
    jsonschema.validate({**alone, "peers": FIGURES}, schema)
    figures = schema["properties"]["peers"]
    assert figures["required"] == ["A2", "A3", "A4", "A5", "执行率"]
    assert figures["properties"]["A4"]["required"] == ["地区类别"]
    assert figures["properties"]["A4"]["properties"]["地区类别"]["required"] == ["count", "median"]
    assert figures["properties"]["A5"]["required"] == ["count", "rank"]  # a percentile is worked out from the rank
    assert schema["properties"]["同类比较"] == figures
    for wrong in ({**FIGURES, "A5": {"count": 6}}, {**FIGURES, "A2": {"count": 0, "best": "95%"}}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({**alone, "peers": wrong}, schema)
    with pytest.raises(jsonschema.ValidationError):  # one spelling or the other
        jsonschema.validate({**alone, "peers": FIGURES, "同类比较": FIGURES}, schema)


def test_the_data_template_has_no_peer_columns(rubric: perfscore.Rubric) -> None:
    """A table of units is a population: perfscore computes the figures, so its template does not ask for them."""
    from perfscore.schema import columns

    assert [c.header for c in columns(rubric)] == ["执行数", "预算数", "用时", "地区类别"]


@pytest.mark.parametrize("scheduler", ["sync", "processes"])
def test_on_dask_the_figures_are_of_the_whole_population(rubric: perfscore.Rubric, scheduler: str) -> None:
    """Three partitions of two units: the first pass is gathered across them, so every rank is the whole table's."""
    dask = pytest.importorskip("dask")
    dd = pytest.importorskip("dask.dataframe")
    pandas = pytest.importorskip("pandas")
    import perfscore.dask

    frame = pandas.DataFrame([{"单位名称": u, "地区类别": c, "执行数": e, "预算数": 100, "用时": t} for u, c, e, t in ROWS])
    with dask.config.set(scheduler=scheduler):
        results, problems = perfscore.dask.evaluate(rubric, dd.from_pandas(frame, npartitions=3)).compute()
    assert len(problems) == 0
    found = {unit: (str(row["总分"]), [str(row[code]) for code in ("A1", "A2", "A3", "A4", "A5")])
             for unit, row in results.iterrows()}  # fmt: skip
    assert found == SCORES


def test_the_generated_wording_names_the_peer_figures() -> None:
    """评分标准 generated for the score table: 参评单位最优值, 同一地区类别单位中位数, 排名百分位."""
    from perfscore.criteria import criteria_text

    written = ('  评分标准 "第1名得满分，每后退一名扣0.5分"\n', '  评分标准 "实际值/最优值×权重"\n',
               '  评分标准 "高于平均值得满分，低于的按比例"\n')  # fmt: skip
    text = RUBRIC
    for line in written:
        text = text.replace(line, "")
    rubric = perfscore.compile(text)
    assert [criteria_text(n, n.weight.value) for n in rubric.ast.nodes] == [  # type: ignore[union-attr]
        "执行率排名≤1时得满分，否则每增加1扣0.5分，扣完为止",
        "对标最优达到参评单位最优值得满分，否则按实际值/目标值×权重分计分",
        "对标平均达到参评单位平均值得满分，否则按实际值/目标值×权重分计分",
        "同类中位数达到同一地区类别单位中位数得满分，否则按实际值/目标值×权重分计分",
        "排名百分位 ≥ 80%时得满分；排名百分位 ≥ 50%时得60%权重分；排名百分位 ≥ 30%时得30%权重分；其他情况不得分",
    ]

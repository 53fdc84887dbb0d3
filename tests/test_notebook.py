"""Notebook display and tabular export: _repr_html_, to_records, to_frame."""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import perfscore

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "shuozhou-2020"


@pytest.fixture(scope="module")
def rubric() -> perfscore.Rubric:
    return perfscore.load(EXAMPLE / "rubric.perf")


@pytest.fixture(scope="module")
def result(rubric: perfscore.Rubric) -> perfscore.Result:
    return rubric.evaluate(EXAMPLE / "data.toml")


def test_records_are_exact_and_flat(result: perfscore.Result) -> None:
    records = result.to_records()
    assert len(records) == 51  # 4 + 13 groups, 34 indicators
    by_code = {r["code"]: r for r in records}
    b22 = by_code["B22"]
    assert b22["parent"] == "B2" and b22["level"] == 3 and b22["kind"] == "indicator"
    assert b22["score"] == Decimal("1.35") and isinstance(b22["score"], Decimal)
    assert b22["rate"] == Decimal("0.45")
    assert b22["target"] == Decimal("0.09")
    assert by_code["B"]["score"] == Decimal("27.88") and by_code["B"]["parent"] is None
    assert by_code["B12"]["override_reason"].startswith("预算调整主要因中央和省级下达项目支出")
    assert [r["code"] for r in records][:3] == ["A", "A1", "A11"]


def test_frame_exact_and_float(result: perfscore.Result) -> None:
    pytest.importorskip("pandas")
    exact = result.to_frame()
    assert exact.loc["C21", "score"] == Decimal("3.49")
    assert exact.loc["C21", "parent"] == "C2"
    floats = result.to_frame(exact=False)
    assert floats["score"].dtype.kind == "f"
    leaves = floats[floats["kind"] == "indicator"]
    assert round(leaves["score"].sum(), 2) == 80.85
    assert list(leaves.sort_values("rate").index[:3]) == ["B13", "B21", "A31"]  # 0%, 0%, 33.25%


def test_frame_without_pandas_says_what_to_install(result: perfscore.Result, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(perfscore.PerfscoreError, match=r"pip install 'perfscore\[pandas\]'"):
        result.to_frame()


def test_result_html_tree(result: perfscore.Result) -> None:
    page = result._repr_html_()
    assert page.count("<tr") == 1 + 51 + 1  # header, every node, 合计
    assert "B22 结转结余率" in page
    assert re.search(r"B22 结转结余率</td>.*?>3</td>.*?>19\.84%</td>.*?>1\.35</td>.*?>45\.00%", page)
    assert "合计 · 评价等级 良" in page and ">80.85</td>" in page
    assert "padding-left:44px" in page  # level 3 is indented twice
    assert "<script" not in page


def test_rubric_html_shows_rules(rubric: perfscore.Rubric) -> None:
    page = rubric._repr_html_()
    assert "结转结余率≤9%时得满分" in page  # the author's wording
    assert "政府采购执行率达到100%得满分，否则按实际值/目标值×权重分计分" in page  # generated (B24)
    assert page.count("<tr") == 1 + 51 + 1


def test_html_escapes_names() -> None:
    rubric = perfscore.compile('总分 1\n指标 A1 "<b>加粗</b>" 1 {\n  达标\n}\n')
    assert "&lt;b&gt;加粗&lt;/b&gt;" in rubric._repr_html_()
    assert "<b>" not in rubric._repr_html_()
    result = rubric.evaluate({"A1": True})
    assert "&lt;b&gt;" in result._repr_html_()


def test_reprs_are_readable(rubric: perfscore.Rubric, result: perfscore.Result) -> None:
    assert repr(rubric) == "<Rubric '朔州市卫生健康委员会2020年部门整体支出绩效评价': 34 indicators, total 100>"
    assert repr(result) == "<Result 朔州市卫生健康委员会2020年部门整体支出绩效评价 total=80.85 grade=良>"

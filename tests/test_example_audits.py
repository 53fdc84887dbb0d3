"""The audits of the two seed reports: golden output, and the findings the examples' READMEs explain."""

from __future__ import annotations

from pathlib import Path

import pytest

import perfscore
from perfscore.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _audit(name: str) -> perfscore.AuditReport:
    folder = EXAMPLES / name
    return perfscore.audit(perfscore.load(folder / "rubric.perf"), folder / "data.toml", folder / "reported.toml")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", ["shuozhou-2020", "liuyang-2021"])
def test_audit_golden(name: str, lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """audit.txt in the rubric's language (Chinese keywords: Chinese), audit.en.txt with --lang en."""
    folder = EXAMPLES / name
    monkeypatch.chdir(folder)
    status = main(["audit", *(["--lang", "en"] if lang == "en" else []), "rubric.perf", "data.toml", "reported.toml"])
    expected = (folder / ("audit.en.txt" if lang == "en" else "audit.txt")).read_text("utf-8")
    assert capsys.readouterr().out == expected
    assert status == (1 if ("  错误 " if lang == "zh" else "  error ") in expected else 0)


def test_liuyang_budget_table() -> None:
    """Seed 004's header: the ratios are right, but 902.84% and 131.12% mean spending beyond the budget."""
    report = _audit("liuyang-2021")
    assert [(f.severity, f.code, f.kind, f.published) for f in report] == [
        ("error", "基本支出执行率", "plausibility", "902.84%"),
        ("warning", "财政拨款执行率", "plausibility", "131.12%"),
        ("note", "项目支出执行率", "plausibility", "29.09%"),
    ]
    assert report.result.total == 100  # every self-score follows the rubric


def test_shuozhou_findings() -> None:
    """Every error in seed 003's published figures, each worked by hand in the example's README."""
    report = _audit("shuozhou-2020")
    errors = [(f.code, f.kind, f.published, f.expected) for f in report.errors]
    assert errors == [
        ("A21", "actual", "99.67%", "99.7836%"),    # mean of the seven item completions
        ("A31", "quoted", "16.67%", "33.33%"),      # the text contradicts the tables
        ("B13", "actual", "9.16%", "10.1934%"),     # (58.7 − 53.27) / 53.27 with 附件2's total
        ("B22", "score", "0", "1.35"),              # 11 × 5% × 3 = 1.65 off
        ("C21", "duplicate", "C22", "C21"),         # 表4-3 prints it under C22
        ("C21", "score", "3.50", "3.49"),           # 78.53% / 90% × 4
        ("C22", "score", "3.99", "3.96"),           # 89.03% / 90% × 4
        ("D21", "unreachable", "1.5", "0、3"),      # binary rule: no data give half marks
        ("D21", "score", "1.5", "3.00"),            # and these data give full marks
        ("total", "grade", "中", "良"),             # 80.85
        ("免费婚检率", "ratio", "82.31%", "73.9942%"),  # 5389 / 7283
        ("免费产前筛查任务完成率", "ratio", "99.72%", "99.7103%"),  # 9981 / 10010
    ]  # fmt: skip
    warnings = {(f.code, f.kind): f.expected for f in report.warnings}
    assert warnings == {("total", "total"): "80.85", ("B", "subtotal"): "27.88", ("C", "subtotal"): "16.45",
                        ("D", "subtotal"): "10.00", ("B24", "actual"): "86.4474%", ("政府采购执行率", "ratio"): "86.4474%"}  # fmt: skip
    notes = {(f.code, f.kind) for f in report.notes}
    assert notes == {("A21", "target"), ("A32", "target"), ("A31", "rate"), ("B42", "rate"), ("B12", "score")}

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


@pytest.mark.parametrize("name", ["liuyang-2021"])
def test_audit_golden(name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    folder = EXAMPLES / name
    monkeypatch.chdir(folder)
    status = main(["audit", "rubric.perf", "data.toml", "reported.toml"])
    expected = (folder / "audit.txt").read_text("utf-8")
    assert capsys.readouterr().out == expected
    assert status == (1 if " error " in expected or "  error" in expected else 0)


def test_liuyang_budget_table() -> None:
    """Seed 004's header: the ratios are right, but 902.84% and 131.12% mean spending beyond the budget."""
    report = _audit("liuyang-2021")
    assert [(f.severity, f.code, f.kind, f.published) for f in report] == [
        ("error", "基本支出执行率", "plausibility", "902.84%"),
        ("warning", "财政拨款执行率", "plausibility", "131.12%"),
        ("note", "项目支出执行率", "plausibility", "29.09%"),
    ]
    assert report.result.total == 100  # every self-score follows the rubric

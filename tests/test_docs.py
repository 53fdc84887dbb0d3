"""The documentation stays true: every keyword documented, every complete example valid, strict build."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

import perfscore
from perfscore.keywords import KEYWORDS

DOCS = Path(__file__).resolve().parents[1] / "docs"
LANGUAGE = (DOCS / "language.md").read_text("utf-8")


@pytest.mark.parametrize(("english", "chinese"), sorted(KEYWORDS.items()))
def test_every_keyword_is_in_the_reference_table(english: str, chinese: str) -> None:
    assert f"| `{english}` | `{chinese}` |" in LANGUAGE


def _complete_blocks() -> list[str]:
    blocks = []
    for page in sorted(DOCS.glob("*.md")):
        text = page.read_text("utf-8")
        blocks += [b for b in re.findall(r"```text\n(.*?)```", text, re.S) if b.startswith("# complete")]
    return blocks


@pytest.mark.parametrize("block", _complete_blocks())
def test_complete_examples_compile(block: str) -> None:
    perfscore.compile(block, "docs")


def test_chinese_and_english_examples_are_the_same_rubric() -> None:
    chinese, english = [b for b in _complete_blocks() if "预算执行" in b][:2]
    assert perfscore.parse(chinese) == perfscore.parse(english)


@pytest.mark.skipif(importlib.util.find_spec("mkdocs") is None, reason="mkdocs is not installed")
def test_strict_docs_build(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=DOCS.parent,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr

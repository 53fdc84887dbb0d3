"""The documentation stays true: every keyword documented, every example valid, strict build.

Rubric examples are fenced as ```perf (also inside the 中文/English tabs of the language
reference, indented by four spaces). A block whose first line is `# complete` is a whole rubric
and must compile (parse and pass the checks); every other block in the language reference is a
sequence of whole statements and must compile once a `总分` equal to its top-level weights is
put in front. The language reference shows every example twice, Chinese keywords then English
keywords, and the two must be the same rubric.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import perfscore
from perfscore.keywords import KEYWORDS

DOCS = Path(__file__).resolve().parents[1] / "docs"
LANGUAGE = (DOCS / "language.md").read_text("utf-8")
FENCE = re.compile(r"^( *)```perf\n(.*?)^\1```", re.DOTALL | re.MULTILINE)


def _perf_blocks(text: str) -> list[str]:
    return [textwrap.dedent(m.group(2)) for m in FENCE.finditer(text)]


LANGUAGE_BLOCKS = _perf_blocks(LANGUAGE)
COMPLETE = [
    pytest.param(block, id=f"{page.stem}-{i}")
    for page in sorted(DOCS.glob("*.md"))
    for i, block in enumerate(_perf_blocks(page.read_text("utf-8")))
    if block.startswith("# complete")
]


@pytest.mark.parametrize(("english", "chinese"), sorted(KEYWORDS.items()))
def test_every_keyword_is_in_the_reference_table(english: str, chinese: str) -> None:
    assert f"| `{english}` | `{chinese}` |" in LANGUAGE


def test_the_reference_has_examples() -> None:
    assert len(LANGUAGE_BLOCKS) >= 20
    assert sum(block.startswith("# complete") for block in LANGUAGE_BLOCKS) >= 10


@pytest.mark.parametrize("block", COMPLETE)
def test_complete_examples_compile(block: str) -> None:
    perfscore.compile(block, "docs")


@pytest.mark.parametrize("index", range(len(LANGUAGE_BLOCKS)))
def test_every_reference_example_compiles(index: int) -> None:
    block = LANGUAGE_BLOCKS[index]
    tree = perfscore.parse(block, f"language.md block {index}")
    if not block.startswith("# complete"):
        total = sum(node.weight.value for node in tree.nodes)
        perfscore.compile(f"总分 {total}\n{block}", f"language.md block {index}")


@pytest.mark.parametrize("index", range(0, len(LANGUAGE_BLOCKS), 2))
def test_chinese_and_english_examples_are_the_same_rubric(index: int) -> None:
    assert len(LANGUAGE_BLOCKS) % 2 == 0, "every example is shown in Chinese, then in English keywords"
    chinese, english = LANGUAGE_BLOCKS[index], LANGUAGE_BLOCKS[index + 1]
    assert _first_keyword(chinese) in KEYWORDS.values()
    assert _first_keyword(english) in KEYWORDS
    assert perfscore.parse(chinese) == perfscore.parse(english)


def _first_keyword(block: str) -> str:
    return next(line.split()[0] for line in block.splitlines() if line.strip() and not line.startswith("#"))


@pytest.mark.skipif(importlib.util.find_spec("mkdocs") is None, reason="mkdocs is not installed")
def test_strict_docs_build(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=DOCS.parent,
        check=False,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr

"""Rewrite the golden outputs from the current code: ``python tests/golden/regenerate.py`` (from the repository root).

Review the diff before committing it: a golden file is a reviewed expectation, not a recording. Each
broken rubric under ``check/`` has its diagnostics in Chinese (``name.zh.txt``, the default for a rubric
with Chinese keywords) and in English (``name.en.txt``, ``perfscore check --lang en``).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from perfscore.cli import main


def check_output(rubric: Path, language: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["check", "--lang", language, str(rubric.relative_to(ROOT))])
    return out.getvalue()


if __name__ == "__main__":
    os.chdir(ROOT)
    for rubric in sorted((ROOT / "tests" / "golden" / "check").glob("*.perf")):
        for language in ("zh", "en"):
            rubric.with_suffix(f".{language}.txt").write_text(check_output(rubric, language), "utf-8")
            print(f"wrote {rubric.with_suffix(f'.{language}.txt').relative_to(ROOT)}")

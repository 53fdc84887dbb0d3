"""The parser ships as plain tables in the package; nothing is loaded from a writable cache."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import lark

import pytest

import perfscore
from perfscore import parser, parser_tables

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "shuozhou-2020" / "rubric.perf"
PACKAGE = ROOT / "src" / "perfscore"


def _shipped() -> dict[str, Any]:
    return json.loads((PACKAGE / parser_tables.TABLES).read_text(encoding="utf-8"))


def test_the_shipped_tables_are_built_from_this_grammar() -> None:
    """Fails after a grammar edit until `python -m perfscore.parser_tables` is run."""
    assert _shipped()["fingerprint"] == parser_tables.fingerprint(parser.grammar_text())


RUBRICS = sorted([*ROOT.glob("examples/*/*.perf"), *ROOT.glob("tests/golden/**/*.perf"), *ROOT.glob("docs/**/*.perf")])
BROKEN = ["总分 100\n指标 A 甲 {\n", "总分 100\n指标 A 甲 3 { 按比例\n  目标 ≥ }\n", "总分 ｛\n", "指标 A 甲 3 {\n 分档 {\n  ≥ 90% 得 3\n"]


def test_the_shipped_parser_parses_exactly_as_one_built_from_the_grammar() -> None:
    """Lark numbers its states differently on every build, so the tables are compared by what they do."""
    shipped = parser._lark()
    built = parser_tables.build(parser.grammar_text())
    texts = [path.read_text(encoding="utf-8") for path in RUBRICS] + BROKEN
    assert len(texts) >= 8
    for text in texts:
        assert _outcome(shipped, text) == _outcome(built, text), text[:200]


def _outcome(parser: lark.Lark, text: str) -> object:
    """The tree, or where and why parsing stopped."""
    try:
        return parser.parse(text)
    except lark.exceptions.UnexpectedInput as exc:
        return (exc.line, exc.column, sorted(getattr(exc, "expected", None) or getattr(exc, "allowed", ())))


def test_an_edited_grammar_is_built_in_memory_not_read_from_stale_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parser_tables, "fingerprint", lambda grammar: "a grammar edited since the tables were built")
    built: list[str] = []
    real_build = parser_tables.build
    monkeypatch.setattr(parser_tables, "build", lambda grammar: built.append(grammar) or real_build(grammar))
    parser._lark.cache_clear()
    try:
        assert perfscore.parse("总分 1\n指标 A1 甲 1 {\n  达标\n}\n").nodes[0].code == "A1"
    finally:
        parser._lark.cache_clear()
    assert built == [parser.grammar_text()]


class _Planted:
    """What an attacker would plant: unpickling it creates a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def _check_example(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "perfscore", "check", str(EXAMPLE)],
                          capture_output=True, text=True, env=env, timeout=60)  # fmt: skip


def test_a_pickle_planted_in_the_cache_directory_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    cache = tmp_path / "cache"
    for directory in (cache / "perfscore", tmp_path / "home" / ".cache" / "perfscore"):
        directory.mkdir(parents=True)
        for name in ("parser-8a96c5c6fa35f9a37ced.cache", "parser.cache", "tables.pickle"):
            (directory / name).write_bytes(pickle.dumps(_Planted(marker)))
    os.mkfifo(cache / "perfscore" / "parser-fifo.cache")  # a FIFO used to hang every compile
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "HOME": str(tmp_path / "home")}
    run = _check_example(env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("rubric.perf：检查通过")
    assert not marker.exists()
    # and nothing new is written there either: no cache directory is used at all
    assert sorted(p.name for p in (cache / "perfscore").iterdir()) == sorted(
        ["parser-8a96c5c6fa35f9a37ced.cache", "parser.cache", "tables.pickle", "parser-fifo.cache"])


def test_no_home_directory_is_needed(tmp_path: Path) -> None:
    """HOME unset (and, in a container, no passwd entry): the parser needs no home or cache directory."""
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_CACHE_HOME")}
    run = _check_example(env)
    assert run.returncode == 0, run.stderr


def test_the_package_never_unpickles() -> None:
    for module in PACKAGE.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "import pickle" not in text and "pickle." not in text, module
        assert "cache=" not in text.replace(" ", ""), module  # lark's pickle cache

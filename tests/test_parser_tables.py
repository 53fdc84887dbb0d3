"""The parser ships as plain tables in the package; nothing is loaded from a writable cache."""

from __future__ import annotations

import json
import os
import pickle
import random
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
        token = getattr(exc, "token", None)
        return (type(exc).__name__, exc.line, exc.column, sorted(getattr(exc, "expected", None) or getattr(exc, "allowed", ())),
                None if token is None else (token.type, str(token), token.start_pos))  # fmt: skip


def _shape(parser: lark.Lark) -> dict[str, object]:
    """What a parser is made of, as plain values: its terminals, rules, options, lexer and parse table."""
    rules = {id(rule): index for index, rule in enumerate(parser.rules)}

    def terminal(t: Any) -> tuple[object, ...]:
        pattern = t.pattern
        fields = [(name, type(value).__name__, value) for name, value in sorted(vars(pattern).items())]
        return (t.name, type(pattern).__name__, fields, t.priority, sorted(vars(t)))

    def symbol(s: Any) -> tuple[object, ...]:
        return (type(s).__name__, s.name, getattr(s, "filter_out", None))

    def rule(r: Any) -> tuple[object, ...]:
        options = sorted((k, type(v).__name__, v) for k, v in vars(r.options).items())
        return (symbol(r.origin), [symbol(s) for s in r.expansion], type(r.expansion).__name__, r.order, r.alias,
                options, hash(r))  # fmt: skip

    def action(a: Any) -> tuple[object, ...]:
        kind, argument = a
        return (str(kind), argument if isinstance(argument, int) else rules[id(argument)])

    table = parser.parser.parser._parse_table
    lexer_conf, parser_conf = parser.lexer_conf, parser.parser.parser_conf
    return {
        "options": {k: v for k, v in parser.options.options.items() if k != "_plugins"},
        "terminals": [terminal(t) for t in parser.terminals],
        "rules": [rule(r) for r in parser.rules],
        "lexer": (lexer_conf.ignore, lexer_conf.g_regex_flags, lexer_conf.use_bytes, lexer_conf.lexer_type,
                  lexer_conf.re_module, lexer_conf.skip_validation, list(lexer_conf.terminals_by_name),
                  [id(t) for t in lexer_conf.terminals] == [id(t) for t in parser.terminals]),  # fmt: skip
        "parser": (parser_conf.start, parser_conf.parser_type, [rules[id(r)] for r in parser_conf.rules]),
        "states": [(state, [(token, action(a)) for token, a in actions.items()]) for state, actions in table.states.items()],
        "ends": (table.start_states, table.end_states, type(table).__name__, type(parser.parser.parser).__name__),
        "lexers": sorted({state: sorted(lexer.terminals_by_name) for state, lexer in parser.parser.lexer.lexers.items()}.items()),
    }


def test_the_tables_load_into_what_lark_would_load_from_the_same_build() -> None:
    """The compact file is read without lark's deserialiser: the objects are the same as lark's own."""
    grammar = parser.grammar_text()
    built = parser_tables.build(grammar)
    data, memo = built.memo_serialize([lark.lexer.TerminalDef, lark.grammar.Rule])
    theirs = lark.Lark._load_from_dict(data, memo)
    tables = json.loads(json.dumps(parser_tables.tables_of(built, grammar)))  # through JSON, as shipped
    ours = parser_tables.from_tables(tables)
    assert _shape(ours) == _shape(theirs)
    assert _shape(ours)["states"] and len(_shape(ours)["rules"]) > 100  # type: ignore[arg-type]


def _variants(seed: int, count: int) -> list[str]:
    """Rubrics broken and bent at random: a slice cut out, a word or mark put in, lines swapped."""
    chance = random.Random(seed)
    words = ["指标", "总分", "按比例", "分档", "得", "如果", "则", "否则", "且", "或", "非", "达标", "目标", "扣",
             "{", "}", "（", "）", "(", ")", "≥", "<", "=", "%", "分", '"', "“", "#", "\n", " ", "1", "3.5",
             "A1", "if", "and", "score", "indicator", "total", "：", ":", "，", ",", "。", "|", "\t", "x"]  # fmt: skip
    sources = [path.read_text(encoding="utf-8") for path in RUBRICS[:12]]
    found = []
    for _ in range(count):
        text = chance.choice(sources)
        at = chance.randrange(len(text) + 1)
        move = chance.randrange(3)
        if move == 0:
            text = text[:at] + text[at + chance.randint(1, 30) :]
        elif move == 1:
            text = text[:at] + chance.choice(words) + text[at:]
        else:
            lines = text.split("\n")
            i, j = chance.randrange(len(lines)), chance.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        found.append(text)
    return found


@pytest.mark.parametrize("own_after", [1, 10**9])
def test_the_lexer_finds_what_lark_finds_on_bent_rubrics(monkeypatch: pytest.MonkeyPatch, own_after: int) -> None:
    """States try their terminals one by one, then compile lark's scanner: each way, the same tokens and
    the same errors as lark's own lexer, on rubrics with words where the grammar does not expect them."""
    monkeypatch.setattr(parser_tables, "_OWN_AFTER", own_after)
    ours = parser_tables.from_tables(_shipped())
    built = parser_tables.build(parser.grammar_text())
    for text in _variants(own_after % 97, 150) + BROKEN:
        assert _outcome(ours, text) == _outcome(built, text), text[:200]


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

"""The parser's LALR tables, built from ``grammar/perfscore.lark`` ahead of time.

Building the parser from the grammar takes about a second, too long for every ``perfscore check``.
Lark's own cache would keep it in a pickle under the user's cache directory, and a pickle there can
be planted by anyone who can write to it. Instead the tables are generated into a file of the package
(``parser_tables.json``), plain values read with ``json``: nothing in it can run, and nothing is ever
read from a writable location at run time.

The file holds what lark's own serialisation holds, in a compact form read without lark's generic
deserialiser: each terminal and rule as one list, each parser state as one flat list of (token, action)
numbers. Loading builds the same objects lark's ``Lark.load`` would (tests/test_parser_tables.py
compares them), and a contextual lexer that compiles its regular expressions only when it needs them
(see :class:`_ContextualLexer`): together about a fifth of the time of lark's own loading.

Regenerate after editing the grammar (a test fails until you do)::

    python -m perfscore.parser_tables
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

import lark
from lark.common import LexerConf
from lark.grammar import NonTerminal, Rule, RuleOptions, Symbol, Terminal
from lark.lexer import (
    BasicLexer,
    CallChain,
    ContextualLexer,
    PatternRE,
    PatternStr,
    Scanner,
    TerminalDef,
    _create_unless,
)
from lark.parsers.lalr_analysis import IntParseTable, Reduce, Shift
from lark.parsers.lalr_parser import LALR_Parser
from lark.parsers.lalr_parser import _Parser as _LALRDriver
from lark.utils import TextSlice

from .limits import paused_gc

#: Options of the one parser perfscore uses; the tables depend on them.
OPTIONS: dict[str, Any] = {"parser": "lalr", "lexer": "contextual", "strict": True,
                           "propagate_positions": True, "maybe_placeholders": False}  # fmt: skip

TABLES = "parser_tables.json"
#: The layout of the file below; a file of another layout (or none) means building from the grammar.
LAYOUT = 2


def fingerprint(grammar: str) -> str:
    """What the tables were built from: the grammar, lark's version (its table format may change), the layout."""
    return hashlib.sha256(f"{lark.__version__}\n{OPTIONS}\n{LAYOUT}\n{grammar}".encode()).hexdigest()


def build(grammar: str) -> lark.Lark:
    return lark.Lark(grammar, **OPTIONS)


# ------------------------------------------------------------------ writing


def tables_text(grammar: str) -> str:
    """The content of ``parser_tables.json`` for this grammar."""
    return json.dumps(tables_of(build(grammar), grammar), ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def tables_of(parser: lark.Lark, grammar: str) -> dict[str, Any]:
    """The tables of ``parser``, built from ``grammar``, as plain values (what ``parser_tables.json`` holds)."""
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    assert sorted(memo) == list(range(len(memo))) and sorted(table_tokens := data["parser"]["parser"]["tokens"]) == list(
        range(len(table_tokens))), "lark numbers its memo and its tokens 0, 1, 2 …"  # fmt: skip
    frontend = data["parser"]
    table = frontend["parser"]
    return {
        "fingerprint": fingerprint(grammar),
        "options": data["options"],
        "rules": data["rules"],  # these three as lark wrote them: small, and only references into the memo
        "lexer_conf": frontend["lexer_conf"],
        "parser_conf": frontend["parser_conf"],
        "memo": [_memo_entry(memo[i]) for i in range(len(memo))],
        "tokens": [table["tokens"][i] for i in range(len(table["tokens"]))],
        "states": [[state, _actions(actions)] for state, actions in table["states"].items()],
        "start_states": table["start_states"],
        "end_states": table["end_states"],
    }


def _memo_entry(entry: dict[str, Any]) -> list[Any]:
    """A terminal as ``["t", name, "re"|"str", value, flags, raw, width, priority]``; a rule as ``["r", origin,
    expansion, order, alias, keep_all_tokens, expand1, priority, template_source, empty_indices]`` with each
    symbol of the expansion a nonterminal's name or a terminal's ``[name, filter_out]``."""
    if entry["__type__"] == "TerminalDef":
        pattern = entry["pattern"]
        kind = {"PatternRE": "re", "PatternStr": "str"}[pattern["__type__"]]
        width = pattern.get("_width")
        return ["t", entry["name"], kind, pattern["value"], list(pattern["flags"]), pattern["raw"],
                width, entry["priority"]]  # fmt: skip
    assert entry["__type__"] == "Rule", entry
    options = entry["options"]
    expansion = [[s["name"], s["filter_out"]] if s["__type__"] == "Terminal" else _nonterminal(s)
                 for s in entry["expansion"]]  # fmt: skip
    return ["r", _nonterminal(entry["origin"]), expansion, entry["order"], entry["alias"], options["keep_all_tokens"],
            options["expand1"], options["priority"], options["template_source"], list(options["empty_indices"])]  # fmt: skip


def _nonterminal(symbol: dict[str, Any]) -> str:
    assert symbol["__type__"] == "NonTerminal" and set(symbol) == {"__type__", "name"}, symbol
    name: str = symbol["name"]
    return name


def _actions(actions: dict[int, tuple[int, Any]]) -> list[int]:
    """One state's actions, in lark's order, flat: token number, then the next state (shift) or −1 − the
    rule's memo number (reduce)."""
    flat: list[int] = []
    for token, (action, argument) in actions.items():
        if action == 0:
            flat += [token, argument]
        else:
            assert set(argument) == {"@"}, argument
            flat += [token, -1 - argument["@"]]
    return flat


# ------------------------------------------------------------------ reading


def _terminal(name: str, kind: str, value: str, flags: list[str], raw: str | None, width: list[int] | None,
              priority: int) -> TerminalDef:  # fmt: skip
    """As lark's deserialiser makes it: the fields set, no constructor run (flags stay a list, as there)."""
    pattern: PatternRE | PatternStr
    if kind == "re":
        pattern = PatternRE.__new__(PatternRE)
        pattern._width = width  # a list, as lark keeps it
    else:
        pattern = PatternStr.__new__(PatternStr)
    pattern.value, pattern.flags, pattern.raw = value, flags, raw
    terminal = TerminalDef.__new__(TerminalDef)
    terminal.name, terminal.pattern, terminal.priority = name, pattern, priority
    return terminal


def _symbol(encoded: str | list[Any]) -> Symbol:
    if isinstance(encoded, str):
        nonterminal = NonTerminal.__new__(NonTerminal)
        nonterminal.name = encoded
        return nonterminal
    terminal = Terminal.__new__(Terminal)
    terminal.name, terminal.filter_out = encoded
    return terminal


def _rule(origin: str, expansion: list[str | list[Any]], order: int, alias: str | None, keep_all_tokens: bool,
          expand1: bool, priority: int | None, template_source: str | None, empty_indices: list[bool]) -> Rule:  # fmt: skip
    options = RuleOptions.__new__(RuleOptions)
    options.keep_all_tokens, options.expand1, options.priority = keep_all_tokens, expand1, priority
    options.template_source, options.empty_indices = template_source, tuple(empty_indices)
    rule = Rule.__new__(Rule)
    rule.origin = _symbol(origin)  # type: ignore[assignment]
    rule.expansion = [_symbol(s) for s in expansion]
    rule.order, rule.alias, rule.options = order, alias, options
    rule._deserialize()  # type: ignore[no-untyped-call]
    return rule


def _memo(entries: list[list[Any]]) -> dict[int, TerminalDef | Rule]:
    return {i: _terminal(*entry[1:]) if entry[0] == "t" else _rule(*entry[1:]) for i, entry in enumerate(entries)}


class _Tables:
    """Given to lark as its ``LALR_Parser`` plug-in: makes the (ordinary) LALR parser from the flat states."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def deserialize(self, data: object, memo: dict[int, Any], callbacks: dict[Any, Any], debug: bool = False) -> LALR_Parser:
        document = self.document
        tokens: list[str] = document["tokens"]
        codes = {code for _, flat in document["states"] for code in flat[1::2]}
        action = {code: (Shift, code) if code >= 0 else (Reduce, memo[-1 - code]) for code in codes}
        states = {state: dict(zip(map(tokens.__getitem__, flat[0::2]), map(action.__getitem__, flat[1::2])))
                  for state, flat in document["states"]}  # fmt: skip
        parser = LALR_Parser.__new__(LALR_Parser)
        parser._parse_table = IntParseTable(states, document["start_states"], document["end_states"])  # type: ignore[no-untyped-call, assignment]
        parser.parser = _LALRDriver(parser._parse_table, callbacks, debug)
        return parser


class _Expressions:
    """Each terminal's regular expression on its own, compiled when first needed, for all the states."""

    def __init__(self, g_regex_flags: int, re_module: Any, use_bytes: bool) -> None:
        self.settings = (g_regex_flags, re_module, use_bytes)
        self.compiled: dict[str, Any] = {}

    def of(self, terminal: TerminalDef) -> Any:
        found = self.compiled.get(terminal.name)
        if found is None:
            g_regex_flags, re_module, use_bytes = self.settings
            regexp = terminal.pattern.to_regexp()
            found = self.compiled[terminal.name] = re_module.compile(regexp.encode("latin-1") if use_bytes else regexp,
                                                                     g_regex_flags)  # fmt: skip
        return found


class _StateScanner:
    """A parser state's scanner, answering exactly as lark's :class:`Scanner` of its terminals answers.

    Lark's scanner is one regular expression, the state's terminals as alternatives in lark's order, and
    an alternation matches with its first alternative that matches: the same as trying the terminals one
    by one in that order, which is what this does at first, with each terminal's expression compiled once
    for all the states. Compiling each state's alternation was most of the time of a first parse, and
    most states read a few tokens of a rubric; a state that reads :data:`_OWN_AFTER` compiles lark's
    scanner and from then on uses it, as lark does.
    """

    def __init__(self, terminals: list[TerminalDef], expressions: _Expressions) -> None:
        self.terminals, self.expressions = terminals, expressions
        self.allowed_types = {t.name for t in terminals}
        self.uses = 0

    def match(self, text: TextSlice[str], pos: int) -> tuple[str, str] | None:
        self.uses += 1
        if self.uses < _OWN_AFTER:
            of = self.expressions.of
            for terminal in self.terminals:
                found = of(terminal).match(text.text, pos, text.end)
                if found:
                    return found.group(0), terminal.name
            return None
        own = Scanner(self.terminals, *self.expressions.settings)  # type: ignore[no-untyped-call]
        self.match = own.match  # type: ignore[method-assign]
        answer: tuple[str, str] | None = own.match(text, pos)
        return answer


#: Tokens a state reads trying its terminals one by one before it compiles lark's scanner of them: about
#: what compiling one costs, counted in the time trying them one by one takes more per token.
_OWN_AFTER = 128


class _StateLexer(BasicLexer):
    """Lark's lexer of one parser state, with a :class:`_StateScanner` for its scanner."""

    expressions: _Expressions

    def _build_scanner(self) -> Scanner:
        # lark's BasicLexer._build_scanner (lark 1.3.1, which the fingerprint pins), but for its last line
        terminals, self.callback = _create_unless(self.terminals, self.g_regex_flags, self.re, self.use_bytes)  # type: ignore[no-untyped-call]
        assert all(self.callback.values())
        for type_, f in self.user_callbacks.items():
            if type_ in self.callback:
                self.callback[type_] = CallChain(self.callback[type_], f, lambda t: t.type == type_)  # type: ignore[no-untyped-call]
            else:
                self.callback[type_] = f
        return _StateScanner(terminals, self.expressions)  # type: ignore[return-value]


class _ContextualLexer(ContextualLexer):
    """Lark's contextual lexer, its state lexers sharing each terminal's compiled expression (see :class:`_StateScanner`)."""

    BasicLexer = _StateLexer

    def __init__(self, conf: LexerConf, states: dict[int, Collection[str]], always_accept: Collection[str] = ()) -> None:
        super().__init__(conf, states, always_accept)
        root = self.root_lexer
        assert isinstance(root, _StateLexer)
        expressions = _Expressions(root.g_regex_flags, root.re, root.use_bytes)
        for lexer in [*self.lexers.values(), root]:
            assert isinstance(lexer, _StateLexer)
            lexer.expressions = expressions


def load(grammar: str) -> lark.Lark:
    """The parser for ``grammar``: from the shipped tables when they match it, else built in memory."""
    try:
        document = json.loads(_shipped_text())
    except (OSError, ValueError):  # a checkout where the tables were never generated
        return build(grammar)
    if not isinstance(document, dict) or document.get("fingerprint") != fingerprint(grammar):
        return build(grammar)  # an edited grammar (or tables of another layout): correct, only slower
    with paused_gc():  # thousands of small objects, none in a cycle: the collector rescanning them was a third of this
        return from_tables(document)


def _shipped_text() -> str:
    path = Path(__file__).with_name(TABLES)
    if path.is_file():
        return path.read_text(encoding="utf-8")
    from importlib import resources  # pragma: no cover - a package imported from a zip file

    return resources.files("perfscore").joinpath(TABLES).read_text(encoding="utf-8")  # pragma: no cover


def from_tables(document: dict[str, Any]) -> lark.Lark:
    """The parser of the tables (as :func:`tables_of` gives them)."""
    data = {"options": document["options"], "rules": document["rules"],
            "parser": {"lexer_conf": document["lexer_conf"], "parser_conf": document["parser_conf"], "parser": None}}  # fmt: skip
    plugins = {"LALR_Parser": _Tables(document), "ContextualLexer": _ContextualLexer}
    # lark's standalone parsers load their tables through this same (private) classmethod; the memo is
    # given built, and lark's deserialiser passes built objects through as they are.
    loaded: lark.Lark = lark.Lark._load_from_dict(data, _memo(document["memo"]), _plugins=plugins)  # type: ignore[no-untyped-call]
    return loaded


def main() -> None:
    from .parser import grammar_text

    target = Path(__file__).with_name(TABLES)
    target.write_text(tables_text(grammar_text()), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()

"""The parser's LALR tables, built from ``grammar/perfscore.lark`` ahead of time.

Building the parser from the grammar takes about a second, too long for every ``perfscore check``.
Lark's own cache would keep it in a pickle under the user's cache directory, and a pickle there can
be planted by anyone who can write to it. Instead the tables are generated into a Python module of
the package (``parser_tables.json``), a file of plain values read with ``json``: nothing in it can
run, and nothing is ever read from a writable location at run time.

Regenerate after editing the grammar (a test fails until you do)::

    python -m perfscore.parser_tables
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import lark
from lark.grammar import Rule
from lark.lexer import TerminalDef

#: Options of the one parser perfscore uses; the tables depend on them.
OPTIONS: dict[str, Any] = {"parser": "lalr", "lexer": "contextual", "strict": True,
                           "propagate_positions": True, "maybe_placeholders": False}  # fmt: skip

TABLES = "parser_tables.json"
#: Tags for what JSON has no form of: tuples, and tables keyed by numbers (parser states).
_TUPLE, _PAIRS = "\x00tuple", "\x00pairs"


def fingerprint(grammar: str) -> str:
    """What the tables were built from: the grammar and lark's version (its table format may change)."""
    return hashlib.sha256(f"{lark.__version__}\n{OPTIONS}\n{grammar}".encode()).hexdigest()


def build(grammar: str) -> lark.Lark:
    return lark.Lark(grammar, **OPTIONS)


def tables_text(grammar: str) -> str:
    """The content of ``parser_tables.json`` for this grammar."""
    data, memo = build(grammar).memo_serialize([TerminalDef, Rule])
    document = {"fingerprint": fingerprint(grammar), "data": data, "memo": memo}
    return json.dumps(_encode(document), ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def _encode(value: Any) -> Any:
    if isinstance(value, tuple):
        return {_TUPLE: [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {_PAIRS: [[_encode(k), _encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, (str, int, bool)):
        return value
    raise TypeError(f"lark's tables hold a {type(value).__name__}, which parser_tables cannot store")


def _decode(table: dict[str, Any]) -> Any:
    if _TUPLE in table:
        return tuple(table[_TUPLE])
    if _PAIRS in table:
        return {_freeze(k): v for k, v in table[_PAIRS]}
    return table


def _freeze(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key


def load(grammar: str) -> lark.Lark:
    """The parser for ``grammar``: from the shipped tables when they match it, else built in memory."""
    packaged = resources.files("perfscore").joinpath(TABLES)
    try:
        document = json.loads(packaged.read_text(encoding="utf-8"), object_hook=_decode)
    except (OSError, ValueError):  # a checkout where the tables were never generated
        return build(grammar)
    if document.get("fingerprint") != fingerprint(grammar):  # an edited grammar: correct, only slower
        return build(grammar)
    # lark's standalone parsers load their tables through this same (private) classmethod.
    loaded: lark.Lark = lark.Lark._load_from_dict(document["data"], document["memo"])  # type: ignore[no-untyped-call]
    return loaded


def main() -> None:
    from .parser import grammar_text

    target = Path(__file__).with_name(TABLES)
    target.write_text(tables_text(grammar_text()), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()

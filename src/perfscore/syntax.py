"""Syntax errors an author can act on: all of them in one run, each with a hint.

Authors type on a Chinese input method, so most syntax errors are a full-width character where the
grammar has an ASCII one, a keyword one character off (``按比列``, ``分挡``), or a name with
punctuation left unquoted. :func:`normalize` reads the full-width punctuation whose meaning is
certain as its ASCII twin, before the lexer sees it; the rest get a hint.

:func:`recover` reports every syntax error of a file in one run: after an error it blanks the
statement that holds it — a whole block when that line opens one — and parses again, so the lines
and columns of everything after it stay as they are. Each round is one linear parse, and the rounds
are bounded (``MAX_ERRORS``, and a budget of characters parsed), so a file of errors stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Any

from lark import Token
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
)

from .errors import Diagnostic, Fix
from .keywords import KEYWORDS, canonical
from .messages import Message, Term, keyword, msg, quoted
from .source import Source, Span

#: Errors reported from one file; past them the author fixes and reruns (as compilers do).
MAX_ERRORS = 20
#: Characters parsed again in all later rounds (a parse runs at about 300,000 a second): a rubric of
#: ordinary size (under 15,000 characters) gets every round, one of the largest a single one.
BUDGET = 300_000

# Full-width punctuation an input method produces where the grammar has ASCII, read as ASCII outside
# quoted text and comments. Only characters no name may hold, one for one (offsets stay the same).
# `（）％：，；～` are in the grammar already.
_FULL_WIDTH = str.maketrans("｛｝＝＜＞［］＊／＋！＃", "{}=<>[]*/+!#")
_FULL_WIDTH_CHARS = "｛｝＝＜＞［］＊／＋！＃"
# An unclosed quote runs to the end of its line (as the lexer reads it): one pass, never a rescan.
_VERBATIM = r'"[^"\n]*"?|“[^”\n]*”?|「[^」\n]*」?|#[^\n]*'
_VERBATIM_OR_FULL = re.compile(rf"{_VERBATIM}|[{_FULL_WIDTH_CHARS}]+")


def normalize(text: str) -> str:
    """``text`` with full-width punctuation outside quotes and comments made ASCII; same length."""
    if not any(ch in text for ch in _FULL_WIDTH_CHARS):
        return text

    def replace(match: re.Match[str]) -> str:
        found = match.group()
        return found if found[0] in '"“「#' else found.translate(_FULL_WIDTH)

    return _VERBATIM_OR_FULL.sub(replace, text)


# ------------------------------------------------------------------ one error

_TOKEN_NAMES: dict[str, Message | str] = {
    "IDENT": msg("word.a-name"),
    "STRING": msg("word.quoted-text"),
    "NUMBER": msg("word.a-number"),
    "UNIT_WORD": msg("word.a-unit"),
    "PERCENT": "%",
    "PERMILLE": "‰",
    "CMP": msg("word.a-comparison"),
    "ADD_OP": msg("word.plus-or-minus"),
    "MUL_OP": msg("word.times-or-divide"),
    "SLASH": "/",
    "LPAR": "(",
    "RPAR": ")",
    "LSQB": "[",
    "RSQB": "]",
    "LBRACE": "{",
    "RBRACE": "}",
    "_NL": msg("word.end-of-line"),
    "_COMMA": ",",
    "_COLON": ":",
    "_RANGE": "~",
    "EQUAL": "=",
    "$END": msg("word.end-of-file"),
}

#: Look-alikes with no certain meaning, and what the author probably meant.
_LOOK_ALIKES = {
    "‘": msg("syntax.quote-text"), "’": msg("syntax.quote-text"), "＂": msg("syntax.quote-text"),
    "'": msg("syntax.quote-text"), "【": msg("syntax.range-brackets"), "】": msg("syntax.range-brackets"),
    "—": msg("syntax.range-tilde"), "–": msg("syntax.range-tilde"), "。": msg("syntax.full-stop"),
    "．": msg("syntax.decimal-point"), "•": msg("syntax.bullet"), "\\": msg("syntax.backslash"),
}  # fmt: skip


def _terminal_words(lookup: Callable[[str], Any], names: Collection[str]) -> tuple[list[Message | Term | str],
                                                                                  dict[str, Term]]:  # fmt: skip
    """Expected terminals in words, and each keyword among them in either spelling with its words,
    for suggestions: ``按比例`` and ``proportional`` → ``按比例 (proportional)``."""
    words: set[Message | Term | str] = set()
    literals: list[str] = []
    for name in names:
        if name in _TOKEN_NAMES:
            words.add(_TOKEN_NAMES[name])
        elif not name.startswith("_") or name.startswith("__ANON"):  # `number` is anonymous: a rule has its name
            pattern = lookup(name).pattern
            if pattern.type == "str":
                literals.append(pattern.value)
            else:
                words.add(name.lower())
    spellings: dict[str, Term] = {}
    for value in literals:  # lark names the English spelling; the Chinese alias is its twin
        english = canonical(value)
        shown = keyword(english) if english in KEYWORDS else Term(f"“{value}”", f"'{value}'")
        words.add(shown)
        spellings[value] = shown
        if english in KEYWORDS:
            spellings[KEYWORDS[english]] = shown
    return sorted(words, key=_english), spellings


def _english(word: Message | Term | str) -> str:
    """The order expected words are listed in (as they always were: by their English)."""
    return word if isinstance(word, str) else word.render("en")


def _expected(words: list[Message | Term | str]) -> tuple[Message | Term | str, ...] | Message:
    return tuple(words) if words else msg("word.something-else")


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance (insert, delete, substitute, swap two neighbours), or ``limit + 1`` when beyond it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def closest_keywords(word: str, spellings: Collection[str]) -> list[str]:
    """The keywords ``word`` is a typo of, in code-point order: one character off for short words (``分挡`` →
    ``分档``; ``打标`` → ``目标`` and ``达标``, equally close), a third of the word for longer ones; else the one
    keyword it is a part of (``等级`` → ``评价等级``). At most three."""
    if not word or len(word) > 30:
        return []
    limit = max(1, len(word) // 3)
    best: list[str] = []
    best_distance = limit + 1
    for spelling in sorted(spellings):  # the same order whatever order the parser lists them in
        d = _distance(word.lower(), spelling.lower(), limit)
        if d <= limit and d < max(len(spelling), 2) and d < len(word):  # one character in common
            if d < best_distance:
                best, best_distance = [spelling], d
            elif d == best_distance:
                best.append(spelling)
    if not best and len(word) >= 2 and not word.isascii():
        best = [s for s in sorted(spellings) if word in s][:2]
        best = best if len(best) == 1 else []  # 等级 in 评价等级 alone: a part of two is no guess
    return best[:3]


def diagnostic(exc: UnexpectedInput, source: Source, lookup: Callable[[str], Any]) -> Diagnostic:
    """The error lark raised, in the author's terms, with a hint where one is known."""
    line = getattr(exc, "line", 1) or 1
    column = getattr(exc, "column", 1) or 1
    offset = getattr(exc, "pos_in_stream", 0) or 0
    span = Span.point(offset, line, column)
    hint: Message | None = None
    fix: Fix | None = None
    if isinstance(exc, UnexpectedToken):
        token, expected = exc.token, exc.accepts or exc.expected
        found = msg("word.end-of-file") if token.type == "$END" else \
            (msg("word.end-of-line") if token.type == "_NL" else quoted(str(token)))  # fmt: skip
        if token.type not in ("$END", "_NL"):
            span = Span(offset, offset + len(token), line, column, line, column + len(token))
        words, spellings = _terminal_words(lookup, expected)
        typos = closest_keywords(str(token), list(spellings)) if token.type == "IDENT" else []
        shown = list(dict.fromkeys(spellings[t] for t in typos))  # a keyword's two spellings are one keyword
        if len(shown) == 1:
            message, hint = msg("syntax.unknown-keyword", found=found), msg("syntax.did-you-mean", keyword=shown[0])
            fix = Fix(span, typos[0])
        elif shown:  # equally close: each offered, none applied
            either = Term(" 或 ".join(t.zh for t in shown), " or ".join(t.en for t in shown))
            message, hint = msg("syntax.unknown-keyword", found=found), msg("syntax.did-you-mean", keyword=either)
        else:
            message = msg("syntax.unexpected", found=found, expected=_expected(words))
            hint, fix = _hint_for(token, span, expected, source, "points" in spellings)
    elif isinstance(exc, UnexpectedCharacters):
        char = source.text[offset] if offset < len(source.text) else ""
        words, _ = _terminal_words(lookup, exc.allowed or set())
        message = msg("syntax.unexpected-character", char=quoted(char), expected=_expected(words))
        if char in "\u201c\u201d":
            hint = msg("syntax.closing-quote")
        else:
            hint = _LOOK_ALIKES.get(char)
    elif isinstance(exc, UnexpectedEOF):
        words, _ = _terminal_words(lookup, set(exc.expected))
        message = msg("syntax.unexpected-eof", expected=_expected(words))
        hint = msg("syntax.unclosed-block")
    else:  # pragma: no cover - lark has no other UnexpectedInput kinds
        message = msg("syntax.unexpected-eof", expected=msg("word.something-else"))
    return Diagnostic("error", message, span, source, hint, "syntax", fix)


#: A comparison an author writes in words, and its symbol: longest first, so 大于等于 is not read as 大于.
_COMPARISON_WORDS = {"大于等于": "≥", "小于等于": "≤", "不低于": "≥", "不少于": "≥", "不高于": "≤", "不多于": "≤",
                     "不超过": "≤", "大于": ">", "小于": "<", "高于": ">", "低于": "<", "超过": ">", "等于": "=="}  # fmt: skip
_NAME_CHARS = re.compile(r"[\w·（）()%％/、\-]+")


def _hint_for(token: Token, span: Span, expected: Collection[str], source: Source,
              points_allowed: bool) -> tuple[Message | None, Fix | None]:  # fmt: skip
    """A hint for an unexpected token, and the edit that applies it where it is a plain one."""
    text = str(token)
    if token.type == "LBRACE" and "NUMBER" in expected:
        return msg("syntax.weight-after-name"), None
    if token.type == "$END" and "RBRACE" in expected:
        return msg("syntax.unclosed-block"), None
    if text in ("：", ":") and "NUMBER" in expected:
        return msg("syntax.colon"), Fix(span, " ")
    if token.type in ("LPAR", "RPAR", "PERCENT", "SLASH") and "NUMBER" in expected and "STRING" not in expected:
        # `指标 A1 新建集中供水工程（处） 10`: the name ran into punctuation; quoted, a name may hold any.
        at = token.start_pos or 0
        start = max(source.text.rfind(" ", 0, at), source.text.rfind("\u3000", 0, at), source.text.rfind("\t", 0, at)) + 1
        name = _NAME_CHARS.match(source.text, start)
        if name is None or not name.group():
            return msg("syntax.quote-name-bare"), None
        name_quoted = f'"{name.group()}"'
        column = span.column - (at - start)
        where = Span(start, name.end(), span.line, column, span.line, column + len(name.group()))
        return msg("syntax.quote-name", quoted=name_quoted), Fix(where, name_quoted)
    if set(expected) == {"STRING"} and token.type not in ("$END", "_NL"):
        # `评价 小型评价`: a title or other text is quoted; the rest of the line is what was meant.
        at = token.start_pos or 0
        end = source.text.find("\n", at)
        rest = source.text[at : len(source.text) if end < 0 else end].split("#", 1)[0].rstrip()
        if not rest or '"' in rest:
            return msg("syntax.quote-text-bare"), None
        where = Span(at, at + len(rest), span.line, span.column, span.line, span.column + len(rest))
        return msg("syntax.quote-text-rest", text=rest), Fix(where, f'"{rest}"')
    at = token.start_pos or 0
    word = next((w for w in _COMPARISON_WORDS if text.startswith(w)), None)
    if token.type == "IDENT" and word is not None and "CMP" in expected:  # 大于等于95%：the comparison in words
        symbol = _COMPARISON_WORDS[word]
        where = Span(at, at + len(word), span.line, span.column, span.line, span.column + len(word))
        return msg("syntax.comparison-word", word=word, symbol=symbol), Fix(where, symbol + " ")
    if token.type == "IDENT" and re.fullmatch(r"[eE]\d+", text) and at and source.text[at - 1].isdigit():
        return msg("syntax.exponent"), None  # 1e5: a rubric writes its numbers in full
    if token.type == "IDENT" and any(ch.isdigit() for ch in text):
        return msg("syntax.space"), None
    if token.type == "ADD_OP" and "_RANGE" in expected:
        return msg("syntax.range-tilde"), Fix(span, "~")
    if "PERCENT" in expected and token.type != "PERCENT":
        if points_allowed:
            return msg("syntax.unit-points"), None
        return msg("syntax.unit-share"), None
    return None, None


# ------------------------------------------------------------------ every error


_BRACES = {"{": 1, "｛": 1, "}": -1, "｝": -1}
_BRACE_OR_VERBATIM = re.compile(rf"{_VERBATIM}|[{{}}｛｝]")


def _depth_change(line: str) -> int:
    return sum(_BRACES.get(m.group(), 0) for m in _BRACE_OR_VERBATIM.finditer(line))


def statement_region(text: str, offset: int) -> tuple[int, int]:
    """The statement holding ``offset``: its line, and when that line opens a block, the block too."""
    start = text.rfind("\n", 0, offset) + 1 if offset < len(text) or not text.endswith("\n") else len(text)
    if offset < len(text) and text[offset] == "\n" and offset == start:  # an empty line: the one before
        start = text.rfind("\n", 0, max(offset - 1, 0)) + 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    depth = _depth_change(text[start:end])
    while depth > 0 and end < len(text):
        following = text.find("\n", end + 1)
        following = len(text) if following < 0 else following
        depth += _depth_change(text[end + 1 : following])
        end = following
    return start, end


def blank(text: str, start: int, end: int) -> str:
    """``text`` with ``start:end`` made spaces, line breaks kept: every later line and column unchanged."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def recover(text: str, attempt: Callable[[str], Any], describe: Callable[[Exception, str], Diagnostic | None],
            offset_of: Callable[[Exception], int]) -> tuple[Any, list[Diagnostic], list[tuple[int, int]]]:  # fmt: skip
    """Parse ``text`` with ``attempt``; on each error note it (``describe``), blank its statement, retry.

    Returns what the last attempt built (None when none succeeded), the errors found and the regions
    blanked. ``describe`` returns None for an error it does not know (raised as is); ``offset_of`` gives
    where an error is, or -1 at the end of the file, which ends recovery.
    """
    found: list[Diagnostic] = []
    blanked: list[tuple[int, int]] = []
    spent = 0
    while True:
        try:
            return attempt(text), found, blanked
        except Exception as exc:
            described = describe(exc, text)
            if described is None:
                raise
            found.append(described)
            offset = offset_of(exc)
            if offset < 0:  # at the end of the file: nothing after it to recover for
                return None, found, blanked
            start, end = statement_region(text, offset)
            if len(found) >= MAX_ERRORS or spent + len(text) > BUDGET or not text[start:end].strip():
                return None, found, blanked
            text = blank(text, start, end)
            blanked.append((start, end))
            spent += len(text)

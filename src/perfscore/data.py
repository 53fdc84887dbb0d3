"""Evaluation data: reading files with decimals and converting each value to what the rubric declared."""

from __future__ import annotations

import difflib
import json
import os
import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import ast
from .errors import ArgumentError, DataError, DataProblem
from .files import DATA, DATA_MAX_BYTES, data_refusal, decode, read_file, toml_problem
from .messages import Joined, Message, Term, msg
from .numbers import (
    MAX_DIGITS,
    ONE,
    ZERO,
    NotANumber,
    parse_rate,
    percent,
    plain,
    shown,
    to_decimal,
)

#: Reserved top-level keys of evaluation data, with their Chinese aliases.
OVERRIDES = ("overrides", "调整")
NOT_APPLICABLE = ("not_applicable", "不适用")
VETOES = ("vetoes", "一票否决")
RESERVED = frozenset(OVERRIDES + NOT_APPLICABLE + VETOES)


def read_data(path: str | os.PathLike[str], max_bytes: int = DATA_MAX_BYTES) -> dict[str, Any]:
    """Read evaluation data from TOML or JSON; numbers become Decimal, never float.

    The file is read as every perfscore file is (:mod:`perfscore.files`): a regular file of at most
    ``max_bytes`` (1 MiB by default), UTF-8 text.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise ArgumentError(msg("api.path", function="perfscore.read_data()", kind=type(path).__name__))
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise DataError([DataProblem(msg("data.file.format", file=str(file), suffix=suffix or msg("data.no-extension")),
                                     code="data.file.format")])  # fmt: skip
    refuse = data_refusal(file)
    text = decode(read_file(file, DATA, max_bytes, refuse), DATA, refuse)
    try:
        if suffix == ".toml":
            return tomllib.loads(text, parse_float=Decimal)
        twice: list[DataProblem] = []
        loaded = json.loads(text, parse_float=Decimal, parse_int=_integer, parse_constant=_refuse_constant,
                            object_pairs_hook=lambda pairs: _unique(pairs, twice))  # fmt: skip
        if twice:
            raise DataError(twice)
    except tomllib.TOMLDecodeError as exc:
        raise DataError([toml_problem(file, text, exc)]) from None
    except json.JSONDecodeError as exc:
        raise DataError([DataProblem(msg("data.file.json", file=str(file), line=exc.lineno, column=exc.colno,
                                         why=exc.msg), code="data.file.syntax")]) from None  # fmt: skip
    except RecursionError:  # [[[[… a thousand deep: the readers recurse
        raise DataError([DataProblem(msg("data.file.deep", file=str(file)), code="data.file.syntax")]) from None
    except ValueError as exc:  # tomllib's int() of a number thousands of digits long
        reason: Message | str = msg("data.file.long-number") if "integer string conversion" in str(exc) else str(exc)
        raise DataError([DataProblem(msg("data.file.invalid", file=str(file), format=suffix[1:].upper(), why=reason),
                                     code="data.file.syntax")]) from None  # fmt: skip
    if not isinstance(loaded, dict):
        raise DataError([DataProblem(msg("data.file.top-level", file=str(file)), code="data.file.shape",
                                     expected=msg("data.shape.mapping"))])  # fmt: skip
    return loaded


def _unique(pairs: list[tuple[str, Any]], twice: list[DataProblem]) -> dict[str, Any]:
    """A JSON object, noting every key given twice with different values (which one would win is a guess)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out and out[key] != value:
            twice.append(DataProblem(msg("data.twice", first=str(out[key]), second=str(value)), input=key,
                                     code="data.twice"))  # fmt: skip
        out[key] = value
    return out


def _integer(digits: str) -> int | Decimal:
    """A JSON integer; one too long for int() becomes a Decimal, refused later with a clear message."""
    return int(digits) if len(digits) < 400 else Decimal(digits)


def _refuse_constant(name: str) -> Any:
    raise DataError([DataProblem(msg("data.not-measured", name=name), code="data.invalid")])


def reserved(data: Mapping[str, Any], keys: tuple[str, ...], problems: list[DataProblem]) -> Any:
    """The value under a reserved key or its alias; both given is refused (one would be ignored)."""
    given = [key for key in keys if key in data]
    if len(given) > 1:
        problems.append(DataProblem(msg("data.both-aliases", given=Term("、".join(given), " and as ".join(given))), input=keys[0], code="data.twice"))
    return data[given[0]] if given else None


# ------------------------------------------------------------------ the caller's data, read once

#: Values copied as they are: they cannot hold a mapping a reader would look into.
_ATOMS = (str, int, Decimal, float, bool, type(None), bytes)


def snapshot(values: Mapping[Any, Any]) -> dict[Any, Any]:
    """The caller's data as evaluation reads them: a private copy, where every mapping becomes a dict and every
    list or tuple a list — or the data themselves when they are built-in dicts and lists of atoms already
    (:func:`_built_in`: most data, and reading those can neither run the caller's code nor change them).

    Taken once, before anything is read, and read only by iterating: nothing afterwards can call
    the caller's ``__getitem__`` or ``__missing__`` (a defaultdict would insert the key asked for,
    a custom mapping may do anything), and evaluation never writes to what the caller holds.
    Iterative (data may nest deeply) and linear: a container met twice is copied once, but for a few values
    (at most _SMALL atoms), copied again wherever it is met.
    """
    if type(values) is dict and _built_in(values):
        return values
    try:
        return _copy(values)
    except Exception as exc:  # noqa: BLE001 - a caller's mapping whose iteration fails: say so, never a traceback
        raise DataError([DataProblem(msg("data.unreadable", kind=type(exc).__name__, why=str(exc)),
                                     code="data.unreadable")]) from None  # fmt: skip


def _built_in(values: dict[Any, Any]) -> bool:
    """Whether data are only the built-in dicts and lists of atoms data files and callers build, at most three
    levels deep: such data are read as they are, since reading them runs no code of the caller's and every
    reader builds its own values (nothing of the data ends in a result: tests/test_lean_results.py). Anything
    else is copied (a tuple too: the copy makes it the list readers accept)."""
    atoms = _ATOM_TYPES
    for value in values.values():
        kind = type(value)
        if kind in atoms:
            continue
        if kind is dict:
            inner: Any = value.values()
        elif kind is list:
            inner = value
        else:
            return False
        if atoms.issuperset(map(type, inner)):
            continue
        for item in inner:
            kind = type(item)
            if kind in atoms:
                continue
            if kind is dict:
                item = item.values()
            elif kind is not list:
                return False
            if not atoms.issuperset(map(type, item)):
                return False
    return True


def _copy(values: Mapping[Any, Any]) -> dict[Any, Any]:
    top: dict[Any, Any] = {}
    copies: dict[int, Any] = {id(values): top}
    keep: list[Any] = [values]  # ids stay unique only while their objects live
    work: list[tuple[Any, Any]] = [(values, top)]
    atoms, containers = _ATOM_TYPES, _CONTAINERS
    while work:
        source, target = work.pop()
        # Dicts, lists and tuples, the containers data files and callers build, are told apart by their
        # exact type (a set lookup); anything else gets the isinstance checks of the ABCs.
        into_dict = type(target) is dict
        for key, value in (source.items() if into_dict else enumerate(source)):
            kind = type(value)
            if kind in atoms:
                copy = value
            elif kind is dict and len(value) <= _SMALL and atoms.issuperset(map(type, value.values())):
                copy = dict(value)  # a checklist's or a question's few values: copied in one call, no memo needed
            elif (kind is list or kind is tuple) and len(value) <= _SMALL and atoms.issuperset(map(type, value)):
                copy = list(value)
            elif kind in containers or isinstance(value, (Mapping, list, tuple)):
                if id(value) in copies:
                    copy = copies[id(value)]
                elif kind is dict and atoms.issuperset(map(type, value.values())):
                    copy = copies[id(value)] = dict(value)  # atoms only: copied in one call
                    keep.append(value)
                elif (kind is list or kind is tuple) and atoms.issuperset(map(type, value)):
                    copy = copies[id(value)] = list(value)
                    keep.append(value)
                else:
                    copy = {} if kind is dict or (kind not in containers and isinstance(value, Mapping)) else []
                    copies[id(value)] = copy
                    keep.append(value)
                    work.append((value, copy))
            else:
                copy = value
            if into_dict:
                target[key] = copy
            else:
                target.append(copy)
    return top


#: Containers of atoms this small are copied each time they are met, without the memo of those met before:
#: a container shared by many places costs at most this much per place, so copying stays linear.
_SMALL = 16

#: The exact types of :data:`_ATOMS` and of the containers met most, for a set lookup per value.
_ATOM_TYPES = frozenset(_ATOMS)
_CONTAINERS = frozenset((dict, list, tuple))


# ------------------------------------------------------------------ names that look the same


def _invisible(char: str) -> bool:
    """Zero-width and other format characters (U+200B–U+200D, U+2060, U+FEFF, U+00AD, …)."""
    return unicodedata.category(char) == "Cf"


def name_key(text: str) -> str:
    """A name as it reads: NFKC (full-width → half-width, NFD → composed), invisibles dropped, blanks trimmed."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join([c for c in folded if not _invisible(c)]).strip()


def _lookalike(wanted: str, found: str) -> Message:
    """Why the data's ``found`` is not ``wanted`` although both read the same, and what to do."""
    kept = "".join([c for c in found if not _invisible(c)])
    bare = kept.strip()
    start = len(kept) - len(kept.lstrip())
    blanks = kept[:start] + kept[start + len(bare) :]  # what strip() took, even a blank the name has inside it
    hidden = sorted({c for c in found if _invisible(c)} | set(blanks))
    if bare == wanted:
        chars = ", ".join(f"U+{ord(c):04X} ({unicodedata.name(c, 'unnamed')})" for c in hidden)
        plural = Term("", "s" if len(hidden) > 1 else "")
        return msg("data.lookalike-invisible", found=repr(found), plural=plural, chars=chars)
    if unicodedata.normalize("NFC", bare) == unicodedata.normalize("NFC", wanted):
        return msg("data.lookalike-nfd", found=repr(found), wanted=repr(wanted))
    return msg("data.lookalike-width", found=repr(found), wanted=repr(wanted))


class Lookalikes:
    """Keys of the data indexed by :func:`name_key`, built on first use, so a missing name can say
    "found '预算数\u200b'" instead of just "missing". Linear in the number of keys."""

    __slots__ = ("_index", "_keys")

    def __init__(self, keys: Any) -> None:
        self._keys = keys
        self._index: dict[str, str] | None = None

    def found(self, wanted: str) -> str | None:
        """The key of the data that reads like ``wanted`` without being it, if any."""
        if self._index is None:
            self._index = {}
            for key in self._keys:
                if isinstance(key, str):
                    self._index.setdefault(name_key(key), key)
        found = self._index.get(name_key(wanted))
        return None if found == wanted else found

    def missing(self, wanted: str) -> str:
        """The message for a missing name: "missing", and the look-alike key the data has, if any."""
        return str(self.missing_text(wanted))

    def missing_text(self, wanted: str) -> Message:
        """:meth:`missing` in either language."""
        found = self.found(wanted)
        return msg("data.missing") if found is None else msg("data.missing-lookalike", why=_lookalike(wanted, found))


def shape_text(shape: Any) -> Message:
    """A data shape (perfscore.schema) in words, for a problem saying what was expected: ``{level, score}``."""
    from .messages import CATALOGUE
    from .schema import Either, Table

    if isinstance(shape, Table):
        return msg("data.shape.table", fields=", ".join(name for name, _ in shape.fields))
    if isinstance(shape, Either):
        first, *rest = shape.options
        return msg("data.shape.either", first=shape_text(first), rest=tuple(shape_text(option) for option in rest))
    if shape.kind == "level" and shape.labels:
        return msg("data.shape.level-of", levels="、".join(shape.labels))
    key = f"data.shape.{shape.kind}"
    return msg(key) if key in CATALOGUE else msg("data.shape.value")


class Bad(Exception):
    """A value that cannot be used; the message (``text``, in either language) says why and, where possible,
    what to write; ``at``: where in the value, when not the whole (``("score",)`` for a judged score), so a table
    names the column of that part."""

    def __init__(self, text: Message | str, at: tuple[str, ...] = ()) -> None:
        self.text, self.at = text, at
        super().__init__(str(text))


Reader = Callable[[Any], Any]

#: Integers below this need no check: at most MAX_DIGITS digits (to_decimal checks the rest).
_WIDEST = 10**MAX_DIGITS


def number_reader(type_: ast.ValueType, domain: ast.Compare | None = None, upper: ast.Compare | None = None) -> Reader:
    """Convert a caller's value to a Decimal of the declared type and domain (``upper``: its other end)."""
    if domain is None and type_ in ("amount", "count"):
        domain = ast.Compare(">=", ast.Number(ZERO))
    test = COMPARISONS[domain.op] if domain is not None else None
    bound = domain.value.value if domain is not None else ZERO
    test_upper = COMPARISONS[upper.op] if upper is not None else None
    bound_upper = upper.value.value if upper is not None else ZERO
    rated = type_ == "rate"
    convert = _rate if rated else _plain_number
    whole = type_ == "count"

    # As the rubric writes it: `≤ 100%` for a rate, not `<= 1`; both ends as `[0, 100%]`.
    shown = percent if rated else plain
    domain_text = "" if domain is None else f"{_SHOWN_OPS.get(domain.op, domain.op)} {shown(bound)}"
    if domain is not None and upper is not None:
        domain_text = (f"{'[' if domain.op == '>=' else '('}{shown(bound)}, "
                       f"{shown(bound_upper)}{']' if upper.op == '<=' else ')'}")  # fmt: skip

    def read(value: Any) -> Decimal:
        if type(value) is int and not rated and -_WIDEST < value < _WIDEST:  # the common cases first
            number = Decimal(value)
        elif (type(value) is Decimal and value.is_finite() and not value.is_zero()
              and -MAX_DIGITS <= value.adjusted() < MAX_DIGITS and len(str(value)) <= MAX_DIGITS
              and (-ONE <= value <= ONE if rated else not whole or value == value.to_integral_value())):  # fmt: skip
            # What to_decimal (and, for a rate, _rate) returns unchanged, and passes: finite, not zero, within
            # range, at most MAX_DIGITS digits (a string that short cannot hold more; a longer one gets the full
            # checks); inline, as the commonest value from data files.
            number = value
        else:
            try:  # every other value, Decimals from data files included, gets the full checks
                number = convert(value)
            except NotANumber as exc:
                raise Bad(exc.text) from None
            if whole and number != number.to_integral_value():
                raise Bad(msg("data.count-whole", value=str(value)))
        if test is not None and not test(number, bound) or test_upper is not None and not test_upper(number, bound_upper):
            raise Bad(msg("data.outside-domain", value=str(value), domain=domain_text))
        return number

    return read


_SHOWN_OPS = {">=": "≥", "<=": "≤", "!=": "≠"}


def _rate(value: Any) -> Decimal:
    """A percentage: ``"80%"``, or a bare fraction within [-1, 1] (``0.8``). A bare ``80`` is ambiguous.

    Excel stores 80% as 0.8, so a bare number is a fraction; but 80 could be 80% or 8000%, and
    guessing would silently give a wrong score. Rates above 100% are written with %: ``"103.5%"``.
    """
    if isinstance(value, str) and (value[-1:] == "%" or value.strip().endswith(("%", "％", "‰"))):
        return parse_rate(value)
    number = to_decimal(value)
    if abs(number) > ONE:
        written = plain(number)
        excel_words = msg("data.rate-excel", percent=plain(number * 100), written=written) if abs(number) < 10 \
            else msg("where.nowhere")  # fmt: skip
        raise NotANumber(msg("data.rate-ambiguous", written=written, excel=excel_words, fraction=plain(number / 100)))
    return number


def _plain_number(value: Any) -> Decimal:
    if isinstance(value, str) and value.strip().endswith(("%", "％", "‰")):
        raise NotANumber(msg("data.percent-for-number", value=shown(value)))
    return to_decimal(value)


COMPARISONS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def fulfilment(value: Any) -> Decimal:
    """How far an item is met: true/false, or a fraction in [0, 1] (``0.5`` or ``"50%"``)."""
    met = yes_or_no(value)
    if met is not None:
        return ONE if met else ZERO
    try:
        fraction = parse_rate(value)
    except NotANumber:
        raise Bad(msg("data.not-fulfilment", value=shown(value))) from None
    if not ZERO <= fraction <= ONE:
        raise Bad(msg("data.fulfilment-range", value=str(value)))
    return fraction


def whole_fulfilment(value: Any) -> Decimal:
    """An item of an all-or-nothing checklist: met (1) or not (0); a partial fulfilment is refused."""
    met = fulfilment(value)
    if met not in (ZERO, ONE):
        raise Bad(msg("data.partial-fulfilment", value=shown(value)))
    return met


#: The words data may write a yes or a no in, wherever one is read — a 是否 input, a 达标 indicator, a checklist
#: item (case and blanks ignored; √/× as tables tick them, TRUE/FALSE as Excel writes a CSV).
YES: tuple[str, ...] = ("是", "符合", "达标", "√", "✓", "✔", "有", "对", "true", "yes")
NO: tuple[str, ...] = ("否", "不符合", "未达标", "×", "✗", "✘", "无", "错", "false", "no")
_YES, _NO = frozenset(YES), frozenset(NO)


def yes_or_no(value: Any) -> bool | None:
    """A JSON/TOML boolean, or a word of :data:`YES` or :data:`NO`, as True or False; None for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
    return None


def flag(value: Any) -> bool:
    """A 达标 judgement: a yes or a no (1 and 0 are refused: a 1 may be meant as a score)."""
    met = yes_or_no(value)
    if met is None:
        raise Bad(msg("data.not-yesno", value=shown(value)))
    return met


def label(value: Any, labels: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise Bad(msg("data.level-not-text", value=shown(value), levels="、".join(labels)))
    text = value.strip()
    if text in labels:
        return text
    # Levels are a few short labels, listed in the message anyway: a guess only when it is close (较好 → 好,
    # 有所提高 → 有所提升), not one that shares a word and means the opposite (基本达成 → 未达成).
    close = difflib.get_close_matches(text, labels, n=1, cutoff=0.6)
    levels = "、".join(labels)
    if close:
        raise Bad(msg("data.not-a-level-close", value=shown(text), levels=levels, close=repr(close[0])))
    raise Bad(msg("data.not-a-level", value=shown(text), levels=levels))


def items(value: Any, names: tuple[str, ...], readers: tuple[Reader, ...]) -> tuple[Any, ...]:
    """A mapping item name → value, every declared item present, no others; values in declared order."""
    if not isinstance(value, Mapping):
        raise Bad(msg("data.items-table", names="、".join(names), value=shown(value)))
    if len(value) == len(names):
        try:  # the common case: exactly the declared items, all readable
            return tuple([read(value[name]) for name, read in zip(names, readers)])
        except (KeyError, Bad):
            pass
    problems: list[Message] = []
    out: list[Any] = []
    extras = [key for key in value if key not in names]
    lookalikes = Lookalikes(extras)
    explained = set()
    for name, read in zip(names, readers):
        if name not in value:
            found = lookalikes.found(name)
            problems.append(msg("data.item-missing", name=repr(name), why=lookalikes.missing_text(name)))
            if found is not None:
                explained.add(found)
            continue
        try:
            out.append(read(value[name]))
        except Bad as exc:
            problems.append(msg("data.item-bad", name=repr(name), why=exc.text))
    for extra in extras:
        if extra not in explained:
            close = difflib.get_close_matches(str(extra), names, n=1, cutoff=0.3)
            problems.append(msg("data.item-unknown-close", name=shown(extra), close=repr(close[0])) if close else
                            msg("data.item-unknown", name=shown(extra)))  # fmt: skip
    if problems:
        raise Bad(msg("data.joined", parts=Joined(tuple(problems))))
    return tuple(out)


def items_reader(names: tuple[str, ...], readers: tuple[Reader, ...]) -> Reader:
    """:func:`items` as one reader, with the common case — a table of exactly the declared items, all
    readable — in one pass; anything else goes through :func:`items`, which finds every problem."""
    count = len(names)
    pairs = tuple(zip(names, readers))
    if all(read is fulfilment or read is whole_fulfilment for read in readers):
        # Items met or not: true and false are read on the spot (both readers give 1 and 0 for them).
        def read_met(value: Any) -> tuple[Any, ...]:
            if type(value) is dict and len(value) == count:
                try:
                    return tuple([ONE if (v := value[name]) is True else ZERO if v is False else read(v)
                                  for name, read in pairs])  # fmt: skip
                except (KeyError, Bad):
                    pass
            return items(value, names, readers)

        return read_met

    def read_items(value: Any) -> tuple[Any, ...]:
        if type(value) is dict and len(value) == count:
            try:
                return tuple([read(value[name]) for name, read in pairs])
            except (KeyError, Bad):
                pass
        return items(value, names, readers)

    return read_items


_read_count = number_reader("count")
_INT = frozenset((int,))


def survey_reader(survey: ast.Survey) -> Reader:
    """Read answer counts per question, in option order; given as lists or tables by option label.

    A survey, a channel or a question may instead be given its result directly, as a rate
    (``"92.5%"``, ``0.925``), when the counts are not published; a survey with channels takes a
    table channel → (its questions, or its rate).
    """
    labels = tuple(o.label for o in survey.options)
    questions = tuple(q.name for q in survey.questions)
    counted = tuple(o.share is not None for o in survey.options)
    excluded = not all(counted)  # an option not counted (不计入): answers all of it count for nothing

    width = len(labels)

    def read_counts(answers: Any) -> tuple[Decimal, ...] | Decimal:
        if type(answers) is not list or len(answers) != width:  # the common case (a list per question) checked first
            if not isinstance(answers, (Mapping, list, tuple)):
                return _survey_rate(answers)
            if isinstance(answers, Mapping):
                unknown = [k for k in answers if k not in labels]
                if unknown:
                    raise Bad(msg("data.unknown-options", unknown="、".join(map(str, unknown)), options="、".join(labels)))
                answers = [answers.get(option, 0) for option in labels]
            if not isinstance(answers, (list, tuple)) or len(answers) != width:
                raise Bad(msg("data.answer-counts", width=width, options="、".join(labels)))
        if _INT.issuperset(map(type, answers)) and answers and 0 <= min(answers) and max(answers) < _WIDEST:
            counts = tuple(map(Decimal, answers))  # the common case: whole numbers as they are
        else:
            counts = tuple([_read_count(a) for a in answers])
        if not any(counts):
            raise Bad(msg("data.no-answers"))
        if excluded and not any(c for c, kept in zip(counts, counted) if kept):
            left_out = "、".join(o.label for o in survey.options if o.share is None)
            raise Bad(msg("data.no-answers-counted", left_out=left_out))
        return counts

    read_all = items_reader(questions, tuple(read_counts for _ in questions))

    def read_questions(value: Any) -> tuple[Any, ...] | Decimal:
        if not isinstance(value, Mapping):
            return _survey_rate(value)
        return read_all(value)  # type: ignore[no-any-return]

    if not survey.channels:
        return read_questions
    channels = tuple(c.name for c in survey.channels)
    by_channel = items_reader(channels, tuple(read_questions for _ in channels))

    def read_channels(value: Any) -> tuple[Any, ...] | Decimal:
        if not isinstance(value, Mapping):
            return _survey_rate(value)
        return by_channel(value)  # type: ignore[no-any-return]

    return read_channels


def plain_rows(value: Any, questions: tuple[str, ...], width: int) -> list[list[int]] | None:
    """The answer counts of a survey given as most data give them — a table of exactly its questions, each a
    list of ``width`` whole numbers from 0 to under 10^40, every question answered — as those lists, in question
    order (the data's own, unchanged: ints are exact in every division by a Decimal, and a result keeps them as
    tuples); None for anything else, which :func:`survey_reader` reads, or refuses, in full."""
    if type(value) is not dict or len(value) != len(questions):
        return None
    rows = []
    for name in questions:
        row = value.get(name)
        if (type(row) is not list or len(row) != width or not _INT.issuperset(map(type, row)) or not any(row)
                or min(row) < 0 or max(row) >= _WIDEST):  # fmt: skip
            return None  # a question without answers among them: the reader says which
        rows.append(row)
    return rows


_SURVEY_RATE = number_reader("rate")


def _survey_rate(value: Any) -> Decimal:
    """A satisfaction given directly, as published: a rate from 0 to 100%."""
    try:
        rate: Decimal = _SURVEY_RATE(value)
    except Bad as exc:
        raise Bad(msg("data.survey-rate", why=exc.text)) from None
    if not ZERO <= rate <= ONE:
        raise Bad(msg("data.survey-rate-range", value=shown(value)))
    return rate

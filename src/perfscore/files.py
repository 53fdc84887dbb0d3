"""Reading the files a user names — rubrics, data, published figures, test cases — and writing outputs.

Everything perfscore reads from disk comes through :func:`read_file` and :func:`decode`, so every
command and every entry point refuses the same things in the same words: a directory, a FIFO or a
device (``/dev/zero``) is "not a regular file"; a file over its size limit is refused from its size
before it is read, and read at most one byte past the limit should it grow meanwhile; binary files,
office documents, GBK and UTF-16 text each get a message saying what they are and how to fix it.
Everything the command line writes goes through :func:`write_output`.
"""

from __future__ import annotations

import re

import codecs
import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import attrs

from .errors import ArgumentError, DataError, DataProblem, WordedError
from .messages import CATALOGUE, Message, Term, msg

#: Builds the caller's own exception from a message and an optional hint (a ParseError for a rubric,
#: a DataError for data), so each kind of file keeps the error type its callers already catch.
Refuse = Callable[[Message, Message | None], Exception]

#: Data, published figures and test cases are a few kilobytes; 1 MiB, as for rubrics, bounds memory.
DATA_MAX_BYTES = 1024 * 1024


@attrs.frozen
class FileKind:
    """What a file should be, in the words its messages use."""

    name: Message  # "the {name} is 2,000,000 bytes", "cannot read the {name}"
    noun: Message  # "this is a PDF file, not {noun} text", "copy the {noun} into a plain-text file"
    plain: Message  # hint: "{plain} is plain text saved as UTF-8"
    suffixes: tuple[str, ...]  # what its name ends in: the hints' example file names
    raise_limit: Message  # hint: how to allow a bigger file


RUBRIC = FileKind(msg("file.kind.rubric"), msg("file.noun.rubric"), msg("file.plain.rubric"), (".perf",),
                  msg("file.raise.rubric"))  # fmt: skip
DATA = FileKind(msg("file.kind.data"), msg("file.noun.data"), msg("file.noun.data"), (".toml", ".json"),
                msg("file.raise.data"))  # fmt: skip
REPORTED = FileKind(msg("file.kind.reported"), msg("file.noun.reported"), msg("file.plain.reported"),
                    (".toml", ".json", ".csv"), msg("file.raise.reported"))  # fmt: skip
CASES = FileKind(msg("file.kind.cases"), msg("file.noun.cases"), msg("file.plain.cases"), (".tests.toml",),
                 msg("file.raise.cases"))  # fmt: skip

_FILE_TYPES = ((stat.S_ISDIR, msg("file.type.directory")), (stat.S_ISFIFO, msg("file.type.fifo")),
               (stat.S_ISCHR, msg("file.type.char")), (stat.S_ISBLK, msg("file.type.block")),
               (stat.S_ISSOCK, msg("file.type.socket")))  # fmt: skip


def data_refusal(path: object) -> Refuse:
    """Refusals as a DataError naming the file: for data, published figures and test cases."""

    def refuse(message: Message, hint: Message | None) -> DataError:
        text = msg("file.refused-hint", path=str(path), message=message, hint=hint) if hint else \
            msg("file.refused-path", path=str(path), message=message)  # fmt: skip
        return DataError([DataProblem(text, code="data.file.unreadable")])

    return refuse


@contextmanager
def problems_in(kind: FileKind) -> Iterator[None]:
    """A DataError raised within is headed by the file it is about ("2 problem(s) in the test-cases file"),
    not by the evaluation data; as a decorator, for a reader's whole body."""
    try:
        yield
    except DataError as exc:
        if exc.subject is not None:
            raise
        raise DataError(exc.problems, subject=kind.name) from None


def read_file(path: str | os.PathLike[str], kind: FileKind, max_bytes: int, refuse: Refuse) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; anything else is refused, never waited for."""
    try:
        name = os.fspath(path)
    except TypeError:
        raise ArgumentError(msg("api.file-name", name=kind.name, kind=type(path).__name__)) from None
    try:
        _regular(os.stat(name), kind, max_bytes, refuse)  # a device or a huge file is never opened
        # O_NONBLOCK: a FIFO put in the file's place after the stat opens at once instead of hanging.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(name, flags | getattr(os, "O_CLOEXEC", 0))
        try:
            _regular(os.fstat(fd), kind, max_bytes, refuse)  # what was opened, not what was stat'ed
            chunks, size = [], 0
            while size <= max_bytes:  # at most max_bytes + 1: a file growing meanwhile stays bounded
                chunk = os.read(fd, min(max_bytes + 1 - size, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(fd)
    except OSError as exc:
        raise refuse(msg("file.cannot-read", name=kind.name, why=os_reason(exc, reading=True)), None) from None
    except ValueError:  # a NUL character in the path: no file can have that name
        raise refuse(msg("file.nul-name", name=kind.name), None) from None
    if size > max_bytes:
        raise refuse(msg("file.grew", name=kind.name, limit=f"{max_bytes:,}"), kind.raise_limit)
    return b"".join(chunks)


def _regular(info: os.stat_result, kind: FileKind, max_bytes: int, refuse: Refuse) -> None:
    for test, what in _FILE_TYPES:
        if test(info.st_mode):
            raise refuse(msg("file.not-regular-kind", what=what), msg("file.name-itself", name=kind.name,
                                                                      suffixes=_or(kind.suffixes)))  # fmt: skip
    if not stat.S_ISREG(info.st_mode):  # pragma: no cover - every other type is listed above
        raise refuse(msg("file.not-regular"), msg("file.name-itself", name=kind.name, suffixes=_or(kind.suffixes)))
    if info.st_size > max_bytes:  # refused before reading: memory stays bounded
        raise refuse(msg("file.too-big", name=kind.name, size=f"{info.st_size:,}", limit=f"{max_bytes:,}"),
                     kind.raise_limit)  # fmt: skip


#: File signatures of what people send instead of a text file.
_SIGNATURES = ((b"PK\x03\x04", msg("file.sig.office")), (b"\xd0\xcf\x11\xe0", msg("file.sig.office97")),
               (b"%PDF", msg("file.sig.pdf")), (b"\x1f\x8b", msg("file.sig.gzip")), (b"\x89PNG", msg("file.sig.png")),
               (b"\xff\xd8\xff", msg("file.sig.jpeg")))  # fmt: skip
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
#: Controls that plain text may contain; any other decoded to means the bytes were not UTF-16 text.
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\ufeff")


def decode(raw: bytes, kind: FileKind, refuse: Refuse) -> str:
    """File bytes as text: UTF-8 with or without BOM; a clear refusal, with the fix, for anything else."""
    for signature, what in _SIGNATURES:
        if raw.startswith(signature):
            raise refuse(msg("file.signature", what=what, noun=kind.noun),
                         msg("file.copy-text", noun=kind.noun, suffixes=_or(kind.suffixes)))  # fmt: skip
    if raw.startswith(_UTF32_BOMS):
        raise refuse(msg("file.utf", encoding="UTF-32"), _re_encode("UTF-32", kind))
    utf16 = _utf16(raw)
    if utf16:
        raise refuse(msg("file.utf", encoding="UTF-16"), _re_encode(utf16, kind))
    if b"\x00" in raw[:8192]:
        raise refuse(msg("file.binary", at=raw.index(0), noun=kind.noun), msg("file.plain-text", plain=kind.plain))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            raise refuse(msg("file.not-utf8", line=line, at=exc.start), msg("file.save-utf8", plain=kind.plain)) from None
        raise refuse(msg("file.gbk", line=line, at=exc.start), _re_encode("GB18030", kind)) from None


def _or(suffixes: tuple[str, ...]) -> Term:
    if len(suffixes) == 1:
        return Term(suffixes[0], suffixes[0])
    return Term("、".join(suffixes[:-1]) + " 或 " + suffixes[-1], ", ".join(suffixes[:-1]) + " or " + suffixes[-1])


def _re_encode(encoding: str, kind: FileKind) -> Message:
    return msg("file.re-encode", encoding=encoding, old=f"old{kind.suffixes[0]}", new=f"new{kind.suffixes[0]}")


def _utf16(raw: bytes) -> str | None:
    """The iconv name of the UTF-16 the bytes are in (a BOM, or text whose every other byte is NUL), else None."""
    if len(raw) % 2:  # UTF-16 is whole 16-bit units
        return None
    sample = raw[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        name, codec, sample = "UTF-16", "utf-16-le" if sample[0] == 0xFF else "utf-16-be", sample[2:]
    else:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if bool(even) == bool(odd):  # NULs on both sides or on neither: not UTF-16 of mostly-ASCII text
            return None
        name, codec = ("UTF-16LE", "utf-16-le") if odd else ("UTF-16BE", "utf-16-be")
    try:
        text = codecs.getincrementaldecoder(codec)().decode(sample, final=False)  # a pair split at 8192 waits
    except UnicodeDecodeError:
        return None
    # Binary bytes decode too, to controls and unassigned code points; text decodes to text.
    return name if all(c.isprintable() or c in _TEXT_CONTROLS for c in text) else None


# ---------------------------------------------------------------- writing


class OutputError(WordedError):
    """An output could not be written; ``str()`` is ``"path: why"`` (the command line's ``-o``), ``format("zh")``
    words it in Chinese."""


def os_reason(exc: OSError, reading: bool = False) -> Message | Term:
    """Why the system refused, in either language: the common errors from the catalogue, any other as the
    system words it. A file read that is not there is the file missing (written, its directory is)."""
    name = errno.errorcode.get(exc.errno or 0, "")
    if reading and name == "ENOENT":
        return msg("file.errno.ENOENT")
    if f"output.errno.{name}" in CATALOGUE:
        return msg(f"output.errno.{name}")
    text = str(exc.strerror or exc)
    return Term(text, text)


def _failed(path: str, exc: OSError) -> OutputError:
    return OutputError(msg("output.failed", path=path, why=os_reason(exc)))


@contextmanager
def write_output(path: str) -> Iterator[str]:
    """Yield a path to write ``path``'s new content to; on success it replaces ``path`` in one step.

    The content goes to a temporary file beside the target, renamed over it only once complete, so
    a failure (a full disk, an exception while rendering) never leaves a half-written output, and
    an existing file keeps its permissions. A symbolic link is written through, as ``open`` would;
    a device or FIFO (``/dev/null``, ``/dev/stdout``) is written directly: it cannot be replaced.
    """
    try:
        info: os.stat_result | None = os.stat(path)
    except (OSError, ValueError):
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        try:
            yield path
        except OSError as exc:
            raise _failed(path, exc) from None
        return
    try:
        target = os.path.realpath(path)  # through a symbolic link: the link stays, its file is replaced
    except ValueError:  # a NUL character: no file can have that name
        raise OutputError(msg("output.nul", path=path)) from None
    if info is not None and not os.access(target, os.W_OK):  # a rename would get past a read-only file
        raise OutputError(msg("output.failed", path=path, why=msg("output.errno.EACCES")))
    directory, base = os.path.split(target)
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{base}.", suffix=f".tmp{os.path.splitext(base)[1]}",
                                         dir=directory or ".")  # fmt: skip
    except OSError as exc:
        raise _failed(path, exc) from None
    except ValueError:
        raise OutputError(msg("output.nul", path=path)) from None
    os.close(fd)
    try:
        yield temporary
        os.chmod(temporary, stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask())
        os.replace(temporary, target)
    except OSError as exc:
        raise _failed(path, exc) from None
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def saved(path: str | os.PathLike[str], save: Callable[[str], object]) -> None:
    """``save(name)`` writes a file the way :func:`write_output` does (complete or not at all), for the writers
    a caller calls with a path: a missing directory or a read-only file is an :class:`OutputError`, not an
    OSError from inside openpyxl or matplotlib."""
    try:
        name = os.fspath(path)
    except TypeError:
        raise ArgumentError(msg("api.file-name", name=msg("file.kind.output"), kind=type(path).__name__)) from None
    with write_output(name) as target:
        save(target)


def _umask() -> int:
    mask = os.umask(0o22)  # the only way to read it; set straight back
    os.umask(mask)
    return mask


_TOML_AT = re.compile(r"^(.*) \(at line (\d+), column (\d+)\)$", re.S)
_BARE_KEY = re.compile(r"^\s*([^\s=\"'\[#][^=\"']*?)\s*=")
_KEY = re.compile(r"^\s*\[*\s*([^=\]]+?)\s*[\]=]")  # `a = 1`, `"A1" = 1`, `[A1]`: the key's text
_FULL_WIDTH_QUOTES = "“”「」『』‘’"
#: The end of a bare value: `92%` in `A2 = 92%`, `合规` in `{level = 合规, …}`.
_VALUE = re.compile(r"[^,\]}#\s]+")
#: tomllib's reasons, in Chinese too; any other is shown as tomllib words it.
_TOML_REASONS = {
    "Invalid statement": "这一行不是“名称 = 值”",
    "Expected newline or end of document after a statement": "值后面还有多余的内容",
    "Invalid value": "值的写法不对",
    "Cannot overwrite a value": "同一个名称写了两次",
    "Unterminated string": "字符串没有结束的引号",
    "Illegal character '\\n'": "字符串没有结束的引号",
    "Invalid initial character for a key part": "名称的写法不对",
    "Expected '=' after a key in a key/value pair": "名称后面应有 =",
}
_KEY_PART = re.compile(r"[^\s=,\]}#\"']+")


def toml_problem(file: object, text: str, error: Exception) -> DataProblem:
    """What is wrong with a TOML file, in the same words for data, published figures and test cases: tomllib's
    reason (in Chinese too) and where, and for the commonest slips of a spreadsheet user the fix — a Chinese
    key without quotes (``预算数 = 1200``), Chinese quotes (``“预算数” = …``), a bare value (``A2 = 92%``,
    ``B1 = 是``), a name given twice."""
    found = _TOML_AT.match(str(error))
    if found is None:
        return DataProblem(msg("data.file.toml", file=str(file), why=str(error)), code="data.file.syntax")
    reason, line, column = found.group(1), int(found.group(2)), int(found.group(3))
    lines = text.splitlines()
    row = lines[line - 1] if 0 < line <= len(lines) else ""
    zh = _TOML_REASONS.get(reason, "同一个表写了两次" if reason.startswith("Cannot declare") else reason)
    en = "a name is given twice" if reason == "Cannot overwrite a value" else reason
    why = Term(f"{zh}（第 {line} 行，第 {column} 列）", f"{en} (at line {line}, column {column})")
    hint = _toml_hint(reason, row, column)
    said = msg("data.file.toml", file=str(file), why=why) if hint is None else \
        msg("data.file.toml-hint", file=str(file), why=why, hint=hint)  # fmt: skip
    return DataProblem(said, code="data.file.syntax")


def _toml_hint(reason: str, row: str, column: int) -> Message | None:
    key = _KEY.match(row)
    name = key.group(1).strip().strip("\"'") if key else ""
    if reason == "Cannot overwrite a value" or reason.startswith("Cannot declare"):
        return msg("toml.twice", key=name) if name else None
    if reason == "Invalid initial character for a key part":  # {level = "合规", 问题 = 3}: a key inside a table
        part = _KEY_PART.match(row, column - 1)
        return msg("toml.bare-key", key=part.group(0)) if part and not part.group(0).isascii() else None
    bare = _BARE_KEY.match(row)
    if reason == "Invalid statement" and bare is not None:
        written = bare.group(1)
        if written[0] in _FULL_WIDTH_QUOTES:  # “预算数” = …: Word's quotes, which TOML does not know
            return msg("toml.full-width-quotes", key=written.strip(_FULL_WIDTH_QUOTES))
        if not written.isascii():
            return msg("toml.bare-key", key=written)
        return None
    # a value TOML cannot read: from the last `=`, `,`, `[` or `{` before the error, to its end
    start = max(row.rfind(c, 0, column - 1) for c in "=,[{")
    if start < 0:
        return None
    value = _VALUE.match(row, len(row) - len(row[start + 1:].lstrip()))
    if value is None or value.group(0)[0] in "\"'" + _FULL_WIDTH_QUOTES:
        return None
    return msg("toml.bare-value", value=value.group(0))

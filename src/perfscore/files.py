"""Reading the files a user names — rubrics, data, published figures, test cases — and writing outputs.

Everything perfscore reads from disk comes through :func:`read_file` and :func:`decode`, so every
command and every entry point refuses the same things in the same words: a directory, a FIFO or a
device (``/dev/zero``) is "not a regular file"; a file over its size limit is refused from its size
before it is read, and read at most one byte past the limit should it grow meanwhile; binary files,
office documents, GBK and UTF-16 text each get a message saying what they are and how to fix it.
Everything the command line writes goes through :func:`write_output`.
"""

from __future__ import annotations

import codecs
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import attrs

from .errors import ArgumentError, DataError, DataProblem, PerfscoreError

#: Builds the caller's own exception from a message and an optional hint (a ParseError for a rubric,
#: a DataError for data), so each kind of file keeps the error type its callers already catch.
Refuse = Callable[[str, str | None], Exception]

#: Data, published figures and test cases are a few kilobytes; 1 MiB, as for rubrics, bounds memory.
DATA_MAX_BYTES = 1024 * 1024


@attrs.frozen
class FileKind:
    """What a file should be, in the words its messages use."""

    name: str  # "the {name} is 2,000,000 bytes", "cannot read the {name}"
    noun: str  # "this is a PDF file, not {noun} text", "copy the {noun} into a plain-text file"
    plain: str  # hint: "{plain} is plain text saved as UTF-8"
    suffixes: tuple[str, ...]  # what its name ends in: the hints' example file names
    raise_limit: str  # hint: how to allow a bigger file


RUBRIC = FileKind("rubric", "rubric", "a rubric", (".perf",),
                  "raise it with perfscore.Limits(max_bytes=…) if the rubric really needs more")  # fmt: skip
DATA = FileKind("data file", "evaluation data", "evaluation data", (".toml", ".json"),
                "raise it with perfscore.read_data(path, max_bytes=…) if the data really needs more")  # fmt: skip
REPORTED = FileKind("reported-figures file", "published figures", "a reported-figures file", (".toml", ".json", ".csv"),
                    "raise it with perfscore.audit.read_reported(path, max_bytes=…) if it really needs more")  # fmt: skip
CASES = FileKind("test-cases file", "test cases", "a test-cases file", (".tests.toml",),
                 "split the cases between rubrics, or keep large data in data files")  # fmt: skip

_FILE_TYPES = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
               (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))  # fmt: skip


def data_refusal(path: object) -> Refuse:
    """Refusals as a DataError naming the file: for data, published figures and test cases."""

    def refuse(message: str, hint: str | None) -> DataError:
        return DataError([DataProblem(f"{path}: {message}" + (f"; {hint}" if hint else ""))])

    return refuse


def read_file(path: str | os.PathLike[str], kind: FileKind, max_bytes: int, refuse: Refuse) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; anything else is refused, never waited for."""
    try:
        name = os.fspath(path)
    except TypeError:
        raise ArgumentError(f"a {kind.name} is named by a str or path, not {type(path).__name__}") from None
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
        raise refuse(f"cannot read the {kind.name}: {exc.strerror or exc}", None) from None
    except ValueError:  # a NUL character in the path: no file can have that name
        raise refuse(f"cannot read the {kind.name}: its name contains a NUL character", None) from None
    if size > max_bytes:
        raise refuse(f"the {kind.name} grew past the limit of {max_bytes:,} bytes while it was read", kind.raise_limit)
    return b"".join(chunks)


def _regular(info: os.stat_result, kind: FileKind, max_bytes: int, refuse: Refuse) -> None:
    for test, what in _FILE_TYPES:
        if test(info.st_mode):
            raise refuse(f"this is {what}, not a regular file", f"name the {kind.name} itself ({_or(kind.suffixes)})")
    if not stat.S_ISREG(info.st_mode):  # pragma: no cover - every other type is listed above
        raise refuse("this is not a regular file", f"name the {kind.name} itself ({_or(kind.suffixes)})")
    if info.st_size > max_bytes:  # refused before reading: memory stays bounded
        raise refuse(f"the {kind.name} is {info.st_size:,} bytes, more than the limit of {max_bytes:,}",
                     kind.raise_limit)  # fmt: skip


#: File signatures of what people send instead of a text file.
_SIGNATURES = ((b"PK\x03\x04", "a Word or Excel file (.docx/.xlsx)"), (b"\xd0\xcf\x11\xe0", "a Word or Excel 97 file"),
               (b"%PDF", "a PDF file"), (b"\x1f\x8b", "a gzip-compressed file"), (b"\x89PNG", "a PNG image"),
               (b"\xff\xd8\xff", "a JPEG image"))  # fmt: skip
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
#: Controls that plain text may contain; any other decoded to means the bytes were not UTF-16 text.
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\ufeff")


def decode(raw: bytes, kind: FileKind, refuse: Refuse) -> str:
    """File bytes as text: UTF-8 with or without BOM; a clear refusal, with the fix, for anything else."""
    for signature, what in _SIGNATURES:
        if raw.startswith(signature):
            raise refuse(f"this is {what}, not {kind.noun} text",
                         f"copy the {kind.noun} into a plain-text file saved as UTF-8 ({_or(kind.suffixes)})")  # fmt: skip
    if raw.startswith(_UTF32_BOMS):
        raise refuse("the file is UTF-32 text, not UTF-8", _re_encode("UTF-32", kind))
    utf16 = _utf16(raw)
    if utf16:
        raise refuse("the file is UTF-16 text, not UTF-8", _re_encode(utf16, kind))
    if b"\x00" in raw[:8192]:
        raise refuse(f"this is a binary file (a NUL byte at byte {raw.index(0)}), not {kind.noun} text",
                     f"{kind.plain} is plain text saved as UTF-8")  # fmt: skip
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            raise refuse(f"the file is not UTF-8 text (line {line}, byte {exc.start})",
                         f"save it as UTF-8; {kind.plain} is plain text") from None  # fmt: skip
        raise refuse(f"the file is GBK (GB18030) text, not UTF-8 (line {line}, byte {exc.start})",
                     _re_encode("GB18030", kind)) from None  # fmt: skip


def _or(suffixes: tuple[str, ...]) -> str:
    return ", ".join(suffixes[:-1]) + " or " + suffixes[-1] if len(suffixes) > 1 else suffixes[0]


def _re_encode(encoding: str, kind: FileKind) -> str:
    old, new = f"old{kind.suffixes[0]}", f"new{kind.suffixes[0]}"
    return (f"re-encode it as UTF-8, e.g. `iconv -f {encoding} -t UTF-8 {old} > {new}`, "
            "or in Notepad: Save As → Encoding: UTF-8")  # fmt: skip


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


class OutputError(PerfscoreError):
    """An output could not be written; ``str()`` is ``"path: why"`` (the command line's ``-o``)."""


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
            raise OutputError(f"{path}: {exc.strerror or exc}") from None
        return
    target = os.path.realpath(path)  # through a symbolic link: the link stays, its file is replaced
    if info is not None and not os.access(target, os.W_OK):  # a rename would get past a read-only file
        raise OutputError(f"{path}: Permission denied")
    directory, base = os.path.split(target)
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{base}.", suffix=f".tmp{os.path.splitext(base)[1]}",
                                         dir=directory or ".")  # fmt: skip
    except OSError as exc:
        raise OutputError(f"{path}: {exc.strerror or exc}") from None
    except ValueError:
        raise OutputError(f"{path}: the name contains a NUL character") from None
    os.close(fd)
    try:
        yield temporary
        os.chmod(temporary, stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask())
        os.replace(temporary, target)
    except OSError as exc:
        raise OutputError(f"{path}: {exc.strerror or exc}") from None
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0o22)  # the only way to read it; set straight back
    os.umask(mask)
    return mask

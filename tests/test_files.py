"""perfscore.files: every file perfscore reads is a bounded regular file, decoded by one decoder; outputs are atomic.

Each kind of refusal is checked through every entry point that reads a file — ``perfscore.load``,
``perfscore.read_data``, ``Rubric.evaluate(path)``, ``audit.read_reported`` and the test cases —
so a reader that bypasses perfscore.files shows up here.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

import perfscore
from perfscore import files
from perfscore.audit import read_reported
from perfscore.cases import read_cases

OK = "总分 3\n指标 A1 甲 3 {\n  达标\n}\n"
RUBRIC = perfscore.compile(OK)


def _message(error: perfscore.PerfscoreError) -> str:
    """The one problem of a refusal, as the user reads it (the file name left out)."""
    if isinstance(error, perfscore.RubricError):
        (diagnostic,) = error.diagnostics
        english = diagnostic.in_language("en")  # pinned in English; the Chinese is tested in test_messages
        return english.message + (f"; {english.hint}" if english.hint else "")
    assert isinstance(error, perfscore.DataError)
    (problem,) = error.problems
    return problem.format("en").split(": ", 1)[1]


#: (entry point, file suffix, the kind's name in messages, its suffixes in hints)
READERS: list[tuple[str, Callable[[Path], object], str, str, str]] = [
    ("load", perfscore.load, ".perf", "rubric", ".perf"),
    ("read_data", perfscore.read_data, ".toml", "data file", ".toml or .json"),
    ("evaluate", RUBRIC.evaluate, ".json", "data file", ".toml or .json"),
    ("read_reported", read_reported, ".csv", "reported-figures file", ".toml, .json or .csv"),
    ("read_cases", read_cases, ".tests.toml", "test-cases file", ".tests.toml"),
]
READER_IDS = [r[0] for r in READERS]


def refusal(read: Callable[[Path], object], path: Path) -> str:
    with pytest.raises(perfscore.PerfscoreError) as info:
        read(path)
    return _message(info.value)


# ---------------------------------------------------------------- not a regular file


@pytest.mark.parametrize(("name", "read", "suffix", "kind", "suffixes"), READERS, ids=READER_IDS)
def test_a_directory_is_not_a_regular_file(tmp_path: Path, name: str, read: Callable[[Path], object], suffix: str,
                                           kind: str, suffixes: str) -> None:  # fmt: skip
    directory = tmp_path / f"x{suffix}"
    directory.mkdir()
    assert refusal(read, directory) == f"this is a directory, not a regular file; name the {kind} itself ({suffixes})"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
@pytest.mark.parametrize(("name", "read", "suffix", "kind", "suffixes"), READERS, ids=READER_IDS)
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path, name: str, read: Callable[[Path], object],
                                                        suffix: str, kind: str, suffixes: str) -> None:  # fmt: skip
    fifo = tmp_path / f"x{suffix}"
    os.mkfifo(fifo)
    assert refusal(read, fifo) == f"this is a named pipe (FIFO), not a regular file; name the {kind} itself ({suffixes})"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
@pytest.mark.parametrize(("name", "read", "suffix", "kind", "suffixes"), READERS, ids=READER_IDS)
def test_dev_zero_is_refused_not_read_forever(tmp_path: Path, name: str, read: Callable[[Path], object], suffix: str,
                                              kind: str, suffixes: str) -> None:  # fmt: skip
    link = tmp_path / f"zero{suffix}"  # the readers want a suffix; the link gives /dev/zero one
    link.symlink_to("/dev/zero")
    assert refusal(read, link) == f"this is a character device, not a regular file; name the {kind} itself ({suffixes})"


def test_load_dev_zero_by_its_own_name() -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    assert refusal(perfscore.load, Path("/dev/zero")) == (
        "this is a character device, not a regular file; name the rubric itself (.perf)")


@pytest.mark.parametrize(("name", "read", "suffix", "kind", "suffixes"), READERS, ids=READER_IDS)
def test_a_missing_file(tmp_path: Path, name: str, read: Callable[[Path], object], suffix: str, kind: str,
                        suffixes: str) -> None:  # fmt: skip
    assert refusal(read, tmp_path / f"missing{suffix}") == f"cannot read the {kind}: No such file or directory"


def test_a_nul_in_the_name_and_a_name_that_is_not_a_path() -> None:
    assert refusal(perfscore.load, Path("a\0.perf")) == "cannot read the rubric: its name contains a NUL character"
    with pytest.raises(perfscore.ArgumentError, match="a rubric is named by a str or path, not int"):
        perfscore.load(3)  # type: ignore[arg-type]
    with pytest.raises(perfscore.ArgumentError, match=r"perfscore.read_data\(\) takes a file path, not int"):
        perfscore.read_data(3)  # type: ignore[arg-type]
    with pytest.raises(perfscore.ArgumentError, match=r"read_reported\(\) takes a file path, not NoneType"):
        read_reported(None)  # type: ignore[arg-type]


# ---------------------------------------------------------------- bounded reading


@pytest.mark.parametrize(("name", "read", "suffix", "kind", "suffixes"), READERS[1:], ids=READER_IDS[1:])
def test_data_reported_and_cases_files_are_bounded_at_1_mib(tmp_path: Path, name: str, read: Callable[[Path], object],
                                                            suffix: str, kind: str, suffixes: str) -> None:  # fmt: skip
    big = tmp_path / f"big{suffix}"
    big.write_bytes(b"#" * (files.DATA_MAX_BYTES + 1))
    assert refusal(read, big).startswith(f"the {kind} is 1,048,577 bytes, more than the limit of 1,048,576; ")


def test_the_data_bound_can_be_raised_and_lowered(tmp_path: Path) -> None:
    data = tmp_path / "d.toml"
    data.write_text("a = 1\n" + "#" * 100 + "\n", "utf-8")
    assert refusal(lambda p: perfscore.read_data(p, max_bytes=50), data) == (
        "the data file is 107 bytes, more than the limit of 50; "
        "raise it with perfscore.read_data(path, max_bytes=…) if the data really needs more")
    assert perfscore.read_data(data, max_bytes=107) == {"a": 1}
    reported = tmp_path / "r.toml"
    reported.write_text('total = "1"\n', "utf-8")
    assert refusal(lambda p: read_reported(p, max_bytes=5), reported) == (
        "the reported-figures file is 12 bytes, more than the limit of 5; "
        "raise it with perfscore.audit.read_reported(path, max_bytes=…) if it really needs more")


def test_a_file_growing_after_the_stat_is_read_only_one_byte_past_the_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    big = tmp_path / "grown.perf"
    big.write_bytes(b"#" * 5_000_000)
    monkeypatch.setattr(files, "_regular", lambda *args: None)  # both stats taken while the file was small
    read = 0
    real_read = os.read

    def counting(fd: int, n: int) -> bytes:
        nonlocal read
        chunk = real_read(fd, n)
        read += len(chunk)
        return chunk

    monkeypatch.setattr(files.os, "read", counting)
    assert refusal(perfscore.load, big) == (
        "the rubric grew past the limit of 262,144 bytes while it was read; "
        "raise it with perfscore.Limits(max_bytes=…) if the rubric really needs more")
    assert read == 262_145


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_fifo_put_in_place_after_the_stat_does_not_hang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    regular = tmp_path / "regular.perf"
    regular.write_text(OK, "utf-8")
    fifo = tmp_path / "swapped.perf"
    os.mkfifo(fifo)
    real_stat = os.stat
    monkeypatch.setattr(files.os, "stat", lambda path, *a, **k: real_stat(regular))  # stat saw the regular file
    assert refusal(perfscore.load, fifo) == (
        "this is a named pipe (FIFO), not a regular file; name the rubric itself (.perf)")


def test_an_unreadable_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = tmp_path / "secret.perf"
    path.write_text(OK, "utf-8")
    path.chmod(0)
    assert refusal(perfscore.load, path) == "cannot read the rubric: Permission denied"


# ---------------------------------------------------------------- one decoder


ICONV = "re-encode it as UTF-8, e.g. `iconv -f {} -t UTF-8 old{} > new{}`, or in Notepad: Save As → Encoding: UTF-8"


@pytest.mark.parametrize(
    ("encoding", "iconv"),
    [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE"),
     ("utf-16-be-bom", "UTF-16")],  # fmt: skip
)
def test_utf16_is_named_with_or_without_a_bom(tmp_path: Path, encoding: str, iconv: str) -> None:
    text = "# 朔州\n总分 3\n指标 A1 甲 3 {\n  达标\n}\n"
    raw = b"\xfe\xff" + text.encode("utf-16-be") if encoding == "utf-16-be-bom" else text.encode(encoding)
    for read, suffix, extension in ((perfscore.load, ".perf", ".perf"), (perfscore.read_data, ".toml", ".toml"),
                                    (read_reported, ".csv", ".toml"), (read_cases, ".tests.toml", ".tests.toml")):  # fmt: skip
        path = tmp_path / f"u{suffix}"
        path.write_bytes(raw)
        assert refusal(read, path) == "the file is UTF-16 text, not UTF-8; " + ICONV.format(iconv, extension, extension)


def test_utf32_with_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "u.perf"
    path.write_bytes("总分 3\n".encode("utf-32"))
    assert refusal(perfscore.load, path) == "the file is UTF-32 text, not UTF-8; " + ICONV.format("UTF-32", ".perf", ".perf")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x7fELF\x00\x01\x02garbage", "this is a binary file (a NUL byte at byte 4), not rubric text"),
        (b"\x00\x01\x00\x02\x00\x03\x00\x04", "this is a binary file (a NUL byte at byte 0), not rubric text"),
        (b"\xff\xfe\xfd", "the file is not UTF-8 text (line 1, byte 0)"),  # odd length: not UTF-16 either
    ],
    ids=["elf", "controls-as-utf16", "odd-length-bom"],
)
def test_binary_that_looks_like_utf16_is_still_binary(tmp_path: Path, raw: bytes, message: str) -> None:
    path = tmp_path / "r.perf"
    path.write_bytes(raw)
    assert refusal(perfscore.load, path).split("; hint")[0].split(";")[0] == message


def test_gbk_is_named_in_every_kind_of_file(tmp_path: Path) -> None:
    raw = '"预算数" = 1\n'.encode("gbk")  # 预 is D4 A4, valid UTF-8 by chance: the error is at byte 3
    for read, suffix in ((perfscore.read_data, ".toml"), (read_reported, ".toml"), (read_cases, ".tests.toml")):
        path = tmp_path / f"g{suffix}"
        path.write_bytes(raw)
        assert refusal(read, path) == ("the file is GBK (GB18030) text, not UTF-8 (line 1, byte 3); "
                                       + ICONV.format("GB18030", suffix, suffix))


def test_office_and_image_files_say_what_they_are(tmp_path: Path) -> None:
    for raw, what in ((b"PK\x03\x04rest", "a Word or Excel file (.docx/.xlsx)"), (b"%PDF-1.7", "a PDF file"),
                      (b"\x89PNG\r\n", "a PNG image"), (b"\x1f\x8b\x08", "a gzip-compressed file")):  # fmt: skip
        path = tmp_path / "d.json"
        path.write_bytes(raw)
        assert refusal(perfscore.read_data, path) == (
            f"this is {what}, not evaluation data text; "
            "copy the evaluation data into a plain-text file saved as UTF-8 (.toml or .json)")


def test_compile_of_bytes_uses_the_same_decoder() -> None:
    with pytest.raises(perfscore.ParseError) as info:
        perfscore.compile(OK.encode("utf-16"), "r.perf", language="en")
    assert info.value.diagnostics[0].message == "the file is UTF-16 text, not UTF-8"


def test_a_reported_csv_with_a_huge_cell_is_a_data_error(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(b"code,score\nA1," + b"9" * 200_000 + b"\n")
    assert refusal(read_reported, path) == "invalid CSV: field larger than field limit (131072)"


def test_reported_json_nested_deep_or_with_a_huge_integer(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text('{"A1": ' + "[" * 100_000 + "]" * 100_000 + "}", "utf-8")
    assert refusal(read_reported, path) == "lists or tables are nested hundreds of levels deep"
    toml = tmp_path / "r.toml"
    toml.write_text("total = " + "9" * 5000 + "\n", "utf-8")
    assert refusal(read_reported, toml) == "invalid TOML: a number has thousands of digits"


# ---------------------------------------------------------------- atomic output


def test_write_output_replaces_the_file_only_when_complete(tmp_path: Path) -> None:
    out = tmp_path / "out.md"
    out.write_text("old", "utf-8")
    out.chmod(0o640)
    with pytest.raises(RuntimeError, match="rendering failed"), files.write_output(str(out)) as target:
        Path(target).write_text("half", "utf-8")
        raise RuntimeError("rendering failed")
    assert out.read_text("utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]  # no temporary left behind
    with files.write_output(str(out)) as target:
        assert Path(target).parent == tmp_path and target != str(out)
        Path(target).write_text("new", "utf-8")
    assert out.read_text("utf-8") == "new"
    assert stat.S_IMODE(out.stat().st_mode) == 0o640  # the file keeps its permissions
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]


def test_a_new_output_gets_the_umask_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o027)
    try:
        with files.write_output(str(tmp_path / "new.md")) as target:
            Path(target).write_text("x", "utf-8")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o640  # not mkstemp's 0600


def test_write_output_writes_through_a_symbolic_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old", "utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    with files.write_output(str(link)) as target:
        Path(target).write_text("new", "utf-8")
    assert link.is_symlink() and real.read_text("utf-8") == "new"


def test_write_output_to_a_device_writes_it_directly(tmp_path: Path) -> None:
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null")
    with files.write_output("/dev/null") as target:
        assert target == "/dev/null"
        Path(target).write_text("discarded", "utf-8")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)  # still the device
    if os.path.exists("/dev/full"):
        with pytest.raises(files.OutputError, match="^/dev/full: No space left on device$"):
            with files.write_output("/dev/full") as target:
                Path(target).write_text("x", "utf-8")


def test_write_output_refuses_a_read_only_file_and_a_missing_directory(tmp_path: Path) -> None:
    locked = tmp_path / "locked.md"
    locked.write_text("old", "utf-8")
    locked.chmod(0o444)
    if os.geteuid() != 0:  # root may write anything
        with pytest.raises(files.OutputError, match="locked.md: Permission denied$"):
            with files.write_output(str(locked)):
                pass
        assert locked.read_text("utf-8") == "old"
    missing = tmp_path / "nowhere" / "out.md"
    with pytest.raises(files.OutputError, match="out.md: No such file or directory$"):
        with files.write_output(str(missing)):
            pass

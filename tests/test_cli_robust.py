"""The command line under hostile conditions: Ctrl-C, closed pipes, full disks, outputs over inputs, bad files.

Nothing but perfscore's own one-line errors (or diagnostics) reaches the user, with exit status
1 (problems found), 2 (usage), 130 (interrupted), 141 (broken pipe) or 70 (a bug in perfscore).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from perfscore import cli, render
from perfscore.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "shuozhou-2020"
RUBRIC, DATA, REPORTED = (str(EXAMPLE / name) for name in ("rubric.perf", "data.toml", "reported.toml"))
OK = "总分 3\n指标 A1 甲 3 {\n  达标\n}\n"


# ---------------------------------------------------------------- Ctrl-C, closed pipes, full disks


def test_ctrl_c_is_one_line_and_130(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(*args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_load", interrupted)
    assert main(["check", "--lang", "en", RUBRIC]) == 130
    assert capsys.readouterr().err == "perfscore: interrupted\n"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child")
def test_a_real_sigint_exits_130_without_a_traceback() -> None:
    script = textwrap.dedent("""
        import sys, time
        from perfscore import cli
        def slow(*args):
            print("ready", flush=True)
            time.sleep(30)
        cli._load = slow
        sys.argv = ["perfscore", "check", sys.argv[1]]
        sys.exit(cli.main())
    """)
    child = subprocess.Popen([sys.executable, "-c", script, RUBRIC], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)  # fmt: skip
    assert child.stdout is not None and child.stdout.readline() == "ready\n"
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=30)
    assert (child.returncode, err) == (130, "perfscore: interrupted\n")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
def test_a_closed_pipe_exits_quietly() -> None:
    """`perfscore explain … | head -1`: no traceback, no "Exception ignored" at exit."""
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte is written: every write fails
    child = subprocess.run([sys.executable, "-m", "perfscore", "explain", RUBRIC, DATA], stdout=write,
                           stderr=subprocess.PIPE, text=True, timeout=60)  # fmt: skip
    os.close(write)
    assert (child.returncode, child.stderr) == (141, "")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
def test_head_reads_the_first_line_and_the_rest_is_dropped_quietly() -> None:
    child = subprocess.Popen([sys.executable, "-m", "perfscore", "explain", RUBRIC, DATA], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)  # fmt: skip
    assert child.stdout is not None and child.stderr is not None
    first = child.stdout.readline()
    child.stdout.close()  # as head -1 does
    err = child.stderr.read()
    child.stderr.close()
    child.wait(timeout=60)
    assert first.decode("utf-8").startswith("A 履职效能")
    assert err == b""  # it may have written everything before the close (0) or not (141)
    assert child.returncode in (0, 141)


def test_broken_pipe_in_process_is_141(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def closed(*args: object) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(cli, "_parser", _parser_running(closed))
    assert main(["explain", RUBRIC, DATA]) == 141
    assert capsys.readouterr().err == ""


def _parser_running(command: object) -> object:
    """cli._parser with every subcommand running ``command`` (set_defaults bound the originals)."""
    real = cli._parser

    def parser(language: str = "en") -> object:
        built = real(language)  # type: ignore[arg-type]
        built.set_defaults(run=command)  # type: ignore[attr-defined]
        for action in built._subparsers._group_actions:  # type: ignore[attr-defined]
            for sub in action.choices.values():
                sub.set_defaults(run=command)
        return built

    return parser


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_full_disk_names_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", RUBRIC, DATA, "-o", "/dev/full"]) == 2
    assert capsys.readouterr().err == "perfscore：错误：/dev/full：无法写入（磁盘空间已满）\n"
    assert main(["score", "--lang", "en", RUBRIC, DATA, "-o", "/dev/full"]) == 2
    assert capsys.readouterr().err == "perfscore: error: /dev/full: No space left on device\n"
    with open("/dev/full", "w") as full:  # noqa: PTH123 - the test's own file, not the package's
        child = subprocess.run([sys.executable, "-m", "perfscore", "score", "--lang", "en", RUBRIC, DATA], stdout=full,
                               stderr=subprocess.PIPE, text=True, timeout=60)  # fmt: skip
    assert (child.returncode, child.stderr) == (2, "perfscore: error: standard output: No space left on device\n")


# ---------------------------------------------------------------- internal errors


def _bug(*args: object) -> int:
    raise ZeroDivisionError("a bug\nover two lines")


def test_an_internal_error_propagates_from_main_with_argv(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests call main(argv): a bug must fail them with its traceback, not hide behind an exit status."""
    monkeypatch.setattr(cli, "_parser", _parser_running(_bug))
    with pytest.raises(ZeroDivisionError, match="a bug"):
        main(["check", "--lang", "en", RUBRIC])


def test_an_internal_error_is_one_line_and_70_for_the_program() -> None:
    script = textwrap.dedent("""
        import sys
        from perfscore import cli
        def bug(*args):
            raise ZeroDivisionError("a bug\\nover two lines")
        real = cli._parser
        def parser(language="en"):
            built = real(language)
            for action in built._subparsers._group_actions:
                for sub in action.choices.values():
                    sub.set_defaults(run=bug)
            return built
        cli._parser = parser
        sys.argv = ["perfscore", "check", "x.perf"]
        sys.exit(cli.main())
    """)
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                           env={**os.environ, "PERFSCORE_DEBUG": ""})  # fmt: skip
    assert (child.returncode, child.stderr) == (70, (
        "perfscore: internal error: ZeroDivisionError: a bug over two lines (a bug in perfscore: please report it "
        "with the command and its files; PERFSCORE_DEBUG=1 shows the traceback)\n"))
    debug = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                           env={**os.environ, "PERFSCORE_DEBUG": "1"})  # fmt: skip
    assert debug.returncode == 1
    assert debug.stderr.startswith("Traceback") and debug.stderr.endswith("ZeroDivisionError: a bug\nover two lines\n")


# ---------------------------------------------------------------- never write over an input


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    for name in ("rubric.perf", "data.toml", "reported.toml"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize(
    ("argv", "output", "what"),
    [
        (["render", "rubric.perf", "--to", "md"], "rubric.perf", "rubric"),
        (["render", "rubric.perf", "--data", "data.toml", "--to", "html"], "data.toml", "data file"),
        (["score", "rubric.perf", "data.toml"], "data.toml", "data file"),
        (["score", "rubric.perf", "data.toml", "--format", "json"], "rubric.perf", "rubric"),
        (["audit", "rubric.perf", "data.toml", "reported.toml", "--format", "md"], "reported.toml",
         "reported-figures file"),
        (["template", "rubric.perf"], "rubric.perf", "rubric"),
    ],
    ids=["render-rubric", "render-data", "score-data", "score-rubric", "audit-reported", "template-rubric"],
)
@pytest.mark.parametrize("link", ["same-name", "symlink", "hard-link", "other-spelling"])
def test_no_command_writes_over_its_own_input(workdir: Path, argv: list[str], output: str, what: str, link: str,
                                              capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.chdir(workdir)
    before = {p.name: p.read_bytes() for p in workdir.iterdir()}
    target = {"same-name": output, "other-spelling": f"./sub/../{output}"}.get(link, f"alias{Path(output).suffix}")
    (workdir / "sub").mkdir()
    if link == "symlink":
        (workdir / target).symlink_to(workdir / output)
    elif link == "hard-link":
        os.link(workdir / output, workdir / target)
    assert main([*argv, "-o", target]) == 2
    assert capsys.readouterr() == ("", f"perfscore: error: {target}: this is the {what} the command reads; "
                                       "write the output to another file\n")  # fmt: skip
    assert {name: (workdir / name).read_bytes() for name in before} == before


def test_xlsx_over_an_input_is_refused_too(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlsx = workdir / "rubric.xlsx"
    os.link(workdir / "rubric.perf", xlsx)  # a hard link with the suffix xlsx needs
    assert main(["render", str(workdir / "rubric.perf"), "--to", "xlsx", "-o", str(xlsx)]) == 2
    assert "this is the rubric the command reads" in capsys.readouterr().err
    assert (workdir / "rubric.perf").read_bytes() == (EXAMPLE / "rubric.perf").read_bytes()


def test_a_failed_table_leaves_the_old_output_whole(workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    from perfscore.errors import MissingExtraError
    from perfscore.messages import msg

    out = workdir / "打分表.xlsx"
    out.write_bytes(b"last year's table")

    def half_written(table: object, path: str) -> None:
        Path(path).write_bytes(b"PK\x03\x04 half")
        raise MissingExtraError(msg("extra.xlsx"))

    monkeypatch.setattr(render, "write_xlsx", half_written)  # the cli imports it from there when it writes a table
    assert main(["render", str(workdir / "rubric.perf"), "--to", "xlsx", "-o", str(out)]) == 1
    assert capsys.readouterr().err == "错误：写入 .xlsx 需要 openpyxl：pip install 'perfscore[xlsx]'\n"  # the rubric's language
    assert out.read_bytes() == b"last year's table"
    assert sorted(p.name for p in workdir.iterdir()) == ["data.toml", "reported.toml", "rubric.perf", "打分表.xlsx"]


def test_fmt_rewrites_in_place_keeping_the_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rubric = tmp_path / "r.perf"
    rubric.write_text("总分   3\n指标 A1 甲 3 {\n达标\n}\n", "utf-8")
    rubric.chmod(0o640)
    assert main(["fmt", str(rubric)]) == 0
    assert rubric.read_text("utf-8") == "总分 3\n保留 2 位 四舍五入\n\n指标 A1 甲 3 {\n  达标\n}\n"
    assert rubric.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.perf"]
    crlf = tmp_path / "crlf.perf"
    crlf.write_bytes(rubric.read_bytes().replace(b"\n", b"\r\n"))
    capsys.readouterr()
    assert main(["fmt", "--check", str(crlf)]) == 0  # line ends alone are not a reformatting, as before


# ---------------------------------------------------------------- number options


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1e999999999", "1e999999999 is out of range: measured values are below 10^40 and above 10^-40; "
                        "expected a number such as 1.5"),
        ("1." + "1" * 40, "1.11111111…111111 (42 characters) has more than 40 significant digits; round it first; "
                   "expected a number such as 1.5"),
        ("x", "'x' is not a number; expected a number such as 1.5"),
        ("NaN", "'NaN' is not a finite number; expected a number such as 1.5"),
        ("-Infinity", "'-Infinity' is not a finite number; expected a number such as 1.5"),
        ("0", "0: expected a number above 0, such as 1.5"),
        ("-1", "-1: expected a number above 0, such as 1.5"),
    ],
)
def test_target_ratio_is_read_by_the_number_reader(value: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", RUBRIC, DATA, REPORTED, f"--target-ratio={value}"]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == f"perfscore audit: error: argument --target-ratio: {message}"


def test_target_ratio_as_a_percentage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", RUBRIC, DATA, REPORTED, "--target-ratio", "150%", "--format", "json"]) == 1  # its findings
    first = capsys.readouterr().out
    assert main(["audit", RUBRIC, DATA, REPORTED, "--target-ratio", "1.5", "--format", "json"]) == 1
    assert capsys.readouterr().out == first
    assert main(["audit", RUBRIC, DATA, REPORTED, "--target-ratio", "1.01", "--format", "json"]) == 1
    assert capsys.readouterr().out != first  # the option is used: a lower ratio notes more targets


# ---------------------------------------------------------------- test cases


def cases_error(tmp_path: Path, cases: str, capsys: pytest.CaptureFixture[str]) -> str:
    rubric = tmp_path / "r.perf"
    rubric.write_text(OK, "utf-8")
    (tmp_path / "r.tests.toml").write_text(cases, "utf-8")
    assert main(["test", "--lang", "en", str(rubric)]) == 1
    err = capsys.readouterr().err
    return err.replace(str(tmp_path / "r.tests.toml"), "r.tests.toml")


@pytest.mark.parametrize(
    ("case", "problem"),
    [
        ('data = 5', "case 1: `data` must be a data file's name or a table, not 5"),
        ('data = ""', "case 1: `data` must be a data file's name or a table, not ''"),
        ('data = { A1 = true }\nset = 5', "case 1: `set` must be a table such as { B22 = \"3\" }, not 5"),
        ('data = { A1 = true }\nexpect = "x"', "case 1: `expect` must be a table such as { B22 = \"3\" }, not 'x'"),
        ('data = { A1 = true }\nexplain = ["x"]',
         "case 1: `explain` must be a table such as { B22 = \"3\" }, not ['x']"),
        ('data = { A1 = true }\nexpect = { A1 = "x" }',
         "case 1: `expect.A1`: 'x' is not a number; write the expected score, such as \"1.35\""),
        ('data = { A1 = true }\nexpect = { A1 = true }',
         "case 1: `expect.A1`: True is not a number; write the expected score, such as \"1.35\""),
        ('data = { A1 = true }\nexpect = { grade = 5 }',
         "case 1: `expect.grade` must be text, such as \"良\", not 5"),
        ('data = { A1 = true }\nexplain = { A1 = 5 }',
         "case 1: `explain.A1` must be the words the explanation contains, not 5"),
        ('name = 7\ndata = { A1 = true }', "case 1: `name` must be text, not 7"),
        ('name = "满分"', "case 1 ('满分'): `data` is missing: name a data file beside the cases, or give an inline table"),
        ('data = { A1 = true }\nexpected = { A1 = "3" }',
         "case 1: unknown field 'expected'; a case has name, data, set, expect, explain"),
    ],
)
def test_every_malformed_case_names_the_case_and_the_field(tmp_path: Path, case: str, problem: str,
                                                           capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    assert cases_error(tmp_path, f"[[case]]\n{case}\n", capsys) == (
        f"error: 1 problem(s) in the test-cases file\n  - r.tests.toml: {problem}\n")


def test_all_problems_of_all_cases_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = '[[case]]\nname = "好"\ndata = { A1 = true }\n[[case]]\ndata = 5\nset = 5\n[[cases]]\nname = "typo"\n'
    assert cases_error(tmp_path, text, capsys) == (
        "error: 3 problem(s) in the test-cases file\n"
        "  - r.tests.toml: unknown top-level name 'cases'; write each case as a [[case]] table\n"
        "  - r.tests.toml: case 2: `data` must be a data file's name or a table, not 5\n"
        "  - r.tests.toml: case 2: `set` must be a table such as { B22 = \"3\" }, not 5\n")


def test_a_cases_file_without_cases_or_not_toml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cases_error(tmp_path, "# nothing yet\n", capsys) == (
        "error: 1 problem(s) in the test-cases file\n"
        "  - r.tests.toml: no test cases; write each case as a [[case]] table\n")
    assert cases_error(tmp_path, "case = 5\n", capsys) == (
        "error: 1 problem(s) in the test-cases file\n  - r.tests.toml: write each case as a [[case]] table\n")
    assert cases_error(tmp_path, "[[case]\n", capsys).startswith(
        "error: 1 problem(s) in the test-cases file\n  - r.tests.toml: invalid TOML: ")


def test_a_case_whose_data_file_is_missing_fails_that_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rubric = tmp_path / "r.perf"
    rubric.write_text(OK, "utf-8")
    (tmp_path / "r.tests.toml").write_text('[[case]]\nname = "甲"\ndata = "gone.toml"\n'
                                           '[[case]]\nname = "乙"\ndata = { A1 = true }\nexpect = { A1 = 3 }\n',
                                           "utf-8")  # fmt: skip
    assert main(["test", "--lang", "en", str(rubric)]) == 1
    out = capsys.readouterr().out
    assert f"FAIL {rubric} · 甲 · data: expected data that evaluates, computed 1 problem(s) in evaluation data\n" in out
    assert "cannot read the data file: No such file or directory" in out
    assert out.endswith("1 passed, 1 failed\n")
    assert main(["test", str(rubric)]) == 1  # a Chinese rubric: in Chinese, the data file's problem too
    out = capsys.readouterr().out
    assert f"未通过 {rubric} · 甲 · data：应为 可以评分的数据，算得 评价数据中有 1 个问题\n" in out
    assert out.endswith("1 个通过，1 个未通过\n")


# ---------------------------------------------------------------- every command, every bad file


def _bad_files(tmp_path: Path, suffix: str) -> dict[str, Path]:
    made = {}
    for name, content in (("gbk", "# 朔州\n总分 3\n".encode("gbk")), ("utf16", OK.encode("utf-16")),
                          ("utf16le", OK.encode("utf-16-le")), ("binary", b"\x7fELF\x00\x01"),
                          ("pdf", b"%PDF-1.4"), ("empty", b""), ("huge", b"#" * (1024 * 1024 + 1))):  # fmt: skip
        path = tmp_path / f"{name}{suffix}"
        path.write_bytes(content)
        made[name] = path
    made["directory"] = tmp_path / f"dir{suffix}"
    made["directory"].mkdir()
    if hasattr(os, "mkfifo"):
        made["fifo"] = tmp_path / f"fifo{suffix}"
        os.mkfifo(made["fifo"])
    if os.path.exists("/dev/zero"):
        made["dev-zero"] = tmp_path / f"zero{suffix}"
        made["dev-zero"].symlink_to("/dev/zero")
    return made


@pytest.mark.parametrize("slot", ["rubric", "data", "reported"])
def test_every_command_refuses_every_bad_file_in_its_own_words(tmp_path: Path, slot: str,
                                                               capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """No traceback, exit 1 with a message saying what the file is, for any bad file in any place."""
    suffix = {"rubric": ".perf", "data": ".toml", "reported": ".csv"}[slot]
    commands = {
        "rubric": [["check", "{}"], ["fmt", "{}"], ["fmt", "--check", "{}"], ["score", "{}", DATA],
                   ["explain", "{}", DATA], ["render", "{}", "--to", "md"], ["template", "{}"], ["test", "{}"],
                   ["audit", "{}", DATA, REPORTED]],
        "data": [["score", RUBRIC, "{}"], ["explain", RUBRIC, "{}"], ["render", RUBRIC, "--data", "{}", "--to", "md"],
                 ["audit", RUBRIC, "{}", REPORTED]],
        "reported": [["audit", RUBRIC, DATA, "{}"]],
    }[slot]  # fmt: skip
    expected = {
        "gbk": "GBK (GB18030) text, not UTF-8", "utf16": "UTF-16 text, not UTF-8", "utf16le": "UTF-16 text, not UTF-8",
        "binary": "this is a binary file (a NUL byte at byte 4)", "pdf": "this is a PDF file",
        "huge": "bytes, more than the limit of " + ("262,144" if slot == "rubric" else "1,048,576"), "directory": "this is a directory, not a regular file",
        "fifo": "this is a named pipe (FIFO), not a regular file",
        "dev-zero": "this is a character device, not a regular file",
        "empty": "the rubric is empty" if slot == "rubric" else "",
    }  # fmt: skip
    for name, path in _bad_files(tmp_path, suffix).items():
        for command in commands:
            argv = [str(path) if part == "{}" else part for part in command]
            status = main([*argv, "--lang", "en"])
            captured = capsys.readouterr()
            shown = captured.out + captured.err
            if name == "empty" and slot != "rubric":
                assert status in (0, 1), (argv, shown)  # empty data is data: a missing-input error or a result
                continue
            assert status == 1, (argv, shown)
            assert expected[name] in shown, (argv, shown)
            assert "Traceback" not in shown


def test_fmt_on_gbk_and_utf16_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gbk = tmp_path / "g.perf"
    gbk.write_bytes("# 朔州\n总分 3\n".encode("gbk"))
    assert main(["fmt", "--lang", "en", str(gbk)]) == 1
    assert capsys.readouterr().err == (
        f"{gbk}:1:1: error: the file is GBK (GB18030) text, not UTF-8 (line 1, byte 4)\n"
        "    hint: re-encode it as UTF-8, e.g. `iconv -f GB18030 -t UTF-8 old.perf > new.perf`, "
        "or in Notepad: Save As → Encoding: UTF-8\n")
    utf16 = tmp_path / "u.perf"
    utf16.write_bytes(OK.encode("utf-16"))
    assert main(["check", "--lang", "en", str(utf16)]) == 1
    assert capsys.readouterr().out == (
        f"{utf16}:1:1: error: the file is UTF-16 text, not UTF-8\n"
        "    hint: re-encode it as UTF-8, e.g. `iconv -f UTF-16 -t UTF-8 old.perf > new.perf`, "
        "or in Notepad: Save As → Encoding: UTF-8\n")
    assert utf16.read_bytes() == OK.encode("utf-16") and gbk.read_bytes() == "# 朔州\n总分 3\n".encode("gbk")

"""The ``perfscore`` command: check, score, explain, format and test rubrics."""

from __future__ import annotations

import argparse
import csv
import importlib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal, localcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, TypeVar

from .errors import (
    ArgumentError,
    DataError,
    Diagnostic,
    EvaluationError,
    PerfscoreError,
    RubricError,
    WordedError,
)
from .files import OutputError, os_reason, write_output
from .messages import LANGUAGES, Language, Message, Term, language_of, msg
from .numbers import NotANumber, parse_rate
from .render.escape import terminal, visible
from .rubric import load
from .suggest import Suggester

if TYPE_CHECKING:  # each command imports what it needs, so `perfscore check` starts quickly (bench/startup.py)
    from .population import Population, RowProblem, Unit
    from .render import Table
    from .result import Result
    from .rubric import Rubric

T = TypeVar("T")
RUBRIC_SUFFIXES = (".perf",)
#: Formats of the official 打分表 (``perfscore.render``).
TABLE_FORMATS = ("md", "html", "xlsx", "pdf")
#: The table formats that need a file (-o), and the suffix it must have.
FILE_FORMATS = {"xlsx": ".xlsx", "pdf": ".pdf"}
#: The format an output's suffix asks for, when --format is not given (any other suffix: the terminal table).
SUFFIX_FORMATS = {".json": "json", ".jsonl": "jsonl", ".csv": "csv", ".md": "md", ".html": "html", ".htm": "html",
                  ".xlsx": "xlsx", ".pdf": "pdf"}  # fmt: skip
DATA_SUFFIXES = (".toml", ".json")
#: A table of units, one row each: ``score`` scores the population.
UNITS_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")
REPORTED_SUFFIXES = (".toml", ".json", ".csv")

EXAMPLES = """
  perfscore check examples/shuozhou-2020/rubric.perf
  perfscore score examples/shuozhou-2020/rubric.perf examples/shuozhou-2020/data.toml
  perfscore score RUBRIC DATA --format json -o result.json
  perfscore explain examples/shuozhou-2020/rubric.perf examples/shuozhou-2020/data.toml B22 B24
  perfscore render examples/shuozhou-2020/rubric.perf --data examples/shuozhou-2020/data.toml --to xlsx -o 打分表.xlsx
  perfscore fmt --check examples/*/rubric.perf
  perfscore test examples/shuozhou-2020/rubric.perf
  perfscore audit examples/shuozhou-2020/rubric.perf examples/shuozhou-2020/data.toml examples/shuozhou-2020/reported.toml
  perfscore template RUBRIC -o reported.toml
  perfscore template RUBRIC --data -o 数据模板.xlsx
  perfscore schema RUBRIC -o schema.json
  perfscore chart RUBRIC 项目.xlsx --kind grades -o 等级.png
  perfscore new --list
  perfscore new --template mof-project -o rubric.perf
"""


class UsageError(Exception):
    """A mistake in how the command was called: one line, exit status 2; worded as every line of the command
    line is (:func:`_language`: --lang, else the rubric's language once read, else the locale's)."""

    def __init__(self, text: Message | str) -> None:
        self.text = text
        super().__init__(str(text))


#: How far a failed case's explanation is indented under its FAIL line.
EXPLANATION_INDENT = " " * 5
#: Exit statuses beyond 0 (success), 1 (problems found) and 2 (usage): Ctrl-C as a shell reports
#: SIGINT, a closed pipe as SIGPIPE, and EX_SOFTWARE (sysexits.h) for a bug in perfscore.
INTERRUPTED, BROKEN_PIPE, INTERNAL_ERROR = 130, 141, 70


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status. Nothing but one line on stderr is shown for a failure.

    Ctrl-C exits 130 with ``perfscore: interrupted``; a reader that closes the pipe early
    (``| head``) ends the command quietly with 141. An exception that is not a perfscore error
    is a bug: run as the program (``argv`` None) it prints one ``internal error`` line and exits
    70 (``PERFSCORE_DEBUG=1`` shows the traceback); called with ``argv``, as the tests do, it
    propagates, so a bug is never hidden behind an exit status.
    """
    args = argparse.Namespace(asked=_asked_language(sys.argv[1:] if argv is None else argv), spoken=None)
    try:
        return _main(argv, args)
    except KeyboardInterrupt:
        _tell(args, msg("cli.interrupted"))
        return INTERRUPTED
    except BrokenPipeError:
        _discard_stdout()
        return BROKEN_PIPE
    except Exception as exc:
        if argv is not None or os.environ.get("PERFSCORE_DEBUG"):
            raise
        what = " ".join(str(exc).split())[:200]
        _tell(args, msg("cli.internal-error", error=type(exc).__name__, what=what))
        return INTERNAL_ERROR


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit does not fail again ("Exception ignored …")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout is not a file (a test's capture): nothing will flush to the pipe
        pass


def _main(argv: Sequence[str] | None, args: argparse.Namespace) -> int:
    parser = _parser(_language(args))
    try:
        parser.parse_args(argv, namespace=args)
    except SystemExit as exit:  # argparse has printed its one-line error (status 2), or --help (0)
        return exit.code if isinstance(exit.code, int) else 2
    if args.command is None:
        parser.print_help()
        return 2
    try:
        status = int(args.run(args, sys.stdout))
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
        return status
    except UsageError as exc:
        _tell(args, msg("cli.error", message=exc.text))
        return 2
    except OutputError as exc:  # -o into a missing directory, a read-only file, a full disk
        _tell(args, msg("cli.error", message=exc.text))
        return 2
    except BrokenPipeError:
        raise
    except OSError as exc:  # writing to stdout: every file is read and written through perfscore.files
        _tell(args, msg("cli.error", message=msg("output.failed", path=exc.filename or msg("cli.stdout"),
                                                 why=os_reason(exc))))  # fmt: skip
        return 2
    except RubricError as exc:
        _print_diagnostics(exc.diagnostics, sys.stderr, args.lang)
        return 1
    except (DataError, EvaluationError) as exc:
        # name the file unless the message already does: the published figures' for their own problems
        data = getattr(args, "reported" if isinstance(exc, DataError) and exc.subject is not None else "data", None)
        text = exc.format(_language(args))  # read before the rubric (published figures): now in its language
        _tell(args, msg("cli.failed", message=msg("cli.in-file", path=data, message=text)
                        if data and str(data) not in text else text))  # fmt: skip
        return 1
    except WordedError as exc:  # a font, an extra not installed, an argument the API refused
        _tell(args, msg("cli.failed", message=exc.format(_language(args))))
        return 1
    except PerfscoreError as exc:  # pragma: no cover - every other perfscore error is one of the above
        _tell(args, msg("cli.failed", message=str(exc)))
        return 1


# ---------------------------------------------------------------- the language spoken


def _asked_language(argv: Sequence[str]) -> Language | None:
    """``--lang zh`` (or ``--lang=zh``) as given, before argparse has read it: for its own errors."""
    for k, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and k + 1 < len(argv) and argv[k + 1] in LANGUAGES:
            return "zh" if argv[k + 1] == "zh" else "en"
        if arg in ("--lang=zh", "--lang=en"):
            return "zh" if arg == "--lang=zh" else "en"
    return None


def locale_language() -> Language:
    """The language of the locale (POSIX: the first of LC_ALL, LC_MESSAGES, LANG that is set): Chinese for
    ``zh…`` (zh_CN.UTF-8, zh_TW), else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _language(args: argparse.Namespace) -> Language:
    """What the command line says is worded in: --lang; else the language of the rubric read (its keywords',
    the first one's for several); else, before any rubric is read, the locale's."""
    chosen: Language | None = getattr(args, "lang", None) or getattr(args, "asked", None) or \
        getattr(args, "spoken", None)  # fmt: skip
    return chosen or locale_language()


def _tell(args: argparse.Namespace, message: Message, file: TextIO | None = None) -> None:
    """One line of the command line's own, in its language (:func:`_language`); on stderr unless ``file``."""
    _say(message.render(_language(args)), file=sys.stderr if file is None else file)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's own words in --help and usage lines ("usage:", "options") worded from the catalogue."""

    language: Language = "en"
    #: argparse's section titles, and the catalogue's wording of each.
    SECTIONS = {"positional arguments": "usage.positionals", "options": "usage.options",
                "optional arguments": "usage.options"}  # fmt: skip

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:  # fmt: skip
        super().add_usage(usage, actions, groups, msg("usage.prefix").render(self.language) if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        key = self.SECTIONS.get(heading or "")
        super().start_section(msg(key).render(self.language) if key else heading)


class _Parser(argparse.ArgumentParser):
    """argparse, its errors and its --help worded in ``language`` from the catalogue (the usage line, the error
    line, the section titles); the exit status of a usage error is argparse's, 2."""

    def __init__(self, *args: Any, language: Language = "en", **kwargs: Any) -> None:
        self.language = language
        kwargs.update(add_help=False, formatter_class=_Formatter)  # -h below, its help worded
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=msg("usage.help").render(language))  # fmt: skip

    def _get_formatter(self) -> argparse.HelpFormatter:
        formatter = _Formatter(prog=self.prog)
        formatter.language = self.language
        return formatter

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        text = _usage_error(message, sys.exc_info()[1])
        self.exit(2, terminal(msg("usage.error", prog=self.prog, message=text).render(self.language)) + "\n")


class _Refused(argparse.ArgumentTypeError):
    """An option's value refused by its type, with the catalogue message saying why (argparse keeps only str())."""

    def __init__(self, text: Message) -> None:
        self.text = text
        super().__init__(str(text))


#: argparse's error messages (Python 3.11 to 3.13), each with the catalogue entry that words it.
_ARGPARSE_ERRORS = tuple((re.compile(pattern), key) for pattern, key in (
    (r"unrecognized arguments: (?P<arguments>.*)", "usage.unrecognized"),
    (r"argument (?P<argument>[^:]+): invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)", "usage.invalid-choice"),
    (r"the following arguments are required: (?P<arguments>.*)", "usage.required"),
    (r"one of the arguments (?P<arguments>.*) is required", "usage.one-of-required"),
    (r"argument (?P<argument>[^:]+): expected one argument", "usage.expected-one"),
    (r"argument (?P<argument>[^:]+): expected at most one argument", "usage.expected-at-most-one"),
    (r"argument (?P<argument>[^:]+): expected at least one argument", "usage.expected-at-least-one"),
    (r"argument (?P<argument>[^:]+): expected (?P<count>\d+) arguments?", "usage.expected-n"),
    (r"argument (?P<argument>[^:]+): invalid (?P<type>\S+) value: (?P<value>.*)", "usage.invalid-value"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)", "usage.ambiguous"),
    (r"argument (?P<argument>[^:]+): not allowed with argument (?P<other>.*)", "usage.not-allowed"),
    (r"argument (?P<argument>[^:]+): ignored explicit argument (?P<value>.*)", "usage.ignored-explicit"),
    (r"argument (?P<argument>[^:]+): (?P<message>.*)", "usage.argument"),
))  # fmt: skip


def _usage_error(text: str, raised: BaseException | None) -> Message:
    """argparse's English error as a catalogue message: matched by its words, with a "did you mean" for a
    mistyped choice (a command, a format) and the reason an option's type gave (:class:`_Refused`)."""
    if isinstance(raised, argparse.ArgumentError) and isinstance(raised.__context__, _Refused):
        return msg("usage.argument", argument=raised.argument_name or "", message=raised.__context__.text)
    for pattern, key in _ARGPARSE_ERRORS:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        fields = found.groupdict()
        if key == "usage.invalid-value":
            fields["type"] = msg("usage.type.int") if fields["type"] == "int" else fields["type"]
        message = msg(key, **fields)
        if key == "usage.invalid-choice":
            choices = [c.strip().strip("'\"") for c in fields["choices"].split(",")]
            close = Suggester().closest(fields["value"].strip("'\""), choices)
            if close:
                return msg("usage.did-you-mean", message=message, close=close)
        return message
    return msg("usage.other", message=text)


def _parser(language: Language = "en") -> argparse.ArgumentParser:
    parser = _Parser(language=language, prog="perfscore", description=msg("usage.description").render(language),
                     epilog=msg("usage.examples").render(language) + EXAMPLES)  # fmt: skip
    parser.add_argument("--version", action=_Version, nargs=0, help=msg("usage.version").render(language))
    parser.set_defaults(command=None)
    commands = parser.add_subparsers(title=msg("usage.commands").render(language), metavar="COMMAND")

    def command(name: str, example: str, lang: bool = True) -> argparse.ArgumentParser:
        help, epilog = msg(f"help.{name}").render(language), msg("usage.epilog", example=example).render(language)
        sub: argparse.ArgumentParser = commands.add_parser(name, help=help, description=help, epilog=epilog,
                                                           language=language)  # fmt: skip
        sub.set_defaults(command=name, lang=None)
        if lang:
            sub.add_argument("--lang", choices=("zh", "en"), default=None, help=msg("usage.lang").render(language))
        return sub

    check = command("check", "perfscore check rubric.perf")
    check.add_argument("rubrics", nargs="+", metavar="RUBRIC")
    check.set_defaults(run=_check)

    score = command("score", "perfscore score rubric.perf data.toml --format json\n  perfscore score rubric.perf 项目.xlsx "
                    "-o 结果.xlsx")  # fmt: skip
    score.add_argument("rubric", metavar="RUBRIC")
    score.add_argument("data", metavar="DATA", help=msg("help.score.data").render(language))
    score.add_argument("--format", choices=("table", "json", "jsonl", "csv", *TABLE_FORMATS), default=None,
                       help=msg("help.score.format").render(language))
    score.add_argument("-o", "--output", metavar="FILE", help=msg("help.output-xlsx-pdf").render(language))  # fmt: skip
    score.add_argument("--id", metavar="COLUMN", help=msg("help.score.id").render(language))  # fmt: skip
    score.add_argument("--by", metavar="COLUMN", help=msg("help.score.by").render(language))
    score.add_argument("--workers", metavar="N", type=int, default=1, help=msg("help.score.workers").render(language))
    score.add_argument("--sheet", metavar="NAME", help=msg("help.score.sheet").render(language))  # fmt: skip
    score.add_argument("--sheets", action="store_true", help=msg("help.score.sheets").render(language))
    score.add_argument("--charts", metavar="DIR", help=msg("help.score.charts").render(language))  # fmt: skip
    score.add_argument("--font", metavar="FILE", help=msg("help.score.font").render(language))  # fmt: skip
    score.set_defaults(run=_score)

    chart = command("chart", "perfscore chart rubric.perf 项目.xlsx --kind grades -o 等级.png\n  perfscore chart rubric.perf "
                    "项目.xlsx --kind unit --unit 甲项目 -o 甲项目.svg")  # fmt: skip
    chart.add_argument("rubric", metavar="RUBRIC")
    chart.add_argument("data", metavar="UNITS", help=msg("help.chart.data").render(language))
    chart.add_argument("--kind", choices=("totals", "grades", "groups", "unit", "总分分布", "等级", "一级指标", "单位"),
                       default="totals",
                       help=msg("help.chart.kind").render(language))  # fmt: skip
    chart.add_argument("--unit", metavar="UNIT", help=msg("help.chart.unit").render(language))
    chart.add_argument("-o", "--output", metavar="FILE", required=True, help=msg("help.chart.output").render(language))
    chart.add_argument("--font", metavar="FILE", help=msg("help.chart.font").render(language))  # fmt: skip
    chart.add_argument("--id", metavar="COLUMN", help=msg("help.chart.id").render(language))
    chart.add_argument("--sheet", metavar="NAME", help=msg("help.chart.sheet").render(language))
    chart.add_argument("--workers", metavar="N", type=int, default=1, help=msg("help.chart.workers").render(language))
    chart.set_defaults(run=_chart, format=None)

    render = command("render", "perfscore render rubric.perf --data data.toml --to xlsx -o 打分表.xlsx")
    render.add_argument("rubric", metavar="RUBRIC")
    render.add_argument("--data", metavar="DATA", action="append", help=msg("help.render.data").render(language))  # fmt: skip
    render.add_argument("--to", choices=TABLE_FORMATS, required=True, dest="format")
    render.add_argument("-o", "--output", metavar="FILE", help=msg("help.output-xlsx-pdf").render(language))  # fmt: skip
    render.add_argument("--font", metavar="FILE", help=msg("help.render.font").render(language))  # fmt: skip
    render.set_defaults(run=_render)

    explain = command("explain", "perfscore explain rubric.perf data.toml B22")
    explain.add_argument("rubric", metavar="RUBRIC")
    explain.add_argument("data", metavar="DATA")
    explain.add_argument("codes", nargs="*", metavar="CODE", help=msg("help.explain.codes").render(language))
    explain.add_argument("--unit", metavar="UNIT", help=msg("help.explain.unit").render(language))
    explain.add_argument("--id", metavar="COLUMN", help=msg("help.score.id").render(language))  # fmt: skip
    explain.add_argument("--sheet", metavar="NAME", help=msg("help.score.sheet").render(language))  # fmt: skip
    explain.set_defaults(run=_explain)

    fmt = command("fmt", "perfscore fmt --check rubric.perf",
                  lang=False)
    fmt.add_argument("rubrics", nargs="+", metavar="RUBRIC")
    fmt.add_argument("--check", action="store_true", help=msg("help.fmt.check").render(language))
    fmt.add_argument("--lang", choices=("zh", "en"), help=msg("help.fmt.lang").render(language))  # fmt: skip
    fmt.set_defaults(run=_fmt)

    audit = command("audit", "perfscore audit rubric.perf data.toml reported.toml --format md -o audit.md")
    audit.add_argument("rubric", metavar="RUBRIC")
    audit.add_argument("data", metavar="DATA", help=msg("help.audit.data").render(language))
    audit.add_argument("reported", metavar="REPORTED", help=msg("help.audit.reported").render(language))
    audit.add_argument("--format", choices=("table", "json", "md", "xlsx"), default="table")
    audit.add_argument("-o", "--output", metavar="FILE", help=msg("help.output-xlsx").render(language))
    audit.add_argument("--target-ratio", metavar="R", default="1.5", type=_positive_number,
                       help=msg("help.audit.target-ratio").render(language))
    audit.set_defaults(run=_audit)

    template = command("template", "perfscore template rubric.perf -o reported.toml\n  perfscore template rubric.perf --data -o "
                       "数据模板.xlsx")  # fmt: skip
    template.add_argument("rubric", metavar="RUBRIC")
    template.add_argument("--force", action="store_true", help=msg("help.template.force").render(language))
    template.add_argument("-o", "--output", metavar="FILE", help=msg("help.output-xlsx").render(language))
    template.add_argument("--data", action="store_true", help=msg("help.template.data").render(language))  # fmt: skip
    template.add_argument("--format", choices=("toml", "csv", "xlsx"),
                          help=msg("help.template.format").render(language))
    template.set_defaults(run=_template)

    schema = command("schema", "perfscore schema rubric.perf -o schema.json")
    schema.add_argument("rubric", metavar="RUBRIC")
    schema.add_argument("-o", "--output", metavar="FILE", help=msg("help.output").render(language))
    schema.set_defaults(run=_schema, format="json")

    new = command("new", "perfscore new --template mof-project -o rubric.perf\n  perfscore new --list")
    new.add_argument("--template", metavar="NAME", help=msg("help.new.template").render(language))
    new.add_argument("--list", action="store_true", help=msg("help.new.list").render(language))
    new.add_argument("-o", "--output", metavar="FILE", default="rubric.perf", help=msg("help.new.output").render(language))  # fmt: skip
    new.add_argument("--force", action="store_true", help=msg("help.new.force").render(language))
    new.set_defaults(run=_new)

    test = command("test", "perfscore test rubric.perf")
    test.add_argument("rubrics", nargs="+", metavar="RUBRIC")
    test.set_defaults(run=_test)
    return parser


# ---------------------------------------------------------------- helpers


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked (importlib.metadata costs start-up)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:  # fmt: skip
        from . import __version__

        print("perfscore", __version__)  # as argparse's own version action: stdout, status 0
        parser.exit()


def _positive_number(text: str) -> Decimal:
    """A number option, through perfscore's number reader (40 digits, 10^±40); argparse reports a refusal."""
    try:
        value = parse_rate(text)
    except NotANumber as exc:
        raise _Refused(msg("usage.number", why=exc.text)) from None
    if value <= 0:
        raise _Refused(msg("usage.above-zero", value=text))
    return value


def _existing(path: str, suffixes: tuple[str, ...], what: str) -> Path:
    """A file named on the command line; what it holds is refused, if need be, by the reader (perfscore.files)."""
    file = Path(path)
    if file.suffix.lower() == ".xls" and ".xlsx" in suffixes:  # an old workbook, still common: say how to convert it
        raise UsageError(msg("table.xls", path=path))
    if file.suffix.lower() not in suffixes:
        raise UsageError(msg("cli.suffix", path=path, what=msg(f"cli.what.{what}"),
                             suffixes=Term(" 或 ".join(suffixes), " or ".join(suffixes))))  # fmt: skip
    if not os.path.exists(path):  # False, not ValueError, for a NUL in the name
        raise UsageError(msg("cli.no-such-file", path=path))
    return file


def _rubric_paths(args: argparse.Namespace, paths: Sequence[str]) -> list[str]:
    """The rubrics ``check``, ``fmt`` and ``test`` act on: a folder stands for the .perf files below it, and
    among several paths (``examples/*/*``) a file that is no .perf is skipped with a note; named alone, it
    is refused as any command refuses it."""
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path) and Path(path).suffix.lower() not in RUBRIC_SUFFIXES:  # a.perf/ is refused as a file
            inside = sorted(str(p) for p in Path(path).rglob("*") if p.suffix.lower() in RUBRIC_SUFFIXES and p.is_file())
            if not inside:
                raise UsageError(msg("cli.no-rubrics-in", path=path))
            found += inside
        elif len(paths) > 1 and Path(path).suffix.lower() not in RUBRIC_SUFFIXES:
            _tell(args, msg("cli.not-a-rubric-skipped", path=path))
        else:
            found.append(path)
    if not found:
        raise UsageError(msg("cli.no-rubrics"))
    return found


def _colour(out: TextIO) -> bool:
    return out.isatty() and "NO_COLOR" not in os.environ


def _print_diagnostics(diagnostics: Sequence[Diagnostic], out: TextIO, language: Language | None = None) -> None:
    paint = _colour(out)
    for diagnostic in diagnostics:
        text = terminal(diagnostic.format(language))  # before painting: the only escape codes are ours
        if paint:
            colour = "\033[1;31m" if diagnostic.severity == "error" else "\033[1;33m"
            head, _, rest = text.partition("\n")
            word = msg(f"show.{diagnostic.severity}").render(language or diagnostic.shown_in)
            head = head.replace(f" {word}", f" {colour}{word}\033[0m", 1)
            lines = rest.split("\n")
            if len(lines) > 1:
                lines[1] = f"\033[32m{lines[1]}\033[0m"
            text = "\n".join([f"\033[1m{head}\033[0m", *lines])
        print(text, file=out)


def _load(path: str, args: argparse.Namespace) -> Rubric:
    """The rubric, its messages in --lang or its own language; the first one read sets the command line's
    language (:func:`_language`)."""
    rubric = load(_existing(path, RUBRIC_SUFFIXES, "rubric"), language=args.lang)
    args.spoken = args.spoken or rubric.language
    return rubric


def _evaluate(args: argparse.Namespace) -> Result:
    rubric = _load(args.rubric, args)
    return rubric.evaluate(_existing(args.data, DATA_SUFFIXES, "data"))


def _write(args: argparse.Namespace, out: TextIO, text: str) -> None:
    if getattr(args, "output", None):
        _write_file(args.output, text)
        _tell(args, msg("cli.wrote", path=args.output))  # as for a workbook: every file written is said
    else:
        out.write(terminal(text))  # JSON keeps its meaning: controls become its own \u001b escapes


def _say(text: str, file: TextIO) -> None:
    """Every line perfscore prints: rubric, data and path text made harmless for a terminal."""
    print(terminal(text), file=file)


def _write_file(path: str, text: str) -> None:
    with write_output(path) as target:  # complete or not at all
        Path(target).write_text(text, "utf-8")


def _write_json(args: argparse.Namespace, out: TextIO, document: object) -> None:
    _write(args, out, json.dumps(document, ensure_ascii=False, indent=2) + "\n")


# ---------------------------------------------------------------- commands


def _check(args: argparse.Namespace, out: TextIO) -> int:
    status = 0
    for path in _rubric_paths(args, args.rubrics):
        try:
            rubric = _load(path, args)
        except RubricError as exc:
            _print_diagnostics(exc.diagnostics, out, args.lang)
            args.spoken = args.spoken or (exc.diagnostics[0].shown_in if exc.diagnostics else None)
            status = 1
            continue
        _print_diagnostics(rubric.warnings, out, args.lang)
        _say(msg("cli.ok", path=path).render(rubric.language), file=out)
    return status


def _score(args: argparse.Namespace, out: TextIO) -> int:
    from .render import score_table

    suffix = Path(args.data).suffix.lower()
    if suffix in (*UNITS_SUFFIXES, ".xls"):
        return _score_units(args, out)
    if suffix not in DATA_SUFFIXES:
        raise UsageError(msg("cli.data-suffix", path=args.data, suffixes=", ".join(UNITS_SUFFIXES)))
    args.format = args.format or _format_of(args.output)
    if args.format == "jsonl":
        raise UsageError(msg("cli.jsonl"))
    _check_output(args)
    result = _evaluate(args)
    if args.format in TABLE_FORMATS:
        _write_table(args, out, score_table(result))
    elif args.format == "json":
        _write_json(args, out, result.to_dict())
    elif args.format == "csv":
        _write(args, out, render_csv(result))
    else:
        _write(args, out, render_table(result, _language(args)))
    return 0


def _format_of(output: str | None) -> str:
    """What ``-o FILE`` asks for by its suffix (``结果.json``: json); the terminal table for any other."""
    return SUFFIX_FORMATS.get(Path(output).suffix.lower(), "table") if output else "table"


def _score_units(args: argparse.Namespace, out: TextIO) -> int:
    """A population: every unit scored, every bad row reported on stderr (exit 1), the rest written.

    CSV and JSON Lines stream file to file (ranks in a second pass over a spool, memory bounded whatever
    the number of units); the terminal table and the workbook rank the units held in memory.
    """
    from .numbers import CONTEXT
    from .population import Population, no_units, prepare, run, run_scored
    from .render.charts import find_font, write_charts
    from .render.population import stream_population, write_population_xlsx

    if args.format is None:
        args.format = _format_of(args.output)
        if args.format not in ("table", "csv", "jsonl", "xlsx"):  # asked for by -o's suffix, not by --format
            raise UsageError(msg("cli.units-suffix", path=args.output))
    if args.format not in ("table", "csv", "jsonl", "xlsx"):
        raise UsageError(msg("cli.units-format", format=args.format))
    if args.charts and args.format in ("csv", "jsonl"):
        raise UsageError(msg("cli.charts"))
    if args.sheets and args.format != "xlsx":
        raise UsageError(msg("cli.sheets"))
    _check_output(args)
    rubric = _load(args.rubric, args)
    units = _existing(args.data, UNITS_SUFFIXES, "units")
    if args.charts:
        find_font(args.font)  # before scoring: no font, no chart
    categories = (args.by,) if args.by else ()
    with localcontext(CONTEXT):
        jobs, table_problems = prepare(rubric, units, args.id, categories, args.sheet, args.workers)

        def report(problem: RowProblem) -> None:
            _tell(args, msg("cli.in-file", path=args.data, message=str(problem)))

        for problem in table_problems:
            report(problem)
        if args.format in ("csv", "jsonl"):
            scored = _progress(run_scored(rubric, jobs, args.workers), _language(args))
            errors = sum(p.severity == "error" for p in table_problems)
            if args.output:
                # A CSV file starts with a BOM, so Excel (which otherwise opens it as GBK) shows its Chinese;
                # pandas and the csv module with utf-8-sig read it as they read any CSV.
                encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
                with write_output(args.output) as target, Path(target).open("w", encoding=encoding, newline="") as file:
                    count, found = stream_population(rubric, scored, file, args.format, args.by, categories, report)
                _tell(args, msg("cli.wrote", path=args.output))
            else:
                count, found = stream_population(rubric, scored, _Terminal(out), args.format, args.by, categories, report)
            if not count and not errors:  # as evaluate_many says it
                report(no_units(_language(args)))
            return 1 if errors + found or not count else 0  # no unit scored is no success (the untouched template)
        held = list(_progress(run(rubric, jobs, args.workers), _language(args)))
        if not held and not any(p.severity == "error" for p in table_problems):  # as evaluate_many says it
            table_problems.append(no_units(_language(args)))
            report(table_problems[-1])
        population = Population(rubric, held, [*table_problems, *(p for u in held for p in u.problems)])
        for unit in held:
            for problem in unit.problems:
                report(problem)
        if args.format == "xlsx":
            with write_output(args.output) as target:
                write_population_xlsx(population, target, args.by, sheets=args.sheets)
            _tell(args, msg("cli.wrote", path=args.output))
        else:
            _write(args, out, _population_table(population, args.by, _language(args)))
        if args.charts:
            for path in write_charts(population, args.charts, font=args.font):
                _tell(args, msg("cli.wrote", path=str(path)))
    return 1 if population.errors or not held else 0  # no unit scored is no success (the untouched template)


def _chart(args: argparse.Namespace, out: TextIO) -> int:
    """One chart of a scored table of units; every bad row reported on stderr (exit 1), the chart drawn from the rest."""
    from .render.charts import SUFFIXES as CHART_SUFFIXES
    from .render.charts import chart, find_font
    from .render.charts import save as save_chart

    if Path(args.output).suffix.lower() not in CHART_SUFFIXES:
        raise UsageError(msg("cli.chart-suffix", path=args.output, suffixes=", ".join(CHART_SUFFIXES)))
    if (args.kind in ("unit", "单位")) != (args.unit is not None):
        raise UsageError(msg("cli.kind-unit" if args.unit is None else "cli.unit-kind"))
    _check_output(args)
    rubric = _load(args.rubric, args)
    units = _existing(args.data, UNITS_SUFFIXES, "units")
    find_font(args.font)  # before scoring: no font, no chart
    population = rubric.evaluate_many(units, id=args.id, workers=args.workers, sheet=args.sheet)
    _tell_problems(args, population.problems)
    figure = chart(population, args.kind, unit=args.unit, font=args.font)
    with write_output(args.output) as target:
        save_chart(figure, target, Path(args.output).suffix)
    _tell(args, msg("cli.wrote", path=args.output))
    return 1 if population.errors else 0


class _Terminal:
    """A text stream for the terminal: every line made harmless as it is written (see render.escape.terminal)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, text: str) -> int:
        return self.out.write(terminal(text))


def _progress(units: Iterator[T], language: Language) -> Iterator[T]:
    """A progress bar on stderr while units are scored (tqdm, perfscore[progress]); none when stderr is not a
    terminal or tqdm is not installed."""
    if not sys.stderr.isatty():
        return units
    try:
        tqdm: Any = importlib.import_module("tqdm").tqdm
    except ImportError:
        return units
    return iter(tqdm(units, desc=msg("cli.progress").render(language), unit=msg("cli.progress-unit").render(language),
                     file=sys.stderr, mininterval=0.5, leave=False))  # fmt: skip


def _population_table(population: Population, by: str | None, language: Language) -> str:
    """Ranked units, aligned as the terminal shows CJK (double width); with ``by``, its column, each category
    together and ranked within it."""
    from .population import in_rank_order

    records = in_rank_order(population.to_records(by), by)
    columns: list[tuple[str, Callable[[dict[str, Any]], str], bool]] = [("排名", lambda r: str(r["排名"]), True)]
    if by:
        columns.append(("总排名", lambda r: str(r["总排名"]), True))
        columns.append((by, lambda r: str(r.get(by) or ""), False))
    columns += [("单位", lambda r: str(r["id"]), False), ("总分", lambda r: str(r["总分"]), True),
                ("等级", lambda r: str(r["等级"] or ""), False)]  # fmt: skip
    rows = [[visible(cell(r)) for _, cell, _ in columns] for r in records]
    widths = [max([_width(title)] + [_width(row[k]) for row in rows]) for k, (title, _, _) in enumerate(columns)]

    def line(cells: list[str]) -> str:
        return "  ".join(_pad(c, w, right) for c, w, (_, _, right) in zip(cells, widths, columns)).rstrip()

    lines = [line([title for title, _, _ in columns]), *(line(row) for row in rows)]
    summary = population.summary()
    scored = msg("cli.units-scored", scored=summary["scored"], units=summary["units"])
    if summary["with_errors"]:
        scored = msg("cli.units-with-errors", scored=scored, count=summary["with_errors"])
    lines.append(scored.render(language))
    return "\n".join(lines) + "\n"


def _render(args: argparse.Namespace, out: TextIO) -> int:
    from .render import score_table, score_table_for_rubric, write_workbook

    _check_output(args)
    rubric = _load(args.rubric, args)
    if not args.data:
        _write_table(args, out, score_table_for_rubric(rubric))
        return 0
    if len(args.data) > 1 and args.format != "xlsx":
        raise UsageError(msg("cli.several-data"))
    # Every file read before anything is written: a bad one stops the run with the others untouched.
    tables: dict[str, Table] = {}
    for data in args.data:
        try:
            tables[Path(data).stem] = score_table(rubric.evaluate(_existing(data, DATA_SUFFIXES, "data")))
        except (DataError, EvaluationError):
            args.data = data  # main names the data file a problem is in
            raise
    if len(tables) < len(args.data):
        raise UsageError(msg("cli.same-name-data"))
    if len(args.data) == 1:
        _write_table(args, out, next(iter(tables.values())))
        return 0
    with write_output(args.output) as target:
        write_workbook(tables, target)
    _tell(args, msg("cli.wrote-tables", path=args.output, count=len(tables)))
    return 0


def _audit(args: argparse.Namespace, out: TextIO) -> int:
    from .audit import AuditSettings, audit, read_reported
    from .render.audit import audit_markdown, audit_text, write_audit_xlsx

    _check_output(args)
    rubric = _load(args.rubric, args)
    reported = _existing(args.reported, REPORTED_SUFFIXES, "reported-figures")
    report = audit(rubric, _existing(args.data, DATA_SUFFIXES, "data"), read_reported(reported),
                   AuditSettings(target_ratio=args.target_ratio))  # fmt: skip
    if args.format == "xlsx":
        with write_output(args.output) as target:
            write_audit_xlsx(report, target)
        _tell(args, msg("cli.wrote", path=args.output))
    elif args.format == "json":
        _write_json(args, out, report.to_dict())
    elif args.format == "md":
        _write(args, out, audit_markdown(report))
    else:
        _write(args, out, audit_text(report))
    return 1 if report.errors else 0


def _template(args: argparse.Namespace, out: TextIO) -> int:
    from .audit import template
    from .render.template import data_template_csv, data_template_toml, write_data_template

    _check_output(args)
    if args.output and os.path.lexists(args.output) and not args.force:
        raise UsageError(msg("cli.template-exists", path=args.output))
    as_csv = args.format == "csv" or args.format is None and bool(args.output) and args.output.lower().endswith(".csv")
    if args.data:
        rubric = _load(args.rubric, args)
        if args.format == "toml" or args.format is None and bool(args.output) and args.output.lower().endswith(".toml"):
            _write(args, out, data_template_toml(rubric))  # one unit's data file
            return 0
        if as_csv:
            _write(args, out, "\ufeff" + data_template_csv(rubric) if args.output else data_template_csv(rubric))
            return 0
        args.format = "xlsx"
        _check_output(args)
        with write_output(args.output) as target:
            write_data_template(rubric, target)
        _tell(args, msg("cli.wrote", path=args.output))
        return 0
    if args.format == "xlsx":
        raise UsageError(msg("cli.xlsx-needs-data"))
    _write(args, out, template(_load(args.rubric, args), "csv" if as_csv else "toml"))
    return 0


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    _check_output(args)
    _write_json(args, out, _load(args.rubric, args).schema())
    return 0


#: The inputs a command may name, and what to call each in a refusal.
_INPUTS = (("rubric", "rubric"), ("data", "data file"), ("reported", "reported-figures file"))  # data: or units


def _check_output(args: argparse.Namespace) -> None:
    """Before anything is read or written: -o never names one of the command's own inputs, and xlsx needs a file.

    The comparison is of files, not names (``os.path.samefile``): a symbolic or hard link to an
    input is the input.
    """
    output = args.output
    for field, _ in _INPUTS:
        given = getattr(args, field, None)
        for one in given if isinstance(given, list) else [given]:  # render takes several --data
            if output and one and _same_file(output, one):
                raise UsageError(msg("cli.output-is-input", path=output, what=msg(f"cli.input.{field}")))
    suffix = FILE_FORMATS.get(args.format)
    if suffix is None:
        return
    if not output:
        raise UsageError(msg("cli.needs-file-an" if suffix.startswith(".x") else "cli.needs-file", suffix=suffix))
    if Path(output).suffix.lower() != suffix:
        kind = msg("cli.excel-table" if args.format == "xlsx" else "cli.a-pdf")
        raise UsageError(msg("cli.output-suffix", path=output, what=kind, suffix=suffix))


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # either one missing: they cannot be the same file
        return False


def _write_table(args: argparse.Namespace, out: TextIO, table: Table) -> None:
    from .render import to_html, to_markdown, write_pdf, write_xlsx
    from .render.pdf import installed_font

    if args.format == "xlsx":
        with write_output(args.output) as target:
            write_xlsx(table, target)
        _tell(args, msg("cli.wrote", path=args.output))
    elif args.format == "pdf":
        with write_output(args.output) as target:
            font = getattr(args, "font", None) or installed_font()  # found once, embedded as given
            if font is None:
                _tell(args, msg("cli.pdf-no-font"))
            write_pdf(table, target, font=font)
        _tell(args, msg("cli.wrote", path=args.output))
    elif args.format == "html":
        _write(args, out, to_html(table))
    else:
        _write(args, out, to_markdown(table))


def _explain(args: argparse.Namespace, out: TextIO) -> int:
    rubric = _load(args.rubric, args)
    if Path(args.data).suffix.lower() in (*UNITS_SUFFIXES, ".xls"):
        unit = _one_unit(args, rubric)
        if unit is None:
            return 1
        if unit.result is None:  # its row has errors: they say why there is nothing to explain
            for problem in unit.problems:
                _tell(args, msg("cli.in-file", path=args.data, message=str(problem)))
            return 1
        result = unit.result
    elif args.unit is not None or args.id is not None or args.sheet is not None:
        raise UsageError(msg("cli.unit-needs-table"))
    else:
        result = rubric.evaluate(_existing(args.data, DATA_SUFFIXES, "data"))
    unknown = [code for code in args.codes if code not in result]
    if unknown:
        raise UsageError(msg("cli.unknown-codes", codes=tuple(unknown)))
    language = args.lang or rubric.language
    if args.codes:
        for code in args.codes:
            _say(result.explain(code, language), file=out)
    else:
        _say(result.explain(language=language), file=out)
    return 0


def _one_unit(args: argparse.Namespace, rubric: Rubric) -> Unit | None:
    """The unit ``--unit`` names in a table of units, scored with the others (peer figures need them all); the
    only one when the table holds one; None, its problems said, when it holds none."""
    population = rubric.evaluate_many(_existing(args.data, UNITS_SUFFIXES, "units"), id=args.id, sheet=args.sheet)
    if args.unit is not None:
        return population[args.unit]  # an unknown one: refused with the closest id
    if not population.units:  # nothing to explain: the table's own problems say why (no row below the header …)
        _tell_problems(args, population.problems)
        return None
    if len(population.units) != 1:
        first = population.units[0].id if population.units else "…"
        raise UsageError(msg("cli.which-unit", count=len(population.units), first=first))
    return population.units[0]


def _tell_problems(args: argparse.Namespace, problems: Sequence[RowProblem]) -> None:
    """A table's problems on stderr, each after the file's name, in the CLI's language."""
    from .population import NO_UNITS, no_units

    for problem in problems:
        shown = no_units(_language(args)) if problem.message == NO_UNITS.message else problem
        _tell(args, msg("cli.in-file", path=args.data, message=str(shown)))


def _fmt(args: argparse.Namespace, out: TextIO) -> int:
    from .parser import parse
    from .printer import format_rubric
    from .rubric import read_source

    status = 0
    for path in _rubric_paths(args, args.rubrics):
        _existing(path, RUBRIC_SUFFIXES, "rubric")
        # Read as `check` reads it, newlines as the text-mode read this replaced saw them.
        text = read_source(path).replace("\r\n", "\n").replace("\r", "\n")
        language = args.lang or language_of(text)
        formatted = format_rubric(parse(text, path), language, text)
        if formatted == text:
            continue
        if args.check:
            _say(msg("cli.would-reformat", path=path).render(language), file=out)
            status = 1
        else:
            _write_file(path, formatted)
            _say(msg("cli.reformatted", path=path).render(language), file=out)
    return status


def _new(args: argparse.Namespace, out: TextIO) -> int:
    from . import templates

    if args.list:
        width = max(len(t.name) for t in templates.TEMPLATES)
        for known in templates.TEMPLATES:
            listed = f"{known.name.ljust(width)}  {known.title}\n{' ' * width}  {known.source}"  # names, not words
            _say(listed, file=out)
        return 0
    if args.template is None:
        raise UsageError(msg("cli.name-template"))
    if not args.output.endswith(".perf"):
        raise UsageError(msg("cli.perf-suffix", path=args.output))
    try:
        files = templates.written(args.template, Path(args.output).name)
    except ArgumentError as exc:
        raise UsageError(exc.text) from None
    folder = Path(args.output).parent
    targets = {folder / name: text for name, text in files.items()}
    existing = [str(path) for path in targets if os.path.lexists(path)]
    if existing and not args.force:
        raise UsageError(msg("cli.exists", paths=", ".join(existing), s=Term("", "s" if len(existing) == 1 else "")))
    args.spoken = language_of(files[Path(args.output).name])  # the rubric written: the language it is in
    for path, text in targets.items():
        _write_file(str(path), text)
        _tell(args, msg("cli.wrote", path=str(path)))
    _tell(args, msg("cli.next", test=f"perfscore test {args.output}", score=f"perfscore score {args.output} {folder / 'data.toml'}"))
    return 0


def _test(args: argparse.Namespace, out: TextIO) -> int:
    from .cases import cases_path, run_cases

    ran = failed = 0
    paths = _rubric_paths(args, args.rubrics)
    with_cases = [p for p in paths if os.path.exists(cases_path(Path(p)))]
    for path in paths:
        rubric = _load(path, args)
        language = args.lang or rubric.language
        cases = cases_path(Path(path))
        if path not in with_cases:
            if not with_cases:  # a rubric named alone without cases, or a folder with none
                raise UsageError(msg("cli.no-cases", path=path, cases=str(cases)))
            # among several (a folder of examples), the others are tested
            _say(msg("cli.no-cases-skipped", path=path, cases=str(cases)).render(language), file=sys.stderr)
            continue
        count, failures = run_cases(rubric, cases)
        ran += count
        failed += len({f.case for f in failures})
        for failure in failures:
            _say(msg("cli.fail", path=path, case=failure.case, what=failure.what, expected=failure.expected,
                     computed=failure.computed).render(language), file=out)  # fmt: skip
            if failure.explanation:
                _say(EXPLANATION_INDENT + failure.explanation, file=out)
    _tell(args, msg("cli.passed", passed=ran - failed, failed=failed), file=out)
    return 1 if failed else 0


# ---------------------------------------------------------------- output formats


def _width(text: str) -> int:
    """Terminal columns: CJK and full-width count double, combining marks and format characters nothing."""
    return sum(0 if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf")
               else 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)  # fmt: skip


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(width - _width(text), 0)
    return fill + text if right else text + fill


def render_table(result: Result, language: Language = "zh") -> str:
    """The score tree as an aligned text table (CJK characters count double); every text shown safe, on one line.
    The columns are the 打分表's, in Chinese; the notes below it are worded in ``language``."""
    from .explain import actual_text, verdict_lines
    from .numbers import brief, percent, plain

    header = ("指标", "权重", "业绩值", "得分", "得分率")
    rows = []
    for node in result:
        name = "  " * (node.level - 1) + visible(f"{node.code} {node.name}")
        rate = "" if node.rate is None else percent(node.rate, 2)
        mark = " *" if node.override is not None else ""
        # scores at the rubric's places, as the 打分表, the JSON and the population's table show them (87.80)
        rows.append((name, brief(node.weight), visible(actual_text(node)), str(node.score) + mark, rate))
    rows.append(("合计", plain(result.maximum), "", str(result.total), percent(result.rate, 2)))
    widths = [max(_width(row[k]) for row in [header, *rows]) for k in range(len(header))]
    lines = []
    for k, row in enumerate([header, *rows]):
        cells = [_pad(row[0], widths[0])] + [_pad(cell, widths[i], right=True) for i, cell in enumerate(row) if i]
        lines.append("  ".join(cells).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    if result.grade:
        lines.append(f"评价等级：{visible(result.grade)}")
    lines += [visible(line) for line in verdict_lines(result)]  # the grade condition matched, the vetoes fired
    if result.overrides:
        lines.append(msg("cli.overridden").render(language))
    for warning in result.warnings:
        lines.append(msg("cli.warning", message=visible(warning)).render(language))
    return "\n".join(lines) + "\n"


def render_csv(result: Result) -> str:
    """One row per node; numbers exact digits (a spreadsheet reads them as numbers), texts never a formula."""
    import io

    from .render.escape import csv_row

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["code", "level", "name", "weight", "actual", "score", "rate", "override_reason"])
    for node in result:
        reason = node.override.reason if node.override is not None else ""
        writer.writerow(csv_row([node.code, node.level, node.name, node.weight, node.actual, node.score, node.rate,
                                 reason]))  # fmt: skip
    writer.writerow(csv_row(["total", 0, result.title, result.maximum, None, result.total, result.rate, result.grade]))
    return buffer.getvalue()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

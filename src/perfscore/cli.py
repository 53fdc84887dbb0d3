"""The ``perfscore`` command: check rubrics, score data, explain scores."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Sequence
from typing import TextIO

from . import __version__, ast
from .errors import DataError, EvaluationError, PerfscoreError, RubricError
from .explain import is_rate
from .numbers import percent, plain, round_to
from .result import Result
from .rubric import Rubric, load

EXAMPLES = """examples:
  perfscore check examples/shuozhou-2020/rubric.perf
  perfscore score examples/shuozhou-2020/rubric.perf examples/shuozhou-2020/data.toml
  perfscore score RUBRIC DATA --format json
  perfscore explain examples/shuozhou-2020/rubric.perf examples/shuozhou-2020/data.toml B22 B24
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return int(args.run(args, sys.stdout))
    except RubricError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        return 1
    except (DataError, EvaluationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except PerfscoreError as exc:  # pragma: no cover - every subclass is handled above
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="perfscore",
        description="Check performance-evaluation rubrics, score data exactly, explain every point.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"perfscore {__version__}")
    parser.set_defaults(command=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    check = commands.add_parser("check", help="report every problem in rubric files",
                                epilog="exit status: 0 clean, 1 problems found, 2 usage error")  # fmt: skip
    check.add_argument("rubrics", nargs="+", metavar="RUBRIC")
    check.set_defaults(command="check", run=_check)

    score = commands.add_parser("score", help="score one set of data")
    score.add_argument("rubric", metavar="RUBRIC")
    score.add_argument("data", metavar="DATA", help="a .toml or .json file")
    score.add_argument("--format", choices=("table", "json"), default="table")
    score.set_defaults(command="score", run=_score)

    explain = commands.add_parser("explain", help="show the arithmetic behind scores")
    explain.add_argument("rubric", metavar="RUBRIC")
    explain.add_argument("data", metavar="DATA")
    explain.add_argument("codes", nargs="*", metavar="CODE", help="nodes to explain (default: all)")
    explain.add_argument("--lang", choices=("zh", "en"), default="zh")
    explain.set_defaults(command="explain", run=_explain)
    return parser


def _check(args: argparse.Namespace, out: TextIO) -> int:
    status = 0
    for path in args.rubrics:
        try:
            rubric = load(path)
        except RubricError as exc:
            for diagnostic in exc.diagnostics:
                print(diagnostic.format(), file=out)
            status = 1
            continue
        for warning in rubric.warnings:
            print(warning.format(), file=out)
        print(f"{path}: ok", file=out)
    return status


def _evaluate(args: argparse.Namespace) -> tuple[Rubric, Result]:
    rubric = load(args.rubric)
    return rubric, rubric.evaluate(args.data)


def _score(args: argparse.Namespace, out: TextIO) -> int:
    _, result = _evaluate(args)
    if args.format == "json":
        json.dump(result.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(render_table(result))
    return 0


def _explain(args: argparse.Namespace, out: TextIO) -> int:
    _, result = _evaluate(args)
    unknown = [code for code in args.codes if code not in result]
    if unknown:
        print(f"error: unknown code(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    if args.codes:
        for code in args.codes:
            print(result.explain(code, args.lang), file=out)
    else:
        print(result.explain(language=args.lang), file=out)
    return 0


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(width - _width(text), 0)
    return fill + text if right else text + fill


def render_table(result: Result) -> str:
    """The score tree as an aligned text table (CJK characters count double)."""
    header = ("指标", "权重", "业绩值", "得分", "得分率")
    rows = []
    for node in result:
        name = "  " * (node.level - 1) + f"{node.code} {node.name}"
        actual = ""
        if node.actual is not None and isinstance(node.node, ast.Indicator):
            actual = percent(node.actual, 2) if is_rate(node.node) else plain(round_to(node.actual, 4))
        rate = "" if node.rate is None else percent(node.rate, 2)
        mark = " *" if node.override is not None else ""
        rows.append((name, plain(node.weight), actual, plain(node.score) + mark, rate))
    rows.append(("合计", plain(result.maximum), "", plain(result.total), percent(result.rate, 2)))
    widths = [max(_width(row[k]) for row in [header, *rows]) for k in range(len(header))]
    lines = []
    for k, row in enumerate([header, *rows]):
        cells = [_pad(row[0], widths[0])] + [_pad(cell, widths[i], right=True) for i, cell in enumerate(row) if i]
        lines.append("  ".join(cells).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    if result.grade:
        lines.append(f"评价等级：{result.grade}")
    if result.overrides:
        lines.append("* 经调整的得分，理由见 `perfscore explain`")
    for warning in result.warnings:
        lines.append(f"warning: {warning}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

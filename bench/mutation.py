"""A small, repeatable mutation run over perfscore's scoring core (stdlib only).

Each mutant is one change to one module — a comparison flipped (``<`` ↔ ``<=``, ``==`` ↔ ``!=``,
``in`` ↔ ``not in``, ``is`` ↔ ``is not``), an operator swapped (``+`` ↔ ``-``, ``*`` ↔ ``/``),
``and`` ↔ ``or``, a ``not`` dropped, ``True`` ↔ ``False``, a whole-number constant changed
(``n`` → ``n + 1``, ``1`` → ``0``), a statement deleted (an ``if``, a ``raise``, a call, an
augmented assignment, ``continue``/``break``: replaced by ``pass``) — and is *killed* when the
module's tests fail on it (``pytest -x -q``, a fixed hypothesis seed, a per-mutant timeout).

The run works on a private copy of the checkout (in a temporary directory, put first on
``PYTHONPATH``), so the working tree, and anyone else's test run, never sees a mutant.
Docstrings, type annotations, ``TYPE_CHECKING`` blocks and the ``__all__`` list are not mutated.

    nice -n 19 python bench/mutation.py --list --module evaluate          # the mutants, not run
    nice -n 19 python bench/mutation.py --module evaluate --sample 60     # 60 drawn at random (seed 0)
    nice -n 19 python bench/mutation.py --module compiler --budget 600    # as many as fit in 10 minutes
    nice -n 19 python bench/mutation.py --module rules.bands --index 17   # one mutant (its number in --list)
    nice -n 19 python bench/mutation.py --group checker --sample 20 --budget 1800 --record runs.jsonl
    nice -n 19 python bench/mutation.py                                   # every module, every mutant

Module keys are dotted paths under ``src/perfscore`` (``compiler``, ``evaluate``, ``data``, ``audit``,
``rules.bands`` … , ``checker.indicators`` …); ``--group`` names the groups the scores are reported by.
``--tests FILE`` runs other test files than the module's; ``--budget`` bounds the whole run.

It prints one line per surviving mutant (module:line, the operator, the mutated line) and a
table of killed / survived / timed out per module. Run it with ``nice``: it is CPU-heavy.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path("src") / "perfscore"

#: The tests that exercise each module (the files a change there should break). Module keys are
#: dotted paths under src/perfscore (``rules.bands`` is src/perfscore/rules/bands.py).
_SCORING = ["test_mutants_scoring.py", "test_mutants_rules.py", "test_mutants_seed4.py", "test_mutants_seed5.py", "test_mutants_seed6.py", "test_mutants_seed7.py", "test_mutants_seed8.py", "test_mutants_seed9.py", "test_scoring_edges.py", "test_scoring_edges_2.py",
            "test_evaluation_edges.py", "test_mechanisms.py", "test_not_applicable_complete.py", "test_lang_caps.py", "test_lang_parts.py",
            "test_example_shuozhou.py", "test_example_liuyang.py", "test_properties.py", "test_peers.py"]  # fmt: skip
_READERS = ["test_mutants_readers.py", "test_readers.py", "test_data.py", "test_bad_input.py",
            "test_surveys_weighted.py", "test_context_pickle_numbers.py"]  # fmt: skip
_CHECKER = ["test_mutants_checker.py", "test_mutants_seed4.py", "test_mutants_seed5.py", "test_mutants_seed6.py", "test_mutants_seed7.py", "test_mutants_seed8.py", "test_mutants_seed9.py", "test_checker_rules.py", "test_checker_rules_2.py", "test_checker.py",
            "test_surveys_weighted.py", "test_lang_parts.py", "test_references.py",
            "test_checker_formulas_points.py", "test_bad_input.py", "test_example_shuozhou.py",
            "test_example_liuyang.py"]  # fmt: skip
#: A rule module is parsed, checked, compiled, explained, printed and gives the data's JSON Schema (data_shape):
#: its tests are all of those.
_RULE = _SCORING + ["test_mutants_readers.py", "test_mutants_checker.py", "test_checker_rules.py",
                    "test_checker_rules_2.py", "test_readers.py", "test_printer.py", "test_render.py",
                    "test_lang_judged.py", "test_rule_per_occurrence.py", "test_audit_edges.py", "test_wording.py",
                    "test_total_bounds.py", "test_audit_reachable.py", "test_schema.py", "test_facts.py"]  # fmt: skip
TESTS: dict[str, list[str]] = {
    "compiler": _SCORING + _READERS,
    "evaluate": _SCORING + _READERS,
    "data": _READERS + ["test_mutants_scoring.py", "test_mutants_seed4.py", "test_mutants_seed5.py", "test_mutants_seed6.py", "test_mutants_seed7.py", "test_mutants_seed8.py", "test_mutants_seed9.py", "test_evaluation_edges.py", "test_mechanisms.py",
                        "test_scoring_edges.py", "test_scoring_edges_2.py", "test_not_applicable_complete.py"],
    **{f"rules.{kind}": _RULE for kind in ("bands", "binary", "checklist", "common", "deduct", "formula", "judged",
                                           "levels", "linear", "per_occurrence", "proportional")},
    **{f"checker.{part}": _CHECKER + ["test_units.py", "test_total_bounds.py"]
       for part in ("__init__", "exprs", "indicators", "report")},
    "checker.facts": _CHECKER + ["test_facts.py"],
    "checker.refs": _CHECKER + ["test_references.py", "test_vetoes_grades.py"],
    "checker.peers": _CHECKER + ["test_peers.py"],
    "audit": ["test_mutants_audit.py", "test_mutants_seed4.py", "test_mutants_seed5.py", "test_mutants_seed6.py", "test_mutants_seed7.py", "test_mutants_seed8.py", "test_mutants_seed9.py", "test_audit_edges.py", "test_audit_edges_2.py", "test_audit.py",
              "test_example_audits.py", "test_properties.py", "test_audit_reachable.py"],
}  # fmt: skip
#: Tests that time the code, not check a value: under ``nice`` on a loaded machine they fail for no mutant.
TIMING = ["tests/test_evaluation_edges.py::test_look_alikes_are_found_in_linear_time",
          "tests/test_bad_input.py::test_a_10_mb_rubric_is_refused_at_once_without_reading",
          "tests/test_bad_input.py::test_thousands_of_unknown_names_stay_fast"]  # fmt: skip
#: The groups the scores are reported by (docs/reliability.md, "Mutation testing").
GROUPS = {"scoring core": ("compiler", "evaluate", "data", "rules."), "checker": ("checker.",), "audit": ("audit",)}


def module_path(module: str) -> Path:
    return PACKAGE.joinpath(*module.split(".")).with_suffix(".py")


_COMPARE_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
    ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}  # fmt: skip
_BINOP_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Div,
}  # fmt: skip
_DELETABLE = (ast.If, ast.Raise, ast.Expr, ast.AugAssign, ast.Continue, ast.Break)


@dataclass(frozen=True)
class Mutant:
    module: str
    index: int  # the index-th mutation point of the module, in a fixed walk order
    line: int
    operator: str

    @property
    def name(self) -> str:
        return f"{self.module}:{self.line} {self.operator}"


class _Points(ast.NodeTransformer):
    """Walks a module in a fixed order, numbering every mutation point; applies the one asked for.

    ``target`` None only records the points. Skipped: docstrings, annotations, ``__all__``,
    ``if TYPE_CHECKING:`` blocks, and string constants (messages are pinned by the tests anyway,
    and a mutated message is not a wrong score).
    """

    def __init__(self, target: int | None = None) -> None:
        self.target = target
        self.found: list[tuple[int, str]] = []

    def _point(self, node: ast.AST, operator: str) -> bool:
        """Number this point; true when it is the one to apply."""
        self.found.append((getattr(node, "lineno", 0), operator))
        return len(self.found) - 1 == self.target

    # --- skipped regions
    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AST:
        if node.value is not None:
            node.value = self.visit(node.value)
        return node

    def visit_arg(self, node: ast.arg) -> ast.AST:
        return node

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.AST:
        node.args = self.visit(node.args)
        node.body = self._body(node.body)
        return node

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        node.body = self._body(node.body)
        return node

    def visit_Assign(self, node: ast.Assign) -> ast.AST:
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return node
        return self.generic_visit(node)

    def _body(self, body: list[ast.stmt]) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for k, stmt in enumerate(body):
            docstring = k == 0 and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
            if docstring or _is_type_checking(stmt):
                out.append(stmt)
                continue
            if isinstance(stmt, _DELETABLE) and self._point(stmt, f"delete {type(stmt).__name__.lower()}"):
                out.append(ast.copy_location(ast.Pass(), stmt))
                continue
            out.append(self.visit(stmt))
        return out

    def visit_Module(self, node: ast.Module) -> ast.AST:
        node.body = self._body(node.body)
        return node

    def generic_visit(self, node: ast.AST) -> ast.AST:
        # statement lists inside if/for/while/with/try bodies go through _body, so they can be deleted
        for field, value in ast.iter_fields(node):
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                setattr(node, field, self._body(value))
            elif isinstance(value, list):
                setattr(node, field, [self.visit(v) if isinstance(v, ast.AST) else v for v in value])
            elif isinstance(value, ast.AST):
                setattr(node, field, self.visit(value))
        return node

    # --- mutation points
    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        for k, op in enumerate(node.ops):
            swap = _COMPARE_SWAPS.get(type(op))
            if swap is not None and self._point(node, f"{_sym(op)} -> {_sym(swap())}"):
                node.ops[k] = swap()
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        swap = _BINOP_SWAPS.get(type(node.op))
        if swap is not None and self._point(node, f"{_sym(node.op)} -> {_sym(swap())}"):
            node.op = swap()
        return node

    def visit_AugAssign(self, node: ast.AugAssign) -> ast.AST:
        self.generic_visit(node)
        swap = _BINOP_SWAPS.get(type(node.op))
        if swap is not None and self._point(node, f"{_sym(node.op)}= -> {_sym(swap())}="):
            node.op = swap()
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        self.generic_visit(node)
        swap = ast.Or if isinstance(node.op, ast.And) else ast.And
        if self._point(node, f"{_sym(node.op)} -> {_sym(swap())}"):
            node.op = swap()
        return node

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Not) and self._point(node, "drop not"):
            return node.operand
        if isinstance(node.op, ast.USub) and self._point(node, "drop unary -"):
            return node.operand
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        value = node.value
        if isinstance(value, bool):
            if self._point(node, f"{value} -> {not value}"):
                return ast.copy_location(ast.Constant(not value), node)
        elif isinstance(value, int):
            new = 0 if value == 1 else value + 1
            if self._point(node, f"{value} -> {new}"):
                return ast.copy_location(ast.Constant(new), node)
        return node


def _is_type_checking(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.If) and "TYPE_CHECKING" in ast.unparse(stmt.test)


_SYMBOLS = {
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=", ast.In: "in",
    ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not", ast.Add: "+", ast.Sub: "-", ast.Mult: "*",
    ast.Div: "/", ast.FloorDiv: "//", ast.And: "and", ast.Or: "or",
}  # fmt: skip


def _sym(op: ast.AST) -> str:
    return _SYMBOLS.get(type(op), type(op).__name__)


def mutants(module: str, root: Path = ROOT) -> list[Mutant]:
    source = (root / module_path(module)).read_text(encoding="utf-8")
    walker = _Points()
    walker.visit(ast.parse(source))
    return [Mutant(module, k, line, op) for k, (line, op) in enumerate(walker.found)]


def mutated_source(mutant: Mutant, root: Path = ROOT) -> str:
    source = (root / module_path(mutant.module)).read_text(encoding="utf-8")
    tree = _Points(mutant.index).visit(ast.parse(source))
    return ast.unparse(ast.fix_missing_locations(tree))


def source_line(mutant: Mutant, source: str | None = None) -> str:
    """The unmutated line (from ``source``, the module's text, or the checkout's file)."""
    text = source if source is not None else (ROOT / module_path(mutant.module)).read_text(encoding="utf-8")
    lines = text.splitlines()
    return lines[mutant.line - 1].strip() if 0 < mutant.line <= len(lines) else ""


def _copy_checkout(into: Path) -> None:
    ignore = shutil.ignore_patterns(".git", "__pycache__", ".hypothesis", ".pytest_cache", ".mypy_cache", "site")
    shutil.copytree(ROOT, into, ignore=ignore, symlinks=True)


def _run_tests(work: Path, tests: list[str], timeout: float, deselect: list[str]) -> tuple[str, float]:
    """'killed', 'survived' or 'timeout', and the seconds taken."""
    env = dict(os.environ, PYTHONPATH=str(work / "src"), PYTHONDONTWRITEBYTECODE="1")
    shutil.rmtree(work / ".hypothesis", ignore_errors=True)  # no replay of another mutant's failures
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--hypothesis-seed=0",
               *[f"--deselect={d}" for d in deselect], *[f"tests/{t}" for t in tests]]  # fmt: skip
    start = time.monotonic()
    try:
        done = subprocess.run(command, cwd=work, env=env, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - start
    return ("survived" if done.returncode == 0 else "killed"), time.monotonic() - start


def _choose(module: str, root: Path, indexes: list[int], sample: int | None, rng: random.Random) -> list[Mutant]:
    every = mutants(module, root)
    if indexes:
        return [every[k] for k in indexes if 0 <= k < len(every)]
    if sample and sample < len(every):
        return sorted(rng.sample(every, sample), key=lambda m: m.index)
    return every


def run(modules: list[str], chosen_tests: list[str] | None, indexes: list[int], sample: int | None,
        budget: float | None, seed: int, timeout: float | None, deselect: list[str], record: Path | None) -> int:  # fmt: skip
    rng = random.Random(seed)
    table: dict[str, dict[str, int]] = {}
    deadline = time.monotonic() + budget if budget else None
    baselines: dict[tuple[str, ...], float] = {}  # one unmutated run per distinct test list
    # a private copy per run: parallel runs (and the working tree) never see each other's mutants
    with tempfile.TemporaryDirectory(prefix="perfscore-mutation-") as tmp:
        work = Path(tmp) / "checkout"
        _copy_checkout(work)
        # Mutants are made from the copy, never from the checkout: an edit there during a long run would
        # otherwise be mutated into the copy beside files it does not match (an ImportError "kills" it).
        chosen = {module: _choose(module, work, indexes, sample, rng) for module in modules}
        for module, todo in chosen.items():
            tests = [t for t in (chosen_tests or TESTS[module]) if (work / "tests" / t).exists()]
            target = work / module_path(module)
            original = target.read_text(encoding="utf-8")
            if tuple(tests) not in baselines:
                outcome, seconds = _run_tests(work, tests, 900, deselect)
                if outcome != "survived":
                    print(f"{module}: the tests fail before any mutation ({outcome}); fix them first, or --deselect "
                          "the failing test", file=sys.stderr)  # fmt: skip
                    return 2
                baselines[tuple(tests)] = seconds
            baseline = baselines[tuple(tests)]
            limit = timeout or max(3 * baseline, baseline + 10)
            print(f"{module}: {len(todo)} mutants, tests {' '.join(tests)}; baseline {baseline:.1f}s, "
                  f"timeout {limit:.0f}s", flush=True)  # fmt: skip
            counts = table.setdefault(module, {"killed": 0, "survived": 0, "timeout": 0})
            try:
                for mutant in todo:
                    if deadline is not None and time.monotonic() > deadline:
                        print(f"{module}: time budget spent", flush=True)
                        break
                    target.write_text(mutated_source(mutant, work), encoding="utf-8")
                    outcome, _ = _run_tests(work, tests, limit, deselect)
                    counts[outcome] += 1
                    if outcome != "killed":
                        print(f"  {outcome}: #{mutant.index} {mutant.name}   | {source_line(mutant, original)}", flush=True)
                    if record is not None:
                        with record.open("a", encoding="utf-8") as out:
                            out.write(json.dumps({"module": module, "index": mutant.index, "line": mutant.line,
                                                  "operator": mutant.operator, "outcome": outcome}) + "\n")  # fmt: skip
            finally:
                target.write_text(original, encoding="utf-8")
            if deadline is not None and time.monotonic() > deadline:
                break
    print()
    print("| module | mutants run | killed | survived | timed out (killed) | score |")
    print("|---|---|---|---|---|---|")
    for module, c in table.items():
        ran = sum(c.values())
        score = f"{100 * (c['killed'] + c['timeout']) / ran:.1f}%" if ran else "—"
        print(f"| {module_path(module).relative_to(PACKAGE)} | {ran} | {c['killed']} | {c['survived']} | "
              f"{c['timeout']} | {score} |")  # fmt: skip
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--module", action="append", choices=sorted(TESTS), help="a module to mutate (repeatable)")
    parser.add_argument("--group", choices=sorted(GROUPS), help="every module of a group (scoring core, checker, audit)")
    parser.add_argument("--index", type=int, action="append", default=[],
                        help="run only this mutant of the module (its number in --list; repeatable)")
    parser.add_argument("--tests", action="append",
                        help="a test file under tests/ to run instead of the module's (repeatable; test_x.py or tests/test_x.py)")
    parser.add_argument("--sample", type=int, help="at most this many mutants per module, drawn at random")
    parser.add_argument("--budget", type=float, help="stop starting new mutants after this many seconds")
    parser.add_argument("--seed", type=int, default=0, help="the sample's random seed (default 0)")
    parser.add_argument("--timeout", type=float, help="seconds per mutant (default: 3 × the unmutated run)")
    parser.add_argument("--deselect", action="append", default=[], help="a test id to leave out (repeatable)")
    parser.add_argument("--keep-timing", action="store_true", help="run the timing tests too (deselected by default)")
    parser.add_argument("--record", type=Path, help="append one JSON line per mutant run to this file")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    args = parser.parse_args(argv)
    modules = list(args.module or [])
    if args.group:
        modules += [m for m in TESTS if m.startswith(GROUPS[args.group]) and m not in modules]
    modules = modules or list(TESTS)
    if args.index and len(modules) != 1:
        parser.error("--index needs exactly one --module")
    # A test file that is not there would be dropped and the mutant run against no tests at all: refused instead.
    args.tests = [t.removeprefix("tests/") for t in args.tests] if args.tests else None
    missing = [t for t in args.tests or [] if not (ROOT / "tests" / t).is_file()]
    if missing:
        parser.error(f"no such test file under tests/: {', '.join(missing)}")
    if args.list:
        for module in modules:
            for mutant in mutants(module):
                print(f"{mutant.index:4d} {mutant.name}   | {source_line(mutant)}")
        return 0
    deselect = args.deselect + ([] if args.keep_timing else TIMING)
    return run(modules, args.tests, args.index, args.sample, args.budget, args.seed, args.timeout, deselect,
               args.record)  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())

"""The shape the code keeps: rule kinds in their modules, a core that imports no renderer, no result → evaluator import."""

from __future__ import annotations

import ast as pyast
import os
import re
import subprocess
import sys
from pathlib import Path

import perfscore
from perfscore import rules

PACKAGE = Path(perfscore.__file__).parent
CORE = ("ast.py", "compiler.py", "evaluate.py", "result.py", "explain.py", "rubric.py", "data.py", "expressions.py",
        "numbers.py", "tree.py", "criteria.py", "printer.py", "parser.py", "checker", "rules")  # fmt: skip


def _modules(*names: str) -> list[Path]:
    found: list[Path] = []
    for name in names:
        path = PACKAGE / name
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return found


def _top_level_imports(path: Path) -> set[str]:
    """Modules imported when ``path`` is imported: not inside functions, not under TYPE_CHECKING."""
    tree = pyast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, pyast.If) and "TYPE_CHECKING" in pyast.unparse(node.test):
            continue
        for inner in pyast.walk(node) if not isinstance(node, (pyast.FunctionDef, pyast.ClassDef)) else ():
            if isinstance(inner, pyast.ImportFrom):
                base = package.rsplit(".", inner.level - 1)[0] if inner.level else ""
                module = ".".join(p for p in (base, inner.module or "") if p)
                found |= {module} | {f"{module}.{a.name}" for a in inner.names}
            elif isinstance(inner, pyast.Import):
                found |= {a.name for a in inner.names}
    return found


def test_no_stage_names_a_rule_kind() -> None:
    kinds = "|".join(kind.__name__ for kind in rules.KINDS)
    named = re.compile(rf"\bast\.({kinds})\b|\bimport .*\b({kinds})\b")
    stages = [p for p in PACKAGE.rglob("*.py") if "rules" not in p.parts and p.name != "ast.py"]
    offenders = [f"{p.relative_to(PACKAGE)}: {m.group(0)}" for p in stages
                 for m in named.finditer(p.read_text(encoding="utf-8"))]  # fmt: skip
    assert offenders == []


def test_every_kind_has_its_module_and_keyword() -> None:
    for kind in rules.KINDS:
        assert kind.__module__ == f"perfscore.rules.{kind.keyword}", kind
        assert issubclass(kind, perfscore.ast.Rule)


def test_the_core_imports_no_renderer() -> None:
    offenders = {str(p.relative_to(PACKAGE)): sorted(m for m in _top_level_imports(p) if m.startswith("perfscore.render"))
                 for p in _modules(*CORE)}  # fmt: skip
    assert {k: v for k, v in offenders.items() if v} == {}


def test_results_do_not_import_the_evaluator() -> None:
    source = (PACKAGE / "result.py").read_text(encoding="utf-8")
    assert "evaluate" not in {m.rsplit(".", 1)[-1] for m in _top_level_imports(PACKAGE / "result.py")}
    assert "from .evaluate" not in source and "import evaluate" not in source


def test_check_imports_no_command_it_does_not_run() -> None:
    """`perfscore check` starts quickly (issue 14): no audit, population, table reader, writer or metadata lookup."""
    example = PACKAGE.parents[1] / "examples" / "shuozhou-2020" / "rubric.perf"
    code = ("import sys; from perfscore.cli import main; main(['check', sys.argv[1]]);"
            "print(' '.join(sorted(sys.modules)))")  # fmt: skip
    run = subprocess.run([sys.executable, "-c", code, str(example)], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)})  # fmt: skip
    loaded = set(run.stdout.split("\n")[-2].split())
    unwanted = {"perfscore.audit", "perfscore.population", "perfscore.tables", "perfscore.cases", "perfscore.templates",
                "perfscore.render.xlsx", "perfscore.render.pdf", "perfscore.render.html", "perfscore.render.charts",
                "perfscore.render.table", "perfscore.evaluate", "perfscore.result", "importlib.metadata", "sqlite3",
                "concurrent.futures"}  # fmt: skip
    assert sorted(loaded & unwanted) == []
    assert "perfscore.rubric" in loaded  # the probe ran the check


def test_the_public_names_are_all_there_when_asked() -> None:
    import perfscore.audit as audit_module  # binds the submodule's name in the package, as any import of it does

    assert callable(audit_module) and perfscore.audit.__name__ == "audit"  # still the function
    assert {name: getattr(perfscore, name) is not None for name in perfscore.__all__} == dict.fromkeys(
        perfscore.__all__, True)  # fmt: skip
    assert set(perfscore.__all__) <= set(dir(perfscore))
    assert perfscore.Rubric.__module__ == "perfscore.rubric" and perfscore.Finding.__module__ == "perfscore.audit"

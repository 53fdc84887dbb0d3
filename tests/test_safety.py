"""Rubric text is data: it never reaches eval/exec, imports or the file system."""

from __future__ import annotations

import ast as pyast
from pathlib import Path

import pytest

import perfscore

SOURCE = Path(perfscore.__file__).resolve().parent
#: Builtins that run or read text; ``re.compile`` and perfscore's own ``compile`` are attributes or other names.
FORBIDDEN = {"eval", "exec", "compile", "__import__", "open", "breakpoint"}


def test_the_package_never_calls_eval_exec_or_open() -> None:
    """Files are read only through pathlib, from paths the caller passes; no text is ever executed."""
    calls = []
    for path in sorted(SOURCE.rglob("*.py")):
        module = pyast.parse(path.read_text("utf-8"))
        own = {n.name for n in module.body if isinstance(n, pyast.FunctionDef)}  # perfscore.compile is not the builtin
        for node in pyast.walk(module):
            if isinstance(node, pyast.Call) and isinstance(node.func, pyast.Name) and node.func.id in FORBIDDEN - own:
                calls.append(f"{path.name}:{node.lineno}:{node.func.id}")
    assert calls == []


@pytest.mark.parametrize(
    "expression",
    ["__import__('os').system('echo hi')", "open('/etc/passwd')", "eval(\"1\")", "x.__class__", "环境变量"],
)
def test_hostile_expressions_are_only_errors(expression: str) -> None:
    text = f"总分 1\n指标 A1 甲 1 {{\n  目标 1\n  实际 = {expression}\n  按比例\n}}\n"
    with pytest.raises(perfscore.RubricError):
        perfscore.compile(text, "hostile.perf")

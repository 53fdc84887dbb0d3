"""perfscore: executable performance-evaluation rubrics (绩效评价指标体系).

Write the rubric once, check it, score it exactly with Decimal, explain every point::

    import perfscore
    rubric = perfscore.load("examples/shuozhou-2020/rubric.perf")
    result = rubric.evaluate("examples/shuozhou-2020/data.toml")
    result.total, result.grade, result["B24"].score
    print(result.explain("B24"))
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

# The syntax tree first, eagerly, as before: perfscore.ast and perfscore.rules import each other, and the cycle
# resolves only from this end (every command that reads a rubric needs both anyway).
from . import ast as ast

if TYPE_CHECKING:  # the real imports, for type checkers; at run time each name is imported when first used
    from .audit import AuditReport as AuditReport
    from .audit import AuditSettings as AuditSettings
    from .audit import Finding as Finding
    from .audit import audit as audit
    from .data import read_data as read_data
    from .errors import ArgumentError as ArgumentError
    from .errors import CheckError as CheckError
    from .errors import DataError as DataError
    from .errors import DataProblem as DataProblem
    from .errors import Diagnostic as Diagnostic
    from .errors import EvaluationError as EvaluationError
    from .errors import Fix as Fix
    from .errors import ParseError as ParseError
    from .errors import PerfscoreError as PerfscoreError
    from .errors import RubricError as RubricError
    from .errors import UnknownCodeError as UnknownCodeError
    from .files import OutputError as OutputError
    from .limits import Limits as Limits
    from .parser import parse as parse
    from .population import Population as Population
    from .population import RowProblem as RowProblem
    from .population import Unit as Unit
    from .result import Explanation as Explanation
    from .result import NodeResult as NodeResult
    from .result import Override as Override
    from .result import Result as Result
    from .result import Step as Step
    from .rubric import Rubric as Rubric
    from .rubric import compile as compile
    from .rubric import load as load
    from .tables import read_table as read_table

#: Where each public name lives: ``import perfscore`` imports none of them, so the command line starts quickly
#: (``perfscore check`` needs neither audits, populations nor renderers; see bench/startup.py).
_LAZY = {
    "AuditReport": "audit",
    "AuditSettings": "audit",
    "Finding": "audit",
    "read_data": "data",
    "ArgumentError": "errors",
    "CheckError": "errors",
    "DataError": "errors",
    "DataProblem": "errors",
    "Diagnostic": "errors",
    "EvaluationError": "errors",
    "Fix": "errors",
    "ParseError": "errors",
    "PerfscoreError": "errors",
    "RubricError": "errors",
    "UnknownCodeError": "errors",
    "OutputError": "files",
    "Limits": "limits",
    "parse": "parser",
    "Population": "population",
    "RowProblem": "population",
    "Unit": "population",
    "Explanation": "result",
    "NodeResult": "result",
    "Override": "result",
    "Result": "result",
    "Step": "result",
    "Rubric": "rubric",
    "compile": "rubric",
    "load": "rubric",
    "read_table": "tables",
}


def __getattr__(name: str) -> Any:
    found: Any
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("perfscore")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
            found = "0.0.0"
    elif name in _LAZY:
        from importlib import import_module

        module = import_module(f".{_LAZY[name]}", __name__)
        found = getattr(module, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = found
    return found


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(ModuleType):
    """``perfscore.audit`` is the function, as it was when ``__init__`` imported it eagerly: importing the
    submodule ``perfscore.audit`` (``from perfscore.audit import …``) binds the module to that name in the
    package, and this property keeps the name the function's."""

    @property
    def audit(self) -> Any:
        from .audit import audit

        return audit

    @audit.setter
    def audit(self, value: object) -> None:
        pass  # the import system setting the submodule: the name stays the function (see the property)


if not TYPE_CHECKING:
    sys.modules[__name__].__class__ = _Package


__all__ = [
    "ArgumentError",
    "AuditReport",
    "AuditSettings",
    "CheckError",
    "DataError",
    "DataProblem",
    "Diagnostic",
    "EvaluationError",
    "Explanation",
    "Finding",
    "Fix",
    "Limits",
    "NodeResult",
    "OutputError",
    "Override",
    "ParseError",
    "PerfscoreError",
    "Population",
    "Result",
    "RowProblem",
    "Rubric",
    "RubricError",
    "Step",
    "Unit",
    "UnknownCodeError",
    "__version__",
    "ast",
    "audit",
    "compile",
    "load",
    "parse",
    "read_data",
    "read_table",
]

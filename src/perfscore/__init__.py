"""perfscore: executable performance-evaluation rubrics (绩效评价指标体系).

Write the rubric once, check it, score it exactly with Decimal, explain every point::

    import perfscore
    rubric = perfscore.load("examples/shuozhou-2020/rubric.perf")
    result = rubric.evaluate("examples/shuozhou-2020/data.toml")
    result.total, result.grade, result["B24"].score
    print(result.explain("B24"))
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from . import ast as ast
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

try:
    __version__ = version("perfscore")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

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
    "Override",
    "ParseError",
    "PerfscoreError",
    "Population",
    "Result",
    "Rubric",
    "RowProblem",
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

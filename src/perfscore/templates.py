"""Template rubrics (模板): checked, documented rubrics with data and test cases, to copy and edit.

Each template is a folder of package data, ``library/templates/NAME/``: ``rubric.perf``, ``data.toml``
(sample or published data), ``rubric.tests.toml`` (cases for ``perfscore test``) and, where a report
published figures, ``reported.toml`` (for ``perfscore audit``). ``perfscore new --template NAME``
writes them beside each other.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

import attrs

from .errors import ArgumentError
from .messages import Term, msg, quoted
from .suggest import Suggester


@attrs.frozen
class Template:
    name: str
    title: str  # one line, Chinese first
    source: str  # where it comes from, and what is the seed's


#: Every template, in the order `perfscore new --list` shows them.
TEMPLATES: tuple[Template, ...] = (
    Template("mof-project", "项目支出绩效自评表 / project self-evaluation form (MoF)",
             "财预〔2020〕10号 附件1: structure, weights, rules and grades; the level-3 indicators are examples"),
    Template("zhengzhou-2021", "部门整体绩效自评表（郑州 2021）/ department-wide, Zhengzhou framework",
             "seed 000: the five dimensions and their tasks, published 97 → 优; weights, rules, grades ours"),
    Template("jiangmen-2021", "部门整体支出绩效自评（江门 2021）/ department-wide, Jiangmen framework",
             "seed 002: the three dimensions and their requirements; weights, rules, grades ours"),
    Template("liuyang-2021", "部门整体支出绩效自评表（浏阳 2021）/ department-wide self-evaluation form, Liuyang",
             "seed 004: the whole form and its figures (100 points), as examples/liuyang-2021"),
    Template("shuozhou-2020", "部门整体支出绩效评价（朔州 2020）/ department-wide third-party evaluation, Shuozhou",
             "seed 003: the whole 打分表, its data and the published figures, as examples/shuozhou-2020"),
    Template("shijiazhuang-2024", "部门整体支出绩效评价，石家庄等级 / Shuozhou's tree with Shijiazhuang's grades",
             "seed 001: the grade bands 优秀/良好/一般/较差 and the published 88.92; the tree is seed 003's"),
)  # fmt: skip

#: The files of a template, in the order they are written; all but the rubric are named as in examples/.
FILES: tuple[str, ...] = ("rubric.perf", "data.toml", "rubric.tests.toml", "reported.toml")


def template(name: str) -> Template:
    """The template called ``name``; an :class:`ArgumentError` with the closest name otherwise."""
    for known in TEMPLATES:
        if known.name == name:
            return known
    names = [t.name for t in TEMPLATES]
    close = Suggester().closest(name, names)
    if close:
        raise ArgumentError(msg("templates.unknown-close", name=quoted(name), close=close, names=Term("、".join(names), ", ".join(names))))
    raise ArgumentError(msg("templates.unknown", name=quoted(name), names=Term("、".join(names), ", ".join(names))))


def folder(name: str) -> Traversable:
    return resources.files("perfscore").joinpath("library", "templates", template(name).name)


def files(name: str) -> dict[str, str]:
    """The template's files by their name in the package (``rubric.perf`` …), as text."""
    where = folder(name)
    return {file: where.joinpath(file).read_text(encoding="utf-8") for file in FILES if where.joinpath(file).is_file()}


def written(name: str, rubric_name: str) -> dict[str, str]:
    """The files ``perfscore new -o RUBRIC_NAME`` writes, by file name: the rubric as named, its cases as
    ``STEM.tests.toml`` (where ``perfscore test`` looks), the data and the published figures as in the template."""
    stem = rubric_name[: -len(".perf")] if rubric_name.endswith(".perf") else rubric_name
    names = {"rubric.perf": rubric_name, "rubric.tests.toml": f"{stem}.tests.toml"}
    return {names.get(file, file): text for file, text in files(name).items()}

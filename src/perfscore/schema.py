"""The shape of one unit's data, described once and written two ways: a JSON Schema (2020-12) for services
that embed perfscore, and the columns of a blank data workbook (``perfscore template --data``).

The description mirrors how the compiler reads the data (``compiler._leaf``, ``_combine_readers``,
``_with_parts``): inputs by name, surveys by name, and under each indicator's code what its actual and
its rule read. A rule kind describes its own judgement (:meth:`perfscore.ast.Rule.data_shape`), so this
module names no kind. An :class:`Either` lists the forms a value may take, the one a spreadsheet row can
hold (dotted columns, one scalar per cell) first.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Union

import attrs

from . import ast, data, peers, tree
from .keywords import KEYWORDS
from .numbers import plain

if TYPE_CHECKING:
    from .rubric import Rubric

DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: A number as text (``"6000.02"``), as perfscore's number reader takes it.
NUMBER_TEXT = r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$"
WHOLE_TEXT = r"^\s*[+]?\d+(\.0*)?\s*$"
RATE_TEXT = r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*[%％‰]\s*$"
POINTS_TEXT = r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*分\s*$"
#: The words a yes/no cell may hold, as ``data.flag`` and ``data.fulfilment`` read them.
#: A yes or a no written as a word, as every reader of one takes it (data.yes_or_no: any case, blanks around).
_YESNO_WORD = {"type": "string", "pattern": "(?i)^\\s*(" + "|".join([*data.YES, *data.NO]) + ")\\s*$"}


@attrs.frozen
class Value:
    """One value: ``kind`` is a value type (rate, amount, count, number) or yesno, fulfilment, level, judged,
    counts (a survey question's answers), codes, vetoes, text."""

    kind: str
    title: str = ""
    unit: str | None = None
    domain: ast.Compare | None = None
    labels: tuple[str, ...] = ()  # levels, options of a survey, codes, veto names
    #: judged: the award's range in points, for the description ("2.4~3.2 分").
    note: str = ""
    #: The other end of a two-sided domain (``[0, 100%]``).
    upper: ast.Compare | None = None


@attrs.frozen
class Table:
    """A table of named values (checklist items, a level and its score, the parts of an indicator)."""

    fields: tuple[tuple[str, Shape], ...]
    required: tuple[str, ...]
    title: str = ""


@attrs.frozen
class Either:
    """Any one of several forms; the first is the one a spreadsheet row holds."""

    options: tuple[Shape, ...]
    title: str = ""


Shape = Union[Value, Table, Either]


@attrs.frozen
class Key:
    """One top-level key of a unit's data and its shape; ``required`` False when it may be left out."""

    name: str
    shape: Shape
    required: bool = True
    #: An indicator that may be declared not applicable: its data is not needed once it is listed.
    waivable: bool = False


# ------------------------------------------------------------------ the description


def keys(rubric: Rubric) -> list[Key]:
    """Every key of one unit's data, in the order the rubric declares them (inputs, surveys, indicators)."""
    plan = rubric._plan
    found = [Key(i.name, fact(i) if i.fact else number(i.type, f"{i.name}（{_type_words(i.type, i.unit)}）", i.unit,
                                                         i.domain, i.upper)) for i in rubric.ast.inputs]  # fmt: skip
    found += [Key(s.name, survey(s)) for s in rubric.ast.surveys]
    for n in plan.nodes:
        if n.reader is None or not isinstance(n.node, ast.Indicator):
            continue
        shape = indicator(n.node)
        if shape is not None:
            found.append(Key(n.code, shape, not n.optional, n.node.not_applicable is not None))
    return found


def reserved(rubric: Rubric) -> list[Key]:
    """The reserved keys (不适用, 调整, 一票否决) in their Chinese and English spellings, all optional."""
    plan = rubric._plan
    leaves = tuple(n.code for n in plan.nodes if isinstance(n.node, ast.Indicator))
    waivable = tuple(n.code for n in plan.nodes if isinstance(n.node, ast.Indicator) and n.node.not_applicable)
    vetoes = tuple(v.name for v in rubric.ast.vetoes if v.when is None)  # one with 当 … decides itself
    override = Table((("score", Value("judged", "调整后的得分：分数（4、\"4分\"）或权重分的百分比（\"75%\"）")),
                      ("reason", Value("text", "调整理由"))), ("score", "reason"), "调整：得分与理由")  # fmt: skip
    overrides = Table(tuple((code, override) for code in leaves), (), "调整：指标编码 → {score, reason}")
    found = []
    for name in data.NOT_APPLICABLE:
        found.append(Key(name, Value("codes", "不适用的指标编码（列表；表格中用 、 分隔）", labels=waivable), False))
    for name in data.OVERRIDES:
        found.append(Key(name, overrides, False))
    for name in data.VETOES:
        found.append(Key(name, Value("vetoes", "发生了的一票否决事项（列表；表格中用 、 分隔）", labels=vetoes), False))
    if plan.peers is not None:
        for name in peers.DATA_KEYS:
            found.append(Key(name, peer_figures(plan.peers), False))
    return found


_ONE = ast.Compare(">=", ast.Number(Decimal(1)))
_FIGURE_WORDS = {"rank": "排名（第几名，1 为最好，并列同名次）", "best": "最优值", "peer_mean": "平均值", "peer_median": "中位数"}


def peer_figures(spec: peers.Spec) -> Table:
    """同类比较: the figures of each compared figure among the units scored together — computed by evaluate_many;
    for one unit scored alone, given here (a figure within a category under the category's name)."""

    def figures(group: peers.Group) -> Table:
        funcs = spec.needs[group] | ({"rank"} if "percentile" in spec.needs[group] else set())
        kind = "rate" if group.subject in spec.rates else "number"
        fields: list[tuple[str, Shape]] = [("count", number("count", "参与比较的单位数（含本单位）", None, _ONE))]
        for func in ("rank", "best", "peer_mean", "peer_median"):
            if func in funcs:
                shape = number("count", _FIGURE_WORDS[func], None, _ONE) if func == "rank" else number(kind, _FIGURE_WORDS[func])
                fields.append((peers.FIELDS[func], shape))
        within = f"，在同一{group.category}的单位中" if group.category is not None else ""
        return Table(tuple(fields), tuple(name for name, _ in fields), f"{_subject(group)}{within}")

    subjects: dict[str, list[peers.Group]] = {}
    for group in spec.groups:
        subjects.setdefault(group.subject, []).append(group)
    fields: list[tuple[str, Shape]] = []
    for subject, groups in subjects.items():
        plain_group = next((g for g in groups if g.category is None), None)
        own: list[tuple[str, Shape]] = list(figures(plain_group).fields) if plain_group is not None else []
        required = [name for name, _ in own]
        for group in groups:
            if group.category is not None:
                own.append((group.category, figures(group)))
                required.append(group.category)
        fields.append((subject, Table(tuple(own), tuple(required), _subject(groups[0]))))
    return Table(tuple(fields), tuple(name for name, _ in fields),
                 "同类比较：各比较对象在参评单位中的位次与统计值（批量评分时由 perfscore 计算；单独评分一个单位时须给出）")


def _subject(group: peers.Group) -> str:
    return f"{group.subject} 的实际值" if group.actual else group.subject


def _type_words(kind: str, unit: str | None) -> str:
    words = KEYWORDS.get(kind, kind)
    return f"{words}，{unit}" if unit else words


def number(kind: str, title: str, unit: str | None = None, domain: ast.Compare | None = None,
           upper: ast.Compare | None = None) -> Value:  # fmt: skip
    """A value of a declared type (amount, count, rate, number, or a type this module does not know yet)."""
    if domain is None and kind in ("amount", "count"):
        domain = ast.Compare(">=", ast.Number(Decimal(0)))
    return Value(kind, title, unit, domain, upper=upper)


def survey(s: ast.Survey) -> Shape:
    labels = tuple(o.label for o in s.options)
    rate = Value("rate", f"{s.name}：直接给出满意度（0 到 100%）")

    def question(q: ast.Question, where: str) -> Shape:
        title = f"{where}{q.name}：各选项的回答人数"
        by_option = Table(tuple((o, Value("count", f"{where}{q.name}：回答“{o}”的人数")) for o in labels), (), title)
        return Either((by_option, Value("counts", title, labels=labels), rate))

    def questions(where: str) -> Shape:
        table = Table(tuple((q.name, question(q, where)) for q in s.questions), tuple(q.name for q in s.questions),
                      f"{where}各题目的回答人数")  # fmt: skip
        return Either((table, rate))

    if not s.channels:
        return questions(f"{s.name}·")
    channels = Table(tuple((c.name, questions(f"{s.name}·{c.name}·")) for c in s.channels),
                     tuple(c.name for c in s.channels), f"{s.name}：各渠道")  # fmt: skip
    return Either((channels, rate))


def indicator(node: ast.Indicator) -> Shape | None:
    """What the data under an indicator's code holds (None: nothing, the actual is computed)."""
    rule = node.rule
    assert rule is not None, "the checker requires a rule"
    title = f"{node.code} {node.name}"
    actual = _actual(node, title)
    judgement = rule.data_shape(title)
    shape = _combine(actual, judgement, rule.judgement_optional(), title)
    if not node.parts:
        return shape
    parts = []
    for part in node.parts:
        where = f"{title}·{part.name}"
        own = number(tree.part_actual_type(part.rule), f"{where}：实际值") if part.rule.compares_actual() else None
        part_shape = _combine(own, part.rule.data_shape(where), part.rule.judgement_optional(), where)
        if part_shape is not None:
            parts.append((part.name, part_shape))
    if not parts:
        return shape
    fields = list(parts)
    required = [name for name, _ in parts]
    if isinstance(shape, Table):  # the main rule's table, beside the parts
        fields += list(shape.fields)
        required += list(shape.required)
    elif isinstance(shape, Either) and isinstance(shape.options[0], Table):
        fields += list(shape.options[0].fields)
        required += list(shape.options[0].required)
    elif shape is not None:
        main = "actual" if actual is not None else "level" if isinstance(shape, Value) and shape.kind == "level" else "score"
        fields.append((main, shape))
        required.append(main)
    return Table(tuple(fields), tuple(required), f"{title}：各评分部分与主规则的数据")


def _actual(node: ast.Indicator, title: str) -> Shape | None:
    if isinstance(node.actual, ast.Completion):
        items = []
        for item in node.actual.items:
            where = f"{title}·{item.name}"
            if item.target is not None:
                kind = tree.target_type(ast.Target(value=item.target))
                items.append((item.name, number(kind, f"{where}：完成数（{_type_words(kind, None)}）", None, None)))
            elif node.actual.whole:
                items.append((item.name, Value("yesno", f"{where}：是否完成（是/否）")))
            else:
                items.append((item.name, Value("fulfilment", f"{where}：是否完成（是/否，或完成程度 0~100%）")))
        return Table(tuple(items), tuple(i.name for i in node.actual.items), f"{title}：各项完成情况")
    if tree.reads_own_actual(node):
        kind = tree.own_actual_type(node)
        unit = node.actual.unit if isinstance(node.actual, ast.ActualInput) else None
        return number(kind, f"{title}：实际值（{_type_words(kind, unit)}）", unit)
    return None


def _combine(actual: Shape | None, judgement: Shape | None, optional: bool, title: str) -> Shape | None:
    """The actual and the rule's judgement under one code, as ``compiler._combine_readers`` reads them."""
    if actual is None or judgement is None:
        return actual or judgement
    both = Table((("actual", actual), ("score", judgement)), ("actual",) if optional else ("actual", "score"),
                 f"{title}：实际值与评定得分")  # fmt: skip
    forms: list[Shape] = [both]
    if isinstance(judgement, Table):  # {actual = …, item = …}: the judgement's own keys beside the actual
        forms.append(Table((("actual", actual), *judgement.fields), ("actual", *judgement.required), title))
    if optional:
        forms.append(actual)
    return Either(tuple(forms)) if len(forms) > 1 else both


# ------------------------------------------------------------------ JSON Schema


def json_schema(rubric: Rubric) -> dict[str, Any]:
    """A JSON Schema (2020-12) for one unit's data: what ``rubric.evaluate`` accepts, as far as a schema can say
    (domains of rates written as text, and sums such as survey answers, are checked by perfscore itself)."""
    plan = rubric._plan
    properties: dict[str, Any] = {}
    required: list[str] = []
    conditions: list[dict[str, Any]] = []
    for key in keys(rubric):
        properties[key.name] = _json(key.shape)
        if key.required and key.waivable:  # not needed once listed under 不适用 / not_applicable
            listed = [{"required": [name], "properties": {name: {"contains": {"const": key.name}}}}
                      for name in data.NOT_APPLICABLE]  # fmt: skip
            conditions.append({"if": {"anyOf": listed}, "then": True, "else": {"required": [key.name]}})
        elif key.required:
            required.append(key.name)
    for key in reserved(rubric):
        properties[key.name] = _json(key.shape)
    for pair in (data.NOT_APPLICABLE, data.OVERRIDES, data.VETOES, peers.DATA_KEYS):  # one spelling, never both
        conditions.append({"not": {"required": list(pair)}})
    title = rubric.title or rubric.source.name
    return {
        "$schema": DIALECT,
        "title": f"{title}：一个单位的数据",
        "description": f"perfscore 评价数据（总分 {plain(plan.maximum)}）：每个输入、问卷和读数据的指标各一个键。"
                       "数字可写成数字或文本（\"6000.02\"），比率写 \"95%\" 或 −1 到 1 的小数。",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
        **({"allOf": conditions} if conditions else {}),
    }


def fact(decl: ast.InputDecl) -> Value:
    """A fact input (perfscore.facts): a yes/no, one of its options, a date, a list."""
    if decl.type == "options":
        return Value("level", f"{decl.name}（选项：{'、'.join(decl.options)}）", labels=decl.options)
    if decl.type == "list":
        element = str(decl.element)
        return Value("list", f"{decl.name}（列表，{KEYWORDS.get(element, element)}）", note=element)
    words = {"yesno": "是否", "date": "日期"}[decl.type]
    return Value("fact_" + decl.type, f"{decl.name}（{words}）")


_FACT_YESNO = {"anyOf": [{"type": "boolean"}, {"enum": [0, 1]}, _YESNO_WORD]}
_FACT_DATE = {"type": "string", "pattern": r"^\s*\d{4}\s*([-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*$"}


def _json(shape: Shape) -> dict[str, Any]:
    if isinstance(shape, Either):
        return {**({"description": shape.title} if shape.title else {}), "anyOf": [_json(s) for s in shape.options]}
    if isinstance(shape, Table):
        out: dict[str, Any] = {"type": "object", "properties": {name: _json(s) for name, s in shape.fields},
                               "additionalProperties": False}  # fmt: skip
        if shape.required:
            out["required"] = list(shape.required)
        if shape.title:
            out["description"] = shape.title
        return out
    return _value(shape)


def _value(v: Value) -> dict[str, Any]:
    head: dict[str, Any] = {"description": v.title} if v.title else {}
    if v.kind in ("amount", "number", "count", "rate"):
        head["x-perfscore-type"] = v.kind
    if v.unit:
        head["x-unit"] = v.unit
    if v.kind in ("amount", "number"):
        bounds = {**_bounds(v.domain), **_bounds(v.upper)}
        return {**head, "anyOf": [{"type": "number", **bounds}, {"type": "string", "pattern": NUMBER_TEXT}]}
    if v.kind == "count":
        bounds = {**_bounds(v.domain), **_bounds(v.upper)}
        return {**head, "anyOf": [{"type": "integer", **bounds}, {"type": "string", "pattern": WHOLE_TEXT}]}
    if v.kind == "rate":
        bounds = {"minimum": -1, "maximum": 1, **_bounds(v.domain), **_bounds(v.upper)}
        if v.domain is not None:
            head["x-domain"] = " ".join(f"{end.op} {plain(end.value.value * 100)}%" for end in (v.domain, v.upper) if end)
        return {**head, "anyOf": [{"type": "number", **bounds}, {"type": "string", "pattern": RATE_TEXT}]}
    if v.kind == "yesno":
        return {**head, "anyOf": [{"type": "boolean"}, _YESNO_WORD]}
    if v.kind == "fulfilment":
        return {**head, "anyOf": [{"type": "boolean"}, _YESNO_WORD, {"type": "number", "minimum": 0,
                "maximum": 1}, {"type": "string", "pattern": RATE_TEXT}]}  # fmt: skip
    if v.kind == "level":
        return {**head, "type": "string", "enum": list(v.labels)}
    if v.kind == "judged":
        note = {"description": f"{v.title}（{v.note}）"} if v.note else {}
        return {**head, **note, "anyOf": [{"type": "number"}, {"type": "string", "pattern": POINTS_TEXT},
                                          {"type": "string", "pattern": RATE_TEXT}]}  # fmt: skip
    if v.kind == "counts":
        count = {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": WHOLE_TEXT}]}
        size = len(v.labels)
        return {**head, "type": "array", "items": count, "minItems": size, "maxItems": size,
                "x-options": list(v.labels)}  # fmt: skip
    if v.kind in ("codes", "vetoes"):
        items: dict[str, Any] = {"type": "string", "enum": list(v.labels)} if v.labels else {"type": "string"}
        return {**head, "type": "array", "items": items, **({} if v.labels else {"maxItems": 0})}
    if v.kind == "text":
        return {**head, "type": "string", "pattern": r"\S"}
    if v.kind == "fact_yesno":
        return {**head, **_FACT_YESNO}
    if v.kind == "fact_date":
        return {**head, **_FACT_DATE}
    if v.kind == "list":
        element = _FACT_YESNO if v.note == "yesno" else _value(number(v.note, ""))
        return {**head, "type": "array", "items": element}
    return {**head, "x-perfscore-type": v.kind}  # a type this module does not describe yet: anything


def _bounds(domain: ast.Compare | None) -> dict[str, Any]:
    if domain is None:
        return {}
    value = _json_number(domain.value.value)
    return {">": {"exclusiveMinimum": value}, ">=": {"minimum": value}, "<": {"exclusiveMaximum": value},
            "<=": {"maximum": value}, "==": {"const": value}}.get(domain.op, {})  # fmt: skip


def _json_number(value: Decimal) -> int | float:
    """A bound as JSON writes it: a whole number exactly, else its shortest float (a bound, not a score)."""
    return int(value) if value == value.to_integral_value() else float(value)


def walk(shape: Shape, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Value]]:
    """The scalar values of a shape's first (spreadsheet) form, with their dotted paths."""
    if isinstance(shape, Either):
        yield from walk(shape.options[0], path)
    elif isinstance(shape, Table):
        for name, inner in shape.fields:
            yield from walk(inner, (*path, name))
    else:
        yield path, shape


# ------------------------------------------------------------------ the columns of a table of units

#: The header of the column naming each unit in a data template (one of population.ID_COLUMNS).
ID_HEADER = "单位名称"


@attrs.frozen
class TemplateColumn:
    """One column of a data template: the header written, the data key path it fills, what it holds."""

    header: str
    path: tuple[str, ...]
    value: Value
    #: The words of the description row: what to write and how.
    hint: str


def columns(rubric: Rubric) -> list[TemplateColumn]:
    """Every column a table of units needs, in the rubric's order: the spreadsheet form of :func:`keys`.

    An indicator's columns are headed by its code and name (``B24 政府采购执行率``), an item's by the code
    and name, a dot and the item (``A11 履职依据.落实工作要求``); a unit, or 是/否 or %, in brackets.
    """
    names = {n.code: n.name for n in rubric._plan.nodes}
    found = []
    for key in keys(rubric):
        for path, value in walk(key.shape, (key.name,)):
            first = f"{path[0]} {names[path[0]]}" if path[0] in names and names[path[0]] else path[0]
            header = ".".join((first, *path[1:]))
            unit = value.unit or {"rate": "%", "yesno": "是/否", "fulfilment": "是/否"}.get(value.kind)
            found.append(TemplateColumn(f"{header}（{unit}）" if unit else header, path, value, hint(value)))
    plan = rubric._plan
    if any(isinstance(n.node, ast.Indicator) and n.node.not_applicable for n in plan.nodes):
        codes = [n.code for n in plan.nodes if isinstance(n.node, ast.Indicator) and n.node.not_applicable]
        found.append(TemplateColumn("不适用", ("不适用",), Value("codes", labels=tuple(codes)),
                                    f"不适用的指标编码，用 、 分隔：{'、'.join(codes)}"))  # fmt: skip
    vetoes = [v.name for v in rubric.ast.vetoes if v.when is None]  # a veto with 当 … is not data
    if vetoes:
        found.append(TemplateColumn("一票否决", ("一票否决",), Value("vetoes", labels=tuple(vetoes)),
                                    f"发生了的否决事项，用 、 分隔：{'、'.join(vetoes)}"))  # fmt: skip
    return found


def hint(value: Value) -> str:
    """What a cell of this value holds, in the words of the description row."""
    domain = f"，{_domain_words(value)}" if value.domain is not None and not _default_domain(value) else ""
    if value.kind == "amount":
        return f"金额{('（' + value.unit + '）') if value.unit else ''}{domain}"
    if value.kind == "count":
        return "人数（整数）" if "回答" in value.title else f"整数{domain}"
    if value.kind == "number":
        return f"数值{domain}"
    if value.kind == "rate":
        return f"百分比，如 95%{domain}"
    if value.kind == "yesno":
        return "是 / 否"
    if value.kind == "fulfilment":
        return "是 / 否，部分完成写百分比（如 50%）"
    if value.kind == "level":
        return "下拉选择：" + "、".join(value.labels)
    if value.kind == "judged":
        return f"评定得分（分），{value.note}" if value.note else "评定得分（分）"
    if value.kind == "counts":
        return f"回答人数，按 {'、'.join(value.labels)} 的顺序用 、 分隔"
    if value.kind == "fact_yesno":
        return "是 / 否（√ / ×、符合 / 不符合、有 / 无）"
    if value.kind == "fact_date":
        return "日期，如 2021-03-31 或 2021年3月31日"
    if value.kind == "list":
        return "列表，如 [95%, 88%]"
    return value.title


def _default_domain(value: Value) -> bool:
    return value.kind in ("amount", "count") and value.domain == ast.Compare(">=", ast.Number(Decimal(0)))


def _domain_words(value: Value) -> str:
    assert value.domain is not None

    def words(end: ast.Compare) -> str:
        op = {">": "大于", ">=": "不小于", "<": "小于", "<=": "不大于", "==": "等于", "!=": "不等于"}[end.op]
        number = end.value
        shown = f"{plain(number.value * 100)}%" if number.unit == "%" else plain(number.value)
        return f"{op} {shown}"

    return "且".join(words(end) for end in (value.domain, value.upper) if end is not None)

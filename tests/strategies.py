"""Hypothesis strategies for rubric ASTs the parser can produce.

Every node built here could come out of ``perfscore.parse``: names are printable,
numbers finite and unsigned where the grammar has no sign, percentages stored as
the parser stores them (``95%`` is 0.95), and fields the grammar cannot express
(a side without a limit, a nested bonus group) are left at their defaults. The
printer round-trip property and the weight-check property are built on them.
"""

from __future__ import annotations

import itertools
from decimal import Decimal, localcontext
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

from perfscore import ast

T = TypeVar("T")

# ------------------------------------------------------------------ names and text

#: Bare names. Several are keywords: where a name stands alone (after 指标, 计算, inside an
#: expression) the parser reads a keyword as a name, and the printer must keep it that way.
IDENTS = ("a", "b", "x1", "A11", "预算数", "决算数", "执行率", "率_2", "甲·乙", "total", "actual", "target",
          "weight", "目标", "则", "否则", "分", "至", "min")  # fmt: skip
#: Names in expressions: all of IDENTS except the words an expression may begin with, and `total` (总分),
#: which in an expression is the rubric's total (a reference, ast.Ref).
EXPR_NAMES = tuple(n for n in IDENTS if n not in ("if", "如果", "not", "非", *ast.TOTAL_NAMES))
#: Names that may be quoted: leading digits, spaces, punctuation, keywords, quote marks.
NAMES = IDENTS + ("65岁以上管理率", "含 空格", "优", "total", "否则", "按比例", 'a"b', "“三公”经费", "x「y」", "")
_TEXT_ALPHABET = 'ab 甲乙#;；{}()（）[]%：:,"“”「」\u3000\t'


def _printable(text: str) -> bool:
    """One of the three quote forms can hold it: some closing mark is absent."""
    return not all(close in text for close in ('"', "”", "」"))


texts = st.text(alphabet=_TEXT_ALPHABET, max_size=12).filter(_printable)
idents = st.sampled_from(IDENTS)
names = st.sampled_from(NAMES)


def optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


# ------------------------------------------------------------------ numbers


@st.composite
def decimals(draw: st.DrawFn, max_digits: int = 6) -> Decimal:
    """A non-negative decimal; sometimes with a positive exponent (``1E+2``) or trailing zeros."""
    digits = draw(st.integers(0, 10**max_digits))
    exponent = draw(st.integers(-4, 2))
    return Decimal(digits).scaleb(exponent)


def _stored(value: Decimal, unit: ast.NumberUnit) -> Decimal:
    """The value the parser stores for a literal written as ``value`` with ``unit``."""
    return value.scaleb({"%": -2, "‰": -3}.get(unit, 0))


@st.composite
def numbers(draw: st.DrawFn, signed: bool = False) -> ast.Number:
    """A literal in any unit; negative only where the grammar has a sign (band edges, domains)."""
    unit: ast.NumberUnit = draw(st.sampled_from(["", "%", "‰", "分"]))
    value = _stored(draw(decimals()), unit)
    if signed and draw(st.booleans()):
        value = -value
    return ast.Number(value, unit)


shares_of_weight = decimals(4).map(lambda d: d.scaleb(-2))  # 20% -> 0.2


# ------------------------------------------------------------------ expressions

COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")
OPERATORS = ("+", "-", "*", "/", *COMPARISONS, "and", "or")


def _extend(children: st.SearchStrategy[ast.Expr]) -> st.SearchStrategy[ast.Expr]:
    return st.one_of(
        st.builds(ast.BinOp, st.sampled_from(OPERATORS), children, children),
        st.builds(ast.Neg, children),
        st.builds(ast.Not, children),
        st.builds(ast.Call, st.sampled_from(ast.FUNCTIONS), st.lists(children, max_size=3).map(tuple)),
        st.builds(ast.Conditional, children, children, children),
    )


exprs: st.SearchStrategy[ast.Expr] = st.recursive(
    st.one_of(
        numbers(),
        st.builds(ast.Name, st.sampled_from(EXPR_NAMES)),
        st.builds(ast.Ref, st.sampled_from(["score", "rate", "actual"]), st.sampled_from(EXPR_NAMES)),
        st.just(ast.Ref("total")),
    ),
    _extend,
    max_leaves=10,
)


# ------------------------------------------------------------------ amounts, conditions, shares

amounts = st.one_of(
    st.builds(ast.Amount, decimals(), st.just("points")),
    st.builds(ast.Amount, shares_of_weight, st.just("share")),
)
awards: st.SearchStrategy[ast.Award] = st.one_of(amounts, st.builds(ast.AmountRange, amounts, amounts))
compares = st.builds(ast.Compare, st.sampled_from(COMPARISONS), numbers(signed=True))
conditions: st.SearchStrategy[ast.Condition] = st.one_of(
    compares,
    st.builds(ast.Interval, numbers(signed=True), numbers(signed=True), st.booleans(), st.booleans()),
    st.builds(ast.When, exprs),
    st.builds(ast.Otherwise),
)
shares = st.one_of(
    st.builds(ast.Share, decimals(4), st.just(Decimal(100)), st.just(True)),  # 35% is 35/100
    st.builds(ast.Share, decimals(3), decimals(3), st.just(False)),  # 1/6
)
items = st.builds(ast.Item, names, optional(shares), optional(exprs), optional(texts))


def _tuples(strategy: st.SearchStrategy[T], max_size: int = 4) -> st.SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, max_size=max_size).map(tuple)


# ------------------------------------------------------------------ rules


@st.composite
def deducts(draw: st.DrawFn) -> ast.Deduct:
    """Without a limit the side is never written, so it stays ``above``."""
    limit = draw(optional(exprs))
    side: ast.Side = draw(st.sampled_from(["above", "below", "beyond"])) if limit is not None else "above"
    partial: ast.Partial = draw(st.sampled_from(["prorata", "half_up", "up", "down"]))
    step = draw(numbers())
    return ast.Deduct(draw(amounts), step, side, limit, partial, draw(optional(amounts)))


rules: st.SearchStrategy[ast.Rule] = st.one_of(
    st.builds(ast.Proportional, st.booleans(), optional(exprs), optional(shares_of_weight)),
    deducts(),
    st.builds(ast.Bands, _tuples(st.builds(ast.Band, conditions, awards))),
    st.builds(ast.Checklist, _tuples(items)),
    st.builds(ast.Levels, _tuples(st.builds(ast.Level, names, awards))),
    st.builds(ast.Binary),
    st.builds(ast.Formula, exprs),
    st.builds(ast.Linear, exprs, exprs),
    st.builds(ast.Judged, awards),
)


# ------------------------------------------------------------------ indicators and groups

targets = st.one_of(
    st.builds(ast.Target, optional(st.sampled_from(COMPARISONS)), exprs, st.none()),
    st.builds(ast.Target, st.none(), st.none(), texts),
)
actuals: st.SearchStrategy[ast.Actual] = st.one_of(
    st.builds(ast.ActualInput, st.sampled_from(["rate", "amount", "count", "number"])),
    st.builds(ast.ActualExpr, exprs),
    st.builds(ast.Completion, _tuples(items)),
)
weights = st.one_of(
    st.builds(ast.Weight, decimals(), st.just(False)),
    st.builds(ast.Weight, shares_of_weight, st.just(True)),
)


@st.composite
def indicators(draw: st.DrawFn) -> ast.Indicator:
    """Any clauses; clauses written twice are recorded by kind, as the parser records them."""
    indicator = ast.Indicator(
        draw(idents), draw(names), draw(weights),
        rule=draw(optional(rules)),
        definition=draw(optional(texts)),
        criteria=draw(optional(texts)),
        target=draw(optional(targets)),
        actual=draw(optional(actuals)),
        direction=draw(optional(st.sampled_from(["higher", "lower"]))),
        not_applicable=draw(optional(st.sampled_from(["full", "rescale", "redistribute"]))),
    )  # fmt: skip
    present = [key for key in ("definition", "criteria", "target", "actual", "direction", "not_applicable", "rule")
               if getattr(indicator, key) is not None]  # fmt: skip
    if present:
        indicator = attrs.evolve(indicator, extra_clauses=tuple(draw(st.lists(st.sampled_from(present), max_size=2))))
    return indicator


def nodes(depth: int = 3, breadth: int = 3) -> st.SearchStrategy[ast.Node]:
    """Indicators and groups nested at most ``depth`` levels, each group at most ``breadth`` children."""
    if depth <= 1:
        return indicators()
    children = _tuples(nodes(depth - 1, breadth), breadth)
    groups = st.builds(ast.Group, idents, names, weights, children,
                       st.just("group"), st.sampled_from(["sum", "min", "product"]))  # fmt: skip
    return st.one_of(indicators(), groups)


def capped_groups(depth: int = 3, breadth: int = 3) -> st.SearchStrategy[ast.Group]:
    """Bonus and penalty groups: top level only, a points cap, summed children."""
    children = _tuples(nodes(depth - 1, breadth), breadth)
    cap = st.builds(ast.Weight, decimals(), st.just(False))
    return st.builds(ast.Group, idents, names, cap, children, st.sampled_from(["bonus", "penalty"]), st.just("sum"))


# ------------------------------------------------------------------ rubric-level declarations

inputs = st.builds(
    ast.InputDecl, idents, st.sampled_from(["rate", "amount", "count", "number"]), optional(names), optional(compares)
)
metrics = st.builds(ast.MetricDecl, idents, exprs)
surveys = st.builds(
    ast.Survey,
    names,
    _tuples(st.builds(ast.SurveyOption, names, shares)),
    _tuples(st.builds(ast.Question, names, optional(texts))),
    optional(st.integers(0, 6)),
)
grades = st.builds(ast.Grade, names, conditions)
vetoes = st.one_of(
    st.builds(ast.Veto, names, optional(names), optional(texts)),  # listed in the data: zero, or a cap
    # decided by a condition (当 …): any effect, 评为 a grade or 扣 points
    st.builds(ast.Veto, names, optional(names), optional(texts), exprs),
    st.builds(ast.Veto, names, names, optional(texts), optional(exprs), st.just("rated")),
    st.builds(ast.Veto, names, st.none(), optional(texts), optional(exprs), st.just("deduct"), amounts),
)
roundings = st.builds(ast.Rounding, st.integers(0, 6), st.sampled_from(["half_up", "half_even", "down", "up"]))


@st.composite
def rubrics(draw: st.DrawFn, depth: int = 3) -> ast.Rubric:
    """A whole rubric: every declaration kind, a tree at most ``depth`` deep."""
    tree = draw(_tuples(st.one_of(nodes(depth), capped_groups(depth)), 3))
    return ast.Rubric(
        title=draw(optional(texts)),
        total=draw(decimals()),
        maximum=draw(optional(decimals())),
        rounding=draw(roundings),
        inputs=draw(_tuples(inputs, 3)),
        metrics=draw(_tuples(metrics, 3)),
        surveys=draw(_tuples(surveys, 2)),
        grades=draw(_tuples(grades, 3)),
        vetoes=draw(_tuples(vetoes, 2)),
        nodes=tree,
    )


# ------------------------------------------------------------------ weighted trees


def _points(node: ast.Node, parent: Decimal) -> Decimal:
    return node.weight.value * parent if node.weight.percent else node.weight.value


def _counted_sum(children: tuple[ast.Node, ...], points: Decimal) -> bool:
    counted = [n for n in children if not (isinstance(n, ast.Group) and n.kind != "group")]
    return bool(counted) and sum((_points(n, points) for n in counted), Decimal(0)) == points


def weights_sum(rubric: ast.Rubric) -> bool:
    """The weight rule, restated apart from the checker: every weight (and cap) above zero;
    the counted nodes (all but bonus and penalty groups) at the top resolve to exactly the
    total, and those under each ordinary group to exactly its points, with at least one."""
    with localcontext() as context:
        context.prec = 100  # exact for the sizes generated here
        if not _counted_sum(rubric.nodes, rubric.total):
            return False
        stack = [(node, rubric.total) for node in rubric.nodes]
        while stack:
            node, parent = stack.pop()
            if node.weight.value <= 0:
                return False
            if isinstance(node, ast.Group):
                points = _points(node, parent)
                if node.kind == "group" and not _counted_sum(node.children, points):
                    return False
                stack.extend((child, points) for child in node.children)
    return True


@st.composite
def weighted_trees(draw: st.DrawFn, depth: int = 3, breadth: int = 4) -> tuple[ast.Rubric, bool]:
    """A rubric of simple leaves (达标, or 按比例 against 目标 ≥ 95%) whose weights add up
    everywhere, or are perturbed somewhere; and whether they add up.

    Children split their parent's points by whole percentages, each written either as
    that percentage or as the points it comes to, so sums are exact; a perturbation adds
    to one written weight. Codes and names are unique (N0, 名0, …). Sometimes a top-level
    bonus or penalty group stands outside the sums.
    """
    counter = itertools.count()
    perturb = draw(st.booleans())

    def leaf(weight: ast.Weight) -> ast.Indicator:
        k = next(counter)
        if draw(st.booleans()):
            return ast.Indicator(f"N{k}", f"名{k}", weight, rule=ast.Binary())
        target = ast.Target(">=", ast.Number(Decimal("0.95"), "%"))
        return ast.Indicator(f"N{k}", f"名{k}", weight, rule=ast.Proportional(), target=target)

    def written(percent: int, parent: Decimal) -> ast.Weight:
        """``percent`` of the parent's points, written as the percentage or as the points."""
        if draw(st.booleans()):
            return ast.Weight(Decimal(percent).scaleb(-2), True)
        return ast.Weight(parent * percent / 100, False)

    def split(count: int) -> list[int]:
        cuts = sorted(draw(st.sets(st.integers(1, 99), min_size=count - 1, max_size=count - 1)))
        return [b - a for a, b in itertools.pairwise([0, *cuts, 100])]

    def maybe_perturb(weight: ast.Weight) -> ast.Weight:
        if not perturb or draw(st.integers(0, 3)) != 0:
            return weight
        delta = draw(st.sampled_from([Decimal("0.01"), Decimal("0.5"), Decimal(1)]))
        return ast.Weight(weight.value + (delta / 100 if weight.percent else delta), weight.percent)

    def make(points: Decimal, weight: ast.Weight, level: int) -> ast.Node:
        if level >= depth or draw(st.booleans()):
            return leaf(weight)
        parts = split(draw(st.integers(1, breadth)))
        children = tuple(make(points * p / 100, maybe_perturb(written(p, points)), level + 1) for p in parts)
        k = next(counter)
        return ast.Group(f"N{k}", f"名{k}", weight, children)

    total = Decimal(draw(st.integers(1, 200)))
    top = [make(total * p / 100, maybe_perturb(written(p, total)), 1) for p in split(draw(st.integers(1, breadth)))]
    if draw(st.booleans()):
        k = next(counter)
        kind: ast.GroupKind = draw(st.sampled_from(["bonus", "penalty"]))
        extras = tuple(leaf(ast.Weight(Decimal(draw(st.integers(1, 5))))) for _ in range(draw(st.integers(1, 3))))
        top.append(ast.Group(f"N{k}", f"名{k}", ast.Weight(Decimal(draw(st.integers(1, 10)))), extras, kind))
    rubric = ast.Rubric(total=total, nodes=tuple(top))
    return rubric, weights_sum(rubric)


# ------------------------------------------------------------------ scorable rubric texts with their data

D = Decimal
percents = st.integers(min_value=1, max_value=100)
rates = st.integers(min_value=-5000, max_value=30000).map(lambda n: f"{D(n) / 100}%")


@st.composite
def rule_texts(draw: st.DrawFn, weight: int = 20) -> tuple[str, str, st.SearchStrategy[Any]]:
    """(rule text, clauses text, a strategy for the leaf's data), for a leaf of ``weight`` points;
    sometimes with scoring parts (加分/扣分) and a 得分上限."""
    kinds = ["proportional", "deduct", "bands", "checklist", "levels", "binary", "linear", "per_occurrence", "judged"]
    kind = draw(st.sampled_from(kinds))
    rule, clauses, values = _rule_text(draw, kind, weight)
    if kind in ("proportional", "deduct", "bands", "levels", "linear") and draw(st.integers(0, 3)) == 0:
        parts, data = _parts(draw, weight)
        main = "level" if kind == "levels" else "actual"
        return f"{rule}\n{parts}", clauses, st.fixed_dictionaries({main: values, **data})
    return rule, clauses, values


def _rule_text(draw: st.DrawFn, kind: str, weight: int) -> tuple[str, str, st.SearchStrategy[Any]]:
    if kind == "proportional":
        options = []
        reverse = draw(st.booleans())
        if reverse:
            options.append("反向")
        if draw(st.booleans()):
            options.append(f"低于则零分 {draw(percents)}%")
        caps = ["", "封顶 120%", f"封顶 {weight + draw(st.integers(0, 10))}分"] + ([] if reverse else ["不封顶"])
        cap = draw(st.sampled_from(caps))
        if cap:
            options.append(cap)
        data = rates.filter(lambda r: D(r[:-1]) >= 0) if reverse else rates  # reversed, 0 is the best value
        return "按比例 " + " ".join(options), f"目标 {draw(percents)}%", data
    if kind == "deduct":
        amount = draw(st.sampled_from([f"{draw(percents)}%", f"{draw(st.integers(1, 30)) / 10}分"]))
        step = draw(st.sampled_from(["1%", "2%", "3%", "0.5%"]))
        side = draw(st.sampled_from(["超过", "低于", "偏离"]))
        text = f"扣 {amount} 每 {step} {side} {draw(percents)}%"
        if draw(st.booleans()):
            text += " 不足部分 " + draw(st.sampled_from(["按比例", "四舍五入", "进一", "舍去"]))
        if draw(st.booleans()):
            text += f" 最多 {draw(percents)}%"
        return text, "", rates
    if kind == "bands":
        low, high = sorted(draw(st.lists(percents, min_size=2, max_size=2, unique=True)))
        awards = sorted(draw(st.lists(percents, min_size=2, max_size=2)))
        lines = [f" ≥ {high}%：{awards[1]}%", f" [{low}%, {high}%)：{awards[0]}%", f" < {low}%：0%"]
        lines = draw(st.permutations(lines))  # any order: the edges, not the order, decide
        return "分档 {\n" + "\n".join(lines) + "\n}", "", rates
    if kind == "checklist":
        count = draw(st.integers(1, 5))
        names = [f"项{k}" for k in range(count)]
        shares = " 1/" + str(count) if draw(st.booleans()) else ""
        text = "清单 {\n" + "\n".join(f" {n}{shares}" for n in names) + "\n}"
        item = st.one_of(st.booleans(), st.integers(0, 100).map(lambda n: f"{n}%"))
        return text, "", st.fixed_dictionaries({n: item for n in names})
    if kind == "levels":
        return "定性 {\n 好：100%\n 中：60%\n 差：0%\n}", "", st.sampled_from(["好", "中", "差"])
    if kind == "binary":
        return "达标", "", st.booleans()
    if kind == "per_occurrence":
        amount = draw(st.sampled_from([f"{draw(st.integers(1, 30)) / 10}分", f"{draw(percents)}%"]))
        most = draw(st.sampled_from(["", f" 最多 {draw(st.integers(1, weight))}分", f" 最多 {draw(percents)}%"]))
        return f"按次 {amount}{most}", "", st.integers(0, 30) | st.integers(0, 30).map(str)
    if kind == "judged":
        low = draw(st.integers(0, weight))
        steps = st.integers(0, 100).map(lambda k: f"{D(low) + D(k) * (weight - low) / 100}分")
        return f"评定 {low}分~{weight}分", "", steps
    zero_at, full_at = draw(st.lists(percents, min_size=2, max_size=2, unique=True))
    return f"线性 从 {zero_at}% 到 {full_at}%", "", rates


def _parts(draw: st.DrawFn, weight: int) -> tuple[str, dict[str, st.SearchStrategy[Any]]]:
    """One to three scoring parts of every kind that reads data, and sometimes a 得分上限."""
    choices = {
        "加分 示范 1分 达标": st.booleans(),
        f"扣分 问题 按次 0.5分 最多 {min(2, weight)}分": st.integers(0, 6),
        "加分 节点 按次 0.2分": st.integers(0, 40),
        "扣分 酌情扣分 评定 0分~1分": st.integers(0, 4).map(lambda k: f"{D(k) / 4}分"),
        "加分 创新 50% 按次 10%": st.integers(0, 12),
    }
    chosen = draw(st.lists(st.sampled_from(sorted(choices)), min_size=1, max_size=3, unique=True))
    lines = list(chosen)
    top = draw(st.sampled_from(["", "", f"得分上限 {weight + draw(st.integers(0, 5))}分", "得分上限 120%",
                                "得分上限 不封顶"]))  # fmt: skip
    if top:
        lines.append(top)
    return "\n".join(lines), {line.split()[1]: choices[line] for line in chosen}


NOT_APPLICABLE = {"full": "满分", "rescale": "折算", "redistribute": "分配给同级"}
MODES = {"half_up": "四舍五入", "half_even": "四舍六入", "down": "舍去", "up": "进一"}


@st.composite
def scored_rubrics(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A rubric text and data for it, exercising the whole tree: sum, min and product groups nested
    two deep, a bonus and a penalty group, every rule kind with its caps and scoring parts (加分/扣分,
    得分上限), a 最高分, 不适用时 in all three treatments with a random subset of
    those leaves declared not applicable, overrides, vetoes of both effects, any rounding mode.

    The data may be refused (every leaf of a scope not applicable); the reference says when.
    """
    counter = itertools.count()
    data: dict[str, Any] = {}
    can_drop: list[str] = []
    leaves: list[tuple[str, int]] = []

    def leaf(indent: str, alone: bool) -> tuple[str, int]:
        code = f"X{next(counter)}"
        weight = draw(st.integers(1, 20))
        rule, clauses, values = draw(rule_texts(weight))
        how = draw(st.sampled_from([None, None, "full", "rescale"] + ([] if alone else ["redistribute"])))
        if how is not None:
            clauses += f"\n不适用时 {NOT_APPLICABLE[how]}"
            can_drop.append(code)
        data[code] = draw(values)
        leaves.append((code, weight))
        return f"{indent}指标 {code} 指标{code} {weight} {{\n{clauses}\n{rule}\n{indent}}}", weight

    def node(depth: int, indent: str, alone: bool) -> tuple[str, int]:
        if depth >= 3 or draw(st.integers(0, 2)) > 0:
            return leaf(indent, alone)  # 分配给同级 needs a sibling (the checker says so)
        count = draw(st.integers(1, 3))
        parts = [node(depth + 1, indent + "  ", count == 1) for _ in range(count)]
        weight = sum(w for _, w in parts)
        aggregate = draw(st.sampled_from(["", "", " 汇总 最小值", " 汇总 乘积"]))
        body = "\n".join(p for p, _ in parts)
        return f"{indent}分组 G{next(counter)} 组 {weight}{aggregate} {{\n{body}\n{indent}}}", weight

    def capped(keyword: str) -> str:
        count = draw(st.integers(1, 3))
        children = [node(2, "  ", count == 1) for _ in range(count)]
        cap = draw(st.integers(1, 25))
        body = "\n".join(p for p, _ in children)
        return f"{keyword} E{next(counter)} 另计 最多 {cap} {{\n{body}\n}}"

    count = draw(st.integers(1, 3))
    main = [node(1, "", count == 1) for _ in range(count)]
    total = sum(w for _, w in main)
    text = [p for p, _ in main]
    for keyword in ("加分项", "减分项"):
        if draw(st.booleans()):
            text.append(capped(keyword))
    places = draw(st.integers(0, 3))
    mode = draw(st.sampled_from(sorted(MODES)))
    head = f"总分 {total}\n保留 {places} 位 {MODES[mode]}\n"
    if draw(st.booleans()):  # room above the total for capped and uncapped rules, bonus parts and groups
        head += f"最高分 {total + draw(st.integers(0, 10))}\n"
    if draw(st.booleans()):  # grades over [0, maximum], and vetoes of both effects
        head += "评价等级 {\n 优 ≥ 90%\n 良 [60%, 90%)\n 差 < 60%\n}\n".replace("%", "")
        head += "一票否决 重大事故 总分为零\n一票否决 违纪 等级最高 良\n"
        data["vetoes"] = draw(st.lists(st.sampled_from(["重大事故", "违纪"]), unique=True))
    if can_drop:
        data["not_applicable"] = draw(st.lists(st.sampled_from(can_drop), unique=True))
    standing = [(c, w) for c, w in leaves if c not in data.get("not_applicable", [])]
    if standing and draw(st.booleans()):
        code, weight = draw(st.sampled_from(standing))
        data["overrides"] = {code: {"score": draw(st.integers(0, weight)), "reason": "调整"}}
    return head + "\n".join(text) + "\n", data

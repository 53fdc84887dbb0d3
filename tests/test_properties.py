"""Properties of scoring over generated rubrics and data (hypothesis)."""

from __future__ import annotations

import copy
import json
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfscore
from perfscore import ast
from perfscore.evaluate import score_leaf
from perfscore.numbers import CONTEXT

from . import reference
from .strategies import percents, rule_texts, scored_rubrics

D = Decimal
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

@st.composite
def rubrics_and_data(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    weights = draw(st.lists(st.integers(1, 20), min_size=1, max_size=6))
    leaves = [draw(rule_texts(weight)) for weight in weights]
    grouped = draw(st.booleans())
    body, data = [], {}
    for k, ((rule, clauses, values), weight) in enumerate(zip(leaves, weights)):
        body.append(f"指标 X{k} 指标{k} {weight} {{\n{clauses}\n{rule}\n}}")
        data[f"X{k}"] = draw(values)
    text = "\n".join(body)
    if grouped:
        text = f"分组 G 全部 {sum(weights)} {{\n{text}\n}}"
    return f"总分 {sum(weights)}\n{text}\n", data


@PROPERTY
@given(rubrics_and_data())
def test_compiled_evaluator_agrees_with_the_reference(case: tuple[str, dict[str, Any]]) -> None:
    """The compiled closures and a naive tree-walker give the same leaf scores and total."""
    text, data = case
    rubric = perfscore.compile(text, language="en")
    result = rubric.evaluate(data)
    expected_total, expected = reference.total(rubric.ast, data)
    for code, score in expected.items():
        assert result[code].score == score, code
    assert result.total == min(expected_total, rubric.maximum)


@PROPERTY
@given(scored_rubrics())
def test_the_whole_tree_agrees_with_the_reference(case: tuple[str, dict[str, Any]]) -> None:
    """Groups of every kind, bonus and penalty, not applicable, overrides and vetoes, any rounding:
    every node's score, the total and the grade agree with the reference, or both refuse the data."""
    text, data = case
    rubric = perfscore.compile(text, language="en")
    try:
        expected = reference.Reference(rubric.ast, data)
    except reference.Nowhere:
        try:
            rubric.evaluate(data)
        except perfscore.DataError as exc:
            assert all("nowhere to go" in p.message for p in exc.problems), exc
            return
        raise AssertionError("a scope whose every leaf is not applicable was scored") from None
    result = rubric.evaluate(data)
    for code, score in expected.scores.items():
        assert result[code].score == score, code
    assert result.total == expected.total
    if rubric.ast.grades:
        grades = [g.label for g in rubric.ast.grades]
        earned = "优" if expected.total >= 90 else "良" if expected.total >= 60 else "差"
        worst = max([grades.index(earned)] + [grades.index(cap) for cap in expected.grade_caps])
        assert result.grade == grades[worst]


def _most(node: ast.Node, weight: Decimal) -> Decimal:
    """The most a node may score, from the rubric as written: its rule's cap or its 得分上限, else its weight."""
    if isinstance(node, ast.Group):
        return sum((_most(c, c.weight.value) for c in node.children), D(0))
    assert node.rule is not None
    if not node.parts:
        return reference.ceiling(node.rule, weight)
    if node.score_max == "uncapped":
        return D("Infinity")
    if node.score_max is None:
        return reference.ceiling(node.rule, weight)
    return node.score_max.value * (weight if node.score_max.unit == "share" else 1)


@PROPERTY
@given(rubrics_and_data())
def test_scores_stay_within_bounds(case: tuple[str, dict[str, Any]]) -> None:
    """Every leaf in [0, weight] (or its declared cap or 得分上限), every total in [0, maximum]."""
    text, data = case
    rubric = perfscore.compile(text, language="en")
    result = rubric.evaluate(data)
    written = {n.code: n for n in ast.walk(rubric.ast.nodes)}
    for node in result:
        assert 0 <= node.score <= _most(written[node.code], node.weight), node.code
    assert 0 <= result.total <= result.maximum


@PROPERTY
@given(rubrics_and_data())
def test_evaluation_is_deterministic_exact_and_leaves_data_alone(case: tuple[str, dict[str, Any]]) -> None:
    text, data = case
    rubric = perfscore.compile(text, language="en")
    before = copy.deepcopy(data)
    first, second = rubric.evaluate(data), rubric.evaluate(data)
    assert data == before
    assert first.to_dict() == second.to_dict()
    decoded = json.loads(json.dumps(first.to_dict(), ensure_ascii=False))
    assert decoded == first.to_dict()  # exactly: every number is a string
    assert D(decoded["total"]) == first.total
    assert [D(n["score"]) for n in decoded["nodes"]] == [n.score for n in first]


@PROPERTY
@given(scored_rubrics())
def test_each_fused_leaf_gives_what_its_explained_steps_give(case: tuple[str, dict[str, Any]]) -> None:
    """A leaf's fused run (the evaluator's hot path, no steps) and score_leaf (the path explanations take)
    give the same actual, target and clamped score on every leaf scored, and the result kept that score."""
    text, data = case
    rubric = perfscore.compile(text)
    try:
        result = rubric.evaluate(data)
    except perfscore.DataError:
        return  # refused data: the agreement with the reference covers it
    plan = rubric._plan
    for node in plan.nodes:
        if node.run is None or not result.applicable(node.index) or node.index in result.overrides:
            continue
        own = result._own[node.index]
        with localcontext(CONTEXT):
            fused = node.run(result.inputs, own)
            explained = score_leaf(node, result.inputs, own)
        assert fused == explained[:3], node.code
        if result._scaling is None:
            assert result._raws[node.index] == fused[2], node.code


# ---------------------------------------------------------------- monotonicity

pairs = st.lists(st.integers(-5000, 30000), min_size=2, max_size=2).map(sorted)


def _single(rule: str, clauses: str = "") -> perfscore.Rubric:
    return perfscore.compile(f"总分 10\n指标 X 单项 10 {{\n{clauses}\n{rule}\n}}\n", language="en")


@settings(max_examples=100, deadline=None)
@given(pairs, percents, st.booleans())
def test_proportional_is_monotone(pair: list[int], target: int, reverse: bool) -> None:
    """Higher actual never scores less (reverse: never more)."""
    low, high = (f"{D(n) / 100}%" for n in pair)
    rubric = _single("按比例" + (" 反向" if reverse else ""), f"目标 {target}%")
    if reverse and D(low[:-1]) <= 0:
        return
    a, b = rubric.evaluate({"X": low}).total, rubric.evaluate({"X": high}).total
    assert (a >= b) if reverse else (a <= b)


@settings(max_examples=100, deadline=None)
@given(pairs, percents, st.sampled_from(["超过", "低于"]), st.sampled_from(["按比例", "四舍五入", "进一", "舍去"]))
def test_deduction_is_monotone(pair: list[int], limit: int, side: str, partial: str) -> None:
    """Going further past the limit never scores more."""
    low, high = (f"{D(n) / 100}%" for n in pair)
    rubric = _single(f"扣 10% 每 1% {side} {limit}% 不足部分 {partial}")
    a, b = rubric.evaluate({"X": low}).total, rubric.evaluate({"X": high}).total
    assert (a >= b) if side == "超过" else (a <= b)


# ---------------------------------------------------------------- the weight check

weights_st = st.integers(1, 400).map(lambda n: D(n) / 4)  # 0.25 steps: non-integer weights too


@st.composite
def trees(draw: st.DrawFn) -> tuple[str, bool]:
    """A rubric text whose weights sum everywhere, or are perturbed somewhere; and which it is."""
    counter = iter(range(10_000))
    ok = True

    def node(weight: Decimal, depth: int) -> str:
        nonlocal ok
        code = f"N{next(counter)}"
        if depth == 3 or draw(st.booleans()):
            return f"指标 {code} 名{code} {weight} {{\n达标\n}}"
        parts = draw(st.lists(weights_st, min_size=1, max_size=4))
        scale = weight / sum(parts)
        children = [(p * scale).quantize(D("0.01")) for p in parts]
        children[-1] = weight - sum(children[:-1])
        if any(child <= 0 for child in children):  # rounding left a child nothing: one child takes it all
            children = [weight]
        if draw(st.integers(0, 4)) == 0:
            delta = draw(st.sampled_from([D("0.01"), D("-0.01"), D(1), D("0.5")]))
            # a weight is written unsigned: a perturbation to a weight of 0 is refused by the same check, one
            # below 0 would not even parse
            children[0] += delta if children[0] + delta >= 0 else -delta
            ok = False
        body = "\n".join(node(child, depth + 1) for child in children)
        return f"分组 {code} 名{code} {weight} {{\n{body}\n}}"

    total = draw(weights_st)
    top = node(total, 1)
    return f"总分 {total}\n{top}\n", ok


@PROPERTY
@given(trees())
def test_weight_check_accepts_exactly_the_trees_whose_weights_sum(case: tuple[str, bool]) -> None:
    text, sums = case
    if sums:
        perfscore.compile(text, language="en")
        return
    try:
        perfscore.compile(text, language="en")
    except perfscore.CheckError as exc:
        assert any(d.code == "weights" for d in exc.diagnostics)
    else:
        raise AssertionError("a tree whose weights do not sum was accepted")


# ---------------------------------------------------------------- audit


def _pct(rate: Decimal) -> str:
    """A rate as a report prints it: a percentage to 0.01%, rounded half up (written here, not perfscore's)."""
    return f"{(rate * 100).quantize(D('0.01'), rounding=ROUND_HALF_UP)}%"


def _published(text: str, data: dict[str, Any]) -> dict[str, Any]:
    """The figures a faithful report prints for this rubric and data, worked out by the reference
    evaluator (not by perfscore's own evaluate, so a scoring bug the audit shares cannot hide):
    scores as rounded, 得分率 to 0.01%, each actual as the data gives it."""
    rubric = perfscore.parse(text)
    expected = reference.Reference(rubric, data)
    total = rubric.total
    reported: dict[str, Any] = {"total": str(expected.total), "rate": _pct(expected.total / total)}
    stack = list(rubric.nodes)
    while stack:
        node = stack.pop()
        weight = expected.declared[node.code]
        assert weight.denominator == 1  # integer weights: printed as they are written
        score = expected.scores[node.code]
        figures = {"weight": str(weight.numerator), "score": str(score), "rate": _pct(score / weight.numerator)}
        value = data.get(node.code)
        if isinstance(value, str) and value.endswith("%"):
            figures["actual"] = value  # exactly: a report that rounds the actual for print is unit-tested
        reported[node.code] = figures
        if isinstance(node, ast.Group):
            stack.extend(node.children)
    return reported


@PROPERTY
@given(rubrics_and_data())
def test_auditing_a_faithful_report_finds_no_error(case: tuple[str, dict[str, Any]]) -> None:
    """Figures a faithful report prints (from the reference) are consistent with the rubric, the data and themselves."""
    text, data = case
    rubric = perfscore.compile(text, language="en")
    report = perfscore.audit(rubric, data, _published(text, data))
    assert [f for f in report if f.severity != "note"] == []


@PROPERTY
@given(rubrics_and_data(), st.data())
def test_auditing_a_report_with_one_score_a_point_off_finds_it(case: tuple[str, dict[str, Any]], pick: st.DataObject) -> None:
    """The same faithful figures with one leaf's score a whole point higher: the audit reports an error there."""
    text, data = case
    rubric = perfscore.compile(text, language="en")
    published = _published(text, data)
    code = pick.draw(st.sampled_from(sorted(c for c in data if c.startswith("X"))))
    published[code]["score"] = str(D(published[code]["score"]) + 1)
    report = perfscore.audit(rubric, data, published)
    assert any(f.severity == "error" and f.code == code for f in report), list(report)

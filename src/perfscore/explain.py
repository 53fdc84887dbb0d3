"""Turn recorded steps into sentences, in Chinese (default) or English.

Only this module knows wording; the evaluator records numbers and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from . import ast, peers, tree
from .expressions import names_in
from .facts import aggregates_of, fact_text
from .keywords import function_word
from .numbers import ZERO, brief, percent, plain, round_to
from .printer import format_expr, ref_text, veto_effect_text

if TYPE_CHECKING:
    from .result import Language, NodeResult, Result

_WORDS = {
    "zh": {
        "actual": "实际", "target": "目标", "score": "得分", "points": "分", "full": "得满分",
        "none": "不得分", "sep": "，", "colon": "：", "met": "达标", "unmet": "未达标",
        "above": "超过", "below": "低于", "beyond": "偏离", "inputs": "数据",
        "total": "总分", "grade": "评价等级", "group": "小计", "override": "调整",
        "reason": "理由", "na": "不适用", "rule": "按规则",
    },
    "en": {
        "actual": "actual", "target": "target", "score": "score", "points": "points", "full": "full marks",
        "none": "no points", "sep": "; ", "colon": ": ", "met": "met", "unmet": "not met",
        "above": "above", "below": "below", "beyond": "away from", "inputs": "inputs",
        "total": "total", "grade": "grade", "group": "subtotal", "override": "override",
        "reason": "reason", "na": "not applicable", "rule": "by the rule",
    },
}  # fmt: skip

@attrs.frozen
class Say:
    """What a rule needs to word its steps: the language, the shared words, how the actual is shown."""

    language: Language
    show: Callable[[Decimal], str]

    @property
    def zh(self) -> bool:
        return self.language == "zh"

    @property
    def words(self) -> dict[str, str]:
        return _WORDS[self.language]


def rate_text(value: Decimal) -> str:
    """A rate as a percentage: exact to 6 places when it is, else 2."""
    return percent(round_to(value, 6)) if value == round_to(value, 6) else percent(value, 2)


def is_rate(indicator: ast.Indicator) -> bool:
    """Whether the indicator's actual reads best as a percentage, as its own clauses say."""
    return tree.own_actual_type(indicator) == "rate"


def actual_is_rate(node: NodeResult) -> bool:
    """Whether the node's actual reads best as a percentage: as the checker typed it (``实际 = 执行率`` is a
    rate when 执行率 is one), else as the indicator's clauses say."""
    found = node.kinds.get(node.code)
    if found is not None:
        return found == "rate"
    return isinstance(node.node, ast.Indicator) and is_rate(node.node)


def actual_text(node: NodeResult) -> str:
    """业绩值 as tables show it: a rate as a percentage (2 places), a number plainly; "" for none."""
    if node.actual is None or not isinstance(node.node, ast.Indicator):
        return ""
    return percent(node.actual, 2) if actual_is_rate(node) else plain(round_to(node.actual, 4))


def render_node(node: NodeResult, language: Language = "zh") -> str:
    w = _WORDS[language]
    head = f"{node.code} {node.name}{w['colon']}"
    indicator = node.node if isinstance(node.node, ast.Indicator) else None
    show = rate_text if indicator is not None and actual_is_rate(node) else brief
    parts: list[str] = []
    uses = tuple((k, v) for k, v in node.uses if peers.parse_key(k) is None)
    if uses:
        shown = "、" if language == "zh" else ", "
        parts.append(f"{w['inputs']} " + shown.join(_use(k, v, language, node.kinds) for k, v in uses))
        if indicator is not None and any(isinstance(v, tuple) for _, v in uses):  # 平均(抽查站点) = 91%
            folded = aggregates_of(indicator, dict(uses), language == "zh")
            if folded:
                parts.append(shown.join(f"{k} = {_value(v, language)}" for k, v in folded))
    if len(uses) < len(node.uses):  # 同类比较（实际）：第 3 名，共 40 个单位；最优值 98.5%
        parts += peer_texts(node.code, node.uses, language)
    if node.formulas:
        for metric, value in node.formulas:
            shown_value = show(value) if isinstance(value, Decimal) else str(value)
            parts.append(f"{metric.name} = {format_expr(metric.expr, language)} = {shown_value}")
    for step in node.raw_steps:
        parts.append(_step(step, node, show, language))
    if node.kind == "indicator" and not any(s[0] in ("override", "not_applicable") for s in node.raw_steps):
        if node.raw != node.score:
            parts[-1] += f" → {plain(node.score)} {w['points']}"
        elif parts and not parts[-1].endswith(w["points"]):
            parts.append(f"{w['score']} {plain(node.score)} {w['points']}")
    elif node.kind != "indicator":
        # A weight rescaled for not-applicable indicators can be a repeating decimal (200/7).
        parts.append(f"{w['group']} {plain(node.score)} / {brief(node.weight)} {w['points']}")
    return head + w["sep"].join(p for p in parts if p)


#: How each peer figure reads in an explanation (the rank and the count are worded together).
_PEER_WORDS = {"zh": {"best": "最优值", "peer_mean": "平均值", "peer_median": "中位数", "percentile": "百分位"},
               "en": {"best": "best", "peer_mean": "mean", "peer_median": "median", "percentile": "percentile"}}  # fmt: skip


def peer_texts(code: str, uses: tuple[tuple[str, Any], ...], language: Language) -> list[str]:
    """The peer figures a node read, one phrase per figure compared: ``同类比较（实际）：第 3 名，共 40 个单位；
    最优值 98.5%``; within a category, ``同类比较（实际，地区类别 县区）：…``."""
    zh = language == "zh"
    values = dict(uses)
    groups: dict[peers.Group, dict[str, Any]] = {}
    for name, value in uses:
        found = peers.parse_key(name)
        if found is not None:
            groups.setdefault(found[1], {})[found[0]] = value
    out = []
    for group, figures in groups.items():
        subject = group.subject
        if group.actual:
            subject = ("实际" if zh else "actual") if subject == code else ref_text("actual", subject, language)
        if group.category is not None:
            label = values.get(group.category)
            subject += f"，{group.category} {label}" if zh else f", {group.category} {label}"
        count: Decimal = figures.get("peer_count", ZERO)
        phrases = []
        if "rank" in figures:
            phrases.append(f"第 {plain(figures['rank'])} 名，共 {plain(count)} 个单位" if zh
                           else f"rank {plain(figures['rank'])} of {plain(count)} units")  # fmt: skip
        elif count:
            phrases.append(f"共 {plain(count)} 个单位" if zh else f"{plain(count)} units")
        for func, word in _PEER_WORDS[language].items():
            if func in figures:
                shown = rate_text(figures[func]) if func == "percentile" else _value(figures[func], language)
                phrases.append(f"{word} {shown}")
        head = f"同类比较（{subject}）：" if zh else f"peers ({subject}): "
        out.append(head + ("；" if zh else "; ").join(phrases))
    return out


def _use(name: str, value: Any, language: Language, kinds: Mapping[str, str | None]) -> str:
    """``预算数 = 100``, ``执行率 = 100%`` (each as its type); a reference as the author wrote it, ``得分率(B11) = 90%``."""
    peer = peers.parse_key(name)
    if peer is not None:  # a peer figure read by a grade or a veto: 排名(执行率) = 3
        func, group = peer
        within = f", {group.category}" if group.category is not None else ""
        word, subject = function_word(func, 1, language), group.subject
        subject = ref_text("actual", subject, language) if group.actual else subject
        return f"{word}({subject}{within}) = {rate_text(value) if func == 'percentile' else _value(value, language)}"
    ref = ast.parse_ref_key(name)
    if ref is None:
        return f"{name} = {_value(value, language, kinds.get(name))}"
    what, code = ref
    shown = rate_text(value) if what == "rate" else \
        (_value(value, language, kinds.get(code or "")) if what == "actual" else brief(value))  # fmt: skip
    return f"{ref_text(what, code, language)} = {shown}"


def _value(value: Any, language: Language = "zh", kind: str | None = None) -> str:
    """A value as its type reads (a rate 100%, an amount 0.5); of no known type, a fraction looks like a rate."""
    fact = fact_text(value, language == "zh", _value)
    if fact is not None:  # 是/否, an option, a date, a list
        return fact
    if isinstance(value, Decimal):
        if kind is not None:
            return rate_text(value) if kind == "rate" else brief(value, 4)
        return brief(value, 4) if abs(value) >= 1 or value == 0 else rate_text(value)
    return str(value)


def _step(step: tuple[Any, ...], node: NodeResult, show: Any, language: Language) -> str:
    w = _WORDS[language]
    zh = language == "zh"
    kind = step[0]
    if kind == "completion":
        rows, rate, weighted = step[1], step[2], step[3]
        items = []
        for name, value, target, done, rated in rows:
            if target is None:
                items.append(f"{name} {rate_text(done)}")
            elif rated:
                items.append(f"{name} {rate_text(value)}/{rate_text(target)} = {rate_text(done)}")
            else:
                items.append(f"{name} {brief(value)}/{brief(target)} = {rate_text(done)}")
        joined = "；".join(items) if zh else "; ".join(items)
        how = "加权" if zh and weighted else ("平均" if zh else ("weighted" if weighted else "mean"))
        return (f"完成率（{how}）= {rate_text(rate)}［{joined}］" if zh
                else f"completion ({how}) = {rate_text(rate)} [{joined}]")  # fmt: skip
    if kind == "clamp":
        raw, low, high = step[1:]
        return (f"计算值 {brief(raw)} 超出 [{brief(low)}, {brief(high)}]，按边界计" if zh
                else f"computed {brief(raw)} lies outside [{brief(low)}, {brief(high)}]: clamped")  # fmt: skip
    if kind == "override":
        computed, new, reason = step[1:]
        return (f"{w['rule']}得 {plain(computed)} 分，{w['override']}为 {plain(new)} 分（{w['reason']}：{reason}）" if zh
                else f"{w['rule']} {plain(computed)}, overridden to {plain(new)} ({w['reason']}: {reason})")  # fmt: skip
    if kind == "not_applicable":
        treatment = step[1]
        zh_words = {"full": "按满分计", "rescale": "不计分，其余指标按比例折算", "redistribute": "不计分，权重分配给同级指标"}
        en_words = {"full": "full marks", "rescale": "dropped; the rest rescaled", "redistribute": "dropped; weight given to siblings"}
        return f"{w['na']}，{zh_words[treatment]}" if zh else f"{w['na']}: {en_words[treatment]}"
    if kind == "rescaled":
        declared, effective, before, after = step[1:]
        if zh:
            text = f"因有不适用指标，权重由 {brief(declared)} 分折算为 {brief(effective)} 分"
            return text if before == declared else f"{text}，{brief(before)} × {brief(effective)} ÷ {brief(declared)} = {brief(after)}"
        text = f"weight {brief(declared)} rescaled to {brief(effective)} for the not-applicable indicators"
        return text if before == declared else f"{text}: {brief(before)} × {brief(effective)} ÷ {brief(declared)} = {brief(after)}"
    if kind == "bonus_cap":
        total, cap = step[1:]
        return f"加分合计 {brief(total)}，封顶 {brief(cap)} 分" if zh else f"bonus {brief(total)} capped at {brief(cap)}"
    if kind == "penalty":
        lost, cap = step[1:]
        return (f"减分合计 {brief(lost)}，最多减 {brief(cap)} 分" if zh
                else f"penalties {brief(lost)}, at most {brief(cap)}")  # fmt: skip
    if kind == "aggregate":
        how, used, weight = step[1:]
        name = {"min": ("最小得分率", "lowest child rate"), "product": ("得分率乘积", "product of child rates"),
                "highest": ("取高者，最高得分率", "the highest child rate")}[how]  # fmt: skip
        return (f"{name[0]} {rate_text(used)}，{brief(weight)} × {rate_text(used)}" if zh
                else f"{name[1]} {rate_text(used)}; {brief(weight)} × {rate_text(used)}")  # fmt: skip
    if kind == "part_step" and isinstance(node.node, ast.Indicator):
        part = node.node.parts[step[1]]
        said = part.rule.explain(step[2], Say(language, show))
        return f"{part.name}：{said}" if zh else f"{part.name}: {said}"
    if kind == "parts":
        base, rows, total = step[1:]
        signs = "".join(f" {'+' if sign == 'add' else '−'} {brief(earned)}" for sign, _, earned in rows)
        named = "，".join(f"{'加' if sign == 'add' else '扣'}{name} {brief(earned)} 分" for sign, name, earned in rows)
        if zh:
            return f"主评分 {brief(base)} 分，{named}：{brief(base)}{signs} = {brief(total)}"
        named = ", ".join(f"{name} {'+' if sign == 'add' else '−'}{brief(earned)}" for sign, name, earned in rows)
        return f"main rule {brief(base)}; {named}: {brief(base)}{signs} = {brief(total)}"
    rule = node.node.rule if isinstance(node.node, ast.Indicator) else None
    if rule is None:  # pragma: no cover - only a leaf's rule records other steps
        return f"{kind} {step[1:]}"
    return rule.explain(step, Say(language, show))


def _values(expr: ast.Expr, env: dict[str, Any], language: Language, kinds: Mapping[str, str | None]) -> str:
    """The figures a condition read, as the author wrote them: ``得分率(C1) = 75%、总分 = 87``."""
    joined = "、" if language == "zh" else ", "
    return joined.join(_use(name, env[name], language, kinds) for name in names_in(expr) if name in env)


def _effect_en(veto: ast.Veto) -> str:
    if veto.kind == "zero":
        return "the total becomes 0"
    if veto.kind == "deduct":
        return f"{veto_effect_text(veto, 'en').removeprefix('deduct ')} taken from the total"
    return f"{'grade at most' if veto.kind == 'grade_at_most' else 'rated'} {veto.grade}"


def veto_text(veto: ast.Veto, env: dict[str, Any], language: Language = "zh",
              kinds: Mapping[str, str | None] | None = None) -> str:  # fmt: skip
    """Which veto fired and why: its condition with the figures it read, or 'listed in the data'; its effect."""
    zh = language == "zh"
    effect = veto_effect_text(veto, language) if zh else _effect_en(veto)
    if veto.when is None:
        why = "（数据列明）" if zh else " (listed in the data)"
        text = f"一票否决 {veto.name}{why}：{effect}" if zh else f"veto {veto.name}{why}: {effect}"
    else:
        cond = format_expr(veto.when, language)
        values = _values(veto.when, env, language, kinds or {})
        text = (f"一票否决 {veto.name}：当 {cond}（{values}），{effect}" if zh
                else f"veto {veto.name}: when {cond} ({values}): {effect}")  # fmt: skip
    if veto.text:
        text += f"（{veto.text}）" if zh else f" ({veto.text})"
    return text


def grade_text(result: Result, language: Language = "zh") -> str | None:
    """Which grade condition decided a grade that tests more than the total (当 …), with the figures it read."""
    matched = result._grading[1]
    grades = result._plan.rubric.grades
    if matched is None or not isinstance(grades[matched].condition, ast.When):
        return None
    grade = grades[matched]
    cond = grade.condition.condition  # type: ignore[union-attr]
    values = _values(cond, result.inputs, language, result._plan.kinds)
    if language == "zh":
        return f"评价等级 {grade.label}：当 {format_expr(cond, language)}（{values}）"
    return f"grade {grade.label}: when {format_expr(cond, language)} ({values})"


def verdict_lines(result: Result, language: Language = "zh") -> list[str]:
    """The grade condition that matched (when it tests more than the total) and every veto that fired."""
    lines = [text] if (text := grade_text(result, language)) is not None else []
    lines += [veto_text(v, result.inputs, language, result._plan.kinds) for v in result.vetoes]
    before = result._grading[2]
    plan = result._plan
    summed = sum((-result._scores[i] if plan.nodes[i].kind == "penalty" else result._scores[i] for i in plan.roots),
                 ZERO)  # fmt: skip
    if summed != before:  # the sum of the top level, clamped to [最低分 or 0, 最高分]
        end, zh, en = ((result.minimum, "不低于最低分", "at least the minimum") if summed < before
                       else (result.maximum, "不超过最高分", "at most the maximum"))  # fmt: skip
        lines.append(f"各项合计 {plain(summed)} 分，总分{zh} {plain(end)} 分" if language == "zh"
                     else f"the top level sums to {plain(summed)}: the total is {en}, {plain(end)}")  # fmt: skip
    if before != result.total:  # a veto took points or zeroed the total
        lines.append(f"一票否决前总分 {plain(before)} 分，否决后 {plain(result.total)} 分" if language == "zh"
                     else f"total {plain(before)} before the vetoes, {plain(result.total)} after")  # fmt: skip
    return lines


def render_result(result: Result, language: Language = "zh") -> str:
    w = _WORDS[language]
    lines = [render_node(node, language) for node in result]
    grade = result.grade
    lines.append(f"{w['total']} {plain(result.total)} / {plain(result.maximum)}"
                 + (f"{w['sep']}{w['grade']} {grade}" if grade else ""))  # fmt: skip
    lines += verdict_lines(result, language)
    for warning in result.warnings:
        lines.append(f"! {warning}")
    return "\n".join(lines)

"""Turn recorded steps into sentences, in Chinese (default) or English.

Only this module knows wording; the evaluator records numbers and nothing else.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import ast, tree
from .numbers import CONTEXT, brief, percent, plain, round_to
from .printer import format_condition, format_expr

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

_PARTIAL = {
    "zh": {"half_up": "四舍五入为", "up": "不足一个单位按一个计，为", "down": "不足一个单位不计，为"},
    "en": {"half_up": "rounded half up to", "up": "a partial unit counts as whole:", "down": "partial units dropped:"},
}


def _rate(value: Decimal) -> str:
    return percent(round_to(value, 6)) if value == round_to(value, 6) else percent(value, 2)


def is_rate(indicator: ast.Indicator) -> bool:
    """Whether the indicator's actual reads best as a percentage."""
    return tree.own_actual_type(indicator) == "rate"


def actual_text(node: NodeResult) -> str:
    """业绩值 as tables show it: a rate as a percentage (2 places), a number plainly; "" for none."""
    if node.actual is None or not isinstance(node.node, ast.Indicator):
        return ""
    return percent(node.actual, 2) if is_rate(node.node) else plain(round_to(node.actual, 4))


def render_node(node: NodeResult, language: Language = "zh") -> str:
    w = _WORDS[language]
    head = f"{node.code} {node.name}{w['colon']}"
    indicator = node.node if isinstance(node.node, ast.Indicator) else None
    show = _rate if indicator is not None and is_rate(indicator) else brief
    parts: list[str] = []
    if node.uses:
        shown = "、" if language == "zh" else ", "
        parts.append(f"{w['inputs']} " + shown.join(f"{k} = {_value(v)}" for k, v in node.uses))
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


def _value(value: Any) -> str:
    if isinstance(value, Decimal):
        return brief(value, 4) if abs(value) >= 1 or value == 0 else _rate(value)
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
                items.append(f"{name} {_rate(done)}")
            elif rated:
                items.append(f"{name} {_rate(value)}/{_rate(target)} = {_rate(done)}")
            else:
                items.append(f"{name} {brief(value)}/{brief(target)} = {_rate(done)}")
        joined = "；".join(items) if zh else "; ".join(items)
        how = "加权" if zh and weighted else ("平均" if zh else ("weighted" if weighted else "mean"))
        return (f"完成率（{how}）= {_rate(rate)}［{joined}］" if zh
                else f"completion ({how}) = {_rate(rate)} [{joined}]")  # fmt: skip
    if kind == "ratio":
        actual, target, ratio, used, reverse, weight = step[1:]
        fraction = f"{show(target)} ÷ {show(actual)}" if reverse else f"{show(actual)} ÷ {show(target)}"
        return (f"{w['actual']} {show(actual)}{w['sep']}{w['target']} {show(target)}{w['sep']}"
                f"{w['score']} = {brief(weight)} × min({fraction}, {brief(used) if used > 1 else 1}) = "
                f"{brief(CONTEXT.multiply(weight, used))}")  # fmt: skip
    if kind == "cutoff":
        actual, threshold = step[1:]
        return (f"{w['actual']} {show(actual)} 低于 {show(threshold)}，不得分" if zh
                else f"actual {show(actual)} is below the cut-off {show(threshold)}: no points")  # fmt: skip
    if kind == "within":
        side, actual, bound = step[1:]
        if zh:
            verb = {"above": "未超过", "below": "不低于", "beyond": "等于"}[side]
            return f"{w['actual']} {show(actual)} {verb} {show(bound)}，得满分"
        verb = {"above": "does not exceed", "below": "is not below", "beyond": "equals"}[side]
        return f"actual {show(actual)} {verb} {show(bound)}: full marks"
    if kind == "deduct":
        side, actual, bound, excess, unit, exact, units, per_unit, deduction, capped, weight = step[1:]
        rounding = ""
        if units != exact:
            rule = node.node.rule if isinstance(node.node, ast.Indicator) else None
            partial = rule.partial if isinstance(rule, ast.Deduct) else "half_up"
            rounding = f"{'，' if zh else ', '}{_PARTIAL[language][partial]} {brief(units)}"
        cap = ("（已达扣分上限）" if zh else " (deduction cap reached)") if capped else ""
        if zh:
            return (f"{w['actual']} {show(actual)} {w[side]} {show(bound)} {show(excess)}，"
                    f"每 {show(unit)} 一个单位，共 {brief(exact)} 个单位{rounding}，"
                    f"扣 {brief(units)} × {brief(per_unit)} = {brief(deduction)} 分{cap}，"
                    f"得分 = max({brief(weight)} − {brief(deduction)}, 0)")
        return (f"actual {show(actual)} is {show(excess)} {w[side]} {show(bound)}; "
                f"{brief(exact)} units of {show(unit)}{rounding}; deduct {brief(units)} × {brief(per_unit)} = "
                f"{brief(deduction)}{cap}; score = max({brief(weight)} − {brief(deduction)}, 0)")
    if kind == "band":
        index, actual, award = step[1:]
        label = _band_text(node, index, language)
        return (f"{w['actual']} {show(actual)}，符合第 {index + 1} 档（{label}），得 {brief(award)} 分" if zh
                else f"actual {show(actual)} falls in band {index + 1} ({label}): {brief(award)} points")  # fmt: skip
    if kind == "checklist":
        rows, total, weight = step[1:]
        items = [f"{name} {_rate(share)} × {_rate(done) if done not in (0, 1) else int(done)}" for name, share, done in rows]
        joined = " + ".join(items)
        return (f"清单 {joined} = {_rate(total)}，得分 = {brief(weight)} × {_rate(total)}" if zh
                else f"checklist {joined} = {_rate(total)}; score = {brief(weight)} × {_rate(total)}")  # fmt: skip
    if kind == "level":
        label, award = step[1:]
        return f"定性为“{label}”，得 {brief(award)} 分" if zh else f"level '{label}': {brief(award)} points"
    if kind == "binary":
        met, weight = step[1:]
        if zh:
            return f"达标，得 {brief(weight)} 分" if met else "未达标，不得分"
        return f"met: {brief(weight)} points" if met else "not met: no points"
    if kind == "formula":
        rule = node.node.rule if isinstance(node.node, ast.Indicator) else None
        text = format_expr(rule.expr, language) if isinstance(rule, ast.Formula) else "…"
        return f"{'公式' if zh else 'formula'} {text} = {brief(step[1])}"
    if kind == "linear":
        actual, low, high, fraction, used, weight = step[1:]
        return (f"{w['actual']} {show(actual)}，在 {show(low)}（0 分）与 {show(high)}（满分）之间按线性插值，"
                f"得分 = {brief(weight)} × {_rate(used)}" if zh else
                f"actual {show(actual)} between {show(low)} (0) and {show(high)} (full): "
                f"score = {brief(weight)} × {_rate(used)}")  # fmt: skip
    if kind == "judged":
        judged, low, high = step[1:]
        return (f"评定得分 {brief(judged)}（范围 {brief(low)}~{brief(high)} 分）" if zh
                else f"judged score {brief(judged)} (range {brief(low)}–{brief(high)})")  # fmt: skip
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
        name = {"min": ("最小得分率", "lowest child rate"), "product": ("得分率乘积", "product of child rates")}[how]
        return (f"{name[0]} {_rate(used)}，{brief(weight)} × {_rate(used)}" if zh
                else f"{name[1]} {_rate(used)}; {brief(weight)} × {_rate(used)}")  # fmt: skip
    return f"{kind} {step[1:]}"  # pragma: no cover - every kind above


def _band_text(node: NodeResult, index: int, language: Language) -> str:
    rule = node.node.rule if isinstance(node.node, ast.Indicator) else None
    if not isinstance(rule, ast.Bands):
        return str(index + 1)
    return format_condition(rule.bands[index].condition, language)


def render_result(result: Result, language: Language = "zh") -> str:
    w = _WORDS[language]
    lines = [render_node(node, language) for node in result]
    grade = result.grade
    lines.append(f"{w['total']} {plain(result.total)} / {plain(result.maximum)}"
                 + (f"{w['sep']}{w['grade']} {grade}" if grade else ""))  # fmt: skip
    for warning in result.warnings:
        lines.append(f"! {warning}")
    return "\n".join(lines)

"""Keywords and their Chinese aliases: one table for the parser, printer and docs."""

from __future__ import annotations

#: canonical English keyword -> Chinese alias, in the order the reference lists them.
KEYWORDS: dict[str, str] = {
    # settings
    "rubric": "评价",
    "total": "总分",
    "maximum": "最高分",
    "minimum": "最低分",
    "rounding": "保留",
    "places": "位",
    "half_up": "四舍五入",
    "half_even": "四舍六入",
    "down": "舍去",
    "up": "进一",
    "judged_outside": "评定越界",
    "roll_up": "上级得分",
    "own": "本级",
    "subordinates": "下级平均",
    "clamp": "取边界",
    "refuse": "拒绝",
    # data
    "input": "输入",
    "rate": "比率",
    "amount": "金额",
    "count": "数量",
    "number": "数值",
    "yesno": "是否",
    "date": "日期",
    "list": "列表",
    "metric": "计算",
    "survey": "问卷",
    "options": "选项",
    "question": "题目",
    "share_rounding": "占比保留",
    "excluded": "不计入",
    "weight": "权重",
    "channels": "渠道",
    # grades and veto
    "grades": "评价等级",
    "veto": "一票否决",
    "zero": "总分为零",
    "grade_at_most": "等级最高",
    "rated": "评为",
    # tree
    "group": "分组",
    "bonus": "加分项",
    "penalty": "减分项",
    "max": "最多",
    "aggregate": "汇总",
    "sum": "求和",
    "min": "最小值",
    "product": "乘积",
    "highest": "取高者",
    "indicator": "指标",
    "points": "分",
    # clauses
    "definition": "解释",
    "criteria": "评分标准",
    "target": "目标",
    "actual": "实际",
    "completion": "完成率",
    "direction": "方向",
    "higher": "越高越好",
    "lower": "越低越好",
    "add": "加分",
    "subtract": "扣分",
    "score_max": "得分上限",
    "standard": "引用",
    "if_not_applicable": "不适用时",
    "full": "满分",
    "rescale": "折算",
    "redistribute": "分配给同级",
    # rules
    "proportional": "按比例",
    "reverse": "反向",
    "cutoff": "低于则零分",
    "cap": "封顶",
    "uncapped": "不封顶",
    "deduct": "扣",
    "per": "每",
    "above": "超过",
    "below": "低于",
    "beyond": "偏离",
    "partial": "不足部分",
    "prorata": "按比例",
    "bands": "分档",
    "checklist": "清单",
    "all_or_nothing": "全有全无",
    "levels": "定性",
    "binary": "达标",
    "formula": "公式",
    "linear": "线性",
    "from": "从",
    "to": "到",
    "judged": "评定",
    "per_occurrence": "按次",
    "when": "当",
    "otherwise": "否则",
    "incl": "含",
    "excl": "不含",
    # expressions
    "if": "如果",
    "then": "则",
    "else": "否则",
    "and": "且",
    "or": "或",
    "not": "非",
    "in": "属于",
}

#: Aggregates over a list (perfscore.facts), canonical (English) name -> Chinese name.
AGGREGATES: dict[str, str] = {
    "all": "全部", "any": "任一", "count": "计数", "share": "占比", "sum": "求和", "mean": "平均", "max": "最大", "min": "最小",
}  # fmt: skip

#: Peer figures (perfscore.peers): the unit among the units scored with it, canonical name -> Chinese name.
PEER_FUNCTIONS: dict[str, str] = {
    "rank": "排名", "peer_count": "单位数", "best": "最优值", "peer_mean": "平均值", "peer_median": "中位数",
    "percentile": "百分位",
}  # fmt: skip
_PEER_ALIASES = {chinese: english for english, chinese in PEER_FUNCTIONS.items()}


def canonical_function(func: str, arity: int) -> str:
    """A function's canonical name: 平均 is mean; 最大/最小 are max/min with one argument only (a list's largest,
    smallest: 最大(a, b) is no function of perfscore's)."""
    for english, chinese in AGGREGATES.items():
        if func == chinese and (english not in ("max", "min") or arity == 1):
            return english
    return _PEER_ALIASES.get(func, func)


def function_word(func: str, arity: int, language: str) -> str:
    """A canonical function's name as written in ``language`` (aggregates in Chinese in zh, min(a, b) stays)."""
    if language == "zh" and func in AGGREGATES and (func not in ("max", "min") or arity == 1):
        return AGGREGATES[func]
    if language == "zh" and func in PEER_FUNCTIONS:
        return PEER_FUNCTIONS[func]
    return func


#: Chinese alias -> canonical keyword (``按比例`` is both ``proportional`` and
#: ``prorata``; the grammar position decides, and both canonical forms are
#: recovered from the rule the parser reduced).
CANONICAL: dict[str, str] = {}
for _english, _chinese in KEYWORDS.items():
    CANONICAL.setdefault(_chinese, _english)
    CANONICAL[_english] = _english
CANONICAL["按比例"] = "prorata"  # only ever read back inside a `partial` clause


def canonical(word: str) -> str:
    """The English spelling of a keyword written in either language."""
    return CANONICAL.get(word, word)

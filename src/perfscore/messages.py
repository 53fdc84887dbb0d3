"""The message catalogue: every text perfscore says to a person, keyed by a stable id, in Chinese and English.

A message is built from its key and named arguments (:func:`msg`) and worded only when shown
(:meth:`Message.render`), so one diagnostic reads in either language. Arguments are worded per language
too: a :class:`Message` inside a message (``where``: 在 A1 的实际值中 / in the actual of A1), a
:class:`Term` (a keyword: 总分 / 总分 (total)), a tuple (joined by 、 or by commas), a Decimal (as written).
:func:`msg` refuses a key not in :data:`CATALOGUE` or arguments that are not its placeholders, so no
caller can forget a translation; ``tests/test_messages.py`` holds every entry to both languages with the
same placeholders, and the modules that speak to authors to building their texts here.

Chinese is the default for a rubric written with Chinese keywords, English for one in English keywords
(:func:`language_of`); every public entry point takes ``language=`` to choose.
"""

from __future__ import annotations

import functools
import re
import string
from decimal import Decimal
from typing import Any, Literal

import attrs

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")


@attrs.frozen
class Term:
    """A word shown as authors write it, per language: a keyword is ``总分`` in Chinese, ``总分 (total)`` in English."""

    zh: str
    en: str

    def render(self, language: Language) -> str:
        return self.zh if language == "zh" else self.en


def keyword(english: str) -> Term:
    """A keyword of the language, in either spelling: ``按比例`` / ``按比例 (proportional)``."""
    from .keywords import KEYWORDS

    chinese = KEYWORDS.get(english, english)
    return Term(chinese, f"{chinese} ({english})" if chinese != english else english)


def quoted(text: str) -> Term:
    """Text the author wrote, quoted: ``“按比列”`` in Chinese, ``'按比列'`` (Python's repr) in English."""
    return Term(f"“{text}”", repr(text))


@attrs.frozen
class Joined:
    """Messages joined into one sentence: by ``；`` in Chinese, ``; `` in English."""

    parts: tuple[Any, ...]

    def render(self, language: Language) -> str:
        return ("；" if language == "zh" else "; ").join(show(p, language) for p in self.parts)


@attrs.frozen
class Message:
    """One message of the catalogue with its arguments, worded when shown."""

    key: str
    args: tuple[tuple[str, Any], ...] = ()

    def render(self, language: Language = "en") -> str:
        zh, en = CATALOGUE[self.key]
        template = zh if language == "zh" else en
        return template.format_map({name: show(value, language) for name, value in self.args})

    def __str__(self) -> str:
        return self.render("en")


def msg(key: str, /, **args: Any) -> Message:
    """The message ``key`` with its named arguments; a key or an argument the catalogue lacks is a bug, raised."""
    wanted = placeholders(key)
    if set(args) != wanted:
        raise TypeError(f"message {key} takes {sorted(wanted)}, not {sorted(args)}")
    return Message(key, tuple((name, _frozen(value)) for name, value in sorted(args.items())))


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, (list, set, frozenset)) else value


@functools.cache
def placeholders(key: str) -> frozenset[str]:
    """The argument names of a message (both languages have the same: tests/test_messages.py)."""
    _, en = CATALOGUE[key]  # KeyError: not in the catalogue
    return frozenset(field for _, field, _, _ in string.Formatter().parse(en) if field)


def show(value: Any, language: Language) -> str:
    """An argument worded for ``language``."""
    if isinstance(value, (Message, Term, Joined)):
        return value.render(language)
    if isinstance(value, bool):
        return show(msg("word.yes" if value else "word.no"), language)
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, tuple):
        return ("、" if language == "zh" else ", ").join(show(v, language) for v in value)
    return str(value)


def _number(x: Decimal) -> str:
    if x.is_infinite():
        return "inf" if x > 0 else "-inf"
    return "0" if x.is_zero() else format(x.normalize(), "f")


_CHINESE_LINES = re.compile(r"^\s*(?:指标|分组|总分|评价|输入|计算|问卷)\s", re.MULTILINE)
_ENGLISH_LINES = re.compile(r"^\s*(?:indicator|group|total|rubric|input|metric|survey)\s", re.MULTILINE)


@functools.lru_cache(maxsize=64)
def language_of(text: str) -> Language:
    """The keyword language a rubric is written in: whichever its statements mostly start with (Chinese on a tie)."""
    return "zh" if len(_CHINESE_LINES.findall(text)) >= len(_ENGLISH_LINES.findall(text)) else "en"


# ---------------------------------------------------------------------------------------------- catalogue
#
# key: (Chinese, English). Keys are ``<area>.<what>``; the area of a diagnostic's message is its code
# (docs/diagnostics.md), ``data.*`` are data problems (DataProblem.code), ``eval.*`` evaluation errors,
# ``cli.*`` the command line's own, ``word.*`` and ``where.*`` pieces other messages are built from.

CATALOGUE: dict[str, tuple[str, str]] = {
    # ---- how a diagnostic or an error is shown
    "show.error": ("错误", "error"),
    "show.warning": ("警告", "warning"),
    "show.head": ("{file}:{line}:{column}: {severity}：{message}", "{file}:{line}:{column}: {severity}: {message}"),
    "show.hint": ("    提示：{hint}", "    hint: {hint}"),
    "show.rubric-errors": ("评分办法中有 {count} 处错误", "{count} error(s) in rubric"),
    "show.data-problems": ("评价数据中有 {count} 个问题", "{count} problem(s) in evaluation data"),
    # ---- words other messages are built from
    "word.yes": ("是", "yes"),
    "word.no": ("否", "no"),
    "word.none": ("无", "none"),
    "word.something-else": ("其他内容", "something else"),
    "word.end-of-file": ("文件结尾", "end of file"),
    "word.end-of-line": ("行尾", "end of line"),
    "word.a-name": ("名称", "a name"),
    "word.a-unit": ("计量单位（如 处、元/人）", "a unit (处, 元/人)"),
    "word.quoted-text": ('带引号的文字（"…"）', 'quoted text ("…")'),
    "word.a-number": ("数字", "a number"),
    "word.a-comparison": ("比较符（≥ ≤ > <）", "a comparison (≥ ≤ > <)"),
    "word.plus-or-minus": ("+ 或 -", "+ or -"),
    "word.times-or-divide": ("× 或 ÷", "× or ÷"),
    "word.rate": ("百分比", "a percentage"),
    "word.amount": ("金额", "an amount"),
    "word.count": ("数量", "a count"),
    "word.number": ("数值", "a number"),
    "word.points": ("分数", "points"),
    "word.bool": ("是否", "a yes/no"),
    "word.label": ("选项", "an option"),
    "word.date": ("日期", "a date"),
    "word.list": ("列表", "a list"),
    "word.value": ("值", "a value"),
    "word.higher": ("越高越好", "higher-is-better (越高越好)"),
    "word.lower": ("越低越好", "lower-is-better (越低越好)"),
    "word.rewards-higher": ("奖励较高的实际值", "higher"),
    "word.rewards-lower": ("奖励较低的实际值", "lower"),
    "word.input": ("输入项", "input"),
    "word.metric": ("计算项", "metric"),
    "word.survey": ("问卷", "survey"),
    "word.name": ("名称", "name"),
    "word.veto": ("一票否决", "veto"),
    "word.code": ("编码", "code"),
    "word.grade": ("等级", "grade"),
    "word.level": ("等级", "level"),
    "word.item": ("项目", "item"),
    "word.option": ("选项", "option"),
    "word.question": ("题目", "question"),
    "word.channel": ("渠道", "channel"),
    "word.band": ("档次", "band"),
    "word.bands": ("分档", "bands"),
    "word.grades": ("评价等级", "grades"),
    "word.checklist": ("清单", "checklist"),
    "word.completion": ("完成情况", "completion"),
    "word.question-weights": ("题目权重", "question weights"),
    "word.channel-weights": ("渠道权重", "channel weights"),
    "word.actual": ("实际值", "actual"),
    "word.total": ("总分", "total"),
    "word.bonus-caps": ("各加分上限", "bonus caps"),
    "word.bonus-caps-above": ("各加分上限及封顶规则超出权重的部分",
                              "bonus caps and what capped rules award above their weights"),
    "word.deduction": ("扣分", "deduction"),
    "word.maximum-deduction": ("最多扣分", "maximum deduction"),
    "word.step": ("步长", "step"),
    "word.points-per-occurrence": ("每次得分", "points per occurrence"),
    "word.maximum": ("上限", "maximum"),
    "word.bonus": ("加分", "bonus"),
    "word.penalty": ("扣分", "penalty"),
    "word.any-value": ("任意值", "any value"),
    "word.at-most": ("{value}及以下", "{value} or less"),
    "word.below": ("低于{value}", "below {value}"),
    "word.at-least": ("{value}及以上", "{value} or more"),
    "word.above": ("高于{value}", "above {value}"),
    "word.exactly": ("恰为{value}", "exactly {value}"),
    "word.from-to": ("{low}至{high}", "{low} to {high}"),
    "word.interval": ("{interval}（{words}）", "{interval} ({words})"),
    "word.missing": ("少 {amount}", "{amount} missing"),
    "word.too-many": ("多 {amount}", "{amount} too many"),
    # ---- where in the rubric a problem is (the subject of a message)
    "where.target": ("{code} 的目标值", "the target of {code}"),
    "where.actual": ("{code} 的实际值", "the actual of {code}"),
    "where.metric": ("计算项 {name} 的表达式", "metric {name}"),
    "where.grade-condition": ("等级 {label} 的条件", "the condition of grade {label}"),
    "where.veto-condition": ("一票否决 {name} 的条件", "the condition of veto {name}"),
    "where.item-target": ("{code} 中项目 {name} 的目标值", "the target of item {name} in {code}"),
    "where.part": ("{code} 的 {name} 部分", "the part {name} of {code}"),
    "where.of": ("{code} 的{what}", "{what} of {code}"),
    "where.of-part": ("{part}的{what}", "{what} of {part}"),
    "where.target-written": ("{code} 的目标值 `{text}`", "the target `{text}` of {code}"),
    "where.step": ("{code} 的步长 `{text}`", "the step `{text}` of {code}"),
    "where.limit": ("{code} 的界限 `{text}`", "the limit `{text}` of {code}"),
    "where.cutoff": ("{code} 的门槛 `{text}`", "the cutoff `{text}` of {code}"),
    "where.linear-bound": ("{code} 的线性端点 `{text}`", "the linear bound `{text}` of {code}"),
    "where.band-of": ("{code} 的档次 `{text}`", "band `{text}` of {code}"),
    "where.band": ("档次 `{text}`", "band `{text}`"),
    "where.level": ("等级 {label}", "level {label}"),
    "where.judged": ("评定得分", "the judged score"),
    "where.the-maximum": ("上限", "the maximum"),
    "where.in-code": ("{code} 中", " in {code}"),
    "where.in-survey": ("问卷 {name} 中", " in survey {name}"),
    "where.in-input": ("输入项 {name} 中", " in input {name}"),
    "where.nowhere": ("", ""),
    "where.of-owner": ("{owner} 的", " of {owner}"),
    "where.group": ("分组 {code}（{name}）", "group {code} ({name})"),
    "where.rubric": ("评分办法", "the rubric"),
    "where.top-level": ("第一层指标", "the top-level nodes"),
    "where.children": ("{code}（{name}）下各项", "the children of {code} ({name})"),
    "where.the-total": ("{total}", "the total {total}"),
    "weights.missing": ("少 {amount} 分", "{amount} missing"),
    "weights.too-many": ("多 {amount} 分", "{amount} too many"),
    "where.weight-of": ("{code} 的权重", "the weight of {code}"),
    "where.cap-of": ("{kind}分组 {code} 的上限", "the cap of {kind} group {code}"),
    "where.rule.band-condition": ("档次条件", "a band condition"),
    "where.rule.deduction-limit": ("扣分界限", "the deduction limit"),
    "where.rule.formula": ("公式", "the formula"),
    "where.rule.linear": ("线性规则", "the linear rule"),
    "where.rule.cutoff": ("门槛", "the cutoff"),
    # ---- why a name may not be used where it is
    "blocked.no-actual": ("{code} 没有实际值", "{code} has no actual"),
    "blocked.no-target": ("{code} 没有数值目标", "{code} has no numeric target"),
    "blocked.total-late": ("总分要等所有指标评分后才知道", "the total is known only once every indicator is scored"),
    "blocked.target-actual": ("目标值不能使用实际值", "a target cannot use the actual"),
    "blocked.target-itself": ("目标值不能引用自身", "a target cannot refer to itself"),
    "blocked.actual-itself": ("实际值不能引用自身", "an actual cannot refer to itself"),
    "blocked.part-no-actual": ("{part}不读实际值", "{part} reads no actual"),
    "blocked.part-no-target": ("加减分部分没有目标值", "a part has no target"),
    "blocked.metric-outside": ("计算项在所有指标之外计算", "metrics are computed outside any indicator"),
    "blocked.metric-before": ("计算项在任何指标评分之前计算：请在指标的公式或条件中使用",
                              ("metrics are computed before any indicator is scored: use it in the indicator's "
                              "formula or condition")),
    "blocked.whole-rubric": ("它针对整个评分办法判定，不属于任何指标",
                             "it is decided for the whole rubric, outside any indicator"),
    # ---- syntax
    "syntax.unknown-keyword": ("无法识别的关键字 {found}", "unknown keyword {found}"),
    "syntax.did-you-mean": ("是不是要写 {keyword}？", "did you mean {keyword}?"),
    "syntax.unexpected": ("此处不应出现 {found}，应为 {expected}", "unexpected {found}; expected {expected}"),
    "syntax.unexpected-character": ("此处不应出现字符 {char}，应为 {expected}",
                                    "unexpected character {char}; expected {expected}"),
    "syntax.unexpected-eof": ("文件意外结束，应为 {expected}", "unexpected end of file; expected {expected}"),
    "syntax.closing-quote": ('缺少后引号，或用 "…" 把文字括起来', 'a closing quote is missing, or use "…" around text'),
    "syntax.unclosed-block": ("用 {{ 开始的块没有用 }} 结束", "a block opened with {{ is not closed"),
    "syntax.quote-text": ('文字请用 "…" 或 “…” 括起来', 'quote text with "…" or “…”'),
    "syntax.range-brackets": ("区间的括号是 [ 和 ]：`[60%, 80%)`", "brackets of a range are [ and ]: `[60%, 80%)`"),
    "syntax.range-tilde": ("范围用 ~ 连接：`80%~100%`", "a range is written with ~: `80%~100%`"),
    "syntax.full-stop": ("语句以换行（或 ;）结束，不用 。", "end a statement with a new line (or ;), not 。"),
    "syntax.decimal-point": ("小数点是半角的 .：`0.5`", "a decimal point is the ASCII .: `0.5`"),
    "syntax.bullet": ("名称中间用 ·，或给名称加引号", "use · inside a name, or quote the name"),
    "syntax.backslash": ("除号是 / 或 ÷", "a division is / or ÷"),
    "syntax.weight-after-name": ("在名称后写上分值，例如 `指标 A1 名称 3 {{`",
                                 "give the weight after the name, e.g. `指标 A1 名称 3 {{`"),
    "syntax.colon": ("关键字后面不加冒号，空一格：`总分 100`", "no colon after the keyword, a space: `总分 100`"),
    "syntax.quote-name": ("名称含标点时要加引号：`{quoted}`", "a name with punctuation needs quotes: `{quoted}`"),
    "syntax.exponent": ("数字要完整写出（如 100000）：评分办法中不用科学计数法（1e5）",
                        "write the number in full (100000): a rubric does not read exponents (1e5)"),
    "syntax.quote-text-bare": ('文字要加引号：`"…"`', 'text goes in quotes: `"…"`'),
    "syntax.quote-text-rest": ('文字要加引号：`"{text}"`', 'text goes in quotes: `"{text}"`'),
    "syntax.quote-name-bare": ("名称含标点时要加引号", "a name with punctuation needs quotes"),
    "syntax.space": ("关键字、名称和数字之间要空一格（例如写 `扣 5%`，不写 `扣5%`）",
                     "separate keywords, names and numbers with a space (e.g. `扣 5%` not `扣5%`)"),
    "syntax.unit-points": ("写上单位：占权重的比例写 5%，分数写 0.5分",
                           "write the unit: 5% for a share of the weight, 0.5分 for points"),
    "syntax.unit-share": ("这里写占权重的比例，用百分数或分数：`50%` 或 `1/2`",
                          "a share of the weight here, as a percentage or a fraction: `50%` or `1/2`"),
    "syntax.empty": ("评分办法是空的", "the rubric is empty"),
    "syntax.empty-hint": ("先写总分和一个指标，例如 `总分 100`", "start with the total and an indicator, e.g. `总分 100`"),
    "syntax.long-number": ("数字 {number} 的整数或小数部分超过 {digits} 位",
                           "the number {number} has more than {digits} digits before or after its decimal point"),
    "syntax.long-number-hint": ("请取整：评分办法中的数字是权重、目标值和分档界限",
                                "round it: rubric numbers are weights, targets and edges"),
    "syntax.not-a-number": ("不是数字：{token}", "not a number: {token}"),
    "syntax.places": ("保留位数应为 0 到 {most} 的整数，不能是 {number}",
                      "rounding places must be a whole number from 0 to {most}, not {number}"),
    "syntax.places-hint": ("得分一般保留 2 位：`保留 2 位`", "scores are usually kept to 2 places: `保留 2 位`"),
    # ---- limits
    "limits.bytes": ("评分办法有 {size} 字节，超过上限 {limit} 字节", "the rubric is {size} bytes, more than the limit of {limit}"),
    "limits.raise": ("确需更多时，可用 perfscore.Limits({name}=…) 调高上限",
                     "raise it with perfscore.Limits({name}=…) if the rubric really needs more"),
    "limits.operators": ("表达式中的运算符超过 {limit} 个", "an expression with more than {limit} operators"),
    "limits.operators-hint": ("拆成几个长度适中的计算项（计算 名称 = …）",
                              "split it into metrics (计算 名称 = …) of a readable size"),
    "limits.depth": ("块和括号嵌套超过 {limit} 层", "blocks and parentheses are nested more than {limit} deep"),
    "limits.depth-hint": ("减少指标树或表达式的层级；实际的评分办法只需几层",
                          "flatten the tree or the expression; real rubrics need a handful of levels"),
    "limits.nesting": ("此处分组、指标和表达式嵌套超过 {limit} 层",
                       "groups, indicators and expressions are nested more than {limit} deep here"),
    "limits.nesting-hint": ("把长表达式拆成计算项（计算 名称 = …），或减少指标树的层级",
                            "split long expressions into metrics (计算 名称 = …), or flatten the tree"),
    "limits.nodes": ("评分办法有 {nodes} 个分组和指标，超过上限 {limit} 个",
                     "the rubric has {nodes} groups and indicators, more than the limit of {limit}"),
    # ---- files (a rubric's or the data's file refused: unreadable, too big, not UTF-8 text)
    "file.refused": ("{message}", "{message}"),
    "file.refused-path": ("{path}：{message}", "{path}: {message}"),
    "file.refused-hint": ("{path}：{message}；{hint}", "{path}: {message}; {hint}"),
    "file.kind.rubric": ("评分办法", "rubric"),
    "file.kind.data": ("数据文件", "data file"),
    "file.kind.reported": ("公布数据文件", "reported-figures file"),
    "file.kind.cases": ("测试用例文件", "test-cases file"),
    "file.noun.rubric": ("评分办法", "rubric"),
    "file.noun.data": ("评价数据", "evaluation data"),
    "file.noun.reported": ("公布数据", "published figures"),
    "file.noun.cases": ("测试用例", "test cases"),
    "file.plain.rubric": ("评分办法", "a rubric"),
    "file.plain.reported": ("公布数据文件", "a reported-figures file"),
    "file.plain.cases": ("测试用例文件", "a test-cases file"),
    "file.raise.rubric": ("确需更大时，可用 perfscore.Limits(max_bytes=…) 调高上限",
                          "raise it with perfscore.Limits(max_bytes=…) if the rubric really needs more"),
    "file.raise.data": ("确需更大时，可用 perfscore.read_data(path, max_bytes=…) 调高上限",
                        "raise it with perfscore.read_data(path, max_bytes=…) if the data really needs more"),
    "file.raise.reported": ("确需更大时，可用 perfscore.audit.read_reported(path, max_bytes=…) 调高上限",
                            "raise it with perfscore.audit.read_reported(path, max_bytes=…) if it really needs more"),
    "file.raise.cases": ("把测试用例分到几个评分办法中，或把大量数据放在数据文件里",
                         "split the cases between rubrics, or keep large data in data files"),
    "file.type.directory": ("目录", "a directory"),
    "file.type.fifo": ("命名管道（FIFO）", "a named pipe (FIFO)"),
    "file.type.char": ("字符设备", "a character device"),
    "file.type.block": ("块设备", "a block device"),
    "file.type.socket": ("套接字", "a socket"),
    "file.cannot-read": ("无法读取{name}：{why}", "cannot read the {name}: {why}"),
    "file.nul-name": ("无法读取{name}：文件名中含 NUL 字符", "cannot read the {name}: its name contains a NUL character"),
    "file.grew": ("{name}在读取过程中超过了 {limit} 字节的上限", "the {name} grew past the limit of {limit} bytes while it was read"),
    "file.not-regular-kind": ("这是{what}，不是普通文件", "this is {what}, not a regular file"),
    "file.not-regular": ("这不是普通文件", "this is not a regular file"),
    "file.name-itself": ("请指定{name}文件本身（{suffixes}）", "name the {name} itself ({suffixes})"),
    "file.too-big": ("{name}有 {size} 字节，超过上限 {limit} 字节", "the {name} is {size} bytes, more than the limit of {limit}"),
    "file.sig.office": ("Word 或 Excel 文件（.docx/.xlsx）", "a Word or Excel file (.docx/.xlsx)"),
    "file.sig.office97": ("Word 或 Excel 97 文件", "a Word or Excel 97 file"),
    "file.sig.pdf": ("PDF 文件", "a PDF file"),
    "file.sig.gzip": ("gzip 压缩文件", "a gzip-compressed file"),
    "file.sig.png": ("PNG 图片", "a PNG image"),
    "file.sig.jpeg": ("JPEG 图片", "a JPEG image"),
    "file.signature": ("这是{what}，不是{noun}文本", "this is {what}, not {noun} text"),
    "file.copy-text": ("把{noun}复制到以 UTF-8 保存的纯文本文件中（{suffixes}）",
                       "copy the {noun} into a plain-text file saved as UTF-8 ({suffixes})"),
    "file.utf": ("文件是 {encoding} 文本，不是 UTF-8", "the file is {encoding} text, not UTF-8"),
    "file.binary": ("这是二进制文件（第 {at} 字节是 NUL），不是{noun}文本", "this is a binary file (a NUL byte at byte {at}), not {noun} text"),
    "file.plain-text": ("{plain}是以 UTF-8 保存的纯文本", "{plain} is plain text saved as UTF-8"),
    "file.not-utf8": ("文件不是 UTF-8 文本（第 {line} 行，第 {at} 字节）", "the file is not UTF-8 text (line {line}, byte {at})"),
    "file.save-utf8": ("请以 UTF-8 保存；{plain}是纯文本", "save it as UTF-8; {plain} is plain text"),
    "file.gbk": ("文件是 GBK（GB18030）文本，不是 UTF-8（第 {line} 行，第 {at} 字节）",
                 "the file is GBK (GB18030) text, not UTF-8 (line {line}, byte {at})"),
    "file.re-encode": ("请转存为 UTF-8，例如 `iconv -f {encoding} -t UTF-8 {old} > {new}`，或在记事本中：另存为 → 编码：UTF-8",
                       ("re-encode it as UTF-8, e.g. `iconv -f {encoding} -t UTF-8 {old} > {new}`, or in Notepad: Save As "
                       "→ Encoding: UTF-8")),
    # ---- standards
    "unknown-standard.unknown": ("没有名为 {name} 的标准指标", "unknown standard indicator {name}"),
    "unknown-standard.did-you-mean": ("是不是要写 引用 {name}？", "did you mean 引用 {name}?"),
    "unknown-standard.known": ("标准指标有：{names}", "the standard indicators: {names}"),
    # ---- settings
    "settings.twice": ("设置 {word} 写了两次", "setting {word} is written twice"),
    "settings.keep-one": ("只保留一个", "keep one"),
    "settings.total": ("总分应大于 0", "the total must be more than 0"),
    "settings.maximum-below": ("最高分 {maximum} 低于总分 {total}", "the maximum {maximum} is below the total {total}"),
    "settings.maximum-below-hint": ("最高分是总分加上各加分上限；不写即按此计算",
                                    "the maximum is the total plus the bonus caps; leave it out to use that"),
    "settings.minimum-above": ("最低分 {minimum} 大于 0：最低分用于允许减分把总分扣到 0 以下，不写时总分本就不低于 0",
                               ("the minimum {minimum} is above 0: 最低分 lets penalties take the total below 0, and a "
                               "total is never lower than 0 without it")),
    "settings.minimum-above-hint": ("删去它，或写成例如 `最低分 -20`", "leave it out, or write e.g. `最低分 -20`"),
    "settings.minimum-unreachable": ("最低分 {minimum} 永远达不到：没有减分项分组或“一票否决 … 扣”从总分中扣分",
                                     ("the minimum {minimum} can never be reached: no 减分项 group or 一票否决 … 扣 "
                                     "takes points from the total")),
    "settings.minimum-unreachable-hint": ("删去它", "leave it out"),
    "weights.highest-hint": ("取高者分组中每个备选指标写成分组权重的比例（如各 {share}%）：分组得分为其权重 × 最高得分率",
                             ("in a 取高者 (highest) group write each alternative as a share of the group (e.g. "
                             "{share}% each): the group scores its weight × the best rate")),
    "weights.uncapped-share": ("{code} 的权重写成了比例，但其所在的减分项 {group} 不封顶：减分项的上限是各指标可扣分值之和，须以分值计",
                               ("{code} is weighted as a share, but its penalty group {group} is 不封顶 (uncapped): its "
                               "cap is what its children can lose, in points")),
    "weights.uncapped-share-hint": ("写成分值，例如 `2分`", "write the points, e.g. `2分`"),
    "settings.maximum-unreachable": ("最高分 {maximum} 永远达不到：总分加上{what}只有 {reachable}",
                                     "the maximum {maximum} can never be reached: the total plus {what} is {reachable}"),
    # ---- names
    "duplicate-name.twice": ("{where}{what} {key} 出现了两次（第一次在第 {line} 行）",
                             "{what} {key} appears twice{where} (first at line {line})"),
    "duplicate-name.reserved": ("{kind} {name} 用了保留字", "{kind} {name} uses a reserved name"),
    "duplicate-name.reserved-hint": ("换一个名称", "choose another name"),
    "duplicate-name.code": ("{kind} {name} 与第 {line} 行的指标编码同名",
                            "{kind} {name} has the same name as the code of the node at line {line}"),
    "duplicate-name.code-hint": ("数据中的键会冲突：请改掉其中一个", "data keys would clash: rename one of them"),
    "duplicate-name.option": ("输入项 {name} 的选项 {option} 与已声明的名称相同，与它比较时会有歧义",
                              ("option {option} of input {name} is also a declared name: a comparison with it "
                              "would be ambiguous")),
    "duplicate-name.option-hint": ("改掉选项或名称", "rename the option or the name"),
    "unknown-name.function": ("{where}中有未知函数 {func}()", "unknown function {func}() in {where}"),
    "unknown-name.function-did-you-mean": ("是不是要写 {func}()？", "did you mean {func}()?"),
    "unknown-name.functions": ("可用的函数：min、max、abs、round", "functions: min, max, abs, round"),
    "unknown-name.blocked": ("{where}用了 {name}，但{reason}", "{where} uses {name}, but {reason}"),
    "unknown-name.name": ("{where}中有未声明的名称 {name}", "unknown name {name} in {where}"),
    "unknown-name.did-you-mean": ("是不是要写 {name}？", "did you mean {name}?"),
    "unknown-name.declare": ("请先声明，例如 `输入 {name} 金额`", "declare it, e.g. `输入 {name} 金额`"),
    "unknown-name.code": ("读取 {code} 的得分写 `得分({code})`（得分率：`得分率({code})`，实际值：`实际({code})`）",
                          ("to read {code}'s score write `得分({code})` (its 得分率: `得分率({code})`, its actual: "
                          "`实际({code})`)")),
    "unknown-name.local-actual": ("加上 `实际 比率`（由数据给出）或 `实际 = 表达式`（计算得出）",
                                  "add `实际 比率` (given in the data) or `实际 = 表达式` (computed)"),
    "unknown-name.local-target": ("加上目标值，例如 `目标 100%`", "add e.g. `目标 100%`"),
    "unknown-name.ref-code": ("{where}中 {shown} 的编码 {code} 不存在", "unknown code {code} in {shown} in {where}"),
    "unknown-name.ref-did-you-mean": ("是不是要写 {word}({code})？", "did you mean {word}({code})?"),
    "unknown-name.ref-any": ("请引用本评分办法中某个指标或分组的编码",
                             "refer to the code of an indicator or a group of this rubric"),
    # ---- references
    "references.total": ("{where}用了总分，但{reason}", "{where} uses 总分 (the total), but {reason}"),
    "references.total-hint": ("等级、一票否决或定性等级可以判断总分", "a grade, a veto or a level may test the total"),
    "references.blocked": ("{where}用了 {shown}，但{reason}", "{where} uses {shown}, but {reason}"),
    "references.group-actual": ("{where}用了 {shown}，但 {code} 是分组，只有得分和得分率，没有实际值",
                                ("{where} uses {shown}, but {code} is a group: it has a score and a score rate, "
                                "not an actual")),
    "references.group-actual-hint": ("改用 得分({code}) 或 得分率({code})", "use 得分({code}) or 得分率({code})"),
    "references.no-actual": ("{where}用了 {shown}，但 {code} 没有实际值", "{where} uses {shown}, but {code} has no actual"),
    "references.no-actual-hint": ("改用 得分({code}) 或 得分率({code})，或者给 {code} 写上实际值",
                                  "use 得分({code}) or 得分率({code}), or give {code} an actual"),
    "references.call": ("{where}中 {func}() 只能带一个指标或分组编码，不能是 `{text}`",
                        "{func}() takes one indicator or group code, not `{text}`, in {where}"),
    "references.call-hint": ("例如 得分(B21)、得分率(B21)、实际(B21)，分组小计写 得分(B)",
                             "write e.g. 得分(B21), 得分率(B21), 实际(B21) or 得分(B) for a group's subtotal"),
    # ---- cycles
    "cycle.metric": ("计算项 {name} 依赖自身：{cycle}", "metric {name} depends on itself: {cycle}"),
    "cycle.metric-hint": ("计算项不能直接或通过其他计算项引用自身",
                          "a metric cannot use itself, directly or through other metrics"),
    "cycle.score": ("{code} 的得分依赖自身：{cycle}", "{code} depends on its own score: {cycle}"),
    "cycle.score-hint": ("得分不能直接或通过其他指标引用自身", "a score cannot use itself, directly, through other indicators"),
    "cycle.score-hint-group": ("得分不能直接、通过其他指标或通过包含它的分组引用自身",
                               ("a score cannot use itself, directly, through other indicators or through a group "
                               "that holds it")),
    # ---- shares
    "shares.roll-up": ("上级得分的本级 {own} 与下级平均 {subordinates} 之和应为 100%，实为 {sum}",
                       ("the shares of 上级得分 (roll_up), own {own} and subordinates {subordinates}, must sum to 100%, "
                       "not {sum}")),
    "shares.roll-up-hint": ("例如 `上级得分 所属地市 本级 70% 下级平均 30%`，或只按下级平均：`上级得分 所属地市 下级平均 100%`",
                            ("e.g. `上级得分 所属地市 本级 70% 下级平均 30%`, or the subordinates' mean alone: "
                            "`上级得分 所属地市 下级平均 100%`")),
    "settings.roll-up-input": ("上级得分的 {column} 是写明各单位上级的列，不是输入项",
                               "the column {column} of 上级得分 (roll_up) names each unit's superior: it is not an input"),
    "settings.roll-up-input-hint": ("删去 `输入 {column} …`，或另用一列写上级单位", "remove `输入 {column} …`, or name the superior in another column"),
    "shares.survey-empty": ("问卷 {name} 需要选项和题目", "survey {name} needs options and questions"),
    "shares.survey-empty-hint": ("例如 `选项 满意 100%，一般 60%，不满意 0%` 和 `题目 总体`",
                                 "e.g. `选项 满意 100%，一般 60%，不满意 0%` and `题目 总体`"),
    "shares.all-excluded": ("{where}所有选项都不计入，没有可统计的选项",
                            "every option{where} is excluded (不计入): nothing is left to count"),
    "shares.all-excluded-hint": ("给计入的选项写上分值，例如 `满意 100%`",
                                 "give the counted options their weights, e.g. `满意 100%`"),
    "shares.option-over": ("{where}选项 {label} 的分值为 {text}，超过 100%",
                           "option {label}{where} is worth {text}, more than 100%"),
    "shares.question-bare": ("{where}题目 {name} 没有权重，其他题目却有",
                             "question {name}{where} has no weight, but other questions do"),
    "shares.question-bare-hint": ("每个题目都写权重（权重 30%），或都不写（取平均）",
                                  "weigh every question (权重 30%), or none to take their mean"),
    "shares.part-zero": ("{where}{name} 的权重为 {text}，应大于 0", "{name}{where} weighs {text}: it must be more than 0"),
    "shares.parts-sum": ("{where}{what}合计 {total}，应为 100%（{terms}）",
                         "the {what}{where} sum to {total}, not 100% ({terms})"),
    "shares.add-up": ("使它们合计为 100%", "make them add up to 100%"),
    "shares.no-items": ("{code} 的{kind}没有项目", "the {kind} of {code} has no items"),
    "shares.item-bare": ("{code} 的项目 {name} 没有份额，其他项目却有", "item {name} of {code} has no share, but other items do"),
    "shares.item-bare-hint": ("每个项目都写份额，或都不写（平均分配）", "give every item a share, or none (equal shares)"),
    "shares.items-sum": ("{code} 的{kind}各项份额合计 {total}，应为 100%（{terms}），{gap}",
                         "shares of the {kind} of {code} sum to {total}, not 100% ({terms}): {gap}"),
    "shares.items-sum-hint": ("份额是权重的组成部分，合计应为 100%（1/6 这样的分数是精确的）",
                              "shares are parts of the weight that add up to 100% (fractions like 1/6 are exact)"),
    "division.share": ("{where}份额 {text} 的分母为 0", "share {text}{where} divides by 0"),
    # ---- weights
    "weights.not-positive": ("{what}应大于 0", "{what} must be more than 0"),
    "weights.not-positive-hint": ("写上它的分值，例如 `3` 或 `3分`", "write the points it is worth, e.g. `3` or `3分`"),
    "weights.empty": ("{where}没有指标", "{where} has no indicators"),
    "weights.sum": ("{whose}权重合计 {total} 分，应为 {wanted} 分（{terms}），{gap}",
                    "weights of {whose} sum to {total}, not {wanted} ({terms}): {gap}"),
    "weights.sum-hint": ("调整某项权重，使合计相符", "change a weight to add up"),
    "weights.share-hint": ("{code} 的权重 {percent}% 是上一级的比例（{points} 分）；按分值应写 {percent}",
                           ("{code}'s weight {percent}% is a share of its parent ({points} points); write {percent} "
                           "for points")),
    # ---- grades and vetoes
    "types.grade-percent": ("等级 {label} 用总分（分数）与百分比比较：`{text}`",
                            "grade {label} compares the total (points) with a percentage: `{text}`"),
    "types.grade-percent-hint": ("写分数，例如 `≥ 90`", "write the points, e.g. `≥ 90`"),
    "grades.unfinished": ("等级 {label} 由条件（当 …）判定，最后要有一个“否则”等级：不满足任何条件的单位将没有等级",
                          ("grade {label} is decided by a condition (当 …), so the grades need a last 否则 (otherwise) "
                          "grade: a unit matching no condition would have no grade")),
    "grades.unfinished-hint": ("以 `{label} 否则` 这样的等级结尾", "end with e.g. `{label} 否则`"),
    "grades.veto-grade": ("一票否决 {name} 把等级限定为 {grade}，但没有声明这个等级",
                          "veto {name} caps the grade at {grade}, which is not a declared grade"),
    "grades.did-you-mean": ("是不是要写 {label}？", "did you mean {label}?"),
    "grades.declared": ("已声明的等级：{labels}", "declared grades: {labels}"),
    "bounds.veto-amount": ("一票否决 {name} 扣 {text}，应大于 0", "veto {name} takes {text}: it must be more than 0"),
    "bounds.veto-amount-hint": ("例如 `扣 10分`", "e.g. `扣 10分`"),
    "types.result-not-condition": ("{where}是数值，不是条件：`{text}`", "{where} is a number, not a condition: `{text}`"),
    "types.result-not-condition-hint": ("请写成比较，例如 `当 得分率(C1) < 80%`", "compare it, e.g. `当 得分率(C1) < 80%`"),
    # ---- types
    "types.domain": ("输入项 {name} 的取值范围是{domain}，但 {name} 是{type}",
                     "the domain of input {name} is {domain}, but {name} is {type}"),
    "types.fact-not-condition": ("{where}是{what}，不是条件：`{text}`", "{where} is {what}, not a condition: `{text}`"),
    "types.not-condition": ("{where}是数值，不是条件：`{text}`", "{where} is a number, not a condition: `{text}`"),
    "types.not-condition-hint": ("请写成比较，例如 `当 执行率 >= 90%`", "compare it, e.g. `当 执行率 >= 90%`"),
    "types.condition-not-number": ("{where}是条件，不是数值：`{text}`", "{where} is a condition, not a number: `{text}`"),
    "types.fact-not-number": ("{where}是{what}，不是数值：`{text}`", "{where} is {what}, not a number: `{text}`"),
    "types.against": ("{what} 是{kind}，但 {code} 的实际值是{actual}", "{what} is {kind}, but the actual of {code} is {actual}"),
    "types.against-hint": ("按实际值的单位写，或声明实际值的类型：`实际 比率`",
                           "write it in the actual's unit, or declare the actual's type: `实际 比率`"),
    "types.bare-rate": ("{what}：实际值是百分比，这里写的 {value} 即 {percent}",
                        "{what} compares a percentage with {value}, which is {percent}"),
    "types.bare-rate-hint": ("如果指百分比，写 {value}%", "write {value}% if a percentage is meant"),
    "types.in": ("{where}中{problem}：`{text}`", "{problem} in {where}: `{text}`"),
    "types.used-as-condition": ("{what}被当作条件使用", "{what} used as a condition"),
    "types.number-as-condition": ("数值被当作条件使用", "a number used as a condition"),
    "types.compare-hint": ("请写成比较，例如 `执行率 >= 90%`", "compare it, e.g. `执行率 >= 90%`"),
    "types.compare-if-hint": ("请写成比较，例如 `如果 执行率 >= 90% 则 …`", "compare it, e.g. `如果 执行率 >= 90% 则 …`"),
    "types.plus": ("{a}加{b}", "{a} plus {b}"),
    "types.minus": ("{a}减{b}", "{a} minus {b}"),
    "types.compared": ("{a}与{b}比较", "{a} compared with {b}"),
    "types.in-function": ("{func}() 中混用了{a}和{b}", "{a} and {b} in {func}()"),
    "types.formula-not-points": ("{code} 的公式得出的是{what}，不是分数", "the formula of {code} gives {what}, not points"),
    "types.formula-not-points-hint": ("乘以权重，例如 `weight * actual / target`",
                                      "multiply by weight, e.g. `weight * actual / target`"),
    "types.no-options": ("输入项 {name} 没有声明选项", "input {name} declares no options"),
    "types.no-options-hint": ("例如 `选项 {{已完工, 在建}}`", "e.g. `选项 {{已完工, 在建}}`"),
    "types.element-compared": ("{name} 的每个元素（{element}）与{other}比较",
                               "each element of {name} ({element}) compared with {other}"),
    "types.aggregate-not-list": ("{func}() 汇总的是列表，但它的参数是{what}",
                                 "{func}() aggregates a list, but its argument is {what}"),
    "types.aggregate-not-list-hint": (("请给它一个列表输入项（例如声明 `输入 抽查站点 列表 数值`），或逐个比较其元素："
                                      "`全部(抽查站点 >= 90%)`"),
                                      ("give it a list input, declared e.g. `输入 抽查站点 列表 数值`, or compare each of "
                                      "its elements: `全部(抽查站点 >= 90%)`")),
    "types.aggregate-misfit-yesno": ("{func}() 不适用于是否列表 {name}", "{func}() does not apply to {name}, a list of yes/no"),
    "types.aggregate-misfit-numbers": ("{func}() 不适用于数值列表 {name}",
                                       "{func}() does not apply to {name}, a list of numbers"),
    "types.use": ("请用 {usable}", "use {usable}"),
    "types.fact-compared": ("{a}与{b}比较", "{a} compared with {b}"),
    "types.yesno-compare-hint": ("作为条件使用：`如果 {name} 则 …`，表示否写 `非 {name}`",
                                 "use it as a condition: `如果 {name} 则 …`, or `非 {name}` for no"),
    "types.list-compare-hint": ("先汇总，例如 `平均(抽查站点) >= 90%` 或 `全部(站点达标)`",
                                "aggregate it first, e.g. `平均(抽查站点) >= 90%` or `全部(站点达标)`"),
    "types.date-compare-hint": ("比较两个日期（`报送日期 <= 截止日期`），或比较相差的天数（`报送日期 - 截止日期 > 5`）",
                                ("compare two dates (`报送日期 <= 截止日期`), or their difference in days "
                                "(`报送日期 - 截止日期 > 5`)")),
    "types.option-compared": ("选项与{what}比较", "an option compared with {what}"),
    "types.option-compared-hint": ("用选项输入项与它的某个选项比较：`建设状态 == 已完工`",
                                   "compare an options input with one of its options: `建设状态 == 已完工`"),
    "types.options-no-order": ("选项没有大小之分：请用 == 或 ≠ 比较", "options have no order: compare them with == or ≠"),
    "types.options-no-order-hint": ("多个选项写 `建设状态 属于 {{已完工, 在建}}`",
                                    "for several options, write `建设状态 属于 {{已完工, 在建}}`"),
    "types.two-options": ("两个选项相互比较", "two options compared with each other"),
    "types.two-options-hint": ("用选项输入项与一个选项比较：`建设状态 == 已完工`",
                               "compare an options input with an option: `建设状态 == 已完工`"),
    "types.different-options": ("{a} 和 {b} 的选项不同", "{a} and {b} have different options"),
    "types.not-an-option": ("{where}中 {option} 不是 {name} 的选项（{options}）",
                            "{option} is not an option of {name} ({options}) in {where}"),
    "types.options-are": ("{name} 的选项有 {options}", "the options of {name} are {options}"),
    "types.date-whole-days": ("日期只能按整天加减，不能是 {text}", "a date moves by whole days, not {text}"),
    "types.date-plus": ("日期加{what}", "a date plus {what}"),
    "types.date-minus": ("日期减{what}", "a date minus {what}"),
    "types.date-arithmetic-hint": ("两个日期相减得相差天数（`报送日期 - 截止日期`），或加整天数（`截止日期 + 15`）",
                                   ("subtract two dates for the days between them (`报送日期 - 截止日期`), or add whole "
                                   "days (`截止日期 + 15`)")),
    "types.condition-as-number": ("条件被当作数值使用", "a condition used as a number"),
    "types.condition-as-number-hint": ("请改为比较数值，或用 如果 … 则 … 否则 …",
                                       "compare a number instead, or use 如果 … 则 … 否则 …"),
    "types.yesno-as-number": ("是否项 {name} 被当作数值使用", "{name}, a yes/no (是否), used as a number"),
    "types.yesno-as-number-hint": (("作为条件使用：`如果 {name} 则 100% 否则 0`，或在分档中写 `当 {name}：100%`；"
                                   "要统计多个，请声明 列表 是否 并用 计数(…)"),
                                   ("use it as a condition: `如果 {name} 则 100% 否则 0`, or `当 {name}：100%` in 分档; "
                                   "to count several, declare a 列表 是否 and use 计数(…)")),
    "types.fact-as-number": ("{what}被当作数值使用", "{what} used as a number"),
    "types.date-as-number": ("日期被当作数值使用", "a date used as a number"),
    "types.date-as-number-hint": ("两个日期相减得相差天数：`报送日期 - 截止日期`",
                                  "subtract two dates for the days between them: `报送日期 - 截止日期`"),
    "types.list-as-number": ("列表 {name} 被当作数值使用", "{name}, a list, used as a number"),
    "types.a-list-as-number": ("列表被当作数值使用", "a list, a list, used as a number"),
    "types.list-as-number-hint": ("先汇总，例如 平均({name})、求和(…)、计数(…)、最大(…)、最小(…)",
                                  "aggregate it, e.g. 平均({name}), 求和(…), 计数(…), 最大(…), 最小(…)"),
    "types.yesno-list-condition-hint": ("汇总后使用：`全部({name})`（全部为是）或 `任一({name})`（至少一个为是）",
                                        "aggregate it: `全部({name})` (every one yes) or `任一({name})` (at least one)"),
    "types.list-condition-hint": ("汇总后再比较，例如 `平均({name}) >= 90%`",
                                  "aggregate and compare it, e.g. `平均({name}) >= 90%`"),
    "types.option-condition-hint": ("与某个选项比较：`{name} == …`", "compare it with an option: `{name} == …`"),
    "types.date-condition-hint": ("请写成比较，例如 `报送日期 <= 截止日期`", "compare it, e.g. `报送日期 <= 截止日期`"),
    # ---- functions
    "functions.arity": ("{where}中 {func}() 应有{wanted}个参数{plural}，实际有 {given} 个",
                        "{func}() takes {wanted} argument{plural}, not {given}, in {where}"),
    "functions.at-least": ("至少 {low} ", "at least {low}"),
    "functions.either": (" {low} 或 {high} ", "{low} or {high}"),
    "functions.exactly": (" {low} ", "{low}"),
    "functions.round-places": ("{where}中 round() 的位数应为 0 到 {most} 的整数，例如 2",
                               "round() in {where} needs a whole number of places from 0 to {most}, like 2"),
    "functions.aggregate-arity": ("{where}中 {func}() 只能带一个列表，实际有 {given} 个参数",
                                  "{func}() takes one list, not {given} arguments, in {where}"),
    "functions.aggregate-hint": ("例如 {func}(抽查站点)", "e.g. {func}(抽查站点)"),
    # ---- division
    "division.by-zero": ("{where}除以 0", "{where} divides by 0"),
    "division.by-name": ("{where}除以 {text}，而它{can} 0", "{where} divides by {text}, which {can} 0"),
    "division.can-be": ("可能为", "can be"),
    "division.is": ("恒为", "is"),
    "division.item-target": ("{where}{can} 0，而该项的完成率要除以它",
                             "{where} {can} 0, and the item's completion divides by it"),
    "division.target": ("{code} 的目标值{can} 0，而按比例规则要除以它",
                        "the target of {code} {can} 0, and the proportional rule divides by it"),
    "division.declare-positive": ("把输入项声明为正数：`{declaration}`", "declare the input positive: `{declaration}`"),
    "division.name-hint": ("确保 {name} 不为 0，或加上判断：`如果 {name} == 0 则 0 否则 …`",
                           "make sure {name} cannot be 0, or guard it: `如果 {name} == 0 则 0 否则 …`"),
    "division.guard": ("给除法加上判断：`如果 分母 > 0 则 … 否则 …`", "guard the division: `如果 分母 > 0 则 … 否则 …`"),
    "division.linear-same": ("{code} 的线性规则起点和终点相同", "the linear rule of {code} starts and ends at the same value"),
    "division.linear-maybe": ("{code} 的线性规则起点和终点可能相同",
                              "the linear rule of {code} can start and end at the same value"),
    "division.linear-hint": ("例如 `线性 从 60% 到 100%`", "e.g. `线性 从 60% 到 100%`"),
    # ---- clauses
    "clauses.part-name": ("{where}：名称已被占用（每个部分的数据放在它的名称下，与 actual、score、level 并列）",
                          ("{where}: its name is taken (each part's data is under its name, beside actual, score and "
                          "level)")),
    "clauses.part-name-hint": ("给每个部分起一个不同的名称", "give each part a name of its own"),
    "clauses.no-rule": ("指标 {code}（{name}）没有评分规则", "indicator {code} ({name}) has no scoring rule"),
    "clauses.no-rule-hint": ("加上其中一种：{rules}", "add one of: {rules}"),
    "clauses.two-rules": ("指标 {code} 有不止一个评分规则", "indicator {code} has more than one scoring rule"),
    "clauses.keep-one-rule": ("只保留一个规则", "keep one rule"),
    "clauses.twice": ("{code} 中子句 {word} 写了两次", "clause {word} is written twice in {code}"),
    "clauses.redistribute": ("{code} 不适用时把权重分给同级指标，但它没有同级指标",
                             "{code} gives its weight to its siblings when not applicable, but has none"),
    "clauses.redistribute-hint": ("改用 折算 或 满分", "use 折算 (rescale) or 满分 (full)"),
    "clauses.caps": ("{code} 的按比例规则有不止一个封顶", "the proportional rule of {code} has more than one cap"),
    "clauses.caps-hint": ("封顶 N%、封顶 N分 和 不封顶 只保留一个", "keep one of 封顶 N%, 封顶 N分 and 不封顶"),
    "clauses.needs-target": ("{code} 的按比例规则需要数值目标", "the proportional rule of {code} needs a numeric target"),
    "clauses.needs-target-hint": ("例如 `目标 100%` 或 `目标 ≥ 90%`", "e.g. `目标 100%` or `目标 ≥ 90%`"),
    # ---- bounds
    "bounds.part-points": ("{where}的分值为 {text}，应大于 0", "{where} is worth {text}: it must be more than 0"),
    "bounds.score-max": ("{code} 的得分上限为 {text}，应大于 0", "the 得分上限 of {code} is {text}: it must be more than 0"),
    "bounds.backward": ("{what} 的分数范围 `{text}` 写反了", "{what} has a backward range `{text}`"),
    "bounds.backward-hint": ("先写小的一端：`8分~9分`", "write the low end first: `8分~9分`"),
    "bounds.over-weight": ("{what} 给 {text}，超过权重 {weight} 分", "{what} awards {text}, more than its weight {weight}"),
    "bounds.over-weight-hint": ("一档最多给满分（权重的 100%）", "an award is at most the weight (100%)"),
    "bounds.amount": ("{code} 的{what}为 {text}，应大于 0", "the {what} of {code} is {text}: it must be more than 0"),
    "bounds.cap-percent": ("{code} 的封顶 {cap} 低于 100%", "the cap {cap} of {code} is below 100%"),
    "bounds.cap-percent-hint": ("封顶用于奖励超额完成：封顶 120%", "a cap rewards over-achievement: 封顶 120%"),
    "bounds.cap-points": ("{code} 的封顶 {cap} 分低于其权重 {weight} 分", "the cap {cap} points of {code} is below its weight {weight}"),
    "bounds.cap-points-hint": ("封顶用于奖励超额完成：封顶 {weight}分 或更高",
                               "a cap rewards over-achievement: 封顶 {weight}分 or more"),
    "bounds.reverse-uncapped": ("{code} 的反向按比例规则不封顶：实际值接近 0 时得分会无限增大",
                                ("the reverse proportional rule of {code} is uncapped: its score would grow without "
                                "limit as the actual nears 0")),
    "bounds.reverse-uncapped-hint": ("加上封顶：按比例 反向 封顶 150%", "cap it: 按比例 反向 封顶 150%"),
    "bounds.formula-range": ("{code} 的公式可能得出 {range}，超出 [0, {weight}]：超出部分将被截断",
                             "the formula of {code} can give {range}, outside [0, {weight}]: such scores will be clamped"),
    # ---- bands, grades, levels: coverage
    "bands.empty": ("{code} 的分档是空的", "the bands of {code} are empty"),
    "bands.empty-hint": ("例如先写 `≥ 95%：100%`，再写 `否则：0%`", "e.g. `≥ 95%：100%` then `否则：0%`"),
    "bands.when-otherwise": ("{code} 的分档用了“当”条件，必须以“否则”档结尾",
                             "the bands of {code} use 当 (when) conditions and must end with an otherwise band"),
    "bands.when-otherwise-hint": ("最后加上 `否则：0分`", "add `否则：0分` as the last band"),
    "bands.otherwise-not-last": ("{of}“否则”{noun}不在最后：它后面的{noun}永远用不上",
                                 "the otherwise {noun}{of} is not last: the {noun}s after it never match"),
    "bands.otherwise-hint": ("把“否则”移到最后", "move 否则 (otherwise) to the end"),
    "bands.otherwise-unreached": ("{of}“否则”{noun}永远不会用到", "the otherwise {noun}{of} is never reached"),
    "bands.interval-empty": ("{of}{noun} `{text}` 是空区间", "{noun} `{text}`{of} is empty"),
    "bands.interval-empty-hint": ("先写下界：`[90%, 95%)`", "write the lower edge first: `[90%, 95%)`"),
    "bands.overlap": ("{of}{noun}有重叠：{subject}在 {range} 时同时符合 {first} 和 {second}",
                      "{noun}s{of} overlap: {subject} in {range} matches both {first} and {second}"),
    "bands.overlap-hint": ("把其中一个边界改为开区间，例如 {edge}", "make one of the edges open, e.g. {edge}"),
    "bands.gap": ("{of}{noun}有缺口：{subject}在 {range} 时不符合任何{noun}",
                  "{noun}s{of} leave a gap: {subject} in {range} matches no {noun}"),
    "bands.gap-between": ("{of}{noun}有缺口：{subject}在 {range} 时不符合任何{noun}（在 {lower} 和 {upper} 之间）",
                          "{noun}s{of} leave a gap: {subject} in {range} matches no {noun} (between {lower} and {upper})"),
    "bands.gap-hint": ("为它补上一个{noun}", "add a {noun} for it"),
    "bands.gap-band-hint": ("为它补上一档，或以 `否则：0分` 结尾", "add a band for it, or end with `否则：0分` (otherwise)"),
    "bands.awards-hint": ("检查各档的得分", "check the bands' awards"),
    "levels.empty": ("{code} 的定性等级是空的", "the levels of {code} are empty"),
    "levels.empty-hint": ("例如 `达成：100%`", "e.g. `达成：100%`"),
    # ---- direction
    "direction.declared": ("{code} 声明为{wanted}，但它的规则{rewards}",
                           "{code} is declared {wanted} but its rule rewards a {rewards} actual"),
    "direction.target": ("{code} 的目标值 `{text}` 表示{wanted}，但它的规则{rewards}",
                         "the target `{text}` of {code} means {wanted}, but its rule rewards a {rewards} actual"),
    "direction.deduct-hint": ("扣 … 超过 对实际值偏高扣分，扣 … 低于 对实际值偏低扣分",
                              "扣 … 超过 (above) deducts for a high actual, 扣 … 低于 (below) for a low one"),
    "direction.linear-hint": ("交换 从 和 到", "swap 从 (from) and 到 (to)"),
    "direction.per-occurrence-hint": ("按次 是每发生一次加分：扣分请写 扣 … 每 1",
                                      "按次 (per occurrence) awards points for each occurrence: deduct with 扣 … 每 1"),
    "direction.reverse-hint": ("按比例 反向 奖励较低的实际值", "按比例 反向 (reverse) rewards a lower actual"),
    # ---- domains (issue 10: two-sided input domains)
    "syntax.domain-ways": ("取值范围应写成 下限 ≤ {name} ≤ 上限：`{first}` 和 `{second}` 方向不一致",
                           "a domain reads low ≤ {name} ≤ high: `{first}` and `{second}` point different ways"),
    "syntax.domain-ways-hint": ("例如写 `0 ≤ {name} ≤ 100`", "write e.g. `0 ≤ {name} ≤ 100`"),
    "syntax.minimum-points": ("最低分是分值，不是比例", "the minimum is points, not a share"),
    "syntax.minimum-points-hint": ("写成分值，例如 `最低分 -20`", "write the points, e.g. `最低分 -20`"),
    "syntax.domain-name": ("{name} 的取值范围写的是 {other}", "the domain of {name} names {other}"),
    "syntax.domain-name-hint": ("在两端之间写 `{name}`：取值范围是这个输入项自己的",
                                "write `{name}` between the ends: the domain is the input's own"),
    "bounds.domain-empty": ("输入项 {name} 的取值范围不含任何值：下限高于上限",
                            "the domain of input {name} holds no value: its low end is above its high end"),
    "bounds.domain-empty-hint": ("先写下限，例如 `[0, 100%]`", "write the lower end first, e.g. `[0, 100%]`"),
    # ---- units of targets
    "types.target-unit": ("{code} 的目标值是 {text}，不带计量单位：后面的 `{unit}` 没有计数对象",
                          "the target of {code} is {text}, which takes no unit: `{unit}` after it counts nothing"),
    "types.target-unit-hint": ("去掉 `{unit}`", "drop `{unit}`"),
    "types.units-differ": ("{code} 的目标值以{unit}计，实际值却以{actual}计",
                           "the target of {code} is in {unit}, but its actual in {actual}"),
    "types.units-differ-hint": ("两者用同一单位，例如 `{fixed}`", "write both in one unit, e.g. `{fixed}`"),
    # ---- peer figures (排名, 最优值, 平均值 …)
    "peers.in-metric": ("{where}用了 {word}()，这是各单位相互比较得出的数，而计算项在比较之前按单位分别计算",
                        ("{where} uses {word}(), a figure of the units compared, but metrics are computed for each "
                        "unit before the units are compared")),
    "peers.in-metric-hint": ("改在指标中使用：`实际 = {word}(…)` 或 `目标 ≥ {word}(…)`",
                             "use it in the indicator instead: `实际 = {word}(…)` or `目标 ≥ {word}(…)`"),
    "peers.arity": ("{where}中 {word}() 应带比较的数，可另带分类，实际有 {given} 个参数",
                    ("{word}() takes the figure compared and, optionally, the category within which it is compared, "
                    "not {given} arguments, in {where}")),
    "peers.arity-hint": ("例如 `{word}(实际)` 或 `{word}(实际, 地区类别)`", "e.g. `{word}(实际)` or `{word}(实际, 地区类别)`"),
    "peers.no-indicator": ("{where}中 {word}(实际) 没有可取实际值的指标", "{word}(实际) in {where} has no indicator to take the actual of"),
    "peers.no-indicator-hint": ("写明指标：`{word}(实际(B21))`", "name the indicator: `{word}(实际(B21))`"),
    "peers.not-a-figure": ("{where}中 {word}() 比较的应是实际值、输入项或计算项，不能是 {shown}",
                           "{word}() compares an actual, an input or a metric, not {shown}, in {where}"),
    "peers.not-a-figure-hint": ("按总分排名就是总体自身的排名（population.ranks()，排名一栏）；比较某指标的实际值写 实际(B21)",
                                ("rank by the total is the population's own ranking (population.ranks(), the 排名 "
                                "column); compare an indicator's actual with 实际(B21)")),
    "peers.not-a-number": ("{where}中 {word}() 比较的是数，而 {name} 不是数", "{word}() compares numbers, and {name} is not one, in {where}"),
    "peers.not-a-number-hint": ("比较比率、金额、数量或数值", "compare a rate, an amount, a count or a number"),
    "unknown-name.peer": ("{where}中 {word}() 里有未声明的名称 {name}", "unknown name {name} in {word}() in {where}"),
    "unknown-name.peer-declare": ("请先声明，例如 `输入 {name} 比率`，或比较实际值：`{example}`",
                                  "declare it, e.g. `输入 {name} 比率`, or compare the actual: `{example}`"),
    "peers.expression": ("{where}中 {word}() 只比较一个数，不能是表达式 `{text}`",
                         "{word}() compares one figure, not the expression `{text}`, in {where}"),
    "peers.expression-hint": ("把它定义为计算项：`计算 比值 = {text}`，再写 `{word}(比值)`",
                              "name it as a metric: `计算 比值 = {text}` and write `{word}(比值)`"),
    "peers.category-options": ("{where}中 {word}() 的分类 {shown} 不是选项输入项",
                               "the category {shown} of {word}() in {where} is not an input with options"),
    "peers.category-undeclared": ("{where}中 {word}() 的分类 {shown} 不是已声明的输入项",
                                  "the category {shown} of {word}() in {where} is not a declared input"),
    "peers.category-hint": ("声明它及其类别：`输入 {name} 选项 {{市直, 县区}}`",
                            "declare it with its categories: `输入 {name} 选项 {{市直, 县区}}`"),
    "peers.nested": ("{where}中 {word}() 比较的是 {code} 的实际值，而它本身就是比较得出的数：各单位只比较一次，比较的是各单位自己的数",
                     ("{word}() in {where} compares the actual of {code}, which is a peer figure itself: the units are "
                     "compared once, on figures known for each unit")),
    "peers.nested-hint": ("比较 {code} 的实际值所比较的数，例如 `{word}(执行率)`",
                          "compare what {code}'s actual compares, e.g. `{word}(执行率)`"),
    # ---- data problems (DataProblem.code is the area: data.missing, data.invalid, data.overrides …)
    "data.expected": ("{message}，应为{expected}", "{message}: expected {expected}"),
    "data.missing": ("缺少数据", "missing"),
    "data.peers-missing": (("{funcs}要把{subject}{within}与一同评分的单位比较：请把这些单位一起评分（evaluate_many，或用 "
                           "perfscore score 对单位表评分），或在数据中给出：{shape}"),
                           ("{funcs} {subject}{within} with the units scored with it: score the units together "
                           "(evaluate_many, or perfscore score on a table of units), or give the figures as data: {shape}")),
    "data.peers-table": ("应为比较数据的表，例如 peers.B21 = {{count = 40, rank = 3}}，而不是 {value}",
                         "must be a table of the figures compared, e.g. peers.B21 = {{count = 40, rank = 3}}, not {value}"),
    "data.peers-figure": ("同类比较数据 peers.{path}：{why}", "peers.{path}: {why}"),
    "data.peers-lacking": ("缺少 {fields}", "missing {fields}"),
    "data.peers-count": ("count 至少为 1，不能是 {count}", "count must be at least 1, not {count}"),
    "data.peers-rank": ("rank {rank} 不在 1 与 count {count} 之间", "rank {rank} is not between 1 and the count {count}"),
    "data.missing-lookalike": ("缺少数据；{why}", "missing; {why}"),
    "data.lookalike-invisible": ("找到的是 {found}：请删去其中看不见的字符 {chars}{plural}",
                                 "found {found}: remove the invisible character{plural} {chars}"),
    "data.lookalike-nfd": ("找到的是 {found}，同一名称的分解 Unicode（NFD）写法：请重新输入 {wanted}，或把数据存为 NFC",
                           ("found {found}, the same name in decomposed Unicode (NFD): retype it as {wanted} or save the "
                           "data as NFC")),
    "data.lookalike-width": ("找到的是 {found}，含全角或兼容字符：请写成 {wanted}",
                             "found {found}, with full-width or compatibility characters: write {wanted}"),
    "data.missing-answers": ("缺少答案人数", "missing answer counts"),
    "data.missing-answers-lookalike": ("缺少答案人数；{why}", "missing answer counts; {why}"),
    "data.bool-for-number": ("这里应为数字，给的是是/否", "true/false where a number is expected"),
    "data.not-finite": ("{value} 不是有限的数", "{value} is not a finite number"),
    "data.not-a-number": ("{value} 不是数字", "{value} is not a number"),
    "data.empty": ("缺少数据：值为空（{value}）", "missing: the value is empty ({value})"),
    "data.out-of-range": ("{value} 超出范围：实测值应小于 10^{digits}、大于 10^-{digits}",
                          "{value} is out of range: measured values are below 10^{digits} and above 10^-{digits}"),
    "data.too-many-digits": ("{value} 的有效数字超过 {digits} 位；请先取整", "{value} has more than {digits} significant digits; round it first"),
    "data.not-a-number-kind": ("这里应为数字，给的是 {kind} {value}", "{kind} {value} where a number is expected"),
    "data.count-whole": ("数量应为整数，不能是 {value}", "a count must be a whole number, not {value}"),
    "data.outside-domain": ("{value} 超出声明的取值范围 {domain}", "{value} is outside the declared domain {domain}"),
    "data.rate-ambiguous": (('{written} 作为百分比有歧义：表示 {written}% 请写 "{written}%"{excel}，表示小数请写 {fraction}；'
                            "不带 % 的数是 -1 到 1 之间的小数"),
                            ('{written} is ambiguous for a percentage: write "{written}%" for {written} percent{excel}, or {fraction} '
                            "for the fraction; a bare number is a fraction between -1 and 1")),
    "data.rate-excel": ('；如果是 Excel 里的 {percent}%（存为 {written}），请写 "{percent}%"',
                        ', "{percent}%" if it is Excel\'s {percent}% (stored as {written})'),
    "data.percent-for-number": ("{value} 是百分比，这里应为金额或数值", "{value} is a percentage where an amount or a number is expected"),
    "data.not-fulfilment": ("{value} 不是“是/否”，也不是 0 到 1 之间的比例", "{value} is not true/false or a fraction between 0 and 1"),
    "data.fulfilment-range": ("{value} 不是 0 到 1 之间的比例（达成一半写 50% 或 0.5）",
                              "{value} is not a fraction between 0 and 1 (write 50% or 0.5 for half met)"),
    "data.partial-fulfilment": (("{value} 是部分达成，但这份清单的项目只有达成与未达成（全有全无）：请写 是 或 否"
                                "（true/false）；如果项目可以部分达成，请从评分办法中去掉 全有全无"),
                                ("{value} is a partial fulfilment, but the items of this checklist are met or not "
                                "(全有全无): write 是 or 否 (true/false), or drop 全有全无 from the rubric if items may be "
                                "partly met")),
    "data.not-yesno": ("{value} 不是“是/否”", "{value} is not true or false"),
    "data.level-not-text": ("{value} 不是声明的等级之一：{levels}", "{value} is not one of the declared levels: {levels}"),
    "data.not-a-level": ("{value} 不是声明的等级（{levels}）", "{value} is not a declared level ({levels})"),
    "data.not-a-level-close": ("{value} 不是声明的等级（{levels}）；是不是要写 {close}？",
                               "{value} is not a declared level ({levels}); did you mean {close}?"),
    "data.items-table": ("应为各项目（{names}）的表，给的是 {value}", "expected a table of items ({names}), got {value}"),
    "data.item-missing": ("项目 {name}：{why}", "item {name} is {why}"),
    "data.item-bad": ("项目 {name}：{why}", "item {name}: {why}"),
    "data.item-unknown": ("项目 {name} 没有声明", "item {name} is not declared"),
    "data.item-unknown-close": ("项目 {name} 没有声明；是不是要写 {close}？", "item {name} is not declared; did you mean {close}?"),
    "data.joined": ("{parts}", "{parts}"),
    "data.unknown-options": ("未知选项 {unknown}；选项有 {options}", "unknown option(s) {unknown}; options are {options}"),
    "data.answer-counts": ("应有 {width} 个答案人数（{options}）", "expected {width} answer counts ({options})"),
    "data.no-answers": ("没有答案", "no answers"),
    "data.no-answers-counted": ("没有计入的答案：所有答案都是 {left_out}，不计入", "no answers counted: every answer is {left_out}, which is not counted (不计入)"),
    "data.survey-rate": ('应为答案人数，或 "92.5%" 这样的满意度：{why}', 'expected answer counts or a satisfaction rate such as "92.5%": {why}'),
    "data.survey-rate-range": ("满意度在 0 到 100% 之间，不能是 {value}", "a satisfaction rate is from 0 to 100%, not {value}"),
    "data.file.format": ("{file}：未知的数据格式 {suffix}；请用 .toml 或 .json", "{file}: unknown data format {suffix}; use .toml or .json"),
    "data.no-extension": ("（无扩展名）", "(no extension)"),
    "data.file.toml-bare-key": ("{file}：TOML 格式有误：{why}；TOML 中的中文名称要加引号：\"{key}\" = …",
                                "{file}: invalid TOML: {why}; a Chinese name is quoted in TOML: \"{key}\" = …"),
    "data.file.toml": ("{file}：TOML 格式有误：{why}", "{file}: invalid TOML: {why}"),
    "data.file.json": ("{file}:{line}:{column}：JSON 格式有误：{why}", "{file}:{line}:{column}: invalid JSON: {why}"),
    "data.file.deep": ("{file}：列表或表嵌套了几百层；评价数据是一张 名称 → 值 的平表",
                       ("{file}: lists or tables are nested hundreds of levels deep; evaluation data is a flat table of "
                       "name → value")),
    "data.file.long-number": ("有一个数长达几千位", "a number has thousands of digits"),
    "data.file.invalid": ("{file}：{format} 格式有误：{why}", "{file}: invalid {format}: {why}"),
    "data.file.top-level": ("{file}：最外层应是 名称 → 值 的表", "{file}: the top level must be an object of name → value"),
    "data.twice": ("给了两次：{first} 和 {second}", "given twice, as {first} and as {second}"),
    "data.not-measured": ("{name} 不是实测值", "{name} is not a measured value"),
    "data.both-aliases": ("同时给了 {given}：只用一个", "given both as {given}: use one"),
    "data.unreadable": ("无法读取数据：{kind}：{why}", "the data could not be read: {kind}: {why}"),
    "data.not-a-mapping": ("评价数据应是 名称 → 值 的表，不能是 {kind}", "evaluation data must be a mapping of name → value, not {kind}"),
    "data.not-an-indicator": ("{code} 不是本评分办法的指标", "{code} is not an indicator of this rubric"),
    "data.na.read": ("已声明为不适用，但 {reader} 读取了它的{what}：请给出它的数据，或把 {reader} 也声明为不适用",
                     ("is declared not applicable, but {reader} reads its {what}: give its data, or make the reader not "
                     "applicable too")),
    "data.na.read-by-result": ("已声明为不适用，但评价等级或一票否决读取了它的{what}：请给出它的数据",
                               "is declared not applicable, but a grade or a veto reads its {what}: give its data"),
    "data.na.score": ("得分", "score"),
    "data.na.rate": ("得分率", "score rate"),
    "data.na.actual": ("实际值", "actual"),
    "data.na.list": ('应为指标编码的列表，例如 ["A1"]，不能是 {value}', 'must be a list of indicator codes, e.g. ["A1"], not {value}'),
    "data.na.entry": ("每一项应为指标编码（文字），不能是 {value}", "each entry must be an indicator code (text), not {value}"),
    "data.na.no-clause": ("评分办法没有规定它不适用时如何处理（加上 不适用时 满分/折算/分配给同级）",
                          "the rubric does not say how to treat it when not applicable (add 不适用时 满分/折算/分配给同级)"),
    "data.na.many": ("{first} … {last}（共 {count} 个指标）均", "{first}, … and {last} ({count} indicators) are all"),
    "data.na.some": ("{first} 和 {last} 均", "{first} and {last} are all"),
    "data.na.one": ("{code} ", "{code} is"),
    "data.na.rubric-points": ("评分办法的 {total} 分", "the {total} points of the rubric have"),
    "data.na.group-weight": ("{kind} {code} 的权重（{weight} 分）", "the weight of {kind} {code} ({weight}) has"),
    "data.na.kind.group": ("分组", "group"),
    "data.na.kind.bonus": ("加分分组", "bonus group"),
    "data.na.kind.penalty": ("扣分分组", "penalty group"),
    "data.na.nowhere": ("{listing}不适用：{where}无处分配", "{listing} not applicable: {where} nowhere to go"),
    "data.overrides.table": ("应为 编码 → {{score, reason}} 的表，不能是 {value}", "must be a table code → {{score, reason}}, not {value}"),
    "data.overrides.entry": ('调整分数需要 {{score = …, reason = "…"}}，不能是 {value}',
                             'an override needs {{score = …, reason = "…"}}, not {value}'),
    "data.overrides.extra": ("调整分数只能写 score 和 reason，不能有 {keys}", "an override takes only score and reason, not {keys}"),
    "data.overrides.not-applicable": ("已声明为不适用，没有得分可调整：两者去掉一个",
                                      "is declared not applicable, so it has no score to override: remove one of the two"),
    "data.overrides.reason": ("调整分数需要写明理由", "an override needs a reason"),
    "data.overrides.range": ("调整后的得分 {score} 超出 [0, {most}]", "override score {score} is outside [0, {most}]"),
    "data.vetoes.list": ('应为发生的一票否决事项的列表，例如 ["重大安全事故"]，不能是 {value}',
                         'must be a list of the veto items that happened, e.g. ["重大安全事故"], not {value}'),
    "data.vetoes.entry": ("每一项应为已声明的一票否决事项的名称（文字），不能是 {value}",
                          "each entry must be the name of a declared veto item (text), not {value}"),
    "data.vetoes.conditional": ("{name} 由其条件（当 {condition}）判定，不能列出", "{name} is decided by its condition (当 {condition}): it cannot be listed"),
    "data.vetoes.unknown": ("{name} 不是已声明的一票否决事项", "{name} is not a declared veto item"),
    "data.level-fixed": ("等级 {level} 给固定分：不能再给评定得分（只有得分为区间的等级才给评定得分）",
                         ("the level {level} awards fixed points: a judged score cannot apply (give a score only for a "
                         "level whose award is a range)")),
    "data.level-table": ("请给 {{level = …, score = …}}（只有得分为区间的等级才给 score）",
                         "give {{level = …, score = …}} (the score only for a level whose award is a range)"),
    "data.level-range": ("等级 {level} 的得分是区间：请给 {{level = …, score = …}}",
                         "the level {level} awards a range: give {{level = …, score = …}}"),
    "data.band-fixed": ("适用第 {band} 档，该档给固定 {points} 分：评定得分 {given} 不适用（只有得分为区间的档次才给评定得分）",
                        ("band {band} applies, which awards a fixed {points} points: the judged score {given} cannot "
                        "apply (give a score only where a band awards a range)")),
    "data.band-range": ("适用第 {band} 档，该档得分为区间 {low}~{high} 分：请给出评定得分",
                        "band {band} applies, whose award is a range {low}~{high} points: give the judged score"),
    "data.no-band": ("实际值 {actual} 不符合任何档次", "no band matches the actual {actual}"),
    "data.judged-range": ("评定得分 {judged} 超出声明的范围 {low}~{high}",
                          "the judged score {judged} is outside the declared range {low}~{high}"),
    "data.judged-open": ("评定得分 {judged} 超出声明的范围 {range}：端点 {end} 不含",
                         ("the judged score {judged} is outside the declared range {range}: its end {end} is excluded "
                         "(不含)")),
    "data.not-yes-or-no": ("{value} 不是“是/否”：请写 true/false、是/否、√/×、符合/不符合 或 有/无",
                           "{value} is not yes or no: write true/false, 是/否, √/×, 符合/不符合 or 有/无"),
    "data.not-an-option": ("{value} 不是声明的选项（{options}）", "{value} is not one of the declared options ({options})"),
    "data.not-an-option-close": ("{value} 不是声明的选项（{options}）；是不是要写 {close}？",
                                 "{value} is not one of the declared options ({options}); did you mean {close}?"),
    "data.date-whole-days": ("日期只能按整天加减，不能是 {days}", "a date moves by whole days, not {days}"),
    "data.date-overflow": ("{date} 加减 {days} 天后不是有效日期", "{date} moved by {days} days is not a date"),
    "data.date-time": ("{value} 带有时刻：只写日期，例如 2021-03-31", "{value} has a time of day: give the date alone, e.g. 2021-03-31"),
    "data.not-a-date": ("{value} 不是日期：请写 2021-03-31、2021/3/31 或 2021年3月31日",
                        "{value} is not a date: write 2021-03-31, 2021/3/31 or 2021年3月31日"),
    "data.not-a-day": ("{value} 不是日历上的日子", "{value} is not a day of the calendar"),
    "data.not-a-list": ('应为列表，如 ["95%", "88%"]（或文字 "95%、88%"），不能是 {value}',
                        'expected a list such as ["95%", "88%"] (or the text "95%、88%"), not {value}'),
    "data.empty-list": ("列表是空的，但 {needs} 至少需要一个值", "the list is empty, but {needs} needs at least one value"),
    "data.element": ("第 {number} 个元素：{why}", "element {number}: {why}"),
    # ---- evaluation errors (EvaluationError)
    "eval.divides-by-zero": ("除数为 0", "divides by zero"),
    "eval.too-large": ("得出的数太大，无法精确保存（超过 60 位）", "gives a number too large to keep exact (over 60 digits)"),
    "eval.metric": ("计算项 {name} = {expr}：{what}", "metric {name} = {expr} {what}"),
    "eval.veto": ("一票否决 {name} 的条件（{condition}）：{what}", "the condition of veto {name} ({condition}) {what}"),
    "eval.division-by-zero": ("除数为 0", "division by zero"),
    "eval.number-too-large": ("得出的数太大，无法精确保存（超过 60 位）", "a number too large to keep exact (over 60 digits)"),
    "eval.scoring": ("评分时{what}（{rule}；{parts}）", "{what} while scoring ({rule}; {parts})"),
    "eval.part-actual": ("实际 = {expr}", "actual = {expr}"),
    "eval.part-target": ("目标 {expr}", "target {expr}"),
    "eval.rule-arithmetic": ("规则计算", "rule arithmetic"),
    # ---- the command line's usage errors (in --lang; else English, the language of the options)
    "cli.pdf-no-font": (("提示：本机没有可嵌入的中文 TrueType 字体，PDF 只写明字体 STSong-Light，由阅读器提供字形（Acrobat、WPS 可以；"
                        "没有中文字体的阅读器会显示空白）；要在任何地方都能打印，请用 --font 指定字体文件（如 simsun.ttc、"
                        "wqy-zenhei.ttc），或设置 PERFSCORE_FONT"),
                        ("note: no Chinese TrueType font was found to embed, so the PDF names STSong-Light for the viewer "
                        "to supply (Acrobat and WPS do; a viewer without Chinese fonts shows blanks); to print the same "
                        "anywhere give --font FILE (simsun.ttc, wqy-zenhei.ttc) or set PERFSCORE_FONT")),
    "cli.error": ("perfscore：错误：{message}", "perfscore: error: {message}"),
    "cli.suffix": ("{path}：{what}文件的扩展名应为 {suffixes}", "{path}: a {what} file must end in {suffixes}"),
    "cli.what.rubric": ("评分办法", "rubric"),
    "cli.what.data": ("数据", "data"),
    "cli.what.units": ("单位数据表", "units"),
    "cli.what.reported-figures": ("公布数据", "reported-figures"),
    "cli.no-such-file": ("{path}：没有这个文件", "{path}: no such file"),
    "cli.data-suffix": ("{path}：数据应为 .toml 或 .json 文件，或单位数据表（{suffixes}，每行一个单位）",
                        "{path}: the data must be a .toml or .json file, or a table of units ({suffixes}, one row each)"),
    "cli.jsonl": ("--format jsonl 用于单位数据表（.csv、.xlsx）；一组数据请用 --format json",
                  "--format jsonl is for a table of units (.csv, .xlsx); one set of data is --format json"),
    "cli.units-format": ("--format {format} 用于一组数据；单位数据表输出为 table、csv、jsonl 或 xlsx",
                         ("--format {format} is for one set of data; a table of units is written as table, csv, jsonl or "
                         "xlsx")),
    "cli.charts": ("--charts 画的是内存中的单位：请与 -o FILE.xlsx 或终端表格一起使用（或运行 perfscore chart）",
                   ("--charts draws the units held in memory: use it with -o FILE.xlsx or the terminal table (or run "
                   "perfscore chart)")),
    "cli.sheets": ("--sheets 在工作簿中为每个单位加一张打分表：请写到 -o FILE.xlsx",
                   "--sheets adds one 打分表 sheet per unit to a workbook: write to -o FILE.xlsx"),
    "cli.chart-suffix": ("{path}：图表应保存为 {suffixes}", "{path}: a chart is written as {suffixes}"),
    "cli.kind-unit": ("--kind unit 需要 --unit UNIT", "--kind unit needs --unit UNIT"),
    "cli.unit-kind": ("--unit 用于 --kind unit", "--unit is for --kind unit"),
    "cli.several-data": ("多个 --data 文件合成一个工作簿，每个一张表：--to xlsx -o FILE.xlsx",
                         "several --data files make one workbook, a sheet each: --to xlsx -o FILE.xlsx"),
    "cli.same-name-data": ("两个 --data 文件同名：文件名就是表名", "two --data files have the same name: each names its sheet"),
    "cli.template-exists": ("{path} 已存在；模板不会覆盖已填好的数据：换一个文件名，或加 --force 覆盖",
                            ("{path} exists; the template never overwrites figures already filled in: write to another "
                            "file, or add --force to overwrite it")),
    "cli.xlsx-needs-data": ("--format xlsx 用于数据工作簿：请加上 --data", "--format xlsx is for a data workbook: add --data"),
    "cli.output-is-input": ("{path}：这是命令要读取的{what}；请输出到另一个文件",
                            "{path}: this is the {what} the command reads; write the output to another file"),
    "cli.input.rubric": ("评分办法", "rubric"),
    "cli.input.data": ("数据文件", "data file"),
    "cli.input.reported": ("公布数据文件", "reported-figures file"),
    "cli.needs-file": ("{suffix} 表格需要写到文件：加上 -o FILE{suffix}", "a {suffix} table needs a file: add -o FILE{suffix}"),
    "cli.needs-file-an": ("{suffix} 表格需要写到文件：加上 -o FILE{suffix}", "an {suffix} table needs a file: add -o FILE{suffix}"),
    "cli.excel-table": ("Excel 表格", "an Excel table"),
    "cli.a-pdf": ("PDF", "a PDF"),
    "cli.output-suffix": ("{path}：{what}应写到扩展名为 {suffix} 的文件", "{path}: {what} must be written to a file ending in {suffix}"),
    "cli.unknown-codes": ("未知的编码：{codes}", "unknown code(s): {codes}"),
    "cli.name-template": ("请用 --template NAME 指定模板（perfscore new --list 列出全部模板）",
                          "name a template with --template NAME (perfscore new --list shows them)"),
    "cli.perf-suffix": ("{path}：评分办法文件的扩展名应为 .perf", "{path}: a rubric file must end in .perf"),
    "cli.exists": ("{paths} 已存在{s}；加上 --force 覆盖", "{paths} exist{s}; add --force to overwrite"),
    "cli.no-cases": ("{path}：没有测试用例（{cases} 不存在）", "{path}: no test cases ({cases} does not exist)"),
    "data.part-bad": ("部分 {name}：{why}", "the part {name}: {why}"),
    "data.parts-table": ("这个指标还有其他评分部分：请给出含 {names} 的表", "this indicator has further scoring parts: give a table with {names}"),
    "data.part-missing": ("缺少部分 {name}", "the part {name} is missing"),
    "data.parts-unknown": ("未知的 {unknown}：评分部分有 {names}", "unknown {unknown}: the parts are {names}"),
    "data.main-missing": ("缺少主规则的数据：请与各部分并列给出，例如 actual = …",
                          "the main rule's data is missing: give it beside the parts, e.g. actual = …"),
    "data.not-judged": ("给了 score，但这个指标不是评定的：它的规则（{rule}）计算得分；只给规则读取的数据",
                        ("a score is given, but this indicator is not judged: its rule ({rule}) computes the score; give "
                        "only what the rule reads")),
    "data.actual-score-table": ("应为表 {{actual = …, score = …}}", "expected a table {{actual = …, score = …}}"),
    # ---- reading a table of units (tables.py): the file, its sheets, its header, a cell
    "table.no-header": ("列 {column}（{where}）没有列标题", "column {column} ({where}) has no header"),
    "table.same-key": ("列 {first} 与列 {second}（{where}）给出的都是 {key}", "columns {first} and {second} ({where}) both give {key}"),
    "table.part-and-whole": ("列 {column} 给出 {parent} 的一部分，而列 {whole} 已给出整个 {parent}（{where}）",
                             "column {column} gives a part of {parent}, which column {whole} gives whole ({where})"),
    "table.no-file": ("{path}：没有这个文件", "{path}: no such file"),
    "table.not-a-file": ("{path}：这不是文件", "{path}: not a file"),
    "table.suffix": ("{path}：单位表应为 .csv 或 .xlsx 文件，不能是 {suffix}", "{path}: a table of units must be .csv or .xlsx, not {suffix}"),
    "table.no-extension": ("没有扩展名的文件", "no extension"),
    "table.not-utf8-or-gb": ("{path}：文字既不是 UTF-8 也不是 GB18030 编码；请另存为 CSV UTF-8",
                             "{path}: the text is neither UTF-8 nor GB18030; save it as CSV UTF-8"),
    "table.csv-error": ("{path}，第 {row} 行：{error}", "{path}, row {row}: {error}"),
    "table.empty": ("{path}：文件是空的：单位表第一行是列标题，以下每个单位一行",
                    "{path}: the file is empty: a table of units has a header row, then a row per unit"),
    "table.not-text": ("含有不是 {encoding} 文字的字节；请把文件另存为 CSV UTF-8",
                       "bytes that are not {encoding} text; save the file as CSV UTF-8"),
    "table.read-twice": ("单位表的各行已经读过：请重新读取单位表", "the table's rows were read already: read the table again"),
    "table.needs-openpyxl": ("{path}：读取 xlsx 需要 openpyxl：pip install 'perfscore[xlsx]'",
                             "{path}: reading xlsx needs openpyxl: pip install 'perfscore[xlsx]'"),
    "table.bad-xlsx": ("{path}：不是可以读取的 xlsx 工作簿（{error}）", "{path}: not a readable xlsx workbook ({error})"),
    "table.no-sheet": ("{path}：没有工作表 {sheet}；现有的工作表：{sheets}", "{path}: there is no sheet {sheet}; the sheets are {sheets}"),
    "table.every-sheet-empty": ("{path}：每个工作表都是空的（{sheets}）：单位表第一行是列标题，以下每个单位一行",
                                "{path}: every sheet is empty ({sheets}): a table of units has a header row, then a row per unit"),
    "table.first-row-empty": ("{path}，工作表 {sheet}：第一行是空的；请把列标题放在第 1 行",
                              "{path}, sheet {sheet}: the first row is empty; put the headers in row 1"),
    "table.no-saved-value": (("公式 {formula} 没有保存计算结果（文件是由不计算公式的程序写出的）；请用 Excel 或 WPS 打开后保存，"
                              "或粘贴为数值"),
                             ("the formula {formula} has no saved value (the file was written by a program that does not "
                              "calculate); open it in Excel or WPS and save it, or paste values")),
    "table.not-a-table": ("单位表应为 CSV 或 xlsx 文件的路径，或 DataFrame，不能是 {kind}",
                          "a table of units is a CSV or xlsx path or a DataFrame, not {kind}"),
    # ---- test cases (cases.py: a rubric's name.tests.toml)
    "cases.deep": ("{path}：表嵌套了几百层", "{path}: tables are nested hundreds of levels deep"),
    "cases.unknown-top": ("{path}：未知的顶层名称 {key}；每个用例请写成一个 [[case]] 表",
                          "{path}: unknown top-level name {key}; write each case as a [[case]] table"),
    "cases.not-tables": ("{path}：每个用例请写成一个 [[case]] 表", "{path}: write each case as a [[case]] table"),
    "cases.none": ("{path}：没有测试用例；每个用例请写成一个 [[case]] 表", "{path}: no test cases; write each case as a [[case]] table"),
    "cases.problem": ("{path}：{case}：{problem}", "{path}: {case}: {problem}"),
    "cases.case": ("第 {number} 个用例", "case {number}"),
    "cases.case-named": ("第 {number} 个用例（{name}）", "case {number} ({name})"),
    "cases.unknown-field": ("未知的字段 {key}；用例的字段有 {fields}", "unknown field {key}; a case has {fields}"),
    "cases.name-text": ("`name` 应为文字，不能是 {value}", "`name` must be text, not {value}"),
    "cases.data-missing": ("缺少 `data`：请写出与用例文件同在一处的数据文件名，或直接给出一张表",
                           "`data` is missing: name a data file beside the cases, or give an inline table"),
    "cases.data-kind": ("`data` 应为数据文件名或一张表，不能是 {value}", "`data` must be a data file's name or a table, not {value}"),
    "cases.table": ('`{field}` 应为一张表，例如 {{ B22 = "3" }}，不能是 {value}',
                    '`{field}` must be a table such as {{ B22 = "3" }}, not {value}'),
    "cases.grade-text": ('`expect.grade` 应为文字，例如 "良"，不能是 {value}', '`expect.grade` must be text, such as "良", not {value}'),
    "cases.expect-number": ('`expect.{key}`：{why}；请写出预期得分，例如 "1.35"',
                            '`expect.{key}`: {why}; write the expected score, such as "1.35"'),
    "cases.explain-text": ("`explain.{key}` 应为说明中应有的文字，不能是 {value}",
                           "`explain.{key}` must be the words the explanation contains, not {value}"),
    # ---- where a problem of a table of units is (RowProblem)
    "row.problem": ("{where}：{message}", "{where}: {message}"),
    "row.sheet": ("工作表 {sheet}", "sheet {sheet}"),
    "row.row": ("第 {row} 行", "row {row}"),
    "row.unit": ("单位 {unit}", "unit {unit}"),
    "row.column": ("列 {column}", "column {column}"),
    "row.table": ("数据表", "table"),
    # ---- warnings of a result
    "warn.not-applicable-data": ("{code} 已声明为不适用：给它的数据不予采用", "{code} is declared not applicable: the data given for it is ignored"),
    "warn.unknown-input": ("未知的输入 {key}，不予采用", "unknown input {key} ignored"),
    "warn.unknown-input-close": ("未知的输入 {key}，不予采用；是不是要写 {close}？", "unknown input {key} ignored; did you mean {close}?"),
    "row.unknown-column": ("评分办法中没有这一列，不予采用", "a column the rubric does not know, ignored"),
    "row.unknown-column-close": ("评分办法中没有这一列，不予采用；是不是要写 {close}？",
                                 "a column the rubric does not know, ignored; did you mean {close}?"),
    "row.unknown-column-named": ("评分办法中没有这一列，不予采用；评分办法里 {code} 是 {name}：列标题请写 {code_only} 或 {both}",
                                 ("a column the rubric does not know, ignored; {code} is {name} in the rubric: head the "
                                 "column {code_only} or {both}")),
    "row.no-column": ("没有一列给出它：每一行都缺少", "no column gives it: every row lacks it"),
    "row.no-column-close": ("没有一列给出它：每一行都缺少；是不是列 {close}？",
                            "no column gives it: every row lacks it; did you mean the column {close}?"),
    "row.twice": ("单位 {unit} 已在第 {earlier} 行出现：每个单位一行（这一行不评分）",
                  "the unit {unit} is in row {earlier} already: each unit is one row (this row is not scored)"),
    "row.other-sheet": ("工作表 {first} 中没有评分办法的任何一列；单位数据改从工作表 {best} 读取（可用 sheet= 或 --sheet 指定）",
                        ("the sheet {first} has none of the rubric's columns; the units were read from the sheet {best} "
                        "(choose a sheet with sheet= or --sheet)")),
    # ---- the shapes data problems say were expected
    "data.shape.table": ("表 {{{fields}}}", "{{{fields}}}"),
    "data.shape.either": ("{first}，或{rest}", "{first}, or {rest}"),
    "data.shape.level-of": ("{levels} 之一", "one of the levels {levels}"),
    "data.shape.mapping": ("名称 → 值 的表", "a table of name → value"),
    "data.shape.value": ("一个值", "a value"),
    "data.shape.answers": ("各题的答案人数，或满意度", "answer counts per question, or a satisfaction rate"),
    "data.shape.code": ("指标编码（文字）", "an indicator code (text)"),
    "data.shape.codes": ('指标编码的列表，例如 ["A1"]', 'a list of indicator codes, e.g. ["A1"]'),
    "data.shape.override": ('{{score = …, reason = "…"}}', '{{score = …, reason = "…"}}'),
    "data.shape.overrides": ("编码 → {{score, reason}} 的表", "a table code → {{score, reason}}"),
    "data.shape.vetoes": ("发生的一票否决事项的列表", "a list of the veto items that happened"),
    "data.shape.rate": ("百分比，如 95%", "a percentage such as 95%"),
    "data.shape.amount": ("金额", "an amount"),
    "data.shape.count": ("整数", "a whole number"),
    "data.shape.number": ("数值", "a number"),
    "data.shape.yesno": ("是或否", "true or false"),
    "data.shape.options": ("所声明的选项之一", "one of the declared options"),
    "data.shape.date": ("日期，如 2021-03-31", "a date such as 2021-03-31"),
    "data.shape.list": ("列表", "a list"),
    "data.shape.fulfilment": ("是、否，或 0 到 1 之间的比例", "true, false or a fraction between 0 and 1"),
    "data.shape.level": ("等级", "a level"),
    "data.shape.judged": ("评定得分", "a judged score"),
    "data.shape.counts": ("答案人数", "answer counts"),
    "data.shape.text": ("文字", "text"),
    # ---- wording
    "wording.number": ("{code} 的评分标准写了 {number}，但规则中没有这个数",
                       "the 评分标准 of {code} says {number}, a number its rule does not use"),
    "wording.number-hint": ("改正文字或规则；规则中的数有：{uses}", "correct the wording or the rule; the rule uses: {uses}"),
}

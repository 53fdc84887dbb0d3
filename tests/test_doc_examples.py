"""Every documented example runs, and scores what its page says (computed here by hand).

The conventions of code blocks in docs/*.md (tests/test_docs.py checks keywords, the strict build
and the 中文/English pairs; this file runs the examples):

- A fenced ```perf block is a rubric example. If its first line is `# complete` it is a whole
  rubric; otherwise it is a sequence of whole statements, compiled after a `总分` equal to the sum
  of its top-level weights. Two ```perf blocks separated only by the `=== "English"` line of a
  tab pair are one example shown in both languages: data applies to both.
- A ```toml block is evaluation data for the example above it in the same section (no heading
  between). Each such block is read as a data file, evaluated with every block of the example,
  explained (`Result.explain()` in both languages and `str()` of every node's explanation) and
  rendered as a score table; its scores are pinned in EXPECTED below, each computed by hand.
- A ```json block right after a data block is the same data as JSON: both must read equal.
- ``` { .perf .error } marks a rubric the checker must refuse and ``` { .toml .error } data the
  example above must refuse; the message each must contain is pinned in EXPECTED too. (A
  superfences class, not ```perf error: a word after the language breaks the fence.)
- A ```toml block that follows no example (a page's schematic of a data file) must at least be
  valid TOML.

A data block is named by its page, its section heading and its ordinal in the section, so a
block added anywhere fails until its expected scores are written here.
"""

from __future__ import annotations

import json
import re
import textwrap
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import attrs
import pytest

import perfscore
from perfscore.render import score_table, to_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs"

OPEN = re.compile(r"^( *)```(.*)$")
HEADING = re.compile(r"^#{1,6} (.+)$")
TWIN_GAP = re.compile(r'\A(?:\s*|\s*=== ".*"\s*)*\Z')


@attrs.frozen
class Fence:
    page: str
    section: str
    lang: str  # perf, toml, json, or another language
    error: bool  # marked { .error }: must be refused
    text: str
    start: int  # line numbers, for the gap between two fences
    end: int


def _header(info: str) -> tuple[str, bool]:
    info = info.strip()
    if info.startswith("{"):
        classes = re.findall(r"\.([\w-]+)", info)
        return (classes[0] if classes else ""), "error" in classes[1:]
    return (info.split()[0] if info else ""), False


def fences(page: Path) -> list[Fence]:
    lines = page.read_text("utf-8").splitlines()
    found = []
    section = ""
    i = 0
    while i < len(lines):
        heading = HEADING.match(lines[i])
        if heading:
            section = heading.group(1).replace("`", "").strip()
        opened = OPEN.match(lines[i])
        if not opened:
            i += 1
            continue
        indent, info = opened.groups()
        close = i + 1
        while close < len(lines) and lines[close] != f"{indent}```":
            close += 1
        lang, error = _header(info)
        text = textwrap.dedent("\n".join(lines[i + 1 : close]) + "\n")
        found.append(Fence(page.name, section, lang, error, text, i, close))
        i = close + 1
    return found


class Example(NamedTuple):
    blocks: tuple[Fence, ...]  # one rubric, in one or two languages


class Data(NamedTuple):
    key: tuple[str, str, int]  # page, section, ordinal of the data block in the section
    example: Example | None
    fence: Fence
    json: Fence | None  # the same data as JSON


def collect() -> tuple[list[Example], list[Data], list[Fence]]:
    examples: list[Example] = []
    datas: list[Data] = []
    refused: list[Fence] = []  # { .perf .error }
    for page in sorted(DOCS.glob("*.md")):
        lines = page.read_text("utf-8").splitlines()
        current: Example | None = None
        previous: Fence | None = None
        ordinals: dict[str, int] = {}
        for fence in fences(page):
            if previous is not None and previous.section != fence.section:
                current = None
            if fence.lang == "perf" and fence.error:
                refused.append(fence)
            elif fence.lang == "perf":
                gap = "\n".join(lines[previous.end + 1 : fence.start]) if previous is not None else "x"
                twin = (current is not None and previous is current.blocks[-1] and len(current.blocks) == 1
                        and TWIN_GAP.match(gap) is not None and fence.text.strip() != "")  # fmt: skip
                if twin and current is not None:
                    examples[-1] = current = Example((*current.blocks, fence))
                else:
                    current = Example((fence,))
                    examples.append(current)
            elif fence.lang == "toml":
                ordinals[fence.section] = ordinals.get(fence.section, 0) + 1
                datas.append(Data((page.name, fence.section, ordinals[fence.section]), current, fence, None))
            elif fence.lang == "json" and datas and previous is datas[-1].fence:
                datas[-1] = datas[-1]._replace(json=fence)
            previous = fence
    return examples, datas, refused


EXAMPLES, DATAS, REFUSED = collect()
ATTACHED = [d for d in DATAS if d.example is not None]
FREE = [d for d in DATAS if d.example is None]


def compile_block(block: Fence) -> perfscore.Rubric:
    text = block.text
    if not text.startswith("# complete"):
        tree = perfscore.parse(text, f"{block.page} {block.section}")
        text = f"总分 {sum(node.weight.value for node in tree.nodes)}\n{text}"
    return perfscore.compile(text, f"{block.page} {block.section}")


def read(fence: Fence, tmp_path: Path) -> dict[str, Any]:
    file = tmp_path / f"data.{fence.lang}"
    file.write_text(fence.text, "utf-8")
    return perfscore.read_data(file)


# ------------------------------------------------------------------ what each data block scores


@attrs.frozen
class Pin:
    scores: dict[str, str] = attrs.field(factory=dict)
    total: str | None = None
    grade: str | None = None
    error: str | None = None  # a { .toml .error } block: the refusal must say this
    explains: dict[str, str] = attrs.field(factory=dict)  # code → words its explanation must contain


L = "language.md"
C = "cookbook.md"

EXPECTED: dict[tuple[str, str, int], Pin] = {
    # B21 80 ÷ 100 = 80% → 5 × 80% = 4; B22 12.4% is 2.4 over the written 10%, rounded to 2 → 2 × 5% × 3 = 0.3
    # deducted: 2.7; total 6.7
    ("standards.md", "标准指标 / Standard indicators", 1): Pin({"B21": "4", "B22": "2.7"}, total="6.7",
                                                                explains={"B22": "超过 10%"}),
    # 96 ÷ 100 = 96% ≥ 95% → 100% of 6 = 6; A2: 1/2 × 1 + 1/2 × 0 = 1/2 of 4 = 2; total 8
    (L, "Language reference", 1): Pin({"A1": "6", "A2": "2", "A": "8"}, total="8"),
    # A met: 10; E1 met: 2 (cap 2); 12 = 最高分
    (L, "Settings", 1): Pin({"A": "10", "E": "2", "E1": "2"}, total="12"),
    # |6090 − 6000| ÷ 6000 = 1.5%; 1.5 steps × 20% × 3 = 0.9 deducted; 3 − 0.9 = 2.1
    (L, "Inputs and metrics", 1): Pin({"B12": "2.1"}, total="2.1"),
    (L, "Inputs and metrics", 2): Pin(error="ambiguous for a percentage"),
    # A1 rectified: 100% of 6; A2 rectified, not accepted: 2分; 6 + 2 = 8
    (L, "Yes/no — 是否 / yesno", 1): Pin({"A1": "6", "A2": "2"}, total="8", explains={"A1": "已整改 = 是"}),
    (L, "Yes/no — 是否 / yesno", 2): Pin(error="'部分' is not yes or no"),
    # 在建: the second band, 4 × 50% = 2
    (L, "Options — 选项 {…} / options {…}", 1): Pin({"A1": "2"}, total="2", explains={"A1": "建设状态 = 在建"}),
    (L, "Options — 选项 {…} / options {…}", 2): Pin(error="'已竣工' is not one of the declared options"),
    # 3 April is 3 days after 31 March: 3 × 0.5 = 1.5 deducted, 3 − 1.5 = 1.5
    (L, "Dates — 日期 / date", 1): Pin({"B31": "1.5"}, total="1.5", explains={"B31": "报送日期 = 2021年4月3日"}),
    (L, "Dates — 日期 / date", 2): Pin(error="not a day of the calendar"),
    # C1 3 of 4 sites: 6 × 3/4 = 4.5; C2 mean (95 + 80 + 90 + 85) ÷ 4 = 87.5%, 4 × 87.5 ÷ 90 = 3.8889 → 3.89
    (L, "Lists — 列表 / list", 1): Pin({"C1": "4.5", "C2": "3.89"}, total="8.39",
                                     explains={"C2": "平均(站点得分率) = 87.5%"}),
    (L, "Lists — 列表 / list", 2): Pin(error="the list is empty, but 平均(站点得分率) needs at least one value"),
    # Q1 24/15/2/0 of 41 → 58.54%, 36.59%, 4.88%, 0% (2 places): 58.54 + 29.272 + 2.928 = 90.74%
    # Q2 20/18/3 of 41 → 48.78%, 43.90%, 7.32%: 48.78 + 35.12 + 4.392 = 88.292%
    # mean (90.74 + 88.292) ÷ 2 = 89.516%; 4 × 89.516 ÷ 90 = 3.97849 → 3.98
    (L, "Surveys", 1): Pin({"C21": "3.98"}, total="3.98", explains={"C21": "89.516%"}),
    # 电话回访 服务态度 (30 + 10 × 60%) ÷ 40 = 90% (5 不了解 out), 办事效率 (20 + 20 × 60%) ÷ 40 = 80%
    # (10 不了解 out): 40% × 90% + 60% × 80% = 84%; 问卷调查 given as 80%; 60% × 84% + 40% × 80% = 82.4%;
    # 5 × 82.4% ÷ 90% = 4.5778 → 4.58
    (L, "Weighted questions, excluded options, channels, rates", 1): Pin({"C23": "4.58"}, total="4.58",
                                                                          explains={"C23": "82.4%"}),
    # 100 points is 优, capped at 中 by the veto
    (L, "Grades and vetoes", 1): Pin({"A": "100"}, total="100", grade="中"),
    # 总分为零: total 0, which is 差
    (L, "Grades and vetoes", 2): Pin({"A": "100"}, total="0", grade="差"),
    (L, "Grades and vetoes", 3): Pin(error="must be a list of the veto items"),
    # C1 60 × 95% = 57, C2 40 × min(90%/90%, 1) = 40: 97 − 10 (违规金额 120 ≥ 100) = 87, 良 (capped at 良 anyway)
    (L, "Vetoes decided by a condition", 1): Pin({"C1": "57", "C2": "40"}, total="87", grade="良",
                                                explains={"C1": "57"}),
    # C1 60 × 75% = 45 + 40 = 85, but 得分率(C1) 75% < 80%: 评为 不合格
    (L, "Vetoes decided by a condition", 2): Pin({"C1": "45", "C2": "40"}, total="85", grade="不合格"),
    # A 250 × 3600/4000 = 225, B 750 × 270/300 = 675: 900 ≥ 900 and 225 ≥ 200 → 一级
    (L, "Grades on more than the total, level results", 1): Pin({"A": "225", "B": "675"}, total="900",
                                                                grade="一级"),
    # A 250 × 2000/4000 = 125, B 750: 875; A 125 < 150 → not 二级; ≥ 600 → 三级
    (L, "Grades on more than the total, level results", 2): Pin({"A": "125", "B": "750"}, total="875",
                                                                grade="三级"),
    # B11 4 × 9/10 = 3.6 (90% < 100%): B12 gated to 0
    (L, "References across the tree", 1): Pin({"B11": "3.6", "B12": "0"}, total="3.6",
                                              explains={"B12": "得分率(B11) = 90%"}),
    # B11 4 × 100% = 4: B12 6 × min(95%/100%, 1) = 5.7; total 9.7
    (L, "References across the tree", 2): Pin({"B11": "4", "B12": "5.7"}, total="9.7"),
    # A1 third: 10 − 2 × 0.5 = 9; A2 10 × 90% ÷ 98.5% = 9.137 → 9.14; A3 90% ≥ the 县区 mean 88%: 10;
    # A4 (40 − 3) ÷ 39 = 94.87% ≥ 80%: 10; total 38.14
    (L, "Peer figures — 同类比较", 1): Pin({"A1": "9", "A2": "9.14", "A3": "10", "A4": "10"}, total="38.14",
                                          explains={"A1": "同类比较（执行率）：第 3 名，共 40 个单位",
                                                    "A2": "同类比较（实际）：共 40 个单位；最优值 98.5%",
                                                    "A3": "同类比较（实际，地区类别 县区）：共 12 个单位；平均值 88%",
                                                    "A4": "第 3 名，共 40 个单位；百分位 94.87%"}),
    (L, "Peer figures — 同类比较", 2): Pin(error="peers.A2 = {count = …, best = …}"),
    # fourth: 3 places behind, 5 − 1.5
    (C, "第1名得满分，每后退一名扣0.5分 / By rank among the units", 1): Pin({"A1": "3.5"},
                                                                  explains={"A1": "第 4 名，共 30 个单位"}),
    # 6 × 91 ÷ 97.5 = 5.6
    (C, "实际值/最优值×权重 / Against the best value", 1): Pin({"B1": "5.6"}, explains={"B1": "最优值 97.5%"}),
    # 6 × 85.1 ÷ 92 = 5.55
    (C, "高于平均值得满分，低于的按比例 / Against the peer mean or median, within a category", 1): Pin(
        {"B2": "5.55"}, explains={"B2": "同类比较（实际，地区类别 县区）：共 12 个单位；平均值 92%"}),
    # (21 − 9) ÷ 20 = 60%: 4 × 60% = 2.4
    (C, "排名前20%的得满分 / By percentile", 1): Pin({"C1": "2.4"}, explains={"C1": "百分位 60%"}),
    # A11 3; A21 27 × 90% = 24.3; A = 27.3; A1 3, A2 24.3
    # S min(35/35, 0/35) = 0 → 70 × 0 = 0; E 0 + 3 = 3 ≤ 5; F1: 2 × 2 = 4 deducted, loses 4 ≤ 10
    # total 27.3 + 0 + 3 − 4 = 26.3
    (L, "The tree", 1): Pin({"A": "27.3", "A1": "3", "A2": "24.3", "A21": "24.3", "S": "0", "S1": "35",
                             "S2": "0", "E": "3", "E1": "0", "E2": "3", "F": "4", "F1": "6"}, total="26.3"),
    # (4/5 = 80% + min(660/600, 1) = 100% + 0%) ÷ 3 = 60%; 4 × 60% = 2.4
    (L, "Indicator clauses", 1): Pin({"A21": "2.4"}, total="2.4"),
    (L, "Indicator clauses", 2): Pin(error="nowhere to go"),
    # B24 3 × 86.45% = 2.5935 → 2.59; B42 55% < 60% → 0; P31 2 × 2/3 = 1.3333 → 1.33;
    # C3 2 × 110% = 2.2 (cap 120%); total 2.59 + 0 + 1.33 + 2.2 = 6.12
    (L, "Proportional — 按比例 / proportional", 1): Pin({"B24": "2.59", "B42": "0", "P31": "1.33", "C3": "2.2"},
                                                       total="6.12", explains={"C3": "min(110% ÷ 100%, 1.2)"}),
    # C4 2 × 1500 ÷ 1000 = 3 (不封顶); C5 2 × 180 ÷ 100 = 3.6 > 3 → 3 (封顶 3分); P32 反向, 0 is the best: 2;
    # total 3 + 3 + 2 = 8 ≤ 最高分 8
    (L, "Proportional — 按比例 / proportional", 2): Pin({"C4": "3", "C5": "3", "P32": "2"}, total="8",
                                                       explains={"C5": "min(2 × 180 ÷ 100, 3)"}),
    # B13 −3.2% ≤ 0: 3. B22 10.84 over 9% → 11 steps × 0.15 = 1.65 → 1.35. B23 4.5 under → 4.5 × 0.06 =
    # 0.27 → 2.73. B31 |104.5 − 100| = 4.5 → 1.5 steps × 1 → 0.5. B32 3 × 0.5 = 1.5 → 0.5.
    # B33 2.8 under → up to 3 steps × 0.2 = 0.6 > cap 0.4 → 1.6. Total 3 + 1.35 + 2.73 + 0.5 + 0.5 + 1.6 = 9.68
    (L, "Deduction — 扣 / deduct", 1): Pin({"B13": "3", "B22": "1.35", "B23": "2.73", "B31": "0.5", "B32": "0.5",
                                           "B33": "1.6"}, total="9.68", explains={"B33": "3 × 0.2 = 0.6"}),
    (L, "Deduction — 扣 / deduct", 2): Pin(error="a count must be a whole number"),
    # 92% ∈ [90%, 95%) → 2 points
    (L, "Bands — 分档 / bands", 1): Pin({"B21": "2"}, total="2"),
    # 92% ∈ [90%, 95%) → judged 3 ∈ [2, 3.5]
    (L, "Bands — 分档 / bands", 2): Pin({"B6": "3"}, total="3"),
    # 96% ≥ 95% → 100% of 4
    (L, "Bands — 分档 / bands", 3): Pin({"B6": "4"}, total="4"),
    (L, "Bands — 分档 / bands", 4): Pin(error="give the judged score"),
    # 3 × (35% + 35% + 30% × 50%) = 3 × 85% = 2.55
    (L, "Checklist — 清单 / checklist", 1): Pin({"A11": "2.55"}, total="2.55"),
    (L, "Checklist — 清单 / checklist", 2): Pin(error="'符合中长期规划' is missing"),
    # C11 50% × 4 = 2; C12 judged 3 ∈ [60% × 4, 80% × 4] = [2.4, 3.2]; total 5
    (L, "Qualitative levels — 定性 / levels", 1): Pin({"C11": "2", "C12": "3"}, total="5"),
    (L, "Qualitative levels — 定性 / levels", 2): Pin(error="outside the declared range"),
    # D11 2; D12 80% < 100% → 2 × 80% / 100% = 1.6; D13 (90 − 60) / (100 − 60) = 75% × 2 = 1.5; D14 4.5
    # total 2 + 1.6 + 1.5 + 4.5 = 9.6
    (L, "Binary, formula, linear, judged", 1): Pin({"D11": "2", "D12": "1.6", "D13": "1.5", "D14": "4.5"}, total="9.6"),
    (L, "Binary, formula, linear, judged", 2): Pin(error="outside the declared range 0~5"),
    # 95% ≥ 90% and 1 ≤ 2 → band 1, judged 8.5 ∈ [8, 9]
    (L, "Band conditions and awards", 1): Pin({"B5": "8.5"}, total="8.5"),
    # 3 > 2: band 1 fails; 95% ≥ 90% → band 2, 60% × 9 = 5.4
    (L, "Band conditions and awards", 2): Pin({"B5": "5.4"}, total="5.4"),
    # B52 80% × 3 = 2.4 − 3 × 0.5 − 0.5 = 0.4; C31 5 × 90% = 4.5 + 1 + 4 × 0.2 = 6.3 → 得分上限 6; total 6.4
    (L, "Several scoring parts — 加分 / add, 扣分 / subtract", 1): Pin({"B52": "0.4", "C31": "6"}, total="6.4",
                                                                      explains={"B52": "2.4 − 1.5 − 0.5 = 0.4"}),
    # C12 部分达成 "75%" of 10 = 7.5 ∈ [6, 8); B21 80% ∈ [80%, 90%) → 2; total 9.5
    (L, "Band conditions and awards", 3): Pin({"C12": "7.5", "B21": "2"}, total="9.5"),
    # C12 达成 judged 11 > 10 → clamped to 10 (评定越界 取边界); B21 69.9% < 70% → 0; total 10
    (L, "Band conditions and awards", 4): Pin({"C12": "10", "B21": "0"}, total="10",
                                              explains={"C12": "按边界值 10 分计"}),
    # 变动率 (105 − 100) / 100 = 5% > 0% → else: max(5 − 1 × 0.5, 0) = 4.5
    (L, "Expressions", 1): Pin({"B13": "4.5"}, total="4.5"),
    # B12: 163.97 steps × 20% × 4 = 131.176 > 4 → 0, overridden to 4; B13 not applicable, 满分 3;
    # B14 false 0; total 4 + 3 + 0 = 7
    (L, "The data file", 1): Pin({"B12": "4", "B13": "3", "B14": "0"}, total="7",
                                 explains={"B12": "预算调整由上级下达项目引起"}),
    (L, "The data file", 2): Pin(error="an override takes only score and reason"),
    # ---- cookbook.md
    # C1 not met (0) voids C2: 0 whatever its 80%
    (C, "前项不合格的，后项不得分 / A gate on another indicator's score", 1): Pin({"C1": "0", "C2": "0"}, total="0",
                                                                         explains={"C2": "得分(C1) = 0"}),
    # A 100 × 90% = 90 − 10 (挪用金额 5 > 0) = 80 ≥ 60: 合格
    (C, "完成率低于80%的，评价结果为不合格 / A veto decided by a figure", 1): Pin({"A": "90"}, total="80", grade="合格"),
    # 95 + min(4 × 5, 20) = 115 ≥ 110 and 基准 95 ≥ 90: 优秀
    (C, "总分≥110且基准分≥90为优秀 / Grades on more than the total", 1): Pin({"基准": "95", "E": "20"}, total="115",
                                                                         grade="优秀"),
    # A 250 × 3000/4000 = 187.5, B 750: 937.5 ≥ 900 but A < 200; ≥ 750: 二级
    (C, "评定为一级、二级、三级 / A level as the result", 1): Pin({"A": "187.5", "B": "750"}, total="937.5", grade="二级"),
    # 电话回访 40% × 90% + 60% × 80% = 84%; 问卷调查 40% × 68% + 60% × 80% = 75.2%;
    # 60% × 84% + 40% × 75.2% = 80.48%; 5 × 80.48% ÷ 90% = 4.4711 → 4.47 (the same from the two rates)
    (C, '"不了解"不计入；题目加权；多渠道加权 / Surveys: an option out of the base, weighted questions, channels', 1):
        Pin({"C23": "4.47"}, explains={"C23": "80.48%"}),
    (C, '"不了解"不计入；题目加权；多渠道加权 / Surveys: an option out of the base, weighted questions, channels', 2):
        Pin({"C23": "4.47"}),
    # 2211.41 ÷ 2558.1 = 0.86447…; 3 × 0.86447 = 2.5934 → 2.59
    (C, "完成率×权重分 / Proportional to the target", 1): Pin({"B24": "2.59"}, total="2.59"),
    # 4 × 78.53 ÷ 90 = 314.12 ÷ 90 = 3.4902 → 3.49
    (C, "达到目标得满分，否则实际/目标×权重分 / Full marks at a floor, else proportional", 1): Pin({"C21": "3.49"}),
    # 58% < 60% → 0
    (C, "低于下限不得分 / Proportional with a cut-off", 1): Pin({"B42": "0"}),
    # 60% is not < 60%: 2 × 60% ÷ 100% = 1.2
    (C, "低于下限不得分 / Proportional with a cut-off", 2): Pin({"B42": "1.2"}),
    # 2.5 steps × 20% × 3 = 1.5 deducted; 3 − 1.5 = 1.5
    (C, "每增加1%扣…，扣完为止 / Deduct per point above a limit", 1): Pin({"B13": "1.5"}),
    # 19.84 − 9 = 10.84 → 11 steps × 5% × 3 = 1.65; 3 − 1.65 = 1.35
    (C, "不足1%按四舍五入取整 / Deduct per whole point, rounded", 1): Pin({"B22": "1.35"}),
    # 70 − 65.5 = 4.5 steps × 2% × 3 = 0.27; 3 − 0.27 = 2.73
    (C, "每低1%扣… / Deduct per point below a floor", 1): Pin({"B23": "2.73"}),
    # 95 − 91.2 = 3.8 steps × 0.5 = 1.9; 5 − 1.9 = 3.1
    (C, "每低1个百分点扣0.5分 / Deduct points per point below", 1): Pin({"B21": "3.1"}),
    # 90% ∈ [90%, 95%) → 2
    (C, "分档得分 / Bands", 1): Pin({"B21": "2"}),
    # 3 × (35% + 35% + 0) = 2.1
    (C, "各占权重的…，符合得分 / Checklist with shares", 1): Pin({"A11": "2.1"}),
    # (13000/13500 + 1 + 1) ÷ 3 = (0.962963 + 2) ÷ 3 = 0.987654; 4 × 0.987654 = 3.9506 → 3.95
    (C, "按完成比例得分 / Completion over several items", 1): Pin({"A22": "3.95"}),
    (C, "完成得分，未完成不得分 / Met or not", 1): Pin({"D21": "3"}),
    # 5 days late: 3 − 5 × 0.5 = 0.5
    (C, "每逾期1天扣0.5分 / Days late from a deadline", 1): Pin({"B31": "0.5"}),
    # one site of five not up to standard: 4 − 1 = 3; mean (96 + 90 + 84 + 100 + 80) ÷ 5 = 90%: 3 × 90% = 2.7
    (C, "抽查站点全部达标的得满分 / Every sampled site up to standard", 1): Pin({"C1": "3", "C2": "2.7"},
                                                                        explains={"C1": "全部(站点达标) = 否"}),
    # rectified: 100% of 2; plan not fully carried out: C31 0 whatever the 95%
    (C, "已整改的得满分，未整改的不得分 / A yes/no fact, and a gate on it", 1): Pin({"D31": "2", "C31": "0"},
                                                                           explains={"C31": "规划全部落实 = 否"}),
    # 50% × 3 = 1.5
    (C, "明显提升得满分，有所提升得50% / Qualitative levels", 1): Pin({"C11": "1.5"}),
    # 80% × 5 = 4
    (C, "好、较好、一般、差分别得… / Four grades of quality", 1): Pin({"B31": "4"}),
    # judged 7 ∈ [60% × 10, 80% × 10] = [6, 8]
    (C, "80%（含）~100%区间内酌情打分 / A range judged within a level", 1): Pin({"C12": "7"}),
    # 92% ≥ 80% → tier [80% × 10, 100% × 10] = [8, 10], judged 9
    (C, "80%（含）~100%区间内酌情打分 / A range judged within a level", 2): Pin({"C13": "9"}),
    # "70%" of 10 = 7 ∈ [6, 8)
    (C, "80%（含）~100%区间内酌情打分 / A range judged within a level", 3): Pin({"C14": "7"}),
    # 5 × 0.5 = 2.5 > cap 2; 3 − 2 = 1
    (C, "每发现一处问题扣…，最多扣… / Deduct per problem found, capped", 1): Pin({"B51": "1"}),
    # 24/41 → 58.54%, 15/41 → 36.59%, 2/41 → 4.88%: 58.54 + 29.272 + 2.928 = 90.74%; 4 × 90.74% = 3.6296 → 3.63
    (C, "满意度×分值 / Satisfaction times the weight", 1): Pin({"C22": "3.63"}, explains={"C22": "90.74%"}),
    # 5 × min(2 ÷ 2.5, 1) = 5 × 0.8 = 4
    (C, "越低越好，按目标/实际计分 / Lower is better", 1): Pin({"P31": "4"}),
    # 反向 with an actual of 0, the best value: full marks 5
    (C, "越低越好，按目标/实际计分 / Lower is better", 2): Pin({"P31": "5"}),
    # 3 × 80% − 3 × 0.5 − 0.5 = 2.4 − 1.5 − 0.5 = 0.4
    (C, "定性评级；每发现一处问题扣…，最多扣… / A main rule with capped deductions", 1): Pin({"B52": "0.4"}),
    # C4 2 × 1600 ÷ 1000 = 3.2 (不封顶); C5 2 × 130 ÷ 100 = 2.6 ≤ 3 (封顶 3分); total 5.8 ≤ 最高分 6
    (C, "超额完成的按比例加分，不封顶 / Over-achievement rewarded without a cap, or up to N points", 1):
        Pin({"C4": "3.2", "C5": "2.6"}, total="5.8"),
    # |15838.2 − 6000| ÷ 6000 = 163.97% → 163.97 × 0.6 ≫ 3 → 0, overridden to 3
    (C, "预算调整率（取绝对值）与按规定不计入 / A derived rate, and an exclusion judged by the evaluator", 1):
        Pin({"B12": "3"}, explains={"B12": "按规则得 0 分，调整为 3 分"}),
    # B43's 1 point shared 2 : 2 → B41 and B42 worth 2.5 each; B41 2.5, B42 80% × 2.5 = 2; total 4.5
    (C, "不适用的按比例折算 / Not applicable: rescale, or full marks", 1): Pin({"B41": "2.5", "B42": "2"}, total="4.5"),
    # 100 × 95% = 95 → 优, capped at 良
    (C, "一票否决 / Veto", 1): Pin({"A": "95"}, total="95", grade="良"),
    # 85 ≥ 85 → 优秀
    (C, "评价等级 / Grade bands", 1): Pin(total="85", grade="优秀"),
    # 100 + min(0 + 1, 3) = 101
    (C, "加分项 / Bonus points", 1): Pin({"E": "1"}, total="101"),
    # 10 × 7 ÷ 8 = 8.75
    (C, "新建集中供水工程≥8处 / A target with its unit", 1): Pin({"A1": "8.75"}, total="8.75"),
    # A 0; F1 loses 6 (score 0 of 6), F2 loses 2 (score 2 of 4): penalty 8, total 0 − 8 = −8 ≥ 最低分 −10
    (C, "减分不设上限，总分可低于0 / Penalties without a cap, a total below 0", 1):
        Pin({"A": "0", "F1": "0", "F2": "2", "F": "8"}, total="-8"),
    # A1 5 × 80% = 4 (rate 80%), A2 0: 10 × max(80%, 0%) = 8
    (C, "二选一，取高者 / Alternatives: the better one counts", 1): Pin({"A1": "4", "A2": "0", "A": "8"}, total="8"),
    # 10 + min(3 × 0.5, 2) = 11.5
    (C, "每发现1例加0.5分 / Points per occurrence", 1): Pin({"E1": "1.5", "E": "1.5"}, total="11.5"),
    # 规划全部落实 = 0 → else branch → 0
    # E11 3 × 0.5 = 1.5 ≤ 2; E12 3 × 50% × 2 = 3 → at most the weight 2. Total 3.5
    (L, "Per occurrence — 按次 / per_occurrence", 1): Pin({"E11": "1.5", "E12": "2"}, total="3.5",
                                                        explains={"E12": "3 × 1 = 3 分，最多 2 分"}),
}

# Known bugs: a marker here per example whose explanation is wrong (none left).
BROKEN_EXPLANATIONS: dict[tuple[str, str, int], pytest.MarkDecorator] = {}
WRONG_WORDS: dict[tuple[str, str, int, str], pytest.MarkDecorator] = {}


def _id(data: Data) -> str:
    page, section, n = data.key
    return f"{page}:{section}:{n}"


def test_every_data_block_has_its_expected_scores() -> None:
    found = {d.key for d in ATTACHED}
    assert found - set(EXPECTED) == set(), "data blocks with no expected scores here"
    assert set(EXPECTED) - found == set(), "expected scores for data blocks no page has"
    for data in ATTACHED:
        assert data.fence.error == (EXPECTED[data.key].error is not None), _id(data)


def test_the_pages_have_examples_with_data() -> None:
    pages = {d.key[0] for d in ATTACHED}
    assert {L, C} <= pages
    assert sum(d.key[0] == L for d in ATTACHED) >= 25


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"{e.blocks[0].page}:{e.blocks[0].section}")
def test_every_example_compiles(example: Example) -> None:
    rubrics = [compile_block(block) for block in example.blocks]
    assert all(r.ast == rubrics[0].ast for r in rubrics)


REFUSED_BECAUSE = {
    (L, "References across the tree"): "B1 depends on its own score: B1 → B2 → B1",
    (L, "Grades on more than the total, level results"): "so the grades need a last 否则 (otherwise) grade",
    ("standards.md", "改写 / Overriding"): "did you mean 引用 预算执行率?",
    (C, "分档得分 / Bands"): "bands of B21 leave a gap: actual in [0.9, 0.9] (exactly 90%) matches no band",
    ("diagnostics.md", "syntax"): "unknown keyword '按比列'",
    ("diagnostics.md", "settings"): 'setting 总分 (total) is written twice',
    ("diagnostics.md", "weights"): 'weights of the top-level nodes sum to 90, not the total 100',
    ("diagnostics.md", "shares"): 'shares of the checklist of A1 sum to 60%, not 100%',
    ("diagnostics.md", "types"): 'the target `95%` of A1 is a percentage, but the actual of A1 is an amount',
    ("diagnostics.md", "bounds"): 'band `≥ 90%` of A1 awards 12分, more than its weight 10',
    ("diagnostics.md", "clauses"): 'indicator A1 (甲) has no scoring rule',
    ("diagnostics.md", "bands"): 'bands of A1 leave a gap: actual in [0.8, 0.9) (80% to 90%) matches no band',
    ("diagnostics.md", "grades"): 'grades leave a gap: total in [75, 80) matches no grade (between 中 and 良)',
    ("diagnostics.md", "levels"): 'level 好 appears twice in A1',
    ("diagnostics.md", "functions"): 'round() takes 1 or 2 arguments, not 3',
    ("diagnostics.md", "division"): 'the actual of A1 divides by b, which can be 0',
    ("diagnostics.md", "direction"): 'A1 is declared lower-is-better (越低越好) but its rule rewards a higher actual',
    ("diagnostics.md", "cycle"): 'metric a depends on itself: a → b → a',
    ("diagnostics.md", "references"): 'the formula of A2 uses 实际(A1), but A1 has no actual',
    (L, "Peer figures — 同类比较"): "排名() compares an actual, an input or a metric, not 得分(A1)",
    ("diagnostics.md", "peers"): '排名() compares one figure, not the expression `执行数 / 预算数`, in the actual of A1',
    ("diagnostics.md", "unknown-name"): 'unknown name 到位资今 in the actual of A1',
    ("diagnostics.md", "duplicate-name"): 'input A1 has the same name as the code of the node at line 4',
    ("diagnostics.md", "duplicate-code"): 'code A1 appears twice',
}


def test_every_refused_example_has_its_reason() -> None:
    assert {(b.page, b.section) for b in REFUSED} == set(REFUSED_BECAUSE)


@pytest.mark.parametrize("block", REFUSED, ids=lambda b: f"{b.page}:{b.section}")
def test_refused_examples_are_refused_with_their_reason(block: Fence) -> None:
    with pytest.raises(perfscore.RubricError) as refused:
        compile_block(block)
    assert REFUSED_BECAUSE[block.page, block.section] in refused.value.format("en")
    assert len(refused.value.diagnostics) == 1


@pytest.mark.parametrize("data", [pytest.param(d, id=_id(d)) for d in ATTACHED if not d.fence.error])
def test_documented_data_scores_as_computed_by_hand(data: Data, tmp_path: Path) -> None:
    pin = EXPECTED[data.key]
    values = read(data.fence, tmp_path)
    if data.json is not None:
        assert read(data.json, tmp_path) == values
    assert data.example is not None
    for block in data.example.blocks:
        result = compile_block(block).evaluate(values)
        for code, score in pin.scores.items():
            assert result[code].score == Decimal(score), f"{code}: {result[code].score} ≠ {score}"
        if pin.total is not None:
            assert result.total == Decimal(pin.total)
        if pin.grade is not None:
            assert result.grade == pin.grade


@pytest.mark.parametrize(
    "data",
    [pytest.param(d, id=_id(d), marks=BROKEN_EXPLANATIONS.get(d.key, ())) for d in ATTACHED if not d.fence.error],
)
def test_documented_data_explains_and_renders(data: Data, tmp_path: Path) -> None:
    values = read(data.fence, tmp_path)
    assert data.example is not None
    result = compile_block(data.example.blocks[0]).evaluate(values)
    for language in ("zh", "en"):
        lines = result.explain(language=language).splitlines()
        assert all(any(line.startswith(f"{node.code} ") for line in lines) for node in result)
    for node in result:
        assert str(node.explanation).startswith(f"{node.code} {node.name}")
    table = score_table(result)
    assert {row.code: row.score for row in table.rows} == {n.code: n.score for n in result if n.kind == "indicator"}
    assert to_markdown(table).count("\n") >= len(table.rows)


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        pytest.param(d, code, words, id=f"{_id(d)}:{code}", marks=WRONG_WORDS.get((*d.key, code), ()))
        for d in ATTACHED
        for code, words in EXPECTED.get(d.key, Pin()).explains.items()
    ],
)
def test_explanations_say_what_was_computed(data: Data, code: str, words: str, tmp_path: Path) -> None:
    assert data.example is not None
    result = compile_block(data.example.blocks[0]).evaluate(read(data.fence, tmp_path))
    assert words in str(result[code].explanation)


@pytest.mark.parametrize("data", [pytest.param(d, id=_id(d)) for d in ATTACHED if d.fence.error])
def test_refused_data_is_refused_with_its_reason(data: Data, tmp_path: Path) -> None:
    pin = EXPECTED[data.key]
    assert data.example is not None and pin.error is not None
    values = read(data.fence, tmp_path)
    for block in data.example.blocks:
        with pytest.raises(perfscore.DataError) as refused:
            compile_block(block).evaluate(values)
        assert pin.error in refused.value.format("en")


# A page's schematic data file that is not valid TOML (not one of this file's pages to fix).
INVALID_SCHEMATICS: dict[tuple[str, str, int], pytest.MarkDecorator] = {}


@pytest.mark.parametrize(
    "data", [pytest.param(d, id=_id(d), marks=INVALID_SCHEMATICS.get(d.key, ())) for d in FREE]
)
def test_schematic_data_files_are_valid_toml(data: Data) -> None:
    tomllib.loads(data.fence.text)


def test_json_blocks_follow_their_toml() -> None:
    loose = [f for page in sorted(DOCS.glob("*.md")) for f in fences(page) if f.lang == "json"]
    assert len(loose) == sum(d.json is not None for d in DATAS)
    for data in DATAS:
        if data.json is not None:
            json.loads(data.json.text)


# ------------------------------------------------------------------ examples whose data is in the prose


def test_the_home_page_example() -> None:
    """index.md: B22 19.84% is 10.84 points over 9%, half up 11 steps of 5% × 3 = 0.15: 3 − 1.65 = 1.35."""
    (block,) = [e.blocks[0] for e in EXAMPLES if e.blocks[0].page == "index.md"]
    result = compile_block(block).evaluate({"B22": "19.84%"})
    assert result["B22"].score == Decimal("1.35")
    assert "四舍五入为 11" in result.explain("B22")

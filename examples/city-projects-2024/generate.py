"""Writes 项目.xlsx: 300 budget projects of one city, one row each, as the city's budget system exports them.

Reproducible (seeded): ``python generate.py`` writes the same cells every time. The workbook has what real
ones have: units in the headers (预算数（万元）, half-width 执行数(万元), full-width ％ and a full-width space
in P11　培训人次), the 填写说明 row of the data template under the header, rates as Excel percentage cells
but a few typed as text (96%, 96％), amounts with a thousands format and a few typed as text, 是/否 with a
stray blank, and six bad rows (see README.md): a text where an amount belongs, an empty rate, a level that
is not in the list, a judged score outside its level's range, an amount that is not a number at all, and a
project entered twice.

    python examples/city-projects-2024/generate.py            # writes 项目.xlsx beside this file
    python examples/city-projects-2024/generate.py -o x.xlsx
"""

from __future__ import annotations

import argparse
import datetime
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = 2024

#: The headers as the city's export writes them (the rubric's columns, messily), after 项目名称 and 主管部门.
HEADERS = (
    "项目名称", "主管部门", "预算数（万元）", "执行数(万元)", "P11　培训人次", "P12 建成基层服务点（个）",
    "P21 验收合格率（％）", "P31 按期完成（是/否）", "P41 人均培训成本（元/人）", "E11 群众健康素养提升.level",
    "E11 群众健康素养提升.score", "E12 健康知识知晓率（%）", "E21 长效机制建立.level", "E21 长效机制建立.score",
    "S11 服务对象满意度（%）",
)  # fmt: skip
#: The description row, as the data template writes it (read_table skips a row whose first cell is 填写说明).
DESCRIPTION = (
    "填写说明", "主管部门（排名可按部门）", "金额（万元），大于 0", "金额（万元）", "整数", "整数", "百分比，如 95%",
    "是 / 否", "数值", "下拉选择：达成年度指标、部分达成、未达成", "评定得分（分）：达成 8~10，部分达成 6~8（不含），未达成 0~6（不含）",
    "百分比，如 95%", "下拉选择：达成年度指标、部分达成、未达成", "评定得分（分），同上", "百分比，如 95%",
)  # fmt: skip
#: Six districts and counties, five streets or towns each, ten kinds of project: 300 projects.
PLACES = {
    "城东区": ("东关街道", "迎春街道", "滨河街道", "新华街道", "东湖街道"),
    "城西区": ("西关街道", "长乐街道", "和平街道", "西湖街道", "火车站街道"),
    "高新区": ("创业街道", "科技城街道", "南园街道", "北园街道", "汇智街道"),
    "临河县": ("城关镇", "河口镇", "柳林乡", "石桥镇", "白塔乡"),
    "北山县": ("北山镇", "松岭乡", "大营镇", "龙泉乡", "青石镇"),
    "南湖县": ("南湖镇", "莲花镇", "渔村乡", "荷塘乡", "新港镇"),
}
KINDS = (
    "基层卫生人员培训", "家庭医生签约服务", "基本公共卫生服务", "健康素养促进", "慢性病管理", "妇幼健康服务",
    "村卫生室标准化建设", "远程医疗服务点建设", "中医药适宜技术推广", "急救站点建设",
)  # fmt: skip
DEPARTMENTS = {"城东区": "城东区卫生健康局", "城西区": "城西区卫生健康局", "高新区": "高新区社会事业局",
               "临河县": "临河县卫生健康局", "北山县": "北山县卫生健康局", "南湖县": "南湖县卫生健康局"}  # fmt: skip
LEVELS = (("达成年度指标", 80, 100), ("部分达成", 60, 79), ("未达成", 0, 59))  # the judged points × 10


def _level(rng: random.Random, quality: float) -> tuple[str, Decimal]:
    """A qualitative level and its judged score (weight 10), better on average for a better project."""
    draw = rng.random()
    name, low, high = LEVELS[0 if draw < quality ** 1.5 else 1 if draw < 0.35 + 0.6 * quality else 2]
    return name, Decimal(rng.randint(low, high)) / 10


def projects(seed: int = SEED) -> list[list[Any]]:
    """The rows under the header: 300 projects, then the one entered twice; rates as fractions (percentage cells)."""
    rng = random.Random(seed)
    rows: list[list[Any]] = []
    for district, towns in PLACES.items():
        for town in towns:
            for kind in KINDS:
                quality = rng.betavariate(3, 1.5)  # how well this project went, 0..1: most do well, some badly
                budget = Decimal(rng.randint(2000, 50000)) / 100
                rate = Decimal(str(round(min(0.4 + 0.65 * quality + rng.uniform(-0.06, 0.04), 1.02), 4)))
                e11, e11_score = _level(rng, quality)
                e21, e21_score = _level(rng, quality)
                rows.append([
                    f"{district}{town}{kind}项目", DEPARTMENTS[district], budget, (budget * rate).quantize(Decimal("0.01")),
                    int(220 + 460 * quality + rng.randint(-50, 50)), max(1, min(7, round(1 + 5 * quality + rng.uniform(-1, 1)))),
                    Decimal(rng.randint(int(8000 + 1800 * quality), 10000)) / 10000, "是" if rng.random() < 0.25 + 0.75 * quality else "否",
                    int(1400 - 700 * quality + rng.randint(-80, 80)), e11, e11_score,
                    Decimal(rng.randint(int(4000 + 5000 * quality), 10000)) / 10000, e21, e21_score,
                    Decimal(rng.randint(int(6000 + 3500 * quality), 10000)) / 10000,
                ])  # fmt: skip
    _messy(rows, rng)
    return rows


def _messy(rows: list[list[Any]], rng: random.Random) -> None:
    """What hand-kept workbooks have: text where numbers were typed, and the six bad rows of README.md."""
    for k in rng.sample(range(len(rows)), 12):  # rates typed as text, with an ASCII or a full-width percent sign
        rows[k][6] = f"{rows[k][6] * 100:.2f}{'%' if k % 2 else '％'}"
    for k in rng.sample(range(len(rows)), 8):  # amounts typed as text
        rows[k][2] = f"{rows[k][2]:.2f}"
    for k in rng.sample(range(len(rows)), 5):  # a blank after 是/否
        rows[k][7] += " "
    rows[16][3] = "约120"  # row 19: not a number
    rows[57][6] = None  # row 60: 验收合格率 left empty
    rows[103][9] = "基本达成"  # row 106: not one of the levels
    rows[148][12], rows[148][13] = "部分达成", Decimal("8.5")  # row 151: 部分达成 is judged within 6~8 (excl.)
    rows[230][2] = "待核实"  # row 233: the budget is not known yet
    twice = list(rows[41])  # the project of row 44 entered again at the end (row 303), with other figures
    twice[3], twice[4] = twice[2], twice[4] + 40
    rows.append(twice)


def write(path: Path, seed: int = SEED) -> None:
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "项目"
    sheet.append(HEADERS)
    sheet.append(DESCRIPTION)
    for row in projects(seed):
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])  # Excel cells hold doubles
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    formats = {3: "#,##0.00", 4: "#,##0.00", 7: "0.00%", 12: "0.00%", 15: "0.00%"}
    for row in sheet.iter_rows(min_row=3):
        for column, shown in formats.items():
            if isinstance(row[column - 1].value, float):
                row[column - 1].number_format = shown
    levels = DataValidation(type="list", formula1='"达成年度指标,部分达成,未达成"', allow_blank=True)
    yesno = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    sheet.add_data_validation(levels)
    sheet.add_data_validation(yesno)
    last = sheet.max_row
    levels.add(f"J3:J{last}")
    levels.add(f"M3:M{last}")
    yesno.add(f"H3:H{last}")
    sheet.freeze_panes = "C3"
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 18
    when = datetime.datetime(2025, 3, 31, 9, 0)  # fixed, so the file's properties do not change from run to run
    book.properties.created = book.properties.modified = when
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", default=str(HERE / "项目.xlsx"))
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    write(Path(args.output), args.seed)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()

"""Generated 评分标准, one golden per rule kind, written as the published tables write them.

Each expected text was reviewed against the seeds' own wording (seed 003 附件1, 财预〔2020〕10号's
form): the subject first, its target with the unit, the step and what it costs, 扣完为止 or the cap,
满分 for the whole weight, tiers as 该指标分值的80%（含）—100%, formulas without spaces.
"""

from __future__ import annotations

import glob
from decimal import Decimal
from pathlib import Path

import pytest

import perfscore
from perfscore import ast
from perfscore.render import criteria_text
from perfscore.tree import input_units

ROOT = Path(__file__).resolve().parents[1]

RUBRIC = """总分 170
输入 审计问题数 数量 处
输入 响应时长 数值 小时
输入 完成率 比率
指标 A1 预算执行率 10 {
  目标 ≥ 100%
  按比例
}
指标 A2 单位成本 10 {
  目标 ≤ 79 元/人
  实际 金额 元/人
  按比例 反向
}
指标 A3 财务管理 10 {
  实际 = 审计问题数
  扣 1分 每 1 超过 0
}
指标 A4 违规违纪问题数 10 {
  实际 数量 起
  扣 0.5分 每 1 超过 0 最多 2分
}
指标 A5 结转结余率 10 {
  目标 ≤ 9%
  扣 5% 每 1% 超过 9% 不足部分 四舍五入
}
指标 A6 群众健康素养提升 10 {
  定性 {
    完全达成：80%~100%
    部分达成：60%~80%
    未达成：0%~60%
  }
}
指标 A7 制度建设 10 {
  目标 "制度健全"
  达标
}
指标 A8 专家评议 10 {
  评定 0分~10分
}
指标 A9 预算编制 10 {
  公式 weight * 完成率
}
指标 A10 处置时长 10 {
  实际 = 响应时长
  线性 从 48 到 24
}
指标 A11 预算完成率 10 {
  实际 比率
  分档 {
    >= 95%：10分
    [90%, 95%)：6分
    否则：0分
  }
}
指标 A12 信息公开 10 {
  按次 0.5分 最多 3分
}
指标 A13 绩效目标设定 10 {
  清单 {
    内容完整 50%
    指向明确 50%
  }
}
指标 A14 重点任务完成情况 10 {
  实际 完成率 {
    新建项目 目标 5 "新建项目5个"
    培训人次 目标 600 "培训600人次"
  }
  按比例
  目标 100%
}
指标 A15 资金管理 10 {
  达标
  扣分 问题 按次 0.5分 最多 2分
}
指标 A17 培训人次 10 {
  目标 ≤ 3
  实际 数量
  达标
}
指标 A16 预算编制 10 {
  清单 {
    编制中期财政规划
    政策依据充分
  }
  扣分 酌情扣分 1分 评定 0分~1分
}
"""

GOLDEN = {
    # seed 003 C21: 服务对象满意度达到 90%得满分，否则按照实际满意度/计划满意度×权重分
    "A1": "预算执行率达到100%得满分，否则按实际值/目标值×权重分计分",
    "A2": "单位成本不高于79元/人得满分，否则按目标值/实际值×权重分计分",
    # issue 13: 每发现 1 处问题扣 1 分，扣完为止 — what the count counts, from the input it reads
    "A3": "每发现1处审计问题扣1分，扣完为止",
    # the unit declared on the actual (起); the cap stops the deduction before 扣完为止 could
    "A4": "每发现1起违规违纪问题扣0.5分，最多扣2分",
    # seed 003 B22: 结转结余率≤9%时得满分,否则每增加1%(不足1%按四舍五入原则取整)减5%权重分,扣完为止
    "A5": "结转结余率≤9%时得满分，否则每增加1%（不足1%按四舍五入取整）扣5%权重分，扣完为止",
    # 财预〔2020〕10号: 完全达成的，得该指标分值的 80%（含）—100%
    "A6": "完全达成的，得该指标分值的80%（含）—100%；部分达成的，得该指标分值的60%（含）—80%；"
          "未达成的，得该指标分值的0%—60%",
    # seed 003 D21: 制定干部队伍建设制度…得权重分, 否则不得分
    "A7": "制度健全得满分，否则不得分",
    "A8": "由评价组根据专家评议的实际情况评定，得0—10分",
    # 财预〔2020〕10号: 预算执行率 × 分值, no spaces, names as the table says them
    "A9": "得分=权重分×完成率，最低0分，最高不超过权重分",
    "A10": "处置时长为48小时时不得分，达到24小时时得满分，介于两者之间的按比例计分",
    # seed 003 B21: 如执行率在95%以上（含）则得3分，执行率在90-95%（含）的，得2分…
    "A11": "预算完成率≥95%得10分；90%（含）至95%（不含）得6分；其他情况不得分",
    "A12": "信息公开每1次得0.5分，最多得3分",
    # seed 003 A1: ①②各占 50%权重分，符合得相应权重分，不符合不得分
    "A13": "①内容完整（50%）②指向明确（50%），符合得相应权重分，不符合不得分",
    # seed 000: 以上10项按完成率计算
    "A14": "①新建项目5个②培训600人次，以上2项按完成率计算，完成率达到100%得满分，否则按实际值/目标值×权重分计分",
    # 定性评级；每发现一处问题扣0.5分，最多扣2分 (issue 10 item 4): a part takes away what it gives
    "A15": "达到目标得满分，否则不得分；扣分项“问题”：每发现1次问题扣0.5分，最多扣2分",
    # a numeric target reads with its sign in words (≤ 不高于)
    "A17": "培训人次不高于3得满分，否则不得分",
    "A16": "①编制中期财政规划②政策依据充分，符合得相应权重分，不符合不得分；"
           "扣分项“酌情扣分”（1分）：由评价组根据酌情扣分的实际情况评定，扣0—1分",
}


@pytest.fixture(scope="module")
def wording() -> dict[str, str]:
    rubric = perfscore.compile(RUBRIC)
    units = input_units(rubric.ast)
    return {n.code: criteria_text(n, n.weight.value, units) for n in ast.walk(rubric.ast.nodes)
            if isinstance(n, ast.Indicator)}  # fmt: skip


@pytest.mark.parametrize("code", sorted(GOLDEN, key=lambda c: int(c[1:])))
def test_every_rule_kind_has_its_official_wording(wording: dict[str, str], code: str) -> None:
    assert wording[code] == GOLDEN[code]


def test_every_kind_of_the_language_is_covered() -> None:
    kinds = {type(n.rule).__name__ for n in ast.walk(perfscore.parse(RUBRIC).nodes) if isinstance(n, ast.Indicator)}
    assert kinds == {"Proportional", "Deduct", "Levels", "Binary", "Judged", "Formula", "Linear", "Bands",
                     "PerOccurrence", "Checklist"}  # fmt: skip


def _generated(path: str) -> list[tuple[str, str]]:
    rubric = perfscore.load(path)
    units = input_units(rubric.ast)
    out = []
    for node in ast.walk(rubric.ast.nodes):
        if isinstance(node, ast.Indicator) and node.rule is not None:
            text = criteria_text(node, node.weight.value, units)
            if isinstance(node.actual, ast.Completion):  # the items are the seed's own words, spaces and all
                text = text.rsplit("，以上", 1)[1]
            out.append((node.code, text))
    return out


@pytest.mark.parametrize("path", sorted(glob.glob(str(ROOT / "examples/*/rubric.perf"))
                                        + glob.glob(str(ROOT / "src/perfscore/library/templates/*/rubric.perf"))))
def test_no_stray_spaces_and_no_placeholder_words(path: str) -> None:
    """No ASCII space in what the rule generates, and no 实际值 where the subject is known."""
    for code, text in _generated(path):
        assert " " not in text, (code, text)
        assert not text.startswith(("实际值", "≤", "≥", "<", ">")), (code, text)


def test_the_shuozhou_table_reads_like_its_seed() -> None:
    """Seed 003's own wording for B23 and B24, next to what perfscore prints where the rubric gives none."""
    table = perfscore.load(ROOT / "examples/shuozhou-2020/rubric.perf")
    texts = dict(_generated(str(ROOT / "examples/shuozhou-2020/rubric.perf")))
    assert texts["B23"] == "重点支出安排率≥70%时得满分，否则每低1%扣2%权重分，扣完为止"  # the seed's, word for word
    assert texts["B24"] == "政府采购执行率达到100%得满分，否则按实际值/目标值×权重分计分"
    assert table.total == Decimal(100)

"""Rubric.schema() (issue 11, item 3): a JSON Schema 2020-12 for one unit's data that accepts what perfscore
accepts (the examples' data, every documented data block) and refuses what it refuses."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

jsonschema = pytest.importorskip("jsonschema")

import perfscore
from perfscore.cli import main
from tests.test_doc_examples import ATTACHED, Data, _id, compile_block, read

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ("shuozhou-2020", "liuyang-2021")


def _validator(rubric: perfscore.Rubric) -> Any:
    schema = rubric.schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _refusals(validator: Any, values: dict[str, Any]) -> list[tuple[list[Any], str]]:
    return [(list(e.absolute_path), e.message) for e in validator.iter_errors(values)]


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_examples_data_is_valid(example: str) -> None:
    rubric = perfscore.load(ROOT / "examples" / example / "rubric.perf")
    values = perfscore.read_data(ROOT / "examples" / example / "data.toml")
    assert _refusals(_validator(rubric), values) == []
    json.dumps(rubric.schema(), ensure_ascii=False)  # plain JSON values only


@pytest.fixture(scope="module")
def shuozhou() -> tuple[Any, dict[str, Any]]:
    rubric = perfscore.load(ROOT / "examples/shuozhou-2020/rubric.perf")
    return _validator(rubric), perfscore.read_data(ROOT / "examples/shuozhou-2020/data.toml")


@pytest.mark.parametrize(
    ("change", "where", "words"),
    [
        ({"C11": "明显提高"}, ["C11"], "'明显提高' is not one of ['明显提升', '有所提升', '未提升']"),  # a level
        ({"预算数": -5}, ["预算数"], "is not valid under any"),  # 输入 预算数 金额 万元 > 0
        ({"预算数": "一万"}, ["预算数"], "is not valid under any"),  # not a number
        ({"B33": "100"}, ["B33"], "is not valid under any"),  # a rate needs % or a fraction
        ({"B33": 1.5}, ["B33"], "is not valid under any"),  # a bare fraction above 1
        ({"D11": "好"}, ["D11"], "is not valid under any"),  # 达标: true/false, 是/否, √/× …
        ({"A11": {"落实工作要求": True}}, ["A11"], "'符合三定职责' is a required property"),  # checklist items
        ({"A11": {"落实工作要求": True, "符合三定职责": True, "符合中长期规划": True, "多余": True}}, ["A11"],
         "Additional properties are not allowed ('多余' was unexpected)"),
        ({"管理对象满意度": {"整体支出": [24, 15, 2]}}, ["管理对象满意度"], "is not valid under any"),
        ({"overrides": {"B12": {"score": 3}}}, ["overrides", "B12"], "'reason' is a required property"),
        ({"overrides": {"Z9": {"score": 3, "reason": "x"}}}, ["overrides"], "'Z9' was unexpected"),
        ({"调整": {"B12": {"score": 3, "reason": "x"}}}, [], "should not be valid"),  # both spellings
        ({"not_applicable": ["A11"]}, ["not_applicable"], "['A11'] is expected to be empty"),  # no 不适用时 declared
    ],
)
def test_a_wrong_value_is_refused(shuozhou: tuple[Any, dict[str, Any]], change: dict[str, Any], where: list[Any],
                                  words: str) -> None:  # fmt: skip
    validator, values = shuozhou
    changed = {**copy.deepcopy(values), **change}
    found = _refusals(validator, changed)
    assert any(path == where and words in message for path, message in found), found
    with pytest.raises(perfscore.DataError):  # perfscore refuses it too
        perfscore.load(ROOT / "examples/shuozhou-2020/rubric.perf").evaluate(changed)


def test_a_key_perfscore_ignores_is_refused(shuozhou: tuple[Any, dict[str, Any]]) -> None:
    """Stricter than evaluate(), which warns and ignores it: a service's request model catches the typo."""
    validator, values = shuozhou
    changed = {**values, "预算": 1}
    assert _refusals(validator, changed) == [([], "Additional properties are not allowed ('预算' was unexpected)")]
    result = perfscore.load(ROOT / "examples/shuozhou-2020/rubric.perf").evaluate(changed, language="en")
    assert "unknown input '预算' ignored; did you mean '预算数'?" in result.warnings


def test_a_missing_input_is_required(shuozhou: tuple[Any, dict[str, Any]]) -> None:
    validator, values = shuozhou
    changed = {k: v for k, v in values.items() if k != "预算数"}
    assert _refusals(validator, changed) == [([], "'预算数' is a required property")]


def test_inputs_carry_type_unit_and_domain() -> None:
    rubric = perfscore.load(ROOT / "examples/shuozhou-2020/rubric.perf")
    properties = rubric.schema()["properties"]
    budget = properties["预算数"]  # 输入 预算数 金额 万元 > 0
    assert budget["x-unit"] == "万元" and budget["x-perfscore-type"] == "amount"
    assert budget["description"] == "预算数（金额，万元）"
    assert budget["anyOf"][0] == {"type": "number", "exclusiveMinimum": 0}
    assert properties["决算数"]["anyOf"][0] == {"type": "number", "minimum": 0}  # ≥ 0
    assert properties["C11"]["enum"] == ["明显提升", "有所提升", "未提升"]
    assert set(properties["A11"]["properties"]) == {"落实工作要求", "符合三定职责", "符合中长期规划"}
    survey = properties["管理对象满意度"]["anyOf"][0]
    assert survey["required"] == ["整体支出", "资金配置", "固定资产管理", "资产配置", "核心业务", "人才培养"]
    counts = survey["properties"]["整体支出"]["anyOf"][1]
    assert (counts["minItems"], counts["maxItems"], counts["x-options"]) == (4, 4, ["非常满意", "满意", "一般", "不满意"])


SHAPES = """评价 "形状"
总分 30
输入 预算数 金额 万元 > 0
输入 满意度 比率 ≤ 100%
问卷 群众满意度 {
  选项 满意 100%，基本满意 60%，不满意 0%，不了解 不计入
  题目 服务态度 权重 40%
  题目 办事效率 权重 60%
  渠道 电话回访 60%，问卷调查 40%
}
指标 C12 目标实现程度 4 {
  定性 {
    达成：80%~100%
    部分达成：60%~80%
    未达成：0%
  }
}
指标 B21 执行率 4 {
  分档 {
    ≥ 95%：4分
    [90%, 95%)：2分~3分
    否则：0分
  }
}
指标 B52 资金使用合规性 3 {
  定性 {
    合规：100%
    基本合规：80%
    不合规：0%
  }
  扣分 问题 按次 0.5分 最多 2分
  扣分 酌情扣分 评定 0分~1分
}
指标 E1 宣传 4 {
  不适用时 满分
  达标
}
指标 A21 完成 5 {
  目标 100%
  实际 完成率 {
    筛查 目标 9000
    建档
  }
  按比例
}
指标 C23 群众满意度 10 {
  目标 ≥ 90%
  实际 = 群众满意度
  按比例
}
"""
GOOD = {
    "预算数": 100, "满意度": "95%",
    "群众满意度": {"问卷调查": "80%", "电话回访": {"服务态度": [30, 10, 0, 5], "办事效率": {"满意": 20, "基本满意": 20}}},
    "C12": {"level": "部分达成", "score": 3},
    "B21": {"actual": "92%", "score": "2.5分"},
    "B52": {"level": "基本合规", "问题": 3, "酌情扣分": "0.5分"},
    "E1": True,
    "A21": {"筛查": 9981, "建档": "是"},
}  # fmt: skip


@pytest.fixture(scope="module")
def shapes() -> tuple[perfscore.Rubric, Any]:
    rubric = perfscore.compile(SHAPES, "shapes.perf")
    return rubric, _validator(rubric)


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"C12": "未达成"},  # a fixed level named alone
        {"C12": {"level": "未达成"}},
        {"B21": "96%"},  # a fixed band: the actual alone
        {"B21": {"actual": "96%"}},
        {"群众满意度": "88%"},  # the survey as a rate
        {"E1": None, "不适用": ["E1"]},  # not applicable: no data under its code
        {"A21": {"筛查": "9981", "建档": "50%"}},
        {"调整": {"C12": {"score": "75%", "reason": "评价组复核"}}},
    ],
)
def test_every_shape_perfscore_accepts_is_valid(shapes: tuple[perfscore.Rubric, Any], change: dict[str, Any]) -> None:
    rubric, validator = shapes
    values = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    rubric.evaluate(values)  # perfscore accepts it
    assert _refusals(validator, values) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"C12": "优秀"}, ["C12"]),
        ({"B52": {"level": "基本合规", "问题": 3}}, ["B52"]),  # a part missing
        ({"B52": {"level": "基本合规", "问题": 2.5, "酌情扣分": 0}}, ["B52", "问题"]),  # a count is whole
        ({"E1": None}, []),  # no data and not listed as not applicable
        ({"群众满意度": {"电话回访": "90%"}}, ["群众满意度"]),  # a channel missing
        ({"A21": {"筛查": 9981}}, ["A21"]),
        ({"不适用": ["C12"]}, ["不适用", 0]),  # C12 has no 不适用时
        ({"预算数": 0}, ["预算数"]),
    ],
)
def test_shapes_refuse_what_perfscore_refuses(shapes: tuple[perfscore.Rubric, Any], change: dict[str, Any],
                                              where: list[Any]) -> None:  # fmt: skip
    rubric, validator = shapes
    values = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    with pytest.raises(perfscore.DataError):
        rubric.evaluate(values)
    assert any(path == where for path, _ in _refusals(validator, values)), _refusals(validator, values)


def test_judged_shapes_say_their_range(shapes: tuple[perfscore.Rubric, Any]) -> None:
    properties = shapes[0].schema()["properties"]
    level = properties["C12"]["anyOf"][0]
    assert level["required"] == ["level"] and level["properties"]["level"]["enum"] == ["达成", "部分达成", "未达成"]
    assert level["properties"]["score"]["description"] == "C12 目标实现程度：评定得分（仅区间等级填写）（达成 80%~100%；部分达成 60%~80%）"
    assert properties["B21"]["anyOf"][0]["properties"]["score"]["description"].endswith("（2分~3分）")
    assert properties["满意度"]["x-domain"] == "<= 100%" and properties["满意度"]["anyOf"][0]["maximum"] == 1


@pytest.mark.parametrize("data", [pytest.param(d, id=_id(d)) for d in ATTACHED if not d.fence.error])
def test_every_documented_data_block_is_valid(data: Data, tmp_path: Path) -> None:
    assert data.example is not None
    rubric = compile_block(data.example.blocks[0])
    assert _refusals(_validator(rubric), read(data.fence, tmp_path)) == []


def test_the_schema_command_prints_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rubric = ROOT / "examples/liuyang-2021/rubric.perf"
    assert main(["schema", str(rubric)]) == 0
    printed = capsys.readouterr().out
    assert json.loads(printed) == perfscore.load(rubric).schema()
    assert "浏阳市卫生健康局" in printed  # ensure_ascii=False: Chinese as written
    out = tmp_path / "schema.json"
    assert main(["schema", str(rubric), "-o", str(out)]) == 0
    assert json.loads(out.read_text("utf-8"))["$schema"] == "https://json-schema.org/draft/2020-12/schema"

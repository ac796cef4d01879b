"""Form definitions: checks that name step and field, conditions, block round trip."""

import copy

import pytest
from django.core.exceptions import ValidationError

from forms import blocks
from forms.blocks import StepsBlock, steps_from_definition, steps_to_definition, stored_steps_definition
from forms.definition import check_definition, clean_value, condition_holds, describe_condition, resolve
from tests.support import DEFINITION, definition


def errors_of(d):
    return [str(e) for e in check_definition(d)]


def test_demo_like_definition_is_valid():
    assert errors_of(DEFINITION) == []


def mutate(fn):
    d = copy.deepcopy(DEFINITION)
    fn(d)
    return errors_of(d)


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: d["steps"][1]["fields"][0].update(key="name"), "第 2 步“承包土地情况”的字段“承包地面积（亩）”：字段标识（key）name 与前面的字段重复"),
        (lambda d: d["steps"][1].update(key="applicant"), "第 2 步“承包土地情况”：步骤标识（key）applicant 与前面的步骤重复"),
        (lambda d: d["steps"][0]["fields"][4].update(choices=[]), "第 1 步“申请人信息”的字段“户籍类型”：单选/多选字段必须列出选项"),
        (lambda d: d["steps"][1].update(show_if={"field": "mu", "equals": "1"}), "第 2 步“承包土地情况”的显示条件：条件依据的字段（mu）不存在，或不在它前面"),
        (lambda d: d["steps"][0]["fields"][6].update(show_if={"field": "later", "equals": "x"}), "的字段“代理人姓名”的显示条件：条件依据的字段（later）不存在"),
        (lambda d: d["steps"][1].update(show_if={"field": "hukou", "equals": "城镇户口"}), "条件的值“城镇户口”不是字段“户籍类型”的选项"),
        (lambda d: d["steps"][0]["fields"][1].update(sample="110105194912310021"), "第 1 步“申请人信息”的字段“公民身份号码”：示例值（sample）不符合本字段要求：公民身份号码校验位不正确"),
        (lambda d: d["steps"][1]["fields"][0].update(sample="3.505"), "字段“承包地面积（亩）”：示例值（sample）不符合本字段要求：最多 2 位小数"),
        (lambda d: d["steps"][2]["fields"][2].update(sample=30), "字段“家庭人口”：示例值（sample）不符合本字段要求：不能大于 20"),
        (lambda d: d["steps"][0]["fields"][0].update(type="password"), "字段“姓名”：字段类型“password”不存在"),
        (lambda d: d["steps"][0]["fields"][0].update(key="姓名"), "字段“姓名”：字段标识（key）必填，只能用字母、数字和下划线"),
        (lambda d: d["steps"][2].update(key="review"), "第 3 步“材料和承诺”：步骤标识（key）不能用保留字 review"),
        (lambda d: d["steps"][2]["fields"][1].update(accept=["exe"]), "不支持的文件类型：exe"),
        (lambda d: d.update(steps=[]), "至少要有一个步骤"),
        (lambda d: d.update(slug="有空格 的slug"), "表单：网址名称（slug）只能用字母、数字和横线"),
        (lambda d: d["steps"][1]["fields"][1].update(sample=["水稻", "玉米", "蔬菜"]), "最多选择 2 项"),
        (lambda d: d["steps"][2]["fields"][2].update(min=30, sample=None), "第 3 步“材料和承诺”的字段“家庭人口”：最小值大于最大值"),
        (lambda d: d["steps"][2]["fields"][3].update(min="2030-01-01", max="2020-01-01", sample=None), "字段“落户日期”：最早日期晚于最晚日期"),
        (lambda d: d["steps"][1].update(show_if={"all": []}), "的显示条件：all 应当列出至少一个条件"),
        (
            lambda d: d["steps"][1].update(show_if={"any": [{"field": "hukou", "equals": "农业户口"}, {"field": "hukou", "equals": "城镇"}]}),
            "第 2 步“承包土地情况”的显示条件：条件的值“城镇”不是字段“户籍类型”的选项",
        ),
    ],
)
def test_bad_definitions_are_named(change, expected):
    messages = mutate(change)
    assert any(expected in m for m in messages), messages


def test_conditions():
    answers = {"hukou": "农业户口", "crops": ["水稻", "玉米"], "pledge": True}
    assert condition_holds({"field": "hukou", "equals": "农业户口"}, answers)
    assert not condition_holds({"field": "hukou", "not_equals": "农业户口"}, answers)
    assert condition_holds({"field": "hukou", "in": ["非农业户口", "农业户口"]}, answers)
    assert condition_holds({"field": "crops", "equals": "玉米"}, answers)
    assert condition_holds({"field": "pledge", "equals": True}, answers)
    assert not condition_holds({"field": "missing", "not_equals": "x"}, answers)  # no answer: hidden
    assert condition_holds(None, answers)


def test_resolve_hides_and_drops_cascading():
    d = definition()
    entered = {
        "applicant": {"name": "王", "hukou": "非农业户口", "mode": "本人申请", "agent_name": "李四"},
        "land": {"mu": "3.5"},
        "docs": {"members": "3"},
    }
    steps, answers = resolve(d, entered)
    assert [s["key"] for s in steps] == ["applicant", "docs"]
    assert "mu" not in answers and "agent_name" not in answers
    entered["applicant"]["hukou"] = "农业户口"
    steps, answers = resolve(d, entered)
    assert [s["key"] for s in steps] == ["applicant", "land", "docs"] and answers["mu"] == "3.5"


def test_describe_condition():
    assert describe_condition(DEFINITION, {"field": "hukou", "equals": "农业户口"}) == "仅当“户籍类型”为“农业户口”时填写"
    assert "之一" in describe_condition(DEFINITION, {"field": "hukou", "in": ["农业户口", "非农业户口"]})


def test_blocks_round_trip():
    raw = steps_from_definition(DEFINITION["steps"])
    value = StepsBlock().to_python(raw)
    steps = steps_to_definition(value)
    assert [s["key"] for s in steps] == ["applicant", "land", "docs"]
    assert steps[1]["show_if"] == {"field": "hukou", "equals": "农业户口"}
    assert steps[0]["fields"][6]["show_if"] == {"field": "mode", "equals": "委托代理"}
    assert steps[1]["fields"][1]["sample"] == ["水稻"] and steps[1]["fields"][1]["max_choices"] == 2
    assert steps[2]["fields"][1]["accept"] == ["png", "jpg", "pdf"] and "sample" not in steps[2]["fields"][1]
    assert steps[2]["fields"][2]["sample"] == 3 and steps[2]["fields"][4]["sample"] is True
    assert check_definition({**DEFINITION, "steps": steps}) == []


def test_stored_steps_are_converted_once_per_content_and_each_caller_gets_its_own_copy(monkeypatch):
    built = []
    monkeypatch.setattr(blocks, "steps_to_definition", lambda value: built.append(1) or steps_to_definition(value))
    blocks._definition_json.cache_clear()
    raw = steps_from_definition(DEFINITION["steps"])
    first = stored_steps_definition(StepsBlock().to_python(copy.deepcopy(raw)))
    first[0]["title"] = "changed by a caller"
    # The same content again (other block ids, as another revision has): no new conversion, no caller's change.
    again = StepsBlock().to_python(copy.deepcopy(raw))
    again.raw_data[0]["id"] = "another-id"
    second = stored_steps_definition(again)
    assert len(built) == 1 and second == steps_to_definition(StepsBlock().to_python(raw))
    assert second[0]["title"] == DEFINITION["steps"][0]["title"]
    # An edit is new content: converted, and seen.
    edited = copy.deepcopy(raw)
    edited[1]["value"]["fields"][0]["value"]["label"] = "承包地面积（公顷）"
    third = stored_steps_definition(StepsBlock().to_python(edited))
    assert len(built) == 2 and third[1]["fields"][0]["label"] == "承包地面积（公顷）"


def test_numbers_dates_and_patterned_text_are_normalised_before_the_check():
    assert clean_value({"type": "integer"}, "1,200元") == 1200
    assert clean_value({"type": "decimal", "decimal_places": 2}, "３.５亩") == "3.50"
    assert clean_value({"type": "date"}, "2024年3月1日") == "2024-03-01"
    card = {"type": "text", "pattern": r"\d{16,19}", "pattern_message": "银行卡号应为 16 到 19 位数字"}
    assert clean_value(card, "6222 0202 0001 2345 678") == "6222020200012345678"
    with pytest.raises(ValidationError, match="银行卡号"):
        clean_value(card, "6222 abcd")
    assert clean_value({"type": "textarea"}, "家里三口人，收入低。") == "家里三口人，收入低。"  # words keep their punctuation

"""show_if combinations {"all": [...]} / {"any": [...]} (contract 4): evaluated,
worded, checked and handed to the browser by forms/definition.py; the old
single-test shape keeps working."""

from forms.definition import (
    applied_condition,
    check_definition,
    condition_fields,
    condition_holds,
    condition_rule,
    describe_condition,
    resolve,
)
from forms.fields import StepForm

FARMER = {"field": "hukou", "equals": "农业户口"}
LOW_INCOME = {"field": "income", "in": ["无收入", "低于当地低保标准"]}
ALL = {"all": [FARMER, LOW_INCOME]}
ANY = {"any": [FARMER, LOW_INCOME]}

DEFINITION = {
    "slug": "combined",
    "title": "组合条件表",
    "steps": [
        {
            "key": "family",
            "title": "家庭情况",
            "fields": [
                {"key": "hukou", "label": "户籍类型", "type": "radio", "choices": ["农业户口", "非农业户口"]},
                {"key": "income", "label": "月收入", "type": "select", "choices": ["无收入", "低于当地低保标准", "其他"]},
                {"key": "both", "label": "困难说明", "type": "text", "show_if": ALL},
                {"key": "either", "label": "补充说明", "type": "text", "show_if": ANY},
            ],
        },
        {"key": "land", "title": "土地", "show_if": ALL, "fields": [{"key": "mu", "label": "面积", "type": "text"}]},
        {"key": "help", "title": "帮扶", "show_if": ANY, "fields": [{"key": "need", "label": "需要", "type": "text"}]},
    ],
}


def test_all_holds_only_when_every_test_holds():
    assert condition_holds(ALL, {"hukou": "农业户口", "income": "无收入"})
    assert not condition_holds(ALL, {"hukou": "农业户口", "income": "其他"})
    assert not condition_holds(ALL, {"hukou": "农业户口"})  # unanswered: false


def test_any_holds_when_one_test_holds():
    assert condition_holds(ANY, {"hukou": "非农业户口", "income": "无收入"})
    assert condition_holds(ANY, {"hukou": "农业户口"})
    assert not condition_holds(ANY, {"hukou": "非农业户口", "income": "其他"})
    assert not condition_holds(ANY, {})


def test_single_test_shape_keeps_working():
    assert condition_holds(FARMER, {"hukou": "农业户口"}) and not condition_holds(FARMER, {"hukou": "非农业户口"})
    assert condition_rule(FARMER) == {"field": "hukou", "values": ["农业户口"], "negate": False}


def test_wording_joins_tests_with_and_or():
    assert describe_condition(DEFINITION, ALL) == "仅当“户籍类型”为“农业户口”且“月收入”为“无收入”、“低于当地低保标准”之一时填写"
    assert describe_condition(DEFINITION, ANY) == "仅当“户籍类型”为“农业户口”或“月收入”为“无收入”、“低于当地低保标准”之一时填写"


def test_tests_on_unknown_fields_are_dropped_and_an_empty_combination_is_none():
    mixed = {"any": [FARMER, {"field": "nowhere", "equals": "x"}]}
    assert applied_condition(DEFINITION, {"show_if": mixed}) == {"any": [FARMER]}
    assert applied_condition(DEFINITION, {"show_if": {"all": [{"field": "nowhere", "equals": "x"}]}}) is None
    assert describe_condition(DEFINITION, mixed) == "仅当“户籍类型”为“农业户口”时填写"


def test_resolve_uses_combinations_for_steps():
    steps, _ = resolve(DEFINITION, {"family": {"hukou": "非农业户口", "income": "无收入"}})
    assert [step["key"] for step in steps] == ["family", "help"]
    steps, _ = resolve(DEFINITION, {"family": {"hukou": "农业户口", "income": "无收入"}})
    assert [step["key"] for step in steps] == ["family", "land", "help"]


def test_combinations_are_checked_part_by_part():
    assert check_definition(DEFINITION) == []
    broken = {**DEFINITION, "steps": [DEFINITION["steps"][0], {**DEFINITION["steps"][1], "show_if": {"all": [FARMER, {"field": "mu", "equals": "1"}]}}]}
    assert [str(e) for e in check_definition(broken)] == [
        "第 2 步“土地”的显示条件：条件依据的字段（mu）不存在，或不在它前面；只能依据前面步骤或本步骤此前的字段"
    ]
    both = {**DEFINITION, "steps": [{**DEFINITION["steps"][0]}, {**DEFINITION["steps"][1], "show_if": {"all": [FARMER], "any": [FARMER]}}]}
    assert "条件组合只能有一个 all 或 any" in str(check_definition(both)[0])


def test_condition_fields():
    assert condition_fields(ALL) == {"hukou", "income"} and condition_fields(FARMER) == {"hukou"}
    assert condition_fields(None) == set()


def test_browser_rules_for_a_combination_in_one_step():
    form = StepForm(definition=DEFINITION, step=DEFINITION["steps"][0], answers={}, prefix="family")
    rules = {rule["row"]: rule for rule in form.condition_rules()}
    assert rules["row-family-both"] == {
        "row": "row-family-both",
        "all": [
            {"field": "family-hukou", "values": ["农业户口"], "negate": False},
            {"field": "family-income", "values": ["无收入", "低于当地低保标准"], "negate": False},
        ],
    }
    assert set(rules["row-family-either"]) == {"row", "any"}


def test_tests_on_earlier_steps_are_decided_by_the_server():
    definition = {
        **DEFINITION,
        "steps": [
            {"key": "a", "title": "甲", "fields": [DEFINITION["steps"][0]["fields"][0]]},
            {"key": "b", "title": "乙", "fields": [
                DEFINITION["steps"][0]["fields"][1],
                {"key": "note", "label": "说明", "type": "text", "show_if": ANY},
            ]},
        ],
    }
    form = StepForm(definition=definition, step=definition["steps"][1], answers={"hukou": "农业户口"}, prefix="b")
    [rule] = form.condition_rules()
    assert rule == {
        "row": "row-b-note",
        "any": [{"holds": True}, {"field": "b-income", "values": ["无收入", "低于当地低保标准"], "negate": False}],
    }
    bound = StepForm({"b-income": "其他", "b-note": "x"}, definition=definition, step=definition["steps"][1], answers={"hukou": "非农业户口"}, prefix="b")
    assert "note" not in {spec["key"] for spec in bound.visible_specs()}

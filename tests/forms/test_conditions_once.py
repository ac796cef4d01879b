"""Conditions are evaluated and worded in one place, forms/definition.py: the
wizard, the paper form (blank and 样表) and the browser script all use it."""

import datetime
import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from forms.definition import (
    applied_condition,
    condition_holds,
    condition_rule,
    describe_condition,
    resolve,
)
from forms.fields import StepForm
from forms.pdf import render_form_pdf

ROOT = Path(__file__).resolve().parents[2]

DEFINITION = {
    "slug": "conditions",
    "title": "条件测试表",
    "steps": [
        {
            "key": "one",
            "title": "第一步",
            "fields": [
                {"key": "hukou", "label": "户籍类型", "type": "radio", "choices": ["农业户口", "非农业户口"],
                 "sample": "农业户口"},
                {"key": "crops", "label": "主要作物", "type": "checkboxes", "choices": ["水稻", "小麦", "玉米"],
                 "sample": ["小麦"]},
                {"key": "pledge", "label": "我承诺如实填写", "type": "agree", "sample": True},
                {"key": "mode", "label": "申请方式", "type": "select", "choices": ["本人", "代理"]},
                {"key": "land", "label": "承包地面积", "type": "text", "sample": "3 亩",
                 "show_if": {"field": "hukou", "equals": "农业户口"}},
                {"key": "rice", "label": "水稻面积", "type": "text", "sample": "1 亩",
                 "show_if": {"field": "crops", "equals": "水稻"}},
                {"key": "grain", "label": "粮食面积", "type": "text", "sample": "2 亩",
                 "show_if": {"field": "crops", "in": ["水稻", "小麦"]}},
                {"key": "no_wheat", "label": "非小麦说明", "type": "text", "sample": "无",
                 "show_if": {"field": "crops", "not_equals": "小麦"}},
                {"key": "pledged", "label": "承诺日期", "type": "text", "sample": "今天",
                 "show_if": {"field": "pledge", "equals": True}},
                {"key": "not_pledged", "label": "未承诺原因", "type": "text", "sample": "无",
                 "show_if": {"field": "pledge", "not_equals": True}},
                {"key": "city", "label": "城镇说明", "type": "text", "sample": "无",
                 "show_if": {"field": "hukou", "not_equals": "农业户口"}},
                {"key": "one_of", "label": "户籍说明", "type": "text", "sample": "有",
                 "show_if": {"field": "hukou", "in": ["农业户口"]}},
                # mode has no sample: not_equals on an unanswered field does not hold (web and 样表 alike).
                {"key": "agent", "label": "代理人", "type": "text", "sample": "李四",
                 "show_if": {"field": "mode", "not_equals": "本人"}},
                # A condition on a field the form does not have (check_definition reports it).
                {"key": "orphan", "label": "孤立字段", "type": "text", "sample": "照填",
                 "show_if": {"field": "no_such_field", "equals": "x"}},
            ],
        },
        {
            "key": "two",
            "title": "第二步",
            "show_if": {"field": "gone", "equals": "x"},
            "fields": [{"key": "later", "label": "后续", "type": "text", "sample": "后续示例"}],
        },
    ],
}
FIELDS = {field["key"]: field for step in DEFINITION["steps"] for field in step["fields"]}
CONDITIONAL = [key for key, field in FIELDS.items() if field.get("show_if") and key != "orphan"]


def pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def paper(sample=False) -> str:
    return pdf_text(render_form_pdf(DEFINITION, centre_name="示例镇便民服务中心",
                                    printed_on=datetime.date(2026, 11, 23), sample=sample))


def step_form(data=None):
    return StepForm(data, definition=DEFINITION, step=DEFINITION["steps"][0], answers={}, prefix="one")


# --- a condition on an unknown field ------------------------------------------


def test_unknown_field_condition_is_ignored_by_the_rules():
    orphan = FIELDS["orphan"]
    assert applied_condition(DEFINITION, orphan) is None
    assert describe_condition(DEFINITION, orphan["show_if"]) == ""
    steps, answers = resolve(DEFINITION, {"one": {"orphan": "x"}, "two": {"later": "y"}})
    assert [step["key"] for step in steps] == ["one", "two"]
    assert answers == {"orphan": "x", "later": "y"}


def test_unknown_field_condition_shows_the_field_on_the_web():
    form = step_form()
    assert "orphan" in form.fields
    row = next(row for row in form.layout() if row["spec"]["key"] == "orphan")
    assert row["condition_text"] == "" and row["row_id"] == ""
    assert all(rule["row"] != "row-one-orphan" for rule in form.condition_rules())
    bound = step_form({"one-orphan": "照填"})
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["orphan"] == "照填"


def test_unknown_field_condition_shows_the_field_on_paper_without_a_note():
    blank = paper()
    assert "孤立字段" in blank and "第二步" in blank
    assert "no_such_field" not in blank and "gone" not in blank
    sample = paper(sample=True)
    assert "照填" in sample and "后续示例" in sample


# --- one wording ------------------------------------------------------------------


def test_wording_follows_the_controlling_field_type():
    words = {key: describe_condition(DEFINITION, FIELDS[key]["show_if"]) for key in CONDITIONAL}
    assert words == {
        "land": "仅当“户籍类型”为“农业户口”时填写",
        "rice": "仅当“主要作物”勾选了“水稻”时填写",
        "grain": "仅当“主要作物”勾选了“水稻”、“小麦”中任一项时填写",
        "no_wheat": "仅当“主要作物”未勾选“小麦”时填写",
        "pledged": "仅当已勾选“我承诺如实填写”时填写",
        "not_pledged": "仅当未勾选“我承诺如实填写”时填写",
        "city": "仅当“户籍类型”不是“农业户口”时填写",
        "one_of": "仅当“户籍类型”为“农业户口”时填写",
        "agent": "仅当“申请方式”不是“本人”时填写",
    }


def test_screen_and_paper_say_the_same():
    form = step_form()
    html = form.render()
    blank = paper()
    for row in form.layout():
        key = row["spec"]["key"]
        if key not in CONDITIONAL:
            continue
        expected = describe_condition(DEFINITION, FIELDS[key]["show_if"])
        assert row["condition_text"] == expected
        assert f'<p class="field__condition">{expected}</p>' in html
        assert re.sub(r"\s", "", f"（{expected}）") in blank


# --- one evaluation ------------------------------------------------------------------


def test_sample_fills_every_field_and_marks_each_conditional_one():
    """The 样表 shows every step's and field's sample, whatever the other samples
    would show on the web, each conditional one with the web form's own note."""
    samples = {step["key"]: {f["key"]: f["sample"] for f in step["fields"] if "sample" in f} for step in DEFINITION["steps"]}
    _, kept = resolve(DEFINITION, samples)
    sample = paper(sample=True)
    for key in CONDITIONAL:
        value = FIELDS[key]["sample"]
        assert re.sub(r"\s", "", value) in sample, key
        note = describe_condition(DEFINITION, FIELDS[key]["show_if"])
        assert re.sub(r"\s", "", f"（{note}）") in sample, key
    # Filled though the sample answers would hide them on the web.
    assert set(CONDITIONAL) - set(kept) == {"rice", "no_wheat", "not_pledged", "city", "agent"}
    assert "李四" in sample and "后续示例" in sample


def rule_shows(rule, chosen):
    """What forms.js does with a rule: shown when answered and (values hit) != negate."""
    hit = any(value in chosen for value in rule["values"])
    return bool(chosen) and hit != rule["negate"]


@pytest.mark.parametrize("answer", [None, "", "农业户口", "非农业户口", ["水稻"], ["小麦", "玉米"], [], True])
def test_browser_rules_agree_with_condition_holds(answer):
    for key in CONDITIONAL:
        condition = FIELDS[key]["show_if"]
        rule = condition_rule(condition)
        chosen = [] if answer in (None, "", []) else [
            ("true" if v is True else str(v)) for v in (answer if isinstance(answer, list) else [answer])
        ]
        assert rule_shows(rule, chosen) == condition_holds(condition, {condition["field"]: answer}), (key, answer)


def test_step_renders_resolved_rules_for_the_browser():
    form = step_form()
    rules = form.condition_rules()
    rows = {row["row_id"] for row in form.layout() if row["row_id"]}
    assert {rule["row"] for rule in rules} == rows
    land = next(rule for rule in rules if rule["row"] == "row-one-land")
    assert land == {"row": "row-one-land", "field": "one-hukou", "values": ["农业户口"], "negate": False}
    pledged = next(rule for rule in rules if rule["row"] == "row-one-pledged")
    assert pledged["values"] == ["true"]
    html = form.render()
    assert 'id="row-one-land"' in html and "data-show-if" not in html
    json.dumps(rules)  # plain JSON for json_script


def test_browser_script_does_not_evaluate_operators_itself():
    script = (ROOT / "core" / "static" / "js" / "forms.js").read_text(encoding="utf-8")
    for operator in ("equals", "not_equals", '"in"'):
        assert operator not in script
    assert "form-conditions" in script
    template = (ROOT / "templates" / "forms" / "wizard_step.html").read_text(encoding="utf-8")
    assert 'json_script:"form-conditions"' in template


def test_pdf_module_has_no_condition_logic_of_its_own():
    """Outside docstrings, forms/pdf.py names no operator and words no condition."""
    import ast

    tree = ast.parse((ROOT / "forms" / "pdf.py").read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    strings = [node.value for node in ast.walk(tree)
               if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]
    assert not [text for text in strings if text in ("equals", "in", "not_equals") or "仅当" in text]

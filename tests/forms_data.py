"""Shared test data for the application form tests."""

import copy

from forms.validators import id_check_char


def make_id(region, birth, sequence):
    first17 = f"{region}{birth}{sequence}"
    return first17 + id_check_char(first17)


APPLICANT_ID = make_id("420111", "19680315", "042")

DEFINITION = {
    "slug": "test-application",
    "title": "测试申请表",
    "guide": "MZ-001",
    "intro": "请如实填写。",
    "steps": [
        {
            "key": "applicant",
            "title": "申请人信息",
            "help": "",
            "show_if": None,
            "fields": [
                {"key": "name", "label": "姓名", "type": "text", "required": True, "max_length": 20, "sample": "王秀英"},
                {"key": "id_number", "label": "公民身份号码", "type": "id_card", "required": True, "sample": APPLICANT_ID},
                {"key": "phone", "label": "手机号码", "type": "mobile", "required": True, "sample": "13800138000"},
                {"key": "email", "label": "电子邮箱", "type": "email", "required": False, "sample": "wang@example.com"},
                {"key": "hukou", "label": "户籍类型", "type": "radio", "required": True,
                 "choices": ["农业户口", "非农业户口"], "sample": "农业户口"},
                {"key": "mode", "label": "申请方式", "type": "radio", "required": True,
                 "choices": ["本人申请", "委托代理"], "sample": "本人申请"},
                {"key": "agent_name", "label": "代理人姓名", "type": "text", "required": True, "sample": "李四",
                 "show_if": {"field": "mode", "equals": "委托代理"}},
            ],
        },
        {
            "key": "land",
            "title": "承包土地情况",
            "show_if": {"field": "hukou", "equals": "农业户口"},
            "fields": [
                {"key": "mu", "label": "承包地面积（亩）", "type": "decimal", "required": True, "min": 0, "max": 10000,
                 "decimal_places": 2, "sample": "3.50"},
                {"key": "crops", "label": "种植作物", "type": "checkboxes", "required": False,
                 "choices": ["水稻", "玉米", "蔬菜"], "max_choices": 2, "sample": ["水稻"]},
            ],
        },
        {
            "key": "docs",
            "title": "材料和承诺",
            "fields": [
                {"key": "intro_text", "label": "上传说明", "type": "heading", "help": "可上传户口簿照片。"},
                {"key": "photo", "label": "户口簿照片", "type": "file", "required": False, "accept": ["png", "jpg", "pdf"], "max_mb": 1},
                {"key": "members", "label": "家庭人口", "type": "integer", "required": True, "min": 1, "max": 20, "sample": 3},
                {"key": "since", "label": "落户日期", "type": "date", "required": False, "max": "today", "sample": "2001-05-01"},
                {"key": "pledge", "label": "本人承诺以上信息真实", "type": "agree", "required": True, "sample": True},
            ],
        },
    ],
}  # fmt: skip


def definition(**changes):
    result = copy.deepcopy(DEFINITION)
    result.update(changes)
    return result

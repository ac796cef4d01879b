"""Plain test data and test doubles shared by the app test packages.

Fixtures live in the `conftest.py` files; this module holds only values and
helpers that tests import by name (a guide item in the import format, a form
definition, an applicant's answers, a recording SMS backend)."""

import copy
from pathlib import Path

from forms.validators import id_check_char
from guides.importing import RawItem, Source

# What the tests read from the specification, copied from ../shared/spec.
DATA_DIR = Path(__file__).resolve().parent / "data"


def make_id(region, birth, sequence):
    """A 公民身份号码 with a valid check character."""
    first17 = f"{region}{birth}{sequence}"
    return first17 + id_check_char(first17)


APPLICANT_ID = make_id("420111", "19680315", "042")

# A guide in the import format (spec: guide-import.md), with every field.
FULL_ITEM = {
    "code": "MZ-001",
    "name": "最低生活保障申请",
    "window": "民政窗口",
    "department": "社会事务办",
    "item_type": "行政给付",
    "handling_type": "承诺件",
    "themes": ["社会救助"],
    "summary": "共同生活的家庭成员人均收入低于当地最低生活保障标准的，可以申请低保。",
    "conditions": "持有本地户籍。\n\n家庭人均收入低于当地低保标准。",
    "materials": [
        {"name": "户口簿", "form": "原件和复印件", "copies": 1, "required": True, "source": "申请人自备", "note": ""},
        {"name": "家庭收入证明", "form": "原件", "copies": 1, "required": False, "source": "村委会出具", "note": "可容缺"},
    ],
    "steps": [
        {"name": "申请受理", "actor": "民政窗口", "days": 1, "description": "提交材料"},
        {"name": "入户调查", "actor": "村委会", "days": 10, "description": ""},
        {"name": "审批", "actor": "县民政局", "days": 9, "description": ""},
    ],
    "legal_days": 30,
    "promised_days": 20,
    "fees": [],
    "basis": [{"title": "《社会救助暂行办法》", "article": "第十一条", "doc_number": "国务院令第649号"}],
    "result": "最低生活保障金领取证",
    "visits": 1,
    "online": True,
    "proxy": True,
    "location": "镇便民服务中心一楼 1 号窗口",
    "hours": "周一至周五 8:30-17:30",
    "phone": "0000-1234567",
    "complaint_phone": "0000-7654321",
    "keywords": ["低保", "救济"],
    "faqs": [{"question": "低保多久复核一次？", "answer": "一般每年复核一次。"}],
}


def raw(*items):
    """Items (dicts in the import format) as the importer reads them from a file."""
    return [RawItem(Source(i, "项"), item) for i, item in enumerate(items, start=1)]


# A form definition (spec: form-definition.md) using every field type.
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
                {"key": "name", "label": "姓名", "type": "text", "role": "applicant_name", "required": True, "max_length": 20, "sample": "王秀英"},
                {"key": "id_number", "label": "公民身份号码", "type": "id_card", "role": "id_number", "required": True, "sample": APPLICANT_ID},
                {"key": "phone", "label": "手机号码", "type": "mobile", "role": "phone", "required": True, "sample": "13800138000"},
                {"key": "email", "label": "电子邮箱", "type": "email", "role": "personal", "required": False, "sample": "wang@example.com"},
                {"key": "hukou", "label": "户籍类型", "type": "radio", "required": True,
                 "choices": ["农业户口", "非农业户口"], "sample": "农业户口"},
                {"key": "mode", "label": "申请方式", "type": "radio", "required": True,
                 "choices": ["本人申请", "委托代理"], "sample": "本人申请"},
                {"key": "agent_name", "label": "代理人姓名", "type": "text", "role": "personal", "required": True, "sample": "李四",
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


# A form with the compound types: a repeating group, an address and a signature.
FAMILY_ID = make_id("420111", "19650720", "031")
CHILD_ID = make_id("420111", "20100312", "041")
COMPOUND_DEFINITION = {
    "slug": "family-application",
    "title": "家庭情况申请表",
    "guide": None,
    "intro": "",
    "steps": [
        {
            "key": "applicant",
            "title": "申请人",
            "fields": [
                {"key": "name", "label": "姓名", "type": "text", "required": True, "sample": "王秀英",
                 "role": "applicant_name"},
                {"key": "phone", "label": "联系电话", "type": "mobile", "required": False, "role": "phone"},
                {"key": "home", "label": "现居住地址", "type": "address", "required": True, "role": "personal",
                 "sample": {"township": "示例镇", "village": "青石村", "detail": "三组18号"}},
            ],
        },
        {
            "key": "members",
            "title": "家庭成员",
            "fields": [
                {"key": "family", "label": "家庭成员", "type": "group", "required": True, "row_label": "位家庭成员",
                 "min_rows": 1, "max_rows": 3,
                 "fields": [
                     {"key": "name", "label": "姓名", "type": "text", "required": True, "max_length": 20,
                      "role": "personal"},
                     {"key": "relation", "label": "与申请人关系", "type": "select", "required": True,
                      "choices": ["配偶", "子女", "父母", "其他"]},
                     {"key": "id_number", "label": "身份证号", "type": "id_card", "required": True,
                      "role": "id_number"},
                     {"key": "income", "label": "月收入（元）", "type": "decimal", "required": False, "min": 0,
                      "decimal_places": 2},
                 ],
                 "sample": [
                     {"name": "李建国", "relation": "配偶", "id_number": FAMILY_ID, "income": "800.00"},
                     {"name": "李小明", "relation": "子女", "id_number": CHILD_ID},
                 ]},
            ],
        },
        {
            "key": "pledge",
            "title": "承诺",
            "fields": [
                {"key": "signature", "label": "申请人签名", "type": "signature", "required": True,
                 "statement": "本人承诺所填信息真实、完整，如有虚假愿承担法律责任。", "sample": {"name": "王秀英"}},
            ],
        },
    ],
}  # fmt: skip


def definition(**changes):
    """A copy of DEFINITION with some top-level keys changed."""
    result = copy.deepcopy(DEFINITION)
    result.update(changes)
    return result


# An applicant's answers to DEFINITION (the 民政 applicant, with an e-mail address).
ANSWERS = {
    "name": "王秀英",
    "id_number": APPLICANT_ID,
    "phone": "13800138000",
    "email": "wang@example.com",
    "hukou": "非农业户口",
    "mode": "本人申请",
    "members": 3,
    "pledge": True,
}
# The 农业 applicant, without an e-mail address (told by SMS only).
NY_ANSWERS = {**ANSWERS, "name": "李建国", "id_number": make_id("420111", "19700101", "011"), "phone": "13900139011",
              "email": ""}  # fmt: skip


class RecordingSMSBackend:
    """settings.SMS_BACKEND for tests: keeps what would have been sent."""

    sent = []

    def send(self, phone, message):
        self.sent.append((phone, message))

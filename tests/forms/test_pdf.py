"""Tests of the printed application form (blank and 样表) and the 在线申报回执 (no database needed).

Run without Django: python -m pytest tests/test_form_pdf.py -p no:django --noconftest
"""

import copy
import datetime
import io
import re

from pypdf import PdfReader

from cases.receipt import render_receipt_pdf
from forms.pdf import render_form_pdf

CENTRE = "示例镇便民服务中心"
PRINTED_ON = datetime.date(2026, 11, 23)
FORM_URL = "https://example.gov.cn/forms/land-test/"

DEFINITION = {
    "slug": "land-test",
    "title": "土地承包情况登记表",
    "guide": "NY-009",
    "intro": "请如实填写，带 * 的为必填项。",
    "steps": [
        {
            "key": "applicant",
            "title": "申请人信息",
            "help": "申请人须为户主。",
            "show_if": None,
            "fields": [
                {"key": "applicant_note", "label": "户主基本情况", "type": "heading",
                 "help": "按户口簿填写。"},
                {"key": "name", "label": "姓名", "type": "text", "required": True, "max_length": 20,
                 "sample": "张三丰"},
                {"key": "gender", "label": "性别", "type": "radio", "required": True,
                 "choices": ["男", "女"], "sample": "男"},
                {"key": "id_number", "label": "公民身份号码", "type": "id_card", "required": True,
                 "sample": "11010519491231002X"},
                {"key": "phone", "label": "手机号码", "type": "mobile", "required": True,
                 "sample": "13912345678"},
                {"key": "hukou", "label": "户籍类型", "type": "radio", "required": True,
                 "choices": ["农业户口", "非农业户口"], "sample": "农业户口"},
                {"key": "email", "label": "电子邮箱", "type": "email", "help": "选填",
                 "sample": "zhangsanfeng@example.com"},
            ],
        },
        {
            "key": "land",
            "title": "承包土地情况",
            "show_if": {"field": "hukou", "equals": "农业户口"},
            "fields": [
                {"key": "mu", "label": "承包地面积（亩）", "type": "decimal", "required": True,
                 "min": 0, "max": 10000, "decimal_places": 2, "sample": "3.75"},
                {"key": "plots", "label": "地块数", "type": "integer", "min": 1, "max": 50, "sample": 4},
                {"key": "crops", "label": "主要作物", "type": "checkboxes", "required": True,
                 "choices": ["水稻", "小麦", "玉米", "油菜"], "max_choices": 3, "sample": ["小麦", "玉米"]},
                {"key": "land_use", "label": "土地用途", "type": "select", "required": True,
                 "choices": ["自耕", "出租", "入股"], "sample": "出租"},
                {"key": "tenant", "label": "承租方", "type": "text",
                 "show_if": {"field": "land_use", "in": ["出租", "入股"]}, "sample": "绿野农业合作社"},
                {"key": "lease_note", "label": "流转情况说明", "type": "textarea",
                 "show_if": {"field": "land_use", "not_equals": "自耕"},
                 "sample": "2025 年起出租给本村合作社种植蔬菜，租期五年，每亩每年租金 800 元。"},
                {"key": "lease_start", "label": "流转开始日期", "type": "date", "sample": "2025-03-01"},
                # Hidden for the sample answers (土地用途 is 出租), so the 样表 leaves it blank.
                {"key": "own_use", "label": "自耕情况说明", "type": "text",
                 "show_if": {"field": "land_use", "equals": "自耕"}, "sample": "自家种植口粮"},
            ],
        },
        {
            "key": "declaration",
            "title": "单位信息与承诺",
            "show_if": None,
            "fields": [
                {"key": "credit_code", "label": "合作社统一社会信用代码", "type": "credit_code",
                 "sample": "93350100MA2Y8K4L7Q"},
                {"key": "contract", "label": "土地承包合同", "type": "file", "required": True,
                 "accept": ["jpg", "jpeg", "pdf"], "max_mb": 10},
                {"key": "pledge", "label": "我承诺所填信息真实准确", "type": "agree", "required": True,
                 "help": "如有不实，愿意承担相应责任。", "sample": True},
            ],
        },
    ],
}

SAMPLE_VALUES = ["张三丰", "13912345678", "11010519491231002X", "93350100MA2Y8K4L7Q", "3.75",
                 "绿野农业合作社", "zhangsanfeng@example.com", "每亩每年租金800元"]

RECEIPT = {
    "reference": "20261123-MZ001-0007",
    "item_name": "最低生活保障申请",
    "item_code": "MZ-001",
    "window": "民政窗口",
    "submitted_at": datetime.datetime(2026, 11, 23, 9, 5),
    "promised_days": 20,
    "due_date": datetime.date(2026, 12, 21),
    "status": "待受理",
    "proxy": False,
    "proxy_by": "",
    "materials_to_bring": [
        {"name": "户口簿", "form": "原件和复印件", "copies": 1, "required": True,
         "source": "申请人自备", "note": ""},
        {"name": "家庭收入证明", "form": "原件", "copies": 1, "required": False,
         "source": "村委会出具", "note": "入户调查前补齐"},
    ],
    "status_url": "https://example.gov.cn/status/20261123-MZ001-0007/",
    "location": "镇便民服务中心一楼 3 号窗口",
    "hours": "周一至周五 8:30-12:00",
    "phone": "0000-1234567",
}


def form(definition=DEFINITION, **kwargs) -> bytes:
    return render_form_pdf(definition, centre_name=CENTRE, printed_on=PRINTED_ON, **kwargs)


def receipt(**changes) -> bytes:
    return render_receipt_pdf(dict(RECEIPT, **changes), centre_name=CENTRE, printed_on=PRINTED_ON)


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Text without whitespace: extraction breaks lines and splits font runs and character cells."""
    return re.sub(r"\s", "", text)


def all_fields(definition):
    return [field for step in definition["steps"] for field in step["fields"]]


def test_blank_form_has_every_step_field_and_choice():
    pdf = form(form_url=FORM_URL)
    assert pdf.startswith(b"%PDF-")
    text = flat("\n".join(pages_text(pdf)))
    assert "土地承包情况登记表" in text
    assert "请如实填写，带*的为必填项。" in text
    assert "扫码在线填写" in text
    for step in DEFINITION["steps"]:
        assert step["title"] in text, step["title"]
    for field in all_fields(DEFINITION):
        assert flat(field["label"]) in text, field["label"]
    for choice in ["男", "女", "农业户口", "非农业户口", "水稻", "小麦", "玉米", "油菜", "自耕", "出租", "入股"]:
        assert choice in text, choice
    # Steps come in order, each with its fields.
    positions = [text.index(label) for label in ["申请人信息", "公民身份号码", "承包土地情况", "承包地面积（亩）",
                                                 "单位信息与承诺", "合作社统一社会信用代码"]]
    assert positions == sorted(positions)
    assert "*姓名" in text  # required mark, before the label
    assert "亩" in text and "按户口簿填写。" in text
    assert "*附件：土地承包合同（请随表提交复印件；在线填写时上传jpg/pdf文件）" in text
    assert "本人已阅读并同意" in text
    assert "申请人（签字/按手印）：" in text and "日期：年月日" in text
    assert "以下由窗口工作人员填写" in text and "受理编号" in text and "受理人" in text and "受理日期" in text


def test_show_if_notes_name_the_controlling_field():
    text = flat("\n".join(pages_text(form())))
    # The step's condition, resolved from the key "hukou" to its label.
    assert "（仅当“户籍类型”为“农业户口”时填写）" in text
    # Field conditions: in and not_equals.
    assert "（仅当“土地用途”为“出租”、“入股”之一时填写）" in text
    assert "（仅当“土地用途”不是“自耕”时填写）" in text
    assert "（仅当“土地用途”为“自耕”时填写）" in text
    assert "hukou" not in text and "land_use" not in text


def test_blank_form_has_no_sample_values():
    pdf = form()
    text = flat("\n".join(pages_text(pdf)))
    for value in SAMPLE_VALUES:
        assert flat(value) not in text, value
    assert "样表" not in text
    assert "（已选）" not in text
    assert "扫码在线填写" not in text  # no form_url, no QR code


def test_sample_form_is_filled_and_watermarked():
    pages = pages_text(form(sample=True))
    text = flat("\n".join(pages))
    assert "填写示例（样表）" in text
    for value in SAMPLE_VALUES:
        assert flat(value) in text, value
    # Chosen options are ticked (drawn) and marked for text extraction.
    for chosen in ["男（已选）", "农业户口（已选）", "小麦（已选）", "玉米（已选）", "出租（已选）", "本人已阅读并同意（已选）"]:
        assert chosen in text, chosen
    for not_chosen in ["女（已选）", "水稻（已选）", "油菜（已选）", "自耕（已选）"]:
        assert not_chosen not in text, not_chosen
    # A field the other samples would hide on the web is filled in too, with its condition.
    assert "自耕情况说明（仅当“土地用途”为“自耕”时填写）自家种植口粮" in text
    # The date is written into the year/month/day blanks; the signature carries the sample name.
    assert "2025年3月1日" in text
    assert "申请人（签字/按手印）：张三丰" in text
    assert text.count("张三丰") == 2


def test_sample_watermark_is_on_every_page():
    pages = pages_text(form(long_definition(), sample=True))
    assert len(pages) >= 2
    for page in pages:
        assert "样表" in flat(page)
    assert not any("样表" in flat(page) for page in pages_text(form(long_definition())))


def test_fonts_are_embedded_subsets():
    for pdf in (form(form_url=FORM_URL), form(sample=True), receipt(proxy=True, proxy_by="李明")):
        reader = PdfReader(io.BytesIO(pdf))
        base_fonts = set()
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                base_fonts.add(font["/BaseFont"])
                assert re.fullmatch(r"/[A-Z]{6}\+\S+", font["/BaseFont"]), font["/BaseFont"]
                assert "/FontFile2" in font["/FontDescriptor"]
        assert any(name.endswith("+DroidSansFallback") for name in base_fonts)
        assert any(name.endswith("+BitstreamVeraSans-Roman") for name in base_fonts)


def long_definition():
    definition = copy.deepcopy(DEFINITION)
    definition["steps"] = [
        {"key": f"part{n}", "title": f"第{n}部分", "fields": [
            {"key": f"f{n}_{i}", "label": f"第{n}部分第{i}项", "type": "text", "required": i % 2 == 0,
             "sample": f"示例值{n}{i}"}
            for i in range(1, 11)
        ]}
        for n in range(1, 5)
    ]
    return definition


def test_forty_fields_run_over_pages_with_page_numbers():
    definition = long_definition()
    assert len(all_fields(definition)) == 40
    pages = pages_text(form(definition))
    total = len(pages)
    assert total >= 3
    for number, text in enumerate(pages, start=1):
        assert f"第 {number} 页 / 共 {total} 页" in text
        assert CENTRE in text and "打印日期：2026年11月23日" in text
    joined = flat("\n".join(pages))
    for n in range(1, 5):
        for i in range(1, 11):
            assert f"第{n}部分第{i}项" in joined
    assert joined.index("第4部分第10项") < joined.index("申请人（签字/按手印）")


def test_metadata():
    info = PdfReader(io.BytesIO(form(sample=True))).metadata
    assert info.title == "土地承包情况登记表（样表）"
    assert info.author == CENTRE
    assert PdfReader(io.BytesIO(form())).metadata.title == "土地承包情况登记表"


def test_receipt_contents():
    text = flat("\n".join(pages_text(receipt())))
    for expected in [
        "在线申报回执", "20261123-MZ001-0007", "最低生活保障申请", "MZ-001", "民政窗口",
        "2026年11月23日09:05", "待受理",
        "20个工作日（受理后计算，预计2026年12月21日前办结）",
        "一次性告知", "户口簿", "家庭收入证明", "入户调查前补齐", "原件和复印件",
        "扫码查询办理进度（需输入受理编号和身份证号或手机号后4位）", RECEIPT["status_url"],
        "镇便民服务中心一楼3号窗口", "周一至周五8:30-12:00", "0000-1234567",
    ]:
        assert flat(expected) in text, expected
    # 必需 for the 户口簿, 容缺 for the optional 家庭收入证明, in table order.
    assert re.search(r"户口簿原件和复印件1必需", text)
    assert re.search(r"家庭收入证明入户调查前补齐原件1容缺", text)
    assert "代办" not in text and "代为申报" not in text


def test_receipt_proxy_line_only_when_proxy():
    text = flat("\n".join(pages_text(receipt(proxy=True, proxy_by="向阳村代办员李明"))))
    assert "代办由向阳村代办员李明代为申报" in text
    assert "代为申报" in flat("\n".join(pages_text(receipt(proxy=True, proxy_by=""))))
    assert "代为申报" not in flat("\n".join(pages_text(receipt(proxy=False, proxy_by="李明"))))


def test_receipt_immediate_and_unknown_deadline():
    text = flat("\n".join(pages_text(receipt(promised_days=0, due_date=None))))
    assert "承诺办结时限即时办理" in text and "个工作日" not in text
    text = flat("\n".join(pages_text(receipt(promised_days=None, due_date=None, materials_to_bring=[]))))
    assert "承诺办结时限" not in text
    assert "无需另行提交纸质材料" in text


def test_every_character_the_module_prints_has_a_glyph():
    """Neither font has □ ■ ☑ ✓: such characters must be drawn, not typed into a string."""
    import ast
    from pathlib import Path

    from reportlab.pdfbase.ttfonts import TTFont

    import cases.receipt
    import core.promise
    import forms.definition
    import forms.paper_fields
    import forms.pdf
    from core.pdf import FONT_PATH, LATIN_FONT_FILE

    covered = set(TTFont("cjk", str(FONT_PATH)).face.charToGlyph)
    covered |= set(TTFont("latin", LATIN_FONT_FILE).face.charToGlyph)
    strings = []
    for module in (forms.pdf, forms.paper_fields, forms.definition, cases.receipt, core.promise):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        strings += [node.value for node in ast.walk(tree)
                    if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]
    assert "在线申报回执" in strings
    missing = {char for text in strings for char in text if char not in "\n\r\t" and ord(char) not in covered}
    assert not missing, missing

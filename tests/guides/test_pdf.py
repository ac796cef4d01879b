"""Tests of the printable guide handout and the shared PDF helper (no database needed)."""

import copy
import datetime
import io
import re

from pypdf import PdfReader

from guides.pdf import render_guide_pdf

CENTRE = "示例镇便民服务中心"
PRINTED_ON = datetime.date(2025, 3, 5)
URL = "https://example.gov.cn/guides/js-101/"

GUIDE = {
    "code": "JS-101",
    "name": "独生子女父母光荣证办理",
    "window": "人口与计划生育窗口",
    "department": "社会事务办",
    "item_type": "行政确认",
    "handling_type": "即办件",
    "summary": "只生育一个子女的夫妻，可申领独生子女父母光荣证。",
    "conditions": "夫妻双方自愿终身只生育一个子女。\n\n子女未满十八周岁。",
    "materials": [
        {"name": "夫妻双方居民身份证", "form": "原件和复印件", "copies": 1, "required": True, "source": "申请人自备"},
        {"name": "一寸近期免冠合影照片", "form": "原件", "copies": 2, "required": False, "note": "夫妻合影"},
    ],
    "steps": [
        {"name": "申请", "actor": "申请人", "days": 0},
        {"name": "受理审核", "actor": "计生窗口", "days": 0},
        {"name": "发证", "actor": "计生窗口", "days": 0},
    ],
    "legal_days": 20,
    "promised_days": 0,
    "fees": [],
    "basis": [{"title": "《中华人民共和国人口与计划生育法》", "article": "第二十七条"}],
    "result": "独生子女父母光荣证",
    "visits": 1,
    "online": True,
    "proxy": False,
    "location": "镇便民服务中心一楼 3 号窗口",
    "hours": "周一至周五 8:30-12:00",
    "phone": "0000-1234567",
    "complaint_phone": "0000-7654321",
}


def render(guide):
    return render_guide_pdf(guide, permalink_url=URL, centre_name=CENTRE, printed_on=PRINTED_ON)


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_handout_contains_the_guide():
    pdf = render(GUIDE)
    assert pdf.startswith(b"%PDF-")
    text = "\n".join(pages_text(pdf))
    for expected in [
        "独生子女父母光荣证办理", "JS-101", "扫码查看最新办事指南", URL,
        "社会事务办", "人口与计划生育窗口", "20 个工作日",
        "夫妻双方居民身份证", "原件和复印件", "必需", "容缺", "夫妻合影",
        "受理审核", "承诺办结时限：即时办理",
        "《中华人民共和国人口与计划生育法》第二十七条",
        "镇便民服务中心一楼 3 号窗口", "0000-7654321",
    ]:
        assert expected in text, expected
    # Sections come in the order of the spec, except that where to go comes right after 基本信息.
    order = ["扫码查看最新办事指南", "基本信息", "办理地点", "概述", "受理条件", "申请材料", "办理流程",
             "收费标准", "设定依据", "办理结果"]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)


def test_yes_no_fields():
    text = "\n".join(pages_text(render(GUIDE)))
    assert re.search(r"可网上申报\s*是", text)
    assert re.search(r"可村级代办\s*否", text)


def test_no_fees_reads_bu_shou_fei():
    assert "不收费" in "\n".join(pages_text(render(GUIDE)))
    guide = {key: value for key, value in GUIDE.items() if key != "fees"}
    assert "不收费" in "\n".join(pages_text(render(guide)))


def test_fees_are_listed_with_amount():
    guide = dict(GUIDE, fees=[{"name": "工本费", "amount": "12.50", "basis": "省物价局批复"}])
    text = "\n".join(pages_text(render(guide)))
    assert "工本费" in text and "12.50" in text and "省物价局批复" in text
    assert "不收费" not in text


def test_footer_metadata_and_escaping():
    guide = dict(GUIDE, name="<b>光荣证</b> & 其他")
    pdf = render(guide)
    first = pages_text(pdf)[0]
    assert "<b>光荣证</b> & 其他" in first
    assert CENTRE in first
    assert "打印日期：2025年3月5日" in first
    assert "第 1 页" in first
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info.title == "<b>光荣证</b> & 其他办事指南"
    assert info.author == CENTRE


def test_fonts_are_embedded_subsets():
    reader = PdfReader(io.BytesIO(render(GUIDE)))
    base_fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            base_fonts.add(font["/BaseFont"])
            assert re.fullmatch(r"/[A-Z]{6}\+\S+", font["/BaseFont"]), font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"]
    assert any(name.endswith("+DroidSansFallback") for name in base_fonts)


def test_minimal_guide_skips_empty_sections():
    text = "\n".join(pages_text(render({"code": "X-1", "name": "测试事项"})))
    assert "测试事项" in text and "X-1" in text and "不收费" in text
    for heading in ["基本信息", "申请材料", "办理流程", "设定依据", "办理结果", "受理条件"]:
        assert heading not in text


def test_long_guide_runs_over_pages_with_correct_page_count():
    guide = copy.deepcopy(GUIDE)
    guide["materials"] = [
        {"name": f"第{n}号证明材料", "form": "原件和复印件", "copies": 1, "source": "村委会出具",
         "note": "需加盖公章，并由经办人签字确认" if n % 3 else ""}
        for n in range(1, 61)
    ]
    guide["steps"] = [{"name": f"审核环节{stem}", "actor": "窗口", "days": 1, "description": "核对材料"}
                      for stem in "甲乙丙丁戊己庚辛壬癸子丑寅卯辰"]
    del guide["promised_days"]  # the flowchart total is then the sum of the step days
    pages = pages_text(render(guide))
    total = len(pages)
    assert total >= 3
    for number, text in enumerate(pages, start=1):
        assert f"第 {number} 页 / 共 {total} 页" in text
    joined = "\n".join(pages)
    assert "第60号证明材料" in joined
    assert "审核环节辰" in joined
    # Drawing strings change font between CJK and digits, which text extraction splits by line.
    assert "承诺办结时限：15个工作日" in re.sub(r"\s", "", joined)
    # The materials table's header row is repeated on the pages it continues on.
    assert sum("材料名称" in text for text in pages) >= 2


# --- Page layout: contact first, numbered conditions, no near-empty pages ---------

MM = 72 / 25.4


def page_fill(pdf_bytes):
    """For each page, how far down the frame its lowest text reaches (0 = empty, 1 = full)."""
    fills = []
    for page in PdfReader(io.BytesIO(pdf_bytes)).pages:
        ys = []

        def visit(text, cm, tm, font_dict, font_size, ys=ys):
            if text.strip():
                ys.append(tm[5] * cm[3] + cm[5])

        page.extract_text(visitor_text=visit)
        height = float(page.mediabox.height)
        body = [y for y in ys if y > 20 * MM]  # above the footer
        fills.append((height - 16 * MM - min(body)) / (height - 36 * MM) if body else 0)
    return fills


def long_guide():
    guide = copy.deepcopy(GUIDE)
    guide["conditions"] = "\n".join(f"第{n}项条件：申请人及其家庭成员符合本地规定的相应情形，并如实申报。" for n in range(1, 7))
    guide["materials"] = [
        {"name": f"证明材料{n}", "form": "原件和复印件", "copies": 1, "required": n % 2 == 0, "source": "申请人自备",
         "note": "由村（居）委会出具并盖章，写明家庭人口、收入和财产情况"}
        for n in range(1, 15)
    ]  # fmt: skip
    guide["steps"] = [
        {"name": f"环节{n}", "actor": "窗口工作人员", "days": 2, "description": "核对材料，入户调查，张榜公示后报批"}
        for n in range(1, 8)
    ]
    guide["promised_days"], guide["legal_days"] = 14, 20
    return guide


def test_long_handout_has_no_near_empty_page_and_contact_on_page_one():
    pdf = render_guide_pdf(long_guide(), permalink_url=URL, centre_name=CENTRE, printed_on=PRINTED_ON)
    pages = PdfReader(io.BytesIO(pdf)).pages
    fills = page_fill(pdf)
    assert len(pages) >= 3, fills  # long enough for the rule to matter
    assert all(fill >= 1 / 3 for fill in fills[:-1]), fills
    first = re.sub(r"\s", "", pages[0].extract_text())
    assert "办理地点" in first and "咨询电话" in first  # where and whom to ask, before the details
    assert "1.第1项条件" in first or "1.第1项条件" in re.sub(r"\s", "", pages[1].extract_text())

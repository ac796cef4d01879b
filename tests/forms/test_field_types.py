"""The compound field types: repeating group (重复组), address (地址) and
signature (签名/承诺书) — definition checks, validation, the wizard without
JavaScript, review, case display, the paper form and import/export."""

import copy
import datetime
import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import Site

from cases.answers import answer_sections
from cases.models import Submission
from forms.definition import all_fields, check_definition, clean_value, compound_text
from forms.fields import StepForm
from forms.importing import import_definition
from forms.models import ApplicationFormPage, Draft
from forms.pdf import render_form_pdf
from guides.site_setup import ensure_structure
from network.models import Village
from network.places import township_name, townships_and_villages
from tests.support import CHILD_ID, COMPOUND_DEFINITION, FAMILY_ID

GROUP = COMPOUND_DEFINITION["steps"][1]["fields"][0]
ADDRESS = COMPOUND_DEFINITION["steps"][0]["fields"][2]
SIGNATURE = COMPOUND_DEFINITION["steps"][2]["fields"][0]
BAD_ID = FAMILY_ID[:-1] + ("0" if FAMILY_ID[-1] != "0" else "1")


def compound(**field_changes):
    """COMPOUND_DEFINITION with the fields of the given keys changed (None: removed)."""
    result = copy.deepcopy(COMPOUND_DEFINITION)
    for step in result["steps"]:
        for field in step["fields"]:
            field.update(field_changes.get(field["key"], {}))
    return result


def messages(definition):
    return [str(error) for error in check_definition(definition)]


# --- Definition checks ----------------------------------------------------------------


def test_the_compound_definition_is_valid_and_all_fields_lists_top_level_fields():
    assert check_definition(COMPOUND_DEFINITION) == []
    assert [field["key"] for _, field in all_fields(COMPOUND_DEFINITION)] == ["name", "phone", "home", "family", "signature"]


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"fields": []}, "重复组“家庭成员”至少要有一个子字段"),
        ({"fields": [{"key": "photo", "label": "照片", "type": "file"}]}, "重复组“家庭成员”的子字段“照片”：上传文件不能放在重复组里"),
        ({"fields": [{"key": "kids", "label": "子女", "type": "group", "fields": []}]}, "子字段“子女”：重复组里不能再放重复组"),
        ({"fields": [{"key": "where", "label": "住址", "type": "address"}]}, "地址（乡镇、村）不能放在重复组里"),
        ({"fields": [{"key": "n", "label": "姓名", "type": "text"}, {"key": "n", "label": "曾用名", "type": "text"}]},
         "子字段“曾用名”：子字段 key n 在本组中重复"),
        ({"fields": [{"key": "n", "label": "姓名", "type": "text", "show_if": {"field": "x", "equals": "1"}}]},
         "重复组的子字段不能设显示条件"),
        ({"fields": [{"key": "r", "label": "关系", "type": "select", "choices": []}]}, "子字段“关系”：单选/多选字段必须列出选项"),
        ({"min_rows": 4, "max_rows": 3}, "重复组“家庭成员”最少行数（min_rows）不能大于最多行数（max_rows）"),
        ({"max_rows": 0}, "最多行数（max_rows）至少为 1"),
        ({"min_rows": -1}, "min_rows 应当是不小于 0 的整数"),
        ({"sample": [{"name": "李建国", "relation": "配偶", "id_number": BAD_ID}]},
         "示例值（sample）不符合本字段要求：第 1 位家庭成员“身份证号”：公民身份号码校验位不正确"),
        ({"sample": [{"name": "甲", "relation": "配偶", "id_number": FAMILY_ID}] * 4}, "家庭成员最多填写 3 位家庭成员"),
    ],
)
def test_group_definition_problems_name_the_group(change, expected):
    found = messages(compound(family=change))
    assert any(expected in message for message in found), found
    assert all("第 2 步“家庭成员”的字段“家庭成员”" in message for message in found), found


def test_signature_needs_a_statement_and_a_valid_sample():
    assert messages(compound(signature={"statement": " "})) == [
        "第 3 步“承诺”的字段“申请人签名”：签名/承诺书“申请人签名”要写明承诺内容（statement），居民签名前会看到它"
    ]
    assert "签名应当是您的姓名，不能有数字" in messages(compound(signature={"sample": {"name": "王秀英1"}}))[0]


def test_address_sample_needs_township_and_village():
    assert "请选择村（社区）" in messages(compound(home={"sample": {"township": "示例镇", "village": ""}}))[0]


@pytest.mark.parametrize("target", ["family", "home", "signature"])
def test_a_condition_cannot_depend_on_a_compound_field(target):
    definition = copy.deepcopy(COMPOUND_DEFINITION)
    definition["steps"].append(
        {"key": "later", "title": "之后", "show_if": {"field": target, "equals": "x"},
         "fields": [{"key": "note", "label": "备注", "type": "text"}]}
    )  # fmt: skip
    label = next(field["label"] for _, field in all_fields(COMPOUND_DEFINITION) if field["key"] == target)
    assert any("条件不能依据" in message and f"“{label}”" in message for message in messages(definition))


# --- Validation ---------------------------------------------------------------------------


def test_group_rows_are_cleaned_and_blank_rows_dropped():
    rows = [
        {"name": " 李建国 ", "relation": "配偶", "id_number": FAMILY_ID.lower(), "income": "８００"},
        {"name": "", "relation": "", "id_number": ""},
        {"name": "李小明", "relation": "子女", "id_number": CHILD_ID, "income": ""},
    ]
    assert clean_value(GROUP, rows) == [
        {"name": "李建国", "relation": "配偶", "id_number": FAMILY_ID.upper(), "income": "800.00"},
        {"name": "李小明", "relation": "子女", "id_number": CHILD_ID},
    ]


def test_group_errors_name_the_row_and_sub_field():
    rows = [
        {"name": "李建国", "relation": "配偶", "id_number": FAMILY_ID},
        {"name": "", "relation": "子女", "id_number": BAD_ID},
    ]
    with pytest.raises(ValidationError) as caught:
        clean_value(GROUP, rows)
    errors = caught.value.error_list
    assert [e.message for e in errors] == [
        "第 2 位家庭成员：请填写姓名",
        "第 2 位家庭成员“身份证号”：公民身份号码校验位不正确，请核对是否输错",
    ]
    assert [(e.row, e.cell) for e in errors] == [(2, "name"), (2, "id_number")]


def test_group_row_limits():
    row = {"name": "甲", "relation": "配偶", "id_number": FAMILY_ID}
    with pytest.raises(ValidationError, match="家庭成员最多填写 3 位家庭成员"):
        clean_value(GROUP, [row] * 4)
    with pytest.raises(ValidationError, match="家庭成员至少要填写 2 行"):
        clean_value({**GROUP, "min_rows": 2, "row_label": ""}, [row])
    assert clean_value(GROUP, [row] * 3) == [row] * 3


def test_address_is_normalised_and_needs_township_and_village():
    assert clean_value(ADDRESS, {"township": "示例镇", "village": "青石村", "detail": " 三组　１８号 "}) == {
        "township": "示例镇", "village": "青石村", "detail": "三组 18号"}  # fmt: skip
    with pytest.raises(ValidationError, match="请选择乡镇"):
        clean_value(ADDRESS, {"township": "", "village": "青石村"})
    with pytest.raises(ValidationError, match="请选择村"):
        clean_value(ADDRESS, {"township": "示例镇", "village": " "})
    with pytest.raises(ValidationError, match="详细地址最多 100 个字"):
        clean_value(ADDRESS, {"township": "示例镇", "village": "青石村", "detail": "组" * 101})


def test_signature_needs_a_name_and_is_dated_today():
    today = datetime.date.today().isoformat()
    assert clean_value(SIGNATURE, {"name": "  王　秀英 "}) == {"name": "王 秀英", "date": today}
    assert clean_value(SIGNATURE, {"name": "王秀英", "date": "2026年3月1日"}) == {"name": "王秀英", "date": "2026-03-01"}
    for empty in ("", "   ", "　"):
        with pytest.raises(ValidationError, match="请输入您的姓名作为签名"):
            clean_value(SIGNATURE, {"name": empty})
    with pytest.raises(ValidationError, match="不能有数字"):
        clean_value(SIGNATURE, {"name": "王秀英 420111"})


def test_signature_must_match_the_applicant_name_role():
    """Where a field carries role applicant_name, the signature must be that name."""
    definition = compound(name={"role": "applicant_name"})
    step = definition["steps"][2]
    data = {"pledge-signature": "李四"}
    form = StepForm(data, definition=definition, step=step, answers={"name": "王秀英"}, prefix="pledge")
    assert not form.is_valid() and form.errors["signature"] == ["签名应与申请人姓名“王秀英”一致"]
    form = StepForm({"pledge-signature": "王 秀英"}, definition=definition, step=step, answers={"name": "王秀英"}, prefix="pledge")
    assert form.is_valid(), form.errors
    # Without the role nothing is compared.
    form = StepForm(data, definition=compound(name={"role": ""}), step=step, answers={"name": "王秀英"}, prefix="pledge")
    assert form.is_valid(), form.errors


def test_compound_text():
    assert compound_text(ADDRESS, {"township": "示例镇", "village": "青石村", "detail": "三组18号"}) == "示例镇 青石村 三组18号"
    assert compound_text(SIGNATURE, {"name": "王秀英", "date": "2026-12-01"}) == "王秀英（2026年12月1日签名）"
    assert compound_text(GROUP, [{"name": "李建国", "relation": "配偶"}, {"name": "李小明"}]) == (
        "第 1 位家庭成员：姓名 李建国，与申请人关系 配偶\n第 2 位家庭成员：姓名 李小明"
    )


# --- The wizard -------------------------------------------------------------------------


@pytest.fixture
def places(db):
    """The default Site's township with 青石村 and 柳湾村, and 东山镇 with its own 新村."""
    ensure_structure()
    county = Site.objects.get(is_default_site=True)
    dongshan = Site.objects.create(hostname="dongshan.localhost", port=80, root_page=county.root_page, site_name="东山镇便民服务中心")
    Village.objects.create(township=county, name="青石村", slug="qingshi", sort_order=1)
    Village.objects.create(township=county, name="柳湾村", slug="liuwan", sort_order=2)
    Village.objects.create(township=dongshan, name="新村", slug="xincun")
    return township_name(county)


@pytest.fixture
def page(db):
    import_definition(copy.deepcopy(COMPOUND_DEFINITION))
    return ApplicationFormPage.objects.get(slug="family-application")


class Resident:
    def __init__(self, page):
        self.page = page
        self.client = Client()
        self.prefix = f"application_{page.pk}"

    def url(self, step):
        return f"{self.page.url}step/{step}/"

    def post(self, step, fields, **extra):
        data = {f"{self.prefix}-current_step": step, **{f"{step}-{k}": v for k, v in fields.items()}, **extra}
        return self.client.post(self.url(step), data)

    def html(self, step):
        return self.client.get(self.url(step)).content.decode()


def home(township, village="青石村", detail="三组18号"):
    return {"name": "王秀英", "home-township": township, "home-village": village, "home-detail": detail}


def test_townships_and_villages(places):
    assert townships_and_villages() == [(places, ["青石村", "柳湾村"]), ("东山镇", ["新村"])]


def test_address_step_without_javascript(places, page):
    resident = Resident(page)
    html = resident.html("applicant")
    assert f'<optgroup label="{places}"><option value="青石村">青石村</option>' in html
    assert '<optgroup label="东山镇"><option value="新村">新村</option></optgroup>' in html
    response = resident.post("applicant", home("东山镇", "青石村"))
    assert response.status_code == 200
    assert "“青石村”不是东山镇的村（社区），请重新选择" in response.content.decode()
    assert "请从列表中选择乡镇" in resident.post("applicant", home("南山镇")).content.decode()
    assert "请选择现居住地址" in resident.post("applicant", home("", "", "")).content.decode()
    response = resident.post("applicant", home(places))
    assert response.status_code == 302 and response["Location"].endswith("/step/members/")
    # Going back shows the choice again, the village selected in its own township only.
    html = resident.html("applicant")
    assert '<option value="青石村" selected>' in html and 'value="三组18号"' in html


def members(*rows, **extra):
    data = {}
    for index, row in enumerate(rows):
        data[f"family-{index}"] = "1"
        data.update({f"family-{index}-{key}": value for key, value in row.items()})
    return data | extra


LI = {"name": "李建国", "relation": "配偶", "id_number": FAMILY_ID, "income": "800"}


def test_adding_and_removing_rows_without_javascript_keeps_what_was_typed(places, page):
    resident = Resident(page)
    resident.post("applicant", home(places))
    html = resident.html("members")
    assert html.count('class="group-row"') == 1 and "再添加一行" in html and "删除此行" not in html
    assert 'name="members-family-0-name"' in html and "（至少 1 位家庭成员，最多 3 位家庭成员）" in html

    response = resident.post("members", members(LI), wizard_add_row="family")
    html = response.content.decode()
    assert response.status_code == 200 and html.count('class="group-row"') == 2
    assert 'name="members-family-0-name" value="李建国"' in html and '<option value="配偶" selected>' in html
    assert 'name="members-family-1-name"' in html and 'id="id_members-family-1-name" autofocus' in html
    assert "field__errors" not in html and "error-summary" not in html  # not checked until submitted
    saved = Draft.objects.get().data["step_data"]["members"]
    assert saved["members-family-0-name"] == ["李建国"] and saved["members-family-1"] == ["1"]

    # A third row, then remove the first: the rows move up and keep their values.
    second = {"name": "李小明", "relation": "子女", "id_number": CHILD_ID, "income": ""}
    html = resident.post("members", members(LI, second), wizard_add_row="family").content.decode()
    assert html.count('class="group-row"') == 3 and "再添加一行" not in html  # max_rows 3
    html = resident.post("members", members(LI, second, {}), wizard_add_row="family").content.decode()
    assert html.count('class="group-row"') == 3
    html = resident.post("members", members(LI, second, {}), wizard_remove_row="family:0").content.decode()
    assert html.count('class="group-row"') == 2
    assert 'name="members-family-0-name" value="李小明"' in html and "李建国" not in html
    saved = Draft.objects.get().data["step_data"]["members"]
    assert saved["members-family-0-name"] == ["李小明"] and "members-family-2" not in saved
    assert saved["members-family-1"] == ["1"] and "members-family-1-name" not in saved


def test_row_errors_are_shown_beside_the_cell_with_the_row_number(places, page):
    resident = Resident(page)
    resident.post("applicant", home(places))
    response = resident.post("members", members(LI, {"name": "", "relation": "子女", "id_number": BAD_ID}))
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="id_members-family-1-name_errors"><li>第 2 位家庭成员：请填写姓名</li>', html)
    assert re.search(r'id="id_members-family-1-id_number_errors"><li>第 2 位家庭成员“身份证号”：公民身份号码校验位不正确', html)
    assert '<a href="#id_members-family-1-id_number">第 2 位家庭成员“身份证号”' in html  # the error summary
    assert 'aria-invalid="true" aria-describedby="id_members-family-1-name_errors"' in html
    assert "id_members-family-0-name_errors" not in html


def test_walk_through_review_to_the_case(places, page):
    resident = Resident(page)
    resident.post("applicant", home(places))
    second = {"name": "李小明", "relation": "子女", "id_number": CHILD_ID}
    assert resident.post("members", members(LI, {"name": ""}, second))["Location"].endswith("/step/pledge/")
    html = resident.html("pledge")
    assert "本人承诺所填信息真实、完整，如有虚假愿承担法律责任。" in html and "请输入您的姓名作为签名" in html
    assert "请输入您的姓名作为签名</li>" in resident.post("pledge", {"signature": "  "}).content.decode()
    assert resident.post("pledge", {"signature": "王秀英"})["Location"].endswith("/step/review/")

    review = resident.html("review")
    assert f"{places} 青石村 三组18号" in review
    today = datetime.date.today()
    assert f"王秀英（{today.year}年{today.month}月{today.day}日签名）" in review
    table = re.search(r'<table class="answer-table">.*?</table>', review, re.S).group(0)
    assert [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<th[^>]*>.*?</th>", table)] == [
        "序号", "姓名", "与申请人关系", "身份证号", "月收入（元）"]  # fmt: skip
    assert "<td>李建国</td><td>配偶</td>" in table and "<td>2</td><td>李小明</td>" in table

    resident.post("review", {})
    submission = Submission.objects.get()
    assert submission.answers == {
        "name": "王秀英",
        "home": {"township": places, "village": "青石村", "detail": "三组18号"},
        "family": [
            {"name": "李建国", "relation": "配偶", "id_number": FAMILY_ID, "income": "800.00"},
            {"name": "李小明", "relation": "子女", "id_number": CHILD_ID},
        ],
        "signature": {"name": "王秀英", "date": today.isoformat()},
    }
    sections = dict(answer_sections(submission, show_personal=True))
    group_row = sections["家庭成员"][0]
    assert group_row.table == (["姓名", "与申请人关系", "身份证号", "月收入（元）"],
                               [["李建国", "配偶", FAMILY_ID, "800.00"], ["李小明", "子女", CHILD_ID, ""]])  # fmt: skip
    assert sections["申请人"][1].text == f"{places} 青石村 三组18号"
    masked = dict(answer_sections(submission, show_personal=False))["家庭成员"][0].table[1]
    assert masked[0][2] == FAMILY_ID[:4] + "*" * 10 + FAMILY_ID[-4:] and masked[0][0:2] == ["李***", "配偶"]


def test_a_village_renamed_after_the_draft_is_caught_on_submission(places, page):
    resident = Resident(page)
    resident.post("applicant", home(places))
    resident.post("members", members(LI))
    resident.post("pledge", {"signature": "王秀英"})
    Village.objects.filter(name="青石村").update(name="青石社区")
    response = resident.post("review", {})
    assert not Submission.objects.exists() and response["Location"].endswith("/step/applicant/")


# --- Paper form ---------------------------------------------------------------------------


def pdf_text(definition, sample):
    pdf = render_form_pdf(definition, centre_name="示例镇便民服务中心", printed_on=datetime.date(2026, 11, 23), sample=sample)
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_blank_form_prints_an_empty_table_the_address_and_signature_lines():
    text = pdf_text(COMPOUND_DEFINITION, sample=False)
    assert re.search(r"序号\s*\*\s*姓名\s*\*\s*与申请人关系\s*\*\s*身份证号\s*月收入（元）", text)
    assert re.search(r"1\s*2\s*3\s", text) and "李建国" not in text
    assert "乡镇：" in text and "村（社区）：" in text and "组、门牌号：" in text
    assert "本人承诺所填信息真实、完整，如有虚假愿承担法律责任。" in text and "签名：" in text
    assert "申请人（签字/按手印）" not in text  # the form's own signature replaces the general line


def test_sample_form_prints_the_sample_rows_address_and_name():
    text = pdf_text(COMPOUND_DEFINITION, sample=True)
    assert "李建国" in text and "配偶" in text and FAMILY_ID in text and "800.00" in text and CHILD_ID in text
    assert "示例镇" in text and "青石村" in text and "三组18号" in text
    assert text.count("王秀英") == 2 and "2026" in text  # the name field and the signature, dated the printing day


def test_blank_rows_follow_min_and_max_rows():
    from forms.pdf import _group_rows

    assert _group_rows({"min_rows": None, "max_rows": None}) == 3
    assert _group_rows({"min_rows": 5, "max_rows": 10}) == 5
    assert _group_rows({"min_rows": 1, "max_rows": 2}) == 2


def test_a_long_group_table_runs_on_over_pages_with_its_header_repeated():
    definition = compound(family={"min_rows": 40, "max_rows": 50})
    pdf = render_form_pdf(definition, centre_name="示例镇便民服务中心", printed_on=datetime.date(2026, 11, 23))
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    with_header = [text for text in pages if re.search(r"序号\s*\*\s*姓名", text)]
    assert len(with_header) >= 2 and re.search(r"\b40\b", "".join(pages)) and not re.search(r"\b41\b", "".join(pages))


def test_demo_dibao_form_has_the_family_group_and_a_signature():
    from django.conf import settings

    dibao = json.loads((settings.BASE_DIR / "fixtures" / "forms" / "dibao-application.json").read_text(encoding="utf-8"))
    assert check_definition(dibao) == []
    fields = {field["key"]: field for _, field in all_fields(dibao)}
    assert fields["family"]["type"] == "group" and fields["signature"]["type"] == "signature"
    assert "other_members" not in fields and "spouse_name" not in fields
    text = pdf_text(dibao, sample=True)
    assert "李小明" in text and "与申请人关系" in text and "签名：" in text


# --- Import and export --------------------------------------------------------------------


def test_export_import_round_trip(db, tmp_path, capsys):
    path = tmp_path / "form.json"
    path.write_text(json.dumps(COMPOUND_DEFINITION, ensure_ascii=False), encoding="utf-8")
    call_command("import_form", str(path))
    capsys.readouterr()
    call_command("export_form", "family-application")
    exported = json.loads(capsys.readouterr().out)
    for got, want in zip(exported["steps"], COMPOUND_DEFINITION["steps"], strict=True):
        for got_field, want_field in zip(got["fields"], want["fields"], strict=True):
            for option, value in want_field.items():
                if option == "fields":
                    for got_sub, want_sub in zip(got_field["fields"], value, strict=True):
                        assert {k: got_sub[k] for k in want_sub} == want_sub
                else:
                    assert got_field[option] == value, (want_field["key"], option)
    page = ApplicationFormPage.objects.get(slug="family-application")
    revisions = page.revisions.count()
    path.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    call_command("import_form", str(path))
    assert page.revisions.count() == revisions  # unchanged
    assert import_definition(compound(family={"max_rows": 5}))[0] == "updated"


def test_the_admin_editor_offers_the_new_blocks(page, admin_client):
    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    for text in ("重复组（多行表格）", "地址（乡镇、村）", "签名/承诺书", "每行的子字段", "承诺内容", "样表示例行"):
        assert text in html or json.dumps(text)[1:-1] in html, text  # block definitions travel as JSON


def test_case_page_and_application_pdf_show_the_rows(desk):
    answers = {
        "name": "王秀英",
        "home": {"township": "示例镇", "village": "青石村", "detail": "三组18号"},
        "family": [{"name": "李建国", "relation": "配偶", "id_number": FAMILY_ID, "income": "800.00"}],
        "signature": {"name": "王秀英", "date": "2026-12-01"},
    }
    case = desk.case(state="accepted", answers=answers, definition=copy.deepcopy(COMPOUND_DEFINITION))
    url = f"/admin/casedesk/cases/inspect/{case.pk}/"
    manager = desk.client("manager").get(url).content.decode()
    table = re.search(r'<table class="answer-table">.*?</table>', manager, re.S).group(0)
    assert "<td>李建国</td><td>配偶</td><td>" + FAMILY_ID + "</td><td>800.00</td>" in table
    assert "示例镇 青石村 三组18号" in manager and "王秀英（2026年12月1日签名）" in manager
    staff = desk.client("民政窗口").get(url).content.decode()  # without the personal-data permission
    assert FAMILY_ID not in staff and f"<td>李***</td><td>配偶</td><td>{FAMILY_ID[:4]}" in staff
    pdf = desk.client("manager").get(reverse("casedesk_document", args=[case.pk, "application"]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "第 1 位家庭成员：姓名 李建国，与申请人关系 配偶" in text and "示例镇 青石村 三组18号" in text


def test_an_empty_group_is_required_or_skipped_and_min_rows_counts_once_filled():
    from forms.fields import make_field

    field = make_field({**GROUP, "min_rows": 2})
    with pytest.raises(ValidationError, match="请填写家庭成员"):
        field.clean([{"name": "", "relation": ""}])
    optional = make_field({**GROUP, "required": False, "min_rows": 2})
    assert optional.clean([{}, {"name": " "}]) is None
    with pytest.raises(ValidationError, match="家庭成员至少要填写 2 位家庭成员"):
        optional.clean([{"name": "李建国", "relation": "配偶", "id_number": FAMILY_ID}])


def test_only_the_group_and_address_inputs_reach_the_draft(places, page):
    resident = Resident(page)
    fields = {**home(places), "home-evil": "x"}
    resident.post("applicant", fields)
    resident.post("members", members(LI, {"name": "李小明", "nickname": "小明"}) | {"family-7-name": "王五", "family-x-name": "?"},
                  wizard_add_row="family")  # fmt: skip
    saved = Draft.objects.get().data["step_data"]
    assert set(saved["applicant"]) == {"applicant-name", "applicant-phone", "applicant-home-township", "applicant-home-village", "applicant-home-detail"}
    # Rows in their posted order, numbered from 0, unknown inputs dropped; no fourth row (max_rows 3).
    assert saved["members"]["members-family-2-name"] == ["王五"] and "members-family-3" not in saved["members"]
    assert not any("nickname" in key or "family-x" in key or "family-7" in key for key in saved["members"])

"""申请明细: a form's answers as CSV and XLSX, one column per field, repeating
groups flattened, masked without 查看个人信息, for the form's window and managers only."""

import copy
import csv
import io

import pytest
from openpyxl import load_workbook

from casedesk.answer_exports import answer_table
from cases.submissions import create_submission
from tests.support import ANSWERS, APPLICANT_ID, DEFINITION, make_id

pytestmark = pytest.mark.django_db

MEMBER_ID = make_id("420111", "19950101", "013")
# DEFINITION with a step holding a repeating group (contract 2: "type": "group").
GROUP_DEFINITION = copy.deepcopy(DEFINITION)
GROUP_DEFINITION["steps"].append(
    {
        "key": "family",
        "title": "家庭成员",
        "fields": [
            {"key": "family_note", "label": "说明", "type": "heading"},
            {
                "key": "members_list", "label": "家庭成员", "type": "group", "min_rows": 0, "max_rows": 6,
                "fields": [
                    {"key": "name", "label": "姓名", "type": "text", "role": "personal"},
                    {"key": "relation", "label": "关系", "type": "select", "choices": ["配偶", "子女"]},
                    {"key": "id", "label": "公民身份号码", "type": "id_card", "role": "id_number"},
                    {"key": "note", "label": "备注", "type": "text"},
                ],
            },
        ],
    }
)  # fmt: skip


def url(page, fmt):
    return f"/admin/casedesk/forms/{page.pk}/answers.{fmt}"


def csv_rows(response):
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark, for Excel
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def group_cases(desk):
    page = desk.pages["MZ-001"]
    two = create_submission(page=page, definition=GROUP_DEFINITION, uploads={}, answers={
        **ANSWERS,
        "members_list": [
            {"name": "李大明", "relation": "配偶", "id": MEMBER_ID, "note": "=HYPERLINK(\"http://x\")"},
            {"name": "李小红", "relation": "子女", "id": "", "note": "-3"},
        ],
    })  # fmt: skip
    one = create_submission(page=page, definition=GROUP_DEFINITION, uploads={}, answers={
        **ANSWERS, "hukou": "农业户口", "mu": "3.50", "members_list": [{"name": "赵六", "relation": "配偶"}],
    })  # fmt: skip
    desk.case("农业综合服务窗口", item="NY-001")  # another form's case: not in this export
    return page, two, one


def test_csv_in_full_for_a_manager(desk, group_cases):
    page, two, one = group_cases
    response = desk.client("manager").get(url(page, "csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert ".csv" in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[:3] == ["受理编号", "提交时间", "状态"]
    assert header[3:12] == ["姓名", "公民身份号码", "手机号码", "电子邮箱", "户籍类型", "申请方式", "代理人姓名", "承包地面积（亩）", "种植作物"]
    assert "上传说明" not in header and "说明" not in header  # headings have no answer
    assert header[-8:] == [
        "家庭成员1-姓名", "家庭成员1-关系", "家庭成员1-公民身份号码", "家庭成员1-备注",
        "家庭成员2-姓名", "家庭成员2-关系", "家庭成员2-公民身份号码", "家庭成员2-备注",
    ]  # fmt: skip
    assert [row[0] for row in rows] == [one.reference, two.reference]  # newest first; NY's case is not here
    first = dict(zip(header, rows[1], strict=True))
    assert first["姓名"] == "王秀英" and first["公民身份号码"] == APPLICANT_ID and first["状态"] == "待受理"
    assert first["代理人姓名"] == "" and first["承包地面积（亩）"] == ""  # not shown to this applicant
    assert first["本人承诺以上信息真实"] == "已勾选" and first["家庭人口"] == "3"
    assert first["家庭成员1-姓名"] == "李大明" and first["家庭成员1-公民身份号码"] == MEMBER_ID
    assert first["家庭成员1-备注"] == "'=HYPERLINK(\"http://x\")" and first["家庭成员2-备注"] == "'-3"  # formula guard
    second = dict(zip(header, rows[0], strict=True))
    assert second["承包地面积（亩）"] == "3.50" and second["家庭成员1-姓名"] == "赵六" and second["家庭成员2-姓名"] == ""


def test_xlsx_is_masked_for_staff_without_the_permission(desk, group_cases):
    page, two, _ = group_cases
    response = desk.client("民政窗口").get(url(page, "xlsx"))
    assert response.status_code == 200 and ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    row = dict(zip(header, rows[1], strict=True))
    assert row["受理编号"] == two.reference
    assert row["姓名"] == "王*英" and row["手机号码"] == "138****8000"
    assert row["公民身份号码"] == f"{APPLICANT_ID[:4]}**********{APPLICANT_ID[-4:]}"
    assert row["家庭成员1-姓名"] == "李***" and row["家庭成员1-公民身份号码"] == f"{MEMBER_ID[:4]}**********{MEMBER_ID[-4:]}"
    assert row["家庭成员1-关系"] == "配偶" and row["家庭人口"] == 3  # not personal: as given, a number
    cells = {cell.value: cell for cell in sheet[3]}
    assert cells['=HYPERLINK("http://x")'].data_type == "s"  # text, never a formula
    text = str(rows)
    assert "王秀英" not in text and APPLICANT_ID not in text and "李大明" not in text and MEMBER_ID not in text


@pytest.mark.parametrize("who", ["农业综合服务窗口", "no_window", "agent"])
def test_other_users_are_refused(desk, group_cases, who):
    page, _, _ = group_cases
    for fmt in ("csv", "xlsx"):
        assert desk.client(who).get(url(page, fmt)).status_code in (403, 302)
    assert desk.client("农业综合服务窗口").get(url(page, "csv")).status_code == 403


def test_reachable_from_the_case_page_and_the_page_menus(desk, group_cases):
    page, two, _ = group_cases
    case_page = desk.client("民政窗口").get(f"/admin/casedesk/cases/inspect/{two.pk}/").content.decode()
    assert url(page, "xlsx") in case_page and url(page, "csv") in case_page
    other = desk.case("农业综合服务窗口", item="NY-001")
    ny_page = desk.client("农业综合服务窗口").get(f"/admin/casedesk/cases/inspect/{other.pk}/").content.decode()
    assert url(desk.pages["NY-001"], "xlsx") in ny_page and url(page, "xlsx") not in ny_page
    edit = desk.client("manager").get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "导出申请明细（Excel）" in edit and url(page, "xlsx") in edit


def test_columns_merge_older_definitions_and_group_rows_grow_to_the_most():
    class Case:
        def __init__(self, definition, answers):
            self.reference, self.created_at, self.definition, self.answers = "R", None, definition, answers

        def get_status_display(self):
            return "待受理"

    old = {"steps": [{"key": "a", "title": "甲", "fields": [{"key": "gone", "label": "旧字段", "type": "text"}]}]}
    new = {"steps": [{"key": "a", "title": "甲", "fields": [
        {"key": "x", "label": "名称", "type": "text"},
        {"key": "g", "label": "成员", "type": "group", "fields": [{"key": "n", "label": "名称", "type": "text"}]},
    ]}]}  # fmt: skip
    headers, rows = answer_table(
        [new], [Case(new, {"x": "甲", "g": [{"n": "1"}, {"n": "2"}, {"n": "3"}]}), Case(old, {"gone": "旧"})], show_personal=True
    )
    assert headers == ["受理编号", "提交时间", "状态", "名称", "成员1-名称", "成员2-名称", "成员3-名称", "旧字段"]
    assert rows[0][3:] == ["甲", "1", "2", "3", ""] and rows[1][3:] == ["", "", "", "", "旧"]

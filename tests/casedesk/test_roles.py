"""Personal-data roles at the case desk: the applicant column and masking follow
the roles of the case's definition, and the one rule of who sees data in full
(cases.permissions.shows_personal_data): the window's staff who decide the case
and hold 查看申请人完整个人信息, on the case page and the printed form only."""

import copy
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from pypdf import PdfReader

from cases.permissions import shows_personal_data
from cases.submissions import create_submission
from tests.support import ANSWERS, APPLICANT_ID, DEFINITION

pytestmark = pytest.mark.django_db
LIST = "/admin/casedesk/cases/"
MASKED_ID = f"{APPLICANT_ID[:4]}**********{APPLICANT_ID[-4:]}"
MEMBERS = "王大山（父亲，1950年生）、李桂兰（母亲）"
MACHINE = "久保田 PRO688Q"


def role_definition():
    """DEFINITION plus a personal free text and a machine model (a label ending in 号, no role)."""
    definition = copy.deepcopy(DEFINITION)
    definition["steps"][2]["fields"] += [
        {"key": "family", "label": "家庭成员", "type": "textarea", "role": "personal", "required": False},
        {"key": "machine", "label": "机具名称和型号", "type": "text", "required": False},
    ]
    return definition


@pytest.fixture
def case(desk):
    page = desk.pages["MZ-001"]
    answers = {**ANSWERS, "family": MEMBERS, "machine": MACHINE}
    return create_submission(page=page, definition=role_definition(), answers=answers, uploads={})


@pytest.fixture
def deciding_clerk(desk):
    """The 民政窗口 staff user, given 查看申请人完整个人信息."""
    clerk = desk.users["民政窗口"]
    clerk.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
    return get_user_model().objects.get(pk=clerk.pk)  # without the cached permissions


def pdf_text(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response) if response.streaming else response.content))
    return "".join(page.extract_text() for page in reader.pages).replace("\n", "").replace(" ", "")


def test_the_deciding_clerk_sees_everything_on_the_case_page_and_the_printed_form(desk, case, deciding_clerk):
    client = desk.client("民政窗口")
    html = client.get(f"{LIST}inspect/{case.pk}/").content.decode()
    assert "王秀英" in html and APPLICANT_ID in html and "13800138000" in html and MEMBERS in html
    assert "个人信息已脱敏显示" not in html
    printed = pdf_text(client.get(reverse("casedesk_document", args=[case.pk, "application"])))
    assert "王秀英" in printed and APPLICANT_ID in printed and "王大山" in printed


def test_staff_without_the_permission_see_role_fields_masked_and_the_rest_in_full(desk, case):
    client = desk.client("民政窗口")
    html = client.get(f"{LIST}inspect/{case.pk}/").content.decode()
    assert "王*英" in html and MASKED_ID in html and "138****8000" in html and "王***" in html
    assert "王秀英" not in html and APPLICANT_ID not in html and "13800138000" not in html and "王大山" not in html
    assert MACHINE in html and "非农业户口" in html  # no role: shown as given
    printed = pdf_text(client.get(reverse("casedesk_document", args=[case.pk, "application"])))
    assert "王*英" in printed and "王秀英" not in printed and "王大山" not in printed and "PRO688Q" in printed


def test_the_list_and_exports_are_masked_for_the_deciding_clerk_too(desk, case, deciding_clerk):
    client = desk.client("民政窗口")
    listing = client.get(LIST).content.decode()
    assert "王*英" in listing and MASKED_ID in listing and "138****8000" in listing
    exported = b"".join(client.get(LIST + "?export=csv").streaming_content).decode("utf-8-sig")
    for shown in (listing, exported):
        assert "王秀英" not in shown and APPLICANT_ID not in shown and "13800138000" not in shown


def test_the_rule_needs_both_the_permission_and_the_window(desk, case):
    personal_data = Permission.objects.get(codename="view_personal_data")
    clerk, other = desk.users["民政窗口"], desk.users["农业综合服务窗口"]
    assert not shows_personal_data(clerk, case)  # the window, not the permission
    assert shows_personal_data(desk.users["manager"], case)  # managers work every window
    for user in (clerk, other):
        user.user_permissions.add(personal_data)
    clerk, other = (get_user_model().objects.get(pk=user.pk) for user in (clerk, other))
    assert shows_personal_data(clerk, case)
    assert other.has_perm("cases.view_personal_data") and not shows_personal_data(other, case)  # another window


def test_the_applicant_column_comes_from_the_applicant_name_role(desk):
    """Not from the key `name` nor from a label with 姓名: from the field marked 申请人姓名."""
    definition = copy.deepcopy(DEFINITION)
    fields = definition["steps"][0]["fields"]
    fields[0]["role"] = "personal"  # 姓名 of someone else
    fields.append({"key": "shenqingren", "label": "申请人", "type": "text", "role": "applicant_name", "required": True})
    answers = {**ANSWERS, "shenqingren": "欧阳秀娜"}
    case = create_submission(page=desk.pages["MZ-001"], definition=definition, answers=answers, uploads={})
    assert case.applicant_name == "欧阳秀娜"
    listing = desk.client("manager").get(LIST).content.decode()
    assert "欧**娜" in listing and "王*英" not in listing and "欧阳秀娜" not in listing

"""The case documents as PDF: what each says, the QR code's address, masking, and when each exists."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cases.documents import available_documents, case_document
from cases.models import Submission
from tests.support import APPLICANT_ID

pytestmark = pytest.mark.django_db
S = Submission.Status


def text_of(pdf):
    """The text of every page, with the lines rejoined (a wrapped line breaks words)."""
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")


def fonts_of(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return {str(font["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()}


def test_acceptance_notice(desk):
    case = desk.case(state="accepted")
    name, pdf = case_document(case, "acceptance", show_personal=True)
    assert name == f"受理通知书-{case.reference}.pdf"
    text = text_of(pdf)
    for words in ("受理通知书", case.reference, "王秀英：", "最低生活保障申请", "决定予以受理", "20 个工作日",
                  case.due_date.strftime("%Y年") + f"{case.due_date.month}月{case.due_date.day}日", "民政窗口",
                  "http://testserver/apply/status/", "（盖章）"):  # fmt: skip
        assert words in text, words
    assert all("DroidSansFallback" in font or "Vera" in font for font in fonts_of(pdf))  # embedded, no Helvetica


def test_rejection_notice_gives_the_reason_and_the_remedy(desk):
    case = desk.case(state="rejected", rejection_reason="申请人户籍不在本镇，请到户籍所在地申请。")
    text = text_of(case_document(case, "rejection", show_personal=True)[1])
    assert "不予受理通知书" in text and "申请人户籍不在本镇，请到户籍所在地申请。" in text
    assert "行政复议" in text and "行政诉讼" in text


def test_correction_notice_lists_every_missing_material(desk):
    case = desk.case(state="correction_after", missing=["户口簿", "家庭收入证明", "村委会出具的困难证明"])
    text = text_of(case_document(case, "correction", show_personal=True)[1])
    assert "补正告知书" in text and "一次性告知" in text
    assert all(item in text for item in ("户口簿", "家庭收入证明", "村委会出具的困难证明"))
    assert "暂停计算" in text  # 补正 after 受理 stops the clock


def test_filled_application_is_masked_without_the_permission(desk):
    case = desk.case()
    masked = text_of(case_document(case, "application", show_personal=False)[1])
    assert "测试申请表" in masked and case.reference in masked and "申请人信息" in masked
    assert "王*英" in masked and "王秀英" not in masked
    assert APPLICANT_ID not in masked and f"{APPLICANT_ID[:4]}**********{APPLICANT_ID[-4:]}" in masked
    assert "13800138000" not in masked and "138****8000" in masked
    assert "非农业户口" in masked and "本人承诺以上信息真实" in masked  # answers that are not personal data
    full = text_of(case_document(case, "application", show_personal=True)[1])
    assert "王秀英" in full and APPLICANT_ID in full and "13800138000" in full


def test_documents_exist_only_at_their_stage(desk, move):
    case = desk.case()
    assert [kind for kind, _ in available_documents(case)] == ["application"]
    with pytest.raises(LookupError):
        case_document(case, "acceptance", show_personal=True)
    move(case, S.CORRECTION, S.PENDING, S.ACCEPTED)
    assert [kind for kind, _ in available_documents(case)] == ["acceptance", "correction", "application"]
    assert reverse("casedesk_document", args=[case.pk, "rejection"])
    response = desk.client("民政窗口").get(reverse("casedesk_document", args=[case.pk, "rejection"]))
    assert response.status_code == 404


def test_document_view_masks_for_staff_and_not_for_managers(desk):
    case = desk.case(state="accepted")
    url = reverse("casedesk_document", args=[case.pk, "acceptance"])
    response = desk.client("民政窗口").get(url)
    assert response["Content-Type"] == "application/pdf" and "inline" in response["Content-Disposition"]
    assert "王*英：" in text_of(response.content)
    assert "王秀英：" in text_of(desk.client("manager").get(url).content)

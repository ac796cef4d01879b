"""The public status page: looking a case up (reference and last four digits, throttled); after 受理 history without staff names, 补正 uploads,
the notices, and 好差评 once after 办结 — all only for the session that looked the case up."""

import copy
import io
import re
import time

import pytest
from django.core.files.storage import storages
from django.test import Client
from pypdf import PdfReader

from cases.models import Rating, Submission, SubmissionFile
from cases.submissions import create_submission
from cases.views import STATUS_GRANTS
from tests.support import ANSWERS, APPLICANT_ID, DEFINITION

pytestmark = pytest.mark.django_db
S = Submission.Status
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def look_up(case, last4=APPLICANT_ID[-4:], client=None):
    client = client or Client()
    response = client.post("/apply/status/", {"reference": case.reference, "last4": last4})
    return client, response


def upload(name, content=PNG):
    file = io.BytesIO(content)
    file.name = name
    return file


def test_history_shows_notes_but_no_staff_names(desk):
    case = desk.case(state="correction_after", missing=["户口簿"])
    _, response = look_up(case)
    html = response.content.decode()
    assert "已受理，承诺办结时限：20 个工作日（受理后计算，预计" in html and "需补正材料：户口簿" in html
    staff = desk.staff_of(case)
    assert staff.first_name not in html and staff.username not in html
    assert "王秀英" not in html and APPLICANT_ID not in html


def test_wrong_pair_still_gets_no_detail_and_no_grant(desk):
    case = desk.case(state="accepted")
    client, response = look_up(case, last4="0000")
    assert "没有查到" in response.content.decode() and "已受理" not in response.content.decode()
    assert client.get(f"/apply/status/{case.reference}/").status_code == 302
    assert client.post(f"/apply/status/{case.reference}/rating/", {"score": 5}).status_code == 403


def test_correction_upload(desk):
    case = desk.case(state="correction_after", missing=["户口簿", "收入证明"])
    client, response = look_up(case)
    html = response.content.decode()
    assert "需要补正的材料" in html and 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html
    url = f"/apply/status/{case.reference}/correction/"

    # Nothing chosen, or a file that is not what its name says: refused, nothing stored.
    assert client.post(url, {}).status_code == 400
    response = client.post(url, {"file0": upload("户口簿.png", b"not a png at all")})
    assert response.status_code == 400 and "文件内容与扩展名" in response.content.decode()
    assert not SubmissionFile.objects.exists()

    response = client.post(url, {"file1": upload("income.pdf", b"%PDF-1.4 test")})
    assert response.status_code == 302 and response["Location"].endswith("?done=upload")
    stored = SubmissionFile.objects.get()
    assert stored.correction == case.corrections.get() and stored.field_key == "收入证明"
    assert storages["private"].open(stored.path).read() == b"%PDF-1.4 test"
    assert case.events.latest("pk").note == "申请人上传了补正材料：收入证明" and case.events.latest("pk").actor is None
    assert "补正材料已上传" in client.get(response["Location"]).content.decode()

    # Staff of the window see it on the case page and can open it; the case stays 需补正 until they say so.
    page = desk.client("民政窗口").get(f"/admin/casedesk/cases/inspect/{case.pk}/").content.decode()
    assert f"/apply/files/{stored.pk}/" in page and "income.pdf" in page
    case.refresh_from_db()
    assert case.status == S.CORRECTION


def test_upload_needs_the_lookup(desk):
    case = desk.case(state="correction_before")
    url = f"/apply/status/{case.reference}/correction/"
    assert Client().post(url, {"file0": upload("a.png")}).status_code == 403
    # Another case's lookup does not open this one.
    other = desk.case()
    client, _ = look_up(other)
    assert client.post(url, {"file0": upload("a.png")}).status_code == 403
    assert not SubmissionFile.objects.exists()


def test_the_lookup_grant_expires(desk):
    case = desk.case(state="correction_before")
    client, _ = look_up(case)
    session = client.session
    session[STATUS_GRANTS] = {case.reference: time.time() - 1}
    session.save()
    assert client.post(f"/apply/status/{case.reference}/correction/", {"file0": upload("a.png")}).status_code == 403


def test_rating_only_after_completion_and_only_once(desk, move):
    case = desk.case(state="processing")
    client, response = look_up(case)
    assert "服务评价" not in response.content.decode()
    url = f"/apply/status/{case.reference}/rating/"
    client.post(url, {"score": 5})
    assert not Rating.objects.exists()

    move(case, S.COMPLETED)
    client, response = look_up(case, client=client)
    assert "服务评价（好差评）" in response.content.decode()
    assert client.post(url, {"score": 6}).status_code == 400
    assert client.post(url, {"score": 4, "comment": "x" * 501}).status_code == 400
    response = client.post(url, {"score": 4, "comment": "窗口很耐心"})
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert (rating.submission, rating.score, rating.comment) == (case, 4, "窗口很耐心")
    client.post(url, {"score": 1, "comment": "改主意了"})
    assert Rating.objects.get().score == 4
    html = client.get(f"/apply/status/{case.reference}/").content.decode()
    assert "您的评价：4 分" in html and "提交评价" not in html
    # The rating shows on the case page and the dashboard.
    assert (
        "4 分：窗口很耐心" in desk.client("民政窗口").get(f"/admin/casedesk/cases/inspect/{case.pk}/").content.decode()
    )
    assert "窗口很耐心" in desk.client("manager").get("/admin/casedesk/dashboard/").content.decode()


def test_notices_for_the_applicant_are_masked(desk):
    case = desk.case(state="rejected", rejection_reason="户籍不在本镇")
    client, response = look_up(case)
    html = response.content.decode()
    url = f"/apply/status/{case.reference}/notice/rejection/"
    assert url in html
    pdf = client.get(url)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "不予受理通知书" in text and "户籍不在本镇" in text and "王*英" in text and "王秀英" not in text
    assert client.get(f"/apply/status/{case.reference}/notice/application/").status_code == 404
    assert client.get(f"/apply/status/{case.reference}/notice/acceptance/").status_code == 404
    assert Client().get(url).status_code == 403


def test_status_page_shows_the_promised_date(desk):
    case = desk.case(state="accepted")
    html = look_up(case)[1].content.decode()
    due = case.due_date
    assert re.search(rf"承诺办结日期</dt><dd>{due.year}年{due.month}月{due.day}日 前", html)


def test_status_lookup(desk):
    submission = desk.case()

    def lookup(reference, last4):
        response = Client(REMOTE_ADDR="10.0.0.1").post("/apply/status/", {"reference": reference, "last4": last4})
        return response.status_code, re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())

    status, html = lookup(submission.reference.lower(), APPLICANT_ID[-4:])
    assert status == 200 and "待受理" in html and "王秀英" not in html and APPLICANT_ID not in html
    assert lookup(submission.reference, "8000")[0] == 200  # phone works too
    typed = submission.reference.replace("-", "").lower()  # without hyphens, with full-width last digits
    status, html = lookup(typed, "".join(chr(ord(c) + 0xFEE0) for c in "8000"))
    assert status == 200 and "待受理" in html
    wrong_pair = lookup(submission.reference, "0000")[1]
    unknown = lookup("20990101-XX-0001", "0000")[1]
    assert "没有查到" in wrong_pair
    assert wrong_pair.replace(submission.reference, "") == unknown.replace("20990101-XX-0001", "")


def test_status_lookup_is_throttled(db):
    guesser = Client(REMOTE_ADDR="10.0.0.2")
    for _ in range(10):
        assert guesser.post("/apply/status/", {"reference": "X", "last4": "1234"}).status_code == 200
    assert guesser.post("/apply/status/", {"reference": "X", "last4": "1234"}).status_code == 429


def test_lookup_checks_the_fields_marked_id_number_and_phone(desk):
    """The last four digits are compared with the answers of the fields marked
    证件号码 and 联系电话, whatever their type: here a passport number in a text
    field; the 公民身份号码 field carries no role and does not count."""
    definition = copy.deepcopy(DEFINITION)
    fields = definition["steps"][0]["fields"]
    for field in fields:
        if field["key"] in ("id_number", "phone"):
            field.pop("role")
    fields.append({"key": "passport", "label": "护照号", "type": "text", "role": "id_number", "required": True})
    fields.append({"key": "landline", "label": "固定电话", "type": "text", "role": "phone", "required": False})
    answers = {**ANSWERS, "passport": "E12345678", "landline": "057188886666"}
    case = create_submission(page=desk.pages["MZ-001"], definition=definition, answers=answers, uploads={})
    assert (case.id_last4, case.phone_last4) == ("5678", "6666")
    for last4 in ("5678", "6666"):
        assert "没有查到" not in look_up(case, last4=last4)[1].content.decode()
    for unmarked in (APPLICANT_ID[-4:], "8000"):  # the id_card and mobile answers, without roles
        assert "没有查到" in look_up(case, last4=unmarked)[1].content.decode()

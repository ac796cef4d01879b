"""Who is told of a move, and how: e-mail with the notice as PDF, SMS, only
after the move is committed, the number masked in the log."""

import io
import logging

import pytest
from django.core import mail
from pypdf import PdfReader

from cases.models import Submission
from cases.states import transition

pytestmark = pytest.mark.django_db
S = Submission.Status


def pdf_text(content):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_applicant_is_told_after_commit(desk, sms, django_capture_on_commit_callbacks):
    case = desk.case()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks() as callbacks:
        transition(case, S.ACCEPTED, user=desk.staff_of(case))
    assert not mail.outbox and not sms  # nothing before the move is committed
    for callback in callbacks:
        callback()
    message = mail.outbox[0]
    assert message.to == ["wang@example.com"] and case.reference in message.subject and "已受理" in message.subject
    assert "承诺办结时限：20 个工作日" in message.body and "预计" in message.body
    name, content, mimetype = message.attachments[0]
    assert name == f"受理通知书-{case.reference}.pdf" and mimetype == "application/pdf"
    assert "受理通知书" in pdf_text(content)
    assert sms == [("13800138000", sms[0][1])] and case.reference in sms[0][1] and "已受理" in sms[0][1]


@pytest.mark.parametrize(
    ("path", "to", "inputs", "attachment", "words"),
    [
        ("pending", S.REJECTED, {"reason": "户籍不在本镇"}, "不予受理通知书", ["户籍不在本镇"]),
        ("pending", S.CORRECTION, {"missing": ["户口簿"]}, "补正告知书", ["户口簿", "上传补正材料"]),
        ("processing", S.COMPLETED, {"result": "granted", "note": "低保金按月发放"}, None, ["准予", "评价"]),
    ],
)
def test_each_move_sends_its_notice(desk, sms, django_capture_on_commit_callbacks, path, to, inputs, attachment, words):
    case = desk.case(state=path)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        transition(case, to, user=desk.staff_of(case), **inputs)
    message = mail.outbox[0]
    assert all(word in message.body for word in words)
    if attachment:
        assert message.attachments[0][0].startswith(attachment)
    else:
        assert not message.attachments
    assert len(sms) == 1


def test_sms_only_without_an_email_address(desk, sms, django_capture_on_commit_callbacks):
    case = desk.case("农业综合服务窗口", item="NY-001")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        transition(case, S.ACCEPTED, user=desk.staff_of(case))
    assert not mail.outbox and sms[0][0] == "13900139011"


def test_the_default_sms_backend_logs_with_the_number_masked(desk, caplog, django_capture_on_commit_callbacks):
    case = desk.case()
    with caplog.at_level(logging.INFO, logger="cases.notifications"), django_capture_on_commit_callbacks(execute=True):
        transition(case, S.ACCEPTED, user=desk.staff_of(case))
    logged = [record.getMessage() for record in caplog.records if record.name == "cases.notifications"]
    assert len(logged) == 1 and "138****8000" in logged[0] and "13800138000" not in logged[0]
    assert case.reference in logged[0]

"""Form settings: the opening period, the text after submitting and the
e-mail to the window's staff (forms.availability, cases.notifications)."""

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Submission
from forms.availability import CLOSED, NOT_YET, OPEN, availability
from forms.definition import check_definition
from forms.models import Draft
from tests import factories
from tests.forms.test_wizard import Resident
from tests.support import definition

pytestmark = pytest.mark.django_db

MOMENT = timezone.make_aware(datetime(2027, 3, 1, 8, 0))


def test_availability_rule():
    later = MOMENT + timedelta(days=30)
    assert availability(None, None, MOMENT).state == OPEN and availability(None, None, MOMENT).message == ""
    assert availability(MOMENT, later, MOMENT - timedelta(seconds=1)).state == NOT_YET
    assert availability(MOMENT, later, MOMENT).state == OPEN  # open from the moment itself
    assert availability(MOMENT, later, later - timedelta(seconds=1)).state == OPEN
    assert availability(MOMENT, later, later).state == CLOSED
    assert "开放时间：2027年3月1日 08:00" in availability(MOMENT, later, MOMENT - timedelta(days=1)).message
    assert "已于 2027年3月31日 08:00 截止" in availability(MOMENT, later, later).message
    assert "截止时间：2027年3月31日 08:00" in availability(MOMENT, later, MOMENT).message


def test_settings_are_checked_with_the_definition():
    assert check_definition(definition(settings={"opens_at": None, "notify_staff": True})) == []
    errors = [
        str(e)
        for e in check_definition(
            definition(settings={"opens_at": "2027-03-02T08:00:00+08:00", "closes_at": "2027-03-01T08:00:00+08:00",
                                 "notify_staff": "yes", "colour": "red"})
        )
    ]  # fmt: skip
    assert errors == [
        "表单设置 colour：settings 中没有 colour 这一项，可用：opens_at、closes_at、confirmation_text、notify_staff",
        "表单设置 closes_at（截止时间）：截止时间应当晚于开放时间",
        "表单设置 notify_staff（新申请邮件通知）：应当是 true 或 false",
    ]
    assert [str(e) for e in check_definition(definition(settings={"opens_at": "下周一"}))] == [
        "表单设置 opens_at（开放时间）：应当是 ISO 8601 日期时间，例如 2027-03-01T08:00:00+08:00，或 null"
    ]


def test_editor_refuses_closing_before_opening(form_page):
    form_page.opens_at, form_page.closes_at = MOMENT, MOMENT - timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        form_page.full_clean()
    assert error.value.message_dict == {"closes_at": ["截止时间应当晚于开放时间"]}


@pytest.mark.parametrize(
    ("opens", "closes", "words"),
    [(timedelta(days=1), None, "本表尚未开放在线申报，开放时间："), (None, -timedelta(minutes=1), "本表的在线申报已于")],
)
def test_a_form_outside_its_period_refuses_and_stores_nothing(form_page, opens, closes, words):
    now = timezone.now()
    form_page.opens_at = now + opens if opens else None
    form_page.closes_at = now + closes if closes else None
    form_page.save()
    client = Client()
    landing = client.get(form_page.url).content.decode()
    assert words in landing and "开始填写" not in landing
    assert "下载空白表（PDF）" in landing and "下载填写样表（PDF）" in landing
    resident = Resident(form_page, client)
    step = resident.get("applicant")
    assert step.status_code == 200 and words in step.content.decode() and "name=\"applicant-name\"" not in step.content.decode()
    assert resident.post("applicant", {"name": "王秀英"}).status_code == 403
    assert resident.post("review", {}).status_code == 403
    assert not Draft.objects.exists() and not Submission.objects.exists()
    assert client.get(form_page.url + "sample/").status_code == 200


def test_a_draft_begun_while_open_cannot_be_submitted_after_closing(form_page):
    """Decided: the final POST's arrival counts; the draft is kept, for a reopened form."""
    form_page.closes_at = timezone.now() + timedelta(days=1)
    form_page.save()
    resident = Resident(form_page)
    assert "在线申报截止时间：" in resident.get("applicant").content.decode()
    resident.fill_all()
    form_page.closes_at = timezone.now() - timedelta(seconds=1)
    form_page.save()
    response = resident.submit()
    assert response.status_code == 403 and "截止" in response.content.decode()
    assert not Submission.objects.exists()
    draft = Draft.objects.get()
    assert draft.submitted_at is None and draft.data["step_data"]["applicant"]
    form_page.closes_at = None  # reopened: the same draft goes in
    form_page.save()
    assert resident.submit().status_code == 302 and Submission.objects.count() == 1


def test_confirmation_text_is_shown_on_the_receipt_page(form_page):
    resident = Resident(form_page)
    resident.fill_all()
    default = resident.client.get(resident.submit()["Location"]).content.decode()
    assert "confirmation-text" not in default and "申请已提交" in default  # the default keeps today's page
    form_page.confirmation_text = "请在 3 个工作日内携带户口簿原件到民政窗口核验。\n逾期未核验的视为放弃。"
    form_page.save()
    other = Resident(form_page)
    other.fill_all()
    response = other.submit()
    html = other.client.get(response["Location"]).content.decode()
    assert "<p>请在 3 个工作日内携带户口簿原件到民政窗口核验。<br>逾期未核验的视为放弃。</p>" in html


def test_staff_are_emailed_about_each_new_application(form_page, django_capture_on_commit_callbacks):
    factories.WindowStaffFactory(window_page=form_page.window.page, email="minzheng@example.com")
    group = form_page.window.staff_group
    factories.UserFactory(username="away", email="away@example.com", is_active=False, groups=[group])
    factories.UserFactory(username="noaddress", email="", groups=[group])
    factories.WindowStaffFactory(email="other-window@example.com")  # another window's staff
    form_page.notify_staff = True
    form_page.save()
    resident = Resident(form_page)
    resident.fill_all(applicant={"email": "wang@example.com"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks() as callbacks:
        resident.submit()
    assert not mail.outbox  # nothing before the case is committed
    for callback in callbacks:
        callback()  # the immediate task backend runs the job here
    case = Submission.objects.get()
    to_staff = [m for m in mail.outbox if m.to == ["minzheng@example.com"]]
    assert len(to_staff) == 1 and len(mail.outbox) == 2  # and the applicant's receipt
    message = to_staff[0]
    assert case.reference in message.subject and case.reference in message.body and "最低生活保障申请" in message.body
    assert f"{settings.PUBLIC_BASE_URL}{reverse('casedesk_cases_modeladmin_inspect', args=[case.pk])}" in message.body
    for personal in ("王秀英", "13800138000", case.answers["id_number"], "wang@example.com"):
        assert personal not in message.body and personal not in message.subject


def test_no_staff_email_unless_asked(form_page, django_capture_on_commit_callbacks):
    factories.WindowStaffFactory(window_page=form_page.window.page, email="minzheng@example.com")
    resident = Resident(form_page)
    resident.fill_all(applicant={"email": "wang@example.com"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        resident.submit()
    assert [m.to for m in mail.outbox] == [["wang@example.com"]]

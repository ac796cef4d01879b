"""The resident's wizard: steps, conditions, drafts, review, submission, receipt.
(Looking a case up afterwards: tests/cases/test_status_page.py.)"""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.storage import storages
from django.db import transaction
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from cases.models import Submission
from forms.importing import import_definition
from forms.models import ApplicationFormPage, Draft
from guides.models import ServiceGuidePage
from tests import factories
from tests.support import APPLICANT_ID, definition

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
APPLICANT = {
    "name": "王秀英",
    "id_number": APPLICANT_ID,
    "phone": "13800138000",
    "hukou": "农业户口",
    "mode": "本人申请",
}


@pytest.fixture(scope="module")
def wizard_data(django_db_setup, django_db_blocker):
    """MZ-001 and its form (tests.support.DEFINITION), built with factories once
    for the module and rolled back after it; their keys."""
    with django_db_blocker.unblock(), transaction.atomic():
        guide = factories.GuidePageFactory(full_item=True)
        form = factories.ApplicationFormPageFactory()
        yield guide.pk, form.pk
        transaction.set_rollback(True)


@pytest.fixture
def guide(wizard_data, db):
    """MZ-001, fresh for each test."""
    return ServiceGuidePage.objects.get(pk=wizard_data[0])


@pytest.fixture
def form_page(wizard_data, db):
    """The form of MZ-001, fresh for each test."""
    return ApplicationFormPage.objects.get(pk=wizard_data[1])


class Resident:
    """Drives the wizard as a browser would: GET a step, POST its fields."""

    def __init__(self, page, client=None):
        self.page = page
        self.client = client or Client()
        self.prefix = f"application_{page.pk}"

    def url(self, step):
        return f"{self.page.url}step/{step}/"

    def get(self, step):
        return self.client.get(self.url(step))

    def post(self, step, fields=None, files=None, **extra):
        data = {f"{self.prefix}-current_step": step}
        data.update({f"{step}-{key}": value for key, value in (fields or {}).items()})
        data.update({f"{step}-{key}": value for key, value in (files or {}).items()})
        data.update(extra)
        return self.client.post(self.url(step), data)

    def fill_all(self, applicant=None, land=True, docs=None):
        self.get("applicant")
        response = self.post("applicant", {**APPLICANT, **(applicant or {})})
        assert response.status_code == 302, errors(response)
        if land:
            response = self.post("land", {"mu": "3.5", "crops": ["水稻", "玉米"]})
            assert response.status_code == 302, errors(response)
        response = self.post("docs", docs or {"members": "3", "pledge": "on"})
        assert response.status_code == 302, errors(response)
        return response

    def submit(self, **review):
        return self.post("review", review)


def errors(response):
    html = response.content.decode()
    return re.findall(r'class="field__errors"[^>]*>(.*?)</ul>', html, re.S)


def test_walk_to_receipt(client, form_page):
    resident = Resident(form_page, client)
    html = resident.get("applicant").content.decode()
    assert "第 1 步 / 共 3 步" in html and "申请人信息" in html  # land shows only for 农业户口
    response = resident.fill_all()
    assert "第 3 步 / 共 4 步" in resident.get("docs").content.decode()
    assert response["Location"].endswith("/step/review/")
    review = resident.get("review").content.decode()
    assert "核对信息" in review and "王秀英" in review and "水稻、玉米" in review and "3.50" in review
    assert review.count(">修改<") == 3
    response = resident.submit()
    submission = Submission.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/apply/submitted/{submission.reference}/"
    assert re.fullmatch(rf"{timezone.localdate():%Y%m%d}-MZ001-0001", submission.reference)
    assert submission.status == Submission.Status.PENDING and submission.get_status_display() == "待受理"
    assert submission.guide.code == "MZ-001" and submission.window.name == "民政窗口"
    assert submission.answers == {
        "name": "王秀英", "id_number": APPLICANT_ID, "phone": "13800138000", "hukou": "农业户口", "mode": "本人申请",
        "mu": "3.50", "crops": ["水稻", "玉米"], "members": 3, "pledge": True,
    }  # fmt: skip
    assert submission.id_last4 == APPLICANT_ID[-4:] and submission.phone_last4 == "8000"
    assert submission.events.get().status == "pending"
    draft = Draft.objects.get()  # the draft became the submission: emptied, kept as its marker
    assert draft.submitted_at and not draft.data["step_data"] and draft.confirmation_url == response["Location"]

    confirmation = client.get(response["Location"]).content.decode()
    assert submission.reference in confirmation and "户口簿" in confirmation  # 一次性告知 from the guide
    pdf = client.get(f"/apply/submitted/{submission.reference}/receipt/")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert submission.reference in text and "最低生活保障申请" in text and "户口簿" in text


def test_other_browsers_cannot_see_a_confirmation(client, form_page):
    resident = Resident(form_page, client)
    resident.fill_all()
    resident.submit()
    reference = Submission.objects.get().reference
    assert Client().get(f"/apply/submitted/{reference}/").status_code == 404
    assert Client().get(f"/apply/submitted/{reference}/receipt/").status_code == 404


def test_hidden_step_is_skipped_and_its_answers_dropped(client, form_page):
    resident = Resident(form_page, client)
    resident.fill_all()  # 农业户口: land step answered
    # Go back and change the answer that showed the land step.
    resident.get("applicant")
    response = resident.post("applicant", {**APPLICANT, "hukou": "非农业户口"})
    assert response["Location"].endswith("/step/docs/")  # land is skipped
    draft = Draft.objects.get()
    assert "land" not in draft.data["step_data"]
    assert "3.5" not in str(draft.data)
    resident.post("docs", {"members": "3", "pledge": "on"})
    resident.submit()
    answers = Submission.objects.get().answers
    assert "mu" not in answers and "crops" not in answers


def test_forged_post_to_hidden_step_stores_nothing(client, form_page):
    resident = Resident(form_page, client)
    resident.get("applicant")
    resident.post("applicant", {**APPLICANT, "hukou": "非农业户口"})
    response = resident.post("land", {"mu": "99"})
    assert response.status_code == 302
    assert "land" not in Draft.objects.get().data["step_data"]


def test_forged_fields_are_not_stored(client, form_page):
    resident = Resident(form_page, client)
    resident.get("applicant")
    resident.post("applicant", {**APPLICANT, "agent_name": "冒充的人", "salary": "100000"}, **{"land-mu": "7"})
    stored = str(Draft.objects.get().data)
    assert "冒充的人" not in stored and "salary" not in stored and "land-mu" not in stored


def test_same_step_condition(client, form_page):
    resident = Resident(form_page, client)
    resident.get("applicant")
    response = resident.post("applicant", {**APPLICANT, "mode": "委托代理"})
    assert response.status_code == 200
    assert any("请填写代理人姓名" in e for e in errors(response))  # the message names the missing answer
    assert "<title>错误：" in response.content.decode()
    response = resident.post("applicant", {**APPLICANT, "mode": "委托代理", "agent_name": "李四"})
    assert response.status_code == 302
    assert "李四" in str(Draft.objects.get().data)


def test_invalid_id_number_is_explained_and_linked(client, form_page):
    resident = Resident(form_page, client)
    resident.get("applicant")
    response = resident.post("applicant", {**APPLICANT, "id_number": APPLICANT_ID[:-1] + ("0" if APPLICANT_ID[-1] != "0" else "1")})
    html = response.content.decode()
    assert response.status_code == 200
    assert "校验位不正确" in html
    assert 'href="#id_applicant-id_number"' in html  # the error summary links to the field
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_applicant-id_number_errors"' in html


def test_back_keeps_answers(client, form_page):
    resident = Resident(form_page, client)
    resident.get("applicant")
    resident.post("applicant", APPLICANT)
    resident.post("land", {"mu": "2.25"}, wizard_goto_step="applicant")
    assert 'value="王秀英"' in resident.get("applicant").content.decode()
    assert 'value="2.25"' in resident.get("land").content.decode()


def test_draft_resumes_in_another_browser(client, form_page):
    resident = Resident(form_page, client)
    resident.get("applicant")
    resident.post("applicant", APPLICANT)
    response = resident.post("land", {"mu": "4"}, save_draft="1")
    html = response.content.decode()
    assert "草稿已保存" in html
    link = re.search(r'href="(http://testserver[^"]+/resume/[^"]+/)"', html).group(1)
    draft = Draft.objects.get()
    assert draft.token in link and len(draft.token) >= 32
    assert draft.expires_at > timezone.now() + timedelta(days=29)

    other = Resident(form_page)  # a new client: no session
    response = other.client.get(link.removeprefix("http://testserver"))
    assert response.status_code == 302 and response["Location"].endswith("/step/land/")
    assert 'value="4"' in other.get("land").content.decode()
    other.post("land", {"mu": "4"})
    other.post("docs", {"members": "2", "pledge": "on"})
    other.submit()
    assert Submission.objects.get().answers["name"] == "王秀英"


def test_resume_link_emailed_when_address_given(client, form_page, django_capture_on_commit_callbacks):
    resident = Resident(form_page, client)
    resident.get("applicant")
    resident.post("applicant", {**APPLICANT, "email": "wang@example.com"})
    with django_capture_on_commit_callbacks(execute=True):
        resident.post("land", {"mu": "4"}, save_draft="1")
    assert len(mail.outbox) == 1
    assert Draft.objects.get().token in mail.outbox[0].body


def test_expired_draft_cannot_be_resumed(client, form_page):
    resident = Resident(form_page, client)
    resident.get("applicant")
    resident.post("applicant", APPLICANT)
    draft = Draft.objects.get()
    Draft.objects.filter(pk=draft.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = Client().get(f"{form_page.url}resume/{draft.token}/")
    assert response.status_code == 404 and "已过期" in response.content.decode()
    assert Client().get(f"{form_page.url}resume/not-a-token/").status_code == 404


def test_submission_keeps_its_definition_when_form_changes(client, form_page):
    resident = Resident(form_page, client)
    resident.fill_all()
    resident.submit()
    changed = definition()
    changed["steps"][0]["fields"][0]["label"] = "申请人姓名（新）"
    changed["steps"][1]["fields"].pop()
    assert import_definition(changed)[0] == "updated"
    submission = Submission.objects.get()
    assert submission.definition["steps"][0]["fields"][0]["label"] == "姓名"
    assert [f["key"] for f in submission.definition["steps"][1]["fields"]] == ["mu", "crops"]


def test_receipt_emailed_after_commit(client, form_page, django_capture_on_commit_callbacks):
    resident = Resident(form_page, client)
    resident.fill_all(applicant={"email": "wang@example.com"})
    with django_capture_on_commit_callbacks(execute=True):
        resident.submit()
    reference = Submission.objects.get().reference
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert reference in message.subject and message.to == ["wang@example.com"]
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and reference in PdfReader(io.BytesIO(content)).pages[0].extract_text()


def test_uploads_are_checked_stored_privately_and_guarded(client, form_page):
    resident = Resident(form_page, client)
    resident.get("applicant")
    resident.post("applicant", APPLICANT)
    resident.post("land", {"mu": "1"})
    fake = io.BytesIO(b"this is not a png")
    fake.name = "户口簿.png"
    response = resident.post("docs", {"members": "3", "pledge": "on"}, files={"photo": fake})
    assert response.status_code == 200 and "文件内容与扩展名" in response.content.decode()
    real = io.BytesIO(PNG)
    real.name = "户口簿.png"
    assert resident.post("docs", {"members": "3", "pledge": "on"}, files={"photo": real}).status_code == 302
    resident.submit()
    submission = Submission.objects.get()
    stored = submission.files.get()
    assert storages["private"].open(stored.path).read() == PNG
    assert submission.answers["photo"] == [{"file": "户口簿.png", "id": stored.pk, "size": len(PNG)}]

    url = f"/apply/files/{stored.pk}/"
    assert client.get(url).status_code == 200  # the applicant's own browser
    assert Client().get(url).status_code == 404  # anyone else
    staff = Client()
    staff.force_login(window_user("民政窗口"))
    assert staff.get(url).status_code == 200
    other = Client()
    other.force_login(window_user("综合窗口"))
    assert other.get(url).status_code == 404


def window_user(window_name):
    from guides.models import Window, WindowIndexPage
    from guides.permissions import setup_window_group
    from guides.site_setup import ensure_structure

    window, _ = Window.objects.get_or_create(name=window_name, defaults={"slug": f"w{Window.objects.count()}"})
    page = WindowIndexPage.objects.filter(window=window).first() or ensure_structure().guide_index.add_child(
        instance=WindowIndexPage(title=window_name, slug=window.slug, window=window)
    )
    user = get_user_model().objects.create_user(f"staff{window.pk}", password="pw", is_staff=True)
    user.groups.add(setup_window_group(page))
    return user


def test_proxy_submission_records_who(form_page):
    agent = get_user_model().objects.create_user("daiban", password="pw", first_name="张代办")
    group = Group.objects.create(name="村代办员")
    group.permissions.add(Permission.objects.get(codename="submit_on_behalf"))
    agent.groups.add(group)
    client = Client()
    client.force_login(agent)
    resident = Resident(form_page, client)
    resident.fill_all()
    assert "本次为代办" in resident.get("review").content.decode()
    resident.submit(proxy="on", proxy_note="申请人行动不便")
    submission = Submission.objects.get()
    assert submission.submitted_by == agent and submission.proxy_role == "村代办员"
    assert "代办" in submission.events.get().note


def test_residents_cannot_claim_proxy(client, form_page):
    resident = Resident(form_page, client)
    resident.fill_all()
    assert "本次为代办" not in resident.get("review").content.decode()
    resident.submit(proxy="on")
    assert Submission.objects.get().submitted_by is None


def test_guide_page_offers_online_application(client, form_page, guide):
    html = client.get(guide.url).content.decode()
    assert "在线申报" in html and f'href="{form_page.url}"' in html
    assert f"{form_page.url}blank/" in html and f"{form_page.url}sample/" in html


def test_blank_and_sample_pdfs_follow_revisions(client, form_page):
    blank = client.get(f"{form_page.url}blank/")
    assert blank["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(blank.content)).pages)
    assert "测试申请表" in text and "承包地面积" in text and "王秀英" not in text
    sample_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(client.get(f"{form_page.url}sample/").content)).pages)
    assert "样表" in sample_text and "王秀英" in sample_text

    changed = definition()
    changed["steps"][1]["fields"][0]["label"] = "承包耕地面积（亩）"
    import_definition(changed)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(client.get(f"{form_page.url}blank/").content)).pages)
    assert "承包耕地面积" in text


def test_admin_preview_shows_all_steps(form_page):
    response = form_page.make_preview_request(preview_mode="all_steps")
    html = response.render().content.decode() if hasattr(response, "render") else response.content.decode()
    assert response.status_code == 200
    assert "承包地面积（亩）" in html and "仅当“户籍类型”为“农业户口”时填写" in html
    assert "代理人姓名" in html


def test_personal_pages_are_never_cached(client, form_page):
    """Back after submitting must not show the review page with ID and bank numbers from cache."""
    resident = Resident(form_page, client)
    assert "no-store" in resident.get("applicant")["Cache-Control"]
    resident.fill_all()
    assert "no-store" in resident.get("review")["Cache-Control"]
    confirmation_url = resident.submit()["Location"]
    reference = Submission.objects.get().reference
    for url in [confirmation_url, f"/apply/submitted/{reference}/receipt/", "/apply/status/"]:
        assert "no-store" in client.get(url)["Cache-Control"], url
    assert "no-store" in client.post("/apply/status/", {"reference": reference, "last4": "8000"})["Cache-Control"]


def test_error_summary_links_to_the_first_option_of_a_radio_group(client, form_page):
    resident = Resident(form_page, client)
    resident.get("applicant")
    data = {key: value for key, value in APPLICANT.items() if key != "hukou"}
    html = resident.post("applicant", data).content.decode()
    assert 'href="#id_applicant-hukou_0"' in html and 'id="id_applicant-hukou_0"' in html
    assert "请选择户籍类型" in html

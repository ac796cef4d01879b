"""重新开始填写 is a POST with a CSRF token; a GET with ?reset=1 changes nothing."""

import pytest
from django.core.files.storage import storages
from django.test import Client

from cases.models import Submission
from forms.models import Draft
from forms.storage import draft_file_names
from tests.jobs.helpers import APPLICANT, Resident, csrf_token

pytestmark = pytest.mark.django_db


def started(form_page):
    resident = Resident(form_page, Client(enforce_csrf_checks=True))
    token = csrf_token(resident.client.get(resident.url("applicant")).content.decode())
    fields = {f"applicant-{key}": value for key, value in APPLICANT.items()}
    response = resident.client.post(
        resident.url("applicant"),
        {"csrfmiddlewaretoken": token, f"{resident.prefix}-current_step": "applicant", **fields},
    )
    assert response.status_code == 302
    return resident


def snapshot():
    """The draft's answers and uploads (not the step it shows: GETs move that)."""
    draft = Draft.objects.get()
    files = draft_file_names(draft.data)
    return draft.token, draft.data["step_data"], files


def test_a_get_with_reset_changes_nothing(client, form_page):
    resident = Resident(form_page, client)
    resident.fill_all()
    token, data, files = snapshot()
    assert files and all(storages["private"].exists(name) for name in files)
    for url in (resident.url("applicant") + "?reset=1", f"{form_page.url}step/?reset=1", resident.url("docs") + "?reset=1"):
        client.get(url)
    assert snapshot() == (token, data, files)
    assert all(storages["private"].exists(name) for name in files)


def test_a_post_without_the_csrf_token_is_refused(form_page):
    resident = started(form_page)
    before = snapshot()
    response = resident.client.post(resident.url("applicant"), {"wizard_reset": "1"})
    assert response.status_code == 403
    assert snapshot() == before


def test_the_reset_button_deletes_the_draft_and_its_uploads(client, form_page):
    resident = Resident(form_page, client)
    resident.fill_all()
    _, _, files = snapshot()
    landing = Client(enforce_csrf_checks=True)
    landing.cookies = client.cookies
    html = landing.get(form_page.url).content.decode()
    assert "重新开始填写" in html and "?reset=1" not in html
    response = landing.post(resident.url("applicant"), {"wizard_reset": "1", "csrfmiddlewaretoken": csrf_token(html)})
    assert response.status_code == 302 and response["Location"] == resident.url("applicant")
    assert not Draft.objects.exists()
    assert not any(storages["private"].exists(name) for name in files)
    assert "王秀英" not in landing.get(resident.url("applicant")).content.decode()


def test_after_submitting_the_button_starts_a_new_application(client, form_page):
    resident = Resident(form_page, client)
    resident.fill_all(photo=False)
    resident.submit()
    html = client.get(form_page.url).content.decode()
    assert "填写一份新的申请" in html
    response = client.post(resident.url("applicant"), {"wizard_reset": "1"})
    assert response["Location"] == resident.url("applicant")
    page = client.get(resident.url("applicant"))
    assert page.status_code == 200 and "第 1 步" in page.content.decode()
    resident.fill_all(photo=False)
    resident.submit()
    assert Submission.objects.count() == 2
    assert Draft.objects.filter(submitted_at__isnull=False).count() == 2

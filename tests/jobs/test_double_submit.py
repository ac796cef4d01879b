"""One draft, one case: repeated final POSTs (one after another, or at once
from several connections of one browser) store one submission and all show
its confirmation; afterwards the wizard's URLs show the confirmation too."""

import threading

import pytest
from django.core.files.storage import storages
from django.db import connection
from django.test import Client

from cases.models import Submission, SubmissionFile
from forms.models import Draft
from tests.jobs.helpers import PNG, Resident


@pytest.mark.django_db
def test_a_repeated_final_post_shows_the_same_confirmation(client, form_page):
    resident = Resident(form_page, client)
    resident.fill_all()
    first = resident.submit()
    again = resident.submit()
    submission = Submission.objects.get()
    confirmation = f"/apply/submitted/{submission.reference}/"
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == confirmation
    assert SubmissionFile.objects.count() == 1
    assert storages["private"].open(submission.files.get().path).read() == PNG
    assert client.get(confirmation).status_code == 200

    # Every wizard URL now leads to the confirmation, not to an empty step 1.
    for step in ("applicant", "docs", "review", "done", "nonsense"):
        response = client.get(resident.url(step))
        assert response.status_code == 302 and response["Location"] == confirmation, step
    # A stale tab posting an earlier step changes nothing either.
    response = resident.post("applicant", {"name": "李四"})
    assert response.status_code == 302 and response["Location"] == confirmation
    draft = Draft.objects.get()
    assert draft.submitted_at and draft.data["step_data"] == {} and Submission.objects.count() == 1
    landing = client.get(form_page.url).content.decode()
    assert "您已提交过本申请" in landing and confirmation in landing


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent requests need PostgreSQL's row locks")
@pytest.mark.parametrize("clicks", [2, 5])
def test_simultaneous_final_posts_store_one_case(form_page, clicks):
    from django.db import connections

    resident = Resident(form_page)
    resident.fill_all()
    cookies = resident.client.cookies
    barrier = threading.Barrier(clicks)
    responses, errors = [], []

    def click():
        browser = Client(raise_request_exception=True)
        browser.cookies = cookies  # the same browser session, several connections
        try:
            barrier.wait()
            responses.append(resident.submit(browser))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    submission = Submission.objects.get()
    assert [r.status_code for r in responses] == [302] * clicks
    assert {r["Location"] for r in responses} == {f"/apply/submitted/{submission.reference}/"}
    assert SubmissionFile.objects.filter(submission=submission).count() == 1
    assert Draft.objects.get().submitted_at is not None

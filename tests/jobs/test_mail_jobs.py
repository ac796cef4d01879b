"""Mail and SMS leave the request: the final POST stores the case and enqueues
the receipt job; an SMTP server that accepts and never answers neither fails
nor slows a submission, and the job that meets it fails, is logged and is
queued again for later."""

import contextlib
import socket
import threading
import time

import pytest
from django.core import mail
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from cases.models import Submission
from cases.states import transition
from forms.models import Draft
from tests.jobs.helpers import DATABASE_TASKS, Resident, run_queued

pytestmark = pytest.mark.django_db


@pytest.fixture
def hung_smtp():
    """A listener on 127.0.0.1 that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held, stop = [], threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                held.append(server.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], held
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def smtp_settings(port):
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=port,
        EMAIL_TIMEOUT=1, TASKS=DATABASE_TASKS, TASKS_RETRY_DELAY=60,
    )


def test_a_hung_smtp_server_neither_fails_nor_slows_a_submission(client, form_page, hung_smtp, django_capture_on_commit_callbacks):
    port, held = hung_smtp
    resident = Resident(form_page, client)
    resident.fill_all(email="wang@example.com")
    with smtp_settings(port):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = resident.submit()
        took = time.monotonic() - started
        submission = Submission.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/apply/submitted/{submission.reference}/"
        assert took < 1.0, took  # under the SMTP timeout: nothing waited for the mail server
        assert not held  # the request never even connected to it
        job = DBTaskResult.objects.get()
        assert job.task_path == "cases.tasks.send_receipt" and job.args_kwargs["args"] == [submission.pk]
        assert job.status == "READY"

        started = time.monotonic()
        run_queued(job)  # what the worker does: it meets the hung server and gives up after EMAIL_TIMEOUT
        assert 0.9 < time.monotonic() - started < 5 and held
    job.refresh_from_db()
    assert job.status == "FAILED" and ("timed out" in job.traceback or "timeout" in job.traceback.lower())
    retry = DBTaskResult.objects.exclude(pk=job.pk).get()
    assert retry.status == "READY" and retry.args_kwargs["kwargs"] == {"_attempt": 2}
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING and submission.events.count() == 1  # nothing undone

    with override_settings(TASKS=DATABASE_TASKS):  # the server is back: the retry delivers the receipt
        run_queued(retry)
    retry.refresh_from_db()
    assert retry.status == "SUCCESSFUL"
    assert len(mail.outbox) == 1 and submission.reference in mail.outbox[0].subject
    assert mail.outbox[0].attachments[0][2] == "application/pdf"


def test_the_request_only_enqueues(client, form_page, django_capture_on_commit_callbacks):
    resident = Resident(form_page, client)
    resident.fill_all(email="wang@example.com")
    with override_settings(TASKS=DATABASE_TASKS), django_capture_on_commit_callbacks(execute=True):
        resident.submit()
    assert not mail.outbox
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == ["cases.tasks.send_receipt"]


def test_state_move_notices_are_two_jobs_retried_apart(client, form_page, django_capture_on_commit_callbacks):
    from django.contrib.auth import get_user_model

    resident = Resident(form_page, client)
    resident.fill_all(email="wang@example.com", photo=False)
    with django_capture_on_commit_callbacks(execute=True):
        resident.submit()
    mail.outbox.clear()
    case = Submission.objects.get()
    manager = get_user_model().objects.create_superuser("boss", password="pw")
    with override_settings(TASKS=DATABASE_TASKS), django_capture_on_commit_callbacks(execute=True):
        transition(case, Submission.Status.ACCEPTED, user=manager)
    assert not mail.outbox
    jobs = dict(DBTaskResult.objects.values_list("task_path", "args_kwargs"))
    event = case.events.latest("pk")
    assert jobs == {
        "cases.tasks.send_transition_email": {"args": [case.pk, event.pk], "kwargs": {}},
        "cases.tasks.send_transition_sms": {"args": [case.pk, event.pk], "kwargs": {}},
    }


def test_resume_link_job_skips_a_submitted_draft(client, form_page, django_capture_on_commit_callbacks):
    from forms.tasks import send_resume_link

    resident = Resident(form_page, client)
    resident.fill_all(email="wang@example.com", photo=False)
    draft = Draft.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        resident.submit()
    mail.outbox.clear()
    send_resume_link.enqueue(draft.pk, "http://testserver/resume/x/")
    assert not mail.outbox


class FlakySMS:
    """settings.SMS_BACKEND whose gateway fails twice, then works."""

    calls = []

    def send(self, phone, message):
        FlakySMS.calls.append((phone, message))
        if len(FlakySMS.calls) <= 2:
            raise ConnectionError("SMS gateway down")


def test_a_failing_sms_gateway_is_retried_without_mailing_twice(client, form_page, django_capture_on_commit_callbacks):
    from django.contrib.auth import get_user_model

    resident = Resident(form_page, client)
    resident.fill_all(email="wang@example.com", photo=False)
    with django_capture_on_commit_callbacks(execute=True):
        resident.submit()
    mail.outbox.clear()
    case = Submission.objects.get()
    manager = get_user_model().objects.create_superuser("boss", password="pw")
    FlakySMS.calls = []
    with override_settings(SMS_BACKEND="tests.jobs.test_mail_jobs.FlakySMS"), django_capture_on_commit_callbacks(execute=True):
        transition(case, Submission.Status.ACCEPTED, user=manager)
    assert len(FlakySMS.calls) == 3 and case.reference in FlakySMS.calls[-1][1]  # two failures, then sent
    assert len(mail.outbox) == 1 and "已受理" in mail.outbox[0].subject  # the e-mail job ran once
    case.refresh_from_db()
    assert case.status == Submission.Status.ACCEPTED

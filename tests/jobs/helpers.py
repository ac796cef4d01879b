"""Shared by the background-job and double-submit tests: a resident walking
the test application form, module-level jobs for the retry tests, and a way to
run a queued database job as `db_worker` would."""

import io
import re

from django.test import Client
from django_tasks import task
from django_tasks_db.management.commands.db_worker import Worker

from core.tasks import retrying_task
from tests.support import APPLICANT_ID

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
APPLICANT = {"name": "王秀英", "id_number": APPLICANT_ID, "phone": "13800138000", "hukou": "非农业户口", "mode": "本人申请"}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class Resident:
    def __init__(self, page, client=None):
        self.page, self.client = page, client or Client()
        self.prefix = f"application_{page.pk}"

    def url(self, step):
        return f"{self.page.url}step/{step}/"

    def post(self, step, fields=None, **extra):
        data = {f"{self.prefix}-current_step": step, **{f"{step}-{k}": v for k, v in (fields or {}).items()}, **extra}
        return self.client.post(self.url(step), data)

    def fill_all(self, email="", photo=True):
        self.client.get(self.url("applicant"))
        assert self.post("applicant", {**APPLICANT, "email": email}).status_code == 302
        docs = {"members": "3", "pledge": "on"}
        if photo:
            upload = io.BytesIO(PNG)
            upload.name = "户口簿.png"
            docs["photo"] = upload
        assert self.post("docs", docs).status_code == 302

    def submit(self, client=None):
        return (client or self.client).post(self.url("review"), {f"{self.prefix}-current_step": "review"})


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def run_queued(db_result):
    """Run one queued job the way `manage.py db_worker` does."""
    db_result.claim("test-worker")
    Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    ).run_task(db_result)


# --- jobs for the retry tests (module level, as django-tasks requires) ------

CALLS = []


@retrying_task()
def flaky(key, failures):
    """Fails `failures` times for `key`, then succeeds."""
    CALLS.append(key)
    if CALLS.count(key) <= failures:
        raise OSError(f"{key}: gateway down")
    return "sent"


@task()
def plain(key):
    """A job without retries."""
    CALLS.append(key)

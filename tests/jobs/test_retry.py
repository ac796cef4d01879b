"""Jobs are retried: a failure is logged and the job enqueued again with its
attempt number (and, on the database backend, a later run_after), up to
TASKS_MAX_ATTEMPTS attempts; then the failure is logged as an error."""

import logging
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.jobs.helpers import CALLS, DATABASE_TASKS, flaky, run_queued

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def calls():
    CALLS.clear()
    yield CALLS


def test_a_failing_job_is_retried_until_it_succeeds(caplog):
    with caplog.at_level(logging.WARNING, logger="core.tasks"):
        flaky.enqueue("sms-1", 2)
    assert CALLS == ["sms-1"] * 3
    failures = [r for r in caplog.records if r.name == "core.tasks"]
    assert [r.levelname for r in failures] == ["WARNING", "WARNING"]
    assert "attempt 1 of 5" in failures[0].getMessage() and "attempt 2 of 5" in failures[1].getMessage()


@override_settings(TASKS_MAX_ATTEMPTS=3)
def test_a_job_gives_up_after_the_last_attempt_and_says_so(caplog):
    with caplog.at_level(logging.WARNING, logger="core.tasks"):
        result = flaky.enqueue("sms-2", 99)
    assert CALLS == ["sms-2"] * 3
    levels = [r.levelname for r in caplog.records if r.name == "core.tasks"]
    assert levels == ["WARNING", "WARNING", "ERROR"]
    assert "failed for good after 3 attempts" in caplog.text
    assert result.status == "FAILED"  # the first attempt's result; later ones are their own results


@override_settings(TASKS=DATABASE_TASKS, TASKS_RETRY_DELAY=30)
def test_on_the_database_queue_a_retry_waits_and_counts(caplog):
    flaky.enqueue("mail-1", 1)
    first = DBTaskResult.objects.get()
    assert first.status == "READY" and CALLS == []  # enqueued only; a worker runs it
    before = timezone.now()
    run_queued(first)
    first.refresh_from_db()
    assert first.status == "FAILED" and CALLS == ["mail-1"]
    retry = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert retry.status == "READY" and retry.task_path == "tests.jobs.helpers.flaky"
    assert retry.args_kwargs == {"args": ["mail-1", 1], "kwargs": {"_attempt": 2}}
    assert before + timedelta(seconds=29) <= retry.run_after <= timezone.now() + timedelta(seconds=31)
    assert not DBTaskResult.objects.ready().exists()  # not before its time

    run_queued(retry)
    retry.refresh_from_db()
    assert retry.status == "SUCCESSFUL" and CALLS == ["mail-1", "mail-1"]
    assert DBTaskResult.objects.count() == 2


@override_settings(TASKS=DATABASE_TASKS, TASKS_RETRY_DELAY=30)
def test_retry_delays_grow():
    from core.tasks import retry_delay

    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert retry_delay(20) == timedelta(hours=1)

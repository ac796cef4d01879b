"""A worker killed in the middle of a job leaves it RUNNING: `run_worker`
fails such jobs once they are older than TASKS_STALE_AFTER and queues the
next attempt of a retrying one; jobs still within the limit are left alone."""

import logging
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from core.tasks import recover_stale_tasks
from tests.jobs.helpers import CALLS, DATABASE_TASKS, flaky, plain

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_queue")]


@pytest.fixture
def database_queue():
    CALLS.clear()
    with override_settings(TASKS=DATABASE_TASKS, TASKS_STALE_AFTER=1800, TASKS_MAX_ATTEMPTS=3, TASKS_RETRY_DELAY=30):
        yield


def running(job, *args, minutes, **kwargs):
    """A job a worker claimed `minutes` ago (and then, perhaps, died)."""
    job.enqueue(*args, **kwargs)
    result = DBTaskResult.objects.order_by("-enqueued_at").first()
    result.claim("dead-worker")
    DBTaskResult.objects.filter(pk=result.pk).update(started_at=timezone.now() - timedelta(minutes=minutes))
    return result


def test_a_job_left_running_is_failed_and_its_next_attempt_queued(caplog):
    stale = running(flaky, "mail-1", 0, minutes=45)
    with caplog.at_level(logging.WARNING, logger="core.tasks"):
        assert recover_stale_tasks() == (1, 1)
    stale.refresh_from_db()
    assert stale.status == "FAILED" and stale.exception_class_path == "core.tasks.WorkerLost" and stale.finished_at
    again = DBTaskResult.objects.exclude(pk=stale.pk).get()
    assert again.status == "READY" and again.args_kwargs == {"args": ["mail-1", 0], "kwargs": {"_attempt": 2}}
    assert again.run_after > timezone.now() + timedelta(seconds=25)  # the retry delay, as after any failure
    assert "attempt 2 queued" in caplog.text and CALLS == []  # nothing was run by the recovery itself
    assert recover_stale_tasks() == (0, 0)  # done once


def test_running_jobs_within_the_limit_and_finished_ones_are_left_alone():
    busy = running(flaky, "busy", 0, minutes=20)
    done = running(flaky, "done", 0, minutes=90)
    done.set_successful("sent")
    waiting = flaky.enqueue("waiting", 0)
    assert recover_stale_tasks() == (0, 0)
    statuses = dict(DBTaskResult.objects.values_list("id", "status"))
    assert statuses == {busy.pk: "RUNNING", done.pk: "SUCCESSFUL", DBTaskResult.objects.get(pk=waiting.id).pk: "READY"}
    assert recover_stale_tasks(older_than=timedelta(minutes=10)) == (1, 1)  # a shorter limit, asked for


def test_a_job_without_retries_or_out_of_attempts_fails_for_good(caplog):
    lone = running(plain, "once", minutes=45)
    last = running(flaky, "mail-3", 0, minutes=45, _attempt=3)
    with caplog.at_level(logging.WARNING, logger="core.tasks"):
        assert recover_stale_tasks() == (2, 0)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"FAILED"}
    assert {lone.pk, last.pk} == set(DBTaskResult.objects.values_list("pk", flat=True))
    assert caplog.text.count("failed for good") == 2


def test_run_worker_recovers_at_start_then_works_off_the_queue(monkeypatch):
    # The worker's loop closes a connection it finds inside a transaction: here, the test's own.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    stale = running(flaky, "mail-4", 0, minutes=45)
    ready = plain.enqueue("ready")
    call_command(
        "run_worker", "--batch", "--no-startup-delay", "--no-reload", "--priority", "0", "--settle", "0", "--recover-every", "0",
        stdout=StringIO(), verbosity=0,
    )  # fmt: skip
    stale.refresh_from_db()
    assert stale.status == "FAILED" and CALLS == ["ready"]  # the retry waits for its delay
    assert DBTaskResult.objects.get(pk=ready.id).status == "SUCCESSFUL"
    assert DBTaskResult.objects.filter(status="READY", args_kwargs__kwargs___attempt=2).count() == 1

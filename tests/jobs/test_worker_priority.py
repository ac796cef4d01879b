"""`run_worker` keeps out of residents' way: it runs at idle CPU priority,
and holds a job while jobs are still being queued (a burst of submissions is
served before its receipts are made), until the job is `max_hold` old."""

import argparse
import time
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.management.commands import run_worker
from tests.jobs.helpers import DATABASE_TASKS, plain

pytestmark = pytest.mark.django_db


def test_priority_option_reads_idle_or_a_niceness():
    assert run_worker.priority("idle") == run_worker.priority(" IDLE ") == run_worker.IDLE
    assert run_worker.priority("5") == 5 and run_worker.priority(0) == 0
    with pytest.raises(argparse.ArgumentTypeError, match="idle"):
        run_worker.priority("low")


def test_idle_priority_uses_sched_idle_and_falls_back_to_the_largest_niceness(monkeypatch):
    calls = []
    monkeypatch.setattr(run_worker.os, "sched_setscheduler", lambda pid, policy, param: calls.append(("sched", policy)), raising=False)
    monkeypatch.setattr(run_worker.os, "nice", lambda increment: calls.append(("nice", increment)))
    run_worker.lower_priority(run_worker.IDLE)
    assert calls == [("sched", run_worker.os.SCHED_IDLE)]

    calls.clear()

    def refused(*args):
        raise PermissionError("not permitted")

    monkeypatch.setattr(run_worker.os, "sched_setscheduler", refused, raising=False)
    run_worker.lower_priority(run_worker.IDLE)
    assert calls == [("nice", 19)]

    calls.clear()
    run_worker.lower_priority(0)
    run_worker.lower_priority(7)
    assert calls == [("nice", 7)]


def worker(settle, max_hold):
    return run_worker.SettlingWorker(
        settle=settle, max_hold=max_hold, queue_names=["default"], interval=0.1, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    )  # fmt: skip


def queued(seconds_from_now=0.0):
    """A job queued now, its time moved by `seconds_from_now`."""
    plain.enqueue("job")
    result = DBTaskResult.objects.order_by("-enqueued_at").first()
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=timezone.now() + timedelta(seconds=seconds_from_now))
    result.refresh_from_db()
    return result


def held(settle, max_hold, job):
    started = time.monotonic()
    worker(settle, max_hold).hold_while_busy(job)
    return time.monotonic() - started


@override_settings(TASKS=DATABASE_TASKS)
def test_a_job_waits_until_the_queue_has_been_quiet_for_the_settle_time():
    job = queued()
    job.claim("test-worker")
    assert held(0.3, 30, job) >= 0.25
    assert timezone.now() - job.enqueued_at >= timedelta(seconds=0.3)


@override_settings(TASKS=DATABASE_TASKS)
def test_jobs_still_arriving_hold_it_longer():
    job = queued(-10)  # waiting for a while already
    job.claim("test-worker")
    assert held(0.3, 30, job) < 0.2  # nothing new: it runs at once
    queued(+0.4)  # one more queued (its time in the near future: no sleeping in the test to make it)
    assert held(0.3, 30, job) >= 0.6


@override_settings(TASKS=DATABASE_TASKS)
def test_a_steady_stream_delays_jobs_by_max_hold_but_never_holds_an_old_one():
    old = queued(-40)  # queued longer ago than max_hold
    old.claim("test-worker")
    queued(+0.4)  # and jobs still arriving
    assert held(0.3, 30, old) < 0.2


@override_settings(TASKS=DATABASE_TASKS)
def test_the_hold_is_bounded_and_ends_when_the_worker_stops():
    job = queued()
    job.claim("test-worker")
    queued(+60)
    assert 0.3 <= held(0.3, 0.5, job) < 2
    stopping = worker(0.3, 30)
    stopping.running = False  # SIGTERM during the hold: the job runs, then the worker exits
    started = time.monotonic()
    stopping.hold_while_busy(job)
    assert time.monotonic() - started < 0.1
    assert held(0, 30, job) < 0.1  # --settle 0: never waits


@override_settings(TASKS=DATABASE_TASKS)
def test_a_stop_during_the_hold_runs_the_claimed_job_instead_of_leaving_it_running(monkeypatch):
    import signal

    job = queued()
    job.claim("test-worker")
    stopping = worker(5, 30)

    def sleep(seconds):  # SIGTERM arrives while the job is held
        stopping.shutdown(signal.SIGTERM, None)

    monkeypatch.setattr(run_worker.time, "sleep", sleep)
    stopping.run_task(job)  # db_worker would sys.exit() here if it thought the worker idle
    job.refresh_from_db()
    assert job.status == "SUCCESSFUL" and not stopping.running

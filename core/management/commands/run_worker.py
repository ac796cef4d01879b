"""The background-job worker as this site runs it: django-tasks-db's
`db_worker` (same options), plus

- at start, and every `--recover-every` seconds while it runs, jobs left
  RUNNING by a worker that was killed are failed and, if they retry, queued
  again (`core.tasks.recover_stale_tasks`, after settings.TASKS_STALE_AFTER);
- a lower CPU priority (`--priority`, settings.TASKS_WORKER_PRIORITY): mail,
  SMS, PDFs and index updates can wait a moment, a resident's request should
  not. "idle" (the default) puts the worker in Linux's SCHED_IDLE class: it
  runs only on CPU time no other process wants, and at full speed on an
  otherwise quiet machine. A number instead is added to the niceness (where
  SCHED_IDLE does not exist, "idle" means the largest niceness, 19);
- a job waits while jobs are still arriving (`--settle`, settings.
  TASKS_WORKER_SETTLE seconds since the newest was queued), until it is at
  most `--max-hold` seconds old: a burst of submissions queues one receipt
  each, and those are made once the burst is served, not while residents
  wait on it; a steady stream of jobs is delayed, never slowed down.
"""

import argparse
import functools
import logging
import os
import threading
import time
from unittest import mock

from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from core.tasks import recover_stale_tasks

logger = logging.getLogger(__name__)


class Command(db_worker.Command):
    help = "Run the background-job worker (db_worker), recovering jobs left running by a killed worker"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--priority", type=priority, default=priority(settings.TASKS_WORKER_PRIORITY),
            help='"idle": run only on CPU time nothing else wants; or a number added to the niceness, 0 keeps it '
            "(default: settings.TASKS_WORKER_PRIORITY)",
        )  # fmt: skip
        parser.add_argument(
            "--settle", type=float, default=settings.TASKS_WORKER_SETTLE,
            help="Before a job, wait until no job has been queued for this many seconds (default: %(default)s; 0: never wait)",
        )  # fmt: skip
        parser.add_argument(
            "--max-hold", type=float, default=30,
            help="A job older than this (seconds since it was queued) never waits for the queue to settle (default: %(default)s)",
        )  # fmt: skip
        parser.add_argument(
            "--recover-every", type=float, default=300,
            help="Seconds between looks for jobs left running by a stopped worker (default: %(default)s; 0: only at start)",
        )  # fmt: skip

    def handle(self, *args, priority, settle, max_hold, recover_every, **options):
        lower_priority(priority)  # before any thread starts: threads inherit it
        recover()
        if recover_every > 0:
            threading.Thread(target=recover_periodically, args=(recover_every,), daemon=True, name="recover-stale-tasks").start()
        worker = functools.partial(SettlingWorker, settle=settle, max_hold=max_hold)
        with mock.patch.object(db_worker, "Worker", worker):  # db_worker's handle makes the worker by this name
            return super().handle(*args, **options)


class SettlingWorker(db_worker.Worker):
    """db_worker's worker, holding each job while jobs are still being queued."""

    def __init__(self, *, settle, max_hold, **kwargs):
        super().__init__(**kwargs)
        self.settle, self.max_hold = settle, max_hold

    def run_task(self, db_task_result):
        # The job is claimed: a stop asked for during the hold ends the hold,
        # runs the job, then stops (db_worker exits at once only when idle).
        self.running_task = True
        self.hold_while_busy(db_task_result)
        super().run_task(db_task_result)

    def hold_while_busy(self, db_task_result):
        """Wait until this job and the newest one waiting are `settle` seconds
        old, or until the worker is told to stop. No job waits once it is
        `max_hold` seconds old: under a steady stream of jobs each runs
        `max_hold` seconds after it was queued, and none is held again."""
        if self.settle <= 0:
            return
        waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, backend_name=self.backend_name)
        while self.running:
            now = timezone.now()
            left = self.max_hold - (now - db_task_result.enqueued_at).total_seconds()
            if left <= 0:
                return
            newest = waiting.aggregate(newest=Max("enqueued_at"))["newest"]
            quiet = (now - max(filter(None, [newest, db_task_result.enqueued_at]))).total_seconds()
            if quiet >= self.settle:
                return
            time.sleep(max(0.01, min(self.settle - quiet, left, 0.5)))


IDLE = "idle"


def priority(value):
    """The --priority option: "idle" or a niceness increment."""
    if str(value).strip().lower() == IDLE:
        return IDLE
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"idle" or a whole number, not {value!r}') from None


def lower_priority(value):
    if value == IDLE:
        if hasattr(os, "sched_setscheduler"):
            try:
                os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
                return
            except OSError:  # not permitted here: the next best thing
                pass
        value = 19
    if value:
        os.nice(value)


def recover():
    try:
        failed, requeued = recover_stale_tasks()
        if failed:
            logger.warning("Recovered %d job(s) left running by a stopped worker (%d queued again)", failed, requeued)
    except Exception:  # never stop the worker over it; the next round tries again
        logger.exception("Looking for jobs left running by a stopped worker failed")


def recover_periodically(every):
    """In a thread of its own, with a database connection of its own."""
    while True:
        time.sleep(every)
        try:
            recover()
        finally:
            connection.close()

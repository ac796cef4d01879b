"""The background-job worker as this site runs it: django-tasks-db's
`db_worker` (same options), plus

- at start, and every `--recover-every` seconds while it runs, jobs left
  RUNNING by a worker that was killed are failed and, if they retry, queued
  again (`core.tasks.recover_stale_tasks`, after settings.TASKS_STALE_AFTER);
- a lower CPU priority (`--nice`, settings.TASKS_WORKER_NICE): mail, SMS,
  PDFs and index updates can wait a moment, a resident's request should not
  (the jobs a burst of submissions queues then run once the burst is served).
"""

import logging
import os
import threading
import time

from django.conf import settings
from django.db import connection
from django_tasks_db.management.commands import db_worker

from core.tasks import recover_stale_tasks

logger = logging.getLogger(__name__)


class Command(db_worker.Command):
    help = "Run the background-job worker (db_worker), recovering jobs left running by a killed worker"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--nice", type=int, default=getattr(settings, "TASKS_WORKER_NICE", 10),
            help="Added to the process's niceness (default: settings.TASKS_WORKER_NICE; 0 keeps it)",
        )  # fmt: skip
        parser.add_argument(
            "--recover-every", type=float, default=300,
            help="Seconds between looks for jobs left running by a stopped worker (default: %(default)s; 0: only at start)",
        )  # fmt: skip

    def handle(self, *args, nice, recover_every, **options):
        if nice:
            os.nice(nice)
        recover()
        if recover_every > 0:
            threading.Thread(target=recover_periodically, args=(recover_every,), daemon=True, name="recover-stale-tasks").start()
        return super().handle(*args, **options)


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

"""Background jobs, on django-tasks (the backport of Django's Tasks framework).

Mail, SMS, PDFs to be mailed and search index updates run outside the
request: the request stores its data and enqueues a job (after commit); a
worker (`manage.py db_worker`, database backend) runs it. Tests use the
immediate backend, which runs a job at once.

django-tasks records a failure but does not try again, so `retrying_task`
adds that: a job that raises logs the failure and enqueues itself once more,
with an attempt counter and (where the backend can defer) a growing delay,
until `settings.TASKS_MAX_ATTEMPTS` attempts have failed; the last failure is
logged as an error and left on the task result. Jobs take ids and other
JSON values, never model instances, and must be safe to run twice.

A worker killed in the middle of a job (power cut, OOM killer, `kill -9`)
leaves that job RUNNING for ever. `recover_stale_tasks` (run by
`manage.py run_worker` when it starts and every few minutes after) fails
the jobs RUNNING for longer than `settings.TASKS_STALE_AFTER` seconds and,
for a retrying job with attempts left, queues its next attempt.
"""

import functools
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

ATTEMPT = "_attempt"  # keyword argument carrying the attempt number (1 for the first run)


def max_attempts():
    return getattr(settings, "TASKS_MAX_ATTEMPTS", 5)


def retry_delay(attempt):
    """Wait before attempt `attempt + 1`: 30 s, 1 min, 2 min, … at most 1 hour."""
    base = getattr(settings, "TASKS_RETRY_DELAY", 30)
    return timedelta(seconds=min(base * 2 ** (attempt - 1), 3600))


def retrying_task(func=None, **options):
    """Like django-tasks' `@task(**options)`, but failed runs are retried."""

    def decorate(func):
        @functools.wraps(func)
        def run(*args, **kwargs):
            attempt = kwargs.pop(ATTEMPT, 1)
            try:
                return func(*args, **kwargs)
            except Exception as error:
                name = f"{func.__module__}.{func.__qualname__}"
                limit = max_attempts()
                if attempt >= limit:
                    logger.error("Job %s%r failed for good after %d attempts: %r", name, args, attempt, error, exc_info=True)
                    raise
                logger.warning("Job %s%r failed (attempt %d of %d), will retry: %r", name, args, attempt, limit, error)
                retry(job, args, kwargs, attempt + 1)
                raise  # this attempt is recorded as failed; the next one is queued

        run.retrying = True  # recover_stale_tasks queues a next attempt of these only
        job = task(**options)(run)
        return job

    return decorate(func) if func is not None else decorate


class WorkerLost(Exception):
    """Recorded on a job whose worker stopped while running it."""


def stale_after():
    return timedelta(seconds=getattr(settings, "TASKS_STALE_AFTER", 1800))


def recover_stale_tasks(older_than=None):
    """Fail the database jobs RUNNING since before `older_than` (a timedelta,
    settings.TASKS_STALE_AFTER by default) and queue the next attempt of each
    retrying one (as a failed run would have). Safe beside live workers and
    other recoveries: each row is taken under a lock, skipping locked ones.
    Answers (failed, requeued) counts."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - (older_than or stale_after())
    failed = requeued = 0
    while True:
        with transaction.atomic():
            stale = (
                DBTaskResult.objects.running()
                .filter(started_at__lt=cutoff)
                .select_for_update(skip_locked=True)
                .order_by("started_at")
                .first()
            )
            if stale is None:
                return failed, requeued
            seconds = int((timezone.now() - stale.started_at).total_seconds())
            stale.set_failed(WorkerLost(f"the worker stopped while running this job (RUNNING for {seconds} s)"))
            failed += 1
            try:
                job = stale.task
            except Exception:  # a job that no longer exists in the code: nothing to retry
                logger.error("Job %s (%s) was left running by a stopped worker; it no longer exists", stale.id, stale.task_path)
                continue
            args, kwargs = stale.args_kwargs["args"], dict(stale.args_kwargs["kwargs"])
            attempt = kwargs.pop(ATTEMPT, 1)
            if getattr(job.func, "retrying", False) and attempt < max_attempts():
                retry(job, args, kwargs, attempt + 1)
                requeued += 1
                logger.warning("Job %s%r was left running by a stopped worker; attempt %d queued", stale.task_path, args, attempt + 1)
            else:
                logger.error("Job %s%r was left running by a stopped worker; failed for good", stale.task_path, args)


def retry(job, args, kwargs, attempt):
    if job.get_backend().supports_defer:
        job = job.using(run_after=timezone.now() + retry_delay(attempt - 1))
    job.enqueue(*args, **{**kwargs, ATTEMPT: attempt})


def runs_on_a_worker(job):
    """True when `job` is run by a worker, after the transaction that queued
    it has committed; False on the immediate backend (tests, `runserver`
    without a queue), which runs it at once, inside the caller's transaction."""
    from django_tasks.backends.immediate import ImmediateBackend

    return not isinstance(job.get_backend(), ImmediateBackend)


def enqueue_on_commit(job, *args, **kwargs):
    """Enqueue `job` so that it runs only once the current transaction has
    committed, so a worker never looks for rows that are not there yet.

    A database queue (django-tasks-db) takes the job's row in this very
    transaction: the worker cannot see it before the commit, and it commits or
    rolls back with the data it is about, without a commit of its own. Any
    other backend (the immediate one of tests and `runserver`) is handed the
    job once the transaction has committed (at once outside one)."""
    from django_tasks_db import DatabaseBackend

    if isinstance(job.get_backend(), DatabaseBackend):
        job.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: job.enqueue(*args, **kwargs))

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

        job = task(**options)(run)
        return job

    return decorate(func) if func is not None else decorate


def retry(job, args, kwargs, attempt):
    if job.get_backend().supports_defer:
        job = job.using(run_after=timezone.now() + retry_delay(attempt - 1))
    job.enqueue(*args, **{**kwargs, ATTEMPT: attempt})


def enqueue_on_commit(job, *args, **kwargs):
    """Enqueue `job` once the current transaction commits (at once outside one),
    so a worker never looks for rows that are not there yet."""
    transaction.on_commit(lambda: job.enqueue(*args, **kwargs))

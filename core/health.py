"""/healthz/ for the proxy and the monitoring: is this worker able to serve?

Checks the database, the shared cache (where the throttles live) and, when the
django-tasks framework is installed, its queue. Answers 200 with
{"status": "ok", "checks": {...}} or 503 with the failing check marked
"error"; never a row, a name or an error text (those go to the log).
"""

import importlib.util
import logging
import time
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger("centre.health")


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    try:
        if cache.get(key) != "1":
            raise RuntimeError("cache did not keep a value")
    finally:
        cache.delete(key)
    return True


def check_task_queue():
    """The task queue, when django-tasks is installed: the default backend must
    load (and, for the database backend, its table answer). None: not installed."""
    if importlib.util.find_spec("django_tasks") is None:
        return None
    from django.conf import settings

    if not getattr(settings, "TASKS", None):
        return None
    from django_tasks import default_task_backend

    backend = default_task_backend
    module = type(backend).__module__
    if module.startswith(("django_tasks_db", "django_tasks.backends.database")):
        # The database backend: its table must answer.
        from django.apps import apps

        model = next((m for m in apps.get_models() if m.__name__ == "DBTaskResult"), None)
        if model is not None:
            model.objects.exists()
    return True


CHECKS = {"database": check_database, "cache": check_cache, "tasks": check_task_queue}


@never_cache
@require_GET
def healthz(request):
    results, healthy = {}, True
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            outcome = check()
        except Exception:  # any failure is a failure of this check
            logger.exception("health check failed", extra={"check": name})
            results[name] = "error"
            healthy = False
            continue
        if outcome is None:
            continue  # not in use on this site
        results[name] = "ok"
        logger.debug("health check", extra={"check": name, "ms": round((time.monotonic() - started) * 1000)})
    return JsonResponse({"status": "ok" if healthy else "error", "checks": results}, status=200 if healthy else 503)

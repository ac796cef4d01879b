import os

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# One process: the local-memory cache (tests of the shared limits switch to the
# database cache themselves). Axes warns that locmem is not shared; here it need not be.
CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "locmem://"))}  # noqa: F405
SILENCED_SYSTEM_CHECKS = ["axes.W001"]
# --- Background jobs: run at once, in the test's thread ---------------------
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
TASKS_RETRY_DELAY = 0
EMAIL_TIMEOUT = 2

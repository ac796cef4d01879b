import os

from .base import *  # noqa: F401,F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Background jobs run at once, after the request's transaction commits, unless
# TASKS_BACKEND names a queue: `make run` sets the database queue and starts a
# worker beside the server, as production runs it. So a plain
# `manage.py runserver` (or an import on the command line) needs no worker.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}

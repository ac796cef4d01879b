import os

from .base import *  # noqa: F401,F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

"""Settings for bench/load.py: production settings as a county runs them, with
plain static files storage (no collectstatic of the whole admin per run)."""

from centre.settings.production import *  # noqa: F401,F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

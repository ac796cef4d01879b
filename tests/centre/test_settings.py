"""Production settings refuse to start without real secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_production(**env):
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE")}
    clean.update(env, DJANGO_SETTINGS_MODULE="centre.settings.production")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"],
        cwd=ROOT, env=clean, capture_output=True, text=True,
    )  # fmt: skip


@pytest.mark.parametrize("key", [None, "", "short", "dev-only-insecure-key-do-not-use-in-production"])
def test_production_refuses_missing_or_weak_secret_key(key):
    env = {"ALLOWED_HOSTS": "example.org"}
    if key is not None:
        env["SECRET_KEY"] = key
    result = load_production(**env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_starts_with_real_settings():
    result = load_production(SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_locale_and_time_zone():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"

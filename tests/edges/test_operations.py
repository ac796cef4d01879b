"""Operations: the dashboard warns when next year's 节假日安排 is missing, /healthz/."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from core import health, holiday_warning
from core.models import Holiday

pytestmark = pytest.mark.django_db
WARNING = "节假日安排</h2>"


def on(monkeypatch, day):
    monkeypatch.setattr(holiday_warning, "today", lambda: day)


def dashboard(desk, who):  # noqa: F811
    response = desk.client(who).get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_missing_years():
    Holiday.objects.all().delete()  # the 2026 calendar comes with the migrations
    Holiday.objects.create(date=datetime.date(2026, 10, 1), name="国庆节")
    assert holiday_warning.missing_holiday_years(datetime.date(2026, 10, 31)) == []
    assert holiday_warning.missing_holiday_years(datetime.date(2026, 11, 1)) == [2027]
    Holiday.objects.create(date=datetime.date(2027, 1, 1), name="元旦")
    assert holiday_warning.missing_holiday_years(datetime.date(2026, 12, 1)) == []
    assert holiday_warning.missing_holiday_years(datetime.date(2028, 3, 1)) == [2028]


def test_manager_warned_from_november_when_next_year_is_missing(desk, monkeypatch):  # noqa: F811
    assert Holiday.objects.filter(date__year=2026).exists() and not Holiday.objects.filter(date__year=2027).exists()
    on(monkeypatch, datetime.date(2026, 12, 1))
    html = dashboard(desk, "manager")
    assert "请录入2027 年节假日安排" in html and "/admin/snippets/core/holiday/add/" in html
    on(monkeypatch, datetime.date(2026, 10, 31))
    assert WARNING not in dashboard(desk, "manager")


def test_window_staff_not_warned_and_nothing_changed(desk, monkeypatch):  # noqa: F811
    on(monkeypatch, datetime.date(2026, 12, 1))
    before = list(Holiday.objects.values_list("date", "kind"))
    assert WARNING not in dashboard(desk, "民政窗口")
    assert list(Holiday.objects.values_list("date", "kind")) == before


def test_warning_goes_once_the_calendar_is_entered(desk, monkeypatch):  # noqa: F811
    on(monkeypatch, datetime.date(2026, 12, 1))
    Holiday.objects.create(date=datetime.date(2027, 1, 1), name="元旦")
    assert WARNING not in dashboard(desk, "manager")


# --- /healthz/ ------------------------------------------------------------------------


def test_healthz_ok(client):
    response = client.get("/healthz/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["status"] == "ok" and body["checks"]["database"] == "ok" and body["checks"]["cache"] == "ok"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_answers_503_without_details_when_a_check_fails(client, monkeypatch):
    def broken():
        raise RuntimeError("password authentication failed for user centre at 10.0.0.5")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/healthz/")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body == {"status": "error", "checks": {**body["checks"], "database": "error"}}
    assert "password" not in response.content.decode() and "10.0.0.5" not in response.content.decode()


def test_healthz_refuses_writes_and_holds_no_personal_data(client):
    get_user_model().objects.create_user("someone", password="x")
    assert client.post("/healthz/").status_code == 405
    assert "someone" not in client.get("/healthz/").content.decode()


def test_healthz_reports_the_database_down(client, monkeypatch):
    def no_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("server closed the connection")

    monkeypatch.setattr(connection, "cursor", no_cursor)
    response = client.get("/healthz/")
    assert response.status_code == 503 and json.loads(response.content)["checks"]["database"] == "error"


def test_gunicorn_config_preloads_the_app_and_jieba_and_keeps_no_connection_for_the_workers(monkeypatch):
    """centre/gunicorn.conf.py: loaded once in the master, jieba's dictionary
    with it, no database connection left open for the forked workers to share;
    the access log drops query strings."""
    import runpy

    from django.conf import settings

    from search import text

    config = runpy.run_path(str(settings.BASE_DIR / "centre" / "gunicorn.conf.py"))
    assert config["preload_app"] is True and "%(U)s" in config["access_log_format"] and "%(r)s" not in config["access_log_format"]
    monkeypatch.setattr(text, "_jieba", None)  # as in a fresh master
    closed = []
    monkeypatch.setattr("django.db.connections.close_all", lambda: closed.append(True))
    config["when_ready"](server=None)
    assert text._jieba is not None and closed == [True]

"""Headers and sessions: CSP without inline script on the public site (Wagtail's
admin keeps its allowances), Permissions-Policy, HSTS in production, 12-hour
staff sessions renewed while used, /django-admin/ gone."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from guides.models import ServiceGuidePage

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("boss", password="pw")


def test_public_pages_forbid_inline_script(client, import_guides, full_item):
    import_guides(full_item)
    guide = ServiceGuidePage.objects.get(code="MZ-001")
    for url in ["/", guide.url, "/search/?q=低保", "/apply/status/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        csp = directives(response)
        assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
        assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'self'"]
        assert "Permissions-Policy" in response and "camera=()" in response["Permissions-Policy"]
        # Every script the page loads comes from a file, none is written inline.
        html = response.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or "application/json" in tag, (url, tag)
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), url


def test_templates_have_no_inline_script():
    for template in (ROOT / "templates").rglob("*.html"):
        if "wagtailadmin" in template.parts:
            continue
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or "application/json" in tag or "nonce=" in tag, (template, tag)
        assert not re.search(r"<[a-z][^>]*\son(click|load|change|submit|input|error)\s*=", text), template


def test_admin_pages_load_with_their_scripts_allowed(superuser):
    client = Client()
    client.force_login(superuser)
    for url in ["/admin/", "/admin/pages/", "/admin/snippets/core/holiday/add/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        csp = directives(response)
        # Wagtail's date pickers and inline panels are inline scripts.
        assert "'unsafe-inline'" in csp["script-src"] and not any(s.startswith("'nonce-") for s in csp["script-src"])
        html = response.content.decode()
        scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
        assert scripts and all(src.startswith("/") and not src.startswith("//") for src in scripts), url


def test_login_page_of_the_admin_loads(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200 and "Content-Security-Policy" in response


def test_django_admin_is_not_routed(superuser):
    client = Client()
    client.force_login(superuser)
    assert client.get("/django-admin/").status_code == 404
    assert Client().get("/django-admin/login/").status_code == 404


def test_staff_sessions_last_twelve_hours_and_are_renewed(superuser):
    client = Client()
    client.post("/admin/login/", {"username": "boss", "password": "pw"})
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_SECONDS == 12 * 3600
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 12 * 3600
    # While used, the session is saved again with a new expiry.
    from django.contrib.sessions.models import Session

    first = Session.objects.get(session_key=client.session.session_key).expire_date
    session = client.session
    session["_staff_session_renewed"] = 0  # last renewed long ago
    session.save()
    client.get("/admin/")
    assert Session.objects.get(session_key=client.session.session_key).expire_date >= first


def test_wrong_password_gets_no_staff_session(superuser):
    client = Client()
    client.post("/admin/login/", {"username": "boss", "password": "wrong"})
    assert "_auth_user_id" not in client.session


def test_resident_sessions_keep_the_long_age(client, import_guides, full_item):
    import_guides(full_item)
    guide = ServiceGuidePage.objects.get(code="MZ-001")
    client.post("/text-size/", {"size": "large", "next": guide.url})
    session = client.session
    session["draft"] = "x"
    session.save()
    client.get(guide.url)
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def production_setting(*names, **env):
    code = "import django.conf as c, centre.settings.production as p; print(" + ",".join(f"repr(p.{n})" for n in names) + ")"
    environment = {**os.environ, "SECRET_KEY": "x" * 40, "ALLOWED_HOSTS": "centre.example", **env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_production_sends_hsts():
    assert production_setting("SECURE_HSTS_SECONDS") == "31536000"
    assert production_setting("SECURE_HSTS_SECONDS", HTTPS="0") == "0"

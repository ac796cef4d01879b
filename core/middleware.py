"""Request/response middleware shared by the whole site."""

import json
import logging
import re
import time
from urllib.parse import unquote

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from .views import error_page

logger = logging.getLogger("centre.edge")

# Wagtail's own wording (wagtail.admin.auth.permission_denied), in the active language.
WAGTAIL_DENIED = "Sorry, you do not have permission to access this area."


class AdminPermissionDeniedMiddleware:
    """Wagtail answers a refused admin request with a redirect to the dashboard
    and an error message. Here a refusal is a 403 (with the same Chinese message
    and a link back), so refusals show up as such in logs, audits and tests.

    Wagtail's refusal is recognised by its shape: a redirect to the admin home
    that queued exactly Wagtail's "permission denied" message during this
    request. The message is taken back and the 403 page shown instead, without
    patching Wagtail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 302 or response.get("Location") != resolve_url("wagtailadmin_home"):
            return response
        storage = messages.get_messages(request)
        queued = getattr(storage, "_queued_messages", None)
        if not queued:
            return response
        denied = gettext(WAGTAIL_DENIED)
        refusal = next((message for message in queued if str(message.message).strip() == denied), None)
        if refusal is None:
            return response
        queued.remove(refusal)
        denied_response = TemplateResponse(request, "wagtailadmin/permission_denied.html", status=403)
        return denied_response.render()


# --- The edge: what every request passes first -------------------------------

# C0 control characters and DEL, except tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(request):
    """True when the path, a query parameter, a form field (name or value) or a
    string in a JSON body (key or value, escaped as \\u0000 or not) holds a
    control character that no resident ever types (NUL first of all:
    PostgreSQL refuses it and the request would end in a 500)."""
    if CONTROL_CHARACTERS.search(request.path_info) or CONTROL_CHARACTERS.search(unquote(request.META.get("QUERY_STRING", ""))):
        return True
    fields = [request.GET]
    if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        fields.append(request.POST)  # RequestDataTooBig here becomes the Chinese 400 page
    for querydict in fields:
        for key, values in querydict.lists():
            if CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(value) for value in values):
                return True
    if is_json(request.content_type):
        return json_has_control_characters(request.body)  # bounded by DATA_UPLOAD_MAX_MEMORY_SIZE
    return False


def is_json(content_type):
    return content_type == "application/json" or (content_type or "").endswith("+json")


def json_has_control_characters(body):
    """A JSON body whose text, or any string in it once decoded, holds a control
    character. A body that is not JSON is left to the view to refuse."""
    text = body.decode("utf-8", errors="replace")
    if CONTROL_CHARACTERS.search(text):
        return True
    if "\\u" not in text:
        return False  # without escapes, the decoded strings are the text's own
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return False
    stack = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if CONTROL_CHARACTERS.search(value):
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


class RefuseControlCharactersMiddleware:
    """Refuse, with the Chinese 400 page, any request carrying control characters."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_characters(request):
            logger.warning("refused a request with control characters", extra={"path": request.path_info[:80]})
            return error_page("400.html", 400)
        return self.get_response(request)


PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "publickey-credentials-get", "usb", "browsing-topics",
    )
)  # fmt: skip


class PermissionsPolicyMiddleware:
    """The site uses no camera, microphone, location or payment API: say so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class CentreCSPMiddleware(CSPMiddleware):
    """django-csp with settings.CONTENT_SECURITY_POLICY for the public site
    (no inline script; a nonce where a template asks for one), and the
    allowances Wagtail's admin needs under its prefixes (settings.CSP_ADMIN_PREFIXES):
    Wagtail still writes some inline scripts (date pickers, inline panels) and
    style attributes, so there 'unsafe-inline' replaces the nonce."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(tuple(getattr(settings, "CSP_ADMIN_PREFIXES", ()))):
            parts.replace = {**(parts.replace or {}), **settings.CSP_ADMIN_REPLACE}
            parts.nonce = None
        return parts


class StaffSessionMiddleware:
    """Signed-in staff get sessions of settings.STAFF_SESSION_SECONDS (12 hours),
    renewed while they work (at most once a minute, so a busy page does not
    write the session on every request). Residents' sessions (their drafts and
    status grants) keep SESSION_COOKIE_AGE."""

    RENEWED = "_staff_session_renewed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.RENEWED, 0) >= 60 or session.get_expiry_age() > settings.STAFF_SESSION_SECONDS:
                session[self.RENEWED] = now
                session.set_expiry(settings.STAFF_SESSION_SECONDS)
        return response

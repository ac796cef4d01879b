"""Request/response middleware shared by the whole site."""

from django.contrib import messages
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.utils.translation import gettext

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

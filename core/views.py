from django.http import HttpResponse, HttpResponseRedirect
from django.template.loader import get_template
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.defaults import page_not_found as default_page_not_found

from .context_processors import TEXT_SIZE_COOKIE


@require_POST
def text_size(request):
    """Remember the resident's text size (适老化 large text) in a cookie for a year.
    A plain form post, so it works without JavaScript."""
    size = "large" if request.POST.get("size") == "large" else "normal"
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(TEXT_SIZE_COOKIE, size, max_age=365 * 24 * 3600, samesite="Lax")
    return response


# --- Error pages (handler400 … in centre/urls.py) ------------------------------
# 400, 403 and 500 pages stand alone (no database, no context processors), so
# they render even when the request or the database is what went wrong.


def error_page(template_name, status):
    return HttpResponse(get_template(template_name).render(), status=status)


def bad_request(request, exception=None):
    return error_page("400.html", 400)


def permission_denied(request, exception=None):
    return error_page("403.html", 403)


def page_not_found(request, exception=None):
    return default_page_not_found(request, exception, template_name="404.html")


def server_error(request):
    return error_page("500.html", 500)

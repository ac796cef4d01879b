from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse


def permission_denied(request):
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        raise PermissionDenied
    return TemplateResponse(request, "wagtailadmin/permission_denied.html", status=403)

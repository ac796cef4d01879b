"""Serving a county guide on a township site.

The guide's shared content comes from the one county page; what differs per
township — window, place, hours, phone, local notes — comes from
`LocalGuideDetails`, falling back to the township's 中心设置."""

from dataclasses import dataclass

from django.conf import settings
from django.template.response import TemplateResponse

from core.site_info import centre_name, centre_settings
from guides.feedback import feedback_context

from .models import LocalGuideDetails


@dataclass(frozen=True)
class LocalView:
    window: str
    location: str
    hours: str
    phone: str
    notes: str


def local_view(guide, site, details=None, centre=None, name=""):
    """What residents of `site` see for `guide`: its local details where set,
    else the township centre's own address, hours and phone."""
    if details is None:
        details = LocalGuideDetails.objects.filter(township=site, guide=guide).first()
    centre = centre if centre is not None else centre_settings(site)
    name = name or centre_name(site)
    pick = lambda field, fallback: (getattr(details, field, "") if details else "") or fallback  # noqa: E731
    return LocalView(
        window=pick("window", f"{name}{guide.window.name}"),
        location=pick("location", centre.address if centre else ""),
        hours=pick("hours", centre.hours if centre else ""),
        phone=pick("phone", centre.phone if centre else ""),
        notes=details.local_notes if details else "",
    )


def localise(guide, local):
    """Put the township's values on this (unsaved, per-request) guide instance,
    so the shared templates show them."""
    guide.location, guide.hours, guide.phone = local.location, local.hours, local.phone
    return guide


def render_guide(index, request, guide, template="guides/service_guide_page.html"):
    local = local_view(guide, index.get_site())
    localise(guide, local)
    context = guide.get_context(request)
    context.update(
        township_index=index,
        guide_url=index.guide_url(guide),
        checklist_url=index.guide_url(guide, "checklist"),
        handout_url=index.guide_url(guide, "handout"),
        window_label=local.window,
        window_url="",
        local_notes=local.notes,
    )
    context.update(feedback_context(request, index.guide_url(guide, "feedback")))
    return TemplateResponse(request, template, context)


def handout(index, request, guide):
    local = local_view(guide, index.get_site())
    localise(guide, local)
    overrides = {"window": local.window, "location": local.location, "hours": local.hours, "phone": local.phone}
    # The QR code's short link /s/<code>/ leads back to the guide on the site it was scanned for.
    permalink = request.build_absolute_uri(guide.permalink) if request else settings.PUBLIC_BASE_URL + guide.permalink
    return guide.handout_response(request, overrides=overrides, permalink_url=permalink)

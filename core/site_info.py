"""The centre a request (or a Site) belongs to: its name and settings.

Every place that prints the centre's name — header, footer, PDFs, e-mails —
asks here, so a township Site shows its own name and a fresh install falls
back to settings.CENTRE_NAME."""

from django.conf import settings
from django.http import HttpRequest
from wagtail.models import Site

from .models import CentreSettings


def site_for(request_or_site=None):
    """The Site of a request, a Site itself, or the default Site (None)."""
    if isinstance(request_or_site, Site):
        return request_or_site
    if isinstance(request_or_site, HttpRequest) or hasattr(request_or_site, "META"):
        site = Site.find_for_request(request_or_site)
        if site is not None:
            return site
    return Site.objects.filter(is_default_site=True).first()


def centre_settings(request_or_site=None):
    """The `CentreSettings` of that Site (created empty on first use), or None without a Site."""
    is_request = hasattr(request_or_site, "META")
    if is_request and hasattr(request_or_site, CentreSettings.get_cache_attr_name()):
        return getattr(request_or_site, CentreSettings.get_cache_attr_name())
    site = site_for(request_or_site)
    found = CentreSettings.for_site(site) if site is not None else None
    if is_request:
        # Cached on the request, as CentreSettings.for_request does.
        setattr(request_or_site, CentreSettings.get_cache_attr_name(), found)
    return found


def centre_name(request_or_site=None):
    """The centre's name for that request or Site, falling back to settings.CENTRE_NAME."""
    found = centre_settings(request_or_site)
    return (found.name if found is not None else "") or settings.CENTRE_NAME


def centre_contact(request_or_site=None):
    """地址 · 电话 · 办公时间 of that Site's centre, as one line ('' when none is set)."""
    found = centre_settings(request_or_site)
    return found.contact_line if found is not None else ""

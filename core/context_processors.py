"""Site-wide template context: the requested Site's centre name and settings,
its home and header menu, and the resident's
text-size choice. Apps add their own pieces (`pages.context_processors`,
`network.context_processors`)."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .menus import header_menu
from .site_info import centre_settings, site_for

TEXT_SIZE_COOKIE = "textsize"


def _home_url(request):
    site = site_for(request)
    return site.root_page.get_url(request) if site is not None else "/"


def centre(request):
    found = centre_settings(request)
    return {
        "home_url": SimpleLazyObject(lambda: _home_url(request)),
        "centre_name": (found.name if found is not None else "") or settings.CENTRE_NAME,
        "centre": found,
        "header_menu": SimpleLazyObject(lambda: header_menu(request, found)),
        "large_text": request.COOKIES.get(TEXT_SIZE_COOKIE) == "large",
    }

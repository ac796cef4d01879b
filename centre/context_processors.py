from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .site_info import centre_settings, site_for

TEXT_SIZE_COOKIE = "textsize"


def _centre_pages(request):
    """Live content pages (中心简介, 办事须知, 服务制度…) directly under the requested Site's home page."""
    from pages.models import ContentPage

    site = site_for(request)
    if site is None:
        return []
    return list(ContentPage.objects.live().child_of(site.root_page).only("title", "url_path", "show_in_menus", "show_in_footer"))


def _village_index(request):
    from network.agency import village_index_for

    return village_index_for(site_for(request))


def _county_url(request):
    """'' on the county (default) site; the county site's root URL on a township
    site, for what only the county publishes (法规政策)."""
    from wagtail.models import Site

    site = site_for(request)
    if site is None or site.is_default_site:
        return ""
    county = Site.objects.filter(is_default_site=True).first()
    return county.root_url if county is not None else ""


def centre(request):
    """Site-wide template context: the centre's name and settings of the requested
    Site, its content pages for header and footer, and the resident's text-size choice."""
    found = centre_settings(request)
    pages = SimpleLazyObject(lambda: _centre_pages(request))
    return {
        "centre_name": (found.name if found is not None else "") or settings.CENTRE_NAME,
        "centre": found,
        "centre_pages": pages,
        "village_index": SimpleLazyObject(lambda: _village_index(request) or ""),
        "county_url": SimpleLazyObject(lambda: _county_url(request)),
        "large_text": request.COOKIES.get(TEXT_SIZE_COOKIE) == "large",
    }

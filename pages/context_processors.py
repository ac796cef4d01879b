"""Template context of the centre's own pages: the live content pages directly
under the requested Site's home page (中心简介, 办事须知, 服务制度…), for the footer."""

from django.utils.functional import SimpleLazyObject

from core.site_info import site_for

from .models import ContentPage


def _centre_pages(request):
    site = site_for(request)
    if site is None:
        return []
    return list(ContentPage.objects.live().child_of(site.root_page).only("title", "url_path", "show_in_menus", "show_in_footer"))


def centre_pages(request):
    return {"centre_pages": SimpleLazyObject(lambda: _centre_pages(request))}

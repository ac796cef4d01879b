"""The fixed top of the page tree: a HomePage as the default site's root, with
the 办事指南 and 法规政策 index pages under it. Idempotent; used by the
importer and by load_demo so that a fresh database works either way."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from .models import GuideIndexPage, HomePage, RegulationIndexPage


@dataclass
class Structure:
    home: HomePage
    guide_index: GuideIndexPage
    regulation_index: RegulationIndexPage


@transaction.atomic
def ensure_structure():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node() or create_root()
        home = root.add_child(
            instance=HomePage(
                title=settings.CENTRE_NAME,
                slug="centre-home",
                intro="查办事指南、在线申报、查办理进度，一次说清楚，少跑腿。",
            )
        )
    if site is None:
        site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                                   site_name=settings.CENTRE_NAME)
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = settings.CENTRE_NAME
        site.save()
        # The "Welcome to Wagtail" page of a fresh install is no use to anyone.
        if old_root.depth == 2 and type(old_root.specific) is Page and not old_root.get_children().exists():
            old_root.delete()

    guide_index = GuideIndexPage.objects.child_of(home).first() or home.add_child(
        instance=GuideIndexPage(title="办事指南", slug="banshi", show_in_menus=True, intro="按窗口、按主题或按拼音首字母查找要办的事。")
    )
    regulation_index = RegulationIndexPage.objects.child_of(home).first() or home.add_child(
        instance=RegulationIndexPage(title="法规政策", slug="fagui", show_in_menus=True, intro="办事指南引用的法律、法规和政策文件。")
    )
    return Structure(home=home, guide_index=guide_index, regulation_index=regulation_index)


def create_root():
    """The tree root Wagtail's migrations create; needed again after a database flush."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    return Page.add_root(instance=Page(title="Root", slug="root"))

"""Demo villages and 代办点 (fixtures/villages.json), and each township's
村级代办点 page. Idempotent."""

import json
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Page, Site

from core.models import CentreSettings
from guides.demo import DemoLogin, ensure_user
from guides.models import GuideIndexPage, ServiceGuidePage

from .models import AgencyPoint, LocalGuideDetails, TownshipGuideIndexPage, TownshipHomePage, Village, VillageIndexPage
from .permissions import setup_township_group

FIXTURE = settings.BASE_DIR / "fixtures" / "villages.json"


def site_by_key(key):
    if key == "default":
        return Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return Site.objects.filter(hostname=key).select_related("root_page").first()


def ensure_village_index(home):
    page = VillageIndexPage.objects.child_of(home).first()
    if page is None:
        page = home.add_child(
            instance=VillageIndexPage(
                title="村级代办点",
                slug="daiban",
                show_in_menus=True,
                intro="每个村都有便民服务代办员，可以代收材料、代办标有“可村级代办”的事项。",
            )
        )
        page.save_revision().publish()
    return page


def load_villages():
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    guides = {guide.code: guide for guide in ServiceGuidePage.objects.filter(proxy=True)}
    for township in data["townships"]:
        site = site_by_key(township["site"])
        if site is None:
            continue
        ensure_village_index(site.root_page)
        for order, entry in enumerate(township["villages"], start=1):
            village, _ = Village.objects.update_or_create(
                township=site, slug=entry["slug"], defaults={"name": entry["name"], "sort_order": order}
            )
            for spec in entry["points"]:
                point, _ = AgencyPoint.objects.update_or_create(
                    village=village,
                    agent_name=spec["agent_name"],
                    defaults={"phone": spec["phone"], "hours": spec.get("hours", ""), "place": spec["place"]},
                )
                point.items.set([guides[code] for code in spec.get("items", []) if code in guides])
        if not site.is_default_site:
            set_township_menu(site)


def set_township_menu(site):
    """A township's header menu: its own pages in the menu, with the county's
    在线申报, 通知公告 and 法规政策 (only the county publishes those) after its 办事指南."""
    county = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    own = list(site.root_page.get_children().live().in_menu().specific())
    shared = []
    if county is not None:
        own_types = {type(page) for page in own}
        shared = [page for page in county.root_page.get_children().live().in_menu().specific()
                  if type(page) not in own_types and not isinstance(page, GuideIndexPage)]
    pages = own[:1] + shared + own[1:]
    settings_obj, _ = CentreSettings.objects.get_or_create(site=site)
    settings_obj.menu_links = [("link", {"page": page, "label": ""}) for page in pages]
    settings_obj.save()


TOWNSHIPS = settings.BASE_DIR / "fixtures" / "townships.json"


def align_county_site():
    """With several Sites, Wagtail writes links to another Site's pages as
    absolute URLs, so each Site's hostname and port must be where it is really
    served. The demo puts the county at BASE_URL and the townships on the same
    port (e.g. http://dongshan.localhost:8000/); returns that port."""
    base = urlsplit(settings.PUBLIC_BASE_URL)
    port = base.port or (443 if base.scheme == "https" else 80)
    county = Site.objects.filter(is_default_site=True).first()
    if county is not None and (county.hostname, county.port) != (base.hostname, port):
        county.hostname, county.port = base.hostname, port
        county.save()
    return port


def align_sites():
    """Point the county and every township Site at the port of BASE_URL (after
    `make run PORT=…` on a database loaded for another port)."""
    port = align_county_site()
    Site.objects.filter(is_default_site=False).exclude(port=port).update(port=port)


def load_townships():
    """Each demo township as a Site with its home page, guide index, content
    pages, 中心设置, local details and a staff login. Returns the demo logins."""
    data = json.loads(TOWNSHIPS.read_text(encoding="utf-8"))
    port = align_county_site()
    guides = {guide.code: guide for guide in ServiceGuidePage.objects.all()}
    root = Page.get_first_root_node()
    logins = []
    for entry in data["townships"]:
        site = Site.objects.filter(hostname=entry["hostname"]).first()
        if site is None:
            home = TownshipHomePage.objects.filter(slug=entry["slug"]).first() or root.add_child(
                instance=TownshipHomePage(title=entry["settings"]["name"], slug=entry["slug"], intro=entry["intro"])
            )
            site = Site.objects.create(hostname=entry["hostname"], port=port, root_page=home, site_name=entry["site_name"])
        elif site.port != port:
            site.port = port
            site.save()
        home = site.root_page
        if not TownshipGuideIndexPage.objects.child_of(home).exists():
            index = home.add_child(instance=TownshipGuideIndexPage(title="办事指南", slug="banshi", show_in_menus=True))
            index.save_revision().publish()
        CentreSettings.objects.update_or_create(site=site, defaults=entry["settings"])
        for local in entry.get("local", []):
            guide = guides.get(local["code"])
            if guide is not None:
                fields = {key: local.get(key, "") for key in ("window", "location", "hours", "phone", "local_notes")}
                LocalGuideDetails.objects.update_or_create(township=site, guide=guide, defaults=fields)
        group = setup_township_group(site)
        password = f"{entry['username']}-demo"
        ensure_user(entry["username"], password, groups=[group], first_name=entry["settings"]["name"])
        logins.append(DemoLogin(entry["username"], password, f"{entry['site_name']}工作人员（本镇页面、本镇办理信息、村和代办点）"))
    return logins

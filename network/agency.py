"""Which 代办点 a resident can use: the rules behind the village picker."""

from django.db.models import Prefetch

from guides.models import ServiceGuidePage

from .models import AgencyPoint, Village


def villages_of(site):
    """The villages of a township Site, in order."""
    if site is None:
        return Village.objects.none()
    return Village.objects.filter(township=site).order_by("sort_order", "name")


def villages_with_points(site):
    """Villages of `site`, each with its points and their live items prefetched."""
    items = ServiceGuidePage.objects.live().order_by("title").only("id", "title", "code", "url_path", "path", "depth")
    points = AgencyPoint.objects.prefetch_related(Prefetch("items", queryset=items))
    villages = list(villages_of(site).prefetch_related(Prefetch("agency_points", queryset=points)))
    township_index = township_index_for(site)
    if township_index is not None:
        for village in villages:
            for point in village.agency_points.all():
                for item in point.items.all():
                    item.local_url = township_index.guide_url(item)
    return villages


def township_index_for(site):
    """The TownshipGuideIndexPage of a township Site (None on the county site)."""
    from .models import TownshipGuideIndexPage

    if site is None:
        return None
    return TownshipGuideIndexPage.objects.live().descendant_of(site.root_page).first()


def points_for(guide, village):
    """The village's 代办点 that take this item."""
    if village is None or not guide.proxy:
        return []
    return list(village.agency_points.filter(items=guide))


def other_villages_for(guide, village):
    """Other villages of the same township with a point that takes this item,
    for a resident whose own village cannot."""
    if village is None or not guide.proxy:
        return []
    return list(
        AgencyPoint.objects.filter(items=guide, village__township_id=village.township_id)
        .exclude(village=village)
        .select_related("village")
        .order_by("village__sort_order", "village__name")
    )


def picker_context(guide, request, site):
    """Context of the 选择您所在的村 form: the villages, the chosen one and its points."""
    if not guide.proxy:
        return {}
    villages = list(villages_of(site))
    slug = request.GET.get("village", "")
    chosen = next((v for v in villages if v.slug == slug), None)
    return {
        "villages": villages,
        "chosen_village": chosen,
        "village_points": points_for(guide, chosen),
        "nearby_points": other_villages_for(guide, chosen) if chosen else [],
        "village_unknown": bool(slug) and chosen is None,
        "village_index": village_index_for(site),
    }


def village_index_for(site):
    from .models import VillageIndexPage

    if site is None:
        return None
    return VillageIndexPage.objects.live().descendant_of(site.root_page).first()

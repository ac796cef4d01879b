"""Townships and their villages as residents choose them in an address
(the 地址 field of an application form): every township Site that has
villages, named as residents say it (示例镇, not 示例镇便民服务中心)."""

from .models import Village

CENTRE_SUFFIXES = ("便民服务中心", "政务服务中心", "人民政府")


def township_name(site):
    """A township Site's name without the centre's suffix: 东山镇便民服务中心 → 东山镇."""
    name = (site.site_name or site.hostname or "").strip()
    for suffix in CENTRE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def townships_and_villages():
    """[(township name, [village name, ...])]: the default Site's township
    first, then the others by name; villages in their set order. One query."""
    townships = {}
    villages = Village.objects.select_related("township").order_by("sort_order", "name")
    for village in villages:
        site = village.township
        entry = townships.setdefault(site.pk, (not site.is_default_site, township_name(site), []))
        entry[2].append(village.name)
    return [(name, names) for _, name, names in sorted(townships.values(), key=lambda t: (t[0], t[1]))]

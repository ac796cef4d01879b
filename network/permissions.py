"""Who keeps which township's pages, local details, villages and 代办点.

A township's staff group holds Wagtail page permissions on that township's
root page only, so Wagtail keeps them out of other townships' pages and the
county catalogue. The same page permission decides which township's local
details, villages and points they may edit (checked in network/admin.py).
County managers (中心管理员) keep everything."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Site

from core.policies import ALL_ACTIONS, ScopedPermissionPolicy
from core.roles import admin_access_permission, grant_pages, is_manager

TOWNSHIP_PAGE_PERMISSIONS = ["add", "change", "publish", "lock", "unlock"]


def township_group_name(site):
    return f"{site.site_name or site.hostname}乡镇工作人员"


def setup_township_group(site):
    from .models import AgencyPoint, LocalGuideDetails, Village

    group, _ = Group.objects.get_or_create(name=township_group_name(site))
    group.permissions.add(admin_access_permission())
    grant_pages(group, site.root_page, TOWNSHIP_PAGE_PERMISSIONS)
    for model in (LocalGuideDetails, Village, AgencyPoint):
        content_type = ContentType.objects.get_for_model(model)
        group.permissions.add(*Permission.objects.filter(content_type=content_type))
    return group


def townships_managed_by(user):
    """Sites whose local data `user` keeps: all for managers, else the Sites
    whose root page the user may edit."""
    if not user.is_authenticated or not user.is_active:
        return Site.objects.none()
    if is_manager(user):
        return Site.objects.all()
    ids = [site.pk for site in Site.objects.select_related("root_page") if site.root_page.permissions_for_user(user).can_edit()]
    return Site.objects.filter(pk__in=ids)


def may_manage_township(user, site_id):
    return site_id is not None and townships_managed_by(user).filter(pk=site_id).exists()


class TownshipPolicy(ScopedPermissionPolicy):
    """Rows of a township (local details, villages, 代办点): its staff (with the
    model permissions of their group) keep their own townships' rows, managers
    every township's."""

    manager_actions = frozenset(ALL_ACTIONS)
    township_lookup = "township"  # the path from the model to its Site

    def scope(self, user, queryset):
        if is_manager(user):
            return queryset
        return queryset.filter(**{f"{self.township_lookup}__in": townships_managed_by(user)})


class VillagePolicy(TownshipPolicy):
    township_lookup = "township"


class AgencyPointPolicy(TownshipPolicy):
    township_lookup = "village__township"


class LocalGuideDetailsPolicy(TownshipPolicy):
    township_lookup = "township"

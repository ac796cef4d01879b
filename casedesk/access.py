"""Who may use the case desk, and which cases they see.

The same rule as forms.permissions.staff_can_view, for querysets: managers
(中心管理员) and superusers see every window's cases, window staff their own
window's (a staff group per window, guides.permissions). Every view and
action checks it on the server; menus only follow it.
"""

from guides.models import Window
from guides.permissions import MANAGER_GROUP, staff_group_name

PERSONAL_DATA_PERMISSION = "forms.view_personal_data"


def _group_names(user):
    if not hasattr(user, "_casedesk_groups"):
        user._casedesk_groups = frozenset(user.groups.values_list("name", flat=True))
    return user._casedesk_groups


def _is_active_staff(user):
    return user.is_authenticated and user.is_active and user.is_staff


def is_manager(user):
    return _is_active_staff(user) and (user.is_superuser or MANAGER_GROUP in _group_names(user))


def window_scope(user):
    """None for every window, else the ids of the windows whose cases the user works (maybe none)."""
    if is_manager(user):
        return None
    if not _is_active_staff(user):
        return frozenset()
    if not hasattr(user, "_casedesk_windows"):
        names = _group_names(user)
        user._casedesk_windows = frozenset(w.pk for w in Window.objects.all() if staff_group_name(w) in names)
    return user._casedesk_windows


def can_use_casedesk(user):
    scope = window_scope(user)
    return scope is None or bool(scope)


def can_work(user, submission):
    """forms.permissions.staff_can_view, answered from the cached scope (no query per case)."""
    scope = window_scope(user)
    return scope is None or (submission.window_id is not None and submission.window_id in scope)


def visible_cases(user, queryset):
    scope = window_scope(user)
    return queryset if scope is None else queryset.filter(window_id__in=scope)


def sees_personal_data(user):
    return user.has_perm(PERSONAL_DATA_PERMISSION)

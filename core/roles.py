"""The centre's roles, defined once.

| role | who | holds |
|---|---|---|
| manager (中心管理员) | members of `MANAGER_GROUP`, and superusers | every window and township; approves and publishes |
| window staff (窗口工作人员) | members of a window's staff group (`Window.staff_group`) | that window's guides, forms and cases |
| township staff (乡镇工作人员) | members of a township Site's group | that township's pages and local data |
| village agent (村代办员) | members of `AGENT_GROUP` | may fill applications on a resident's behalf (代办) |

A window is linked to its staff group by a foreign key (`guides.Window.staff_group`,
reverse name `windows`), never by the group's name, so renaming a window or a
group changes nobody's rights. Every question "may this user …" starts here;
the per-object policies of the apps (`guides.permissions`, `cases.permissions`,
`network.permissions`) build on these answers.

Answers are cached on the user object for the request, so a list of a
hundred cases asks the database once.
"""

from django.contrib.auth.models import Permission
from wagtail.models import GroupPagePermission

MANAGER_GROUP = "中心管理员"
AGENT_GROUP = "村代办员"
WINDOW_STAFF_SUFFIX = "工作人员"

# The 受理渠道 recorded on a case entered on someone's behalf.
COUNTER_ROLE = "窗口工作人员"
AGENT_ROLE = "村代办员"

PERSONAL_DATA_PERMISSION = "cases.view_personal_data"
SUBMIT_ON_BEHALF_PERMISSION = "cases.submit_on_behalf"


def default_staff_group_name(window_name):
    """The name given to a new window's staff group (a label only: rights follow the foreign key)."""
    return f"{window_name}{WINDOW_STAFF_SUFFIX}"


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def _group_names(user):
    if not hasattr(user, "_role_groups"):
        user._role_groups = frozenset(user.groups.values_list("name", flat=True))
    return user._role_groups


def is_manager(user):
    """中心管理员: an active superuser or member of the managers' group."""
    return _active(user) and (user.is_superuser or MANAGER_GROUP in _group_names(user))


def is_agent(user):
    return _active(user) and AGENT_GROUP in _group_names(user)


def window_ids(user):
    """None when the user works every window (managers), else the ids of the
    windows whose staff group the user belongs to (maybe none)."""
    if is_manager(user):
        return None
    if not _active(user):
        return frozenset()
    if not hasattr(user, "_role_windows"):
        ids = user.groups.filter(windows__isnull=False).values_list("windows", flat=True)
        user._role_windows = frozenset(ids)
    return user._role_windows


def works_window(user, window_id):
    """May `user` work on things of this window (its guides, forms, cases)?"""
    scope = window_ids(user)
    return scope is None or (window_id is not None and window_id in scope)


def is_window_staff(user):
    scope = window_ids(user)
    return scope is None or bool(scope)


def sees_personal_data(user):
    return _active(user) and user.has_perm(PERSONAL_DATA_PERMISSION)


def proxy_role(user):
    """The 代办 role recorded when `user` submits for a resident."""
    return AGENT_ROLE if is_agent(user) else COUNTER_ROLE


# What the README gives managers besides pages: (app label, model name, actions).
# Named, not imported, so core knows no app above it. Granted to the managers'
# group by guides.permissions.setup_manager_group; the project's own models'
# policies (core.policies.ScopedPermissionPolicy.manager_actions) also give
# them to managers by role, whatever the group holds.
MANAGER_MODEL_PERMISSIONS = [
    ("guides", "window", ("add", "change", "delete", "view")),
    ("guides", "theme", ("add", "change", "delete", "view")),
    ("guides", "windowstaff", ("add", "change", "delete", "view")),
    ("network", "localguidedetails", ("add", "change", "delete", "view")),
    ("network", "village", ("add", "change", "delete", "view")),
    ("network", "agencypoint", ("add", "change", "delete", "view")),
    ("core", "holiday", ("add", "change", "delete", "view")),
    ("core", "centresettings", ("change",)),  # 中心设置
    ("search", "synonym", ("add", "change", "delete", "view")),
    ("wagtailcore", "site", ("add", "change", "view")),  # 站点 (no delete: a township's site is not removed by a click)
    ("auth", "group", ("add", "change", "view")),  # 用户组
]


# --- Setting up groups --------------------------------------------------------


def admin_access_permission():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def grant_pages(group, page, types):
    """Give `group` the Wagtail page permissions `types` (add, change, publish, …) on `page` and below."""
    for permission_type in types:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{permission_type}_page")
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def grant_model_permissions(group, app_label, model_name, actions=("add", "change", "delete", "view")):
    codenames = [f"{action}_{model_name}" for action in actions]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label=app_label, content_type__model=model_name, codename__in=codenames)
    )

"""Groups and page permissions for the centre's staff.

Each window's staff get add/edit on their window's page subtree only (so they
can draft and submit their own guides, never another window's); managers get
every page permission on the whole site, including publish, and manage the
window and theme snippets."""

from django.contrib.auth.models import Group
from django.dispatch import Signal
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from core.policies import ALL_ACTIONS, ScopedPermissionPolicy
from core.roles import (
    MANAGER_GROUP,
    MANAGER_MODEL_PERMISSIONS,
    admin_access_permission,
    default_staff_group_name,
    grant_model_permissions,
    grant_pages,
    window_ids,
)

from .models import Window, WindowIndexPage

STAFF_PAGE_PERMISSIONS = ["add", "change", "lock"]

# Sent with `window` and `group` once a window's staff group holds its rights
# here, so that apps above (the forms' per-window folders) grant theirs too.
window_group_ready = Signal()
MANAGER_PAGE_PERMISSIONS = ["add", "change", "publish", "bulk_delete", "lock", "unlock"]


def setup_manager_group(home):
    """The managers' group: every model permission the README gives managers
    (core.roles.MANAGER_MODEL_PERMISSIONS: windows, themes, staff, townships'
    local details, villages and 代办点, 中心设置, 站点, 用户组, holidays,
    synonyms) and every page permission on the site."""
    group, _ = Group.objects.get_or_create(name=MANAGER_GROUP)
    group.permissions.add(admin_access_permission())
    for app_label, model_name, actions in MANAGER_MODEL_PERMISSIONS:
        grant_model_permissions(group, app_label, model_name, actions)
    grant_pages(group, home, MANAGER_PAGE_PERMISSIONS)
    return group


def staff_group(window):
    """The window's staff group, created (and linked) on first use."""
    if window.staff_group_id is None:
        group, _ = Group.objects.get_or_create(name=default_staff_group_name(window.name))
        window.staff_group = group
        window.save(update_fields=["staff_group"])
    return window.staff_group


def setup_window_group(window_page):
    group = staff_group(window_page.window)
    group.permissions.add(admin_access_permission())
    grant_pages(group, window_page, STAFF_PAGE_PERMISSIONS)
    # Model permission to open 窗口工作人员; which entries is decided per window
    # (guides/staff_admin.py, windows_managed_by).
    grant_model_permissions(group, "guides", "windowstaff")
    window_group_ready.send(sender=Window, window=window_page.window, group=group)
    return group


MODERATION_WORKFLOW = "中心审核"
MODERATION_TASK = "中心管理员审核"


def setup_moderation(home, manager_group, drafting_pages):
    """Staff draft; a manager approves. One workflow on the home page covers
    guides, regulations and notices. Window staff may also draft under each
    of `drafting_pages` (the regulation and notice lists), never publish."""
    task = GroupApprovalTask.objects.filter(name=MODERATION_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=MODERATION_TASK)
    task.groups.set([manager_group])
    workflow, _ = Workflow.objects.get_or_create(name=MODERATION_WORKFLOW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    for window_page in WindowIndexPage.objects.select_related("window"):
        group = staff_group(window_page.window)
        for page in drafting_pages:
            grant_pages(group, page, STAFF_PAGE_PERMISSIONS)
    return workflow


# --- Window staff (今日在岗) ---------------------------------------------------


class WindowStaffPolicy(ScopedPermissionPolicy):
    """窗口工作人员: a window's staff keep their own window's people (with the
    model permissions their group holds); managers keep everyone's."""

    manager_actions = frozenset(ALL_ACTIONS)

    def scope(self, user, queryset):
        scope = window_ids(user)
        return queryset if scope is None else queryset.filter(window_id__in=scope)


def windows_managed_by(user):
    """Windows whose staff list `user` may keep: every window for managers, else
    the windows whose staff group the user belongs to."""
    scope = window_ids(user)
    return Window.objects.all() if scope is None else Window.objects.filter(pk__in=scope)


def may_manage_window(user, window_id):
    return window_id is not None and windows_managed_by(user).filter(pk=window_id).exists()

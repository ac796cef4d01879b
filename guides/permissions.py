"""Groups and page permissions for the centre's staff.

Each window's staff get add/edit on their window's page subtree only (so they
can draft and submit their own guides, never another window's); managers get
every page permission on the whole site, including publish, and manage the
window and theme snippets."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import GroupPagePermission

from .models import Theme, Window, WindowIndexPage, WindowStaff

MANAGER_GROUP = "中心管理员"
STAFF_PAGE_PERMISSIONS = ["add", "change", "lock"]
MANAGER_PAGE_PERMISSIONS = ["add", "change", "publish", "bulk_delete", "lock", "unlock"]


def staff_group_name(window):
    return f"{window.name}工作人员"


def _admin_access():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def _grant_pages(group, page, types):
    for permission_type in types:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{permission_type}_page")
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def setup_manager_group(home):
    group, _ = Group.objects.get_or_create(name=MANAGER_GROUP)
    group.permissions.add(_admin_access())
    from network.models import AgencyPoint, Village

    for model in (Window, Theme, WindowStaff, Village, AgencyPoint):
        content_type = ContentType.objects.get_for_model(model)
        group.permissions.add(*Permission.objects.filter(content_type=content_type))
    _grant_pages(group, home, MANAGER_PAGE_PERMISSIONS)
    return group


def setup_window_group(window_page):
    group, _ = Group.objects.get_or_create(name=staff_group_name(window_page.window))
    group.permissions.add(_admin_access())
    _grant_pages(group, window_page, STAFF_PAGE_PERMISSIONS)
    # Model permission to open 窗口工作人员; which entries is decided per window
    # (guides/staff_admin.py, windows_managed_by).
    _grant_model(group, WindowStaff)
    return group


MODERATION_WORKFLOW = "中心审核"
MODERATION_TASK = "中心管理员审核"


def setup_moderation(home, manager_group, drafting_pages):
    """Staff draft; a manager approves. One workflow on the home page covers
    guides, regulations and notices. Window staff may also draft under each
    of `drafting_pages` (the regulation and notice lists), never publish."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    task = GroupApprovalTask.objects.filter(name=MODERATION_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=MODERATION_TASK)
    task.groups.set([manager_group])
    workflow, _ = Workflow.objects.get_or_create(name=MODERATION_WORKFLOW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    for window_page in WindowIndexPage.objects.select_related("window"):
        group = Group.objects.get(name=staff_group_name(window_page.window))
        for page in drafting_pages:
            _grant_pages(group, page, STAFF_PAGE_PERMISSIONS)
    return workflow


# --- Window staff (今日在岗) ---------------------------------------------------


def is_manager(user):
    return user.is_active and (user.is_superuser or user.groups.filter(name=MANAGER_GROUP).exists())


def windows_managed_by(user):
    """Windows whose staff list `user` may keep: every window for managers, else
    the windows whose staff group the user belongs to."""
    if not user.is_authenticated or not user.is_active:
        return Window.objects.none()
    if is_manager(user):
        return Window.objects.all()
    names = [name.removesuffix("工作人员") for name in user.groups.values_list("name", flat=True) if name.endswith("工作人员")]
    return Window.objects.filter(name__in=names)


def may_manage_window(user, window_id):
    return window_id is not None and windows_managed_by(user).filter(pk=window_id).exists()


def _grant_model(group, model, actions=("add", "change", "delete", "view")):
    content_type = ContentType.objects.get_for_model(model)
    codenames = [f"{action}_{model._meta.model_name}" for action in actions]
    group.permissions.add(*Permission.objects.filter(content_type=content_type, codename__in=codenames))

"""Where application forms live and who may edit them.

Each window has one `FormFolderPage` under the 在线申报 index; its staff
group holds the same page permissions there as on the window's guides (add,
edit, lock — never publish), so Wagtail's own permission checks let a
window's staff add, edit and submit for approval their own window's forms
and answer 403 for any other's, and managers (who hold every page permission
on the home page) approve and publish through the moderation workflow that
covers the whole site.

Folders are made and granted when a window's staff group is set up
(`guides.permissions.window_group_ready`), when a window is saved with a
staff group (a window created later in the admin), when a form is imported
for a window without one, and after every `migrate` (`upgrade`, which also
files forms of an older install into their folders)."""

from django.db import transaction

from core.roles import grant_pages
from guides.models import Window
from guides.permissions import STAFF_PAGE_PERMISSIONS
from guides.site_setup import ensure_structure

from .models import ApplicationFormPage, FormFolderPage, FormIndexPage

UNASSIGNED_TITLE = "未对应事项的申请表"


def ensure_form_index():
    home = ensure_structure().home
    index = FormIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=FormIndexPage(title="在线申报", slug="zaixian", show_in_menus=True, intro="这些事项可以在网上填写申请，提交后到窗口或由村代办员办理。")
        )
        for window in Window.objects.filter(staff_group__isnull=False):
            folder_for(window, index)
    return index


def folder_for(window, index=None):
    """The folder of `window`'s forms (None: forms whose 事项 is unknown),
    made on first use and then granted to the window's staff group."""
    folder = FormFolderPage.objects.filter(window=window).first()
    if folder is None and index is None:
        index = ensure_form_index()  # a new index comes with every staffed window's folder
        folder = FormFolderPage.objects.filter(window=window).first()
    if folder is None:
        if window is None:
            folder = FormFolderPage(title=UNASSIGNED_TITLE, slug="weiduiying", window=None)
        else:
            folder = FormFolderPage(title=f"{window.name}申请表", slug=window.slug, window=window)
        index.add_child(instance=folder)
        grant_folder(window, folder)
    return folder


def grant_folder(window, folder):
    """The window's staff group holds its page permissions on the folder."""
    if window is not None and window.staff_group_id:
        grant_pages(window.staff_group, folder, STAFF_PAGE_PERMISSIONS)


def folder_of_guide(guide):
    return folder_for(guide.window if guide is not None else None)


def window_set_up(window):
    """A window's staff group was set up or changed: its folder and rights, once there is a 在线申报 index."""
    if window.staff_group_id and FormIndexPage.objects.exists():
        grant_folder(window, folder_for(window))


def file_form(form):
    """Move a form into the folder of its guide's window (after its guide moved to another window)."""
    folder = folder_of_guide(form.guide)
    if form.get_parent().pk != folder.pk:
        form.move(folder, pos="last-child")


@transaction.atomic
def upgrade():
    """Idempotent, run after every migrate: each window with a staff group has
    its granted folder, and no form sits directly under the 在线申报 index."""
    index = FormIndexPage.objects.first()
    if index is None:
        return
    for window in Window.objects.filter(staff_group__isnull=False):
        grant_folder(window, folder_for(window, index))
    for form in ApplicationFormPage.objects.child_of(index).select_related("guide"):
        file_form(form)


def forms_of_guide_moved(guide):
    for form in ApplicationFormPage.objects.filter(guide_id=guide.pk):
        file_form(form)



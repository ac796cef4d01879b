"""Admin wiring of the forms app.

Definition files (forms/admin_views.py): download a form as JSON, upload one
with a preview, 以此为模板新建; the editor's 显示条件 controller. Other features of the forms app keep their hooks
in their own functions below."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import admin_views
from .models import ApplicationFormPage, FormFolderPage, FormIndexPage

# --- Definition files: download, upload, 以此为模板新建 ------------------------------------


@hooks.register("register_admin_urls")
def definition_file_urls():
    return [
        path("forms/<int:page_id>/definition.json", admin_views.download_definition, name="forms_download_definition"),
        path("forms/upload/", admin_views.upload_definition, name="forms_upload_definition"),
        path("forms/<int:page_id>/copy/", admin_views.copy_form, name="forms_copy_form"),
    ]


def definition_file_buttons(page, user, priority):
    page = page.specific_deferred
    if isinstance(page, ApplicationFormPage):
        if page.permissions_for_user(user).can_edit():
            yield Button("下载定义（JSON）", reverse("forms_download_definition", args=[page.pk]), icon_name="download", priority=priority)
            yield Button("上传新版本（JSON）", reverse("forms_upload_definition"), icon_name="upload", priority=priority + 1)
        if page.get_parent().permissions_for_user(user).can_add_subpage():
            yield Button("以此为模板新建", reverse("forms_copy_form", args=[page.pk]), icon_name="copy", priority=priority + 2)
    elif isinstance(page, (FormIndexPage, FormFolderPage)) and page.permissions_for_user(user).can_add_subpage():
        yield Button("上传表单定义（JSON）", reverse("forms_upload_definition"), icon_name="upload", priority=priority)


@hooks.register("register_page_header_buttons")
def definition_file_header_buttons(page, user, view_name, next_url=None):
    yield from definition_file_buttons(page, user, priority=75)


@hooks.register("register_page_listing_more_buttons")
def definition_file_listing_buttons(page, user, next_url=None):
    yield from definition_file_buttons(page, user, priority=75)


# --- The form editor: 显示条件 chosen from lists --------------------------------------------


@hooks.register("insert_editor_js")
def show_if_controller():
    """The 显示条件 controller of the form editor (forms/static/forms/js/show_if.js)."""
    return format_html('<script src="{}"></script>', static("forms/js/show_if.js"))

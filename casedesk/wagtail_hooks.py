"""Admin wiring of the case desk: the 办件管理 menu (case list, dashboard,
办结公告, and the holiday calendar registered by core), its URLs."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.widgets import Button
from wagtail_modeladmin.menus import ModelAdminMenuItem

from core.roles import is_manager
from forms.models import ApplicationFormPage

from . import views
from .caseadmin import CaseAdmin, form_answers_links

case_admin = CaseAdmin()  # what modeladmin_register does, keeping the instance for the menu
case_admin.register_with_wagtail()


class ManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return is_manager(request.user)


class HolidayMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("core.change_holiday")


@hooks.register("register_admin_urls")
def register_casedesk_urls():
    return [
        path("casedesk/cases/<int:pk>/transition/", views.transition_view, name="casedesk_transition"),
        path("casedesk/cases/<int:pk>/document/<slug:kind>/", views.document_view, name="casedesk_document"),
        path("casedesk/dashboard/", views.dashboard_view, name="casedesk_dashboard"),
        path("casedesk/completion-notice/", views.generate_notice_view, name="casedesk_generate_notice"),
        path(
            "casedesk/forms/<int:page_id>/answers.<str:fmt>",
            views.form_answers_export,
            name="casedesk_form_answers",
        ),
    ]


# 申请明细 (a form's answers as CSV / XLSX) in the form page's header and listing menus.


def answers_export_buttons(page, user, priority):
    form = page.specific_deferred
    if isinstance(form, ApplicationFormPage):
        for offset, (label, url) in enumerate(form_answers_links(user, form)):
            yield Button(label, url, icon_name="download", priority=priority + offset)


@hooks.register("register_page_header_buttons")
def form_answers_header_buttons(page, user, view_name, next_url=None):
    yield from answers_export_buttons(page, user, priority=80)


@hooks.register("register_page_listing_more_buttons")
def form_answers_listing_buttons(page, user, next_url=None):
    yield from answers_export_buttons(page, user, priority=80)


@hooks.register("register_admin_menu_item")
def register_casedesk_menu():
    return SubmenuMenuItem(
        "办件管理",
        Menu(
            items=[
                ModelAdminMenuItem(case_admin, order=1),
                ManagerMenuItem("办件统计", reverse("casedesk_dashboard"), icon_name="doc-full", order=2),
                ManagerMenuItem("办结公告", reverse("casedesk_generate_notice"), icon_name="list-ul", order=3),
                HolidayMenuItem(
                    "节假日安排", reverse("wagtailsnippets_core_holiday:list"), icon_name="date", order=4
                ),
            ]
        ),
        icon_name="tasks",
        name="casedesk",
        order=150,
    )

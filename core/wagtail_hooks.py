"""Admin wiring of core: the holiday calendar snippet (shown in the 办件管理 menu),
the snippet bulk delete that asks each model's policy (core/policies.py), the
dashboard warning when a year of the holiday calendar is missing, and which of
Wagtail's report and help menu entries each role sees (core/admin_ui.py)."""

from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet

from .admin_ui import drop_hidden, label_site_columns
from .holiday_warning import missing_holiday_years
from .models import Holiday
from .policies import ManagerPolicy, PolicyDeleteBulkAction, PolicySnippetViewSet, register_policy
from .roles import is_manager

register_policy(Holiday, ManagerPolicy)
label_site_columns()

# After Wagtail's own snippet bulk delete (order 0), so this one is the one
# registered for every model whose policy is a ScopedPermissionPolicy.
hooks.register("register_bulk_action", PolicyDeleteBulkAction, order=100)


class HolidayViewSet(PolicySnippetViewSet):
    model = Holiday
    icon = "date"
    menu_label = "节假日安排"
    add_to_admin_menu = False  # an item of the 办件管理 menu below
    ordering = ["-date"]
    list_display = ["date", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


register_snippet(HolidayViewSet)


class HolidayCalendarPanel(Component):
    """管理员首页: 节假日安排 of this year or (from 1 November) next year is missing."""

    name = "holiday_calendar_warning"
    order = 10

    def __init__(self, years):
        self.years = years

    def render_html(self, parent_context=None):
        years = "、".join(f"{year} 年" for year in self.years)
        return format_html(
            '<section class="panel w-mb-4 help-block help-warning" aria-labelledby="holiday-warning-title">'
            '<h2 id="holiday-warning-title">请录入{}节假日安排</h2>'
            "<p>办结时限按工作日计算。还没有录入{}的放假和调休上班日期，"
            "系统会把节假日算作工作日，群众看到的到期日会提前。</p>"
            '<p><a class="button" href="{}">录入节假日安排</a></p></section>',
            years, years, reverse("wagtailsnippets_core_holiday:add"),
        )  # fmt: skip


def can_keep_the_calendar(user):
    return is_manager(user) or user.has_perm("core.add_holiday")


@hooks.register("construct_homepage_panels")
def holiday_calendar_warning(request, panels):
    if not can_keep_the_calendar(request.user):
        return
    years = missing_holiday_years()
    if years:
        panels.insert(0, HolidayCalendarPanel(years))


@hooks.register("construct_reports_menu")
def reports_by_role(request, menu_items):
    drop_hidden(request.user, "reports", menu_items)


@hooks.register("construct_help_menu")
def help_by_role(request, menu_items):
    drop_hidden(request.user, "help", menu_items)

"""Admin wiring of core: the holiday calendar snippet (shown in the 办件管理 menu),
and the snippet bulk delete that asks each model's policy (core/policies.py)."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .models import Holiday
from .policies import ManagerPolicy, PolicyDeleteBulkAction, PolicySnippetViewSet, register_policy

register_policy(Holiday, ManagerPolicy)

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

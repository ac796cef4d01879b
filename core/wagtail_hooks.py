"""Admin wiring of core: the holiday calendar snippet (shown in the 办件管理 menu)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Holiday


class HolidayViewSet(SnippetViewSet):
    model = Holiday
    icon = "date"
    menu_label = "节假日安排"
    add_to_admin_menu = False  # an item of the 办件管理 menu below
    ordering = ["-date"]
    list_display = ["date", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


register_snippet(HolidayViewSet)

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Theme, Window


class WindowViewSet(SnippetViewSet):
    model = Window
    icon = "group"
    menu_label = "承办窗口"
    ordering = ["sort_order", "name"]
    list_display = ["name", "department", "location", "phone", "sort_order"]
    search_fields = ["name", "department", "location"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "生活主题"
    ordering = ["audience", "sort_order", "name"]
    list_display = ["name", "audience", "sort_order"]
    list_filter = ["audience"]
    search_fields = ["name"]


class GuideReferenceViewSetGroup(SnippetViewSetGroup):
    items = (WindowViewSet, ThemeViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "窗口和主题"
    menu_name = "guide-reference"
    menu_order = 200


register_snippet(GuideReferenceViewSetGroup)

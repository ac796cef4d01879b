from django.urls import path
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from core.admin_ui import YesNoColumn
from core.policies import PolicySnippetViewSet, register_policy

from .admin_views import SearchReportView, SynonymCreateView
from .models import Synonym
from .permissions import SynonymPolicy, is_manager

register_policy(Synonym, SynonymPolicy)


class SynonymViewSet(PolicySnippetViewSet):
    model = Synonym
    icon = "link"
    menu_label = "同义词"
    add_view_class = SynonymCreateView
    list_display = ["terms", "expansions", YesNoColumn("active", Synonym), "note", "created_by", "updated_at"]
    list_filter = ["active"]
    search_fields = ["terms", "expansions", "note"]


class ManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return is_manager(request.user)


class SearchReportViewSet(ViewSet):
    name = "search-report"
    icon = "search"
    menu_label = "搜索统计"
    menu_item_class = ManagerMenuItem

    def get_urlpatterns(self):
        return [path("", SearchReportView.as_view(), name="index")]


class SearchViewSetGroup(SnippetViewSetGroup):
    items = (SearchReportViewSet, SynonymViewSet)
    menu_icon = "search"
    menu_label = "站内搜索"
    menu_name = "search"
    menu_order = 300


register_snippet(SearchViewSetGroup)

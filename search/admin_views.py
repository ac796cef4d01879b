"""The managers' search report, and the synonym form it links to."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import CreateView

from . import querylog, synonyms, text
from .permissions import is_manager

PERIODS = {7: "最近 7 天", 30: "最近 30 天", 90: "最近 90 天"}
DEFAULT_PERIOD = 30


class SearchReportView(WagtailAdminTemplateMixin, TemplateView):
    """The most frequent queries and the ones that found nothing, each with a
    link that opens the synonym form with the query filled in."""

    template_name = "search/admin/report.html"
    page_title = "搜索统计"
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not is_manager(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        try:
            days = int(self.request.GET.get("days", DEFAULT_PERIOD))
        except ValueError:
            days = DEFAULT_PERIOD
        days = days if days in PERIODS else DEFAULT_PERIOD
        known = synonyms.current()
        rows = {"frequent": querylog.frequent(days), "found_nothing": querylog.frequent(days, found_nothing=True)}
        for row in rows["frequent"] + rows["found_nothing"]:
            row["has_synonym"] = text.compact(row["query"]) in known
        return super().get_context_data(
            days=days,
            periods=PERIODS,
            add_synonym_url=reverse("wagtailsnippets_search_synonym:add"),
            **rows,
            **kwargs,
        )


class SynonymCreateView(CreateView):
    """The snippet create form, prefilled from ?terms= (the report's links),
    recording who added the entry."""

    def get_initial(self):
        return {**super().get_initial(), "terms": self.request.GET.get("terms", "")[:200]}

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()

"""The filters of the case list. Each offers only what the user may see (a
window's staff get their own window and items), and each ignores a value
it did not offer, so a hand-made query string can neither widen the list
nor probe fields the list does not show."""

from contextlib import suppress
from datetime import date

from django.contrib import admin

from cases.models import Submission
from cases.permissions import visible_cases, window_scope
from guides.models import Window

S = Submission.Status


class ChoiceFilter(admin.SimpleListFilter):
    """A SimpleListFilter whose value must be one of its lookups."""

    template = "casedesk/filter.html"
    field = None  # the field a chosen value is matched against

    def chosen(self):
        value = self.value()
        return value if value in {str(key) for key, _ in self.lookup_choices} else None

    def queryset(self, request, queryset):
        value = self.chosen()
        return queryset.filter(**{self.field: value}) if value else queryset


class WindowFilter(ChoiceFilter):
    title = "承办窗口"
    parameter_name = "window"
    field = "window_id"

    def lookups(self, request, model_admin):
        scope = window_scope(request.user)
        windows = Window.objects.order_by("sort_order", "name")
        if scope is not None:
            windows = windows.filter(pk__in=scope)
        return [(window.pk, window.name) for window in windows]


class ItemFilter(ChoiceFilter):
    title = "事项"
    parameter_name = "item"
    field = "item_code"

    def lookups(self, request, model_admin):
        items = visible_cases(request.user, Submission.objects.order_by()).values_list("item_code", "item_name")
        return sorted(items.distinct())


class StatusFilter(ChoiceFilter):
    title = "状态"
    parameter_name = "status"
    field = "status"

    def lookups(self, request, model_admin):
        return S.choices


class DeadlineFilter(ChoiceFilter):
    """Reads the `deadline` annotation of CaseAdmin.get_queryset."""

    title = "办理时限"
    parameter_name = "deadline"
    field = "deadline"
    LABELS = [
        ("overdue", "逾期未办结"),
        ("due_soon", "两个工作日内到期"),
        ("paused", "补正中（暂停计时）"),
        ("late", "超期办结"),
    ]

    def lookups(self, request, model_admin):
        return self.LABELS


class ChannelFilter(ChoiceFilter):
    title = "受理渠道"
    parameter_name = "channel"
    PROXY_ROLES = {"online": "", "counter": "窗口工作人员", "agent": "村代办员"}

    def lookups(self, request, model_admin):
        return [("online", "网上申报"), ("counter", "窗口录入"), ("agent", "村级代办")]

    def queryset(self, request, queryset):
        value = self.chosen()
        return queryset.filter(proxy_role=self.PROXY_ROLES[value]) if value else queryset


class SubmittedBetweenFilter(admin.ListFilter):
    """提交日期 from … to …, both optional and inclusive, as two date inputs."""

    title = "提交日期"
    template = "casedesk/date_range_filter.html"
    parameters = ("from", "to")

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.dates = {}
        for name in self.parameters:
            if name in params:
                value = params.pop(name)[-1]
                self.used_parameters[name] = value
                with suppress(ValueError):  # not a date: the filter ignores it
                    self.dates[name] = date.fromisoformat(value)

    def has_output(self):
        return True

    def expected_parameters(self):
        return list(self.parameters)

    def queryset(self, request, queryset):
        if "from" in self.dates:
            queryset = queryset.filter(created_at__date__gte=self.dates["from"])
        if "to" in self.dates:
            queryset = queryset.filter(created_at__date__lte=self.dates["to"])
        return queryset

    def choices(self, changelist):
        """One "choice": the current dates and the other parameters the form must keep."""
        keep = [
            (name, value)
            for name, values in changelist.params.lists()
            if name not in self.parameters and name != changelist.PAGE_VAR
            for value in values
        ]
        yield {
            "from": self.dates.get("from"),
            "to": self.dates.get("to"),
            "keep": keep,
            "clear": changelist.get_query_string(remove=list(self.parameters)),
            "selected": bool(self.dates),
        }


FILTERS = (WindowFilter, ItemFilter, StatusFilter, DeadlineFilter, ChannelFilter, SubmittedBetweenFilter)
FILTER_PARAMETERS = frozenset(
    [f.parameter_name for f in FILTERS if hasattr(f, "parameter_name")] + list(SubmittedBetweenFilter.parameters)
)

"""Admin for 窗口工作人员: each window's staff keep their own window's people;
managers keep everyone's. Enforced in the views, not only by hiding links."""

from django import forms
from django.core.exceptions import PermissionDenied
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import WEEKDAYS, WindowStaff
from .permissions import may_manage_window, windows_managed_by


class WindowStaffForm(WagtailAdminModelForm):
    weekday_set = forms.MultipleChoiceField(
        label="在岗日", choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weekday_set"].initial = list(self.instance.weekdays or "12345")
        user = self.for_user
        if user is not None and "window" in self.fields:
            self.fields["window"].queryset = windows_managed_by(user)
        if "backup" in self.fields:
            backups = WindowStaff.objects.select_related("window")
            if user is not None:
                backups = backups.filter(window__in=windows_managed_by(user))
            if self.instance.pk:
                backups = backups.exclude(pk=self.instance.pk)
            self.fields["backup"].queryset = backups

    def clean(self):
        cleaned = super().clean()
        days = cleaned.get("weekday_set")
        if days:
            self.instance.weekdays = "".join(sorted(set(days)))
        window = cleaned.get("window")
        if window is not None and self.for_user is not None and not may_manage_window(self.for_user, window.pk):
            self.add_error("window", "只能维护本窗口的工作人员。")
        return cleaned


class WindowCheckMixin:
    """Refuse (403) any entry of a window the user does not keep."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not may_manage_window(self.request.user, obj.window_id):
            raise PermissionDenied
        return obj


class EditView(WindowCheckMixin, snippet_views.EditView):
    pass


class DeleteView(WindowCheckMixin, snippet_views.DeleteView):
    pass


class CopyView(WindowCheckMixin, snippet_views.CopyView):
    pass


class HistoryView(WindowCheckMixin, snippet_views.HistoryView):
    pass


class UsageView(WindowCheckMixin, snippet_views.UsageView):
    pass


class InspectView(WindowCheckMixin, snippet_views.InspectView):
    pass


class WindowStaffViewSet(SnippetViewSet):
    model = WindowStaff
    icon = "user"
    menu_label = "窗口工作人员"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "window", "post", "staff_number", "backup", "away_from", "away_until"]
    list_filter = ["window"]
    search_fields = ["name", "post", "staff_number"]
    edit_view_class = EditView
    delete_view_class = DeleteView
    copy_view_class = CopyView
    history_view_class = HistoryView
    usage_view_class = UsageView
    inspect_view_class = InspectView
    edit_handler = ObjectList([
        FieldRowPanel([FieldPanel("name"), FieldPanel("staff_number")]),
        FieldRowPanel([FieldPanel("window"), FieldPanel("post")]),
        FieldPanel("photo"),
        FieldPanel("weekday_set"),
        MultiFieldPanel(
            [FieldPanel("backup"), FieldRowPanel([FieldPanel("away_from"), FieldPanel("away_until")]), FieldPanel("away_reason")],
            heading="AB岗和离岗",
        ),
        FieldPanel("sort_order"),
    ], base_form_class=WindowStaffForm)


    def get_queryset(self, request):
        return WindowStaff.objects.filter(window__in=windows_managed_by(request.user)).select_related("window", "backup")

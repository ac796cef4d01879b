"""Admin for 窗口工作人员: each window's staff keep their own window's people;
managers keep everyone's. Every view, chooser and bulk action asks
guides.permissions.WindowStaffPolicy (registered in wagtail_hooks.py); the
form only offers the user's own windows and their staff as B岗."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList

from core.policies import PolicySnippetViewSet

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


class WindowStaffViewSet(PolicySnippetViewSet):
    model = WindowStaff
    icon = "user"
    menu_label = "窗口工作人员"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "window", "post", "staff_number", "backup", "away_from", "away_until"]
    list_filter = ["window"]
    search_fields = ["name", "post", "staff_number"]
    list_select_related = ("window", "backup")
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

"""Admin views for villages, 代办点 and local details, scoped to the user's townships.
Refusals are 403s raised in the views (not only hidden links)."""

from django.core.exceptions import PermissionDenied
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.snippets.views import snippets as snippet_views

from .models import Village
from .permissions import may_manage_township, townships_managed_by


def scoped_view(base, township_of):
    class Scoped(base):
        def get_object(self, queryset=None):
            obj = super().get_object(queryset)
            if not may_manage_township(self.request.user, township_of(obj)):
                raise PermissionDenied
            return obj

    Scoped.__name__ = f"Scoped{base.__name__}"
    return Scoped


def scoped_views(township_of):
    """edit/delete/copy/history/usage/inspect view classes refusing other townships' rows."""
    return {
        f"{name}_view_class": scoped_view(getattr(snippet_views, cls), township_of)
        for name, cls in [
            ("edit", "EditView"),
            ("delete", "DeleteView"),
            ("copy", "CopyView"),
            ("history", "HistoryView"),
            ("usage", "UsageView"),
            ("inspect", "InspectView"),
        ]
    }


def scoped(township_of):
    """Class decorator for a SnippetViewSet: its object views refuse (403) rows
    of townships the user does not keep."""

    def decorate(viewset):
        for attribute, view_class in scoped_views(township_of).items():
            setattr(viewset, attribute, view_class)
        return viewset

    return decorate


class TownshipScopedForm(WagtailAdminModelForm):
    """Limits the township (and village) choices to the user's own townships."""

    township_field = "township"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None:
            return
        sites = townships_managed_by(user)
        if "township" in self.fields:
            self.fields["township"].queryset = sites
        if "village" in self.fields:
            self.fields["village"].queryset = Village.objects.filter(township__in=sites)

    def clean(self):
        cleaned = super().clean()
        user = self.for_user
        site = cleaned.get("township") or getattr(cleaned.get("village"), "township", None)
        if user is not None and site is not None and not may_manage_township(user, site.pk):
            raise PermissionDenied
        return cleaned


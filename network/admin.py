"""Admin forms for villages, 代办点 and local details, scoped to the user's townships.
Which rows a user may list, open, change or delete is decided by the policies
of network/permissions.py (registered in wagtail_hooks.py); the form only
offers the user's own townships and villages, and refuses any other."""

from django.core.exceptions import PermissionDenied
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Village
from .permissions import may_manage_township, townships_managed_by


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

"""Window folders follow windows and guides (forms.folders)."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import post_page_move

from guides.models import ServiceGuidePage, Window
from guides.permissions import window_group_ready

from .folders import forms_of_guide_moved, window_set_up


@receiver(window_group_ready)
def on_window_group_ready(sender, window, group, **kwargs):
    window_set_up(window)


@receiver(post_save, sender=Window)
def on_window_saved(sender, instance, raw=False, **kwargs):
    """A window created (or given a staff group) later in the admin gets its folder and rights."""
    if not raw:
        window_set_up(instance)


@receiver(post_page_move, sender=ServiceGuidePage)
def on_guide_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    """A guide moved to another window takes its forms to that window's folder."""
    if parent_page_before.pk != parent_page_after.pk:
        forms_of_guide_moved(instance)

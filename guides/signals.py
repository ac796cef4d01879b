from django.dispatch import receiver
from wagtail.signals import page_published, post_page_move

from .models import RegulationPage, ServiceGuidePage, WindowIndexPage
from .review import guide_published, regulation_published


@receiver(page_published, sender=RegulationPage)
def on_regulation_published(sender, instance, revision=None, **kwargs):
    # Wagtail also sends page_published when a revision is only scheduled.
    if not instance.live:
        return
    regulation_published(instance)


@receiver(page_published, sender=ServiceGuidePage)
def on_guide_published(sender, instance, revision=None, **kwargs):
    if not instance.live:
        return
    guide_published(instance, revision=revision, user=getattr(revision, "user", None))


@receiver(post_page_move)
def on_page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    """A guide moved to another window's page belongs to that window. Wagtail's
    move saves only the base page, so the copied `window` is set here."""
    if parent_page_before.pk == parent_page_after.pk:
        return
    specific = instance.specific
    if isinstance(specific, ServiceGuidePage):
        parent = parent_page_after.specific
        if isinstance(parent, WindowIndexPage) and specific.window_id != parent.window_id:
            ServiceGuidePage.objects.filter(pk=specific.pk).update(window_id=parent.window_id)

from django.dispatch import receiver
from wagtail.signals import page_published

from .models import RegulationPage, ServiceGuidePage
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

"""Chinese labels for Wagtail admin templates that print developers' names."""

from django import template
from django.apps import apps

register = template.Library()


@register.filter
def app_verbose_name(content_type):
    """办事指南 for a content type of the guides app (Wagtail prints `guides.serviceguidepage`)."""
    try:
        return apps.get_app_config(content_type.app_label).verbose_name
    except LookupError:
        return content_type.app_label

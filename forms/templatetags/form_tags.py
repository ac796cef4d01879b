from django import template

from forms.models import ApplicationFormPage

register = template.Library()


@register.simple_tag
def forms_for_guide(guide):
    """The live application forms that apply for this guide's item."""
    return list(ApplicationFormPage.objects.live().filter(guide=guide).order_by("title"))

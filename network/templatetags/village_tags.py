from django import template

from core.site_info import site_for

from ..agency import picker_context

register = template.Library()


@register.simple_tag(takes_context=True)
def village_picker(context, guide):
    """The 选择您所在的村 picker for `guide` on the requested Site:
    `{% village_picker page as picker %}`, then include network/village_picker.html."""
    request = context["request"]
    return picker_context(guide, request, site_for(request))

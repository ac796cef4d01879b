from django import template
from django.utils.safestring import mark_safe

from guides import text
from guides.flowchart import format_days, render_svg

register = template.Library()


@register.simple_tag
def flowchart(steps, total_days=None):
    """The 流程图 as inline SVG (render_svg escapes every text it draws)."""
    return mark_safe(render_svg(steps, total_days=total_days))


@register.filter
def workdays(days):
    """'10 个工作日'; 0 is 即时办理; None is an empty string (same wording as the flowchart and PDF)."""
    return format_days(days)


@register.filter(name="article_anchor")
def article_anchor_filter(article):
    return text.article_anchor(article or "")

from django import template

from core import text
from guides.flowchart import format_days

register = template.Library()


@register.filter
def workdays(days):
    """'10 个工作日'; 0 is 即时办理; None is an empty string (same wording as the flowchart and PDF)."""
    return format_days(days)


@register.filter(name="article_anchor")
def article_anchor_filter(article):
    return text.article_anchor(article or "")

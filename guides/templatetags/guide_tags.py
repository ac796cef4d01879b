from django import template

from core import text
from core.promise import format_days, promise_text

register = template.Library()


@register.filter
def workdays(days):
    """'10 个工作日'; 0 is 即时办理; None is an empty string (same wording as the flowchart and PDF)."""
    return format_days(days)


@register.filter
def promise(days, due=None):
    """承诺办结时限 with the expected date: '20 个工作日（受理后计算，预计 2026年12月21日前办结）'."""
    return promise_text(days, due)


@register.filter(name="article_anchor")
def article_anchor_filter(article):
    return text.article_anchor(article or "")

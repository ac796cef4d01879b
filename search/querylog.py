"""The query log: what residents searched for (scrubbed of personal data),
how many results they got, and which item came first. Feeds the managers'
report and the 常办事项 shown when a search finds nothing."""

from datetime import timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from . import text
from .models import Kind, QueryLog, SearchDocument

MOST_USED_DAYS = 90


def record(results):
    """Log one search (`search.engine.Results`), unless nothing is left once scrubbed."""
    query = text.scrub(text.normalise(results.query))[:200]
    if query.strip(text.REDACTED + " "):
        QueryLog.objects.create(
            query=query,
            result_count=results.total,
            first_result_id=results.hits[0].page_id if results.hits else None,
        )


def frequent(days, found_nothing=False, limit=50):
    """The most frequent queries of the last `days` days, with how often each
    was searched, how often it found nothing, and when it was last searched."""
    logs = QueryLog.objects.filter(searched_at__gte=timezone.now() - timedelta(days=days))
    if found_nothing:
        logs = logs.filter(result_count=0)
    return list(
        logs.values("query")
        .annotate(searches=Count("id"), empty=Count("id", filter=Q(result_count=0)), last=Max("searched_at"))
        .order_by("-searches", "query")[:limit]
    )


def most_used(limit=6):
    """The guides that most often came first in recent searches, filled up
    with guides in site order while the log is still short."""
    since = timezone.now() - timedelta(days=MOST_USED_DAYS)
    ranked = [
        pk
        for pk, _ in QueryLog.objects.filter(searched_at__gte=since, first_result__isnull=False)
        .values_list("first_result")
        .annotate(n=Count("id"))
        .order_by("-n")[: limit * 2]
    ]
    guides = SearchDocument.objects.filter(kind=Kind.GUIDE)
    found = {document.pk: document for document in guides.filter(pk__in=ranked)}
    chosen = [found[pk] for pk in ranked if pk in found][:limit]
    if len(chosen) < limit:
        chosen += list(guides.exclude(pk__in=[d.pk for d in chosen]).order_by("page__path")[: limit - len(chosen)])
    return chosen

"""Site search. For now Wagtail's own database backend; issue #5 replaces it
with the Chinese-aware engine."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page

MAX_QUERY_LENGTH = 200


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.live().specific().search(query) if query else Page.objects.none()
    paginator = Paginator(results, 10)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    return TemplateResponse(request, "search/search.html", {"search_query": query, "search_results": page})

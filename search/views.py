"""The search page and the JSON API (`../shared/spec/search-api.md`). Both
ask `search.engine`; the type-ahead uses the API."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.template.response import TemplateResponse
from wagtail.models import Site

from guides.models import window_pages_with_counts

from . import engine, querylog
from .backends.base import Filters
from .params import parse

PARAMETERS = ("q", "window", "theme", "type", "online")
FACET_HEADINGS = {"window": "承办窗口", "theme": "生活主题", "type": "事项类型"}
TYPEAHEAD = "typeahead"


def api(request):
    params = parse(request.GET)
    if params.errors:
        return json_response({"error": "；".join(params.errors.values())}, status=400)
    results = engine.search(params.query, params.filters, params.page)
    if request.GET.get("source") != TYPEAHEAD:
        log(results)
    return json_response(
        {
            "query": results.query,
            "total": results.total,
            "page": results.page,
            "results": [
                {
                    "code": hit.code,
                    "title": hit.title,
                    "url": hit.url,
                    "kind": hit.kind,
                    "window": hit.window,
                    "snippet": str(hit.snippet),
                }
                for hit in results.hits
            ],
            "facets": {
                name: [{"id": value.id, "label": value.label, "count": value.count} for value in values]
                for name, values in results.facets.items()
            },
            "suggestion": results.suggestion,
        }
    )


def search(request):
    """The search page: bad parameter values are left out rather than refused."""
    params = parse(request.GET)
    results = engine.search(params.query, params.filters, params.page)
    log(results)
    current = {key: request.GET.get(key, "").strip() for key in PARAMETERS}
    current = {key: value for key, value in current.items() if value and key not in params.errors}
    context = {
        "search_query": results.query,
        "results": results,
        "facet_groups": facet_groups(results.facets, current),
        "online_filter": {
            "count": results.online_count,
            "selected": params.filters.online is True,
            "url": link(current, online=None if params.filters.online else "1"),
        },
        "filtered": params.filters != Filters(),
        "clear_filters_url": link({"q": results.query}),
        "suggestion_url": link({"q": results.suggestion}) if results.suggestion else None,
        "previous_url": link(current, page=results.page - 1) if results.has_previous else None,
        "next_url": link(current, page=results.page + 1) if results.has_next else None,
    }
    if not results.total:
        site = Site.find_for_request(request)
        context["most_used"] = querylog.most_used()
        context["window_pages"] = window_pages_with_counts(site.root_page) if site else []
    return TemplateResponse(request, "search/search.html", context)


def facet_groups(facets, current):
    """Facet values as links that set, or (when chosen) clear, their filter."""
    return [
        {
            "name": name,
            "heading": FACET_HEADINGS[name],
            "values": [
                {
                    "label": value.label,
                    "count": value.count,
                    "selected": value.selected,
                    "url": link(current, **{name: None if value.selected else value.id}),
                }
                for value in values
            ],
        }
        for name, values in facets.items()
        if values
    ]


def log(results):
    """Log a search when a query was typed (once: not again for later pages)."""
    if results.query and results.page == 1:
        querylog.record(results)


def link(current, **changes):
    """The search page's query string for the current parameters with
    `changes` applied (None removes one). Any change goes back to page 1."""
    params = {**current}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(params)


def json_response(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})

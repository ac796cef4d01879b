"""The one search interface of the site: the JSON API, the search page and the
type-ahead all call `search()`; signals and commands call the indexing
functions.

The embedded index is always kept current. When `SEARCH_BACKEND` is
"elasticsearch", Elasticsearch answers queries and receives the same index
updates (after the transaction commits); when it cannot be reached, the query
is answered from the embedded index and a warning is logged, and the index
job fails so that it is tried again later.
"""

import logging
import time
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from wagtail.models import Page

from guides.models import ItemType, Theme, Window

from . import synonyms
from .analysis import analyse
from .backends.base import BackendUnavailable, Filters
from .backends.embedded import EmbeddedBackend
from .highlight import document_snippet, mark
from .models import Kind
from .registry import registration_for, registrations

logger = logging.getLogger(__name__)

PER_PAGE = 10
MAX_QUERY_LENGTH = 200
RETRY_AFTER = 30  # seconds without trying an unreachable server again
REBUILD_BATCH = 500

EMBEDDED = EmbeddedBackend()
_unavailable_until = {}


# --- Results ----------------------------------------------------------------


@dataclass
class Hit:
    page_id: int
    kind: str
    kind_label: str
    title: str
    title_html: str
    code: str | None
    url: str
    window: str | None
    snippet: str


@dataclass
class FacetValue:
    id: object
    label: str
    count: int
    selected: bool = False


@dataclass
class Results:
    query: str
    page: int
    total: int = 0
    hits: list = field(default_factory=list)
    facets: dict = field(default_factory=lambda: {"window": [], "theme": [], "type": []})
    online_count: int = 0
    suggestion: str | None = None
    backend: str = EMBEDDED.name

    @property
    def num_pages(self):
        return max(1, -(-self.total // PER_PAGE))

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.num_pages


def search(query, filters=None, page=1):
    """Page `page` (10 results) of what matches `query`, with facets and a suggestion."""
    filters = filters if filters is not None else Filters()
    query = (query or "").strip()[:MAX_QUERY_LENGTH].strip()
    plan = analyse(query, synonyms.current()) if query else None
    if not plan:
        return Results(query=query, page=page)
    matches, backend = _answer(plan, filters, (page - 1) * PER_PAGE, PER_PAGE)
    windows = {window.pk: window.name for window in Window.objects.all()}
    results = Results(
        query=query,
        page=page,
        total=matches.total,
        hits=[_hit(match.document, plan.highlights, windows) for match in matches.matches],
        facets=_facets(matches.facets, filters, windows),
        online_count=matches.facets.get("online", {}).get(True, 0),
        backend=backend,
    )
    top = matches.matches[0] if matches.matches and page == 1 else None
    if top is not None and not top.textual and top.document.title != query:
        results.suggestion = top.document.title
    return results


def _answer(plan, filters, offset, limit):
    backend = configured_backend()
    if backend is not EMBEDDED and time.monotonic() >= _unavailable_until.get(backend, 0):
        try:
            return backend.search(plan, filters, offset, limit), backend.name
        except BackendUnavailable as error:
            _unavailable_until[backend] = time.monotonic() + RETRY_AFTER
            logger.warning(
                "Search backend %s is unavailable (%s); answering from the embedded index for the next %d s",
                backend.name, error, RETRY_AFTER,
            )  # fmt: skip
    return EMBEDDED.search(plan, filters, offset, limit), EMBEDDED.name


def _hit(document, words, windows):
    return Hit(
        page_id=document.page_id,
        kind=document.kind,
        kind_label=Kind(document.kind).label if document.kind in Kind.values else document.kind,
        title=document.title,
        title_html=mark(document.title, words),
        code=document.code or None,
        url=document.url,
        window=windows.get(document.window_id),
        snippet=document_snippet(document, words),
    )


def _facets(counts, filters, windows):
    def values(found, labels, selected):
        order = {key: position for position, key in enumerate(labels)}
        ordered = sorted((key for key in found if key in labels), key=lambda key: (-found[key], order[key]))
        return [FacetValue(key, labels[key], found[key], key == selected) for key in ordered]

    themes = {theme.slug: theme.name for theme in Theme.objects.all()}
    types = dict(ItemType.choices)
    return {
        "window": values(counts.get("window", {}), windows, filters.window),
        "theme": values(counts.get("theme", {}), themes, filters.theme),
        "type": values(counts.get("type", {}), types, filters.item_type),
    }


# --- Backends ---------------------------------------------------------------


def configured_backend():
    if settings.SEARCH_BACKEND == "elasticsearch":
        return _elasticsearch(
            settings.ELASTICSEARCH_URL, settings.SEARCH_ELASTICSEARCH_INDEX, settings.SEARCH_ELASTICSEARCH_TIMEOUT
        )
    return EMBEDDED


@lru_cache(maxsize=4)
def _elasticsearch(url, index_name, timeout):
    from .backends.elasticsearch import ElasticsearchBackend

    return ElasticsearchBackend(url, index_name, timeout)


def _mirror(action, committed=False):
    """Apply an index change to Elasticsearch too.

    `committed`: the change has committed and this runs on a worker (the
    index jobs of `search.tasks`): a server that cannot be reached raises, the
    job fails and is retried (`core.tasks.retrying_task`), and once its
    attempts are spent the failure is logged as an error. Otherwise (the
    immediate job backend of tests and `runserver` runs a job within the
    editor's request) the change is sent once the transaction commits, and a
    server that cannot be reached is logged, never raised into the request."""
    backend = configured_backend()
    if backend is EMBEDDED:
        return
    if committed:
        action(backend)
        return

    def run():
        try:
            action(backend)
        except BackendUnavailable as error:
            logger.warning("Search index update not sent to %s (%s); run rebuild_search_index later", backend.name, error)

    transaction.on_commit(run)


# --- Indexing ---------------------------------------------------------------


def index_pages(pages, committed=False):
    """Index live pages of registered types (others are skipped); `committed`
    as for `_mirror`."""
    synonyms.current()  # the dictionary's words segment whole in pages too
    documents = []
    for page in pages:
        registration = registration_for(type(page))
        if registration is not None and page.live and not page.alias_of_id:
            documents.append(registration.to_document(page))
    if documents:
        EMBEDDED.index(documents)
        _mirror(lambda backend: backend.index(documents), committed)


def remove_pages(page_ids, committed=False):
    page_ids = list(page_ids)
    EMBEDDED.remove(page_ids)
    _mirror(lambda backend: backend.remove(page_ids), committed)


def index_subtree(page, committed=False):
    """Re-index a page and everything under it (after a move: URLs and windows change)."""
    index_pages(Page.objects.descendant_of(page, inclusive=True).live().specific(), committed)


def rebuild(backend=EMBEDDED):
    """Index every live page of every registered type from scratch into
    `backend`. Returns {page type name: count}."""
    synonyms.current()  # the dictionary's words segment whole in pages too
    backend.clear()
    counts = {}
    for registration in registrations():
        batch = []
        count = 0
        for page in registration.queryset().iterator(chunk_size=REBUILD_BATCH):
            batch.append(registration.to_document(page))
            if len(batch) == REBUILD_BATCH:
                backend.index(batch)
                count, batch = count + len(batch), []
        backend.index(batch)
        counts[str(registration.model._meta.verbose_name)] = count + len(batch)
    return counts

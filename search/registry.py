"""Which page types the site search indexes, and how.

An app makes a page type searchable by registering it, usually in its
`AppConfig.ready()`:

    from search.documents import Document
    from search.models import Kind
    from search.registry import register

    def form_document(page):
        return Document(page_id=page.pk, kind=Kind.FORM, title=page.title, url=page.url, body=[page.intro])

    register(ApplicationFormPage, form_document)

From then on the page type is indexed when a page is published, dropped when
it is unpublished or deleted, re-indexed when it moves, and included in
`manage.py rebuild_search_index`.
"""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Registration:
    model: type
    to_document: Callable
    queryset: Callable


_registrations = {}


def register(model, to_document, queryset=None):
    """Index pages of `model`. `to_document(page)` returns a `search.documents.Document`;
    `queryset()` returns the live pages to index on a rebuild (default
    `model.objects.live()`; pass one with select_related/prefetch_related to
    rebuild fast)."""
    _registrations[model] = Registration(model, to_document, queryset or (lambda: model.objects.live()))


def registration_for(model):
    """The registration of exactly this page class, or None."""
    return _registrations.get(model)


def registrations():
    return list(_registrations.values())

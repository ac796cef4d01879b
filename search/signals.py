"""Keeping the index current: Wagtail's page signals enqueue jobs
(`search/tasks.py`) that drive `search.engine`. Only live pages of
registered types are in the index."""

from django.db.models.signals import post_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import tasks
from .registry import registration_for


def page_published_handler(sender, instance, **kwargs):
    tasks.index_pages.enqueue([instance.pk])


def page_unpublished_handler(sender, instance, **kwargs):
    if registration_for(sender):
        tasks.remove_pages.enqueue([instance.pk])


def page_moved_handler(sender, instance, **kwargs):
    tasks.index_subtree.enqueue(instance.pk)


def page_deleted_handler(sender, instance, **kwargs):
    # Deleting a page deletes its embedded document by cascade; this tells Elasticsearch.
    if registration_for(instance.specific_class):
        tasks.remove_pages.enqueue([instance.pk])


def connect():
    page_published.connect(page_published_handler, dispatch_uid="search-page-published")
    page_unpublished.connect(page_unpublished_handler, dispatch_uid="search-page-unpublished")
    post_page_move.connect(page_moved_handler, dispatch_uid="search-page-moved")
    # Every page deletion also deletes its base `Page` row, whatever its type.
    post_delete.connect(page_deleted_handler, sender=Page, dispatch_uid="search-page-deleted")

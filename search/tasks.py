"""Index updates as background jobs (`core.tasks`): the page signals enqueue
them with page ids; a worker loads the pages and updates the embedded index
and, when configured, Elasticsearch (`search.engine`). They are enqueued in
the publishing transaction itself, so with the database backend the job row
commits (or rolls back) with the page. On a worker, an Elasticsearch server
that cannot be reached fails the job, which is then retried."""

from wagtail.models import Page

from core.tasks import retrying_task, runs_on_a_worker

from . import engine


@retrying_task()
def index_pages(page_ids):
    engine.index_pages(Page.objects.filter(pk__in=page_ids).specific(), committed=runs_on_a_worker(index_pages))


@retrying_task()
def remove_pages(page_ids):
    engine.remove_pages(page_ids, committed=runs_on_a_worker(remove_pages))


@retrying_task()
def index_subtree(page_id):
    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        engine.index_subtree(page, committed=runs_on_a_worker(index_subtree))

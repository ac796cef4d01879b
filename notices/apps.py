from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "通知公告"

    def ready(self):
        from django.utils.html import strip_tags

        from search.documents import Document
        from search.models import Kind
        from search.registry import register

        from .models import NoticePage

        def notice_document(page):
            return Document(
                page_id=page.pk,
                kind=Kind.NOTICE,
                title=page.title,
                url=page.url,
                body=[part for part in (page.summary, strip_tags(page.body)) if part],
            )

        register(NoticePage, notice_document)

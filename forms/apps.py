from django.apps import AppConfig


class FormsConfig(AppConfig):
    name = "forms"
    verbose_name = "在线申报"

    def ready(self):
        from search.documents import Document
        from search.models import Kind
        from search.registry import register

        from .models import ApplicationFormPage

        def form_document(page):
            guide = page.guide
            steps = page.definition["steps"]
            return Document(
                page_id=page.pk,
                kind=Kind.FORM,
                title=page.title,
                url=page.url,
                code=page.guide_code,
                body=[page.intro] + [step["title"] for step in steps],
                window_id=guide.window_id if guide else None,
            )

        register(ApplicationFormPage, form_document)

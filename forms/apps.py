from django.apps import AppConfig


class FormsConfig(AppConfig):
    name = "forms"
    verbose_name = "在线申报"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401  (window folders follow windows and guides)
        from .folders import upgrade

        def after_migrate(plan=None, **kwargs):
            if not any(backwards for _, backwards in plan or ()):
                upgrade()

        post_migrate.connect(after_migrate, sender=self, weak=False, dispatch_uid="forms-upgrade")

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
                code=guide.code if guide else "",
                body=[page.intro] + [step["title"] for step in steps],
                window_id=guide.window_id if guide else None,
            )

        register(ApplicationFormPage, form_document)

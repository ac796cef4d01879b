from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "办件"

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)

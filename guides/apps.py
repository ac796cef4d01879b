from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = "办事指南"

    def ready(self):
        from . import signals  # noqa: F401

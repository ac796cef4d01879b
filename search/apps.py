from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "站内搜索"

    def ready(self):
        from guides.models import RegulationPage, ServiceGuidePage

        from . import signals, synonyms, text
        from .documents import guide_document, guide_pages, regulation_document
        from .registry import register

        register(ServiceGuidePage, guide_document, queryset=guide_pages)
        register(RegulationPage, regulation_document)
        # The shipped vocabulary segments whole (低保, 准生证) from the first query on.
        text.add_words(synonyms.SynonymSet(synonyms.shipped_groups()).vocabulary)
        signals.connect()

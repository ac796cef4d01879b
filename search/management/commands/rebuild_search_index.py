from django.core.management.base import BaseCommand, CommandError

from search import engine
from search.backends.base import BackendUnavailable


class Command(BaseCommand):
    help = "重建站内搜索索引（内置索引；配置了 ELASTICSEARCH_URL 时也重建 Elasticsearch 索引）。"

    def handle(self, **options):
        self.report("内置索引", engine.rebuild())
        backend = engine.configured_backend()
        if backend is not engine.EMBEDDED:
            try:
                self.report(backend.name, engine.rebuild(backend))
            except BackendUnavailable as error:
                raise CommandError(f"内置索引已重建，但 {backend.name} 无法连接：{error}") from error

    def report(self, name, counts):
        summary = "，".join(f"{label} {count} 项" for label, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"{name}已重建：{summary}"))

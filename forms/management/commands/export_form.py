import json

from django.core.management.base import BaseCommand, CommandError

from forms.models import ApplicationFormPage


class Command(BaseCommand):
    help = "导出申请表定义为 JSON（可再用 import_form 导入）。"

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, slug, **options):
        page = ApplicationFormPage.objects.filter(slug=slug).first()
        if page is None:
            raise CommandError(f"没有 slug 为 {slug} 的申请表")
        self.stdout.write(json.dumps(page.definition, ensure_ascii=False, indent=2))

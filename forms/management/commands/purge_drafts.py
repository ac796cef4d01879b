from django.core.management.base import BaseCommand
from django.utils import timezone

from forms.models import Draft
from forms.storage import draft_file_names, private_storage


class Command(BaseCommand):
    help = "删除过期的申请草稿及其临时上传文件（建议每天定时运行）。"

    def handle(self, **options):
        storage = private_storage()
        expired = Draft.objects.filter(expires_at__lte=timezone.now())
        count = 0
        for draft in expired.iterator():
            for name in draft_file_names(draft.data):
                if storage.exists(name):
                    storage.delete(name)
            draft.delete()
            count += 1
        self.stdout.write(f"已删除 {count} 份过期草稿")

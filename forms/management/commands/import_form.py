from django.core.management.base import BaseCommand, CommandError

from forms.importing import FormImportFailed, import_definition, read_definition


class Command(BaseCommand):
    help = "导入申请表定义（JSON，格式见 shared/spec/form-definition.md）。有任何错误则整份不导入。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--parent", help="上级在线申报目录页的 ID 或网址路径，默认 /zaixian/")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, file, parent=None, dry_run=False, **options):
        try:
            outcome, warnings = import_definition(read_definition(file), parent=parent, dry_run=dry_run)
        except FormImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(f"错误：{error}")
            raise CommandError(f"导入失败，共 {len(failure.errors)} 处错误，没有写入任何内容。") from failure
        for warning in warnings:
            self.stderr.write(f"提示：{warning}")
        label = {"created": "新建", "updated": "更新（新版本已发布）", "unchanged": "没有变化"}[outcome]
        self.stdout.write(self.style.SUCCESS(("检查通过，将会" if dry_run else "") + label))

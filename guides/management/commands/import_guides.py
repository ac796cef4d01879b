from django.core.management.base import BaseCommand, CommandError

from guides.importing import ImportFailed, import_file


class Command(BaseCommand):
    help = "导入事项清单（JSON 或 CSV，格式见 shared/spec/guide-import.md）。全部成功才写入，按事项编码更新。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="FILE.json 或 FILE.csv")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入数据库")

    def handle(self, file, dry_run=False, **options):
        try:
            report = import_file(file, dry_run=dry_run)
        except ImportFailed as failure:
            for warning in failure.warnings:
                self.stderr.write(f"提示：{warning}")
            for error in failure.errors:
                self.stderr.write(f"错误：{error}")
            raise CommandError("导入失败，数据库未做任何修改。") from failure
        for warning in report.warnings:
            self.stderr.write(f"提示：{warning}")
        prefix = "检查通过（未写入）：" if dry_run else "导入完成："
        self.stdout.write(self.style.SUCCESS(prefix + report.summary()))

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from casedesk.completion import generate_notice, parse_quarter, previous_quarters


class Command(BaseCommand):
    help = "生成某季度的办结公告（默认上一季度）的新版本；加 --publish 直接发布，否则由中心管理员在后台核对后发布。"

    def add_arguments(self, parser):
        parser.add_argument("quarter", nargs="?", help="季度，例如 2026Q3；默认上一季度")
        parser.add_argument("--publish", action="store_true", help="生成后立即发布")

    def handle(self, quarter=None, publish=False, **options):
        try:
            year, number = parse_quarter(quarter) if quarter else previous_quarters(timezone.localdate(), 1)[0]
        except ValueError as error:
            raise CommandError(str(error)) from error
        page = generate_notice(year, number)
        if publish:
            page.get_latest_revision().publish()
        state = "已发布" if publish else "待发布（请在后台核对后发布）"
        self.stdout.write(self.style.SUCCESS(f"{page.title}：{len(page.entries)} 件，{state}"))

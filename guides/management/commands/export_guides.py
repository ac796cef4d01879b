import csv
import io
import json

from django.core.management.base import BaseCommand

from guides.models import ServiceGuidePage
from guides.serializers import ITEM_KEYS, LIST_KEYS, guide_to_dict


def csv_value(key, value):
    """One CSV cell per the spec: lists joined with 、, nested lists one per
    line with | between fields. A literal | or line break inside a value
    would break the cell apart, so those become ｜ and a space."""
    if key in LIST_KEYS:
        lines = []
        for entry in value:
            fields = []
            for name in LIST_KEYS[key]:
                field = entry[name]
                if isinstance(field, bool):
                    field = "是" if field else "否"
                fields.append("" if field is None else str(field).replace("|", "｜").replace("\r", "").replace("\n", " "))
            lines.append("|".join(fields))
        return "\n".join(lines)
    if isinstance(value, list):
        return "、".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


class Command(BaseCommand):
    help = "导出全部已发布的办事指南（JSON 或带 BOM 的 CSV），可再用 import_guides 导入。"

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--output", "-o", help="输出文件（默认输出到屏幕）")

    def handle(self, format="json", output=None, **options):
        guides = (
            ServiceGuidePage.objects.live()
            .select_related("window")
            .prefetch_related("themes", "materials", "steps", "fees", "legal_bases", "faqs")
            .order_by("code")
        )
        items = [guide_to_dict(guide) for guide in guides]
        if format == "json":
            content = json.dumps({"items": items}, ensure_ascii=False, indent=2) + "\n"
        else:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow(ITEM_KEYS)
            for item in items:
                writer.writerow([csv_value(key, item[key]) for key in ITEM_KEYS])
            # Excel needs the BOM to read UTF-8.
            content = "\ufeff" + buffer.getvalue()
        if output:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                stream.write(content)
        else:
            self.stdout.write(content, ending="")
        self.stderr.write(f"已导出 {len(items)} 项")

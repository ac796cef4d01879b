"""The 2026 national holiday arrangement, as published in 国务院办公厅关于2026年部分节假日安排的通知
(2025年11月4日, 新华社, e.g. https://politics.gmw.cn/2025-11/04/content_38391083.htm).
Later years are entered in the admin (办件管理 → 节假日安排) once the State Council publishes them."""

from datetime import date, timedelta

from django.db import migrations

# (name, first day off, last day off, 调休 weekends worked)
ARRANGEMENT_2026 = [
    ("元旦", date(2026, 1, 1), date(2026, 1, 3), [date(2026, 1, 4)]),
    ("春节", date(2026, 2, 15), date(2026, 2, 23), [date(2026, 2, 14), date(2026, 2, 28)]),
    ("清明节", date(2026, 4, 4), date(2026, 4, 6), []),
    ("劳动节", date(2026, 5, 1), date(2026, 5, 5), [date(2026, 5, 9)]),
    ("端午节", date(2026, 6, 19), date(2026, 6, 21), []),
    ("中秋节", date(2026, 9, 25), date(2026, 9, 27), []),
    ("国庆节", date(2026, 10, 1), date(2026, 10, 7), [date(2026, 9, 20), date(2026, 10, 10)]),
]


def days():
    for name, first, last, workdays in ARRANGEMENT_2026:
        for offset in range((last - first).days + 1):
            yield first + timedelta(days=offset), "off", name
        for day in workdays:
            yield day, "workday", name


def load(apps, schema_editor):
    Holiday = apps.get_model("casedesk", "Holiday")
    for day, kind, name in days():
        Holiday.objects.update_or_create(date=day, defaults={"kind": kind, "name": name})


def unload(apps, schema_editor):
    apps.get_model("casedesk", "Holiday").objects.filter(date__in=[day for day, _, _ in days()]).delete()


class Migration(migrations.Migration):
    dependencies = [("casedesk", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]

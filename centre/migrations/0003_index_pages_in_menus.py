"""The header menu no longer lists fixed addresses: it shows the pages under
each Site's home page that are marked "在菜单中显示" (or the pages chosen in
中心设置). Mark the index pages the old fixed menu linked to, so an existing
install keeps its menu."""

from django.db import migrations

MENU_PAGE_TYPES = [
    ("guides", "guideindexpage"),
    ("guides", "regulationindexpage"),
    ("forms", "formindexpage"),
    ("notices", "noticeindexpage"),
    ("network", "villageindexpage"),
    ("network", "townshipguideindexpage"),
]


def mark_index_pages(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Site = apps.get_model("wagtailcore", "Site")
    types = [ContentType.objects.filter(app_label=a, model=m).first() for a, m in MENU_PAGE_TYPES]
    types = [t for t in types if t is not None]
    for site in Site.objects.select_related("root_page"):
        root = site.root_page
        Page.objects.filter(
            content_type__in=types, depth=root.depth + 1, path__startswith=root.path
        ).update(show_in_menus=True)


class Migration(migrations.Migration):

    dependencies = [
        ("centre", "0002_centresettings_moved_to_core"),
        ("core", "0002_centresettings_menu_links"),
        ("guides", "0005_window_staff_group"),
        ("forms", "0003_case_models_moved_to_cases"),
        ("notices", "0001_initial"),
        ("network", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(mark_index_pages, migrations.RunPython.noop)]

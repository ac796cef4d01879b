"""Managers hold what the README says they hold (中心设置, 站点, 用户组, 本镇办理信息,
…): grant the model permissions of core.roles.MANAGER_MODEL_PERMISSIONS to an
existing 中心管理员 group. New installs get them from setup_manager_group."""

from django.db import migrations

MANAGER_GROUP = "中心管理员"
GRANTS = [  # a copy of core.roles.MANAGER_MODEL_PERMISSIONS as of this migration
    ("guides", "window", ("add", "change", "delete", "view")),
    ("guides", "theme", ("add", "change", "delete", "view")),
    ("guides", "windowstaff", ("add", "change", "delete", "view")),
    ("network", "localguidedetails", ("add", "change", "delete", "view")),
    ("network", "village", ("add", "change", "delete", "view")),
    ("network", "agencypoint", ("add", "change", "delete", "view")),
    ("core", "holiday", ("add", "change", "delete", "view")),
    ("core", "centresettings", ("change",)),
    ("search", "synonym", ("add", "change", "delete", "view")),
    ("wagtailcore", "site", ("add", "change", "view")),
    ("auth", "group", ("add", "change", "view")),
]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=MANAGER_GROUP).first()
    if group is None:
        return
    for app_label, model, actions in GRANTS:
        codenames = [f"{action}_{model}" for action in actions]
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, content_type__model=model, codename__in=codenames)
        )


class Migration(migrations.Migration):

    dependencies = [
        ("centre", "0003_index_pages_in_menus"),
        ("core", "0002_centresettings_menu_links"),
        ("search", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

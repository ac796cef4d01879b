"""Give the groups, moderation task and workflow that Wagtail's own migrations
create ("Moderators", "Editors", "Moderators approval") Chinese names, so
managers do not meet them in English in the group list, the window's staff
group chooser or a page's workflow status. Only the untouched defaults are
renamed; a name already in use is left alone."""

from django.db import migrations

GROUPS = {"Moderators": "默认审核组", "Editors": "默认编辑组"}
APPROVAL = {"Moderators approval": "默认审核组审核"}


def rename(model, names):
    for old, new in names.items():
        if not model.objects.filter(name=new).exists():
            model.objects.filter(name=old).update(name=new)


def to_chinese(apps, schema_editor):
    rename(apps.get_model("auth", "Group"), GROUPS)
    rename(apps.get_model("wagtailcore", "Task"), APPROVAL)
    rename(apps.get_model("wagtailcore", "Workflow"), APPROVAL)


def reverse(names):
    return {new: old for old, new in names.items()}


def to_english(apps, schema_editor):
    rename(apps.get_model("auth", "Group"), reverse(GROUPS))
    rename(apps.get_model("wagtailcore", "Task"), reverse(APPROVAL))
    rename(apps.get_model("wagtailcore", "Workflow"), reverse(APPROVAL))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_cache_table"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(to_chinese, to_english)]

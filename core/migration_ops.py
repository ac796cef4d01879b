"""Helpers for migrations that move models between apps without copying data."""

from django.db import migrations


def rename_content_types(moves):
    """A RunPython operation that points existing content types (and so their
    permissions, group rights and admin log entries) at the model's new app.
    `moves` is [(old app label, new app label, model name)]. On a fresh
    database there are no content types yet and it does nothing."""

    def forwards(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for old, new, model in moves:
            if ContentType.objects.filter(app_label=new, model=model).exists():
                continue
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)

    def backwards(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for old, new, model in moves:
            if ContentType.objects.filter(app_label=old, model=model).exists():
                continue
            ContentType.objects.filter(app_label=new, model=model).update(app_label=old)

    return migrations.RunPython(forwards, backwards)

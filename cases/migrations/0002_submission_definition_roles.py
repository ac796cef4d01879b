"""Give the definition snapshots stored with submissions the roles that
`forms.0006_field_roles` gives the forms, by the same one-time rules, so an
old case masks its answers as a new case of the same form does."""

from django.db import migrations

from forms.legacy_roles import guess_definition_roles


def add_roles(apps, schema_editor):
    Submission = apps.get_model("cases", "Submission")
    for submission in Submission.objects.only("pk", "definition").iterator():
        if guess_definition_roles(submission.definition):
            submission.save(update_fields=["definition"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("forms", "0006_field_roles"),
    ]

    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]

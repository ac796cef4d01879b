"""Give the fields of existing forms personal-data roles (个人信息类别).

Until roles existed, the applicant's name, ID number and phone, and what was
masked, were guessed from field types and labels. This one-time migration
turns those guesses into declared roles, so existing forms and their cases
keep behaving nearly as before (the same applicant, the same answers masked
except labels that merely end in 号); staff correct them in the form editor. It is the ONLY place where
roles are guessed; everything after it reads the roles.

`cases.0002_submission_definition_roles` applies `guess_roles` to the
definition snapshots stored with submissions.
"""

import json

from django.db import migrations

from forms.legacy_roles import guess_stream_roles


def _revision_steps(content):
    """(steps as a list, how to write them back) for a revision's stored content."""
    raw = content.get("steps")
    if isinstance(raw, str):
        return json.loads(raw), json.dumps
    return raw, lambda steps: steps


def add_roles(apps, schema_editor):
    ApplicationFormPage = apps.get_model("forms", "ApplicationFormPage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    for page in ApplicationFormPage.objects.all():
        stream = list(page.steps.raw_data)
        if guess_stream_roles(stream):
            page.steps = stream
            page.save(update_fields=["steps"])
    # The editor opens the latest revision, so the revisions get the roles too.
    content_type = ContentType.objects.filter(app_label="forms", model="applicationformpage").first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(content_type=content_type).iterator():
        steps, dump = _revision_steps(revision.content)
        if isinstance(steps, list) and guess_stream_roles(steps):
            revision.content["steps"] = dump(steps)
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("forms", "0005_field_roles_block"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]

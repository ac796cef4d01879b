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
import re

from django.db import migrations

# The old label rules of cases.masking (free text that was masked), less
# "any label ending in 号", which masked 机具名称和型号 and the like.
NAME_LABEL = re.compile(r"姓名|名字|户主|账户名|联系人")
ADDRESS_LABEL = re.compile(r"地址|住址|住所|所在地|居住地|村、组")
NUMBER_LABEL = re.compile(r"号码|账号|卡号")

BY_TYPE = {"id_card": "id_number", "credit_code": "id_number", "mobile": "phone", "email": "personal"}
APPLICANT_KEYS = ("name", "applicant_name")
ORG_KEYS = ("org_name", "company_name")


def guess_roles(fields):
    """Set `role` on field dicts (each with type, key, label), in form order.

    Leaves everything alone when any field already has a role. By type:
    公民身份号码 and 统一社会信用代码 → id_number, mobile → phone, e-mail →
    personal. The applicant's name: the text field keyed name or
    applicant_name, else the first text field whose label asks for a 姓名.
    Other text the old label rules masked (names, addresses, account and
    card numbers; no longer any label ending in 号) → personal. Returns True
    when something changed."""
    fields = [field for field in fields if isinstance(field, dict)]
    if any(field.get("role") for field in fields):
        return False
    roles = {}
    texts = [field for field in fields if field.get("type") == "text"]
    applicant = next((f for key in APPLICANT_KEYS for f in texts if f.get("key") == key), None)
    applicant = applicant or next((f for f in texts if "姓名" in str(f.get("label", ""))), None)
    for field in fields:
        ftype, key, label = field.get("type"), field.get("key"), str(field.get("label", ""))
        if field is applicant:
            roles[id(field)] = "applicant_name"
        elif ftype in BY_TYPE:
            roles[id(field)] = BY_TYPE[ftype]
        elif ftype == "text" and key in ORG_KEYS:
            roles[id(field)] = "org_name"
        elif ftype == "text" and (NAME_LABEL.search(label) or ADDRESS_LABEL.search(label) or NUMBER_LABEL.search(label)):
            roles[id(field)] = "personal"
    for field in fields:
        if id(field) in roles:
            field["role"] = roles[id(field)]
    return bool(roles)


def guess_definition_roles(definition):
    """`guess_roles` on a definition in the spec's shape (a submission's snapshot)."""
    if not isinstance(definition, dict):
        return False
    fields = [field for step in definition.get("steps") or () if isinstance(step, dict) for field in step.get("fields") or ()]
    return guess_roles(fields)


def guess_stream_roles(stream):
    """`guess_roles` on a form's StreamField data ([{type: step, value: {fields: [{type, value}]}}])."""
    values = []
    for step in stream or ():
        for child in (step.get("value") or {}).get("fields") or ():
            if isinstance(child, dict) and isinstance(child.get("value"), dict):
                values.append((child["type"], child["value"]))
    views = [{**value, "type": block_type} for block_type, value in values]
    changed = guess_roles(views)
    for (_, value), view in zip(values, views, strict=True):
        if view.get("role"):
            value["role"] = view["role"]
    return changed


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

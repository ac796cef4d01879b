"""Roles for definitions written before fields carried them (个人信息类别).

Until roles existed, the applicant's name, ID number and phone, and what was
masked, were guessed from field types and labels. These rules turn those
guesses into declared roles, once: for the forms and case snapshots that
existed (`forms.0006_field_roles`, `cases.0002_submission_definition_roles`)
and for a form file in the format before roles, on import
(`forms.importing`), which reports what it assumed. It is the ONLY place
where roles are guessed; everything else reads the roles.
"""

import re

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


def has_roles(definition):
    """Does any field (or group sub-field) of the definition declare a role key at all?"""
    for step in definition.get("steps") or ():
        for field in (step.get("fields") or ()) if isinstance(step, dict) else ():
            if isinstance(field, dict) and ("role" in field or any(isinstance(sub, dict) and "role" in sub for sub in field.get("fields") or ())):
                return True
    return False

"""Masking personal data (个人信息脱敏) for lists, exports, documents and public pages.

What is masked is declared, never guessed: a form field marked with a
personal-data role (`forms.definition.ROLES`, 个人信息类别) is masked, any
other answer is shown as given — staff need areas, dates, choices and reasons
to decide the case, and a label such as 机具名称和型号 says nothing about a
person. Who sees the data in full is decided once, in
`cases.permissions.shows_personal_data`.

| role | shown as |
|---|---|
| applicant_name, org_name | 王*英, 张*, 向*******社 |
| id_number | 4201**********0425 |
| phone | 138****8000 |
| personal | the first character and *** (each part of a list or address) |
"""

from forms.definition import all_fields


def mask_id_number(value):
    """4201**********0425: the region's first four digits and the last four."""
    value = str(value or "")
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value):
    """138****8000: the network prefix and the last four digits."""
    value = str(value or "")
    if len(value) < 8:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value):
    """王*英, 张*, 欧**娜: the first and (from three characters on) the last character."""
    value = str(value or "").strip()
    if len(value) <= 1:
        return "*" * len(value)
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


def mask_personal(value):
    """家庭成员… → 家***: the first character only, whatever the length (so the
    length of a free text tells nothing either). A list or an answer in parts
    (an address) is masked part by part."""
    if isinstance(value, dict):
        return {key: mask_personal(part) for key, part in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_personal(part) for part in value]
    text = str(value).strip()
    return text[:1] + "***" if text else text


MASKS = {
    "applicant_name": mask_name,
    "org_name": mask_name,
    "id_number": mask_id_number,
    "phone": mask_phone,
    "personal": mask_personal,
}


def mask_answer(field, value):
    """One answer as shown to someone who may not see personal data: masked by
    the field's role (`field["role"]`) only. The rows of a repeating group
    are masked by the roles of its sub-fields."""
    if value in (None, "", [], {}):
        return value
    subfields = field.get("fields")
    if isinstance(subfields, list) and isinstance(value, list):
        return [masked_row(subfields, row) if isinstance(row, dict) else row for row in value]
    mask = MASKS.get(field.get("role") or "")
    return mask(value) if mask else value


def masked_row(fields, answers):
    by_key = {field.get("key"): field for field in fields if isinstance(field, dict)}
    return {key: mask_answer(by_key[key], value) if key in by_key else value for key, value in answers.items()}


def masked_answers(definition, answers):
    """The answers (field key → value) with every role-marked field, and every
    role-marked sub-field of a group, masked; the others as given."""
    return masked_row([field for _, field in all_fields(definition)], answers)

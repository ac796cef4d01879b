"""Masking personal data (个人信息脱敏) for lists, exports, documents and public pages.

Staff without the `cases.view_personal_data` permission, and every public
page, see 身份证 as 4201**********0425, mobiles as 138****8000 and names as
王*英 / 张*. `mask_answer` applies the same rules to one answer of an
application form: by field type (身份证, 手机, e-mail) and, for free text, by
what the label asks for (a name, an address, an account or certificate number).
Other answers (areas, dates, choices, reasons) are shown as given: staff need
them to decide the case.
"""

import re

NAME_LABEL = re.compile(r"姓名|名字|户主|账户名|联系人")
ADDRESS_LABEL = re.compile(r"地址|住址|住所|所在地|居住地|村、组")
NUMBER_LABEL = re.compile(r"号$|号码|账号|卡号")


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


def mask_email(value):
    """w***@example.com"""
    value = str(value or "")
    local, at, domain = value.partition("@")
    if not at:
        return mask_number(value)
    return (local[:1] + "***" if local else "") + "@" + domain


def mask_number(value):
    """******5678: only the last four characters of an account or certificate number."""
    value = str(value or "")
    if len(value) <= 4:
        return "*" * len(value)
    return "*" * (len(value) - 4) + value[-4:]


def mask_address(value):
    """向阳村****: the first three characters (usually the village)."""
    value = str(value or "")
    if len(value) <= 3:
        return "*" * len(value)
    return value[:3] + "****"


def mask_answer(field, value):
    """One answer as shown to someone who may not see personal data; `field`
    is the field's definition (type and label)."""
    if value in (None, "", [], {}):
        return value
    ftype = field.get("type")
    label = field.get("label", "")
    if ftype == "id_card":
        return mask_id_number(value)
    if ftype == "mobile":
        return mask_phone(value)
    if ftype == "email":
        return mask_email(value)
    if ftype == "text":
        if NAME_LABEL.search(label):
            return mask_name(value)
        if ADDRESS_LABEL.search(label):
            return mask_address(value)
        if NUMBER_LABEL.search(label):
            return mask_number(value)
    return value

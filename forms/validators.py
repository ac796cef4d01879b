"""Checks for the values residents type into application forms.

Each checker takes a string and returns the normalised value or raises
`django.core.exceptions.ValidationError` with a message in Chinese.

Input is forgiven before it is checked: full-width digits and letters
(NFKC), spaces and dashes inside numbers, a leading +86, thousands
separators and a unit after an amount ("1,200元")."""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError

# --- Forgiving normal form ------------------------------------------------------

NUMBER_SEPARATORS = re.compile(r"[\s\-‐–—－_()（）]+")
AMOUNT_NOISE = re.compile(r"^[¥￥$]|[,，\s]|(元|块|亩|人|岁|个|平方米|平米|㎡|公斤|千克|斤|头|只|株|棵|次|天|日|月|年)$")


def half_width(value):
    """Full-width digits, letters and signs made ordinary (NFKC), outer spaces removed."""
    return unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()


def compact_number(value):
    """'４２０１ 0219-…' → '42010219…': half-width, no spaces, dashes or brackets."""
    return NUMBER_SEPARATORS.sub("", half_width(value))


def amount_text(value):
    """'1,200元', '￥3.5', '３亩' → '1200', '3.5', '3': the number as typed, without
    separators, currency sign or a unit word after it."""
    text = half_width(value)
    previous = None
    while previous != text:
        previous, text = text, AMOUNT_NOISE.sub("", text)
    return text


DATE_FORMS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def parse_date(value):
    """A date typed as 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日 or 20240301; ValueError otherwise."""
    if isinstance(value, datetime.date):
        return value
    text = re.sub(r"\s+", "", half_width(value))
    for form in DATE_FORMS:
        match = form.match(text)
        if match:
            return datetime.date(*(int(part) for part in match.groups()))
    raise ValueError(text)


# --- 公民身份号码 (GB 11643-1999) -----------------------------------------------

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK_CHARS = "10X98765432"
# Province-level codes of GB/T 2260, plus 71 (台湾), 81 (香港), 82 (澳门) and
# 83 (台湾居民居住证) used on residence permits.
PROVINCE_CODES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83",
}  # fmt: skip
ID_RE = re.compile(r"^\d{17}[\dX]$")


def id_check_char(first17):
    return ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def validate_id_card(value, today=None):
    """Return the 18-character number (x upper-cased) or raise ValidationError."""
    number = compact_number(value).upper()
    if not ID_RE.match(number):
        raise ValidationError("公民身份号码应为 18 位：17 位数字加 1 位数字或 X", code="id_format")
    # Residence permits of 港澳台 residents use the whole-region codes 710000/810000/820000/830000.
    if number[:2] not in PROVINCE_CODES or (number[2:4] == "00" and number[:2] not in {"71", "81", "82", "83"}):
        raise ValidationError("公民身份号码前 6 位的地区码不正确", code="id_region")
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError("公民身份号码中的出生日期不正确", code="id_birth") from None
    today = today or datetime.date.today()
    if birth.year < 1900 or birth > today:
        raise ValidationError("公民身份号码中的出生日期不正确", code="id_birth")
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError("公民身份号码校验位不正确，请核对是否输错", code="id_check")
    return number


def id_birth_date(number):
    return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


# --- 统一社会信用代码 (GB 32100-2015) -------------------------------------------

CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
CREDIT_RE = re.compile(rf"^[{CREDIT_CHARS}]{{18}}$")


def credit_check_char(first17):
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARS[(31 - total % 31) % 31]


def validate_credit_code(value):
    code = compact_number(value).upper()
    if not CREDIT_RE.match(code):
        raise ValidationError(
            "统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z）", code="credit_format"
        )
    if credit_check_char(code[:17]) != code[17]:
        raise ValidationError("统一社会信用代码校验位不正确，请核对是否输错", code="credit_check")
    return code


# --- 手机号码 -------------------------------------------------------------------

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def validate_mobile(value):
    number = compact_number(value)
    for prefix in ("+86", "0086"):
        number = number.removeprefix(prefix)
    if len(number) == 13 and number.startswith("86"):
        number = number[2:]
    if not MOBILE_RE.match(number):
        raise ValidationError("请填写 11 位手机号码，以 1 开头", code="mobile")
    return number


# --- 上传文件 -------------------------------------------------------------------

# The first bytes each accepted extension must start with.
MAGIC = {
    "jpg": [b"\xff\xd8\xff"],
    "jpeg": [b"\xff\xd8\xff"],
    "png": [b"\x89PNG\r\n\x1a\n"],
    "gif": [b"GIF87a", b"GIF89a"],
    "pdf": [b"%PDF-"],
    "doc": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    "xls": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    "docx": [b"PK\x03\x04"],
    "xlsx": [b"PK\x03\x04"],
    "zip": [b"PK\x03\x04"],
    "webp": [b"RIFF"],
}
UPLOAD_EXTENSIONS = sorted(MAGIC)


def validate_upload(upload, accept, max_mb):
    """Check an uploaded file's extension, size and first bytes. Returns the extension."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = [a.lower().lstrip(".") for a in accept] if accept else UPLOAD_EXTENSIONS
    if extension not in allowed or extension not in MAGIC:
        raise ValidationError(f"只能上传以下格式的文件：{'、'.join(allowed)}", code="file_type")
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(f"文件不能超过 {max_mb} MB", code="file_size")
    if upload.size == 0:
        raise ValidationError("文件是空的", code="file_empty")
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    if not any(head.startswith(magic) for magic in MAGIC[extension]):
        raise ValidationError(f"文件内容与扩展名 .{extension} 不符，请上传真实的 {extension} 文件", code="file_content")
    if extension == "webp" and head[8:12] != b"WEBP":
        raise ValidationError("文件内容与扩展名 .webp 不符", code="file_content")
    return extension

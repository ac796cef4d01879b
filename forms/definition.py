"""The application form definition (`../shared/spec/form-definition.md`) as
plain data: checking a definition, and the one place where `show_if`
conditions are evaluated and worded — which steps and fields a resident sees
given the answers so far, what a 样表 fills in, how a condition reads
("仅当…时填写") and the resolved rules the browser script applies.

A definition is the spec's JSON shape (a dict). The Wagtail page stores it as
StreamField blocks and converts with `forms.blocks`; everything else — the
wizard, the PDFs, import/export — works on this dict."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from . import validators

KEY_RE = re.compile(r"^[A-Za-z0-9_]+$")
SLUG_RE = re.compile(r"^[A-Za-z0-9-]+$")
RESERVED_STEP_KEYS = {"review", "done"}

FIELD_TYPES = {
    "text": "单行文字",
    "textarea": "多行文字",
    "integer": "整数",
    "decimal": "小数",
    "date": "日期",
    "radio": "单选（圆点）",
    "select": "单选（下拉）",
    "checkboxes": "多选",
    "agree": "承诺/同意",
    "id_card": "公民身份号码",
    "credit_code": "统一社会信用代码",
    "mobile": "手机号码",
    "email": "电子邮箱",
    "file": "上传文件",
    "heading": "说明文字",
}
CHOICE_TYPES = {"radio", "select", "checkboxes"}
NO_VALUE_TYPES = {"heading"}
DEFAULT_MAX_LENGTH = {"text": 200, "textarea": 2000}
DEFAULT_MAX_MB = 10
DEFAULT_MAX_FILES = 10  # a multiple file field without max_files
OPERATORS = ("equals", "in", "not_equals")


@dataclass
class DefinitionError:
    step: str
    field: str
    message: str

    def __str__(self):
        where = f"步骤 {self.step}" if self.step else "表单"
        if self.field:
            where += f" 字段 {self.field}"
        return f"{where}：{self.message}"


# --- Conditions -----------------------------------------------------------
#
# This is the only place that evaluates and words a `show_if` condition. The
# wizard (forms.fields), the paper form and its 样表 (forms.pdf) call it, and
# the browser script (core/static/js/forms.js) receives `condition_rule()`s
# as JSON rendered by the server, so the three cannot disagree.
#
# A condition that names a field the form does not have (which
# `check_definition` reports, but an old or hand-made definition may still
# carry) is ignored: the step or field is always shown, with no note, on the
# web and on paper alike. A broken condition must not hide a question from
# everyone.


def field_keys(definition):
    """The keys of every field of a definition (defensive about malformed steps and fields)."""
    return {
        field.get("key")
        for step in definition.get("steps") or ()
        if isinstance(step, dict)
        for field in step.get("fields") or ()
        if isinstance(field, dict)
    }


def applied_condition(definition, item, keys=None):
    """The `show_if` of a step or field as the form applies it: None when there
    is none, or when it names a field the form does not have. `keys` (from
    `field_keys`) saves recomputing them for every item."""
    condition = item.get("show_if") if isinstance(item, dict) else None
    if not isinstance(condition, dict) or not condition.get("field"):
        return None
    if condition["field"] not in (field_keys(definition) if keys is None else keys):
        return None
    return condition


def condition_rule(condition):
    """A condition resolved to what a browser needs to apply it:
    {"field": key, "values": [text, ...], "negate": bool}. The step or field is
    shown when the controlling field has an answer and (negate=False) one of
    its chosen values is among `values`, or (negate=True) none of them is.
    A condition without a known operator never holds (no values); no
    condition at all gives None."""
    if not condition:
        return None
    if "equals" in condition:
        values, negate = [condition["equals"]], False
    elif "in" in condition:
        values, negate = list(condition["in"] or ()), False
    elif "not_equals" in condition:
        values, negate = [condition["not_equals"]], True
    else:
        values, negate = [], False
    return {"field": condition.get("field"), "values": [value_text(v) for v in values], "negate": negate}


def condition_holds(condition, answers):
    """Does a `show_if` condition hold for the answers (field key → value)?

    A controlling field with no answer (unanswered, or itself hidden) makes
    every condition false, so hiding cascades down a chain of conditions.
    For a checkboxes answer (a list), `equals` means "is among the ticked".
    Pass the condition through `applied_condition` first to ignore one on an
    unknown field."""
    if not condition:
        return True
    rule = condition_rule(condition)
    value = answers.get(rule["field"])
    if value in (None, "", []):
        return False
    chosen = [value_text(v) for v in value] if isinstance(value, (list, tuple)) else [value_text(value)]
    hit = any(v in chosen for v in rule["values"])
    return hit != rule["negate"]


def value_text(value):
    """Compare answers as text: True is 'true', as in JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def resolve(definition, step_answers):
    """Walk the form in order and decide what the resident sees.

    `step_answers` maps step key → {field key: value} as entered. Returns the
    visible steps and the answers of visible fields only: an answer left in a
    step or field that is now hidden neither counts for later conditions nor
    survives, so hiding cascades and hidden data is never kept."""
    keys = field_keys(definition)
    steps, answers = [], {}
    for step in definition["steps"]:
        if not condition_holds(applied_condition(definition, step, keys), answers):
            continue
        steps.append(step)
        entered = step_answers.get(step["key"]) or {}
        for field in step["fields"]:
            if field["key"] in entered and condition_holds(applied_condition(definition, field, keys), answers):
                answers[field["key"]] = entered[field["key"]]
    return steps, answers


def sample_answers(definition):
    """The definition's `sample` values as step answers for `resolve`: what a 样表 fills in."""
    return {
        step["key"]: {field["key"]: field["sample"] for field in step["fields"] if field.get("sample") is not None}
        for step in definition["steps"]
    }


def all_fields(definition):
    return [(step, field) for step in definition["steps"] for field in step["fields"]]


def describe_condition(definition, condition):
    """'仅当“户籍类型”为“农业户口”时填写' — the one wording, on screen and on paper.

    The wording follows the controlling field's type: 勾选了 for checkboxes,
    已勾选/未勾选 for an 承诺 (agree) field. "" for no condition, or for one
    naming a field the form does not have (see `applied_condition`)."""
    if not condition or not isinstance(condition, dict):
        return ""
    fields = {
        field.get("key"): field
        for step in definition.get("steps") or ()
        if isinstance(step, dict)
        for field in step.get("fields") or ()
        if isinstance(field, dict)
    }
    field = fields.get(condition.get("field"))
    if field is None:
        return ""
    quoted = f"“{field.get('label') or field.get('key')}”"
    kind = field.get("type")

    def quote(value):
        return f"“{value_text(value)}”"

    if "in" in condition:
        values = [v for v in condition.get("in") or () if v is not None]
        listed = "、".join(quote(v) for v in values)
        if kind == "checkboxes":
            return f"仅当{quoted}勾选了{listed}中任一项时填写"
        if len(values) == 1:
            return f"仅当{quoted}为{listed}时填写"
        return f"仅当{quoted}为{listed}之一时填写"
    negate = "not_equals" in condition
    value = condition.get("not_equals") if negate else condition.get("equals")
    if kind == "agree" or isinstance(value, bool):
        ticked = value not in (False, "false")
        return f"仅当{'已' if ticked == (not negate) else '未'}勾选{quoted}时填写"
    if kind == "checkboxes":
        return f"仅当{quoted}{'未勾选' if negate else '勾选了'}{quote(value)}时填写"
    return f"仅当{quoted}{'不是' if negate else '为'}{quote(value)}时填写"


# --- Checking a definition ------------------------------------------------


def check_definition(definition):
    """Every problem of a definition, each naming the step and field."""
    errors = []

    def error(step, field, message):
        errors.append(DefinitionError(step or "", field or "", message))

    if not isinstance(definition, dict):
        return [DefinitionError("", "", "定义应当是一个 JSON 对象")]
    slug = definition.get("slug")
    if not isinstance(slug, str) or not SLUG_RE.match(slug):
        error("", "slug", "slug 必填，只能用字母、数字和横线")
    if not isinstance(definition.get("title"), str) or not definition["title"].strip():
        error("", "title", "表单标题必填")
    steps = definition.get("steps")
    if not isinstance(steps, list) or not steps:
        error("", "steps", "至少要有一个步骤")
        return errors

    step_keys, earlier_fields = set(), {}  # earlier_fields: key → field, in form order
    for position, step in enumerate(steps, start=1):
        if not isinstance(step, dict):
            error(f"第{position}步", "", "步骤应当是一个对象")
            continue
        key = step.get("key")
        name = key if isinstance(key, str) and key else f"第{position}步"
        if not isinstance(key, str) or not KEY_RE.match(key):
            error(name, "", "步骤 key 必填，只能用字母、数字和下划线")
        elif key in step_keys:
            error(name, "", "步骤 key 重复")
        elif key in RESERVED_STEP_KEYS:
            error(name, "", f"步骤 key 不能用保留字 {key}")
        step_keys.add(key)
        if not isinstance(step.get("title"), str) or not step["title"].strip():
            error(name, "", "步骤标题必填")
        check_condition(step.get("show_if"), earlier_fields, lambda m, n=name: error(n, "show_if", m))
        fields = step.get("fields")
        if not isinstance(fields, list) or not fields:
            error(name, "", "每个步骤至少要有一个字段")
            continue
        step_fields = {}
        for index, field in enumerate(fields, start=1):
            if not isinstance(field, dict):
                error(name, f"第{index}个字段", "字段应当是一个对象")
                continue
            fkey = field.get("key")
            fname = fkey if isinstance(fkey, str) and fkey else f"第{index}个字段"
            if not isinstance(fkey, str) or not KEY_RE.match(fkey):
                error(name, fname, "字段 key 必填，只能用字母、数字和下划线")
            elif fkey in earlier_fields or fkey in step_fields:
                error(name, fname, "字段 key 在表单中重复（所有步骤的字段 key 不能相同）")
            visible_before = {**earlier_fields, **step_fields}
            check_condition(field.get("show_if"), visible_before, lambda m, n=name, f=fname: error(n, f, m))
            for message in check_field(field):
                error(name, fname, message)
            if isinstance(fkey, str):
                step_fields[fkey] = field
        earlier_fields.update(step_fields)

    guide = definition.get("guide")
    if guide not in (None, "") and not isinstance(guide, str):
        error("", "guide", "guide 应当是事项编码（文字）")
    return errors


def check_condition(condition, earlier_fields, error):
    if condition in (None, {}):
        return
    if not isinstance(condition, dict) or "field" not in condition:
        error("条件应当写成 {\"field\": 字段key, \"equals\"|\"in\"|\"not_equals\": 值}")
        return
    operators = [op for op in OPERATORS if op in condition]
    if len(operators) != 1 or set(condition) - {"field", *OPERATORS}:
        error("条件要有且只有一个 equals、in 或 not_equals")
        return
    target = earlier_fields.get(condition["field"])
    if target is None:
        error(f"条件引用的字段 {condition['field']} 不在前面的步骤（或本步骤此前的字段）中")
        return
    if target.get("type") in NO_VALUE_TYPES | {"file"}:
        error(f"条件不能引用 {FIELD_TYPES.get(target.get('type'))} 字段 {condition['field']}")
        return
    values = condition["in"] if operators == ["in"] else [condition[operators[0]]]
    if operators == ["in"] and (not isinstance(condition["in"], list) or not condition["in"]):
        error("in 的值应当是非空列表")
        return
    choices = target.get("choices")
    if target.get("type") in CHOICE_TYPES and isinstance(choices, list):
        for value in values:
            if value_text(value) not in [value_text(c) for c in choices]:
                error(f"条件的值“{value_text(value)}”不是字段 {condition['field']} 的选项")
    if target.get("type") == "agree":
        for value in values:
            if value not in (True, "true"):
                error("承诺字段只能用 true 作条件值")


def check_field(field):
    """Problems with one field's own options and sample."""
    ftype = field.get("type")
    if ftype not in FIELD_TYPES:
        return [f"字段类型“{ftype}”不存在，可用：{'、'.join(FIELD_TYPES)}"]
    problems = []
    if not isinstance(field.get("label"), str) or not field["label"].strip():
        problems.append("字段名称（label）必填")
    if "required" in field and not isinstance(field["required"], bool):
        problems.append("required 应当是 true 或 false")
    if ftype in CHOICE_TYPES:
        choices = field.get("choices")
        if not isinstance(choices, list) or not choices or not all(isinstance(c, str) and c.strip() for c in choices):
            problems.append("单选/多选字段必须列出选项（choices）")
        elif len(set(choices)) != len(choices):
            problems.append("选项重复")
    for option in ("min", "max"):
        if option in field and field[option] is not None and ftype in ("integer", "decimal"):
            try:
                Decimal(str(field[option]))
            except InvalidOperation:
                problems.append(f"{option} 应当是数字")
    if ftype == "date":
        for option in ("min", "max"):
            if field.get(option) not in (None, "", "today"):
                try:
                    datetime.date.fromisoformat(field[option])
                except (TypeError, ValueError):
                    problems.append(f"{option} 应当是 YYYY-MM-DD 日期或 today")
    if ftype == "date" and field.get("default") not in (None, "", "today"):
        problems.append("日期的 default 只能是 today（默认今天）")
    if ftype == "text" and field.get("pattern"):
        try:
            re.compile(field["pattern"])
        except re.error:
            problems.append("pattern 不是有效的正则表达式")
    if ftype == "file":
        accept = field.get("accept") or []
        unknown = [a for a in accept if str(a).lower().lstrip(".") not in validators.MAGIC]
        if unknown:
            problems.append(f"不支持的文件类型：{'、'.join(map(str, unknown))}（可用 {'、'.join(validators.UPLOAD_EXTENSIONS)}）")
        problems += check_file_options(field)
    if problems:
        return problems
    sample = field.get("sample")
    if sample not in (None, "") and ftype not in ("heading", "file"):
        try:
            clean_value(field, sample)
        except ValidationError as exc:
            problems.append(f"示例值（sample）不符合本字段要求：{'；'.join(exc.messages)}")
    return problems


def check_file_options(field):
    """`multiple`, `max_files`, `max_total_mb` of a file field (`max_mb` is per file)."""
    problems = []
    multiple = field.get("multiple", False)
    if not isinstance(multiple, bool):
        problems.append("multiple 应当是 true 或 false")
    for option, low, high in (("max_mb", 1, 50), ("max_files", 1, 50), ("max_total_mb", 1, 200)):
        value = field.get(option)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems.append(f"{option} 应当是 {low} 到 {high} 之间的整数")
        elif option != "max_mb" and multiple is not True:
            problems.append(f"{option} 只用于可上传多个文件（multiple: true）的字段")
    total, each = field.get("max_total_mb"), field.get("max_mb") or DEFAULT_MAX_MB
    if isinstance(total, int) and not isinstance(total, bool) and isinstance(each, int) and total < each:
        problems.append(f"合计大小 max_total_mb（{total} MB）不能小于单个文件的 max_mb（{each} MB）")
    return problems


# --- Checking one answer ----------------------------------------------------


def resolve_date(value):
    if value in (None, ""):
        return None
    return datetime.date.today() if value == "today" else datetime.date.fromisoformat(value)


def clean_value(field, value):
    """Validate one answer against its field and return the value as stored
    (the 'stores' column of the spec). Used for samples and by the wizard's
    form fields, so both apply the same rules."""
    ftype = field["type"]
    if ftype in ("text", "textarea"):
        text = str(value).strip()
        limit = field.get("max_length") or DEFAULT_MAX_LENGTH[ftype]
        if len(text) > limit:
            raise ValidationError(f"最多 {limit} 个字")
        pattern = field.get("pattern")
        if pattern and not re.fullmatch(pattern, text):
            # A number typed with spaces, dashes or full-width digits (a bank card, a licence).
            compact = validators.compact_number(text)
            if not re.fullmatch(pattern, compact):
                raise ValidationError(field.get("pattern_message") or "格式不正确")
            text = compact
        return text
    if ftype == "integer":
        try:
            number = int(validators.amount_text(value))
        except ValueError:
            raise ValidationError("请填写整数") from None
        check_range(field, number)
        return number
    if ftype == "decimal":
        try:
            number = Decimal(validators.amount_text(value))
        except InvalidOperation:
            raise ValidationError("请填写数字") from None
        if not number.is_finite():
            raise ValidationError("请填写数字")
        places = field.get("decimal_places")
        if places is not None and -number.as_tuple().exponent > places:
            raise ValidationError(f"最多 {places} 位小数")
        check_range(field, number)
        return str(number.quantize(Decimal(1).scaleb(-places)) if places is not None else number)
    if ftype == "date":
        try:
            day = validators.parse_date(value)
        except ValueError:
            raise ValidationError("请按 年-月-日 填写日期，例如 2024-03-01") from None
        low, high = resolve_date(field.get("min")), resolve_date(field.get("max"))
        if low and day < low:
            raise ValidationError(f"日期不能早于 {low.isoformat()}")
        if high and day > high:
            raise ValidationError(f"日期不能晚于 {high.isoformat()}")
        return day.isoformat()
    if ftype in ("radio", "select"):
        if str(value) not in field["choices"]:
            raise ValidationError(f"请从选项中选择：{'、'.join(field['choices'])}")
        return str(value)
    if ftype == "checkboxes":
        chosen = value if isinstance(value, list) else [value]
        wrong = [v for v in chosen if str(v) not in field["choices"]]
        if wrong:
            raise ValidationError(f"“{'、'.join(map(str, wrong))}”不是可选项")
        low, high = field.get("min_choices"), field.get("max_choices")
        if low and len(chosen) < low:
            raise ValidationError(f"至少选择 {low} 项")
        if high and len(chosen) > high:
            raise ValidationError(f"最多选择 {high} 项")
        return [c for c in field["choices"] if c in chosen]  # in the form's order
    if ftype == "agree":
        if value not in (True, "true", "on", "1", 1):
            raise ValidationError("请阅读并勾选同意")
        return True
    if ftype == "id_card":
        return validators.validate_id_card(str(value))
    if ftype == "credit_code":
        return validators.validate_credit_code(str(value))
    if ftype == "mobile":
        return validators.validate_mobile(str(value))
    if ftype == "email":
        from django.core.validators import validate_email

        address = validators.half_width(value)
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError("请填写正确的电子邮箱地址") from None
        return address
    raise ValidationError(f"{FIELD_TYPES.get(ftype, ftype)} 字段没有可填的值")


def check_range(field, number):
    low, high = field.get("min"), field.get("max")
    if low is not None and number < Decimal(str(low)):
        raise ValidationError(f"不能小于 {low}")
    if high is not None and number > Decimal(str(high)):
        raise ValidationError(f"不能大于 {high}")

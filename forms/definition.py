"""The application form definition (`../shared/spec/form-definition.md`) as
plain data: checking a definition, and the one place where `show_if`
conditions are evaluated and worded — which steps and fields a resident sees
given the answers so far, how a condition reads
("仅当…时填写") and the resolved rules the browser script applies.

It also holds the fields' personal-data roles (`ROLES`): their checks, the
lookups by role (`role_fields`, `role_answer`) and the rule a form must meet
to be published (`publish_problems`; `docs/forms.md`, Roles).

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
    "group": "重复组（多行表格）",
    "address": "地址（乡镇、村）",
    "signature": "签名/承诺书",
}
CHOICE_TYPES = {"radio", "select", "checkboxes"}
NO_VALUE_TYPES = {"heading"}
# Types whose answer is a structure (a list of rows, or a dict), never a condition's subject.
COMPOUND_TYPES = {"group", "address", "signature"}
# What a repeating group's sub-fields may be: one value each, no files, no nested groups.
GROUP_SUBFIELD_TYPES = ("text", "textarea", "integer", "decimal", "date", "radio", "select", "id_card", "credit_code", "mobile", "email")
DEFAULT_MAX_LENGTH = {"text": 200, "textarea": 2000}
ADDRESS_DETAIL_MAX_LENGTH = 100
ADDRESS_PARTS = ("township", "village", "detail")  # an address answer's keys
SIGNATURE_NAME_MAX_LENGTH = 50
DEFAULT_ROW_LABEL = "行"
DEFAULT_MAX_MB = 10
DEFAULT_MAX_FILES = 10  # a multiple file field without max_files
OPERATORS = ("equals", "in", "not_equals")
COMBINERS = ("all", "any")

# Personal-data roles (个人信息类别) a field may be marked with. They are the
# only thing that decides what is masked (cases.masking) and which answers
# are the applicant's name, 证件号码 and phone (the case list, the status
# lookup, the notices); nothing is guessed from labels or types.
ROLES = {
    "applicant_name": "申请人姓名",
    "id_number": "证件号码",
    "phone": "联系电话",
    "org_name": "单位名称",
    "personal": "个人信息",
}
# Types that never carry a role: no value, an upload (reached only through the
# case's access check), a tick box, or a container whose sub-fields carry them.
NO_ROLE_TYPES = {"heading", "file", "agree", "group"}
# The types each identity role makes sense on; `personal` fits any other type.
ROLE_TYPES = {
    "applicant_name": {"text"},
    "org_name": {"text"},
    "id_number": {"text", "id_card", "credit_code"},
    "phone": {"text", "mobile"},
}


@dataclass
class DefinitionError:
    """One problem of a definition, placed where it is: the step (0-based
    `step_index`, None for the form as a whole) and the field in it
    (`field_index`), worded with the titles and labels staff wrote:
    第 2 步“家庭情况”的字段“月收入”：最小值大于最大值."""

    message: str
    step_index: int | None = None
    step_title: str = ""
    field_index: int | None = None
    field_label: str = ""
    part: str = ""  # "show_if" for a condition, a top-level name (slug, title, guide, steps) for the form

    def where(self):
        if self.step_index is None:
            if self.part.startswith("settings."):
                option = self.part.removeprefix("settings.")
                return f"表单设置 {option}（{SETTINGS_LABELS[option]}）" if option in SETTINGS_LABELS else f"表单设置 {option}"
            return "表单"
        step = f"第 {self.step_index + 1} 步"
        if self.step_title:
            step += f"“{self.step_title}”"
        if self.field_index is None:
            return step + ("的显示条件" if self.part == "show_if" else "")
        field = f"的字段“{self.field_label}”" if self.field_label else f"的第 {self.field_index + 1} 个字段"
        return step + field + ("的显示条件" if self.part == "show_if" else "")

    def __str__(self):
        return f"{self.where()}：{self.message}"


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
    is none; the parts of an all/any that name a field the form does not have
    are dropped (and None when nothing is left). `keys` (from `field_keys`)
    saves recomputing them for every item."""
    condition = item.get("show_if") if isinstance(item, dict) else None
    return known_condition(condition, field_keys(definition) if keys is None else keys)


def known_condition(condition, keys):
    if not isinstance(condition, dict):
        return None
    for combiner in COMBINERS:
        if combiner in condition:
            parts = condition[combiner] if isinstance(condition[combiner], list) else []
            kept = [part for part in (known_condition(p, keys) for p in parts) if part]
            return {combiner: kept} if kept else None
    if not condition.get("field") or condition["field"] not in keys:
        return None
    return condition


def condition_fields(condition):
    """The keys of the fields a condition depends on."""
    if not isinstance(condition, dict):
        return set()
    for combiner in COMBINERS:
        if combiner in condition:
            return set().union(*(condition_fields(part) for part in condition[combiner] or ()))
    return {condition["field"]} if condition.get("field") else set()


def condition_rule(condition, settled=None):
    """A condition resolved to what a browser needs to apply it. One test:
    {"field": key, "values": [text, ...], "negate": bool}: it holds when the
    controlling field has an answer and (negate=False) one of its chosen values
    is among `values`, or (negate=True) none of them is. A combination:
    {"all": [rule, ...]} or {"any": [rule, ...]}. A test whose field is in
    `settled` (answers given on earlier steps) is decided here and becomes
    {"holds": bool}. A condition without a known operator never holds (no
    values); no condition at all gives None."""
    if not condition:
        return None
    for combiner in COMBINERS:
        if combiner in condition:
            return {combiner: [condition_rule(part, settled) for part in condition[combiner] or ()]}
    if settled is not None and condition.get("field") in settled:
        return {"holds": condition_holds(condition, settled)}
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
    its test false, so hiding cascades down a chain of conditions. For a
    checkboxes answer (a list), `equals` means "is among the ticked".
    {"all": [...]} holds when every part holds, {"any": [...]} when one does.
    Pass the condition through `applied_condition` first to ignore tests on
    unknown fields."""
    if not condition:
        return True
    for combiner, test in (("all", all), ("any", any)):
        if combiner in condition:
            return test(condition_holds(part, answers) for part in condition[combiner] or ())
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


def all_fields(definition):
    """(step, field) for every top-level field, in form order. A repeating
    group is one field; its sub-fields are `field["fields"]`."""
    return [(step, field) for step in definition.get("steps") or () for field in step.get("fields") or ()]


# --- Roles ----------------------------------------------------------------


def role_fields(definition, role):
    """The top-level fields marked with `role`, in form order (group sub-fields
    are other people's data, never the applicant's identity)."""
    return [field for _, field in all_fields(definition) if isinstance(field, dict) and field.get("role") == role]


def role_answer(definition, answers, role):
    """The first answer (as stored) of a field marked with `role`, or ""."""
    for field in role_fields(definition, role):
        value = answers.get(field.get("key"))
        if value not in (None, "", [], {}):
            return value
    return ""


def publish_problems(definition):
    """Why a form may not be published yet (Chinese messages, empty when it may):
    the case list, the status lookup and the notices need to know which field
    is the applicant's name and which their 证件号码 or phone."""
    missing = []
    if not role_fields(definition, "applicant_name"):
        missing.append(f"“{ROLES['applicant_name']}”")
    if not (role_fields(definition, "id_number") or role_fields(definition, "phone")):
        missing.append(f"“{ROLES['id_number']}”或“{ROLES['phone']}”")
    if not missing:
        return []
    return [
        f"发布前请在字段的“个人信息类别”中标出{'和'.join(missing)}"
        "（办件列表、进度查询和通知书靠它们识别申请人）；草稿可以先保存。"
    ]


def check_roles(steps):
    """Roles known, on fields where they mean something, and one applicant name
    at most: DefinitionErrors placed at their field (part "role")."""
    errors, names = [], []

    def check(step_index, title, field_index, label, field, inside_group):
        role = field.get("role")
        if role in (None, ""):
            return
        ftype = field.get("type")
        message = ""
        if role not in ROLES:
            message = f"个人信息类别“{role}”不存在，可用：{'、'.join(ROLES.values())}"
        elif ftype in NO_ROLE_TYPES:
            message = f"{FIELD_TYPES.get(ftype, ftype)}字段不能标记个人信息类别"
        elif ftype in CHOICE_TYPES and role != "personal":
            message = f"选项字段只能标记为“{ROLES['personal']}”"
        elif role in ROLE_TYPES and ftype not in ROLE_TYPES[role]:
            allowed = "、".join(FIELD_TYPES[t] for t in sorted(ROLE_TYPES[role]))
            message = f"“{ROLES[role]}”只能标在{allowed}字段上"
        elif role == "applicant_name":
            if inside_group:
                message = f"“{ROLES['applicant_name']}”不能标在重复填写的分组里"
            else:
                names.append((step_index, title, field_index, label))
                if len(names) > 1:
                    message = f"只能有一个字段标记为“{ROLES['applicant_name']}”（已有“{names[0][3]}”）"
        if message:
            errors.append(DefinitionError(message, step_index, title, field_index, label, "role"))

    for step_index, step in enumerate(steps if isinstance(steps, list) else ()):
        if not isinstance(step, dict):
            continue
        title = step.get("title").strip() if isinstance(step.get("title"), str) else ""
        for field_index, field in enumerate(step.get("fields") or () if isinstance(step.get("fields"), list) else ()):
            if not isinstance(field, dict):
                continue
            label = field.get("label").strip() if isinstance(field.get("label"), str) else ""
            check(step_index, title, field_index, label, field, False)
            for sub in field.get("fields") or () if isinstance(field.get("fields"), list) else ():
                if isinstance(sub, dict):
                    sub_label = sub.get("label") if isinstance(sub.get("label"), str) else ""
                    check(step_index, title, field_index, f"{label}”的“{sub_label}" if sub_label else label, sub, True)
    return errors


def describe_condition(definition, condition):
    """'仅当“户籍类型”为“农业户口”时填写' — the one wording, on screen and on paper.

    The wording follows the controlling field's type: 勾选了 for checkboxes,
    已勾选/未勾选 for an 承诺 (agree) field. Several tests read "…且…" (all)
    or "…或…" (any). "" for no condition, or for one naming only fields the
    form does not have (see `applied_condition`)."""
    if not condition:
        return ""
    fields = {
        field.get("key"): field
        for step in definition.get("steps") or ()
        if isinstance(step, dict)
        for field in step.get("fields") or ()
        if isinstance(field, dict)
    }
    phrase = condition_phrase(fields, known_condition(condition, set(fields)))
    return f"仅当{phrase}时填写" if phrase else ""


def condition_phrase(fields, condition):
    """'“户籍类型”为“农业户口”' for one test; the tests of an all/any joined by 且/或."""
    if not condition:
        return ""
    for combiner, joiner in (("all", "且"), ("any", "或")):
        if combiner in condition:
            return joiner.join(filter(None, (condition_phrase(fields, part) for part in condition[combiner])))
    field = fields[condition["field"]]
    quoted = f"“{field.get('label') or field.get('key')}”"
    kind = field.get("type")

    def quote(value):
        return f"“{value_text(value)}”"

    if "in" in condition:
        values = [v for v in condition.get("in") or () if v is not None]
        listed = "、".join(quote(v) for v in values)
        if kind == "checkboxes":
            return f"{quoted}勾选了{listed}中任一项"
        if len(values) == 1:
            return f"{quoted}为{listed}"
        return f"{quoted}为{listed}之一"
    negate = "not_equals" in condition
    value = condition.get("not_equals") if negate else condition.get("equals")
    if kind == "agree" or isinstance(value, bool):
        ticked = value not in (False, "false")
        return f"{'已' if ticked == (not negate) else '未'}勾选{quoted}"
    if kind == "checkboxes":
        return f"{quoted}{'未勾选' if negate else '勾选了'}{quote(value)}"
    return f"{quoted}{'不是' if negate else '为'}{quote(value)}"


# --- Checking a definition ------------------------------------------------


def check_definition(definition):
    """Every problem of a definition, each placed at its step and field and
    worded with their titles and labels (see `DefinitionError`)."""
    errors = []

    if not isinstance(definition, dict):
        return [DefinitionError("定义应当是一个 JSON 对象")]
    slug = definition.get("slug")
    if not isinstance(slug, str) or not SLUG_RE.match(slug):
        errors.append(DefinitionError("网址名称（slug）只能用字母、数字和横线", part="slug"))
    if not isinstance(definition.get("title"), str) or not definition["title"].strip():
        errors.append(DefinitionError("表单标题必填", part="title"))
    errors += check_steps(definition.get("steps"))
    guide = definition.get("guide")
    if guide not in (None, "") and not isinstance(guide, str):
        errors.append(DefinitionError("guide 应当是事项编码（文字）", part="guide"))
    for option, message in check_settings(definition.get("settings")):
        errors.append(DefinitionError(message, part=f"settings.{option}" if option else "settings"))
    return errors


# --- Form settings (opening period, confirmation text, staff e-mail) -------

SETTINGS_LABELS = {"opens_at": "开放时间", "closes_at": "截止时间", "confirmation_text": "提交后显示的说明", "notify_staff": "新申请邮件通知"}
SETTINGS_DEFAULTS = {"opens_at": None, "closes_at": None, "confirmation_text": "", "notify_staff": False}


def parse_moment(value):
    """An ISO 8601 date-time ("2027-03-01T08:00:00+08:00"; a naive one is
    local time) as a datetime; None for no value; ValueError otherwise."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value
    if not isinstance(value, str):
        raise ValueError(value)
    return datetime.datetime.fromisoformat(value.strip())


def check_settings(settings):
    """Problems of a definition's `settings` as (option, message) pairs; a
    definition without settings has none (the form is always open)."""
    if settings is None:
        return []
    if not isinstance(settings, dict):
        return [("", "settings 应当是一个 JSON 对象")]
    problems = [(key, f"settings 中没有 {key} 这一项，可用：{'、'.join(SETTINGS_DEFAULTS)}") for key in settings if key not in SETTINGS_DEFAULTS]
    moments = {}
    for key in ("opens_at", "closes_at"):
        try:
            moments[key] = parse_moment(settings.get(key))
        except ValueError:
            problems.append((key, "应当是 ISO 8601 日期时间，例如 2027-03-01T08:00:00+08:00，或 null"))
    opens, closes = moments.get("opens_at"), moments.get("closes_at")
    if opens and closes and (opens.tzinfo is None) == (closes.tzinfo is None) and closes <= opens:
        problems.append(("closes_at", "截止时间应当晚于开放时间"))
    if not isinstance(settings.get("confirmation_text", ""), str):
        problems.append(("confirmation_text", "应当是文字"))
    if not isinstance(settings.get("notify_staff", False), bool):
        problems.append(("notify_staff", "应当是 true 或 false"))
    return problems


def form_settings(definition):
    """The definition's settings with every option present (defaults for the missing)."""
    settings = definition.get("settings") if isinstance(definition, dict) else None
    return {**SETTINGS_DEFAULTS, **(settings if isinstance(settings, dict) else {})}


def check_steps(steps):
    """Every problem of a definition's steps and fields (see `check_definition`)."""
    errors = []
    if not isinstance(steps, list) or not steps:
        return [DefinitionError("至少要有一个步骤", part="steps")]

    step_keys, earlier_fields = set(), {}  # earlier_fields: key → field, in form order
    for step_index, step in enumerate(steps):
        if not isinstance(step, dict):
            errors.append(DefinitionError("步骤应当是一个对象", step_index))
            continue
        title = step.get("title").strip() if isinstance(step.get("title"), str) else ""

        def error(message, field_index=None, label="", part="", _i=step_index, _t=title):
            errors.append(DefinitionError(message, _i, _t, field_index, label, part))

        key = step.get("key")
        if not key and not title:
            pass  # made from the title once there is one; "步骤标题必填" says what to do
        elif not isinstance(key, str) or not KEY_RE.match(key):
            error("步骤标识（key）必填，只能用字母、数字和下划线")
        elif key in step_keys:
            error(f"步骤标识（key）{key} 与前面的步骤重复")
        elif key in RESERVED_STEP_KEYS:
            error(f"步骤标识（key）不能用保留字 {key}")
        step_keys.add(key)
        if not title:
            error("步骤标题必填")
        for message in check_condition(step.get("show_if"), earlier_fields):
            error(message, part="show_if")
        fields = step.get("fields")
        if not isinstance(fields, list) or not fields:
            error("每个步骤至少要有一个字段")
            continue
        step_fields = {}
        for field_index, field in enumerate(fields):
            if not isinstance(field, dict):
                error("字段应当是一个对象", field_index)
                continue
            label = field.get("label").strip() if isinstance(field.get("label"), str) else ""
            fkey = field.get("key")
            if not fkey and not label:
                pass  # made from the label once there is one; "字段名称必填" says what to do
            elif not isinstance(fkey, str) or not KEY_RE.match(fkey):
                error("字段标识（key）必填，只能用字母、数字和下划线", field_index, label)
            elif fkey in earlier_fields or fkey in step_fields:
                error(f"字段标识（key）{fkey} 与前面的字段重复（全表不能相同）", field_index, label)
            visible_before = {**earlier_fields, **step_fields}
            for message in check_condition(field.get("show_if"), visible_before):
                error(message, field_index, label, "show_if")
            for message in check_field(field):
                error(message, field_index, label)
            if isinstance(fkey, str):
                step_fields[fkey] = field
        earlier_fields.update(step_fields)
    return errors + check_roles(steps)


def check_condition(condition, earlier_fields):
    """The problems of one `show_if` (a test, or an all/any of tests), worded
    with the labels of the fields it names. `earlier_fields`: key → field for
    the fields before it, in form order."""
    if condition in (None, {}):
        return []
    if not isinstance(condition, dict):
        return ["条件应当写成 {\"field\": 字段key, \"equals\"|\"in\"|\"not_equals\": 值}，或 {\"all\"|\"any\": [条件, …]}"]
    combiners = [c for c in COMBINERS if c in condition]
    if combiners:
        parts = condition[combiners[0]]
        if len(combiners) != 1 or set(condition) - set(combiners):
            return ["条件组合只能有一个 all 或 any"]
        if not isinstance(parts, list) or not parts:
            return [f"{combiners[0]} 应当列出至少一个条件"]
        if any(isinstance(part, dict) and set(part) & set(COMBINERS) for part in parts):
            return ["条件组合里不能再套条件组合"]
        return [message for part in parts for message in check_condition(part, earlier_fields)]
    if "field" not in condition:
        return ["条件要说明依据哪个字段（field）"]
    operators = [op for op in OPERATORS if op in condition]
    if len(operators) != 1 or set(condition) - {"field", *OPERATORS}:
        return ["条件要有且只有一个 equals、in 或 not_equals"]
    target = earlier_fields.get(condition["field"])
    if target is None:
        return [f"条件依据的字段（{condition['field'] or '未选择'}）不存在，或不在它前面；只能依据前面步骤或本步骤此前的字段"]
    name = f"“{target.get('label') or condition['field']}”"
    if target.get("type") in NO_VALUE_TYPES | COMPOUND_TYPES | {"file"}:
        return [f"条件不能依据{FIELD_TYPES.get(target.get('type'))}字段{name}"]
    if operators == ["in"] and (not isinstance(condition["in"], list) or not condition["in"]):
        return ["“是以下之一”至少要列出一个值"]
    values = condition["in"] if operators == ["in"] else [condition[operators[0]]]
    problems = []
    choices = target.get("choices")
    if target.get("type") in CHOICE_TYPES and isinstance(choices, list):
        for value in values:
            if value_text(value) not in [value_text(c) for c in choices]:
                problems.append(f"条件的值“{value_text(value)}”不是字段{name}的选项")
    if target.get("type") == "agree" and any(value not in (True, "true") for value in values):
        problems.append(f"承诺字段{name}只能以“已勾选”作条件")
    return problems


def check_field(field):
    """Problems with one field's own options and sample."""
    ftype = field.get("type")
    if ftype not in FIELD_TYPES:
        return [f"字段类型“{ftype}”不存在，可用：{'、'.join(FIELD_TYPES)}"]
    problems = []
    if not isinstance(field.get("label"), str) or not field["label"].strip():
        problems.append("字段名称必填")
    if "required" in field and not isinstance(field["required"], bool):
        problems.append("required 应当是 true 或 false")
    if ftype in CHOICE_TYPES:
        choices = field.get("choices")
        if not isinstance(choices, list) or not choices or not all(isinstance(c, str) and c.strip() for c in choices):
            problems.append("单选/多选字段必须列出选项（choices）")
        elif len(set(choices)) != len(choices):
            problems.append("选项重复")
    bounds = {}
    for option, name in (("min", "最小值"), ("max", "最大值")):
        if field.get(option) not in (None, "") and ftype in ("integer", "decimal"):
            try:
                bounds[option] = Decimal(str(field[option]))
            except InvalidOperation:
                problems.append(f"{name}应当是数字")
    if ftype == "date":
        for option, name in (("min", "最早日期"), ("max", "最晚日期")):
            if field.get(option) not in (None, ""):
                try:
                    bounds[option] = resolve_date(field[option])
                except (TypeError, ValueError):
                    problems.append(f"{name}应当是 YYYY-MM-DD 日期或 today")
    if len(bounds) == 2 and bounds["min"] > bounds["max"]:
        problems.append("最早日期晚于最晚日期" if ftype == "date" else "最小值大于最大值")
    low, high = field.get("min_choices"), field.get("max_choices")
    if ftype == "checkboxes" and isinstance(low, int) and isinstance(high, int) and low > high:
        problems.append("“至少选几项”大于“最多选几项”")
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
    if ftype == "group":
        problems += check_group(field)
    if ftype == "signature" and (not isinstance(field.get("statement"), str) or not field["statement"].strip()):
        problems.append(f"签名/承诺书“{field_name(field)}”要写明承诺内容（statement），居民签名前会看到它")
    if problems:
        return problems
    sample = field.get("sample")
    if sample not in (None, "", []) and ftype not in ("heading", "file"):
        try:
            clean_value(field, sample)
        except ValidationError as exc:
            problems.append(f"示例值（sample）不符合本字段要求：{'；'.join(exc.messages)}")
    return problems


def field_name(field):
    """A field's label for messages (its key, or 未命名, when the label is missing)."""
    label = field.get("label")
    return label.strip() if isinstance(label, str) and label.strip() else str(field.get("key") or "未命名")


def check_group(field):
    """Problems of a repeating group's own options: its sub-fields (simple
    types only, keys unique within the group, no conditions) and row limits."""
    name = f"重复组“{field_name(field)}”"
    subs = field.get("fields")
    if not isinstance(subs, list) or not subs:
        return [f"{name}至少要有一个子字段（fields）"]
    problems, keys = [], set()
    allowed = "、".join(FIELD_TYPES[t] for t in GROUP_SUBFIELD_TYPES)
    for index, sub in enumerate(subs, start=1):
        if not isinstance(sub, dict):
            problems.append(f"{name}的第{index}个子字段应当是一个对象")
            continue
        where = f"{name}的子字段“{sub.get('label') or sub.get('key') or f'第{index}个'}”"
        stype = sub.get("type")
        if stype == "group":
            problems.append(f"{where}：重复组里不能再放重复组")
            continue
        if stype not in GROUP_SUBFIELD_TYPES:
            problems.append(f"{where}：{FIELD_TYPES.get(stype, f'类型“{stype}”')}不能放在重复组里（可用：{allowed}）")
            continue
        skey = sub.get("key")
        if not isinstance(skey, str) or not KEY_RE.match(skey):
            problems.append(f"{where}：子字段 key 必填，只能用字母、数字和下划线")
        elif skey in keys:
            problems.append(f"{where}：子字段 key {skey} 在本组中重复")
        keys.add(skey)
        if sub.get("show_if"):
            problems.append(f"{where}：重复组的子字段不能设显示条件")
        problems += [f"{where}：{message}" for message in check_field(sub)]
    limits = {}
    for option in ("min_rows", "max_rows"):
        value = field.get(option)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(f"{name}的 {option} 应当是不小于 0 的整数")
        else:
            limits[option] = value
    if limits.get("max_rows") == 0:
        problems.append(f"{name}最多行数（max_rows）至少为 1")
    elif "max_rows" in limits and limits.get("min_rows", 0) > limits["max_rows"]:
        problems.append(f"{name}最少行数（min_rows）不能大于最多行数（max_rows）")
    row_label = field.get("row_label")
    if row_label is not None and not isinstance(row_label, str):
        problems.append(f"{name}的每行称呼（row_label）应当是文字，例如“位家庭成员”")
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
    if ftype == "group":
        rows, errors = clean_rows(field, value)
        if errors:
            raise ValidationError([row_error(row, key, message) for row, key, message in errors])
        return rows
    if ftype == "address":
        return clean_address(value)
    if ftype == "signature":
        return clean_signature(value)
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


# --- Repeating groups, addresses and signatures ------------------------------


def row_error(row, key, message):
    """A group's error that knows its row number and sub-field key (None, None
    for the whole group), so the wizard can show it beside the cell. (Not as
    `params`: a label with a % in it would break their formatting.)"""
    error = ValidationError(message, code="group_row" if row else "group")
    error.row, error.cell = row, key
    return error


def is_blank(value):
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def row_name(field, number):
    """第 2 位家庭成员 (row_label "位家庭成员"), or 第 2 行."""
    return f"第 {number} {field.get('row_label') or DEFAULT_ROW_LABEL}"


def missing_message(field):
    """请填写姓名 / 请选择与申请人关系 / 请上传户口簿: the message for a required
    answer left empty, on a web form's field or a group's cell."""
    ftype = field.get("type")
    if ftype == "agree":
        return "请阅读并勾选同意"
    if ftype == "signature":
        return "请输入您的姓名作为签名"
    if ftype == "file":
        return f"请上传{field_name(field)}"
    verb = "请选择" if ftype in CHOICE_TYPES | {"address"} else "请填写"
    return f"{verb}{field_name(field)}"


def clean_rows(field, value):
    """Check the rows of a repeating group: ([cleaned row dicts], [(row number
    or None, sub-field key or None, message)]). A row left wholly blank is
    dropped (it is not counted, and not an error); row numbers are the rows'
    positions as the resident saw them. Empty cells are left out of a row."""
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        return [], [(None, None, f"{field_name(field)}应当是若干行，每行写明各项")]
    subs = [sub for sub in field.get("fields") or () if isinstance(sub, dict)]
    rows, errors = [], []
    for number, row in enumerate(value, start=1):
        if all(is_blank(row.get(sub["key"])) for sub in subs):
            continue
        cleaned = {}
        for sub in subs:
            cell = row.get(sub["key"])
            if is_blank(cell):
                if sub.get("required"):
                    errors.append((number, sub["key"], f"{row_name(field, number)}：{missing_message(sub)}"))
                continue
            try:
                cleaned[sub["key"]] = clean_value(sub, cell)
            except ValidationError as exc:
                errors.append((number, sub["key"], f"{row_name(field, number)}“{field_name(sub)}”：{'；'.join(exc.messages)}"))
        rows.append(cleaned)
    noun = field.get("row_label") or DEFAULT_ROW_LABEL
    low, high = field.get("min_rows"), field.get("max_rows")
    if low and len(rows) < low:
        errors.append((None, None, f"{field_name(field)}至少要填写 {low} {noun}"))
    if high and len(rows) > high:
        errors.append((None, None, f"{field_name(field)}最多填写 {high} {noun}"))
    return rows, errors


def clean_address(value):
    """{"township", "village", "detail"}: township and village are required
    (that the village is one of the township's is checked where the villages
    are known: the wizard's form field); the detail (组、门牌) is optional."""
    if not isinstance(value, dict):
        raise ValidationError("地址应当写明乡镇、村和详细地址")
    township, village = validators.half_width(value.get("township")), validators.half_width(value.get("village"))
    detail = re.sub(r"\s+", " ", validators.half_width(value.get("detail")))
    if not township:
        raise ValidationError("请选择乡镇")
    if not village:
        raise ValidationError("请选择村（社区）")
    if len(detail) > ADDRESS_DETAIL_MAX_LENGTH:
        raise ValidationError(f"详细地址最多 {ADDRESS_DETAIL_MAX_LENGTH} 个字")
    return {"township": township, "village": village, "detail": detail}


def clean_signature(value, today=None):
    """{"name", "date"}: the name typed as a signature (required, a name: no
    digits), and the date of signing, today unless one is given (a sample's)."""
    if not isinstance(value, dict):
        value = {"name": value}
    name = re.sub(r"\s+", " ", validators.half_width(value.get("name")))
    if not name:
        raise ValidationError("请输入您的姓名作为签名")
    if len(name) > SIGNATURE_NAME_MAX_LENGTH:
        raise ValidationError(f"签名最多 {SIGNATURE_NAME_MAX_LENGTH} 个字")
    if re.search(r"\d", name):
        raise ValidationError("签名应当是您的姓名，不能有数字")
    day = today or datetime.date.today()
    if not is_blank(value.get("date")):
        try:
            day = validators.parse_date(value["date"])
        except ValueError:
            raise ValidationError("签名日期应当是 年-月-日，例如 2024-03-01") from None
    return {"name": name, "date": day.isoformat()}


def same_name(a, b):
    """Whether a signature and a name are the same, ignoring spaces and full-width forms."""
    return re.sub(r"\s+", "", validators.half_width(a)) == re.sub(r"\s+", "", validators.half_width(b))


def chinese_date(iso):
    """2026-12-01 → 2026年12月1日 (the text as given when it is not an ISO date)."""
    try:
        day = datetime.date.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def address_text(value):
    """示例镇 青石村 三组18号"""
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    return " ".join(str(value.get(part) or "").strip() for part in ADDRESS_PARTS if str(value.get(part) or "").strip())


def signature_text(value):
    """王秀英（2026年12月1日签名）"""
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    name, date = str(value.get("name") or ""), value.get("date")
    return f"{name}（{chinese_date(date)}签名）" if name and date else name


def cell_text(field, value):
    """One answer of a simple type as text (a group's cell)."""
    if is_blank(value):
        return ""
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value))
    return str(value)


def group_table(field, rows):
    """(column labels, [[cell text, ...] per row]) of a repeating group's answer."""
    subs = [sub for sub in field.get("fields") or () if isinstance(sub, dict)]
    headers = [field_name(sub) for sub in subs]
    body = [[cell_text(sub, row.get(sub.get("key"))) for sub in subs] for row in rows or () if isinstance(row, dict)]
    return headers, body


def compound_text(field, value):
    """A group, address or signature answer as text, for places without tables:
    a group's rows one a line, "第 1 位家庭成员：姓名 李建国，与申请人关系 配偶"."""
    ftype = field.get("type")
    if ftype == "address":
        return address_text(value)
    if ftype == "signature":
        return signature_text(value)
    if ftype == "group":
        headers, body = group_table(field, value)
        return "\n".join(
            f"{row_name(field, number)}：" + "，".join(f"{h} {c}" for h, c in zip(headers, cells, strict=True) if c)
            for number, cells in enumerate(body, start=1)
        )
    return cell_text(field, value)

"""StreamField blocks in which staff build an application form without code:
a list of steps, each with a StreamBlock of typed fields. Every option of the
spec (`../shared/spec/form-definition.md`) has a labelled block here.

`to_definition` / `from_definition` convert between the blocks' stored value
and the spec's JSON shape, which the rest of the app works on."""

import functools
import json
from decimal import Decimal

from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from .definition import ADDRESS_PARTS, FIELD_TYPES, GROUP_SUBFIELD_TYPES, ROLES, check_steps
from .keys import assign_keys

SPLIT_CHARS = "、,，;；|\n"
CELL_SEPARATORS = "|｜"


def split_values(text):
    """'甲、乙,丙' → ['甲', '乙', '丙']"""
    parts = [text or ""]
    for char in SPLIT_CHARS:
        parts = [piece for part in parts for piece in part.split(char)]
    return [part.strip() for part in parts if part.strip()]


class ConditionBlock(blocks.StructBlock):
    """One test. In the editor `field` is a list of the earlier fields by
    label and `value` a list of that field's options (the `show-if` Stimulus
    controller, forms/static/forms/js/show_if.js); what is stored is the
    field's key, or `@<block id>` for a field not saved yet (forms.keys)."""

    field = blocks.CharBlock(label="依据字段", required=False)
    operator = blocks.ChoiceBlock(
        label="条件",
        choices=[("equals", "等于"), ("in", "是以下之一"), ("not_equals", "不等于")],
        default="equals",
    )
    value = blocks.CharBlock(label="值", required=False, help_text="“是以下之一”时多个值用顿号分隔")

    class Meta:
        label = "条件"
        form_classname = "struct-block condition-block"


class ShowIfBlock(blocks.StructBlock):
    """显示条件: none (always shown), one test, or several combined."""

    match = blocks.ChoiceBlock(
        label="组合方式", choices=[("all", "全部满足"), ("any", "满足任一")], default="all"
    )
    conditions = blocks.ListBlock(ConditionBlock(), label="条件", default=[])

    class Meta:
        label = "显示条件"
        form_classname = "struct-block show-if-block"
        form_attrs = {"data-controller": "show-if"}
        collapsed = True
        help_text = "不设条件时总是显示；依据的字段只能是它前面的字段"

    @staticmethod
    def upgrade(value):
        """The stored shape before combinations, {field, operator, value}, as one test."""
        if isinstance(value, dict) and "conditions" not in value and "field" in value:
            return {"match": "all", "conditions": [value] if value.get("field") else []}
        return value

    def to_python(self, value):
        return super().to_python(self.upgrade(value))

    def bulk_to_python(self, values):
        return super().bulk_to_python([self.upgrade(value) for value in values])


def key_block(label):
    return blocks.RegexBlock(
        regex=r"^[A-Za-z0-9_]+$",
        required=False,
        error_messages={"invalid": "只能用字母、数字和下划线"},
        label=label,
        help_text="保存时按名称自动生成（拼音），一般不用填写；表单发布后不要再改，否则已填的草稿会对不上",
    )


ROLE_HELP = (
    "标出后，办件列表、导出和公开页面只显示脱敏后的内容；申请人姓名和证件号码、联系电话"
    "还用于办件列表、进度查询和通知书。发布前至少要标出申请人姓名，以及证件号码或联系电话"
)


def role_block(roles=tuple(ROLES)):
    return blocks.ChoiceBlock(
        choices=[("", "无")] + [(role, ROLES[role]) for role in roles],
        required=False,
        default="",
        label="个人信息类别",
        help_text=ROLE_HELP,
    )


class KeyLastMixin:
    """Every child block in order, then the condition (and a step's fields), with
    the key in a collapsed 高级 section at the end: staff never need to see or type it."""

    def get_form_layout(self):
        names = [name for name in self.child_blocks if name not in ("key", "show_if", "fields")]
        names += [name for name in ("show_if", "fields") if name in self.child_blocks]
        return blocks.BlockGroup(
            children=[*names, blocks.BlockGroup(children=["key"], heading="高级", classname="collapsed", icon="cog")]
        )


class BaseFieldBlock(KeyLastMixin, blocks.StructBlock):
    label = blocks.CharBlock(label="字段名称", required=False, help_text="居民看到的名称，例如 姓名")
    role = role_block()
    required = blocks.BooleanBlock(label="必填", required=False, default=True)
    help = blocks.CharBlock(label="填写提示", required=False)
    sample = blocks.CharBlock(label="样表示例值", required=False, help_text="打印样表时填入的示例，必须符合本字段要求")
    show_if = ShowIfBlock()
    key = key_block("字段标识")

    class Meta:
        icon = "form"
        label_format = "{label}"


class TextFieldBlock(BaseFieldBlock):
    max_length = blocks.IntegerBlock(label="最多字数", required=False, min_value=1, help_text="默认 200")
    pattern = blocks.CharBlock(label="格式（正则表达式）", required=False)
    pattern_message = blocks.CharBlock(label="格式不符时的提示", required=False)


class TextareaFieldBlock(BaseFieldBlock):
    max_length = blocks.IntegerBlock(label="最多字数", required=False, min_value=1, help_text="默认 2000")


class IntegerFieldBlock(BaseFieldBlock):
    min = blocks.IntegerBlock(label="最小值", required=False)
    max = blocks.IntegerBlock(label="最大值", required=False)


class DecimalFieldBlock(BaseFieldBlock):
    min = blocks.DecimalBlock(label="最小值", required=False)
    max = blocks.DecimalBlock(label="最大值", required=False)
    decimal_places = blocks.IntegerBlock(label="小数位数", required=False, min_value=0, max_value=6)


class DateFieldBlock(BaseFieldBlock):
    min = blocks.CharBlock(label="最早日期", required=False, help_text="YYYY-MM-DD，或 today 表示当天")
    max = blocks.CharBlock(label="最晚日期", required=False, help_text="YYYY-MM-DD，或 today 表示当天")
    default_today = blocks.BooleanBlock(label="默认今天", required=False, default=False, help_text="例如 申请日期：打开这一步时已填好当天")


class ChoiceFieldBlock(BaseFieldBlock):
    role = role_block(["personal"])  # a chosen option can be personal (健康状况), never a name or number
    choices = blocks.ListBlock(blocks.CharBlock(label="选项"), label="选项", min_num=1)


class CheckboxesFieldBlock(ChoiceFieldBlock):
    min_choices = blocks.IntegerBlock(label="至少选几项", required=False, min_value=0)
    max_choices = blocks.IntegerBlock(label="最多选几项", required=False, min_value=1)
    sample = blocks.CharBlock(label="样表示例值", required=False, help_text="勾选的选项，用顿号分隔")


class AgreeFieldBlock(BaseFieldBlock):
    role = None  # a tick says nothing about the person
    sample = blocks.BooleanBlock(label="样表中勾选", required=False, default=True)


class FileFieldBlock(BaseFieldBlock):
    accept = blocks.CharBlock(label="允许的文件类型", required=False, help_text="扩展名，用顿号分隔，例如 jpg、png、pdf")
    max_mb = blocks.IntegerBlock(label="每个文件最大（MB）", required=False, min_value=1, max_value=50, help_text="默认 10")
    multiple = blocks.BooleanBlock(label="可上传多个文件", required=False, default=False, help_text="例如 身份证正反面、多页证明")
    max_files = blocks.IntegerBlock(label="最多文件数", required=False, min_value=1, max_value=50, help_text="仅用于可上传多个文件时；默认 10")
    max_total_mb = blocks.IntegerBlock(
        label="合计最大（MB）", required=False, min_value=1, max_value=200, help_text="仅用于可上传多个文件时；留空不限合计"
    )
    sample = None  # an upload has no sample value
    role = None  # attachments are never shown in lists; the case's access check guards them


class AddressSampleBlock(blocks.StructBlock):
    township = blocks.CharBlock(label="乡镇", required=False)
    village = blocks.CharBlock(label="村（社区）", required=False)
    detail = blocks.CharBlock(label="详细地址", required=False, help_text="组、门牌号")

    class Meta:
        label = "样表示例地址"
        collapsed = True


class AddressFieldBlock(BaseFieldBlock):
    """地址: the resident chooses a township and one of its villages (the villages
    kept under 行政村) and types 组、门牌号."""

    sample = AddressSampleBlock(required=False, help_text="乡镇和村写名称，例如 示例镇、青石村")

    class Meta:
        icon = "site"


class SignatureFieldBlock(BaseFieldBlock):
    """签名/承诺书: a statement the resident signs by typing their name; dated the day of submission."""

    statement = blocks.TextBlock(
        label="承诺内容",
        help_text="居民签名前看到的承诺书文字，例如 本人承诺所填信息真实、完整，如有虚假愿承担法律责任。空白表上印在签名栏上方",
    )
    sample = blocks.CharBlock(label="样表签名", required=False, help_text="样表上签名处填入的姓名，例如 王秀英")

    class Meta:
        icon = "edit"


class HeadingFieldBlock(KeyLastMixin, blocks.StructBlock):
    label = blocks.CharBlock(label="标题", required=False)
    help = blocks.TextBlock(label="说明文字", required=False)
    show_if = ShowIfBlock()
    key = key_block("字段标识")

    class Meta:
        icon = "title"
        label_format = "{label}"


FIELD_BLOCKS = {
    "text": TextFieldBlock,
    "textarea": TextareaFieldBlock,
    "integer": IntegerFieldBlock,
    "decimal": DecimalFieldBlock,
    "date": DateFieldBlock,
    "radio": ChoiceFieldBlock,
    "select": ChoiceFieldBlock,
    "checkboxes": CheckboxesFieldBlock,
    "agree": AgreeFieldBlock,
    "id_card": BaseFieldBlock,
    "credit_code": BaseFieldBlock,
    "mobile": BaseFieldBlock,
    "email": BaseFieldBlock,
    "file": FileFieldBlock,
    "heading": HeadingFieldBlock,
    "address": AddressFieldBlock,
    "signature": SignatureFieldBlock,
}


class FieldsMeta:
    label = "字段"


# The sub-fields of a repeating group: the simple types, without a condition
# or a sample of their own (the group's sample rows hold them).
GROUP_SUBFIELD_BLOCKS = {
    name: type(f"Group{cls.__name__}", (cls,), {"show_if": None, "sample": None, "__module__": __name__})
    for name, cls in FIELD_BLOCKS.items()
    if name in GROUP_SUBFIELD_TYPES
}


class GroupSubfieldsMeta:
    label = "每行的子字段"
    min_num = 1


GroupSubfieldsBlock = type(
    "GroupSubfieldsBlock",
    (blocks.StreamBlock,),
    {
        **{name: cls(label=FIELD_TYPES[name]) for name, cls in GROUP_SUBFIELD_BLOCKS.items()},
        "Meta": GroupSubfieldsMeta,
        "__module__": __name__,
        "__doc__": "The sub-fields of a repeating group: one block type per simple field type.",
    },
)


class GroupFieldBlock(BaseFieldBlock):
    """重复组: rows of the same sub-fields, e.g. 家庭成员 (姓名、与申请人关系、身份证号、月收入)."""

    label = blocks.CharBlock(label="字段名称", help_text="整组的名称，例如 家庭成员")
    row_label = blocks.CharBlock(
        label="每行称呼", required=False, help_text="例如填“位家庭成员”，提示显示为“第 2 位家庭成员”；留空为“第 2 行”"
    )
    min_rows = blocks.IntegerBlock(label="最少行数", required=False, min_value=0, help_text="空白表至少印 3 行")
    max_rows = blocks.IntegerBlock(label="最多行数", required=False, min_value=1)
    fields = GroupSubfieldsBlock()
    sample = blocks.TextBlock(
        label="样表示例行",
        required=False,
        help_text="每行一条，各项按子字段顺序用竖线 | 分隔，例如 李建国|配偶|42011119650720031X|800",
    )

    class Meta:
        icon = "table"


FIELD_BLOCKS["group"] = GroupFieldBlock


# One child block per field type, labelled in Chinese.
FieldsBlock = type(
    "FieldsBlock",
    (blocks.StreamBlock,),
    {
        **{name: cls(label=FIELD_TYPES[name]) for name, cls in FIELD_BLOCKS.items()},
        "Meta": FieldsMeta,
        "__module__": __name__,
        "__doc__": "The fields of one step, one block type per field type.",
    },
)


class StepBlock(KeyLastMixin, blocks.StructBlock):
    title = blocks.CharBlock(label="步骤标题", required=False, help_text="例如 申请人信息")
    help = blocks.TextBlock(label="步骤说明", required=False)
    show_if = ShowIfBlock()
    fields = FieldsBlock()
    key = key_block("步骤标识")

    class Meta:
        icon = "list-ol"
        label = "步骤"
        label_format = "{title}"


class StepsBlock(blocks.StreamBlock):
    """The form's steps. Cleaning gives every step and field without a key one
    made from its title or label (forms.keys), then checks the whole
    definition and raises every problem at once, each beside its step or
    field, worded with the titles and labels staff wrote."""

    step = StepBlock()

    class Meta:
        min_num = 1

    def clean(self, value):
        value = super().clean(value)
        steps = [
            (child.value, [(field.id, field.value) for field in child.value["fields"]])
            for child in value
            if child.block_type == "step"
        ]
        assign_keys(steps)
        errors = check_steps(steps_to_definition(value))
        if errors:
            raise placed_errors(errors)
        return value


def placed_errors(errors):
    """DefinitionErrors as Wagtail block errors: each message beside its step or field."""
    by_step = {}
    for error in errors:
        if error.step_index is None:
            continue
        step = by_step.setdefault(error.step_index, {"own": [], "fields": {}})
        if error.field_index is None:
            step["own"].append(str(error))
        else:
            step["fields"].setdefault(error.field_index, []).append(str(error))
    block_errors = {}
    for index, step in by_step.items():
        field_errors = {
            field_index: StructBlockValidationError(non_block_errors=messages) for field_index, messages in step["fields"].items()
        }
        block_errors[index] = StructBlockValidationError(
            block_errors={"fields": StreamBlockValidationError(block_errors=field_errors)} if field_errors else None,
            non_block_errors=step["own"],
        )
    other = [str(error) for error in errors if error.step_index is None]
    return StreamBlockValidationError(block_errors=block_errors, non_block_errors=other)


# --- Conversion ------------------------------------------------------------


def condition_to_definition(value):
    """A ShowIfBlock value as a spec `show_if`: None, one test, or {"all"|"any": [tests]}."""
    value = ShowIfBlock.upgrade(value)
    if not value:
        return None
    tests = [test_to_definition(test) for test in value.get("conditions") or ()]
    tests = [test for test in tests if test]
    if not tests:
        return None
    if len(tests) == 1:
        return tests[0]
    return {value.get("match") or "all": tests}


def test_to_definition(value):
    if not value or not value.get("field"):
        return None
    operator = value.get("operator") or "equals"
    raw = value.get("value") or ""
    target = split_values(raw) if operator == "in" else raw
    return {"field": value["field"], operator: target}


def condition_from_definition(condition):
    """A spec `show_if` (old single test or all/any) as a ShowIfBlock value."""
    if not condition:
        return {"match": "all", "conditions": []}
    for match in ("all", "any"):
        if match in condition:
            return {"match": match, "conditions": [test_from_definition(test) for test in condition[match]]}
    return {"match": "all", "conditions": [test_from_definition(condition)]}


def test_from_definition(condition):
    operator = next(op for op in ("equals", "in", "not_equals") if op in condition)
    target = condition[operator]
    if operator == "in":
        target = "、".join(map(_text, target))
    return {"field": condition["field"], "operator": operator, "value": _text(target)}


def _text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def field_to_definition(block_type, value):
    field = {"key": value.get("key") or "", "label": value.get("label") or "", "type": block_type}
    if block_type != "heading":
        field["required"] = bool(value.get("required"))
    if value.get("role"):
        field["role"] = value["role"]
    if value.get("help"):
        field["help"] = value["help"]
    for option in ("max_length", "pattern", "pattern_message", "min", "max", "decimal_places", "min_choices", "max_choices", "max_mb"):
        if value.get(option) not in (None, ""):
            field[option] = _number(value[option])
    if "choices" in value:
        field["choices"] = list(value["choices"])
    if value.get("accept"):
        field["accept"] = split_values(value["accept"])
    if block_type == "group":
        field["fields"] = [field_to_definition(child.block_type, child.value) for child in value["fields"]]
        if value.get("row_label"):
            field["row_label"] = value["row_label"]
        for option in ("min_rows", "max_rows"):
            field[option] = value.get(option)
    if block_type == "signature":
        field["statement"] = value.get("statement") or ""
    sample = value.get("sample")
    if block_type == "group":
        if sample:
            field["sample"] = rows_from_text(sample, field["fields"])
    elif block_type == "address":
        if sample and any(sample.get(part) for part in ADDRESS_PARTS):
            field["sample"] = {part: sample.get(part) or "" for part in ADDRESS_PARTS}
    elif block_type == "signature":
        if sample:
            field["sample"] = {"name": sample}
    elif block_type == "agree":
        field["sample"] = bool(sample)
    elif block_type == "checkboxes" and sample:
        field["sample"] = split_values(sample)
    elif block_type == "integer" and str(sample or "").lstrip("-").isdigit():
        field["sample"] = int(sample)
    elif sample not in (None, ""):
        field["sample"] = sample
    if block_type == "file":
        field.update(file_options_to_definition(value))
    if block_type == "date" and value.get("default_today"):
        field["default"] = "today"
    condition = condition_to_definition(value.get("show_if"))
    if condition:
        field["show_if"] = condition
    return field


def file_options_to_definition(value):
    """The several-files options of a file block: only when it takes several."""
    if not value.get("multiple"):
        return {}
    options = {"multiple": True}
    for option in ("max_files", "max_total_mb"):
        if value.get(option) not in (None, ""):
            options[option] = value[option]
    return options


def file_options_from_definition(field):
    return {
        "multiple": bool(field.get("multiple")),
        "max_files": field.get("max_files"),
        "max_total_mb": field.get("max_total_mb"),
    }


def field_from_definition(field):
    block_type = field["type"]
    value = {"key": field["key"], "label": field.get("label", ""), "help": field.get("help", "")}
    block = FIELD_BLOCKS[block_type]
    names = block.base_blocks
    if "required" in names:
        value["required"] = bool(field.get("required", False))
    if "role" in names:
        value["role"] = field.get("role") or ""
    for option in ("max_length", "pattern", "pattern_message", "min", "max", "decimal_places", "min_choices", "max_choices", "max_mb"):
        if option in names:
            value[option] = field.get(option, "" if isinstance(names[option], blocks.CharBlock) else None)
    if "choices" in names:
        value["choices"] = list(field.get("choices", []))
    if "accept" in names:
        value["accept"] = "、".join(field.get("accept", []))
    if block_type == "group":
        value["fields"] = [field_from_definition(sub) for sub in field.get("fields", [])]
        value["row_label"] = field.get("row_label") or ""
        value["min_rows"], value["max_rows"] = field.get("min_rows"), field.get("max_rows")
        value["sample"] = rows_to_text(field.get("sample"), field.get("fields", []))
    elif block_type == "address":
        sample = field.get("sample") if isinstance(field.get("sample"), dict) else {}
        value["sample"] = {part: sample.get(part) or "" for part in ADDRESS_PARTS}
    elif block_type == "signature":
        value["statement"] = field.get("statement", "")
        sample = field.get("sample")
        value["sample"] = (sample.get("name") or "") if isinstance(sample, dict) else _text(sample or "")
    elif names.get("sample") is not None:
        sample = field.get("sample")
        if block_type == "agree":
            value["sample"] = bool(sample)
        elif isinstance(sample, list):
            value["sample"] = "、".join(sample)
        else:
            value["sample"] = "" if sample is None else _text(sample)
    if block_type == "file":
        value.update(file_options_from_definition(field))
    if block_type == "date":
        value["default_today"] = field.get("default") == "today"
    if names.get("show_if") is not None:
        value["show_if"] = condition_from_definition(field.get("show_if"))
    return {"type": block_type, "value": value}


def rows_from_text(text, fields):
    """Sample rows typed one a line, cells split by |: 李建国|配偶|… → [{"name": "李建国", …}]."""
    rows = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        for separator in CELL_SEPARATORS[1:]:
            line = line.replace(separator, CELL_SEPARATORS[0])
        cells = [cell.strip() for cell in line.split(CELL_SEPARATORS[0])]
        rows.append({sub["key"]: cell for sub, cell in zip(fields, cells, strict=False) if cell})
    return rows


def rows_to_text(rows, fields):
    return "\n".join(
        "|".join(_text(row.get(sub["key"], "")) for sub in fields) for row in rows or () if isinstance(row, dict)
    )


def steps_to_definition(stream_value):
    steps = []
    for step_block in stream_value:
        value = step_block.value
        step = {
            "key": value.get("key") or "",
            "title": value.get("title") or "",
            "help": value.get("help", ""),
            "show_if": condition_to_definition(value.get("show_if")),
            "fields": [field_to_definition(child.block_type, child.value) for child in value["fields"]],
        }
        steps.append(step)
    return steps


def stored_steps_definition(stream_value):
    """`steps_to_definition` of a form's stored steps, converted once per
    content: every request of the wizard reads the definition, and building
    it from the blocks costs more than the rest of a step. Keyed by the
    stored JSON (block ids blanked), so an edit, a new revision or a
    preview is a new key and never sees an old definition; each caller gets
    its own copy to change."""
    text = json.dumps(_without_ids(stream_value.get_prep_value()), ensure_ascii=False, sort_keys=True)
    return json.loads(_definition_json(text))


@functools.lru_cache(maxsize=256)
def _definition_json(stored_text):
    return json.dumps(steps_to_definition(_stream_block().to_python(json.loads(stored_text))), ensure_ascii=False)


@functools.cache
def _stream_block():
    return StepsBlock()


def _without_ids(raw):
    """Raw stream data with the blocks' ids blanked: they are random, and
    `steps_to_definition` never reads them (a list item keeps the key, which
    marks its format)."""
    if isinstance(raw, list):
        return [_without_ids(item) for item in raw]
    if isinstance(raw, dict):
        return {key: "" if key == "id" else _without_ids(value) for key, value in raw.items()}
    return raw


def steps_from_definition(steps):
    """Raw StreamField data (a list of {type, value}) for the spec's steps."""
    return [
        {
            "type": "step",
            "value": {
                "key": step["key"],
                "title": step["title"],
                "help": step.get("help", ""),
                "show_if": condition_from_definition(step.get("show_if")),
                "fields": [field_from_definition(field) for field in step["fields"]],
            },
        }
        for step in steps
    ]

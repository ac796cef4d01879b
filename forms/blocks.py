"""StreamField blocks in which staff build an application form without code:
a list of steps, each with a StreamBlock of typed fields. Every option of the
spec (`../shared/spec/form-definition.md`) has a labelled block here.

`to_definition` / `from_definition` convert between the blocks' stored value
and the spec's JSON shape, which the rest of the app works on."""

from decimal import Decimal

from wagtail import blocks

from .definition import FIELD_TYPES

SPLIT_CHARS = "、,，;；|\n"


def split_values(text):
    """'甲、乙,丙' → ['甲', '乙', '丙']"""
    parts = [text or ""]
    for char in SPLIT_CHARS:
        parts = [piece for part in parts for piece in part.split(char)]
    return [part.strip() for part in parts if part.strip()]


class ConditionBlock(blocks.StructBlock):
    field = blocks.CharBlock(
        label="依据字段",
        required=False,
        help_text="填写前面步骤（或本步骤前面）某个字段的 key；留空表示总是显示",
    )
    operator = blocks.ChoiceBlock(
        label="条件",
        choices=[("equals", "等于"), ("in", "是以下之一"), ("not_equals", "不等于")],
        default="equals",
        required=False,
    )
    value = blocks.CharBlock(label="值", required=False, help_text="“是以下之一”时多个值用顿号分隔")

    class Meta:
        label = "显示条件"
        form_classname = "struct-block condition-block"
        collapsed = True


def key_block():
    return blocks.RegexBlock(
        regex=r"^[A-Za-z0-9_]+$",
        error_messages={"invalid": "只能用字母、数字和下划线"},
        label="字段 key",
        help_text="英文标识，全表唯一，例如 name、id_number",
    )


class BaseFieldBlock(blocks.StructBlock):
    key = key_block()
    label = blocks.CharBlock(label="字段名称", help_text="居民看到的名称，例如 姓名")
    required = blocks.BooleanBlock(label="必填", required=False, default=True)
    help = blocks.CharBlock(label="填写提示", required=False)
    sample = blocks.CharBlock(label="样表示例值", required=False, help_text="打印样表时填入的示例，必须符合本字段要求")
    show_if = ConditionBlock()

    class Meta:
        icon = "form"


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
    choices = blocks.ListBlock(blocks.CharBlock(label="选项"), label="选项", min_num=1)


class CheckboxesFieldBlock(ChoiceFieldBlock):
    min_choices = blocks.IntegerBlock(label="至少选几项", required=False, min_value=0)
    max_choices = blocks.IntegerBlock(label="最多选几项", required=False, min_value=1)
    sample = blocks.CharBlock(label="样表示例值", required=False, help_text="勾选的选项，用顿号分隔")


class AgreeFieldBlock(BaseFieldBlock):
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


class HeadingFieldBlock(blocks.StructBlock):
    key = key_block()
    label = blocks.CharBlock(label="标题")
    help = blocks.TextBlock(label="说明文字", required=False)
    show_if = ConditionBlock()

    class Meta:
        icon = "title"


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
}


class FieldsMeta:
    label = "字段"


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


class StepBlock(blocks.StructBlock):
    key = blocks.RegexBlock(
        regex=r"^[A-Za-z0-9_]+$",
        error_messages={"invalid": "只能用字母、数字和下划线"},
        label="步骤 key",
        help_text="英文标识，例如 applicant",
    )
    title = blocks.CharBlock(label="步骤标题", help_text="例如 申请人信息")
    help = blocks.TextBlock(label="步骤说明", required=False)
    show_if = ConditionBlock()
    fields = FieldsBlock()

    class Meta:
        icon = "list-ol"
        label = "步骤"


class StepsBlock(blocks.StreamBlock):
    step = StepBlock()

    class Meta:
        min_num = 1


# --- Conversion ------------------------------------------------------------


def condition_to_definition(value):
    if not value or not value.get("field"):
        return None
    operator = value.get("operator") or "equals"
    raw = value.get("value") or ""
    target = split_values(raw) if operator == "in" else raw
    return {"field": value["field"], operator: target}


def condition_from_definition(condition):
    if not condition:
        return {"field": "", "operator": "equals", "value": ""}
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
    field = {"key": value["key"], "label": value["label"], "type": block_type}
    if block_type != "heading":
        field["required"] = bool(value.get("required"))
    if value.get("help"):
        field["help"] = value["help"]
    for option in ("max_length", "pattern", "pattern_message", "min", "max", "decimal_places", "min_choices", "max_choices", "max_mb"):
        if value.get(option) not in (None, ""):
            field[option] = _number(value[option])
    if "choices" in value:
        field["choices"] = list(value["choices"])
    if value.get("accept"):
        field["accept"] = split_values(value["accept"])
    sample = value.get("sample")
    if block_type == "agree":
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
    for option in ("max_length", "pattern", "pattern_message", "min", "max", "decimal_places", "min_choices", "max_choices", "max_mb"):
        if option in names:
            value[option] = field.get(option, "" if isinstance(names[option], blocks.CharBlock) else None)
    if "choices" in names:
        value["choices"] = list(field.get("choices", []))
    if "accept" in names:
        value["accept"] = "、".join(field.get("accept", []))
    if names.get("sample") is not None:
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
    value["show_if"] = condition_from_definition(field.get("show_if"))
    return {"type": block_type, "value": value}


def steps_to_definition(stream_value):
    steps = []
    for step_block in stream_value:
        value = step_block.value
        step = {
            "key": value["key"],
            "title": value["title"],
            "help": value.get("help", ""),
            "show_if": condition_to_definition(value.get("show_if")),
            "fields": [field_to_definition(child.block_type, child.value) for child in value["fields"]],
        }
        steps.append(step)
    return steps


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

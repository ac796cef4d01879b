"""Django forms built from a step of a form definition.

Every field validates with `forms.definition.clean_value`, the same rules the
definition's sample values are checked against. Fields whose condition is
false are not in the form at all, so they are neither validated nor stored,
whatever a forged POST sends."""

from django import forms

from .definition import (
    applied_condition,
    clean_value,
    condition_fields,
    condition_holds,
    condition_rule,
    describe_condition,
    field_keys,
)
from .validators import validate_upload

EMPTY = (None, "", [], ())


class DefinedFieldMixin:
    """Run the definition's own check after Django's basic cleaning."""

    def __init__(self, spec, **kwargs):
        self.spec = spec
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in EMPTY or value is False:
            return None
        return clean_value(self.spec, value)


class DefinedCharField(DefinedFieldMixin, forms.CharField):
    pass


class DefinedChoiceField(DefinedFieldMixin, forms.ChoiceField):
    pass


class DefinedMultipleChoiceField(DefinedFieldMixin, forms.MultipleChoiceField):
    pass


class DefinedBooleanField(DefinedFieldMixin, forms.BooleanField):
    pass


class DefinedFileField(forms.FileField):
    def __init__(self, spec, **kwargs):
        self.spec = spec
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            validate_upload(upload, self.spec.get("accept") or [], self.spec.get("max_mb") or 10)
        return upload


INPUT_ATTRS = {
    "integer": {"inputmode": "numeric"},
    "decimal": {"inputmode": "decimal"},
    "id_card": {"inputmode": "text", "autocomplete": "off", "maxlength": "18", "spellcheck": "false"},
    "credit_code": {"autocomplete": "off", "maxlength": "18", "spellcheck": "false"},
    "mobile": {"inputmode": "tel", "autocomplete": "tel", "maxlength": "13"},
    "email": {"autocomplete": "email"},
}


def required_message(spec):
    """What to say when a required answer is missing, naming the field."""
    ftype, label = spec["type"], spec["label"]
    if ftype == "agree":
        return "请阅读并勾选同意"
    if ftype in ("radio", "select", "checkboxes"):
        return f"请选择{label}"
    if ftype == "file":
        return f"请上传{label}"
    return f"请填写{label}"


def make_field(spec):
    """A Django form field for one field definition (not for headings)."""
    ftype = spec["type"]
    common = {
        "label": spec["label"],
        "required": bool(spec.get("required")),
        "help_text": spec.get("help", ""),
        "error_messages": {"required": required_message(spec)},
    }
    if ftype in ("radio", "select"):
        choices = [(c, c) for c in spec["choices"]]
        if ftype == "select":
            return DefinedChoiceField(spec, choices=[("", "请选择")] + choices, widget=forms.Select, **common)
        return DefinedChoiceField(spec, choices=choices, widget=forms.RadioSelect, **common)
    if ftype == "checkboxes":
        return DefinedMultipleChoiceField(
            spec, choices=[(c, c) for c in spec["choices"]], widget=forms.CheckboxSelectMultiple, **common
        )
    if ftype == "agree":
        return DefinedBooleanField(spec, **common)
    if ftype == "file":
        accept = ",".join("." + a.lstrip(".") for a in spec.get("accept") or [])
        return DefinedFileField(spec, widget=forms.ClearableFileInput(attrs={"accept": accept} if accept else {}), **common)
    if ftype == "textarea":
        widget = forms.Textarea(attrs={"rows": 4, "maxlength": spec.get("max_length") or 2000})
    elif ftype == "date":
        widget = forms.DateInput(attrs={"type": "date"})
    elif ftype == "email":
        widget = forms.EmailInput(attrs=INPUT_ATTRS["email"])
    else:
        attrs = dict(INPUT_ATTRS.get(ftype, {}))
        if ftype == "text":
            attrs["maxlength"] = spec.get("max_length") or 200
        widget = forms.TextInput(attrs=attrs)
    return DefinedCharField(spec, widget=widget, **common)


def describe_field(bound):
    """Tie the help text and the errors to the input for screen readers."""
    ids = []
    if bound.help_text:
        ids.append(f"{bound.auto_id}_helptext")
    if bound.errors:
        ids.append(f"{bound.auto_id}_errors")
        bound.field.widget.attrs["aria-invalid"] = "true"
    if ids:
        bound.field.widget.attrs["aria-describedby"] = " ".join(ids)


def raw_value(data, name, spec):
    """A field's value as entered (a list for checkboxes), for conditions."""
    if spec["type"] == "checkboxes":
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
    value = data.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    if spec["type"] == "agree":
        return True if value in ("on", "true", True, "1") else None
    return value


class StepForm(forms.Form):
    """One step of an application. `answers` are the visible answers of the
    earlier steps, which decide this step's conditional fields."""

    template_name = "forms/step_form.html"

    def __init__(self, *args, definition, step, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition
        self.step = step
        self.earlier_answers = answers
        own_keys = {f["key"] for f in step["fields"]}
        keys = field_keys(definition)
        # (spec, its condition when an answer in this step decides it, else None), in order.
        self.items = []
        for spec in step["fields"]:
            condition = applied_condition(definition, spec, keys)
            same_step = condition if condition and condition_fields(condition) & own_keys else None
            if condition and not same_step and not condition_holds(condition, answers):
                continue  # decided by an earlier step: not part of this form at all
            if spec["type"] != "heading":
                self.fields[spec["key"]] = make_field(spec)
            self.items.append((spec, same_step))

    def visible_specs(self):
        """Field specs visible given the data this form is bound to (same-step
        conditions are decided by the answer given above them)."""
        answers = dict(self.earlier_answers)
        visible = []
        for spec, same_step in self.items:
            if same_step and not condition_holds(same_step, answers):
                continue
            visible.append(spec)
            if spec["type"] != "heading" and self.is_bound:
                answers[spec["key"]] = raw_value(self.data, self.add_prefix(spec["key"]), spec)
        return visible

    def full_clean(self):
        if self.is_bound:
            visible = {spec["key"] for spec in self.visible_specs()}
            for key in list(self.fields):
                if key not in visible:
                    del self.fields[key]
        super().full_clean()

    def layout(self):
        """What the template draws, in order: headings and fields, each with the
        condition text for residents without JavaScript and, for one decided in
        this step, the id its rule in `condition_rules` refers to."""
        rows = []
        for spec, same_step in self.items:
            if spec["type"] != "heading" and spec["key"] not in self.fields:
                continue
            field = self[spec["key"]] if spec["type"] != "heading" else None
            if field is not None:
                describe_field(field)
            rows.append(
                {
                    "spec": spec,
                    "field": field,
                    "row_id": f"row-{self.add_prefix(spec['key'])}" if same_step else "",
                    "condition_text": describe_condition(self.definition, same_step),
                }
            )
        return rows

    def condition_rules(self):
        """The conditions decided by answers in this step, resolved for the browser
        script (rendered with json_script): [{"row": element id, "field": input
        name, "values": [...], "negate": bool}] or, for a combination,
        [{"row": …, "all"|"any": [rule, …]}] where tests on earlier steps'
        answers are already decided ({"holds": bool}); in form order."""
        rules = []
        for spec, same_step in self.items:
            rule = condition_rule(same_step, settled=self.earlier_answers)
            if rule and (spec["type"] == "heading" or spec["key"] in self.fields):
                rules.append({**self.input_names(rule), "row": f"row-{self.add_prefix(spec['key'])}"})
        return rules

    def input_names(self, rule):
        """A rule with field keys turned into this form's input names."""
        for combiner in ("all", "any"):
            if combiner in rule:
                return {combiner: [self.input_names(part) for part in rule[combiner]]}
        return {**rule, "field": self.add_prefix(rule["field"])} if "field" in rule else rule

    def stored_data(self):
        """The entered values of visible fields only, as formtools stores them."""
        data = {}
        for spec in self.visible_specs():
            if spec["type"] in ("heading", "file"):
                continue
            name = self.add_prefix(spec["key"])
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data.get(name)]
            data[name] = [v for v in values if v is not None]
        return data

    def stored_files(self):
        keys = {spec["key"] for spec in self.visible_specs() if spec["type"] == "file"}
        return {name: upload for name, upload in self.files.items() if name.removeprefix(self.prefix + "-") in keys}


class ReviewForm(forms.Form):
    """核对信息: the last step. Staff and village agents say whether they are
    filling the form on a resident's behalf (代办)."""

    template_name = "forms/review_form.html"

    def __init__(self, *args, can_proxy=False, **kwargs):
        super().__init__(*args, **kwargs)
        if can_proxy:
            self.fields["proxy"] = forms.BooleanField(label="本次为代办：我代申请人填写并提交", required=False)
            self.fields["proxy_note"] = forms.CharField(
                label="代办说明", required=False, max_length=200, help_text="例如 申请人行动不便，由村代办员上门代办"
            )

    def stored_data(self):
        return {self.add_prefix(name): self.data.getlist(self.add_prefix(name)) for name in self.fields}

    def stored_files(self):
        return {}

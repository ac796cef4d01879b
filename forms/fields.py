"""Django forms built from a step of a form definition.

Every field validates with `forms.definition.clean_value`, the same rules the
definition's sample values are checked against. Fields whose condition is
false are not in the form at all, so they are neither validated nor stored,
whatever a forged POST sends."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils import timezone

from .compound import ADD_ROW, REMOVE_ROW, make_compound_field, raw_compound, read_rows, rows_data
from .definition import (
    COMPOUND_TYPES,
    applied_condition,
    clean_value,
    condition_fields,
    condition_holds,
    condition_rule,
    describe_condition,
    field_keys,
    missing_message,
    role_answer,
    same_name,
)
from .uploads import check_kept, human_size, is_multiple, max_files

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


class UploadInput(forms.FileInput):
    """The file chooser of a file field (`multiple` when the field takes
    several). Its value is not what the browser sends, which the wizard has
    already checked and kept (`forms.uploads`), but the kept files, which
    the form hands it (`kept`)."""

    allow_multiple_selected = True

    def __init__(self, attrs=None, multiple=False):
        super().__init__(attrs)
        self.multiple = multiple
        self.kept = []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if not self.multiple:
            context["widget"]["attrs"].pop("multiple", None)
        return context

    def value_from_datadict(self, data, files, name):
        return list(self.kept)


class KeptFilesField(forms.Field):
    """A file field whose value is the list of kept file records: a required
    field holding a file is answered; the limits are checked again."""

    def __init__(self, spec, **kwargs):
        self.spec = spec
        self.upload_errors = []  # this request's refused uploads, each naming its file
        kwargs.setdefault("widget", UploadInput(multiple=is_multiple(spec)))
        super().__init__(**kwargs)

    def clean(self, value):
        kept = list(value or [])
        if self.upload_errors:
            raise ValidationError(self.upload_errors)
        if not kept:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        problem = check_kept(self.spec, kept)
        if problem:
            raise ValidationError(problem)
        return kept


INPUT_ATTRS = {
    "integer": {"inputmode": "numeric"},
    "decimal": {"inputmode": "decimal"},
    "id_card": {"inputmode": "text", "autocomplete": "off", "maxlength": "18", "spellcheck": "false"},
    "credit_code": {"autocomplete": "off", "maxlength": "18", "spellcheck": "false"},
    "mobile": {"inputmode": "tel", "autocomplete": "tel", "maxlength": "13"},
    "email": {"autocomplete": "email"},
}


def make_field(spec):
    """A Django form field for one field definition (not for headings)."""
    ftype = spec["type"]
    common = {
        "label": spec["label"],
        "required": bool(spec.get("required")),
        "help_text": spec.get("help", ""),
        "error_messages": {"required": missing_message(spec)},
    }
    if ftype in COMPOUND_TYPES:
        return make_compound_field(spec, common)
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
        widget = UploadInput(attrs={"accept": accept} if accept else {}, multiple=is_multiple(spec))
        return KeptFilesField(spec, widget=widget, **common)
    if ftype == "textarea":
        widget = forms.Textarea(attrs={"rows": 4, "maxlength": spec.get("max_length") or 2000})
    elif ftype == "date":
        widget = forms.DateInput(attrs={"type": "date"})
        if spec.get("default") == "today":
            common["initial"] = timezone.localdate().isoformat()
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
    """A field's value as entered (a list for checkboxes, rows for a group, the
    parts of an address), for conditions and the draft."""
    if spec["type"] in ("group", "address"):
        return raw_compound(data, name, spec)
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

    def __init__(self, *args, definition, step, answers, kept_files=None, upload_errors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.quiet = False  # True: shown again after a row change, without checking it yet
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
            if spec["type"] == "file":
                self.fields[spec["key"]].widget.kept = list((kept_files or {}).get(spec["key"]) or [])
                self.fields[spec["key"]].upload_errors = list((upload_errors or {}).get(spec["key"]) or [])
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
        if self.quiet:
            self._errors, self.cleaned_data = ErrorDict(), {}
            return
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
            own_errors = field.errors if field is not None else []
            if spec["type"] == "group":
                own_errors = self.place_group_errors(field)
            row = {
                "spec": spec,
                "field": field,
                "errors": own_errors,
                "row_id": f"row-{self.add_prefix(spec['key'])}" if same_step else "",
                "condition_text": describe_condition(self.definition, same_step),
            }
            if spec["type"] == "file":
                row.update(kept_files_context(spec, field))
            rows.append(row)
        return rows

    def place_group_errors(self, bound):
        """Put each row's errors beside its cell; return the group's own (row limits)."""
        own, cells = [], {}
        for error in self.errors.as_data().get(bound.name, []) if self.is_bound else []:
            row = getattr(error, "row", None)
            if row is None:
                own.extend(error.messages)
            else:
                cells.setdefault((row - 1, error.cell), []).extend(error.messages)
        bound.field.widget.cell_errors = cells
        return own

    def error_summary(self):
        """[(input id, message)] for the 请修改以下内容 box: each error links to its
        own input (a group's to the row's cell, an address's to its township)."""
        items = []
        for name, errors in self.errors.as_data().items():
            if name not in self.fields:
                items += [("", message) for error in errors for message in error.messages]
                continue
            bound = self[name]
            first = bound.subwidgets[0].id_for_label if bound.subwidgets else bound.auto_id
            for error in errors:
                target = first
                if getattr(error, "row", None) is not None:
                    target = f"{bound.auto_id}-{error.row - 1}-{error.cell}"
                for message in error.messages:
                    items.append((target, message if bound.label in message else f"{bound.label}：{message}"))
        return items

    @property
    def has_row_buttons(self):
        return any(spec["type"] == "group" for spec, _ in self.items)

    def row_change(self):
        """The group row change a POST asks for: (group spec, add, row index to remove), or None."""
        add, remove = self.data.get(ADD_ROW), self.data.get(REMOVE_ROW)
        key, _, index = (remove or "").partition(":")
        groups = {spec["key"]: spec for spec, _ in self.items if spec["type"] == "group" and spec["key"] in self.fields}
        if add in groups:
            return groups[add], True, None
        if key in groups and index.isdigit():
            return groups[key], False, int(index)
        return None

    def clean(self):
        """A signature must be the applicant's name, where the form marks which
        answer that is (role applicant_name) and it is known by this step."""
        cleaned = super().clean()
        for spec, _ in self.items:
            signature = cleaned.get(spec["key"]) if spec["type"] == "signature" else None
            expected = self.applicant_name(cleaned) if signature else ""
            if expected and not same_name(signature["name"], expected):
                self.add_error(spec["key"], f"签名应与申请人姓名“{expected}”一致")
        return cleaned

    def applicant_name(self, cleaned):
        """The 申请人姓名 answer as the case will store it (this step's over earlier ones)."""
        return str(role_answer(self.definition, {**self.earlier_answers, **cleaned}, "applicant_name"))

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
            if spec["type"] == "group":  # its rows' inputs, renumbered from 0; unknown names dropped
                data.update(rows_data(name, read_rows(self.data, name, spec)))
                continue
            if spec["type"] == "address":
                parts = raw_compound(self.data, name, spec)
                data.update({f"{name}-{part}": [value] for part, value in parts.items() if value is not None})
                continue
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data.get(name)]
            data[name] = [v for v in values if v is not None]
        return data

    def file_keys(self):
        """The keys of this step's file fields that the resident sees."""
        return [spec["key"] for spec in self.visible_specs() if spec["type"] == "file"]


def kept_files_context(spec, field):
    """What the upload block shows: each kept file with its size and its
    删除 button's value, and what choosing a file does (add or replace)."""
    kept = field.field.widget.kept
    multiple, limit = is_multiple(spec), max_files(spec)
    if multiple:
        rule = f"可一次选择多个文件，最多 {limit} 个"
        if spec.get("max_total_mb"):
            rule += f"，合计不超过 {spec['max_total_mb']} MB"
        chooser = "添加文件" if kept else "选择文件"
    else:
        rule, chooser = "", "替换为新文件" if kept else "选择文件"
    return {
        "kept": [
            {"name": r["name"], "size": human_size(r["size"]), "remove": f"{spec['key']}:{r['id']}"} for r in kept
        ],
        "chooser_label": chooser,
        "upload_rule": rule,
        "full": multiple and len(kept) >= limit,
    }


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

    def file_keys(self):
        return []

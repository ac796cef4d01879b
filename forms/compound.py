"""Form fields of the compound types: a repeating group (重复组), an address
(乡镇 → 村 + 详细地址) and a signature (签名/承诺书).

Every value is checked by `forms.definition.clean_value`, as for the simple
types. What needs the database — whether a village is one of the township's —
is checked here, against `network.places`.

Inputs are named after the field's prefixed name, with "-" (which keys never
contain) before the part: `members-family-0-name` is row 0's 姓名 of the group
`family` in step `members`, and `members-family-0` marks that the row exists
(so a row of unchecked radios is not lost); `applicant-home-township`,
`-village` and `-detail` are an address's parts. A signature is one input
(the name); its date is the day it is checked (today, and again on submission).

Rows are added and removed by submit buttons (`wizard_add_row`,
`wizard_remove_row`) that the wizard handles without JavaScript: it stores
what was typed, changes the rows and shows the step again (`change_rows`)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import SimpleLazyObject

from network.places import townships_and_villages

from .definition import (
    ADDRESS_PARTS,
    DEFAULT_ROW_LABEL,
    SIGNATURE_NAME_MAX_LENGTH,
    clean_value,
    field_name,
    is_blank,
    row_name,
)

ADD_ROW = "wizard_add_row"  # value: the group's key
REMOVE_ROW = "wizard_remove_row"  # value: "<group key>:<row index>"


def _last(data, key):
    """The last value posted under `key` (formtools keeps lists)."""
    value = data.getlist(key) if hasattr(data, "getlist") else data.get(key)
    if isinstance(value, (list, tuple)):
        return value[-1] if value else None
    return value


# --- Repeating group ------------------------------------------------------------


def initial_row_count(spec):
    return max(spec.get("min_rows") or 0, 1)


def read_rows(data, name, spec):
    """The rows posted for the group `name`, in order: [{sub key: value}]."""
    keys = {sub["key"] for sub in spec["fields"]}
    rows = {}
    for key in data:
        if not key.startswith(name + "-"):
            continue
        index, _, sub = key[len(name) + 1 :].partition("-")
        if not index.isdigit() or (sub and sub not in keys):
            continue
        row = rows.setdefault(int(index), {})
        if sub:
            row[sub] = _last(data, key)
    return [rows[index] for index in sorted(rows)]


def rows_data(name, rows):
    """The rows as formtools stores step data: {input name: [value]}, numbered from 0."""
    data = {}
    for index, row in enumerate(rows):
        data[f"{name}-{index}"] = ["1"]
        for sub, value in row.items():
            if value is not None:
                data[f"{name}-{index}-{sub}"] = [value]
    return data


def change_rows(spec, rows, *, add=False, remove=None):
    """The rows after 再添加一行 (add) or 删除此行 (remove: a row index), and the
    index of the row to focus (the new one), or None. A group keeps at least
    one row and never more than max_rows."""
    rows = list(rows)
    high = spec.get("max_rows")
    if add and not (high and len(rows) >= high):
        rows.append({})
        return rows, len(rows) - 1
    if remove is not None and 0 <= remove < len(rows):
        del rows[remove]
        if not rows:
            rows.append({})
    return rows, None


def cell_widget(sub):
    """The input of one cell: as the field alone would have it, but a radio as a
    select (a row of radio groups does not fit a phone)."""
    from .fields import make_field

    if sub["type"] == "radio":
        return forms.Select(choices=[("", "请选择")] + [(c, c) for c in sub["choices"]])
    return make_field(sub).widget


class GroupWidget(forms.Widget):
    template_name = "forms/widgets/group.html"

    def __init__(self, spec, attrs=None):
        super().__init__(attrs)
        self.spec = spec
        self.cell_errors = {}  # (row index, sub key) → [message], set by StepForm.layout
        self.focus_row = None  # the row just added, whose first input takes focus

    def value_from_datadict(self, data, files, name):
        return read_rows(data, name, self.spec)

    def id_for_label(self, id_):
        return f"{id_}-0-{self.spec['fields'][0]['key']}" if id_ else id_

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        rows = list(value or [])
        while len(rows) < initial_row_count(self.spec):
            rows.append({})
        low, high = self.spec.get("min_rows") or 0, self.spec.get("max_rows")
        shown = []
        widgets = [cell_widget(sub) for sub in self.spec["fields"]]  # one per column, for every row
        for index, row in enumerate(rows):
            cells = []
            for number, (sub, widget) in enumerate(zip(self.spec["fields"], widgets, strict=True)):
                cell_id = f"id_{name}-{index}-{sub['key']}"
                errors = self.cell_errors.get((index, sub["key"]), [])
                cell_attrs = {"id": cell_id}
                if errors:
                    cell_attrs.update({"aria-invalid": "true", "aria-describedby": f"{cell_id}_errors"})
                if self.focus_row == index and number == 0:
                    cell_attrs["autofocus"] = True
                cells.append(
                    {
                        "id": cell_id,
                        "label": field_name(sub),
                        "required": bool(sub.get("required")),
                        "help": sub.get("help", ""),
                        "errors": errors,
                        "html": widget.render(f"{name}-{index}-{sub['key']}", row.get(sub["key"]), cell_attrs),
                    }
                )
            shown.append(
                {
                    "index": index,
                    "marker": f"{name}-{index}",
                    "legend": row_name(self.spec, index + 1),
                    "cells": cells,
                    "removable": len(rows) > max(low, 1),
                    "remove_value": f"{self.spec['key']}:{index}",
                }
            )
        context["group"] = {
            "rows": shown,
            "can_add": not (high and len(rows) >= high),
            "add_value": self.spec["key"],
            "add_name": ADD_ROW,
            "remove_name": REMOVE_ROW,
            "limits": limits_text(self.spec),
        }
        return context


def limits_text(spec):
    """（至少 1 位家庭成员，最多 10 位家庭成员） as a hint, or ""."""
    noun = spec.get("row_label") or DEFAULT_ROW_LABEL
    low, high = spec.get("min_rows"), spec.get("max_rows")
    parts = ([f"至少 {low} {noun}"] if low else []) + ([f"最多 {high} {noun}"] if high else [])
    return "，".join(parts)


class GroupField(forms.Field):
    """A repeating group: its answer is a list of row dicts (blank rows dropped)."""

    def __init__(self, spec, **kwargs):
        self.spec = spec
        super().__init__(widget=GroupWidget(spec), **kwargs)

    def clean(self, value):
        rows = [row for row in value or [] if not all(is_blank(v) for v in row.values())]
        if not rows:  # min_rows counts once a row is filled; an optional group may stay empty
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        # Blank rows stay in the list given, so that row numbers in messages are the rows as seen.
        return clean_value(self.spec, list(value or []))


# --- Address ----------------------------------------------------------------------


class AddressWidget(forms.Widget):
    """Two selects — 乡镇, then 村（社区） grouped by township in <optgroup>s — and a
    text input for 组、门牌号. Works without JavaScript: the village list names
    every township's villages, and the server checks the pair."""

    template_name = "forms/widgets/address.html"

    def __init__(self, places, attrs=None):
        super().__init__(attrs)
        self.places = places

    def value_from_datadict(self, data, files, name):
        return read_address(data, name)

    def id_for_label(self, id_):
        return f"{id_}-township" if id_ else id_

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        value = value if isinstance(value, dict) else {}
        township, village = value.get("township") or "", value.get("village") or ""
        if not township and len(self.places) == 1:
            township = self.places[0][0]
        context["address"] = {
            "name": name,
            "id": attrs.get("id") or f"id_{name}",
            "describedby": attrs.get("aria-describedby", ""),
            "invalid": attrs.get("aria-invalid", ""),
            "townships": [{"name": t, "selected": t == township} for t, _ in self.places],
            "groups": [
                {"township": t, "villages": [{"name": v, "selected": t == township and v == village} for v in villages]}
                for t, villages in self.places
            ],
            "detail": value.get("detail") or "",
        }
        return context


class AddressField(forms.Field):
    def __init__(self, spec, **kwargs):
        self.spec = spec
        self.places = SimpleLazyObject(townships_and_villages)  # read only when rendered or cleaned
        super().__init__(widget=AddressWidget(self.places), **kwargs)

    def clean(self, value):
        value = value or {}
        if all(is_blank(value.get(part)) for part in ADDRESS_PARTS):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        address = clean_value(self.spec, value)
        villages = dict(self.places)
        if address["township"] not in villages:
            raise ValidationError("请从列表中选择乡镇", code="address_township")
        if address["village"] not in villages[address["township"]]:
            raise ValidationError(
                f"“{address['village']}”不是{address['township']}的村（社区），请重新选择", code="address_village"
            )
        return address


# --- Signature --------------------------------------------------------------------


class SignatureField(forms.CharField):
    """The name typed as a signature under the statement; the date is today's."""

    def __init__(self, spec, **kwargs):
        self.spec = spec
        super().__init__(
            widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": SIGNATURE_NAME_MAX_LENGTH}), **kwargs
        )

    def clean(self, value):
        value = super().clean(value)
        if is_blank(value):
            return None
        return clean_value(self.spec, {"name": value})


def make_compound_field(spec, common):
    """The form field of a group, address or signature (`common`: label, required, help, messages)."""
    if spec["type"] == "group":
        return GroupField(spec, **common)
    if spec["type"] == "address":
        return AddressField(spec, **common)
    return SignatureField(spec, **common)


def raw_compound(data, name, spec):
    """A group's rows or an address's parts as entered (for conditions and drafts)."""
    if spec["type"] == "group":
        return read_rows(data, name, spec)
    return read_address(data, name)


def read_address(data, name):
    """An address's parts as entered: {township, village, detail}."""
    return {part: _last(data, f"{name}-{part}") for part in ADDRESS_PARTS}

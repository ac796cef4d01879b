"""A form's answers as a table, one row per case, for the CSV and XLSX export
reachable from the form in the admin (casedesk.views.form_answers_export).

One column per field, headed by the field's label, after the 受理编号, the
submission time and the status. A repeating group (`"type": "group"`, rows of
sub-field answers) is flattened into `家庭成员1-姓名`, `家庭成员1-关系`,
`家庭成员2-姓名`, … up to the most rows any exported case has. A field the
applicant was not shown (a condition) has no answer, so its cell is empty.

Columns come from the form's current definition, then from any field that only
older cases' definitions (their snapshots) have, so nothing answered is
dropped after the form has changed. Each case's answers are masked with its
own definition unless the reader may see personal data."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from cases.answers import display
from cases.masking import masked_answers

NO_VALUE_TYPES = {"heading"}
FIXED_HEADERS = ["受理编号", "提交时间", "状态"]


@dataclass
class Column:
    """A field of the form; for a group, its sub-fields in order."""

    key: str
    label: str
    type: str
    step: str = ""
    sub_fields: list = field(default_factory=list)  # [(key, label, field dict)]
    spec: dict = field(default_factory=dict)


def columns_of(definitions):
    """The fields of several definitions (newest first), merged by key in form order."""
    columns, by_key = [], {}
    for definition in definitions:
        for step in definition.get("steps") or ():
            for spec in step.get("fields") or ():
                if not isinstance(spec, dict) or spec.get("type") in NO_VALUE_TYPES or not spec.get("key"):
                    continue
                column = by_key.get(spec["key"])
                if column is None:
                    column = Column(spec["key"], spec.get("label") or spec["key"], spec.get("type"), step.get("title") or "", spec=spec)
                    by_key[spec["key"]] = column
                    columns.append(column)
                if spec.get("type") == "group":
                    known = {key for key, _, _ in column.sub_fields}
                    for sub in spec.get("fields") or ():
                        if isinstance(sub, dict) and sub.get("key") and sub["key"] not in known:
                            column.sub_fields.append((sub["key"], sub.get("label") or sub["key"], sub))
                            known.add(sub["key"])
    return columns


def cell_value(spec, value):
    """One answer as a spreadsheet cell: numbers stay numbers, the rest is text."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return display(spec, value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, dict):
        if "file" in value:  # an upload, as the case stores it
            return str(value.get("file") or "")
        if spec.get("type") == "address":
            return "".join(str(value.get(part) or "") for part in ("township", "village", "detail"))
        if spec.get("type") == "signature":
            return f"{value.get('name') or ''}（{value.get('date') or ''}）" if value.get("date") else str(value.get("name") or "")
        return "、".join(str(v) for v in value.values() if v not in (None, ""))
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return "、".join(str(item.get("file") or item.get("name") or "") for item in value)  # several uploads
    return display(spec, value)


def answer_table(definitions, cases, *, show_personal):
    """(headers, rows) for `cases` (Submissions, or anything with reference,
    created_at, status label, definition and answers); `definitions` newest first."""
    cases = list(cases)
    columns = columns_of([*definitions, *(case.definition for case in cases)])
    labels = [column.label for column in columns]
    duplicated = {label for label in labels if labels.count(label) > 1}
    group_rows = {
        column.key: max((len(case.answers.get(column.key) or []) for case in cases if isinstance(case.answers.get(column.key), list)), default=0)
        for column in columns
        if column.type == "group"
    }
    headers = list(FIXED_HEADERS)
    for column in columns:
        label = f"{column.label}（{column.step}）" if column.label in duplicated and column.step else column.label
        if column.type == "group":
            headers += [f"{label}{n}-{sub_label}" for n in range(1, group_rows[column.key] + 1) for _, sub_label, _ in column.sub_fields]
        else:
            headers.append(label)
    rows = []
    for case in cases:
        answers = case.answers if show_personal else masked_answers(case.definition, case.answers)
        row = [case.reference, _local(case.created_at), case.get_status_display()]
        for column in columns:
            value = answers.get(column.key)
            if column.type == "group":
                entries = value if isinstance(value, list) else []
                for n in range(group_rows[column.key]):
                    entry = entries[n] if n < len(entries) and isinstance(entries[n], dict) else {}
                    row += [cell_value(sub, entry.get(key)) for key, _, sub in column.sub_fields]
            else:
                row.append(cell_value(column.spec, value))
        rows.append(row)
    return headers, rows


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if isinstance(moment, datetime.datetime) else moment

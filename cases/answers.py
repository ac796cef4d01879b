"""A submission's answers as readable rows, for the case page and the printed
application: one section per step of the definition it was submitted with,
personal data masked unless the reader may see it (cases.masking)."""

from dataclasses import dataclass

from cases.masking import mask_answer, mask_name
from forms.definition import COMPOUND_TYPES, compound_text, group_table

SKIPPED_TYPES = {"heading"}


@dataclass
class AnswerRow:
    label: str
    text: str
    file_id: int | None = None  # an uploaded attachment, linked by the case page
    table: tuple | None = None  # a repeating group: (column labels, [[cell text]]), drawn as a table


def display(field, value):
    if field.get("type") in COMPOUND_TYPES:
        return compound_text(field, value)
    if field.get("type") == "agree":
        return "已勾选" if value else "未勾选"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    return str(value)


def answer_sections(submission, *, show_personal):
    """[(step title, [AnswerRow])] of the steps the applicant answered."""
    sections = []
    for step in submission.definition.get("steps", []):
        rows = []
        for field in step.get("fields", []):
            key = field.get("key")
            if field.get("type") in SKIPPED_TYPES or key not in submission.answers:
                continue
            value = submission.answers[key]
            label = field.get("label") or key
            if field.get("type") == "file" and isinstance(value, dict):
                rows.append(AnswerRow(label, f"已上传：{value.get('file', '')}", value.get("id")))
                continue
            if field.get("type") == "group" and isinstance(value, list):
                subs = [sub for sub in field.get("fields") or () if isinstance(sub, dict)]
                if not show_personal:  # each cell as its sub-field's own answer would be
                    value = [{sub["key"]: mask_answer(sub, row[sub["key"]]) for sub in subs if sub["key"] in row} for row in value if isinstance(row, dict)]
                rows.append(AnswerRow(label, display(field, value), table=group_table(field, value)))
                continue
            if not show_personal:
                value = mask_answer(field, value)
            rows.append(AnswerRow(label, display(field, value)))
        if rows:
            sections.append((step.get("title") or step.get("key", ""), rows))
    return sections


def applicant_display(submission, *, show_personal):
    return submission.applicant_name if show_personal else mask_name(submission.applicant_name)

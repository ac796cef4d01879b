"""A submission's answers as readable rows, for the case page and the printed
application: one section per step of the definition it was submitted with,
personal data masked unless the reader may see it (cases.masking). And the
applicant's identity — name, 证件号码, phone — read from the fields marked
with those roles in that definition, never guessed from labels or types."""

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from cases.masking import mask_answer, mask_id_number, mask_name, mask_phone
from forms.definition import COMPOUND_TYPES, compound_text, group_table, role_answer

SKIPPED_TYPES = {"heading"}


@dataclass
class AnswerRow:
    label: str
    text: str
    table: tuple | None = None  # a repeating group: (column labels, [[cell text]]), drawn as a table
    files: list = dataclass_field(default_factory=list)  # [(name, attachment id)] of a file field


def file_records(value):
    """A file answer as a list of {"file": name, "id": attachment id, "size"}:
    today's list, or the single dict stored before fields took several files."""
    if isinstance(value, dict):
        return [value]
    return [record for record in value or () if isinstance(record, dict)] if isinstance(value, list) else []


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
            if field.get("type") == "file":
                records = file_records(value)
                names = [str(record.get("file", "")) for record in records]
                rows.append(
                    AnswerRow(
                        label,
                        "已上传：" + "\n".join(names),
                        files=[(name, record.get("id")) for name, record in zip(names, records, strict=True)],
                    )
                )
                continue
            if not show_personal:  # a group's cells each by its sub-field's role
                value = mask_answer(field, value)
            table = group_table(field, value) if field.get("type") == "group" and isinstance(value, list) else None
            rows.append(AnswerRow(label, display(field, value), table=table))
        if rows:
            sections.append((step.get("title") or step.get("key", ""), rows))
    return sections


def applicant_id_number(submission):
    """The answer of the first answered field marked 证件号码 (id_number)."""
    return str(role_answer(submission.definition, submission.answers, "id_number") or "")


def applicant_phone(submission):
    """The answer of the first answered field marked 联系电话 (phone)."""
    return str(role_answer(submission.definition, submission.answers, "phone") or "")


def applicant_identity(submission, *, show_personal):
    """(name, 证件号码, phone) as this reader may see them."""
    name, id_number, phone = submission.applicant_name, applicant_id_number(submission), applicant_phone(submission)
    if show_personal:
        return name, id_number, phone
    return mask_name(name), mask_id_number(id_number), mask_phone(phone)

"""Turning finished answers into a stored `Submission`, and what follows it.

The submission, its reference, its attachments and its first history entry
are written in one transaction before anything else happens; the e-mail
with the receipt is sent only after that transaction has committed."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename

from core.roles import proxy_role
from core.workdays import add_working_days, work_calendar
from forms.storage import private_storage

from .models import Submission, SubmissionEvent, SubmissionFile
from .references import next_reference


def first_answer(definition, answers, ftype=None, predicate=None):
    for step in definition["steps"]:
        for field in step["fields"]:
            if field["key"] not in answers:
                continue
            if (ftype is None or field["type"] == ftype) and (predicate is None or predicate(field)):
                return answers[field["key"]]
    return ""


def applicant_name(definition, answers):
    return str(
        answers.get("name")
        or first_answer(definition, answers, "text", lambda f: "姓名" in f["label"] or "名称" in f["label"])
        or ""
    )[:100]


def create_submission(*, page, definition, answers, uploads, submitted_by=None, proxy_note=""):
    guide = page.guide
    code = guide.code if guide else page.slug
    id_number = str(first_answer(definition, answers, "id_card") or "")
    phone = str(first_answer(definition, answers, "mobile") or "")
    with transaction.atomic():
        submission = Submission.objects.create(
            reference=next_reference(timezone.localdate(), code),
            page=page,
            guide=guide,
            window=guide.window if guide else None,
            item_code=code,
            item_name=guide.title if guide else page.title,
            definition=definition,
            answers=answers,
            applicant_name=applicant_name(definition, answers),
            id_last4=id_number[-4:],
            phone_last4=phone[-4:],
            email=str(first_answer(definition, answers, "email") or ""),
            submitted_by=submitted_by,
            proxy_role=proxy_role(submitted_by) if submitted_by else "",
        )
        for key, upload in uploads.items():
            name = get_valid_filename(upload.name) or "upload"
            path = private_storage().save(f"submissions/{submission.reference}/{key}-{name}", upload)
            stored = SubmissionFile.objects.create(
                submission=submission,
                field_key=key,
                name=upload.name,
                path=path,
                size=upload.size,
                content_type=getattr(upload, "content_type", "") or "",
            )
            answers[key] = {"file": upload.name, "id": stored.pk}
        if uploads:
            submission.answers = answers
            submission.save(update_fields=["answers"])
        note = "在线提交"
        if submitted_by:
            note = f"{submission.proxy_role}代办提交" + (f"：{proxy_note}" if proxy_note else "")
        SubmissionEvent.objects.create(submission=submission, status=Submission.Status.PENDING, note=note, actor=submitted_by)
    return submission


def materials_to_bring(submission):
    """一次性告知: the guide's materials the applicant has not uploaded, and the
    originals the window must still see."""
    if submission.guide is None:
        return []
    uploaded = [f.name for f in submission.files.all()] + [
        field["label"]
        for step in submission.definition["steps"]
        for field in step["fields"]
        if field["type"] == "file" and field["key"] in submission.answers
    ]
    result = []
    for material in submission.guide.materials.all():
        done = any(material.name in label or label in material.name for label in uploaded)
        if not done or "原件" in (material.form or ""):
            result.append(
                {
                    "name": material.name,
                    "form": material.form,
                    "copies": material.copies,
                    "required": material.required,
                    "source": material.source,
                    "note": "已在线上传，请带原件核验" if done else material.note,
                }
            )
    return result


def due_date(submission, start=None):
    """The promised deadline: the case desk's once the case is accepted,
    otherwise an estimate counted from the day of submission."""
    if submission.due_date:
        return submission.due_date
    guide = submission.guide
    if guide is None or guide.promised_days is None:
        return None
    holidays, workdays = work_calendar()
    start = start or timezone.localdate(submission.created_at)
    return add_working_days(start, guide.promised_days, holidays=holidays, workdays=workdays)


def status_url():
    return settings.PUBLIC_BASE_URL + reverse("cases:status")


def receipt_data(submission):
    guide = submission.guide
    window = submission.window
    return {
        "reference": submission.reference,
        "item_name": submission.item_name,
        "item_code": submission.item_code,
        "window": window.name if window else "",
        "submitted_at": timezone.localtime(submission.created_at),
        "promised_days": guide.promised_days if guide else None,
        "due_date": due_date(submission),
        "status": submission.get_status_display(),
        "proxy": submission.is_proxy,
        "proxy_by": (submission.submitted_by.get_full_name() or submission.submitted_by.get_username())
        if submission.submitted_by
        else "",
        "materials_to_bring": materials_to_bring(submission),
        "status_url": status_url(),
        "location": guide.where if guide else "",
        "hours": guide.when if guide else "",
        "phone": guide.consult_phone if guide else "",
    }

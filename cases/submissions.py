"""Turning finished answers into a stored `Submission`, and what follows it.

The submission, its attachments, its first history entry and (last) its
reference are written in one transaction before anything else happens; the
e-mail with the receipt is sent only after that transaction has committed."""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename

from core.roles import proxy_role
from core.workdays import add_working_days, work_calendar
from forms.definition import all_fields, role_answer
from forms.storage import private_storage

from .answers import file_records
from .models import Submission, SubmissionEvent, SubmissionFile
from .references import next_reference


def applicant_name(definition, answers):
    """The answer of the field marked 申请人姓名 (applicant_name)."""
    return str(role_answer(definition, answers, "applicant_name") or "")[:100]


def email_answer(definition, answers):
    """The first e-mail address given (an 电子邮箱 field is one by its type)."""
    return next(
        (str(answers[f["key"]]) for _, f in all_fields(definition) if f.get("type") == "email" and answers.get(f["key"])),
        "",
    )


def create_submission(*, page, definition, answers, uploads, submitted_by=None, proxy_note=""):
    """Store the answers and uploads as a new case, all in one transaction (the
    caller's, when there is one: the wizard's holds the draft's row lock).

    The 受理编号 is taken last: every submission of the same item on the same
    day waits for the counter's row lock until this transaction commits, so
    everything else (the case row, attachments, history) is written first
    under a provisional reference, and only the number and the answers that
    name the attachments are written while the lock is held."""
    guide = page.guide
    code = guide.code if guide else page.slug
    id_number = str(role_answer(definition, answers, "id_number") or "")
    phone = str(role_answer(definition, answers, "phone") or "")
    with transaction.atomic(savepoint=False):
        submission = Submission.objects.create(
            reference=f"~{uuid.uuid4().hex}",  # provisional, never seen outside this transaction
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
            email=email_answer(definition, answers),
            submitted_by=submitted_by,
            proxy_role=proxy_role(submitted_by) if submitted_by else "",
        )
        files = SubmissionFile.objects.bulk_create(
            SubmissionFile(
                submission=submission,
                field_key=key,
                name=upload.name,
                path=store_upload(f"submissions/{submission.pk}/{key}-{get_valid_filename(upload.name) or 'upload'}", upload),
                size=upload.size,
                content_type=getattr(upload, "content_type", "") or "",
            )
            for key, field_uploads in uploads.items()
            for upload in field_uploads  # each file field gives a list (one file or several)
        )
        for key in uploads:
            answers[key] = []
        for stored in files:
            answers[stored.field_key].append({"file": stored.name, "id": stored.pk, "size": stored.size})
        note = "在线提交"
        if submitted_by:
            note = f"{submission.proxy_role}代办提交" + (f"：{proxy_note}" if proxy_note else "")
        SubmissionEvent.objects.create(submission=submission, status=Submission.Status.PENDING, note=note, actor=submitted_by)
        submission.reference = next_reference(timezone.localdate(), code)
        submission.answers = answers
        submission.save(update_fields=["reference", "answers"] if uploads else ["reference"])
    return submission


def store_upload(path, upload):
    """Put an upload into private storage at `path` (or a free name next to it);
    the name it got. A wizard upload already is a file of that storage (the
    draft's copy): it gets a second name on the same disk (a hard link, no
    copying) and the draft's name is removed after the response as before, so
    a rolled-back submission leaves the draft's file in place. Anything else
    (or a disk that cannot link) is copied."""
    storage = private_storage()
    source = getattr(getattr(upload, "file", None), "name", None)
    if isinstance(storage, FileSystemStorage) and isinstance(source, str) and os.path.isabs(source):
        root = os.path.realpath(storage.location)
        if os.path.realpath(source).startswith(root + os.sep):
            for _ in range(5):
                name = storage.get_available_name(path)
                target = storage.path(name)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                try:
                    os.link(source, target)
                    return name
                except FileExistsError:  # taken between the check and the link: pick again
                    continue
                except OSError:  # no hard links here (another file system, a mount that refuses them)
                    break
    return storage.save(path, upload)


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


def uploaded_files(submission):
    """[(field label, [file names])] of what was uploaded online, in form order."""
    listed = []
    for _, field in all_fields(submission.definition):
        if field.get("type") == "file" and field.get("key") in submission.answers:
            names = [str(r.get("file", "")) for r in file_records(submission.answers[field["key"]])]
            if names:
                listed.append((field.get("label") or field["key"], names))
    return listed


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
        "uploaded": uploaded_files(submission),
        "status_url": status_url(),
        "location": guide.where if guide else "",
        "hours": guide.when if guide else "",
        "phone": guide.consult_phone if guide else "",
    }

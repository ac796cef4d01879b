"""Thin views for applicants' cases: confirmation and receipt, attachments, the
status lookup with 补正 upload, 好差评 and notices; the rules live in the modules they call."""

import time

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import get_valid_filename
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.clientip import client_ip
from core.site_info import centre_name
from core.throttle import Throttle
from forms.definition import form_settings
from forms.storage import private_storage
from forms.validators import half_width, validate_upload

from . import references
from .documents import available_documents, case_document
from .models import Rating, Submission, SubmissionEvent, SubmissionFile
from .permissions import can_view
from .receipt import render_receipt_pdf
from .submissions import due_date, materials_to_bring, receipt_data, uploaded_files


def owned_submission(request, reference):
    submission = get_object_or_404(Submission.objects.select_related("guide", "window"), reference=reference)
    if not can_view(request, submission):
        raise Http404
    return submission


@never_cache
def confirmation(request, reference):
    submission = owned_submission(request, reference)
    return TemplateResponse(
        request,
        "cases/confirmation.html",
        {
            "submission": submission,
            "due": due_date(submission),
            "materials": materials_to_bring(submission),
            # As the form said when this application was submitted (the definition's snapshot).
            "confirmation_text": form_settings(submission.definition)["confirmation_text"],
            "uploaded": uploaded_files(submission),
        },
    )


@never_cache
def receipt_pdf(request, reference):
    submission = owned_submission(request, reference)
    pdf = render_receipt_pdf(receipt_data(submission), centre_name=centre_name(request), printed_on=timezone.localdate())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{submission.reference}.pdf"'
    return response


@never_cache
def attachment(request, pk):
    """An uploaded file: only for the applicant's own browser and for staff of that window."""
    stored = get_object_or_404(SubmissionFile.objects.select_related("submission__window"), pk=pk)
    if not can_view(request, stored.submission):
        raise Http404
    return FileResponse(
        private_storage().open(stored.path, "rb"),
        as_attachment=True,
        filename=stored.name,
        content_type=stored.content_type or "application/octet-stream",
    )


# --- 办理进度查询 -------------------------------------------------------------
#
# A resident proves a case is theirs with the 受理编号 and the last 4 digits of
# the ID number or mobile. A match grants their session that case for
# STATUS_GRANT_SECONDS: enough to upload 补正 materials, download the notices
# and rate the service without typing the pair again. Nothing here shows a
# full name, number or the staff who handled the case.

STATUS_ATTEMPTS = 10
STATUS_WINDOW_SECONDS = 15 * 60
STATUS_GRANT_SECONDS = 30 * 60
STATUS_GRANTS = "status_grants"
CORRECTION_MAX_MB = 10
APPLICANT_NOTICES = ("acceptance", "rejection", "correction")


# Misses are counted twice, in the cache shared by all workers: per client
# address (core.clientip: X-Forwarded-For only from a trusted proxy) and per
# 受理编号, so guessing one case's last 4 digits is slow from any number of
# addresses. Both are sliding windows: a resident whose case was targeted
# waits at most STATUS_WINDOW_SECONDS after the guesses that filled it.
MISSES_BY_ADDRESS = Throttle("status-address", STATUS_ATTEMPTS, STATUS_WINDOW_SECONDS)
MISSES_BY_REFERENCE = Throttle("status-reference", STATUS_ATTEMPTS, STATUS_WINDOW_SECONDS)


def normalise_reference(value):
    return references.as_typed(value)


def grant_status(request, submission):
    now = time.time()
    grants = {ref: until for ref, until in request.session.get(STATUS_GRANTS, {}).items() if until > now}
    grants[submission.reference] = now + STATUS_GRANT_SECONDS
    request.session[STATUS_GRANTS] = grants


def granted_submission(request, reference):
    """The case this session looked up within the grant's lifetime; PermissionDenied otherwise."""
    if request.session.get(STATUS_GRANTS, {}).get(reference, 0) <= time.time():
        raise PermissionDenied
    return get_object_or_404(Submission.objects.select_related("guide", "window"), reference=reference)


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label="评分", coerce=int, widget=forms.RadioSelect,
        choices=[(5, "5 分 非常满意"), (4, "4 分 满意"), (3, "3 分 基本满意"), (2, "2 分 不满意"), (1, "1 分 非常不满意")],
    )
    comment = forms.CharField(
        label="意见和建议（选填）", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class CorrectionUploadForm(forms.Form):
    """One optional file per material the 补正告知 asked for."""

    def __init__(self, *args, correction, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(correction.missing)
        for index, item in enumerate(self.items):
            self.fields[f"file{index}"] = forms.FileField(label=item, required=False)

    def clean(self):
        for name in self.fields:
            upload = self.cleaned_data.get(name)
            if upload:
                try:
                    validate_upload(upload, [], CORRECTION_MAX_MB)
                except ValidationError as error:
                    self.add_error(name, error)
        if not self.errors and not any(self.cleaned_data.get(name) for name in self.fields):
            raise ValidationError("请至少选择一个文件。")
        return self.cleaned_data

    def uploads(self):
        """[(material, uploaded file)] of the files chosen."""
        chosen = [(item, self.cleaned_data.get(f"file{index}")) for index, item in enumerate(self.items)]
        return [(item, upload) for item, upload in chosen if upload]


def status_context(submission, *, upload_form=None, rating_form=None, done=""):
    correction = submission.corrections.filter(resolved_at__isnull=True).prefetch_related("files").first()
    rating = Rating.objects.filter(submission=submission).first()
    completed = submission.status == Submission.Status.COMPLETED
    return {
        "submission": submission,
        "events": submission.events.all(),
        "due": submission.due_date or (None if submission.accepted_at else due_date(submission)),
        "paused": correction is not None and submission.accepted_at is not None,
        "correction": correction,
        "upload_form": upload_form or (CorrectionUploadForm(correction=correction) if correction else None),
        "rating": rating,
        "rating_form": rating_form or (RatingForm() if completed and rating is None else None),
        "notices": [(kind, name) for kind, name in available_documents(submission) if kind in APPLICANT_NOTICES],
        "done": done,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def status(request):
    """Reference + last 4 digits of the ID number or phone. A wrong pair and an
    unknown reference get the same answer; repeated misses are throttled."""
    context = {"reference": "", "not_found": False}
    if request.method == "POST":
        # Each attempt holds a slot of both limits while it is checked, so
        # simultaneous guesses cannot overrun them; a match gives both back.
        reference = normalise_reference(request.POST.get("reference", ""))
        address_slot = MISSES_BY_ADDRESS.take(client_ip(request))
        reference_slot = MISSES_BY_REFERENCE.take(reference) if address_slot and reference else None
        if address_slot is None or (reference and reference_slot is None):
            MISSES_BY_ADDRESS.release(address_slot)
            return TemplateResponse(request, "cases/status.html", {"throttled": True}, status=429)
        last4 = half_width(request.POST.get("last4", "")).upper()[:4]
        context["reference"] = reference
        submission = None
        if reference and len(last4) == 4:
            submission = Submission.objects.filter(reference=reference).select_related("guide").first()
            if submission and last4 not in {submission.id_last4.upper(), submission.phone_last4}:
                submission = None
        if submission is None:
            context["not_found"] = True
        else:
            MISSES_BY_ADDRESS.release(address_slot)
            MISSES_BY_REFERENCE.release(reference_slot)
            grant_status(request, submission)
            context.update(status_context(submission))
    return TemplateResponse(request, "cases/status.html", context)


@never_cache
def status_case(request, reference):
    """The status of a case this session has looked up (after an upload or a rating)."""
    try:
        submission = granted_submission(request, reference)
    except PermissionDenied:
        return redirect("cases:status")
    return TemplateResponse(request, "cases/status.html", status_context(submission, done=request.GET.get("done", "")))


@never_cache
@require_POST
def correction_upload(request, reference):
    """补正: the applicant uploads the materials the window asked for."""
    submission = granted_submission(request, reference)
    correction = submission.corrections.filter(resolved_at__isnull=True).first()
    if correction is None:
        return redirect("cases:status_case", reference=reference)
    form = CorrectionUploadForm(request.POST, request.FILES, correction=correction)
    if not form.is_valid():
        return TemplateResponse(request, "cases/status.html", status_context(submission, upload_form=form), status=400)
    with transaction.atomic():
        names = []
        for item, upload in form.uploads():
            filename = get_valid_filename(upload.name) or "upload"
            path = private_storage().save(f"submissions/{reference}/correction-{correction.pk}-{filename}", upload)
            SubmissionFile.objects.create(
                submission=submission, correction=correction, field_key=item[:100], name=upload.name, path=path,
                size=upload.size, content_type=getattr(upload, "content_type", "") or "",
            )
            names.append(item)
        SubmissionEvent.objects.create(
            submission=submission, status=Submission.Status.CORRECTION, note="申请人上传了补正材料：" + "、".join(names)
        )
    return redirect(reverse("cases:status_case", args=[reference]) + "?done=upload")


@never_cache
@require_POST
def rate(request, reference):
    """好差评: once, after 办结."""
    submission = granted_submission(request, reference)
    if submission.status != Submission.Status.COMPLETED or Rating.objects.filter(submission=submission).exists():
        return redirect("cases:status_case", reference=reference)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(request, "cases/status.html", status_context(submission, rating_form=form), status=400)
    try:
        with transaction.atomic():
            Rating.objects.create(submission=submission, **form.cleaned_data)
    except IntegrityError:  # rated a moment ago in another tab
        pass
    return redirect(reverse("cases:status_case", args=[reference]) + "?done=rating")


@never_cache
def status_notice(request, reference, kind):
    """受理 / 不予受理 / 补正 notice of a looked-up case, with the name masked."""
    submission = granted_submission(request, reference)
    if kind not in APPLICANT_NOTICES:
        raise Http404
    try:
        filename, pdf = case_document(submission, kind, show_personal=False)
    except LookupError:
        raise Http404 from None
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response

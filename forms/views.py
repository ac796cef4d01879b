"""Thin views for the application forms; the rules live in the modules they call."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from .definition import describe_condition
from .fields import ReviewForm, StepForm
from .models import Draft, Submission
from .permissions import can_view
from .storage import private_storage
from .submissions import due_date, materials_to_bring, receipt_data
from .wizard import ApplicationWizard, REVIEW

wizard_view = ApplicationWizard.as_view(form_list=[(REVIEW, ReviewForm)], url_name="forms:unused")


def landing(request, page):
    draft_token = request.session.get(f"wizard_application_{page.pk}_draft")
    draft = Draft.objects.filter(token=draft_token, page=page).first() if draft_token else None
    definition = page.definition
    steps = [
        {"title": step["title"], "condition": describe_condition(definition, step.get("show_if"))}
        for step in definition["steps"]
    ]
    return TemplateResponse(
        request,
        "forms/application_form_page.html",
        {"page": page, "self": page, "guide": page.guide, "steps": steps, "draft": draft if draft and not draft.expired else None},
    )


def wizard(request, page, step):
    return wizard_view(request, page=page, step=step)


def resume(request, page, token):
    draft = Draft.objects.filter(token=token, page=page).first()
    if draft is None or draft.expired:
        return TemplateResponse(request, "forms/draft_missing.html", {"page": page}, status=404)
    request.session[f"wizard_application_{page.pk}_draft"] = draft.token
    current = draft.data.get("step") or page.definition["steps"][0]["key"]
    return redirect(f"{page.url}step/{current}/")


def form_pdf(request, page, sample):
    """空白表 / 样表, generated once per published revision of the form (and
    per day, so the printed date in the footer stays true)."""
    from .pdf import render_form_pdf

    kind = "sample" if sample else "blank"
    today = timezone.localdate()
    path = f"form-pdfs/{page.slug}-{page.pk}-r{page.live_revision_id or 0}-{today:%Y%m%d}-{kind}.pdf"
    if default_storage.exists(path):
        with default_storage.open(path, "rb") as stored:
            content = stored.read()
    else:
        content = render_form_pdf(
            page.definition,
            centre_name=settings.CENTRE_NAME,
            printed_on=today,
            sample=sample,
            form_url=settings.PUBLIC_BASE_URL + page.url,
        )
        default_storage.save(path, ContentFile(content))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{page.slug}-{kind}.pdf"'
    return response


def preview_all_steps(request, page):
    """Admin preview: every step of the form at once, as residents will see it."""
    definition = page.definition
    forms = [
        StepForm(definition=definition, step=step, answers={}, prefix=step["key"]) for step in definition["steps"]
    ]
    return TemplateResponse(
        request,
        "forms/preview_all_steps.html",
        {
            "page": page,
            "steps": [
                (step, form, describe_condition(definition, step.get("show_if")))
                for step, form in zip(definition["steps"], forms)
            ],
        },
    )


def owned_submission(request, reference):
    submission = get_object_or_404(Submission.objects.select_related("guide", "window"), reference=reference)
    if not can_view(request, submission):
        raise Http404
    return submission


def confirmation(request, reference):
    submission = owned_submission(request, reference)
    return TemplateResponse(
        request,
        "forms/confirmation.html",
        {
            "submission": submission,
            "due": due_date(submission),
            "materials": materials_to_bring(submission),
        },
    )


def receipt_pdf(request, reference):
    from .pdf import render_receipt_pdf

    submission = owned_submission(request, reference)
    pdf = render_receipt_pdf(receipt_data(submission), centre_name=settings.CENTRE_NAME, printed_on=timezone.localdate())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{submission.reference}.pdf"'
    return response


def attachment(request, pk):
    """An uploaded file: only for the applicant's own browser and for staff of that window."""
    from .models import SubmissionFile

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

STATUS_ATTEMPTS = 10
STATUS_WINDOW_SECONDS = 15 * 60


def client_key(request):
    """A throttle key for the client that keeps no IP address around."""
    address = request.META.get("REMOTE_ADDR", "")
    return "status-lookup:" + hashlib.sha256((settings.SECRET_KEY + address).encode()).hexdigest()[:24]


@require_http_methods(["GET", "POST"])
def status(request):
    """Reference + last 4 digits of the ID number or phone. A wrong pair and an
    unknown reference get the same answer; repeated misses are throttled."""
    context = {"reference": "", "not_found": False}
    if request.method == "POST":
        key = client_key(request)
        misses = cache.get(key, 0)
        if misses >= STATUS_ATTEMPTS:
            return TemplateResponse(request, "forms/status.html", {"throttled": True}, status=429)
        reference = request.POST.get("reference", "").strip().upper()[:40]
        last4 = request.POST.get("last4", "").strip().upper()[:4]
        context["reference"] = reference
        submission = None
        if reference and len(last4) == 4:
            submission = Submission.objects.filter(reference=reference).select_related("guide").first()
            if submission and last4 not in {submission.id_last4.upper(), submission.phone_last4}:
                submission = None
        if submission is None:
            cache.set(key, misses + 1, STATUS_WINDOW_SECONDS)
            context["not_found"] = True
        else:
            context.update(
                {
                    "submission": submission,
                    "events": submission.events.all(),
                    "due": due_date(submission),
                }
            )
    return TemplateResponse(request, "forms/status.html", context)

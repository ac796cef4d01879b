"""Thin views for the application forms; the rules live in the modules they call."""


from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from core.site_info import centre_name

from .definition import describe_condition
from .fields import ReviewForm, StepForm
from .models import Draft
from .wizard import REVIEW, ApplicationWizard

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
        {
            "page": page,
            "self": page,
            "guide": page.guide,
            "steps": steps,
            "draft": draft if draft and not draft.expired else None,
            "availability": page.availability,
        },
    )


@never_cache
def wizard(request, page, step):
    """A wizard step; outside the form's period (forms.availability) a page
    saying so instead, before the wizard or its draft storage is touched."""
    state = page.availability
    if not state.is_open:
        status = 200 if request.method in ("GET", "HEAD") else 403
        return TemplateResponse(request, "forms/form_closed.html", {"page": page, "availability": state}, status=status)
    return wizard_view(request, page=page, step=step)


@never_cache
def resume(request, page, token):
    draft = Draft.objects.filter(token=token, page=page).first()
    if draft is None or draft.expired:
        return TemplateResponse(request, "forms/draft_missing.html", {"page": page}, status=404)
    request.session[f"wizard_application_{page.pk}_draft"] = draft.token
    current = draft.data.get("step") or page.definition["steps"][0]["key"]
    return redirect(page.step_url(current))


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
            centre_name=centre_name(request),
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
                for step, form in zip(definition["steps"], forms, strict=True)
            ],
        },
    )

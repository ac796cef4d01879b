"""The case desk's own admin views: a move of a case, a case's documents,
the managers' dashboard and 办结公告 generation. Each checks who is asking
on every request (PermissionDenied answers 403 in the admin)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin import messages

from cases.documents import case_document
from cases.models import Submission
from cases.permissions import is_manager, sees_personal_data, shows_personal_data
from cases.states import MOVES, TransitionError, transition
from forms.models import ApplicationFormPage

from . import charts, exports
from .answer_exports import answer_table
from .caseadmin import case_policy
from .completion import generate_notice, previous_quarters, quarter_of
from .models import QUARTER_NAMES
from .stats import PERIODS
from .stats import dashboard as dashboard_figures


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Submission.Status.choices)
    reason = forms.CharField(required=False, max_length=1000)
    missing = forms.MultipleChoiceField(required=False)  # the guide's materials, ticked
    missing_other = forms.CharField(required=False, max_length=2000)  # more materials, one a line
    result = forms.ChoiceField(required=False, choices=[("", "")] + Submission.Result.choices)
    note = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, materials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["missing"].choices = [(name, name) for name in materials]

    def missing_materials(self):
        return self.cleaned_data["missing"] + self.cleaned_data["missing_other"].splitlines()


def case_url(case):
    return reverse("casedesk_cases_modeladmin_inspect", args=[case.pk])


def _case_for(request, pk, action="view"):
    case = get_object_or_404(Submission.objects.select_related("guide", "window"), pk=pk)
    if not case_policy.user_has_permission_for_instance(request.user, action, case):
        raise PermissionDenied
    return case


@require_POST
def transition_view(request, pk):
    case = _case_for(request, pk, "change")
    materials = [material.name for material in case.guide.materials.all()] if case.guide else []
    form = TransitionForm(request.POST, materials=materials)
    if not form.is_valid():
        messages.error(request, "提交的内容有误，请检查后重试。")
        return redirect(case_url(case))
    to = form.cleaned_data["to"]
    label = MOVES.get((case.status, to), Submission.Status(to).label)
    try:
        transition(
            case,
            to,
            user=request.user,
            reason=form.cleaned_data["reason"],
            missing=form.missing_materials(),
            result=form.cleaned_data["result"],
            note=form.cleaned_data["note"],
        )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{case.reference}：已{label}，现为“{case.get_status_display()}”。")
    return redirect(case_url(case))


def document_view(request, pk, kind):
    case = _case_for(request, pk)
    try:
        filename, pdf = case_document(case, kind, show_personal=shows_personal_data(request.user, case))
    except LookupError:
        raise Http404 from None
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


def form_answers_export(request, page_id, fmt):
    """申请明细: the answers to one form, one row per case the user may see, as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    page = get_object_or_404(ApplicationFormPage, pk=page_id)
    window = page.window
    if not case_policy.may_export_form(request.user, window.pk if window else None):
        raise PermissionDenied
    cases = case_policy.scope(request.user, Submission.objects.filter(page=page)).order_by("-created_at", "-pk")
    headers, rows = answer_table([page.definition], cases, show_personal=sees_personal_data(request.user))
    filename = f"{page.title}-申请明细-{timezone.localdate():%Y%m%d}"
    if fmt == "csv":
        return exports.csv_table_response(headers, rows, filename=filename)
    return exports.xlsx_table_response(headers, rows, filename=filename, sheet="申请明细")


def _managers_only(request):
    if not is_manager(request.user):
        raise PermissionDenied


def dashboard_view(request):
    _managers_only(request)
    period = request.GET.get("period")
    figures = dashboard_figures(period if period in PERIODS else "year")
    windows = figures["windows"]
    series = [
        ("各窗口办件量（件）", [(row.label, row.total) for row in windows], {}),
        ("各窗口逾期未办结（件）", [(row.label, row.overdue) for row in windows], {}),
        ("各窗口按时办结率", [(row.label, row.on_time_rate) for row in windows], {"unit": "%", "maximum": 100}),
        ("服务评价分布（件）", [(f"{score} 分", count) for score, count in figures["ratings"]], {}),
    ]
    figures["charts"] = [(title, charts.bar_chart(rows, title=title, **options)) for title, rows, options in series]
    return TemplateResponse(request, "casedesk/dashboard.html", {**figures, "periods": PERIODS})


NOTICE_QUARTERS_OFFERED = 4


@require_http_methods(["GET", "POST"])
def generate_notice_view(request):
    _managers_only(request)
    today = timezone.localdate()
    quarters = {
        f"{year}Q{quarter}": (year, quarter)
        for year, quarter in [quarter_of(today), *previous_quarters(today, NOTICE_QUARTERS_OFFERED)]
    }
    choices = {value: f"{year}年{QUARTER_NAMES[quarter]}" for value, (year, quarter) in quarters.items()}
    if request.method == "POST":
        chosen = quarters.get(request.POST.get("quarter", ""))
        if chosen is None:
            messages.error(request, "请选择季度。")
        else:
            page = generate_notice(*chosen, user=request.user)
            messages.success(request, f"已生成“{page.title}”的新版本，共 {len(page.entries)} 件。请核对后发布。")
            return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(request, "casedesk/generate_notice.html", {"choices": choices})

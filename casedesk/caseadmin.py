"""The staff's case list and case page, built on wagtail-modeladmin.

Only two modeladmin views exist: the list (index) and the case page
(inspect). Cases are never created, edited or deleted through forms here;
they change only through the moves of cases.states, posted from the case
page to casedesk.views.transition. Access is checked on every request:
the list's queryset is limited to the user's windows, and the case page
refuses (403) a case of another window whatever the menus show.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView, InspectView

from cases.answers import answer_sections, applicant_identity
from cases.deadlines import with_deadline
from cases.documents import available_documents
from cases.models import Submission
from cases.permissions import CasePolicy, shows_personal_data, window_scope
from cases.states import available_moves
from core.policies import register_policy
from core.workdays import work_calendar, working_days_between

from . import exports
from .filters import FILTER_PARAMETERS, FILTERS, DeadlineFilter

S = Submission.Status
DEADLINE_LABELS = dict(DeadlineFilter.LABELS)
# What each move asks for on the case page (see cases.states.transition).
MOVE_INPUT = {S.REJECTED: "reason", S.CORRECTION: "missing", S.COMPLETED: "result"}

# The one policy for cases (cases/permissions.py): the list, its search and
# exports, the case page, moves and documents (casedesk/views.py) all ask it.
case_policy = register_policy(Submission, CasePolicy)


class CasePermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        return case_policy.user_has_permission(user, "view")

    def user_can_create(self, user):
        return False

    def user_can_inspect_obj(self, user, obj):
        return case_policy.user_has_permission_for_instance(user, "view", obj)

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class CaseButtonHelper(ButtonHelper):
    def inspect_button(self, pk, classnames_add=None, classnames_exclude=None):
        return {**super().inspect_button(pk, classnames_add, classnames_exclude), "label": "办理", "title": "打开办件"}


class CaseIndexView(IndexView):
    def get_filters_params(self, params=None):
        # Only the declared filters may narrow the list: modeladmin would apply any other
        # parameter as a lookup, e.g. ?answers__icontains=, and so reveal masked data.
        lookups = super().get_filters_params(params)
        return {name: value for name, value in lookups.items() if name in FILTER_PARAMETERS}

    def as_spreadsheet(self, queryset, spreadsheet_format):
        write = exports.csv_response if spreadsheet_format == self.FORMAT_CSV else exports.xlsx_response
        return write(queryset, filename=f"办件-{timezone.localdate():%Y%m%d}")


class CaseView(InspectView):
    """The case page: facts, deadline, answers, 补正, history, documents and the legal moves."""

    def get_page_title(self):
        return "办件"

    def get_page_subtitle(self):
        return self.instance.reference

    def get_meta_title(self):
        return f"办件 {self.instance.reference}"

    def get_context_data(self, **kwargs):
        user = self.request.user
        case = (
            with_deadline(Submission.objects.filter(pk=self.instance.pk))
            .select_related("guide", "window", "submitted_by", "rating")
            .prefetch_related("corrections__files", "events__actor")
            .get()
        )
        show_personal = shows_personal_data(user, case)
        applicant, id_number, phone = applicant_identity(case, show_personal=show_personal)
        open_correction = case.open_correction()
        days_left = None
        if case.deadline == "paused" and case.due_date:
            holidays, workdays = work_calendar()
            start = timezone.localdate(open_correction.requested_at)
            days_left = working_days_between(start, case.due_date, holidays, workdays)
        return super().get_context_data(
            case=case,
            show_personal=show_personal,
            applicant=applicant,
            id_number=id_number,
            phone=phone,
            sections=answer_sections(case, show_personal=show_personal),
            deadline_label=DEADLINE_LABELS.get(case.deadline, ""),
            days_left=days_left,
            moves=[
                {"to": to, "label": label, "input": MOVE_INPUT.get(to, "note")} for to, label in available_moves(case)
            ],
            materials=[material.name for material in case.guide.materials.all()] if case.guide else [],
            results=Submission.Result.choices,
            documents=[
                (name, reverse("casedesk_document", args=[case.pk, kind])) for kind, name in available_documents(case)
            ],
            transition_url=reverse("casedesk_transition", args=[case.pk]),
            answers_exports=answers_exports(user, case),
            **kwargs,
        )


def answers_exports(user, case):
    """申请明细 of the case's form, when the user may export it: [(label, url)]."""
    return form_answers_links(user, case.page.specific) if case.page_id else []


def form_answers_links(user, page):
    """The exports of a form's answers (casedesk.views.form_answers_export) the user may use: [(label, url)]."""
    window = page.window
    if not case_policy.may_export_form(user, window.pk if window else None):
        return []
    return [
        (label, reverse("casedesk_form_answers", kwargs={"page_id": page.pk, "fmt": fmt}))
        for fmt, label in (("xlsx", "导出申请明细（Excel）"), ("csv", "导出申请明细（CSV）"))
    ]


class CaseAdmin(ModelAdmin):
    model = Submission
    base_url_path = "casedesk/cases"
    menu_label = "办件列表"
    menu_icon = "tasks"
    add_to_admin_menu = False  # an item of the 办件管理 menu (wagtail_hooks)
    list_display = ("reference", "item_name", "window", "applicant", "status_label", "submitted", "deadline_label")
    list_filter = FILTERS
    search_fields = ("reference", "applicant_name")
    list_per_page = 50
    list_select_related = ("window",)
    list_export = exports.HEADERS  # switches the export buttons on; CaseIndexView writes the files
    ordering = ("-created_at",)
    inspect_view_enabled = True
    index_view_class = CaseIndexView
    inspect_view_class = CaseView
    inspect_template_name = "casedesk/case.html"
    permission_helper_class = CasePermissionHelper
    button_helper_class = CaseButtonHelper

    def get_queryset(self, request):
        if not hasattr(request, "_casedesk_calendar"):  # modeladmin asks more than once a request
            request._casedesk_calendar = work_calendar()
        cases = super().get_queryset(request)
        if not case_policy.user_has_permission(request.user, "view"):
            cases = cases.none()
        return with_deadline(case_policy.scope(request.user, cases), calendar=request._casedesk_calendar)

    def get_search_fields(self, request):
        """Without 查看个人信息 the search box matches the 受理编号 only: a name
        the list shows masked must not be recoverable by searching for it."""
        return case_policy.search_fields(request.user, super().get_search_fields(request))

    def get_list_display(self, request):
        """No window column for staff who work a single window."""
        columns = self.list_display
        scope = window_scope(request.user)
        if scope is not None and len(scope) == 1:
            columns = tuple(name for name in columns if name != "window")
        return columns

    def applicant(self, obj):
        """The applicant's name above their 证件号码 and phone, from the fields
        marked with those roles, masked for every user (the full data is on
        the case page)."""
        name, id_number, phone = applicant_identity(obj, show_personal=False)
        return format_html(
            '{}<br><small class="casedesk-muted casedesk-nowrap">{}</small>',
            name or "—",
            format_html_join(mark_safe("<br>"), "{}", ((value,) for value in (id_number, phone) if value)),
        )

    applicant.short_description = "申请人"  # not sortable: the order of full names would hint at masked ones

    def submitted(self, obj):
        return timezone.localtime(obj.created_at).strftime("%Y-%m-%d")

    submitted.short_description = "提交日期"
    submitted.admin_order_field = "created_at"

    def status_label(self, obj):
        return format_html(
            '<span class="casedesk-status casedesk-status--{}">{}</span>', obj.status, obj.get_status_display()
        )

    status_label.short_description = "状态"
    status_label.admin_order_field = "status"

    def deadline_label(self, obj):
        """承诺办结日期, and under it 逾期 / 即将到期 / 暂停 / 超期办结 when that applies."""
        if not obj.deadline:
            return obj.due_date.isoformat() if obj.due_date else ""
        return format_html(
            '{}<br><span class="casedesk-flag casedesk-flag--{}">{}</span>',
            obj.due_date.isoformat() if obj.due_date else "",
            obj.deadline,
            DEADLINE_LABELS[obj.deadline],
        )

    deadline_label.short_description = "承诺办结"
    deadline_label.admin_order_field = "due_date"

    def get_index_view_extra_css(self):
        return ["casedesk/casedesk.css"]

    def get_inspect_view_extra_css(self):
        return ["casedesk/casedesk.css"]

    def get_admin_urls_for_registration(self):
        """The list and the case page only: no create, edit, delete or history views."""
        return tuple(
            url
            for url in super().get_admin_urls_for_registration()
            if url.name
            in {self.url_helper.get_action_url_name("index"), self.url_helper.get_action_url_name("inspect")}
        )

    def register_indexing(self):
        """Cases are records, not content: keep them out of Wagtail's reference index."""

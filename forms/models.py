"""Online application forms (在线申报).

`ApplicationFormPage` holds a form definition that staff build from blocks;
residents fill it step by step (`forms.wizard`), their answers live in a
`Draft` until they submit, and a `Submission` (办件) keeps a snapshot of the
definition it answered, so later edits of the form never change it."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from guides.models import ServiceGuidePage

from .admin_forms import ApplicationFormAdminForm
from .availability import availability
from .blocks import StepsBlock, steps_to_definition
from .definition import check_definition, form_settings, parse_moment, publish_problems


class FormIndexPage(Page):
    """在线申报: the list of forms residents can fill online."""

    intro = models.TextField("说明", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["guides.HomePage"]
    subpage_types = ["forms.ApplicationFormPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "在线申报目录"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["forms"] = ApplicationFormPage.objects.live().child_of(self).order_by("title")
        return context


class FormNotPublishable(PermissionDenied):
    """Publishing a form that does not mark the applicant's identity (roles)."""


class ApplicationFormPage(RoutablePageMixin, Page):
    """申请表: a multi-step application form built from blocks. Its fields mark
    the applicant's personal data with roles (`forms.definition.ROLES`); it
    is published only once they name the applicant (`publish_problems`)."""

    guide_code = models.CharField(
        "事项编码", max_length=50, blank=True, db_index=True, help_text="本表对应的办事指南事项编码，例如 MZ-001；指南页会显示“在线申报”和空白表、样表"
    )
    intro = models.TextField("填写说明", blank=True, default="请如实填写，带 * 的为必填项。")
    steps = StreamField(StepsBlock(), verbose_name="步骤和字段")
    # Settings (the JSON format's "settings"; rules in forms.availability and cases.notifications).
    opens_at = models.DateTimeField(
        "开放时间", null=True, blank=True, help_text="留空表示随时可以在线填写；开放前表单页会写明开放时间"
    )
    closes_at = models.DateTimeField(
        "截止时间", null=True, blank=True, help_text="留空表示不截止；截止后不再接受新的草稿和提交，仍可下载空白表和样表"
    )
    confirmation_text = models.TextField(
        "提交后显示的说明", blank=True, help_text="显示在“申请已提交”页面的受理编号下方；留空则只显示通常的内容"
    )
    notify_staff = models.BooleanField(
        "新申请邮件通知窗口工作人员",
        default=False,
        help_text="每有一份新申请，给本表对应窗口的工作人员发一封邮件（只含受理编号、事项和办件链接，不含个人信息）",
    )

    content_panels = Page.content_panels + [FieldPanel("guide_code"), FieldPanel("intro"), FieldPanel("steps")]
    settings_panels = [
        MultiFieldPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at"), FieldPanel("confirmation_text"), FieldPanel("notify_staff")],
            heading="在线申报设置",
            help_text="表单页的开放和截止时间与页面的“上线/下线”不同：表单页始终可以访问，可以下载空白表和样表。",
        ),
        *Page.settings_panels,
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.FilterField("guide_code")]
    parent_page_types = ["forms.FormIndexPage"]
    subpage_types = []
    preview_modes = [("", "填写首页"), ("all_steps", "全部步骤")]
    base_form_class = ApplicationFormAdminForm

    class Meta:
        verbose_name = "申请表"
        verbose_name_plural = "申请表"

    def step_url(self, step):
        """The address of one wizard step (the named route "step")."""
        return self.url + self.reverse_subpage("step", kwargs={"step": step})

    @property
    def definition(self):
        """The form in the spec's JSON shape."""
        return {
            "slug": self.slug,
            "title": self.title,
            "guide": self.guide_code or None,
            "intro": self.intro,
            "steps": steps_to_definition(self.steps),
            "settings": self.settings_definition(),
        }

    def settings_definition(self):
        """The "settings" of the JSON format; date-times in local time, ISO 8601."""
        return {
            "opens_at": timezone.localtime(self.opens_at).isoformat() if self.opens_at else None,
            "closes_at": timezone.localtime(self.closes_at).isoformat() if self.closes_at else None,
            "confirmation_text": self.confirmation_text or "",
            "notify_staff": bool(self.notify_staff),
        }

    def apply_settings(self, definition):
        """Set the settings fields from a (checked) definition; missing options take their defaults."""
        settings = form_settings(definition)
        for name in ("opens_at", "closes_at"):
            moment = parse_moment(settings[name])
            if moment is not None and timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            setattr(self, name, moment)
        self.confirmation_text = settings["confirmation_text"] or ""
        self.notify_staff = settings["notify_staff"]

    @property
    def availability(self):
        """Is the form taking applications now (forms.availability)?"""
        return availability(self.opens_at, self.closes_at)

    def clean(self):
        super().clean()
        errors = check_definition(self.definition)
        if errors:
            by_field = {}
            for error in errors:
                name = error.field.removeprefix("settings.") if error.field.startswith("settings.") else "steps"
                by_field.setdefault(name, []).append(str(error) if name == "steps" else error.message)
            raise ValidationError(by_field)

    def publish(self, revision, *args, **kwargs):
        """Every way of publishing a revision but the editor's own button (which
        the admin form refuses first) comes here: import_form, approval in the
        workflow, scheduled publishing."""
        problems = publish_problems(revision.as_object().definition)
        if problems:
            raise FormNotPublishable("；".join(problems))
        return super().publish(revision, *args, **kwargs)

    @cached_property
    def guide(self):
        if not self.guide_code:
            return None
        return ServiceGuidePage.objects.live().filter(code=self.guide_code).select_related("window").first()

    @property
    def window(self):
        """The window that handles this form's applications (its guide's), or None.
        The one place the form → window link is read, for settings, staff e-mail and exports."""
        guide = self.guide
        return guide.window if guide else None

    # Routes: the wizard and the printouts. Views live in forms.views.

    @path("")
    def landing(self, request):
        from .views import landing

        return landing(request, self)

    @re_path(r"^step/(?P<step>[A-Za-z0-9_]+)/$", name="step")
    def step(self, request, step):
        from .views import wizard

        return wizard(request, self, step)

    @path("resume/<str:token>/", name="resume")
    def resume(self, request, token):
        from .views import resume

        return resume(request, self, token)

    @path("blank/", name="blank")
    def blank_pdf(self, request):
        from .views import form_pdf

        return form_pdf(request, self, sample=False)

    @path("sample/", name="sample")
    def sample_pdf(self, request):
        from .views import form_pdf

        return form_pdf(request, self, sample=True)

    def serve_preview(self, request, mode_name):
        from .views import preview_all_steps

        if mode_name == "all_steps":
            return preview_all_steps(request, self)
        return super().serve_preview(request, mode_name)


def new_token():
    return secrets.token_urlsafe(24)


def draft_expiry():
    return timezone.now() + timedelta(days=settings.FORM_DRAFT_DAYS)


class Draft(models.Model):
    """A resident's unfinished application, saved at every step so it survives
    a closed browser or a server restart. `token` is the secret in the resume link."""

    token = models.CharField(max_length=64, unique=True, default=new_token)
    page = models.ForeignKey(ApplicationFormPage, on_delete=models.CASCADE, related_name="drafts")
    data = models.JSONField("填写内容", default=dict)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(default=draft_expiry, db_index=True)
    # Set, under the draft's row lock, in the transaction that opens the case:
    # a repeated final POST finds them and shows that case's confirmation.
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    confirmation_url = models.CharField("回执页面", max_length=200, blank=True)

    class Meta:
        verbose_name = "草稿"
        verbose_name_plural = "草稿"

    def __str__(self):
        return f"草稿 {self.pk}：{self.page_id}"

    @property
    def expired(self):
        return self.expires_at <= timezone.now()


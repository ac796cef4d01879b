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
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from guides.models import ServiceGuidePage

from .admin_forms import ApplicationFormAdminForm
from .blocks import StepsBlock, steps_to_definition
from .definition import check_definition, publish_problems


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

    content_panels = Page.content_panels + [FieldPanel("guide_code"), FieldPanel("intro"), FieldPanel("steps")]
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
        }

    def clean(self):
        super().clean()
        errors = check_definition(self.definition)
        if errors:
            raise ValidationError({"steps": [str(error) for error in errors]})

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


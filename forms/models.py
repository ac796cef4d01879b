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
from django.shortcuts import redirect
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .admin_forms import ApplicationFormAdminForm
from .availability import availability
from .blocks import StepsBlock, stored_steps_definition
from .definition import check_definition, form_settings, parse_moment, publish_problems
from .keys import slug_from_title


class FormIndexPage(Page):
    """在线申报: the list of forms residents can fill online.

    Forms sit in one `FormFolderPage` per window beneath it (that is where the
    window's staff hold their page permissions), but their addresses leave the
    folder out: /zaixian/<form>/ (see `route` and
    `ApplicationFormPage.get_url_parts`)."""

    intro = models.TextField("说明", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["guides.HomePage"]
    subpage_types = ["forms.FormFolderPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "在线申报目录"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["forms"] = (
            ApplicationFormPage.objects.live().descendant_of(self).select_related("guide").order_by("title")
        )
        return context

    def route(self, request, path_components):
        """/zaixian/<form slug>/…: the form, whichever window's folder holds it
        (forms and folders never share a slug: `ApplicationFormPage.taken_slugs`).
        One query, its guide with it: every wizard request reads both."""
        if path_components:
            form = (
                ApplicationFormPage.objects.descendant_of(self)
                .filter(slug=path_components[0])
                .select_related("guide")
                .first()
            )
            if form is not None:
                return form.route(request, path_components[1:])
        return super().route(request, path_components)


class FormFolderPage(Page):
    """One window's application forms (窗口申请表目录). The window's staff group
    holds add/edit page permissions here (`forms.folders`), so they build
    and submit their own window's forms and no other's; a folder without a
    window keeps forms whose 事项 is unknown, for managers to sort out.
    Not a public page: its address leads to the 在线申报 list."""

    window = models.OneToOneField(
        "guides.Window", verbose_name="承办窗口", null=True, blank=True, on_delete=models.PROTECT, related_name="form_folder"
    )

    # The window is set by forms.folders, never in the editor: staff may edit
    # their folder's page, and must not move it to another window.
    content_panels = Page.content_panels
    parent_page_types = ["forms.FormIndexPage"]
    subpage_types = ["forms.ApplicationFormPage"]

    class Meta:
        verbose_name = "窗口申请表目录"
        verbose_name_plural = "窗口申请表目录"

    def serve(self, request, *args, **kwargs):
        return redirect(self.get_parent().url)


class FormNotPublishable(PermissionDenied):
    """Publishing a form that does not mark the applicant's identity (roles)."""


class ApplicationFormPage(RoutablePageMixin, Page):
    """申请表: a multi-step application form built from blocks, for one 办事指南.
    Its window is the guide's window, and it sits in that window's folder. Its
    fields mark the applicant's personal data with roles
    (`forms.definition.ROLES`); it is published only once they name the
    applicant (`publish_problems`)."""

    guide = models.ForeignKey(
        "guides.ServiceGuidePage",
        verbose_name="办事指南",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application_forms",
        help_text="本表申请的事项；指南页会显示“在线申报”和空白表、样表",
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

    content_panels = Page.content_panels + [
        FieldPanel("guide"),
        FieldPanel("intro"),
        FieldPanel("steps"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at"), FieldPanel("confirmation_text"), FieldPanel("notify_staff")],
            heading="在线申报设置",
            help_text="表单页的开放和截止时间与页面的“上线/下线”不同：表单页始终可以访问，可以下载空白表和样表。",
        ),
        *Page.settings_panels,
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.FilterField("guide")]
    parent_page_types = ["forms.FormFolderPage"]
    subpage_types = []
    preview_modes = [("", "填写首页"), ("all_steps", "全部步骤")]
    base_form_class = ApplicationFormAdminForm

    class Meta:
        verbose_name = "申请表"
        verbose_name_plural = "申请表"

    def get_url_parts(self, request=None):
        """/zaixian/<form>/: the window folder is left out of the address."""
        parts = super().get_url_parts(request)
        if not parts or not parts[2]:
            return parts
        site_id, root_url, path = parts
        segments = path.strip("/").split("/")
        if len(segments) >= 3:  # …/zaixian/<folder>/<form>/
            path = "/" + "/".join(segments[:-2] + segments[-1:]) + "/"
        return site_id, root_url, path

    def step_url(self, step):
        """The address of one wizard step (the named route "step")."""
        return self.url + self.reverse_subpage("step", kwargs={"step": step})

    @property
    def definition(self):
        """The form in the spec's JSON shape."""
        return {
            "slug": self.slug,
            "title": self.title,
            "guide": self.guide.code if self.guide_id else None,
            "intro": self.intro,
            "steps": stored_steps_definition(self.steps),
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

    @classmethod
    def taken_slugs(cls, exclude_pk=None):
        """Slugs a form may not take: other forms' (all folders share /zaixian/) and the folders'."""
        forms = cls.objects.exclude(pk=exclude_pk).values_list("slug", flat=True)
        return set(forms) | set(FormFolderPage.objects.values_list("slug", flat=True))

    def full_clean(self, *args, **kwargs):
        # A Chinese title gives a pinyin address, never "slug 必填".
        if not self.slug or not self.slug.isascii():
            self.slug = slug_from_title(self.title, taken=self.taken_slugs(self.pk))
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        # The steps check themselves, each problem beside its step or field (StepsBlock.clean).
        errors = {}
        for error in check_definition(self.definition):
            if error.part in ("slug", "title"):
                errors.setdefault(error.part, []).append(error.message)
            elif error.part.startswith("settings."):  # beside the setting on the 设置 tab
                errors.setdefault(error.part.removeprefix("settings."), []).append(error.message)
        if self.slug in self.taken_slugs(self.pk):
            errors.setdefault("slug", []).append(f"网址 {self.slug} 已被其他申请表或窗口目录使用，请换一个")
        if errors:
            raise ValidationError(errors)

    def publish(self, revision, *args, **kwargs):
        """Every way of publishing a revision but the editor's own button (which
        the admin form refuses first) comes here: import_form, approval in the
        workflow, scheduled publishing."""
        problems = publish_problems(revision.as_object().definition)
        if problems:
            raise FormNotPublishable("；".join(problems))
        return super().publish(revision, *args, **kwargs)

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


"""The 办事指南 data model.

A guide (`ServiceGuidePage`) carries every element of the national 办事指南
element list, in the order of the import format (`../shared/spec/guide-import.md`).
Guides live under one `WindowIndexPage` per 承办窗口, so Wagtail's page
permissions give each window's staff their own subtree, and the window's
listing page is simply its children.

    HomePage
    ├── GuideIndexPage (办事指南: A–Z list, theme routes)
    │   └── WindowIndexPage (one per Window)
    │       └── ServiceGuidePage
    └── RegulationIndexPage (法规政策)
        └── RegulationPage
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Replace, Upper
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core import text
from core.site_info import centre_contact, centre_name

from .admin_forms import GuideAdminForm
from .blocks import RegulationBodyBlock
from .duty import on_duty
from .flowchart import render_svg
from .panels import CitingGuidesPanel, ReviewStatusPanel
from .pdf import render_guide_pdf
from .serializers import guide_to_dict

# Large-text mode (适老化) makes body text 22 px instead of 18 px; the flowchart follows.
LARGE_TEXT_SCALE = 22 / 18


class ItemType(models.TextChoices):
    LICENSING = "行政许可", "行政许可"
    BENEFIT = "行政给付", "行政给付"
    CONFIRMATION = "行政确认", "行政确认"
    ADJUDICATION = "行政裁决", "行政裁决"
    REWARD = "行政奖励", "行政奖励"
    OTHER_POWER = "其他行政权力", "其他行政权力"
    PUBLIC_SERVICE = "公共服务", "公共服务"


class HandlingType(models.TextChoices):
    IMMEDIATE = "即办件", "即办件"
    PROMISED = "承诺件", "承诺件"
    JOINT = "联办件", "联办件"
    REPORTED = "上报件", "上报件"


# One line for residents: what each 办件类型 means for them.
HANDLING_TYPE_EXPLANATIONS = {
    HandlingType.IMMEDIATE: "材料齐全的，当场办好",
    HandlingType.PROMISED: "受理后在承诺的时限内办结",
    HandlingType.JOINT: "需要几个部门共同办理",
    HandlingType.REPORTED: "镇里受理后，报县级部门审批",
}


class MaterialForm(models.TextChoices):
    ORIGINAL = "原件", "原件"
    COPY = "复印件", "复印件"
    BOTH = "原件和复印件", "原件和复印件"
    ELECTRONIC = "电子", "电子"


# --- Snippets ---------------------------------------------------------------


class Window(models.Model):
    """承办窗口. A snippet rather than a page: it is reference data that guides
    point to and that staff edit in one place (place, phone, hours); each window
    also has a `WindowIndexPage` that lists its items."""

    name = models.CharField("窗口名称", max_length=50, unique=True)
    slug = models.SlugField("网址标识", max_length=50, unique=True, help_text="拼音或英文，用于网址，例如 minzheng")
    department = models.CharField("进驻单位", max_length=100, blank=True)
    location = models.CharField("窗口位置", max_length=200, blank=True)
    phone = models.CharField("咨询电话", max_length=50, blank=True)
    hours = models.CharField("办公时间", max_length=200, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0, help_text="数字小的排在前面")
    staff_group = models.ForeignKey(
        "auth.Group",
        verbose_name="工作人员用户组",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="windows",
        help_text="本窗口的工作人员所在的用户组：他们编辑本窗口的办事指南和申请表、办理本窗口的办件",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("department"),
        FieldPanel("location"),
        FieldPanel("phone"),
        FieldPanel("hours"),
        FieldPanel("sort_order"),
        FieldPanel("staff_group"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "承办窗口"
        verbose_name_plural = "承办窗口"

    def __str__(self):
        return self.name


WEEKDAYS = [("1", "周一"), ("2", "周二"), ("3", "周三"), ("4", "周四"), ("5", "周五"), ("6", "周六"), ("7", "周日")]


class WindowStaff(models.Model):
    """窗口工作人员: who serves at a window, shown as 今日在岗 on the window's page.
    Each person may name a B-post colleague of the same window (AB岗) who takes
    over while they are away. A snippet of its own, not an inline of `Window`,
    so that each window's staff can keep their own people current without the
    right to edit the window itself."""

    window = models.ForeignKey(Window, verbose_name="承办窗口", on_delete=models.CASCADE, related_name="staff")
    name = models.CharField("姓名", max_length=50)
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name="照片", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.CharField("岗位", max_length=100, help_text="例如 民政窗口受理岗")
    staff_number = models.CharField("工号", max_length=30, blank=True)
    backup = models.ForeignKey(
        "self",
        verbose_name="B岗（顶岗人）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="backs_up",
        help_text="本人不在岗时由谁顶岗；必须是同一窗口的工作人员",
    )
    weekdays = models.CharField("在岗日", max_length=7, default="12345", help_text="每周哪几天在窗口")
    away_from = models.DateField("离岗开始", null=True, blank=True, help_text="请假、外出、培训时填写；期间由B岗顶岗")
    away_until = models.DateField("离岗结束", null=True, blank=True, help_text="留空表示离岗开始当天返回")
    away_reason = models.CharField("离岗原因", max_length=100, blank=True, help_text="仅后台可见")
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["window__sort_order", "sort_order", "name"]
        verbose_name = "窗口工作人员"
        verbose_name_plural = "窗口工作人员"

    def __str__(self):
        return f"{self.name}（{self.window.name}）" if self.window_id else self.name

    def clean(self):
        super().clean()
        if self.backup_id:
            if self.backup_id == self.pk:
                raise ValidationError({"backup": "B岗不能是本人。"})
            if self.backup.window_id != self.window_id:
                raise ValidationError({"backup": "B岗必须是同一窗口的工作人员。"})
        if self.away_from and self.away_until and self.away_until < self.away_from:
            raise ValidationError({"away_until": "离岗结束不能早于离岗开始。"})
        if not self.weekdays or any(day not in "1234567" for day in self.weekdays):
            raise ValidationError({"weekdays": "请选择在岗日。"})


class Theme(models.Model):
    """生活主题 (life events), for natural persons (自然人) or legal persons (法人).
    A snippet: shared tags that many guides carry."""

    class Audience(models.TextChoices):
        PERSON = "person", "自然人"
        LEGAL = "legal", "法人"

    name = models.CharField("主题名称", max_length=50, unique=True)
    slug = models.SlugField("网址标识", max_length=50, unique=True)
    audience = models.CharField("服务对象", max_length=10, choices=Audience.choices, default=Audience.PERSON)
    description = models.CharField("说明", max_length=200, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("audience"), FieldPanel("description"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["audience", "sort_order", "name"]
        verbose_name = "生活主题"
        verbose_name_plural = "生活主题"

    def __str__(self):
        return self.name


# --- Pages ------------------------------------------------------------------


class HomePage(Page):
    """The centre's home page: search box, windows and life themes."""

    intro = models.TextField("欢迎语", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = [
        "guides.GuideIndexPage",
        "guides.RegulationIndexPage",
        "forms.FormIndexPage",
        "notices.NoticeIndexPage",
        "pages.ContentPage",
        "network.VillageIndexPage",
        "casedesk.CompletionNoticeIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "首页"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guide_index"] = GuideIndexPage.objects.live().descendant_of(self).first()
        context["window_pages"] = window_pages_with_counts(self)
        context["themes"] = Theme.objects.all()
        return context


def window_pages_with_counts(ancestor):
    """Live window pages under `ancestor`, each annotated with its number of live guides."""
    pages = list(
        WindowIndexPage.objects.live().descendant_of(ancestor).select_related("window").order_by("window__sort_order")
    )
    counts = dict(
        ServiceGuidePage.objects.live()
        .descendant_of(ancestor)
        .order_by()  # no ordering, or GROUP BY would include the tree path
        .values_list("window_id")
        .annotate(n=models.Count("id"))
    )
    for page in pages:
        page.guide_count = counts.get(page.window_id, 0)
    return pages


class GuideIndexPage(RoutablePageMixin, Page):
    """办事指南: the A–Z list of every item, and one listing per life theme."""

    intro = models.TextField("说明", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["guides.HomePage"]
    subpage_types = ["guides.WindowIndexPage"]

    class Meta:
        verbose_name = "办事指南目录"

    def live_guides(self):
        return ServiceGuidePage.objects.live().descendant_of(self).select_related("window")

    @path("")
    def az_list(self, request):
        return self.render(
            request,
            context_overrides={
                "letters": text.group_by_initial(self.live_guides(), key=lambda guide: guide.title),
                "window_pages": window_pages_with_counts(self),
                "themes": Theme.objects.all(),
            },
        )

    @path("changes/", name="changes")
    def change_log(self, request):
        """更新记录: the latest published changes across all guides."""
        changes = (
            GuideChange.objects.filter(guide__live=True, guide__path__startswith=self.path)
            .select_related("guide__window")
            .order_by("-published_at", "-pk")[:100]
        )
        return self.render(request, template="guides/change_log.html", context_overrides={"changes": changes})

    @path("theme/<slug:slug>/", name="theme")
    def theme(self, request, slug):
        theme = get_object_or_404(Theme, slug=slug)
        guides = self.live_guides().filter(themes=theme).order_by("title")
        return self.render(
            request,
            template="guides/theme_page.html",
            context_overrides={"theme": theme, "guides": guides},
        )


class WindowIndexPage(Page):
    """One page per 承办窗口, listing its items. Staff permissions are granted
    on this page, so a window's staff edit only the guides beneath it."""

    window = models.OneToOneField(Window, verbose_name="承办窗口", on_delete=models.PROTECT, related_name="page")
    intro = models.TextField("说明", blank=True)

    content_panels = Page.content_panels + [FieldPanel("window"), FieldPanel("intro")]
    parent_page_types = ["guides.GuideIndexPage"]
    subpage_types = ["guides.ServiceGuidePage"]

    class Meta:
        verbose_name = "窗口事项列表"

    def get_context(self, request, *args, **kwargs):

        context = super().get_context(request, *args, **kwargs)
        context["guides"] = ServiceGuidePage.objects.live().child_of(self).order_by("title")
        staff = list(self.window.staff.select_related("photo", "backup__photo"))
        context["today"] = timezone.localdate()
        context["on_duty"] = on_duty(staff, context["today"])
        return context


class ServiceGuidePage(RoutablePageMixin, Page):
    """办事指南: one service item (事项) of the centre.

    The page title is the 事项名称. The 承办窗口 is the window whose page the
    guide sits under; it is copied into `window` on save for fast listing."""

    code = models.CharField("事项编码", max_length=50, unique=True, help_text="全县统一的事项编码，例如 MZ-001；用于二维码短链接 /s/编码/")
    window = models.ForeignKey(
        Window, verbose_name="承办窗口", on_delete=models.PROTECT, related_name="guides", editable=False
    )
    department = models.CharField("实施主体", max_length=100, blank=True, help_text="实施主体或进驻单位，例如 社会事务办")
    item_type = models.CharField("事项类型", max_length=20, choices=ItemType.choices, blank=True)
    handling_type = models.CharField("办件类型", max_length=10, choices=HandlingType.choices, blank=True)
    themes = ParentalManyToManyField(Theme, verbose_name="生活主题", blank=True, related_name="guides")
    summary = models.TextField("概述", blank=True, help_text="用一两句大白话说明这个事项是办什么的、谁可以办")
    conditions = models.TextField("受理条件", blank=True, help_text="每个条件一段，段与段之间空一行")
    legal_days = models.PositiveIntegerField("法定办结时限（工作日）", null=True, blank=True)
    promised_days = models.PositiveIntegerField(
        "承诺办结时限（工作日）", null=True, blank=True, help_text="不得超过法定办结时限；0 表示即时办结"
    )
    result = models.CharField("办理结果", max_length=200, blank=True, help_text="办结后发放的证照或决定，例如 残疾人证")
    visits = models.PositiveSmallIntegerField("到现场次数", null=True, blank=True, help_text="0 表示全程网办")
    online = models.BooleanField("可网上申报", default=False)
    online_url = models.URLField(
        "网上办理地址",
        blank=True,
        help_text="本事项在其他平台网上办理（例如省政务服务网、国家医保服务平台）时，填写办理页面的网址；本站有在线申请表的不用填",
    )
    proxy = models.BooleanField("可村级代办", default=False, help_text="村级便民服务代办点可以代收代办")
    location = models.CharField("办理地点", max_length=200, blank=True, help_text="留空时使用窗口位置")
    hours = models.CharField("办理时间", max_length=200, blank=True, help_text="留空时使用窗口办公时间")
    phone = models.CharField("咨询电话", max_length=50, blank=True, help_text="留空时使用窗口电话")
    complaint_phone = models.CharField("监督投诉电话", max_length=50, blank=True)
    keywords = models.TextField(
        "俗称和关键词", blank=True, help_text="群众常说的叫法、简称或旧称，用顿号或换行分隔，例如 低保、救济"
    )
    change_note = models.CharField(
        "更新说明",
        max_length=300,
        blank=True,
        help_text="再次发布时必填：这次改了什么。显示在页面“最近更新”和更新记录中",
    )
    next_review_on = models.DateField("下次复核日期", null=True, blank=True, help_text="留空则为发布后一年")

    search_fields = Page.search_fields + [
        index.SearchField("code"),
        index.SearchField("keywords"),
        index.SearchField("summary"),
        index.SearchField("conditions"),
        index.SearchField("result"),
        index.RelatedFields("materials", [index.SearchField("name")]),
        index.RelatedFields("faqs", [index.SearchField("question"), index.SearchField("answer")]),
        index.FilterField("window"),
        index.FilterField("item_type"),
        index.FilterField("online"),
    ]

    basics_panels = [
        FieldPanel("title", heading="事项名称"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("department")]),
        FieldRowPanel([FieldPanel("item_type"), FieldPanel("handling_type")]),
        FieldPanel("themes"),
        FieldPanel("summary"),
        FieldPanel("conditions"),
        FieldPanel("keywords"),
    ]
    content_panels = [ReviewStatusPanel()] + basics_panels + [
        InlinePanel("materials", heading="申请材料", label="材料"),
        InlinePanel("steps", heading="办理流程", label="环节", help_text="按办理顺序排列，流程图据此自动生成"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("legal_days"), FieldPanel("promised_days")]), FieldPanel("visits")],
            heading="办结时限",
        ),
        InlinePanel("fees", heading="收费标准", label="收费项目", help_text="不收费的事项不要添加收费项目"),
        InlinePanel("legal_bases", heading="设定依据", label="依据"),
        FieldPanel("result"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("online"), FieldPanel("proxy")]),
                FieldPanel("online_url"),
                FieldPanel("location"),
                FieldPanel("hours"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("complaint_phone")]),
            ],
            heading="办理方式和地点",
        ),
        InlinePanel("faqs", heading="常见问题", label="问答"),
        MultiFieldPanel([FieldPanel("change_note"), FieldPanel("next_review_on")], heading="更新说明和复核"),
    ]
    base_form_class = GuideAdminForm
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="指南内容"),
            ObjectList(Page.promote_panels, heading="推广"),
            ObjectList(Page.settings_panels, heading="设置"),
        ]
    )

    parent_page_types = ["guides.WindowIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "办事指南"
        verbose_name_plural = "办事指南"

    def clean(self):
        super().clean()
        if self.legal_days is not None and self.promised_days is not None and self.promised_days > self.legal_days:
            raise ValidationError({"promised_days": "承诺办结时限不能超过法定办结时限。"})

    def save(self, *args, **kwargs):
        parent = self.get_parent()
        if parent is not None and isinstance(parent.specific, WindowIndexPage):
            self.window_id = parent.specific.window_id
        return super().save(*args, **kwargs)

    # Values residents see, falling back to the window's own details.
    @property
    def where(self):
        return self.location or self.window.location

    @property
    def when(self):
        return self.hours or self.window.hours

    @property
    def consult_phone(self):
        return self.phone or self.window.phone

    @property
    def keyword_list(self):
        return text.split_list(self.keywords)

    @property
    def condition_paragraphs(self):
        return text.paragraphs(self.conditions)

    @cached_property
    def total_step_days(self):
        return sum(step.days or 0 for step in self.steps.all())

    @property
    def handling_type_explanation(self):
        return HANDLING_TYPE_EXPLANATIONS.get(self.handling_type, "")

    @property
    def permalink(self):
        return reverse("guide_permalink", args=[self.code])

    def links(self, request=None):
        """The guide's own addresses: the page and its checklist, handout and feedback routes."""
        url = self.get_url(request)
        return {
            "guide_url": url,
            "checklist_url": url + self.reverse_subpage("checklist"),
            "handout_url": url + self.reverse_subpage("handout"),
            "feedback_url": url + self.reverse_subpage("feedback"),
        }

    def published_content(self):
        """The guide's lists and its drawn flowchart. They change only when the
        guide is published, so they are cached per published version."""
        key = f"guide-content:v2:{self.pk}:{self.last_published_at.timestamp() if self.last_published_at else 0}"
        content = cache.get(key)
        if content is None:
            steps = list(self.steps.all())
            content = {
                "materials": list(self.materials.all()),
                "steps": steps,
                "fees": list(self.fees.all()),
                "bases": list(self.legal_bases.all()),
                "faqs": list(self.faqs.all()),
                "theme_list": list(self.themes.all()),
                "flowchart_svg": render_svg(steps, total_days=self.promised_days) if steps else "",
                "flowchart_svg_large": (
                    render_svg(steps, total_days=self.promised_days, text_scale=LARGE_TEXT_SCALE) if steps else ""
                ),
            }
            cache.set(key, content, 24 * 3600)
        return content

    def guide_context(self):
        """Everything a guide template needs, in a fixed number of queries:
        the cached published content plus what changes without a republish
        (links to regulations, review flags, the change log)."""
        context = dict(self.published_content())
        bases = context["bases"]
        regulations = RegulationPage.for_bases(bases)
        for basis in bases:
            basis.regulation = regulations.get(basis.key)
        context["review_flags"] = list(self.review_flags.open().select_related("regulation", "new_regulation"))
        context["last_change"] = self.changes.order_by("-published_at").first()
        return context

    def get_context(self, request, *args, **kwargs):
        from .feedback import feedback_context

        context = super().get_context(request, *args, **kwargs)
        context.update(self.guide_context())
        # Links and the window as shown; a township site overrides them
        # (network.township) when it serves this guide with its local details.
        links = self.links(request)
        context.update(links, window_label=self.window.name, window_url=self.get_parent().get_url(request))
        context.update(feedback_context(request, links["feedback_url"]))
        return context

    @path("")
    def guide(self, request):
        return self.render(request)

    @path("checklist/", name="checklist")
    def checklist(self, request):
        return self.render(request, template="guides/service_guide_checklist.html")

    @path("handout/", name="handout")
    def handout(self, request):
        return self.handout_response(request)

    @path("feedback/", name="feedback")
    def feedback(self, request):
        from .feedback import receive

        return receive(request, self, return_url=self.get_url(request))

    def handout_response(self, request, overrides=None, permalink_url=None):
        """The handout PDF, with the requesting site's centre settings; a
        township passes its local details as `overrides` of the guide dict."""

        data = guide_to_dict(self)
        data.update(overrides or {})
        pdf = render_guide_pdf(
            data,
            permalink_url=permalink_url or settings.PUBLIC_BASE_URL + self.permalink,
            centre_name=centre_name(request),
            centre_contact=centre_contact(request),
            printed_on=timezone.localdate(),
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{self.code}.pdf"'
        return response


class Material(Orderable):
    """申请材料."""

    page = ParentalKey(ServiceGuidePage, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField("材料名称", max_length=200)
    form = models.CharField("材料形式", max_length=20, choices=MaterialForm.choices, blank=True)
    copies = models.PositiveSmallIntegerField("份数", null=True, blank=True)
    required = models.BooleanField("必需", default=True, help_text="不勾选表示容缺受理：可以先受理、后补交")
    source = models.CharField("来源渠道", max_length=100, blank=True, help_text="例如 申请人自备、村委会出具")
    note = models.CharField("备注", max_length=300, blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("form"), FieldPanel("copies"), FieldPanel("required")]),
        FieldRowPanel([FieldPanel("source"), FieldPanel("note")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "申请材料"


class ProcessStep(Orderable):
    """办理环节: one box of the 流程图."""

    page = ParentalKey(ServiceGuidePage, on_delete=models.CASCADE, related_name="steps")
    name = models.CharField("环节名称", max_length=100)
    actor = models.CharField("承办人或岗位", max_length=100, blank=True)
    days = models.PositiveSmallIntegerField("时限（工作日）", null=True, blank=True, help_text="0 表示当场办理")
    description = models.TextField("说明", blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("actor"), FieldPanel("days")]), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = "办理环节"


class Fee(Orderable):
    """收费项目. A guide with no fees is 不收费."""

    page = ParentalKey(ServiceGuidePage, on_delete=models.CASCADE, related_name="fees")
    name = models.CharField("收费项目", max_length=100)
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    basis = models.CharField("收费依据", max_length=300, blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("amount")]), FieldPanel("basis")]

    class Meta(Orderable.Meta):
        verbose_name = "收费项目"


class LegalBasis(Orderable):
    """设定依据: a law or regulation, optionally one article of it. Linked to the
    site's `RegulationPage` with the same title or 文号, when there is one."""

    page = ParentalKey(ServiceGuidePage, on_delete=models.CASCADE, related_name="legal_bases")
    title = models.CharField("法规名称", max_length=200, help_text="例如 《社会救助暂行办法》")
    article = models.CharField("条款", max_length=100, blank=True, help_text="例如 第十一条")
    doc_number = models.CharField("文号", max_length=100, blank=True, help_text="例如 国务院令第649号")

    panels = [FieldPanel("title"), FieldRowPanel([FieldPanel("article"), FieldPanel("doc_number")])]

    class Meta(Orderable.Meta):
        verbose_name = "设定依据"

    @property
    def key(self):
        return (text.normalise_title(self.title), self.doc_number.strip())

    @property
    def article_anchor(self):
        return text.article_anchor(self.article) if self.article else ""


class GuideFAQ(Orderable):
    """常见问题."""

    page = ParentalKey(ServiceGuidePage, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField("问题", max_length=300)
    answer = models.TextField("解答")

    panels = [FieldPanel("question"), FieldPanel("answer")]

    class Meta(Orderable.Meta):
        verbose_name = "常见问题"


class RegulationIndexPage(Page):
    """法规政策: the list of laws, regulations and policies guides cite."""

    intro = models.TextField("说明", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["guides.HomePage"]
    subpage_types = ["guides.RegulationPage"]

    class Meta:
        verbose_name = "法规政策目录"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["regulations"] = RegulationPage.objects.live().child_of(self).order_by("-effective_on", "title")
        return context


class RegulationPage(Page):
    """法规政策: one law, regulation or policy document. The page title is the
    name without 《》. Articles are blocks of their own, each with an anchor, so
    a guide's 依据 links straight to 第N条."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", "现行有效"
        REVISED = "revised", "已修订"
        REPEALED = "repealed", "已废止"

    doc_number = models.CharField("文号", max_length=100, blank=True, help_text="例如 国务院令第649号")
    issuer = models.CharField("发布机关", max_length=100, blank=True)
    issued_on = models.DateField("发布日期", null=True, blank=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    status = models.CharField("效力状态", max_length=10, choices=Status.choices, default=Status.IN_FORCE)
    replaces = models.ForeignKey(
        "self",
        verbose_name="修订或替代",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        help_text="本文件修订或替代的旧法规。发布后旧法规自动标为“已修订”，引用它的办事指南标记待复核",
    )
    summary = models.TextField("简介", blank=True)
    body = StreamField(RegulationBodyBlock(), verbose_name="正文", blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("doc_number"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("status"),
    ]
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("doc_number"), FieldPanel("issuer")]),
        FieldRowPanel([FieldPanel("issued_on"), FieldPanel("effective_on"), FieldPanel("status")]),
        FieldPanel("replaces"),
        CitingGuidesPanel(),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    parent_page_types = ["guides.RegulationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "法规政策"
        verbose_name_plural = "法规政策"

    @classmethod
    def for_bases(cls, bases):
        """Map each basis key (normalised title, 文号) to the live regulation it
        cites, in one query. A title match wins over a 文号 match; among several
        versions the one in force, then the latest, wins."""
        if not bases:
            return {}
        titles = {text.normalise_title(b.title) for b in bases}
        numbers = {b.doc_number.strip() for b in bases if b.doc_number.strip()}
        candidates = list(
            cls.objects.live()
            .filter(Q(title__in=titles) | Q(doc_number__in=numbers))
            .order_by("-effective_on")
            .only("id", "title", "url_path", "doc_number", "status", "effective_on", "path", "depth")
        )
        candidates.sort(key=lambda reg: reg.status != cls.Status.IN_FORCE)
        found = {}
        for basis in bases:
            title, number = basis.key
            match = next((r for r in candidates if text.normalise_title(r.title) == title), None)
            if match is None and number:
                match = next((r for r in candidates if r.doc_number.strip() == number), None)
            found[basis.key] = match
        return found

    def citing_guides(self):
        """Live guides whose 设定依据 names this regulation by title or 文号."""
        title = text.normalise_title(self.title)
        match = Q(legal_bases__title__in=[title, f"《{title}》"])
        if self.doc_number.strip():
            match |= Q(legal_bases__doc_number=self.doc_number.strip())
        return ServiceGuidePage.objects.live().filter(match).distinct().order_by("title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["citing_guides"] = self.citing_guides()
        context["successors"] = RegulationPage.objects.live().filter(replaces=self)
        return context

    @property
    def anchored_articles(self):
        return [block.value["number"] for block in self.body if block.block_type == "article"]


class ReviewFlagQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class ReviewFlag(models.Model):
    """待复核: a guide whose 设定依据 changed. Raised when a regulation it cites is
    published as revised, replaced or repealed; cleared when the guide is
    republished or a reviewer confirms that nothing needs to change."""

    guide = models.ForeignKey(ServiceGuidePage, verbose_name="办事指南", on_delete=models.CASCADE, related_name="review_flags")
    regulation = models.ForeignKey(RegulationPage, verbose_name="变化的法规", on_delete=models.CASCADE, related_name="+")
    new_regulation = models.ForeignKey(
        RegulationPage, verbose_name="新法规", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField("原因", max_length=300)
    created_at = models.DateTimeField("标记时间", default=timezone.now)
    resolved_at = models.DateTimeField("复核时间", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="复核人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution_note = models.CharField("复核说明", max_length=300, blank=True)

    objects = ReviewFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "待复核标记"
        verbose_name_plural = "待复核标记"
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "regulation"], condition=Q(resolved_at__isnull=True), name="one_open_flag_per_regulation"
            )
        ]

    def __str__(self):
        return f"待复核：{self.guide_id}"

    @property
    def link_regulation(self):
        """Where residents should read the rule now."""
        return self.new_regulation or self.regulation


class GuideChange(models.Model):
    """更新记录: one published change of a guide, with its change note."""

    guide = models.ForeignKey(ServiceGuidePage, on_delete=models.CASCADE, related_name="changes")
    note = models.CharField("更新说明", max_length=300)
    published_at = models.DateTimeField("发布时间", default=timezone.now, db_index=True)
    revision = models.ForeignKey("wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = "更新记录"
        verbose_name_plural = "更新记录"

    def __str__(self):
        return self.note



class GuideFeedback(models.Model):
    """本页是否有帮助: one resident's yes/no on a guide, with an optional comment.
    Anonymous; seen in the admin by the guide's window staff and managers."""

    guide = models.ForeignKey(ServiceGuidePage, verbose_name="办事指南", on_delete=models.CASCADE, related_name="feedback_entries")
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="站点", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="在哪个乡镇的网站上提交",
    )
    helpful = models.BooleanField("有帮助")
    comment = models.TextField("意见", max_length=500, blank=True)
    created_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "页面反馈"
        verbose_name_plural = "页面反馈"

    def __str__(self):
        return "有帮助" if self.helpful else "没有帮助"


def get_live_guide(code):
    """The live guide with this 事项编码, however it was typed (case, hyphens, full-width)."""
    guide = ServiceGuidePage.objects.live().filter(code=code).first() or (
        ServiceGuidePage.objects.live()
        .annotate(canonical=Replace(Upper("code"), Value("-"), Value("")))
        .filter(canonical=text.canonical_code(code))
        .first()
    )
    if guide is None:
        raise Http404("没有找到这个事项")
    return guide


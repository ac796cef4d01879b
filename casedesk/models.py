"""The case desk's own data: the holiday calendar that promised deadlines are
counted against, and the quarterly 办结公告 pages generated from the cases.

The cases themselves (`forms.Submission` and its history, 补正告知 and
ratings) belong to the forms app."""

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


class Holiday(models.Model):
    """One day of the national holiday arrangement (国务院办公厅节假日安排):
    a public holiday, or a weekend worked instead (调休上班). Weekends not
    listed here are rest days."""

    class Kind(models.TextChoices):
        OFF = "off", "放假"
        WORKDAY = "workday", "调休上班"

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.OFF)
    name = models.CharField("节日", max_length=50, help_text="例如 春节、国庆节")

    panels = [FieldPanel("date"), FieldPanel("kind"), FieldPanel("name")]

    class Meta:
        ordering = ["date"]
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}{self.get_kind_display()}"


class CompletionNoticeIndexPage(Page):
    """办结公告: the list of quarterly notices."""

    intro = models.TextField("说明", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["guides.HomePage"]
    subpage_types = ["casedesk.CompletionNoticePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "办结公告目录"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["notices"] = CompletionNoticePage.objects.live().child_of(self).order_by("-year", "-quarter")
        return context


class CompletionNoticePage(Page):
    """One quarter's 办结公告: the cases completed in that quarter, with the
    applicant's name masked. The list is a snapshot taken when the notice is
    generated (`casedesk.completion.generate_notice`), so what a manager
    reviewed is what gets published."""

    year = models.PositiveIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度", choices=list(QUARTER_NAMES.items()))
    intro = models.TextField("说明", blank=True)
    entries = models.JSONField("办结事项", default=list, editable=False)
    generated_at = models.DateTimeField("生成时间", default=timezone.now, editable=False)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["casedesk.CompletionNoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "办结公告"
        verbose_name_plural = "办结公告"
        constraints = [models.UniqueConstraint(fields=["year", "quarter"], name="one_completion_notice_per_quarter")]

    @property
    def period(self):
        return f"{self.year}年{QUARTER_NAMES[self.quarter]}"

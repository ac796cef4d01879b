"""The case desk's own pages: the quarterly 办结公告 generated from the cases.

The cases themselves (`cases.Submission` and its history, 补正告知 and
ratings) belong to the cases app; the holiday calendar to `core`."""

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


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

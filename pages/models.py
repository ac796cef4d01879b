"""中心介绍页面: 中心简介, 办事须知, 服务制度 — pages staff assemble from
blocks (text, image, table, document, call-out, FAQ, service rule)."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import ContentBlock


class ContentPage(Page):
    """A page of the centre's own content. A service rule block becomes a
    section addressable as #rule-<anchor>, listed in the page's table of contents."""

    intro = models.TextField("导语", blank=True)
    body = StreamField(ContentBlock(), verbose_name="正文", blank=True)
    show_in_footer = models.BooleanField("在页脚显示链接", default=True)

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    promote_panels = Page.promote_panels + [FieldPanel("show_in_footer")]
    parent_page_types = ["guides.HomePage", "network.TownshipHomePage", "pages.ContentPage"]
    subpage_types = ["pages.ContentPage"]

    class Meta:
        verbose_name = "中心介绍页面"
        verbose_name_plural = "中心介绍页面"

    @property
    def rules(self):
        """(anchor, title) of each service rule, in page order, for the table of contents."""
        return [
            (f"rule-{block.value['anchor']}", block.value["title"]) for block in self.body if block.block_type == "rule"
        ]

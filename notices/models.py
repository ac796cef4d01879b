"""通知公告 and 政策解读: dated announcements with an Atom feed."""

from django.contrib.syndication.views import Feed
from django.db import models
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.site_info import centre_name


class NoticeIndexPage(RoutablePageMixin, Page):
    intro = models.TextField("说明", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["guides.HomePage"]
    subpage_types = ["notices.NoticePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "通知公告目录"

    def notices(self):
        return NoticePage.objects.live().child_of(self).order_by("-date", "-first_published_at")

    @path("")
    def index(self, request):
        kind = request.GET.get("kind", "")
        notices = self.notices()
        if kind in NoticePage.Kind.values:
            notices = notices.filter(kind=kind)
        return self.render(request, context_overrides={"notices": notices[:100], "kind": kind, "kinds": NoticePage.Kind.choices})

    @path("feed/", name="feed")
    def feed(self, request):
        return NoticeFeed(self)(request)


class NoticePage(Page):
    class Kind(models.TextChoices):
        NOTICE = "notice", "通知公告"
        INTERPRETATION = "interpretation", "政策解读"

    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.NOTICE)
    date = models.DateField("发布日期", default=timezone.localdate)
    summary = models.CharField("摘要", max_length=300, blank=True)
    body = RichTextField("正文", features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"])
    regulations = models.ManyToManyField("guides.RegulationPage", verbose_name="相关法规", blank=True, related_name="notices")

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("regulations"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "通知公告"
        verbose_name_plural = "通知公告"


class NoticeFeed(Feed):
    """Atom feed of the latest notices, newest first."""

    feed_type = Atom1Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{centre_name(self.request)} · {self.index_page.title}"

    def link(self):
        return self.index_page.url

    def subtitle(self):
        return self.index_page.intro or "通知公告和政策解读"

    def items(self):
        return self.index_page.notices()[:30]

    def item_title(self, item):
        return f"【{item.get_kind_display()}】{item.title}"

    def item_description(self, item):
        return item.summary or strip_tags(item.body)[:200]

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

"""村级便民服务代办点: the village tier of the county–township–village network.

Each township (a Wagtail Site) has villages; each village has one or more
代办点 with a 代办员 who takes applications for the items listed on the
point. A guide marked 可村级代办 lets residents pick their village and see
the points that take that item."""

from django.db import models
from django.http import Http404
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from core import text
from guides.feedback import receive
from guides.models import ServiceGuidePage, Theme


class Village(models.Model):
    """行政村. A snippet: reference data that 代办点 and residents' choices point to."""

    township = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name="所属乡镇（站点）",
        on_delete=models.CASCADE,
        related_name="villages",
        help_text="村所在乡镇的网站",
    )
    name = models.CharField("村名", max_length=50)
    slug = models.SlugField("网址标识", max_length=50, help_text="拼音，例如 dongshancun")
    sort_order = models.PositiveIntegerField("排序", default=0)

    panels = [FieldPanel("township"), FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]), FieldPanel("sort_order")]

    class Meta:
        ordering = ["township__site_name", "sort_order", "name"]
        verbose_name = "行政村"
        verbose_name_plural = "行政村"
        constraints = [models.UniqueConstraint(fields=["township", "slug"], name="village_slug_per_township")]

    def __str__(self):
        return self.name


class AgencyPoint(models.Model):
    """代办点: where a village's 代办员 takes applications, and which items they take."""

    village = models.ForeignKey(Village, verbose_name="所在村", on_delete=models.CASCADE, related_name="agency_points")
    agent_name = models.CharField("代办员", max_length=50)
    phone = models.CharField("联系电话", max_length=50)
    hours = models.CharField("服务时间", max_length=200, blank=True, help_text="例如 工作日 8:30-11:30")
    place = models.CharField("代办地点", max_length=200, help_text="例如 村委会一楼便民服务室")
    items = models.ManyToManyField(
        ServiceGuidePage,
        verbose_name="可代办事项",
        blank=True,
        related_name="agency_points",
        limit_choices_to={"proxy": True},
        help_text="只能选择标为“可村级代办”的事项",
    )

    panels = [
        FieldPanel("village"),
        FieldRowPanel([FieldPanel("agent_name"), FieldPanel("phone")]),
        FieldRowPanel([FieldPanel("place"), FieldPanel("hours")]),
        FieldPanel("items"),
    ]

    class Meta:
        ordering = ["village__sort_order", "village__name", "pk"]
        verbose_name = "代办点"
        verbose_name_plural = "代办点"

    def __str__(self):
        return f"{self.village.name} · {self.agent_name}"


class VillageIndexPage(Page):
    """村级代办点: every village of this township with its 代办点 and what they take."""

    intro = models.TextField("说明", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["guides.HomePage", "network.TownshipHomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "村级代办点目录"

    def get_context(self, request, *args, **kwargs):
        from .agency import villages_with_points

        context = super().get_context(request, *args, **kwargs)
        context["villages"] = villages_with_points(self.get_site())
        return context


# --- County and townships ---------------------------------------------------
#
# One install serves the county and its townships. The county's site holds the
# item catalogue (HomePage → GuideIndexPage → WindowIndexPage → ServiceGuidePage).
# Each township is a Wagtail Site whose root is a TownshipHomePage; its
# TownshipGuideIndexPage serves the county's guides by 事项编码 with the
# township's own window, place, hours and phone (LocalGuideDetails), so a county
# edit reaches every township by construction.


class TownshipHomePage(Page):
    """乡镇首页: the root page of one township's Site."""

    intro = models.TextField("欢迎语", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["network.TownshipGuideIndexPage", "pages.ContentPage", "network.VillageIndexPage"]

    class Meta:
        verbose_name = "乡镇首页"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guide_index"] = TownshipGuideIndexPage.objects.live().child_of(self).first()
        context["themes"] = Theme.objects.all()
        return context


class TownshipGuideIndexPage(RoutablePageMixin, Page):
    """办事指南 on a township site: the county's catalogue, served by 事项编码
    at <this page>/<code>/, with this township's local details."""

    intro = models.TextField("说明", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["network.TownshipHomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "乡镇办事指南目录"

    def catalogue(self):
        """The county's live guides (every guide outside any township tree)."""
        return ServiceGuidePage.objects.live().select_related("window")

    def township(self):
        return self.get_site()

    def guide_url(self, guide, route="guide"):
        """The address of a guide (or of its checklist, handout or feedback route)
        on this township's own site (a path, for its own pages)."""
        return self.relative_url(self.get_site()) + self.reverse_subpage(route, args=[guide.code])

    def get_guide(self, code):
        guide = self.catalogue().filter(code=code).first()
        if guide is None:
            raise Http404("没有找到这个事项")
        return guide

    @path("")
    def az_list(self, request):
        guides = list(self.catalogue())
        for guide in guides:
            guide.local_url = self.guide_url(guide)
        return self.render(
            request,
            context_overrides={"letters": text.group_by_initial(guides, key=lambda guide: guide.title)},
        )

    @path("<str:code>/", name="guide")
    def guide(self, request, code):
        from .township import render_guide

        return render_guide(self, request, self.get_guide(code))

    @path("<str:code>/checklist/", name="checklist")
    def checklist(self, request, code):
        from .township import render_guide

        return render_guide(self, request, self.get_guide(code), template="guides/service_guide_checklist.html")

    @path("<str:code>/feedback/", name="feedback")
    def feedback(self, request, code):
        guide = self.get_guide(code)
        return receive(request, guide, return_url=self.guide_url(guide))

    @path("<str:code>/handout/", name="handout")
    def handout(self, request, code):
        from .township import handout

        return handout(self, request, self.get_guide(code))


class LocalGuideDetails(models.Model):
    """本镇办理信息: how one township handles one county item — its own window,
    place, hours, phone and any local additions. Missing values fall back to the
    township's 中心设置 (address, hours, phone)."""

    township = models.ForeignKey(
        "wagtailcore.Site", verbose_name="乡镇（站点）", on_delete=models.CASCADE, related_name="local_guide_details"
    )
    guide = models.ForeignKey(
        ServiceGuidePage, verbose_name="事项（县级目录）", on_delete=models.CASCADE, related_name="local_details"
    )
    window = models.CharField("本镇承办窗口", max_length=100, blank=True, help_text="例如 东山镇便民服务中心 2 号窗口")
    location = models.CharField("办理地点", max_length=200, blank=True)
    hours = models.CharField("办理时间", max_length=200, blank=True)
    phone = models.CharField("咨询电话", max_length=50, blank=True)
    local_notes = models.TextField("本镇补充说明", blank=True, help_text="本镇特有的要求或便民措施，显示在指南的“本镇说明”中")

    panels = [
        FieldRowPanel([FieldPanel("township"), FieldPanel("guide")]),
        FieldPanel("window"),
        FieldPanel("location"),
        FieldRowPanel([FieldPanel("hours"), FieldPanel("phone")]),
        FieldPanel("local_notes"),
    ]

    class Meta:
        ordering = ["township__site_name", "guide__code"]
        verbose_name = "本镇办理信息"
        verbose_name_plural = "本镇办理信息"
        constraints = [models.UniqueConstraint(fields=["township", "guide"], name="one_local_details_per_guide")]

    def __str__(self):
        return f"{self.township.site_name or self.township.hostname} · {self.guide.title}"

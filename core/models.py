"""What every app below may rely on: the settings of one centre (one Wagtail
Site) and the holiday calendar that working days are counted against.

A county install serves several township Sites; each Site has its own
`CentreSettings` (name, address, phone, hours, logo), edited under 设置 in the
admin and used by the header, the footer and every printout.

Both models moved here from `centre` and `casedesk`; they keep their tables
(`centre_centresettings`, `casedesk_holiday`), see migration 0001."""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField


class MenuLinkBlock(blocks.StructBlock):
    """One header menu entry: a page, and the words shown for it."""

    page = blocks.PageChooserBlock(label="页面")
    label = blocks.CharBlock(label="显示文字", required=False, max_length=20, help_text="留空时用页面标题")

    class Meta:
        icon = "link"
        label = "菜单项"


@register_setting(icon="home")
class CentreSettings(BaseSiteSetting):
    name = models.CharField("中心名称", max_length=100, blank=True, help_text="留空时使用部署配置中的 CENTRE_NAME")
    address = models.CharField("中心地址", max_length=200, blank=True)
    phone = models.CharField("咨询电话", max_length=50, blank=True)
    hours = models.CharField("办公时间", max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="标志",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="显示在页头；请上传横向、背景透明的图片",
    )
    menu_links = StreamField(
        [("link", MenuLinkBlock())],
        verbose_name="页头菜单",
        blank=True,
        help_text="按顺序选择页头菜单中的页面（可选其他站点的页面，例如县级的法规政策）。留空时显示首页下勾选了“在菜单中显示”的页面。",
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("phone"), FieldPanel("hours")], heading="联系方式"),
        FieldPanel("logo"),
        FieldPanel("menu_links"),
    ]

    class Meta:
        db_table = "centre_centresettings"
        verbose_name = "中心设置"
        verbose_name_plural = "中心设置"

    def __str__(self):
        return self.name or "中心设置"

    @property
    def contact_line(self):
        """One line for printouts: 地址 · 电话 · 办公时间 (the parts that are set)."""
        parts = [
            f"地址：{self.address}" if self.address else "",
            f"电话：{self.phone}" if self.phone else "",
            f"办公时间：{self.hours}" if self.hours else "",
        ]
        return "　".join(part for part in parts if part)


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
        db_table = "casedesk_holiday"
        ordering = ["date"]
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}{self.get_kind_display()}"

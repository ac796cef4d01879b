"""Site-wide settings of one centre (one Wagtail Site).

A county install serves several township Sites; each Site has its own
`CentreSettings` (name, address, phone, hours, logo), edited under 设置 in the
admin and used by the header, the footer and every printout."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


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

    panels = [
        FieldPanel("name"),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("phone"), FieldPanel("hours")], heading="联系方式"),
        FieldPanel("logo"),
    ]

    class Meta:
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

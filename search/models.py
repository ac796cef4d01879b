"""The site search's own tables: the embedded index, staff synonyms and the query log.

The embedded index is an inverted index in two plain tables, so it works the
same on SQLite and PostgreSQL: `SearchDocument` holds what a result shows and
what it is filtered by; `SearchTerm` holds, for each term of each document, its
weight (see `search.analysis`). Each document belongs to a live page and goes
when the page goes.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel

from core.text import split_list

from . import text


class Kind(models.TextChoices):
    GUIDE = "guide", "办事指南"
    FORM = "form", "在线申报"
    REGULATION = "regulation", "法规政策"
    NOTICE = "notice", "通知公告"


# On equal relevance, guides come first, then forms, regulations and notices.
KIND_ORDER = {Kind.GUIDE: 0, Kind.FORM: 1, Kind.REGULATION: 2, Kind.NOTICE: 3}


class SearchDocument(models.Model):
    """One live page in the embedded index."""

    page = models.OneToOneField(
        "wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="+", verbose_name="页面"
    )
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    title = models.CharField("标题", max_length=255)
    code = models.CharField("编码", max_length=100, blank=True)
    url = models.CharField("网址", max_length=500)
    window = models.ForeignKey(
        "guides.Window", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="承办窗口"
    )
    themes = models.JSONField("生活主题", default=list, blank=True)
    item_type = models.CharField("事项类型", max_length=20, blank=True)
    online = models.BooleanField("可网上申报", null=True)
    keywords = models.JSONField("俗称和关键词", default=list, blank=True)
    body = models.TextField("正文", blank=True)
    indexed_at = models.DateTimeField("索引时间", auto_now=True)

    class Meta:
        verbose_name = "搜索索引文档"
        verbose_name_plural = "搜索索引文档"

    def __str__(self):
        return self.title


class SearchTerm(models.Model):
    """One term of one document and its weight: the posting list of the embedded index."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=100)
    weight = models.FloatField()

    class Meta:
        # Covers the search query (term → document, weight) without touching the table.
        indexes = [models.Index(fields=["term", "document", "weight"], name="search_term_lookup")]

    def __str__(self):
        return self.term


class Synonym(models.Model):
    """A synonym added by staff, on top of the shipped dictionary (`search/synonyms.txt`):
    when a resident's query contains one of `terms`, the search also looks for
    each of `expansions`. A snippet, so managers edit it in the admin."""

    terms = models.CharField(
        "群众说法", max_length=200, help_text="群众搜索时输入的词，多个用顿号或逗号分隔，例如 准生证、生二胎"
    )
    expansions = models.CharField(
        "同时查找", max_length=200, help_text="搜索上面的词时同时查找的事项名称或关键词，例如 生育登记"
    )
    active = models.BooleanField("启用", default=True)
    note = models.CharField("备注", max_length=200, blank=True, help_text="为什么添加，例如 群众来电常这样说")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="添加人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("添加时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("expansions"), FieldPanel("active"), FieldPanel("note")]

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "同义词"
        verbose_name_plural = "同义词"

    def __str__(self):
        return f"{self.terms} → {self.expansions}"

    @property
    def term_list(self):
        return split_terms(self.terms)

    @property
    def expansion_list(self):
        return split_terms(self.expansions)

    def clean(self):
        super().clean()
        if not self.term_list:
            raise ValidationError({"terms": "请至少填写一个词。"})
        if not self.expansion_list:
            raise ValidationError({"expansions": "请至少填写一个要同时查找的词。"})


def split_terms(value):
    """'准生证、生二胎' → ['准生证', '生二胎'], each in its comparable form."""
    return [key for key in (text.compact(part) for part in split_list(value)) if key]


class QueryLog(models.Model):
    """One search as typed by a resident, with personal data scrubbed out
    (`search.text.scrub`). No IP address, no user, no session."""

    query = models.CharField("搜索词", max_length=200, db_index=True)
    result_count = models.PositiveIntegerField("结果数")
    first_result = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="第一个结果"
    )
    searched_at = models.DateTimeField("搜索时间", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-searched_at"]
        verbose_name = "搜索记录"
        verbose_name_plural = "搜索记录"

    def __str__(self):
        return self.query

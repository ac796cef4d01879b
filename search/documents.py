"""What the search knows about a page: a `Document`, built from the page by
the function its page type registered (`search.registry`). The guide and
regulation page types of this site are converted here."""

from dataclasses import dataclass, field

from django.utils.html import strip_tags

from guides.models import ServiceGuidePage, WindowIndexPage

from .models import Kind


@dataclass
class Document:
    page_id: int
    kind: str
    title: str
    url: str
    code: str = ""
    # 俗称、简称 and other names residents use: weighed like the title.
    keywords: list = field(default_factory=list)
    # Text parts, the most telling first; snippets are cut from these.
    body: list = field(default_factory=list)
    window_id: int | None = None
    themes: list = field(default_factory=list)  # theme slugs
    item_type: str = ""
    online: bool | None = None

    @property
    def names(self):
        """The title, its core without a bracketed qualifier (残疾人证办理（新办、换领）
        → 残疾人证办理), and the keywords: the names an exact query matches."""
        core = self.title.split("（")[0].split("(")[0].strip()
        return list(dict.fromkeys([self.title, core, *self.keywords]))


def guide_document(page):
    """A 办事指南 with every text a resident might search for."""
    body = [page.summary, page.department, *page.condition_paragraphs]
    body += [" ".join(filter(None, [m.name, m.source, m.note])) for m in page.materials.all()]
    body += [" ".join(filter(None, [s.name, s.actor, s.description])) for s in page.steps.all()]
    body += [page.result, page.handling_type]
    body += [fee.name for fee in page.fees.all()]
    body += [" ".join(filter(None, [b.title, b.article, b.doc_number])) for b in page.legal_bases.all()]
    for faq in page.faqs.all():
        body += [faq.question, faq.answer]
    return Document(
        page_id=page.pk,
        kind=Kind.GUIDE,
        title=page.title,
        url=page.url,
        code=page.code,
        keywords=page.keyword_list,
        body=[part for part in body if part],
        window_id=window_of(page),
        themes=[theme.slug for theme in page.themes.all()],
        item_type=page.item_type,
        online=page.online,
    )


def window_of(page):
    """The window whose page the guide sits under. The guide's own `window`
    is refreshed when the guide is saved, not when it is moved in the admin."""
    parent = WindowIndexPage.objects.filter(path=page.path[: -page.steplen]).values_list("window_id", flat=True).first()
    return parent or page.window_id


def regulation_document(page):
    """A 法规政策 page: its summary and every chapter, article and paragraph."""
    body = [page.summary, page.issuer]
    for block in page.body:
        if block.block_type == "article":
            body.append(f"{block.value['number']} {block.value['text']}")
        elif block.block_type == "paragraph":
            body.append(strip_tags(block.value.source))
        else:
            body.append(str(block.value))
    return Document(
        page_id=page.pk,
        kind=Kind.REGULATION,
        title=page.title,
        url=page.url,
        code=page.doc_number,
        body=[part for part in body if part],
    )


def guide_pages():
    return ServiceGuidePage.objects.live().prefetch_related("themes", "materials", "steps", "fees", "legal_bases", "faqs")

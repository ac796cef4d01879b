"""The page of every printed document: A4, one frame, the shared paragraph
styles, and a footer with the centre name, print date and "第 N 页 / 共 M 页".
`build_pdf()` lays a story out on such pages."""

from __future__ import annotations

import datetime
import functools
import io
from collections.abc import Iterable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Flowable, Frame, KeepTogether, PageTemplate

from core.promise import format_date

from .text import FONT_NAME, draw_text, ensure_font

PAGE_SIZE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 20 * mm
FOOTER_Y = 10 * mm
FOOTER_SIZE = 8.5
# The text frame (it has no inner padding), for callers that size tables and drawings.
FRAME_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM
# A section too tall for any page starts on the current page only if this much is left.
MIN_SECTION_START = 50 * mm

TEXT_COLOR = colors.HexColor("#111111")
RULE_COLOR = colors.HexColor("#444444")


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    """The shared paragraph styles: title, subtitle, heading, body, small, cell and cell_centred.

    Headings do not set keepWithNext; put a heading and its content in
    `keep_together()` instead, which also copes with content taller than a page.
    """
    ensure_font()
    base = ParagraphStyle(
        "body",
        fontName=FONT_NAME,
        fontSize=10.5,
        leading=16,
        textColor=TEXT_COLOR,
        wordWrap="CJK",
    )
    return {
        "title": ParagraphStyle("title", base, fontSize=20, leading=28, alignment=TA_CENTER, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=10, leading=14, alignment=TA_CENTER, spaceAfter=8),
        "heading": ParagraphStyle("heading", base, fontSize=13.5, leading=20, spaceBefore=10, spaceAfter=4),
        "body": base,
        "small": ParagraphStyle("small", base, fontSize=8.5, leading=12),
        "cell": ParagraphStyle("cell", base, fontSize=9.5, leading=13.5),
        "cell_centred": ParagraphStyle("cell_centred", base, fontSize=9.5, leading=13.5, alignment=TA_CENTER),
    }


def derived_style(name: str, parent: ParagraphStyle, **changes) -> ParagraphStyle:
    """A variant of one of the shared styles."""
    return ParagraphStyle(name, parent, **changes)


def flowable_height(flowable: Flowable) -> float:
    """Height of a flowable in the text frame, with its space before and after."""
    return flowable.wrap(FRAME_WIDTH, FRAME_HEIGHT)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()


def keep_together(flowables: Iterable[Flowable], *, min_space: float = MIN_SECTION_START) -> list[Flowable]:
    """Keep flowables, typically a heading and its content, on one page.

    A short section (at most a third of a page) that does not fit in the
    space left moves to the next page, so at most a third of a page stays
    empty. A longer one starts where it is (if at least min_space is left)
    and splits across pages, rather than leaving most of a page empty.
    """
    flowables = list(flowables)
    if sum(flowable_height(flowable) for flowable in flowables) <= FRAME_HEIGHT / 3:
        return [KeepTogether(flowables)]
    return [CondPageBreak(min_space), *flowables]


class _FooterCanvas(Canvas):
    """A canvas that holds pages back until the end, to print "共 M 页" in every footer."""

    def __init__(self, *args, centre_name: str, printed_on: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self._centre_name = centre_name
        self._printed = "打印日期：" + format_date(printed_on)
        self._page_states: list[dict] = []

    def showPage(self):
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._page_states)
        for state in self._page_states:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        width = self._pagesize[0]
        self.saveState()
        self.setStrokeColor(RULE_COLOR)
        self.setLineWidth(0.5)
        rule_y = FOOTER_Y + FOOTER_SIZE + 3
        self.line(MARGIN_X, rule_y, width - MARGIN_X, rule_y)
        self.setFillColor(TEXT_COLOR)
        draw_text(self, MARGIN_X, FOOTER_Y, self._centre_name, FOOTER_SIZE)
        draw_text(self, width / 2, FOOTER_Y, self._printed, FOOTER_SIZE, anchor="middle")
        page_of = f"第 {self.getPageNumber()} 页 / 共 {total} 页"
        draw_text(self, width - MARGIN_X, FOOTER_Y, page_of, FOOTER_SIZE, anchor="end")
        self.restoreState()


def build_pdf(
    story: Iterable[Flowable],
    *,
    title: str,
    centre_name: str,
    printed_on: datetime.date,
    subject: str = "",
) -> bytes:
    """Lay out story on A4 pages with the shared margins and footer; return the PDF bytes.

    The document metadata carries title, subject and the centre as author.
    """
    ensure_font()
    buffer = io.BytesIO()
    frame = Frame(
        MARGIN_X, MARGIN_BOTTOM, FRAME_WIDTH, FRAME_HEIGHT,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
    )
    doc = BaseDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        pageTemplates=[PageTemplate(id="page", frames=[frame])],
        title=title,
        author=centre_name,
        subject=subject,
        creator=centre_name,
        lang="zh-CN",
        initialFontName=FONT_NAME,
        displayDocTitle=1,
        pageCompression=1,
    )
    doc.build(
        list(story),
        canvasmaker=functools.partial(_FooterCanvas, centre_name=centre_name, printed_on=printed_on),
    )
    return buffer.getvalue()

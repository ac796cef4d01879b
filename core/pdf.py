"""Shared PDF layout for every printed document of the site.

Handouts (办事指南打印版), receipts and notices all go through this module so
that they share one font set-up, one set of paragraph styles and one page
frame (A4, footer with the centre name, print date and "第 N 页 / 共 M 页").

Fonts: the CJK font is Droid Sans Fallback (centre/fonts, Apache-2.0). It has
no glyphs for ASCII letters, digits or Latin punctuation, so every text is
split into runs and the runs the CJK font cannot show are set in Bitstream
Vera, which ships inside reportlab. Both are TrueType fonts, which reportlab
embeds as subsets holding only the glyphs a document uses. Use `para()` for
Paragraphs and `font_runs()` when drawing strings yourself; both do the split.

Nothing here touches Django, so documents can be built and tested without a
database or settings.
"""

from __future__ import annotations

import datetime
import functools
import io
import threading
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

FONT_NAME = "DroidSansFallback"
FONT_PATH = Path(__file__).resolve().parent / "fonts" / "DroidSansFallbackFull.ttf"
# Bitstream Vera, bundled with reportlab, for the characters the CJK font lacks.
LATIN_FONT_NAME = "Vera"
LATIN_FONT_FILE = "Vera.ttf"

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

_font_lock = threading.Lock()
_cjk_code_points: frozenset[int] | None = None


def ensure_font() -> None:
    """Register the CJK and Latin fonts with reportlab (once per process)."""
    global _cjk_code_points
    if _cjk_code_points is not None:
        return
    with _font_lock:
        if _cjk_code_points is not None:
            return
        cjk = TTFont(FONT_NAME, str(FONT_PATH))
        pdfmetrics.registerFont(cjk)
        pdfmetrics.registerFont(TTFont(LATIN_FONT_NAME, LATIN_FONT_FILE))
        _cjk_code_points = frozenset(cjk.face.charToGlyph)


def font_runs(text: str) -> list[tuple[str, str]]:
    """Split text into (chunk, font name) runs, each drawable in one font.

    A space stays with the run before it, so "第 1 页" becomes three runs
    instead of five.
    """
    ensure_font()
    runs: list[list[str]] = []
    for char in text:
        if char == " " and runs:
            font = runs[-1][1]
        elif ord(char) in _cjk_code_points:
            font = FONT_NAME
        else:
            font = LATIN_FONT_NAME
        if runs and runs[-1][1] == font:
            runs[-1][0] += char
        else:
            runs.append([char, font])
    return [(chunk, font) for chunk, font in runs]


def text_width(text: str, size: float) -> float:
    """Width in points of text set with `font_runs` at the given size."""
    return sum(pdfmetrics.stringWidth(chunk, font, size) for chunk, font in font_runs(text))


def draw_text(canv: Canvas, x: float, y: float, text: str, size: float, anchor: str = "start") -> None:
    """Draw one line of mixed CJK/Latin text on a canvas; anchor is start, middle or end."""
    if anchor == "middle":
        x -= text_width(text, size) / 2
    elif anchor == "end":
        x -= text_width(text, size)
    # One text object for all runs, so text extraction sees one line.
    text_object = canv.beginText(x, y)
    for chunk, font in font_runs(text):
        text_object.setFont(font, size)
        text_object.textOut(chunk)
    canv.drawText(text_object)


def markup(text: str) -> str:
    """Paragraph markup for one line of plain text: escaped, Latin runs in the Latin font."""
    parts = []
    for chunk, font in font_runs(text):
        chunk = escape(chunk)
        parts.append(chunk if font == FONT_NAME else f'<font name="{font}">{chunk}</font>')
    return "".join(parts)


def para(text: object, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of plain text: &, < and > are escaped and newlines become <br/>."""
    lines = "" if text is None else str(text).replace("\r\n", "\n").replace("\r", "\n")
    return Paragraph("<br/>".join(markup(line) for line in lines.split("\n")), style)


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


def keep_together(flowables: Iterable[Flowable], *, min_space: float = MIN_SECTION_START) -> list[Flowable]:
    """Keep flowables, typically a heading and its content, on one page.

    When they do not fit in the space left on the page they move to the next
    one, unless they would not fit on a whole page either: then they start
    where they are (if at least min_space is left) and split across pages,
    rather than leaving most of a page empty.
    """
    flowables = list(flowables)
    height = sum(
        flowable.wrap(FRAME_WIDTH, FRAME_HEIGHT)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        for flowable in flowables
    )
    if height <= FRAME_HEIGHT:
        return [KeepTogether(flowables)]
    return [CondPageBreak(min_space), *flowables]


def table_style(*commands: tuple) -> TableStyle:
    """A TableStyle with the given commands whose cell font is the CJK font.

    Table sets a font for every cell, even one holding a Paragraph or a
    Drawing; left at reportlab's default, that would add an unembedded
    Helvetica to the document.
    """
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT_NAME), *commands])


def qr_drawing(url: str, size_mm: float = 28) -> Drawing:
    """A QR code of url as a square Drawing, size_mm wide including the quiet zone."""
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    size = size_mm * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    drawing.initialFontName = FONT_NAME  # else rendering selects (and references) Helvetica
    return drawing


class SplittableDrawing(Drawing):
    """A Drawing that platypus may split across pages at chosen heights.

    `cuts` are distances from the top edge, in points, where the picture can
    be cut without slicing through content (for a flowchart: between boxes).
    When the drawing does not fit the rest of a page, the part above the
    lowest fitting cut stays on this page and the remainder moves on.
    """

    def __init__(self, width: float, height: float, *nodes, cuts: Iterable[float] = (), **keywords):
        super().__init__(width, height, *nodes, **keywords)
        self.initialFontName = FONT_NAME  # else rendering selects (and references) Helvetica
        self._cuts = tuple(sorted(cuts))

    def split(self, availWidth, availHeight):
        return _DrawingSlice(self, 0, self.height).split(availWidth, availHeight)


class _DrawingSlice(Flowable):
    """The horizontal band [top, bottom) (points from the top) of a SplittableDrawing."""

    def __init__(self, drawing: SplittableDrawing, top: float, bottom: float):
        super().__init__()
        self.drawing = drawing
        self.top = top
        self.bottom = bottom
        self.width = drawing.width
        self.height = bottom - top
        self.hAlign = drawing.hAlign

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def split(self, availWidth, availHeight):
        fitting = [
            cut for cut in self.drawing._cuts if self.top < cut < self.bottom and cut - self.top <= availHeight
        ]
        if not fitting:
            return []
        cut = fitting[-1]
        return [_DrawingSlice(self.drawing, self.top, cut), _DrawingSlice(self.drawing, cut, self.bottom)]

    def draw(self):
        canv = self.canv
        canv.saveState()
        clip = canv.beginPath()
        clip.rect(0, 0, self.width, self.height)
        canv.clipPath(clip, stroke=0, fill=0)
        renderPDF.draw(self.drawing, canv, 0, self.bottom - self.drawing.height)
        canv.restoreState()


def format_date(day: datetime.date) -> str:
    """A date the way Chinese documents print it: 2025年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


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


# --- Tables shared by every document ---------------------------------------

GRID_COLOR = colors.HexColor("#555555")
SHADE_COLOR = colors.HexColor("#eeeeee")


def grid_style(padding: float = 4) -> list[tuple]:
    """Thin grid lines, vertically centred cells."""
    return [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
    ]


def key_value_table(pairs: list[tuple[str, str]], label_width: float = 30 * mm) -> Table:
    """Label | value rows with the labels shaded (办理地点, 办理时间 …)."""
    cell = styles()["cell"]
    return Table(
        [[para(label, cell), para(value, cell)] for label, value in pairs],
        colWidths=[label_width, FRAME_WIDTH - label_width],
        style=table_style(*grid_style(), ("BACKGROUND", (0, 0), (0, -1), SHADE_COLOR)),
    )


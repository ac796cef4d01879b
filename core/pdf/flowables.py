"""Flowables any document may use: a drawing that splits across pages, a
watermark, bold text, a minimum-height box and a large letter-spaced line."""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.platypus import ActionFlowable, Flowable, Paragraph

from .layout import PAGE_SIZE, TEXT_COLOR
from .text import FONT_NAME, draw_text, font_runs, text_width

WATERMARK_COLOR = colors.HexColor("#888888")
WATERMARK_ALPHA = 0.16


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


class Watermark(ActionFlowable):
    """Put at the start of a story: draws a big diagonal light-grey word over every page.

    build_pdf() has no page hook, so this hooks the page template's onPageEnd
    when platypus applies it (at the start of page 1). The word is drawn last,
    translucent, so that shaded table cells do not hide it.
    """

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def apply(self, doc):
        previous = doc.pageTemplate.onPageEnd

        def on_page_end(canv, document):
            previous(canv, document)
            self.draw_on(canv)

        doc.pageTemplate.onPageEnd = on_page_end

    def draw_on(self, canv) -> None:
        width, height = PAGE_SIZE
        size = 150
        canv.saveState()
        canv.setFillColor(WATERMARK_COLOR)
        canv.setFillAlpha(WATERMARK_ALPHA)
        canv.translate(width / 2, height / 2)
        canv.rotate(35)
        draw_text(canv, -text_width(self.text, size) / 2, -size * 0.35, self.text, size)
        canv.restoreState()


class BoldParagraph(Paragraph):
    """A Paragraph (of `markup()` text) drawn bold: the fonts have no bold face, so glyphs are also stroked."""

    def draw(self):
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(self.style.textColor)
        canv.setLineWidth(self.style.fontSize * 0.035)
        # Text render mode is graphics state: an empty text object sets "fill, then stroke" for
        # the Paragraph's own text objects, and restoreState() ends it.
        mode = canv.beginText()
        mode.setTextRenderMode(2)
        canv.drawText(mode)
        super().draw()
        canv.restoreState()


class MinHeight(Flowable):
    """A flowable (or nothing) in a box at least min_height tall, vertically centred."""

    def __init__(self, child: Flowable | None, min_height: float):
        super().__init__()
        self.child = child
        self.min_height = min_height
        self._child_height = 0

    def wrap(self, availWidth, availHeight):
        self._child_height = self.child.wrap(availWidth, availHeight)[1] if self.child else 0
        self.width = availWidth
        self.height = max(self.min_height, self._child_height)
        return self.width, self.height

    def draw(self):
        if self.child:
            self.child.drawOn(self.canv, 0, (self.height - self._child_height) / 2)


class SpacedText(Flowable):
    """One line of large, letter-spaced text, centred: a reference number to read out aloud."""

    def __init__(self, text: str, size: float = 24, spacing: float = 0.22):
        super().__init__()
        self.text = text
        self.size = size
        self.spacing = spacing

    def _measure(self, size: float) -> float:
        return text_width(self.text, size) + size * self.spacing * (len(self.text) - 1)

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        # Shrink a long reference to fit the line.
        while self.size > 10 and self._measure(self.size) > availWidth:
            self.size -= 1
        self.height = self.size * 1.3
        return self.width, self.height

    def draw(self):
        canv = self.canv
        x = (self.width - self._measure(self.size)) / 2
        canv.saveState()
        canv.setFillColor(TEXT_COLOR)
        canv.setStrokeColor(TEXT_COLOR)
        canv.setLineWidth(self.size * 0.03)
        text_object = canv.beginText(x, self.height * 0.25)
        text_object.setTextRenderMode(2)  # fill and stroke: a bold-looking number
        text_object.setCharSpace(self.size * self.spacing)
        for chunk, font in font_runs(self.text):
            text_object.setFont(font, self.size)
            text_object.textOut(chunk)
        text_object.setTextRenderMode(0)
        canv.drawText(text_object)
        canv.restoreState()

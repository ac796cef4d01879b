"""QR codes: a bare QR drawing, and a QR code with its caption and URL beside it."""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table

from .layout import FRAME_WIDTH, styles
from .tables import table_style
from .text import FONT_NAME, para


def qr_drawing(url: str, size_mm: float = 28) -> Drawing:
    """A QR code of url as a square Drawing, size_mm wide including the quiet zone."""
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    size = size_mm * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    drawing.initialFontName = FONT_NAME  # else rendering selects (and references) Helvetica
    return drawing


def qr_row(url: str, caption: str, size_mm: float = 24) -> Table:
    """The QR code of url at the left; the caption and, under it, the URL itself at the right."""
    s = styles()
    text = [para(caption, s["body"]), Spacer(1, 2), para(url, s["small"])]
    return Table(
        [[qr_drawing(url, size_mm), text]],
        colWidths=[(size_mm + 2) * mm, FRAME_WIDTH - (size_mm + 2) * mm],
        style=table_style(("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (0, 0), 0)),
    )

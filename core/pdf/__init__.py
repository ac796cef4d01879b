"""The PDF toolkit every printed document of the site is built with.

Handouts (办事指南打印版), paper application forms, receipts and case notices
share one font set-up, one set of paragraph styles and one page frame (A4,
footer with the centre name, print date and "第 N 页 / 共 M 页"):

* `core.pdf.text`: the fonts, mixed CJK/Latin runs, Paragraph markup, line wrapping;
* `core.pdf.layout`: page frame, styles, `keep_together()`, footer and `build_pdf()`;
* `core.pdf.tables`: the grid style, key/value tables, tables with a header row;
* `core.pdf.qr`: QR codes, alone or with a caption;
* `core.pdf.flowables`: splittable drawings, watermark, bold text and other flowables.

Their public names are re-exported here: `from core.pdf import para, build_pdf`.
Each document lives in the app that owns it: guides/pdf.py (handout),
forms/pdf.py (blank and sample form), cases/receipt.py (在线申报回执) and
cases/documents.py (受理/不予受理/补正 notices, the submitted application).

Nothing here touches Django, so documents can be built and tested without a
database or settings.
"""

from .flowables import BoldParagraph, MinHeight, SpacedText, SplittableDrawing, Watermark
from .layout import (
    FRAME_HEIGHT,
    FRAME_WIDTH,
    MIN_SECTION_START,
    PAGE_SIZE,
    RULE_COLOR,
    TEXT_COLOR,
    build_pdf,
    derived_style,
    flowable_height,
    format_date,
    keep_together,
    styles,
)
from .qr import qr_drawing, qr_row
from .tables import GRID_COLOR, SHADE_COLOR, column_widths, grid_style, header_table, key_value_table, table_style
from .text import (
    FONT_NAME,
    FONT_PATH,
    LATIN_FONT_FILE,
    LATIN_FONT_NAME,
    NO_LINE_START,
    draw_text,
    ensure_font,
    font_runs,
    markup,
    para,
    text_width,
    wrap_lines,
)

__all__ = [
    "FONT_NAME", "FONT_PATH", "FRAME_HEIGHT", "FRAME_WIDTH", "GRID_COLOR", "LATIN_FONT_FILE", "LATIN_FONT_NAME",
    "MIN_SECTION_START", "NO_LINE_START", "PAGE_SIZE", "RULE_COLOR", "SHADE_COLOR", "TEXT_COLOR",
    "BoldParagraph", "MinHeight", "SpacedText", "SplittableDrawing", "Watermark",
    "build_pdf", "column_widths", "draw_text", "ensure_font", "flowable_height", "font_runs", "format_date",
    "grid_style", "header_table", "keep_together", "key_value_table", "markup", "para", "qr_drawing", "qr_row",
    "derived_style", "styles", "table_style", "text_width", "wrap_lines",
]

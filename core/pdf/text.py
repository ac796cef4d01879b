"""Text in PDFs: the fonts, mixed CJK/Latin runs, Paragraph markup and line wrapping.

The CJK font is Droid Sans Fallback (core/fonts, Apache-2.0). It has no
glyphs for ASCII letters, digits or Latin punctuation, so every text is split
into runs and the runs the CJK font cannot show are set in Bitstream Vera,
which ships inside reportlab. Both are TrueType fonts, which reportlab embeds
as subsets holding only the glyphs a document uses. Use `para()` for
Paragraphs and `font_runs()` / `draw_text()` when drawing strings yourself;
all of them do the split.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

FONT_NAME = "DroidSansFallback"
FONT_PATH = Path(__file__).resolve().parent.parent / "fonts" / "DroidSansFallbackFull.ttf"
# Bitstream Vera, bundled with reportlab, for the characters the CJK font lacks.
LATIN_FONT_NAME = "Vera"
LATIN_FONT_FILE = "Vera.ttf"

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


def draw_text(
    canv: Canvas, x: float, y: float, text: str, size: float, anchor: str = "start", *, invisible: bool = False
) -> None:
    """Draw one line of mixed CJK/Latin text on a canvas; anchor is start, middle or end.

    Invisible text (render mode 3) is there for text extraction, copy and
    paste and screen readers only.
    """
    if anchor == "middle":
        x -= text_width(text, size) / 2
    elif anchor == "end":
        x -= text_width(text, size)
    canv.saveState()
    # One text object for all runs, so text extraction sees one line.
    text_object = canv.beginText(x, y)
    if invisible:
        text_object.setTextRenderMode(3)
    for chunk, font in font_runs(text):
        text_object.setFont(font, size)
        text_object.textOut(chunk)
    canv.drawText(text_object)
    canv.restoreState()


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


# --- line wrapping --------------------------------------------------------------

# Characters that must not begin a line.
NO_LINE_START = frozenset("，。、；：？！）》」』】〉…—,.;:?!)]}%")
# A Latin word or number (kept whole when wrapping), a run of spaces, or one other character.
_TOKEN = re.compile(r"[!-~]+| +|.", re.S)


def wrap_lines(text: str, size: float, max_width: float, measure: Callable[[str, float], float] = text_width) -> list[str]:
    """Break text into lines no wider than max_width, each newline starting a new line.

    Chinese breaks between any two characters, Latin words (runs of ASCII
    such as "8:30-12:00") only at spaces unless wider than a line, and a
    closing punctuation mark takes the character before it to the next line
    rather than starting a line on its own. `measure(text, size)` gives
    widths: the real font metrics by default; the flowchart passes an
    estimate that also holds for the browser's fonts.
    """
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        lines += _wrap_paragraph(paragraph, size, max_width, measure) or [""]
    return lines


def _wrap_paragraph(text: str, size: float, max_width: float, measure) -> list[str]:
    lines: list[str] = []
    line: list[str] = []
    width = 0.0
    for token in _tokens(text, size, max_width, measure):
        token_width = measure(token, size)
        if token.isspace():
            if line:
                line.append(token)
                width += token_width
            continue
        if line and width + token_width > max_width:
            carried = [line.pop()] if token[0] in NO_LINE_START and len(line) > 1 else []
            lines.append("".join(line).rstrip())
            line = carried
            width = measure("".join(line), size)
        line.append(token)
        width += token_width
    if line:
        lines.append("".join(line).rstrip())
    return lines


def _tokens(text: str, size: float, max_width: float, measure) -> Iterable[str]:
    """Line-breaking units of text; a Latin word wider than a line is split into characters."""
    for token in _TOKEN.findall(text):
        if len(token) > 1 and not token.isspace() and measure(token, size) > max_width:
            yield from token
        else:
            yield token

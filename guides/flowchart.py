"""办理流程图: the flowchart of a service item's process steps.

`layout()` places everything once, as plain dataclasses in user units with
y growing downwards (SVG convention): one box per step (number badge, name,
actor, working days, description), an arrow between consecutive boxes, an
end node "办结" and the total line "承诺办结时限：N 个工作日". The two
renderers only translate those shapes:

* `render_svg()` into an inline, accessible <svg> for the web page;
* `draw_pdf()` into a reportlab Drawing for the printed handout.

Text is wrapped here, not by the renderers. Chinese has no spaces, so lines
are filled character by character against an estimated width (CJK glyphs
are one em wide; Latin words are kept whole), and closing punctuation is
never allowed to start a line.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics

from core.pdf import SplittableDrawing, font_runs, wrap_lines
from core.promise import format_days

# Layout width in user units; at 360 the SVG maps 1:1 onto a phone screen.
VIEW_WIDTH = 360
# Default width of the PDF drawing in points (the layout is scaled to it).
PDF_WIDTH = 300

SVG_FONT_FAMILY = (
    "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', "
    "'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Droid Sans Fallback', sans-serif"
)

TEXT_COLOR = "#111111"
MUTED_COLOR = "#333333"
STROKE_COLOR = "#222222"
PAPER_COLOR = "#ffffff"

NAME_SIZE = 17
META_SIZE = 14
BADGE_SIZE = 15
END_SIZE = 17
TOTAL_SIZE = 15
LEADING = 1.45  # line height as a multiple of the font size

STROKE_WIDTH = 1.5
EDGE = 2  # room around the boxes so their strokes are not clipped
PADDING = 12  # inside a box, above, below and right of the text
BADGE_RADIUS = 14
TEXT_INSET = 46  # from a box's left edge to its text column, right of the badge
NAME_GAP = 3  # between the step name and the lines below it
ARROW_GAP = 34  # vertical distance between boxes
ARROW_HEAD_LENGTH = 10
ARROW_HEAD_HALF_WIDTH = 6
END_WIDTH = 120
END_HEIGHT = 40
TOTAL_GAP = 8  # between the end node and the total line

END_LABEL = "办结"
ACTOR_LABEL = "承办："
DAYS_LABEL = "时限："
TOTAL_LABEL = "承诺办结时限："

# Characters XML does not allow, dropped from all input text.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Step:
    """One process step, normalised from the input mapping or object."""

    number: int
    name: str
    actor: str
    days: int | None
    description: str


@dataclass(frozen=True)
class Box:
    """A rectangle; radius > 0 rounds its corners."""

    x: float
    y: float
    width: float
    height: float
    radius: float = 0
    fill: str = PAPER_COLOR
    stroke: str = STROKE_COLOR
    stroke_width: float = STROKE_WIDTH


@dataclass(frozen=True)
class Dot:
    """A filled circle (the step number badge)."""

    cx: float
    cy: float
    r: float
    fill: str = STROKE_COLOR


@dataclass(frozen=True)
class Segment:
    """A straight line (an arrow's shaft)."""

    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = STROKE_COLOR
    stroke_width: float = STROKE_WIDTH


@dataclass(frozen=True)
class Triangle:
    """A filled polygon (an arrowhead)."""

    points: tuple[tuple[float, float], ...]
    fill: str = STROKE_COLOR


@dataclass(frozen=True)
class Label:
    """One line of text; y is the baseline, anchor is "start" or "middle"."""

    x: float
    y: float
    text: str
    size: float
    fill: str = TEXT_COLOR
    anchor: str = "start"
    bold: bool = False


Shape = Box | Dot | Segment | Triangle | Label


@dataclass(frozen=True)
class Layout:
    """A laid-out flowchart: shapes in paint order and where it may be cut across pages."""

    width: float
    height: float
    shapes: tuple[Shape, ...]
    cuts: tuple[float, ...]  # y positions between boxes, for page breaks in the PDF
    steps: tuple[Step, ...]
    total_days: int | None

    @property
    def empty(self) -> bool:
        return not self.steps


def layout(steps: Iterable, width: float = VIEW_WIDTH, *, total_days: int | None = None) -> Layout:
    """Lay out the flowchart of steps (mappings or objects) in a column `width` units wide.

    total_days is the promised time limit; when None it is the sum of the
    step days, and the total line is left out if any step has no days.
    """
    items = _normalise(steps)
    if not items:
        return Layout(width=width, height=0, shapes=(), cuts=(), steps=(), total_days=None)
    if total_days is None and all(step.days is not None for step in items):
        total_days = sum(step.days for step in items)

    shapes: list[Shape] = []
    cuts: list[float] = []
    centre = width / 2
    box_x = EDGE
    box_width = width - 2 * EDGE
    text_x = box_x + TEXT_INSET
    text_width = box_x + box_width - PADDING - text_x

    y = EDGE
    for index, step in enumerate(items):
        if index:
            y = _arrow(shapes, centre, y, cuts)
        y = _step_box(shapes, step, box_x, box_width, text_x, text_width, y)

    y = _arrow(shapes, centre, y, cuts)
    shapes.append(Box(centre - END_WIDTH / 2, y, END_WIDTH, END_HEIGHT, radius=END_HEIGHT / 2, stroke_width=2))
    shapes.append(Label(centre, _baseline(y, END_HEIGHT, END_SIZE), END_LABEL, END_SIZE, anchor="middle", bold=True))
    y += END_HEIGHT

    if total_days is not None:
        total_lines = wrap(TOTAL_LABEL + format_days(total_days), TOTAL_SIZE, box_width)
        y = _lines(shapes, total_lines, centre, y + TOTAL_GAP, TOTAL_SIZE, TEXT_COLOR, bold=True, anchor="middle")

    return Layout(
        width=width,
        height=y + EDGE,
        shapes=tuple(shapes),
        cuts=tuple(cuts),
        steps=tuple(items),
        total_days=total_days,
    )


def _step_box(shapes, step: Step, box_x, box_width, text_x, text_width, top) -> float:
    """Append the box of one step at `top`; return its bottom."""
    texts: list[Label] = []
    y = top + PADDING
    name_lines = wrap(step.name, NAME_SIZE, text_width)
    first_line_middle = y + NAME_SIZE * LEADING / 2
    y = _lines(texts, name_lines, text_x, y, NAME_SIZE, TEXT_COLOR, bold=True)

    meta = _meta_lines(step, text_width)
    if meta or step.description:
        y += NAME_GAP
    y = _lines(texts, meta, text_x, y, META_SIZE, TEXT_COLOR)
    y = _lines(texts, wrap(step.description, META_SIZE, text_width), text_x, y, META_SIZE, MUTED_COLOR)
    bottom = max(y + PADDING, first_line_middle + BADGE_RADIUS + PADDING)

    shapes.append(Box(box_x, top, box_width, bottom - top, radius=6))
    badge_x = box_x + PADDING + BADGE_RADIUS
    shapes.append(Dot(badge_x, first_line_middle, BADGE_RADIUS))
    shapes.append(
        Label(badge_x, first_line_middle + BADGE_SIZE * 0.36, str(step.number), BADGE_SIZE,
              fill=PAPER_COLOR, anchor="middle", bold=True)
    )
    shapes.extend(texts)
    return bottom


def _meta_lines(step: Step, text_width: float) -> list[str]:
    """The actor and days lines: side by side when they fit, else one under the other."""
    parts = []
    if step.actor:
        parts.append(ACTOR_LABEL + step.actor)
    if step.days is not None:
        parts.append(DAYS_LABEL + format_days(step.days))
    together = "\u3000".join(parts)
    if measure(together, META_SIZE) <= text_width:
        return [together] if together else []
    return [line for part in parts for line in wrap(part, META_SIZE, text_width)]


def _lines(texts: list, lines: list[str], x, y, size, fill, bold=False, anchor="start") -> float:
    """Append lines of text starting at y (top of the first line); return the y below them."""
    line_height = size * LEADING
    for line in lines:
        texts.append(Label(x, _baseline(y, line_height, size), line, size, fill=fill, anchor=anchor, bold=bold))
        y += line_height
    return y


def _baseline(top: float, height: float, size: float) -> float:
    """Baseline that centres a line of `size` text vertically in a band of `height`."""
    return top + height / 2 + size * 0.36


def _arrow(shapes, x, top, cuts) -> float:
    """Append a downward arrow starting at top; record the cut in its middle; return its tip."""
    tip = top + ARROW_GAP
    shapes.append(Segment(x, top, x, tip - ARROW_HEAD_LENGTH + 1))
    shapes.append(
        Triangle(((x, tip), (x - ARROW_HEAD_HALF_WIDTH, tip - ARROW_HEAD_LENGTH),
                  (x + ARROW_HEAD_HALF_WIDTH, tip - ARROW_HEAD_LENGTH)))
    )
    cuts.append(top + ARROW_GAP / 2)
    return tip


# --- text -----------------------------------------------------------------


def measure(text: str, size: float) -> float:
    """Estimated width of text at size: 1 em for CJK (and ambiguous) characters, less for Latin.

    The Latin estimate is on the generous side of common fonts, so a line
    that fits here also fits in the browser's font and in the PDF's.
    """
    em = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F", "A"):
            em += 1.0
        elif char == " ":
            em += 0.32
        else:
            em += 0.64
    return em * size


def wrap(text: str, size: float, max_width: float) -> list[str]:
    """Break one line of text into lines no wider than max_width by `measure`
    (the toolkit's `wrap_lines` with this module's width estimate)."""
    return [line for line in wrap_lines(text, size, max_width, measure) if line]


def _clean(value) -> str:
    """Input text as one line: None as "", whitespace collapsed, XML-invalid characters dropped."""
    if value is None:
        return ""
    return " ".join(_XML_INVALID.sub("", str(value)).split())


def _days(value) -> int | None:
    """Working days as an int; None when missing or not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _normalise(steps: Iterable | None) -> list[Step]:
    """Steps as `Step`s, numbered from 1; accepts mappings or objects with attributes."""
    items = []
    for step in steps or ():
        get = step.get if isinstance(step, Mapping) else lambda key, s=step: getattr(s, key, None)
        items.append(
            Step(
                number=len(items) + 1,
                name=_clean(get("name")),
                actor=_clean(get("actor")),
                days=_days(get("days")),
                description=_clean(get("description")),
            )
        )
    return items


def describe(plan: Layout) -> str:
    """The flowchart as one sentence, for screen readers (the SVG <desc>)."""
    parts = []
    for step in plan.steps:
        details = "，".join(filter(None, [step.actor, format_days(step.days)]))
        text = f"第 {step.number} 步 {step.name}"
        if details:
            text += f"（{details}）"
        if step.description:
            text += f"：{step.description}"
        parts.append(text)
    parts.append(END_LABEL)
    summary = "；".join(parts) + "。"
    if plan.total_days is not None:
        summary += TOTAL_LABEL + format_days(plan.total_days) + "。"
    return summary


# --- SVG ------------------------------------------------------------------


def render_svg(steps: Iterable, *, total_days: int | None = None, title: str = "办理流程图", text_scale: float = 1) -> str:
    """The flowchart as an inline <svg> element ("" when there are no steps).

    It scales to its container (width="100%" with a viewBox 360 units wide,
    so text is at least 14 px on a phone), is labelled for screen readers
    by its <title> and a <desc> listing the steps, and uses dark strokes on
    white so it prints well. `text_scale` > 1 (large-text mode) lays the
    chart out on a narrower viewBox, so in the same space every text is that
    much larger and wraps sooner.
    """
    plan = layout(steps, VIEW_WIDTH / text_scale, total_days=total_days)
    if plan.empty:
        return ""
    title = _clean(title)
    summary = describe(plan)
    uid = "flowchart-" + hashlib.sha1(f"{title}\n{summary}".encode()).hexdigest()[:10]
    body = "".join(_svg_shape(shape) for shape in plan.shapes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="flowchart"'
        f' viewBox="0 0 {_num(plan.width)} {_num(plan.height)}" width="100%"'
        f' role="img" aria-labelledby="{uid}-title {uid}-desc"'
        f" font-family={quoteattr(SVG_FONT_FAMILY)}>"
        f'<title id="{uid}-title">{escape(title)}</title>'
        f'<desc id="{uid}-desc">{escape(summary)}</desc>'
        f"{body}</svg>"
    )


def _svg_shape(shape: Shape) -> str:
    if isinstance(shape, Box):
        radius = f' rx="{_num(shape.radius)}"' if shape.radius else ""
        return (
            f'<rect x="{_num(shape.x)}" y="{_num(shape.y)}" width="{_num(shape.width)}"'
            f' height="{_num(shape.height)}"{radius} fill="{shape.fill}" stroke="{shape.stroke}"'
            f' stroke-width="{_num(shape.stroke_width)}"/>'
        )
    if isinstance(shape, Dot):
        return f'<circle cx="{_num(shape.cx)}" cy="{_num(shape.cy)}" r="{_num(shape.r)}" fill="{shape.fill}"/>'
    if isinstance(shape, Segment):
        return (
            f'<line x1="{_num(shape.x1)}" y1="{_num(shape.y1)}" x2="{_num(shape.x2)}" y2="{_num(shape.y2)}"'
            f' stroke="{shape.stroke}" stroke-width="{_num(shape.stroke_width)}"/>'
        )
    if isinstance(shape, Triangle):
        points = " ".join(f"{_num(x)},{_num(y)}" for x, y in shape.points)
        return f'<polygon points="{points}" fill="{shape.fill}"/>'
    weight = ' font-weight="bold"' if shape.bold else ""
    anchor = ' text-anchor="middle"' if shape.anchor == "middle" else ""
    return (
        f'<text x="{_num(shape.x)}" y="{_num(shape.y)}" font-size="{_num(shape.size)}"'
        f' fill="{shape.fill}"{anchor}{weight}>{escape(shape.text)}</text>'
    )


def _num(value: float) -> str:
    """A coordinate for SVG: at most one decimal, no trailing zeros."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


# --- PDF ------------------------------------------------------------------


def draw_pdf(steps: Iterable, *, total_days: int | None = None, width: float = PDF_WIDTH) -> Drawing:
    """The flowchart as a reportlab Drawing `width` points wide, for platypus stories.

    It is the SVG layout scaled to width. The Drawing can be split across
    pages between two steps. The PDF fonts have no bold face, so labels
    drawn bold in the SVG are regular here.
    """
    plan = layout(steps, total_days=total_days)
    scale = width / plan.width
    group = Group(*_pdf_shapes(plan), transform=(scale, 0, 0, scale, 0, 0))
    drawing = SplittableDrawing(width, plan.height * scale, group, cuts=[cut * scale for cut in plan.cuts])
    drawing.hAlign = "CENTER"
    return drawing


def _pdf_shapes(plan: Layout) -> list:
    """reportlab shapes for the layout, with y flipped (PDF y grows upwards)."""
    height = plan.height
    shapes = []
    for shape in plan.shapes:
        if isinstance(shape, Box):
            shapes.append(
                Rect(shape.x, height - shape.y - shape.height, shape.width, shape.height,
                     rx=shape.radius, ry=shape.radius, fillColor=colors.HexColor(shape.fill),
                     strokeColor=colors.HexColor(shape.stroke), strokeWidth=shape.stroke_width)
            )
        elif isinstance(shape, Dot):
            shapes.append(Circle(shape.cx, height - shape.cy, shape.r, fillColor=colors.HexColor(shape.fill),
                                 strokeColor=None))
        elif isinstance(shape, Segment):
            shapes.append(Line(shape.x1, height - shape.y1, shape.x2, height - shape.y2,
                               strokeColor=colors.HexColor(shape.stroke), strokeWidth=shape.stroke_width))
        elif isinstance(shape, Triangle):
            points = [coordinate for x, y in shape.points for coordinate in (x, height - y)]
            shapes.append(Polygon(points, fillColor=colors.HexColor(shape.fill), strokeColor=None))
        else:
            shapes.extend(_pdf_label(shape, height))
    return shapes


def _pdf_label(label: Label, height: float) -> list[String]:
    """One String per font run of the label (the CJK font has no Latin glyphs)."""
    runs = [(chunk, font, pdfmetrics.stringWidth(chunk, font, label.size)) for chunk, font in font_runs(label.text)]
    x = label.x
    if label.anchor == "middle":
        x -= sum(run_width for _, _, run_width in runs) / 2
    strings = []
    for chunk, font, run_width in runs:
        strings.append(String(x, height - label.y, chunk, fontName=font, fontSize=label.size,
                              fillColor=colors.HexColor(label.fill)))
        x += run_width
    return strings

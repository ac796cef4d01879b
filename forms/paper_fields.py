"""The parts of a paper form that residents write on: character cells, ruled
lines, number boxes, blanks and tick boxes, each showing the sample answer in
blue-black "ink" on a 样表.

Neither font has the ballot box characters (□ ■ ☑ ✓ are missing from Droid
Sans Fallback and from Vera), so boxes, cells and ticks are drawn as vector
graphics. A ticked option also carries the invisible text "（已选）", so that
text extraction, copy and paste and screen readers can tell which option the
sample chose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from core.pdf import GRID_COLOR, TEXT_COLOR, derived_style, draw_text, para, styles, text_width, wrap_lines

RULE_COLOR = colors.HexColor("#b0b0b0")  # the writing lines of a textarea
# Sample values are printed in a blue-black "ink", so the filled-in part of a
# 样表 stands apart from the printed form.
INK_COLOR = colors.HexColor("#1a3a8c")

VALUE_SIZE = 11  # sample values
LINE_HEIGHT = 9 * mm  # a one-line box for handwriting
RULE_PITCH = 8 * mm  # distance between the writing lines of a textarea
CHAR_CELL_WIDTH = 6.6 * mm  # the cells of 身份证号, 信用代码 and 手机号码
CHAR_CELL_HEIGHT = 8 * mm
NUMBER_BOX_WIDTH = 42 * mm
TICK_BOX = 3.6 * mm
TICK_ROW = 7 * mm  # height of one row of tick-box options
TICK_TEXT_LEADING = 4.8 * mm  # between the lines of a wrapped option
CHECKED_MARK = "（已选）"


class CharCells(Flowable):
    """A row of character cells (身份证号, 信用代码, 手机号码), one character to a cell."""

    def __init__(self, count: int, groups: Iterable[int], value: str = ""):
        super().__init__()
        self.count = count
        self.groups = tuple(groups)
        self.value = value.replace(" ", "")

    def wrap(self, availWidth, availHeight):
        self.cell_width = min(CHAR_CELL_WIDTH, availWidth / self.count)
        self.width = self.cell_width * self.count
        self.height = CHAR_CELL_HEIGHT
        return self.width, self.height

    def draw(self):
        canv = self.canv
        w, h = self.cell_width, self.height
        canv.saveState()
        canv.setStrokeColor(GRID_COLOR)
        canv.setLineWidth(0.6)
        canv.rect(0, 0, self.width, h)
        for i in range(1, self.count):
            canv.setLineWidth(1.4 if i in self.groups else 0.5)
            canv.line(i * w, 0, i * w, h)
        canv.setFillColor(INK_COLOR)
        size = VALUE_SIZE + 1
        for i, char in enumerate(self.value[: self.count]):
            draw_text(canv, (i + 0.5) * w - text_width(char, size) / 2, h / 2 - size * 0.36, char, size)
        canv.restoreState()


class RuledLines(Flowable):
    """A textarea: writing lines RULE_PITCH apart, with the sample text written on them."""

    def __init__(self, lines: int, value: str = ""):
        super().__init__()
        self.min_lines = lines
        self.value = value

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.text_lines = wrap_lines(self.value, VALUE_SIZE, availWidth - 4) if self.value else []
        self.height = max(self.min_lines, len(self.text_lines)) * RULE_PITCH
        return self.width, self.height

    def draw(self):
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(RULE_COLOR)
        canv.setLineWidth(0.5)
        canv.setDash(1.5, 2)
        rows = round(self.height / RULE_PITCH)
        for row in range(1, rows):  # the cell's own bottom edge is the last line
            y = self.height - row * RULE_PITCH
            canv.line(0, y, self.width, y)
        canv.setFillColor(INK_COLOR)
        for row, line in enumerate(self.text_lines, start=1):
            draw_text(canv, 2, self.height - row * RULE_PITCH + 2.2 * mm, line, VALUE_SIZE)
        canv.restoreState()


class NumberBox(Flowable):
    """A short box for a number, followed by its unit (元, 亩 …) when the label names one."""

    def __init__(self, value: str = "", unit: str = ""):
        super().__init__()
        self.value = value
        self.unit = unit

    def wrap(self, availWidth, availHeight):
        self.width = min(availWidth, NUMBER_BOX_WIDTH + 4 + text_width(self.unit, 10.5))
        self.height = CHAR_CELL_HEIGHT
        return self.width, self.height

    def draw(self):
        canv = self.canv
        box = min(NUMBER_BOX_WIDTH, self.width)
        canv.saveState()
        canv.setStrokeColor(GRID_COLOR)
        canv.setLineWidth(0.6)
        canv.rect(0, 0, box, self.height)
        canv.setFillColor(TEXT_COLOR)
        if self.unit:
            draw_text(canv, box + 4, self.height / 2 - 10.5 * 0.36, self.unit, 10.5)
        if self.value:
            canv.setFillColor(INK_COLOR)
            draw_text(canv, 2 * mm, self.height / 2 - VALUE_SIZE * 0.36, self.value, VALUE_SIZE)
        canv.restoreState()


class Blanks(Flowable):
    """One line of text and blanks to write on: ("text", str) and ("blank", width, value) parts.

    A blank is an underline with its value (on a sample) written above it.
    """

    def __init__(self, parts: list[tuple], size: float = 10.5, height: float = LINE_HEIGHT):
        super().__init__()
        self.parts = parts
        self.size = size
        self.height = height

    def wrap(self, availWidth, availHeight):
        self.width = sum(self._part_width(part) for part in self.parts)
        return self.width, self.height

    def _part_width(self, part) -> float:
        return text_width(part[1], self.size) if part[0] == "text" else part[1]

    def draw(self):
        canv = self.canv
        baseline = 2.2 * mm
        x = 0.0
        canv.saveState()
        canv.setStrokeColor(TEXT_COLOR)
        canv.setLineWidth(0.6)
        for part in self.parts:
            width = self._part_width(part)
            if part[0] == "text":
                canv.setFillColor(TEXT_COLOR)
                draw_text(canv, x, baseline, part[1], self.size)
            else:
                canv.line(x + 1, baseline - 1.5, x + width - 1, baseline - 1.5)
                value = part[2]
                if value:
                    canv.setFillColor(INK_COLOR)
                    draw_text(canv, x + (width - text_width(value, self.size)) / 2, baseline + 1, value, self.size)
            x += width
        canv.restoreState()


class TickOptions(Flowable):
    """Options with a tick box each, set on a grid of tab stops so that they line up.

    An option takes as many tab stops as its width needs; one too wide for
    the cell gets a line of its own and wraps. Ticked options get a drawn
    tick (the fonts have no ☑) and the invisible text "（已选）".
    """

    TAB = 30 * mm
    GAP = 1.6 * mm  # between a box and its text
    SIZE = 10

    def __init__(self, options: list[str], checked: set[str]):
        super().__init__()
        self.options = options
        self.checked = checked

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        tabs = max(1, int(availWidth // self.TAB))
        tab = availWidth / tabs
        text_room = availWidth - TICK_BOX - self.GAP
        self.items: list[tuple[float, float, list[str], bool]] = []  # x, y from top, lines, ticked
        used = 0
        row_top = 0.0
        row_height = 0.0
        for option in self.options:
            natural = TICK_BOX + self.GAP + text_width(option, self.SIZE) + 3 * mm
            lines = [option] if natural <= availWidth else wrap_lines(option, self.SIZE, text_room)
            span = min(tabs, max(1, -(-natural // tab)))
            if used and used + span > tabs:
                row_top += row_height
                used, row_height = 0, 0.0
            self.items.append((used * tab, row_top, lines, option in self.checked))
            used += span
            row_height = max(row_height, TICK_ROW + (len(lines) - 1) * TICK_TEXT_LEADING)
        self.height = row_top + row_height
        return self.width, self.height

    def draw(self):
        canv = self.canv
        canv.saveState()
        for x, top, lines, ticked in self.items:
            first_baseline = self.height - top - TICK_ROW / 2 - self.SIZE * 0.36
            box_y = first_baseline + self.SIZE * 0.36 - TICK_BOX / 2
            canv.setStrokeColor(TEXT_COLOR)
            canv.setLineWidth(0.7)
            canv.rect(x, box_y, TICK_BOX, TICK_BOX)
            text_x = x + TICK_BOX + self.GAP
            canv.setFillColor(TEXT_COLOR)
            for n, line in enumerate(lines):
                draw_text(canv, text_x, first_baseline - n * TICK_TEXT_LEADING, line, self.SIZE)
            if ticked:
                draw_tick(canv, x, box_y, TICK_BOX)
                end = text_x + text_width(lines[-1], self.SIZE)
                draw_text(canv, end, first_baseline - (len(lines) - 1) * TICK_TEXT_LEADING,
                           CHECKED_MARK, self.SIZE, invisible=True)
        canv.restoreState()


def draw_tick(canv, x: float, y: float, box: float) -> None:
    """A hand-drawn-looking tick over the box at (x, y)."""
    canv.saveState()
    canv.setStrokeColor(INK_COLOR)
    canv.setLineWidth(1.5)
    canv.setLineCap(1)
    canv.setLineJoin(1)
    path = canv.beginPath()
    path.moveTo(x + box * 0.18, y + box * 0.55)
    path.lineTo(x + box * 0.42, y + box * 0.2)
    path.lineTo(x + box * 1.05, y + box * 1.1)
    canv.drawPath(path, stroke=1, fill=0)
    canv.restoreState()


def ink_para(value: str) -> Paragraph:
    """A sample value as a Paragraph in ink."""
    return para(value, derived_style("ink", styles()["cell"], fontSize=VALUE_SIZE, leading=15, textColor=INK_COLOR))


def cell_ink_para(value: str) -> Paragraph:
    """A sample value in ink, small enough for a cell of a table (a repeating group's row)."""
    return para(value, derived_style("cell_ink", styles()["cell"], fontSize=9.5, leading=12, textColor=INK_COLOR))


def date_parts(value: str) -> list[tuple]:
    """____年____月____日 as `Blanks` parts, with the parts of an ISO date written in on a sample."""
    year = month = day = ""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value or "")
    if match:
        year, month, day = match.group(1), str(int(match.group(2))), str(int(match.group(3)))
    return [("blank", 18 * mm, year), ("text", "年"), ("blank", 11 * mm, month), ("text", "月"),
            ("blank", 11 * mm, day), ("text", "日")]

"""Tables of every document: one grid style, a key/value table and a table with a header row.

Table sets a font for every cell, even one holding a Paragraph or a Drawing;
left at reportlab's default, that would add an unembedded Helvetica to the
document, so every style goes through `table_style()`.
"""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from .layout import FRAME_WIDTH, styles
from .text import FONT_NAME, para

GRID_COLOR = colors.HexColor("#555555")
SHADE_COLOR = colors.HexColor("#eeeeee")


def table_style(*commands: tuple) -> TableStyle:
    """A TableStyle with the given commands whose cell font is the CJK font."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT_NAME), *commands])


def grid_style(padding: float = 4) -> list[tuple]:
    """Thin grid lines, vertically centred cells."""
    return [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
    ]


def key_value_table(pairs: Iterable[tuple[str, str]], label_width: float = 30 * mm) -> Table:
    """Label | value rows with the labels shaded (办理地点, 办理时间 …)."""
    cell = styles()["cell"]
    return Table(
        [[para(label, cell), para(value, cell)] for label, value in pairs],
        colWidths=[label_width, FRAME_WIDTH - label_width],
        style=table_style(*grid_style(), ("BACKGROUND", (0, 0), (0, -1), SHADE_COLOR)),
    )


def column_widths(columns: Iterable[tuple[str, float | None]]) -> list[float]:
    """Widths of (header, width in mm) columns; the one width None gets what is left of the frame."""
    columns = list(columns)
    fixed = sum(width * mm for _, width in columns if width is not None)
    return [FRAME_WIDTH - fixed if width is None else width * mm for _, width in columns]


def header_table(
    columns: Iterable[tuple[str, float | None]],
    rows: list[list],
    *,
    centred: Iterable[int] = (),
    padding: float = 4,
) -> Table:
    """A grid table with a shaded header row repeated across pages.

    columns are (header, width in mm), see `column_widths`. A cell given as
    text becomes a Paragraph (centred in the `centred` columns); a cell given
    as flowables is used as it is.
    """
    s = styles()
    columns = list(columns)
    centred = set(centred)
    data = [[para(header, s["cell_centred"]) for header, _ in columns]]
    for row in rows:
        data.append([
            para(value, s["cell_centred"] if i in centred else s["cell"]) if isinstance(value, str) else value
            for i, value in enumerate(row)
        ])
    style = grid_style(padding) + [("BACKGROUND", (0, 0), (-1, 0), SHADE_COLOR)]
    return Table(data, colWidths=column_widths(columns), repeatRows=1, style=table_style(*style))
